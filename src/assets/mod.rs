//! Audio assets: reading clips (symphonia), synthesizing the built-in sounds ([`synth`]), and
//! later resampling and loudness.

mod error;
mod probe;
pub mod synth;

pub use error::AssetError;
pub use probe::{ClipInfo, MAX_CLIP_HOURS, probe};
pub use synth::{Bed, bell, cue_tone};
