//! Small helpers every room may use and that use no room: text cut to fit, "did you
//! mean", hexadecimal digests, the signals long tasks look at between steps, and opening
//! only regular files.

pub mod file;
mod hex;
pub mod signals;
pub mod suggest;
pub mod text;

pub use hex::hex;
