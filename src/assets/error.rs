//! What can be wrong with an audio file.

use std::path::PathBuf;

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
            | AssetError::TooLong { name, .. } => name,
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            AssetError::Open { .. } => "check that the file exists and can be read",
            AssetError::Unrecognized { .. } | AssetError::Unsupported { .. } => {
                "use WAV, FLAC, Ogg Vorbis or MP3; e.g. `sox in.m4a out.flac` or `ffmpeg -i in.m4a out.ogg` converts other formats"
            }
            AssetError::EmptyFile { .. }
            | AssetError::NoAudio { .. }
            | AssetError::Damaged { .. } => {
                "export or record the file again; `sox --info FILE` shows what it holds"
            }
            AssetError::TooLong { .. } => {
                "a clip plays inside a session of at most 12 hours; trim the file"
            }
        }
    }
}
