//! Writing the renderer's stream as a file for listeners: Opus (in Ogg), Ogg Vorbis, MP3 or
//! FLAC, with the session's tags and chapters. Each encoder takes the blocks the renderer
//! fills as they come, through the same two-thread pipeline as the WAV writer: nothing is
//! held whole and no temporary WAV is made. Every file is the same bytes for the same
//! session, settings and version: fixed Ogg serial numbers, no dates, no random padding.

mod comments;
mod flac;
#[cfg(feature = "mp3")]
mod mp3;
mod opus;
mod quality;
mod vorbis;

use std::fs::File;
use std::path::{Path, PathBuf};

pub use quality::{Quality, QualityError};
pub use vorbis::write_mono as write_mono_vorbis;

use super::wav::{self, Bits, WavError};
use crate::mix::Frames;

/// The file formats `render -o` and `timer -o` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Opus in Ogg (.opus)
    Opus,
    /// Ogg Vorbis (.ogg)
    Vorbis,
    /// MP3 (.mp3)
    Mp3,
    /// FLAC (.flac), lossless
    Flac,
    /// WAV (.wav), PCM
    Wav,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Opus,
        Format::Vorbis,
        Format::Mp3,
        Format::Flac,
        Format::Wav,
    ];

    /// The format a file name's extension names, if it names one (case-insensitive).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.extension() == ext)
    }

    /// Whether this build writes the format: MP3 needs the `mp3` feature (LAME).
    pub fn available(self) -> bool {
        self != Format::Mp3 || cfg!(feature = "mp3")
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Opus => "opus",
            Format::Vorbis => "ogg",
            Format::Mp3 => "mp3",
            Format::Flac => "flac",
            Format::Wav => "wav",
        }
    }

    /// Whether the encoder drops what cannot be heard, and so moves the peaks between
    /// samples: such a file's mix is limited lower (`mix::LOSSY_CEILING`).
    pub fn is_lossy(self) -> bool {
        matches!(self, Format::Opus | Format::Vorbis | Format::Mp3)
    }

    /// How the format is named to people, e.g. in the summary line.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Opus => "Opus",
            Format::Vorbis => "Ogg Vorbis",
            Format::Mp3 => "MP3",
            Format::Flac => "FLAC",
            Format::Wav => "WAV",
        }
    }
}

/// What a file says about itself: plain data, made from the script and timeline by the
/// caller (`output` does not read scripts).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tags {
    pub title: String,
    pub artist: Option<String>,
    pub album: String,
    pub comment: Option<String>,
    pub license: Option<String>,
    pub language: Option<String>,
    pub content_note: Option<String>,
    /// Where each chapter starts (a frame at 48 kHz) and its title, in order.
    pub chapters: Vec<(u64, String)>,
}

/// Renders everything `renderer` has left into `file` (named `name` in messages) as
/// `format`. `seekable` says that `file` is a new regular file, so the encoder may go back
/// to fill in what is known only at the end (MP3's LAME tag, FLAC's checksum); a stream
/// gets the file without them. `progress` is told the frames done after each block and
/// stops the render by returning false: then [`WavError::Interrupted`].
#[allow(clippy::too_many_arguments)]
pub fn write(
    format: Format,
    quality: Quality,
    tags: &Tags,
    renderer: &mut dyn Frames,
    file: &mut File,
    name: &Path,
    seekable: bool,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<u64, WavError> {
    let frames = renderer.end() - renderer.position();
    let err = |source: Box<dyn std::error::Error + Send + Sync>| WavError::Write {
        path: name.to_path_buf(),
        source,
    };
    let done = match (format, quality) {
        (Format::Wav, _) => return wav::write(renderer, file, name, seekable, Bits::I16, progress),
        (Format::Opus, Quality::Bitrate(b)) => opus::write(renderer, file, b, tags, progress),
        (Format::Vorbis, Quality::Vorbis(q)) => vorbis::write(renderer, file, q, tags, progress),
        #[cfg(feature = "mp3")]
        (Format::Mp3, q) => mp3::write(renderer, file, seekable, q, tags, progress),
        (Format::Flac, Quality::Level(l)) => {
            flac::write(renderer, file, seekable, l, tags, progress)
        }
        (f, q) => unreachable!("quality {q:?} is parsed for its format, not {f:?}"),
    }
    .map_err(err)?;
    if done < frames {
        return Err(WavError::Interrupted {
            path: PathBuf::from(name),
        });
    }
    Ok(done)
}

/// The boxed error every encoder returns.
type Error = Box<dyn std::error::Error + Send + Sync>;
