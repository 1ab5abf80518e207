//! Where the renderer's frames go: a WAV file, the sound card, or the null output (silent,
//! consumed in real time). No output keeps time of its own: the frames it has consumed are
//! the clock.

pub mod device;
pub mod null;
pub mod playback;
pub mod quiet;
pub mod wav;

pub use playback::{Controls, Delivery, LoaderLink, Playback};

/// A live output playing a session; dropping it stops the sound.
pub enum Live {
    Device(device::DeviceOutput),
    Null(null::NullOutput),
}

/// Where a file output pulls its frames from: the renderer, or a renderer whose clips are
/// still being decoded (`crate::mix::Feed`).
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

impl Frames for crate::mix::Renderer {
    fn fill(&mut self, out: &mut [f32]) -> usize {
        crate::mix::Renderer::fill(self, out)
    }

    fn position(&self) -> u64 {
        crate::mix::Renderer::position(self)
    }

    fn end(&self) -> u64 {
        crate::mix::Renderer::end(self)
    }
}
