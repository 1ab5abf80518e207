//! Small helpers every room may use and that use no room: text cut to fit, "did you
//! mean", hexadecimal digests, and the signals long tasks look at between steps.

mod hex;
pub mod signals;
pub mod suggest;
pub mod text;

pub use hex::hex;
