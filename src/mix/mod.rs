//! The mixer: a [`Score`] of prepared buffers at exact frames, pulled by [`Renderer::fill`].
//! Nothing in `fill` allocates, locks or waits. A render to a file may start before its clips
//! are decoded: [`Feed`] waits for each between blocks.

mod build;
mod feed;
mod glide;
mod renderer;
mod score;

pub use build::{score, seed_for};
pub use feed::{AHEAD_BYTES, Feed};
pub use renderer::{CUT_FADE, Renderer};
pub use score::{AmbientPlan, AmbientSource, Hit, MAX_RING_OUT, MAX_VOICES, RING_OUT_FADE, Score};

#[cfg(test)]
mod tests;
