//! The mixer: a [`Score`] of prepared buffers at exact frames, pulled by [`Renderer::fill`].
//! Nothing in `fill` allocates, locks or waits.

mod build;
mod glide;
mod renderer;
mod score;

pub use build::{score, seed_for};
pub use renderer::{CUT_FADE, Renderer};
pub use score::{AmbientPlan, AmbientSource, Hit, MAX_RING_OUT, MAX_VOICES, RING_OUT_FADE, Score};

#[cfg(test)]
mod tests;
