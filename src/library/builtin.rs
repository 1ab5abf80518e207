//! The sessions and audio built into the binary. Clip paths in a built-in session are
//! relative to the repository's `audio/` folder.

use crate::script::ClipData;
use crate::script::paths::{PathError, ScriptFolder};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::{AUDIO, COURSES, SESSIONS};

/// The built-in sessions' audio, seen as a script folder.
pub struct EmbeddedFolder;

impl ScriptFolder for EmbeddedFolder {
    fn resolve(&self, rel: &str) -> Result<ClipData, PathError> {
        AUDIO
            .iter()
            .find(|(path, _)| *path == rel)
            .map(|(_, bytes)| ClipData::Embedded(bytes))
            .ok_or_else(|| PathError::NotEmbedded(rel.to_string()))
    }

    fn has_file(&self, name: &str) -> bool {
        AUDIO.iter().any(|(path, _)| *path == name)
    }
}
