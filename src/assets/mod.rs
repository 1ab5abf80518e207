//! Audio assets: reading clips (symphonia), and later resampling, loudness and synthesis.

mod error;
mod probe;

pub use error::AssetError;
pub use probe::{ClipInfo, MAX_CLIP_HOURS, probe};
