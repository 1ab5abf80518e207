//! Running the configured engine on one line, under a timeout, and checking what it wrote
//! before it enters the cache.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::assets;
use crate::home::Home;
use crate::home::config::{Config, ConfigError, VoiceConfig};
use crate::script::{Clip, ClipData, Span};
use crate::util::text::truncate;

use super::run::{Outcome, exchange};
use super::{Cache, VoiceError};

/// The most of the engine's standard error kept for a message.
const STDERR_TAIL: usize = 2000;

/// A configured voice engine.
#[derive(Debug, Clone)]
pub struct Engine {
    config: VoiceConfig,
    /// The folder holding `config.toml`: a relative program path is relative to it.
    base: PathBuf,
}

impl Engine {
    pub fn new(config: VoiceConfig, home: &Home) -> Engine {
        Engine {
            config,
            base: home.config.clone(),
        }
    }

    /// The engine of `home`'s config, if one is set.
    pub fn from_home(home: &Home) -> Result<Option<Engine>, ConfigError> {
        let config = Config::load(home)?;
        Ok(config.voice.map(|v| Engine::new(v, home)))
    }

    pub fn cache(&self, home: &Home) -> Cache {
        Cache::new(home, &self.config.name)
    }

    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// The command as written, for messages.
    pub fn describe(&self) -> String {
        self.config.command.join(" ")
    }

    /// Whether the cache holds a usable recording of `text`.
    pub fn is_cached(cache: &Cache, text: &str) -> bool {
        cache
            .clip(text, Span::file_start())
            .is_some_and(|c| assets::probe(&c).is_ok())
    }

    /// Runs the engine on `text` and puts its recording in `cache`, replacing any there.
    pub fn voice(&self, cache: &Cache, text: &str) -> Result<PathBuf, VoiceError> {
        let cache_err = |source| VoiceError::Cache {
            path: cache.dir().to_path_buf(),
            source,
        };
        std::fs::create_dir_all(cache.dir()).map_err(cache_err)?;
        let tmp = tempfile::Builder::new()
            .prefix(".voicing-")
            .suffix(".wav")
            .tempfile_in(cache.dir())
            .map_err(cache_err)?;
        let (file, tmp) = tmp.into_parts();
        let command = self.describe();
        let line = excerpt(text);
        let out_arg = self.config.command.iter().any(|a| a.contains("{out}"));
        let mut program = PathBuf::from(&self.config.command[0]);
        if program.components().count() > 1 && program.is_relative() {
            program = self.base.join(program);
        }
        let args: Vec<OsString> = self.config.command[1..]
            .iter()
            .map(|a| {
                if a.contains("{out}") {
                    let mut s = OsString::new();
                    let mut parts = a.split("{out}");
                    s.push(parts.next().unwrap_or_default());
                    for p in parts {
                        s.push(tmp.as_os_str());
                        s.push(p);
                    }
                    s
                } else {
                    OsString::from(a)
                }
            })
            .collect();
        let mut cmd = Command::new(&program);
        cmd.args(&args).stdout(if out_arg {
            Stdio::null()
        } else {
            Stdio::from(file)
        });
        let outcome =
            exchange(cmd, format!("{text}\n"), self.config.timeout).map_err(|source| {
                VoiceError::Spawn {
                    command: command.clone(),
                    source,
                }
            })?;
        let (status, stderr) = match outcome {
            Outcome::Done { status, stderr } => (status, tail(&stderr)),
            Outcome::TimedOut(left) => {
                return Err(VoiceError::TimedOut {
                    command,
                    timeout: self.config.timeout,
                    line,
                    left,
                });
            }
        };
        if !status.success() {
            return Err(VoiceError::Failed {
                command,
                status: describe_status(status),
                line,
                stderr,
            });
        }
        if std::fs::metadata(&tmp).map(|m| m.len()).unwrap_or(0) == 0 {
            return Err(VoiceError::NoOutput {
                command,
                line,
                stderr,
            });
        }
        let probe = Clip {
            path: "voice".into(),
            data: ClipData::File(tmp.to_path_buf()),
            span: Span::file_start(),
        };
        let info = assets::probe(&probe).map_err(|source| VoiceError::NotAudio {
            command: command.clone(),
            line: line.clone(),
            source,
        })?;
        // A recording no session could play is refused here, not at every later check.
        if let Err(source) = assets::ClipUse::Say.check("the recording", &info) {
            return Err(VoiceError::TooLong {
                command,
                line,
                source,
            });
        }
        let path = cache.path(text);
        tmp.persist(&path).map_err(|e| cache_err(e.error))?;
        Ok(path)
    }
}

fn describe_status(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return format!("killed by signal {sig}");
        }
    }
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => "no exit code".into(),
    }
}

/// The first words of a line, for messages and progress.
pub fn excerpt(text: &str) -> String {
    truncate(text, 41)
}

/// The last lines of the engine's standard error, at most [`STDERR_TAIL`] bytes.
fn tail(text: &str) -> String {
    let text = text.trim_end();
    if text.len() <= STDERR_TAIL {
        return text.to_string();
    }
    let mut start = text.len() - STDERR_TAIL;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let cut = &text[start..];
    let cut = cut.split_once('\n').map_or(cut, |(_, rest)| rest);
    format!("…\n{cut}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_and_tails_are_short() {
        assert_eq!(excerpt("Breathe  in,\nslowly."), "Breathe in, slowly.");
        let long = "word ".repeat(30);
        assert!(excerpt(&long).ends_with('…'));
        assert!(excerpt(&long).chars().count() <= 41);
        let noise = "line\n".repeat(1000);
        let t = tail(&noise);
        assert!(t.len() <= STDERR_TAIL + 4 && t.starts_with('…'), "{t}");
    }
}
