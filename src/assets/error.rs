//! What can be wrong with an audio file.

use std::path::PathBuf;

use super::ClipUse;

/// A problem with one audio file; `name` is the path as the script wrote it.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("{name}: cannot open {}", .path.display())]
    Open {
        name: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{name}: the file is empty")]
    EmptyFile { name: String },
    #[error("{name}: not an audio file that still can read ({reason})")]
    Unrecognized { name: String, reason: String },
    #[error("{name}: {what}")]
    Unsupported { name: String, what: String },
    #[error("{name}: the file holds no audio")]
    NoAudio { name: String },
    #[error("{name}: the audio is damaged or cut short ({reason})")]
    Damaged { name: String, reason: String },
    #[error("{name}: the audio is longer than {max_hours} hours")]
    TooLong { name: String, max_hours: u64 },
    /// Longer than its use in the script allows (issue #21), from the header's length.
    #[error("{name}: {length} is too long for {} (at most {})", .what.describe(), .what.limit())]
    TooLongFor {
        name: String,
        what: ClipUse,
        length: String,
    },
}

impl AssetError {
    /// The file's path as the script wrote it.
    pub fn name(&self) -> &str {
        match self {
            AssetError::Open { name, .. }
            | AssetError::EmptyFile { name }
            | AssetError::Unrecognized { name, .. }
            | AssetError::Unsupported { name, .. }
            | AssetError::NoAudio { name }
            | AssetError::Damaged { name, .. }
            | AssetError::TooLong { name, .. }
            | AssetError::TooLongFor { name, .. } => name,
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            AssetError::Open { .. } => "check that the file exists and can be read",
            // The formats are probe::FORMATS; a unit test holds them together.
            AssetError::Unrecognized { .. } | AssetError::Unsupported { .. } => {
                "use WAV, FLAC, MP3, Ogg Vorbis, Opus (.opus or .ogg) or M4A (AAC or Apple Lossless); e.g. `ffmpeg -i in.wma out.flac` converts other formats"
            }
            AssetError::EmptyFile { .. }
            | AssetError::NoAudio { .. }
            | AssetError::Damaged { .. } => {
                "export or record the file again; `ffprobe FILE` shows what it holds"
            }
            AssetError::TooLong { .. } => {
                "a clip plays inside a session of at most 12 hours; trim the file"
            }
            // The numbers are ClipUse::max_minutes; a unit test holds them together.
            AssetError::TooLongFor { what, .. } => match what {
                ClipUse::Say => {
                    "a say clip is at most 2 minutes: split the recording over several say lines"
                }
                ClipUse::Bell => {
                    "a bell clip is at most 1 minute: trim its tail, e.g. `sox in.wav out.wav trim 0 45 fade 0 -0 5`"
                }
                ClipUse::Bed => {
                    "an ambient clip is at most 1 minute and loops for the whole session: trim it, e.g. `sox in.wav out.wav trim 0 55`"
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_for_an_unreadable_file_lists_the_formats_that_play_issue_17() {
        let e = AssetError::Unrecognized {
            name: "a.wma".into(),
            reason: String::new(),
        };
        assert!(
            e.hint().contains(super::super::FORMATS),
            "{} lacks {}",
            e.hint(),
            super::super::FORMATS
        );
    }
}
