//! What the commands share: arguments declared once, how a command fails and with which
//! exit code, writing to standard output, where an output file goes ([`target`]), and the
//! journal commands' common steps.

pub mod args;
pub mod candidates;
pub mod exit;
pub mod fail;
pub mod file_format;
pub mod out;
pub mod practice;
pub mod sitting;
pub mod target;

pub use exit::Exit;
pub use fail::Fail;
