//! Audio assets: reading and decoding clips (symphonia), resampling (rubato), loudness
//! (EBU R128), and synthesizing the built-in sounds ([`synth`]). All of it runs before the
//! renderer starts, never inside `fill`.

mod bank;
mod clip;
mod codec;
mod decode;
mod deess;
mod error;
mod gapless;
mod limit;
mod loudness;
mod mp4;
mod opus;
mod pcm;
mod probe;
mod resample;
pub mod synth;

pub use bank::{Bank, Load, Role, Slot};
pub use decode::{check_input, decode, decode_input, stream, stream_observed};
pub use error::AssetError;
pub use limit::{ClipUse, clip_uses};
pub use loudness::{Meter, NARRATION_LUFS, gain_of, loudness};
pub use pcm::{Audio, Pcm};
pub use probe::{ClipInfo, FORMATS, Input, MAX_CLIP_HOURS, probe, probe_input};
pub use synth::{Bed, bell, cue_tone};
