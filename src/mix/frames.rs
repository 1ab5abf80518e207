//! What a file output pulls frames from: the renderer, or the render feed in front of it.

use super::Renderer;

/// Where a file output pulls its frames from: the renderer, or a renderer whose clips are
/// still being decoded ([`super::Feed`]).
pub trait Frames {
    /// Fills `out` (stereo, interleaved) with the next frames; returns how many it made.
    /// Fewer than asked means the end, or that it stopped: then the output is abandoned
    /// unless everything up to [`Frames::end`] was made.
    fn fill(&mut self, out: &mut [f32]) -> usize;
    /// The frame the next `fill` starts at.
    fn position(&self) -> u64;
    /// The last frame of sound.
    fn end(&self) -> u64;
}

impl Frames for Renderer {
    fn fill(&mut self, out: &mut [f32]) -> usize {
        Renderer::fill(self, out)
    }

    fn position(&self) -> u64 {
        Renderer::position(self)
    }

    fn end(&self) -> u64 {
        Renderer::end(self)
    }
}
