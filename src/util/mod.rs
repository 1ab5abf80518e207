//! Small helpers every room may use and that use no room: text cut to fit, lengths
//! written for people, "did you mean", hexadecimal digests, the signals long tasks look at between steps, opening
//! only regular files, language tags, how a killed writer's leftover files are told from a
//! live one's, how the allocator treats large buffers, and the wall clock in the local zone.

pub mod alloc;
pub mod clock;
pub mod file;
mod hex;
pub mod language;
pub mod leftover;
pub mod length;
pub mod signals;
pub mod suggest;
pub mod text;

pub use hex::hex;
