//! What the commands share: arguments declared once, how a command fails and with which
//! exit code, writing to standard output, and the journal commands' common steps.

pub mod args;
pub mod fail;
pub mod out;
pub mod practice;

pub use fail::Fail;
