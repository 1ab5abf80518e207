//! The mixer: a [`Score`] of prepared buffers at exact frames, pulled by [`Renderer::fill`].
//! Nothing in `fill` allocates, locks or waits. The renderer is pulled two ways: from a file
//! output through [`Frames`] (a render may start before its clips are decoded: [`Feed`]
//! waits for each between blocks), and live on the audio thread ([`live`]: the playback, its
//! controls and the clip loader). Outputs depend on this room, never the reverse.

mod ambient;
mod build;
mod feed;
mod frames;
mod glide;
mod hold;
mod limiter;
pub mod live;
mod renderer;
mod score;

pub use ambient::{AmbientSource, LoopedClip};
pub use build::{score, seed_for};
pub use feed::{AHEAD_BYTES, Feed};
pub use frames::Frames;
pub use limiter::{CEILING, LOSSY_CEILING};
pub use live::{Controls, Loader, Playback};
pub use renderer::{CUT_FADE, Renderer};
pub use score::{AmbientPlan, Heard, Hit, MAX_RING_OUT, MAX_SOUNDING, RING_OUT_FADE, Score, Stem};

#[cfg(test)]
mod tests;
