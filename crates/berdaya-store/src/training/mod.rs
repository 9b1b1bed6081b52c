//! Training (pelatihan): programs, batches (angkatan) with sessions and real costs,
//! participants with selection and waitlist, attendance, certificates, evaluations and
//! follow-ups. Every table carries the region of the organising agency, so the scope filter
//! is the same as everywhere else.

pub mod attendance;
pub mod batches;
pub mod certificates;
pub mod followups;
pub mod participants;
pub mod programs;
pub mod rules;

pub use batches::{Batch, Cost, Session};
pub use participants::Participant;
pub use programs::Program;
