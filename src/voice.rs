//! Voicing say lines that have no clip: a voice engine named in `config.toml` (`[voice]`)
//! turns a line's text into a WAV file, once per line, and the result is kept in a cache
//! under the data folder, keyed by the voice's name and the text.
//!
//! The contract with the engine, kept small so that any text-to-speech program fits:
//! - it is run without a shell, as the `command` list gives it, once per line;
//! - it gets the line's text, UTF-8 and ending in a newline, on standard input (never in
//!   its arguments, so no text can be read as an option or run as a command);
//! - it writes a WAV file (any rate, any channels) to the path that replaces `{out}` in its
//!   arguments, or, with no `{out}`, to standard output;
//! - it exits 0 within the timeout; otherwise it is killed (its process group with it) and
//!   the error names the command and quotes the end of what it wrote to standard error.
//!
//! What it writes must decode as audio before it enters the cache, through a temporary file
//! renamed into place: the cache never holds half a recording. Sessions only read the
//! cache (`show`, `render`, `play`): the engine runs only when asked, by `still voice`.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::assets::{self, AssetError};
use crate::config::VoiceConfig;
use crate::home::Home;
use crate::library::bundle::hex;
use crate::script::{Clip, ClipData, Span};

/// The most of the engine's standard error kept for a message.
const STDERR_TAIL: usize = 2000;

/// The cached recordings of one voice.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    voice: String,
}

impl Cache {
    /// The cache of `voice` in `home`'s data folder: `cache/voice/`.
    pub fn new(home: &Home, voice: &str) -> Cache {
        Cache {
            dir: home.data.join("cache").join("voice"),
            voice: voice.to_string(),
        }
    }

    /// The key of a line: SHA-256 of the voice's name and the text, kept apart by a
    /// separator no name holds, so that no two (name, text) pairs share one.
    pub fn key(&self, text: &str) -> String {
        let mut h = Sha256::new();
        h.update(b"still-voice/1\0");
        h.update(self.voice.as_bytes());
        h.update(b"\0");
        h.update(text.as_bytes());
        hex(&h.finalize())
    }

    /// Where the recording of `text` is kept.
    pub fn path(&self, text: &str) -> PathBuf {
        self.dir.join(format!("{}.wav", self.key(text)))
    }

    /// The recording of `text` as a clip, if the cache has one. `span` is where the line
    /// is written, for errors found when it is decoded.
    pub fn clip(&self, text: &str, span: Span) -> Option<Clip> {
        let path = self.path(text);
        path.is_file().then(|| Clip {
            path: format!("voice/{}.wav", self.key(text)),
            data: ClipData::File(path),
            span,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// A configured voice engine.
#[derive(Debug, Clone)]
pub struct Engine {
    config: VoiceConfig,
    /// The folder holding `config.toml`: a relative program path is relative to it.
    base: PathBuf,
}

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
    #[error("the voice engine `{command}` took longer than {} on \"{line}\" and was stopped", humantime::format_duration(*.timeout))]
    TimedOut {
        command: String,
        timeout: Duration,
        line: String,
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
            VoiceError::TimedOut { .. } => "a slow engine may need a longer `timeout` in [voice]".into(),
            VoiceError::NoOutput { .. } | VoiceError::NotAudio { .. } => "the engine must write a WAV file to the path in place of {out}, or to standard output when no argument holds {out}".into(),
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

impl Engine {
    pub fn new(config: VoiceConfig, home: &Home) -> Engine {
        Engine {
            config,
            base: home.config.clone(),
        }
    }

    /// The engine of `home`'s config, if one is set.
    pub fn from_home(home: &Home) -> Result<Option<Engine>, crate::config::ConfigError> {
        let config = crate::config::Config::load(home)?;
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
            path: cache.dir.clone(),
            source,
        };
        std::fs::create_dir_all(&cache.dir).map_err(cache_err)?;
        let tmp = tempfile::Builder::new()
            .prefix(".voicing-")
            .suffix(".wav")
            .tempfile_in(&cache.dir)
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
        cmd.args(&args)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .stdout(if out_arg {
                Stdio::null()
            } else {
                Stdio::from(file)
            });
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group, so that a timeout stops whatever it started too.
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().map_err(|source| VoiceError::Spawn {
            command: command.clone(),
            source,
        })?;
        let mut stdin = child.stdin.take().expect("piped");
        let input = format!("{text}\n");
        let writer = std::thread::spawn(move || {
            // An engine that does not read its input is its own business.
            let _ = stdin.write_all(input.as_bytes());
        });
        let mut stderr = child.stderr.take().expect("piped");
        let reader = std::thread::spawn(move || {
            let mut buf = vec![];
            let _ = stderr.read_to_end(&mut buf);
            buf
        });
        let deadline = Instant::now() + self.config.timeout;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() >= deadline => break None,
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(_) => break None,
            }
        };
        let Some(status) = status else {
            stop(&mut child);
            let _ = writer.join();
            let _ = reader.join();
            return Err(VoiceError::TimedOut {
                command,
                timeout: self.config.timeout,
                line,
            });
        };
        let _ = writer.join();
        let err_bytes = reader.join().unwrap_or_default();
        let stderr = tail(&String::from_utf8_lossy(&err_bytes));
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
        if let Err(source) = assets::probe(&probe) {
            return Err(VoiceError::NotAudio {
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

/// Kills a child that ran out of time, with the process group it leads.
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group the child leads;
        // it was made for this child alone (`process_group(0)`).
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
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
    const MAX: usize = 40;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MAX {
        return text;
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
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

    fn home(dir: &Path) -> Home {
        Home {
            data: dir.to_path_buf(),
            config: dir.to_path_buf(),
        }
    }

    #[test]
    fn keys_depend_on_voice_and_text_only() {
        let dir = tempfile::tempdir().unwrap();
        let a = Cache::new(&home(dir.path()), "af_heart");
        let b = Cache::new(&home(dir.path()), "af_sky");
        assert_eq!(a.key("Breathe in."), a.key("Breathe in."));
        assert_ne!(a.key("Breathe in."), a.key("Breathe out."));
        assert_ne!(a.key("Breathe in."), b.key("Breathe in."));
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        let ab = Cache::new(&home(dir.path()), "ab");
        let x = Cache::new(&home(dir.path()), "a");
        assert_ne!(ab.key("c"), x.key("bc"));
        assert_eq!(a.key("x").len(), 64);
        assert!(a.path("x").starts_with(dir.path().join("cache/voice")));
        assert!(a.clip("x", Span::file_start()).is_none());
    }

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
