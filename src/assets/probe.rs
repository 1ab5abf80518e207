//! Reading an audio file's length without decoding it, so that `show` and `check` stay fast.

use std::io::Cursor;

use symphonia::core::codecs::audio::AudioCodecParameters;
use symphonia::core::codecs::audio::well_known::CODEC_ID_OPUS;
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;

use crate::script::{Clip, ClipData};
use crate::timeline::time::convert_frames;

use super::AssetError;
use super::gapless::Trim;
use super::mp4::{self, Mp4};
use super::opus::OpusHead;

/// No clip may be longer than this; a session is at most 12 hours.
pub const MAX_CLIP_HOURS: u64 = 13;

/// What a probe finds: the clip's own rate, channels and exact length in its own frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClipInfo {
    pub rate: u32,
    pub channels: usize,
    pub frames: u64,
}

impl ClipInfo {
    /// The clip's length at the output rate.
    pub fn output_frames(&self) -> u64 {
        convert_frames(self.frames, self.rate)
    }
}

/// An opened audio file: its format reader and the audio track's parameters.
pub(super) struct Opened<'a> {
    pub reader: Box<dyn FormatReader + 'a>,
    pub track_id: u32,
    pub params: AudioCodecParameters,
    /// The frames the container counts, encoder delay and all (before `trim`).
    pub num_frames: Option<u64>,
    /// The encoder delay to drop, which symphonia does not (AAC in MP4, Opus in Ogg).
    pub trim: Trim,
}

/// Audio bytes to read, named as the script names them.
pub struct Input<'a> {
    pub name: &'a str,
    source: Box<dyn MediaSource + 'a>,
    len: u64,
}

impl<'a> Input<'a> {
    /// A clip a script names, on disk or built into the binary.
    pub fn clip(clip: &'a Clip) -> Result<Input<'a>, AssetError> {
        let name = clip.path.as_str();
        Ok(match &clip.data {
            ClipData::File(path) => {
                let file = std::fs::File::open(path).map_err(|source| AssetError::Open {
                    name: name.to_string(),
                    path: path.clone(),
                    source,
                })?;
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                Input {
                    name,
                    source: Box::new(file),
                    len,
                }
            }
            ClipData::Embedded(bytes) => Input {
                name,
                source: Box::new(Cursor::new(*bytes)),
                len: bytes.len() as u64,
            },
        })
    }

    /// Bytes in memory (fuzzing, tests).
    pub fn bytes(name: &'a str, bytes: &'a [u8]) -> Input<'a> {
        Input {
            name,
            source: Box::new(Cursor::new(bytes)),
            len: bytes.len() as u64,
        }
    }
}

pub(super) fn open<'a>(input: Input<'a>) -> Result<Opened<'a>, AssetError> {
    let Input {
        name,
        mut source,
        len,
    } = input;
    let name = name.to_string();
    if len == 0 {
        return Err(AssetError::EmptyFile { name });
    }
    let damaged = |reason: String| AssetError::Damaged {
        name: name.clone(),
        reason,
    };
    let mp4_trim = match mp4::inspect(&mut source).map_err(|e| damaged(e.to_string()))? {
        Mp4::NoIndex => {
            return Err(damaged(
                "it is an M4A file without its index (`moov` box): the recording was not saved to its end".into(),
            ));
        }
        Mp4::CutShort => {
            return Err(damaged(
                "it is an M4A file cut short: its audio ends before its index says".into(),
            ));
        }
        Mp4::Indexed(trim) => trim,
        Mp4::Not => None,
    };
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let mss = MediaSourceStream::new(source, Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = &extension {
        hint.with_extension(ext);
    }
    let reader = symphonia::default::get_probe()
        .probe(
            &hint,
            mss,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|e| match e {
            SymError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                AssetError::Damaged {
                    name: name.clone(),
                    reason: "it ends inside its header".into(),
                }
            }
            SymError::DecodeError(what) => AssetError::Damaged {
                name: name.clone(),
                reason: what.to_string(),
            },
            SymError::Unsupported(_) => AssetError::Unrecognized {
                name: name.clone(),
                // The hint names the formats.
                reason: "no audio of a format it knows found".into(),
            },
            other => AssetError::Unrecognized {
                name: name.clone(),
                reason: other.to_string(),
            },
        })?;
    let track = reader
        .default_track(TrackType::Audio)
        .ok_or_else(|| AssetError::NoAudio { name: name.clone() })?;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .cloned()
        .ok_or_else(|| AssetError::Unsupported {
            name: name.clone(),
            what: "its audio codec is not known".into(),
        })?;
    let trim = if params.codec == CODEC_ID_OPUS && reader.format_info().short_name == "ogg" {
        let pre_skip = params.extra_data.as_deref().and_then(OpusHead::parse);
        Trim::opus(pre_skip.map_or(0, |h| h.pre_skip))
    } else {
        mp4_trim.unwrap_or_default()
    };
    Ok(Opened {
        track_id: track.id,
        num_frames: track.num_frames,
        params,
        trim,
        reader,
    })
}

/// The audio formats `still` reads, as the hint for a file it cannot read names them.
pub const FORMATS: &str =
    "WAV, FLAC, MP3, Ogg Vorbis, Opus (.opus or .ogg) or M4A (AAC or Apple Lossless)";

/// The clip's rate, channels and length. Uses the container's frame count where it has
/// one (WAV, FLAC, Ogg, MP4, MP3 with a LAME/Xing header); otherwise counts packet lengths,
/// which still decodes nothing. The length is the recording's own, without the encoder
/// delay that decoding drops.
pub fn probe(clip: &Clip) -> Result<ClipInfo, AssetError> {
    probe_input(Input::clip(clip)?)
}

/// [`probe`] for any input.
pub fn probe_input(input: Input<'_>) -> Result<ClipInfo, AssetError> {
    let name = input.name.to_string();
    let mut opened = open(input)?;
    let rate = opened
        .params
        .sample_rate
        .filter(|r| (1_000..=768_000).contains(r))
        .ok_or_else(|| AssetError::Unsupported {
            name: name.clone(),
            what: "its sample rate is missing or out of range".into(),
        })?;
    let channels = opened
        .params
        .channels
        .as_ref()
        .map(|c| c.count())
        .unwrap_or(0);
    if channels == 0 || channels > 32 {
        return Err(AssetError::Unsupported {
            name,
            what: format!("it has {channels} channels"),
        });
    }
    let max = MAX_CLIP_HOURS * 3600 * u64::from(rate);
    let skip = opened.trim.skip;
    let counted = match opened.num_frames {
        Some(n) => n,
        None => count_packets(&mut opened, &name, max.saturating_add(skip))?,
    };
    let frames = opened.trim.length(counted);
    if frames == 0 {
        return Err(AssetError::NoAudio { name });
    }
    if frames > max {
        return Err(AssetError::TooLong {
            name,
            max_hours: MAX_CLIP_HOURS,
        });
    }
    Ok(ClipInfo {
        rate,
        channels,
        frames,
    })
}

fn count_packets(opened: &mut Opened<'_>, name: &str, max: u64) -> Result<u64, AssetError> {
    let mut frames = 0u64;
    loop {
        match opened.reader.next_packet() {
            Ok(Some(p)) if p.track_id == opened.track_id => {
                // A packet's duration is already without the frames it is marked to trim.
                frames = frames.saturating_add(p.dur.get());
                if frames > max {
                    return Ok(frames);
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => return Ok(frames),
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Ok(frames);
            }
            Err(e) => {
                return Err(AssetError::Damaged {
                    name: name.to_string(),
                    reason: e.to_string(),
                });
            }
        }
    }
}
