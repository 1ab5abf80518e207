//! Why voicing a line failed.

use std::path::PathBuf;
use std::time::Duration;

use crate::assets::AssetError;

use super::run::Left;

#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    #[error("no voice engine is set in {}", .config.display())]
    NotConfigured { config: PathBuf },
    #[error("cannot run the voice engine `{command}`")]
    Spawn {
        command: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the voice engine `{command}` failed ({status}) on \"{line}\"{}", stderr_note(.stderr))]
    Failed {
        command: String,
        status: String,
        line: String,
        stderr: String,
    },
    #[error("the voice engine `{command}` took longer than {} on \"{line}\" and was stopped{}", humantime::format_duration(*.timeout), left_note(*.left))]
    TimedOut {
        command: String,
        timeout: Duration,
        line: String,
        left: Left,
    },
    #[error("the voice engine `{command}` wrote no audio for \"{line}\"{}", stderr_note(.stderr))]
    NoOutput {
        command: String,
        line: String,
        stderr: String,
    },
    #[error("the voice engine `{command}` wrote something that is not audio for \"{line}\"")]
    NotAudio {
        command: String,
        line: String,
        #[source]
        source: AssetError,
    },
    /// Longer than a say clip may be (issue #21).
    #[error("the voice engine `{command}` wrote a recording too long to play for \"{line}\"")]
    TooLong {
        command: String,
        line: String,
        #[source]
        source: AssetError,
    },
    #[error("cannot write the voice cache in {}", .path.display())]
    Cache {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl VoiceError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            VoiceError::NotConfigured { .. } => "add a [voice] table to config.toml, e.g. `command = [\"espeak-ng\", \"--stdin\", \"-w\", \"{out}\"]`; see the README".into(),
            VoiceError::Spawn { .. } => "check that the program exists; a relative path is relative to the folder of config.toml".into(),
            VoiceError::TimedOut { left: Left::Engine, .. } => "a slow engine may need a longer `timeout` in [voice]".into(),
            VoiceError::TimedOut { left: Left::Started, .. } => "an engine must not leave programs running that hold its standard error; redirect their output, or let them finish before the engine exits".into(),
            VoiceError::TimedOut { left: Left::Escaped, .. } => "find it with `ps -eo pid,sid,args` and end it; an engine's helpers must stay in its session (no `setsid`)".into(),
            VoiceError::NoOutput { .. } | VoiceError::NotAudio { .. } => "the engine must write a WAV file to the path in place of {out}, or to standard output when no argument holds {out}".into(),
            VoiceError::TooLong { source, .. } => source.hint().into(),
            _ => return None,
        })
    }
}

/// What the engine wrote to standard error, indented under the message.
fn stderr_note(stderr: &str) -> String {
    if stderr.trim().is_empty() {
        return String::new();
    }
    let lines: Vec<String> = stderr
        .trim_end()
        .lines()
        .map(|l| format!("    {l}"))
        .collect();
    format!("; it said:\n{}", lines.join("\n"))
}

/// What was left running when the engine ran out of time.
fn left_note(left: Left) -> &'static str {
    match left {
        Left::Engine => "",
        Left::Started => {
            "; it had exited, but a program it started kept its standard error open (that program was stopped too)"
        }
        Left::Escaped => {
            "; a program it started left its session and still holds its standard error: still cannot stop a program that leaves its own session"
        }
    }
}
