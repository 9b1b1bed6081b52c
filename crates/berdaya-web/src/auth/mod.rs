//! Who is asking: sessions for people, tokens for programs, CSRF for forms.

pub mod csrf;
pub mod password;
pub mod session;

pub use csrf::CsrfForm;
pub use session::{ApiCtx, Ctx};
