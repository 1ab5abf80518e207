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
