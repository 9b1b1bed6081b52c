//! The `berdaya` binary: command line, configuration and start-up wiring only.

pub mod backup;
pub mod cli;
pub mod demo;
pub mod demo_complaints;
pub mod demo_aid;
pub mod demo_training;
pub mod import;
pub mod settings;
