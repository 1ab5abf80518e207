//! `still record`: the author's own voice for a script's say lines, line by line from the
//! microphone, kept as `clips/NN-words.ogg` beside the script with each line's `clip:` set
//! in the script's own text. The parts: the lines as written (`lines.rs`), setting a clip
//! in the text (`edit.rs`), what is kept of a take (`take.rs`), the microphone (`mic.rs`),
//! and the loop a person goes through (`studio.rs`, its screen in `screen.rs`).

mod edit;
mod lines;
mod mic;
mod screen;
mod studio;
mod take;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use crate::script::{self, ClipData, Diagnostics, DiskFolder, Script, ScriptFolder, SourceFile};

pub use lines::{SayLine, say_lines};
pub use studio::{Outcome, Plan, record};
pub use take::{Warning, clip_path, judge, trim};

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the script does not check")]
    Script(Diagnostics),
    #[error("cannot set a clip at line {line} of the script: {why}")]
    Layout { line: usize, why: String },
    #[error("--line {asked}: the script has {count} say line{}", if *.count == 1 { "" } else { "s" })]
    NoSuchLine { asked: usize, count: usize },
    #[error(
        "--line {0}: the line holds pauses like [2s], and a clip cannot; split it into say lines with a pause between to record it"
    )]
    HasPauses(usize),
    #[error("no microphone (audio input device) is available")]
    NoMicrophone,
    #[error("the microphone could not be opened: {0}")]
    Microphone(String),
    #[error("the microphone stopped")]
    MicrophoneLost,
    #[error("no speaker to play takes back on")]
    Speaker(#[source] crate::output::device::DeviceError),
    #[error("cannot encode {}", .path.display())]
    Encode {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("the terminal closed")]
    TerminalGone,
}

/// A script's folder on disk in which a clip that is not recorded yet is no error: its
/// line is one still to record.
struct Unrecorded(DiskFolder);

impl ScriptFolder for Unrecorded {
    fn resolve(&self, rel: &str) -> Result<ClipData, script::paths::PathError> {
        match self.0.resolve(rel) {
            Err(script::paths::PathError::NotFound(path)) => Ok(ClipData::File(path)),
            other => other,
        }
    }

    fn has_file(&self, name: &str) -> bool {
        self.0.has_file(name)
    }
}

/// The folder a script's paths are relative to.
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The script at `path`, parsed from `text` with its clips still to record allowed.
pub fn parse(path: &Path, text: &str) -> Result<Script, RecordError> {
    let source = SourceFile::new(path.display().to_string(), text);
    let folder = Unrecorded(DiskFolder::new(folder_of(path)));
    script::parse(&source, &script::default_id_for(path), &folder).map_err(RecordError::Script)
}
