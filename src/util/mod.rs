//! Small helpers every room may use and that use no room: text cut to fit, "did you
//! mean", hexadecimal digests, the signals long tasks look at between steps, and how a
//! killed writer's leftover files are told from a live one's.

mod hex;
pub mod leftover;
pub mod signals;
pub mod suggest;
pub mod text;

pub use hex::hex;
