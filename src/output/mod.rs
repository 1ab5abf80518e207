//! Where the renderer's frames go: a WAV file, the sound card, or the null output (silent,
//! consumed in real time). No output keeps time of its own: the frames it has consumed are
//! the clock. Outputs pull from `mix` ([`crate::mix::Frames`] for files,
//! [`crate::mix::Playback`] live); `mix` knows nothing of them.

pub mod device;
pub mod encode;
pub mod null;
pub mod quiet;
pub mod speaker;
pub mod wav;

/// A live output playing a session; dropping it stops the sound.
pub enum Live {
    Device(device::DeviceOutput),
    Null(null::NullOutput),
}
