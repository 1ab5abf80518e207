//! Small helpers every room may use and that use no room: text cut to fit, lengths
//! written for people, "did you mean", hexadecimal digests, the signals long tasks look at between steps, opening
//! only regular files, language tags, and how a killed writer's leftover files are told from a live one's.

pub mod file;
mod hex;
pub mod language;
pub mod leftover;
pub mod length;
pub mod signals;
pub mod suggest;
pub mod text;

pub use hex::hex;
