//! Live playback, in three parts that talk only through atomics and lock-free queues: the
//! [`Playback`] the audio thread runs, the [`Controls`] the player steers it with, and the
//! [`Loader`] thread that decodes clips shortly before they play and lets them go after.

mod controls;
mod loader;
mod playback;

pub use controls::{Controls, Delivery, LoaderLink};
pub use loader::{Loader, LoaderThread};
pub use playback::Playback;
