//! `config.toml` in the config folder: the user's settings. A missing file means the
//! defaults; an unknown key or a wrong value is an error that names the file, line and key,
//! so a typo never silently changes nothing.
//!
//! ```toml
//! day_starts_at = "04:00"   # a sit at 01:30 counts for the day before
//! min_minutes = 5           # a day counts once you practised this long in total
//! weekly_goal = 5           # days a week; leave it out for no goal
//! streaks = true            # false hides streaks everywhere
//! ask_mood = false          # true: `play` asks how you feel (0-10) before and after
//! nudge = true              # false: `still nudge` says nothing
//! notify = false            # true: a desktop notification when a sit comes to its end
//! language = "es"           # sessions in Spanish when they have it; default: the locale
//!
//! [voice]                   # an engine that voices say lines without a clip (`still voice`)
//! command = ["espeak-ng", "--stdin", "-w", "{out}"]
//! name = "espeak-en"        # part of the cache key; default: the command
//! timeout = "2m"            # per line, from 1s to 1h
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::civil::Time;
use toml::de::{DeTable, DeValue};

use crate::home::Home;
use crate::util::language;
use crate::util::suggest::did_you_mean;

/// The keys `config.toml` accepts, each with a one-line example for hints.
pub const KEYS: &[(&str, &str)] = &[
    ("day_starts_at", "day_starts_at = \"04:00\""),
    ("min_minutes", "min_minutes = 5"),
    ("weekly_goal", "weekly_goal = 5"),
    ("streaks", "streaks = false"),
    ("ask_mood", "ask_mood = true"),
    ("nudge", "nudge = false"),
    ("notify", "notify = true"),
    ("sync_dir", "sync_dir = \"~/Sync/still\""),
    ("language", "language = \"es\""),
    (
        "voice",
        "[voice] command = [\"espeak-ng\", \"--stdin\", \"-w\", \"{out}\"]",
    ),
];

/// The keys of the `[voice]` table.
pub const VOICE_KEYS: &[&str] = &["command", "name", "timeout"];

/// How long a voice engine may take for one line unless `timeout` says otherwise.
pub const DEFAULT_VOICE_TIMEOUT: Duration = Duration::from_secs(120);

/// The shortest and longest `[voice] timeout`, as the error for any other value says: a
/// shorter one could not start an engine, a longer one would hide a hung one (issue #21).
pub const MIN_VOICE_TIMEOUT: Duration = Duration::from_secs(1);
pub const MAX_VOICE_TIMEOUT: Duration = Duration::from_secs(3600);

/// The most minutes `min_minutes` may ask for: a whole day.
const MAX_MIN_MINUTES: i64 = 24 * 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// When a practice day begins on the wall clock: sits before it count for the day before.
    pub day_starts_at: Time,
    /// Minutes of practice, summed over a day, for the day to count towards streaks and
    /// days practised.
    pub min_minutes: u32,
    /// Days a week the user means to practise; `None` for no goal.
    pub weekly_goal: Option<u8>,
    /// Whether streaks are shown; `false` hides them everywhere.
    pub streaks: bool,
    /// Whether `play` asks for a 0–10 mood rating before and after a sit.
    pub ask_mood: bool,
    /// Whether `still nudge` may invite a sit; `false` keeps it silent.
    pub nudge: bool,
    /// Whether a sit that comes to its end says so in a desktop notification.
    pub notify: bool,
    /// The engine that voices say lines without a clip; `None`: they stay captions.
    pub voice: Option<VoiceConfig>,
    /// A folder a sync tool keeps in step between the user's machines: each writes its own
    /// journal's entries there and reads everyone's (`journal::sync`).
    pub sync_dir: Option<PathBuf>,
    /// The language sessions play in when they have it (a tag: `es`, `fr`); `None`: the
    /// locale's, see [`Config::sitter_language`].
    pub language: Option<String>,
}

/// `[voice]`: a command that turns text on its standard input into a WAV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceConfig {
    /// The program and its arguments, run without a shell; `{out}` in an argument is
    /// replaced by the WAV file to write, and without one the WAV is read from standard output.
    pub command: Vec<String>,
    /// The voice's name, part of the cache key: a new name voices every line again.
    pub name: String,
    /// How long one line may take.
    pub timeout: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            day_starts_at: Time::midnight(),
            min_minutes: 1,
            weekly_goal: None,
            streaks: true,
            ask_mood: false,
            nudge: true,
            notify: false,
            voice: None,
            sync_dir: None,
            language: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A syntax error, an unknown key or a wrong value, at `file:line:col`.
    #[error("{}:{line}:{col}: {message}", .path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
        hint: Option<String>,
    },
}

impl ConfigError {
    pub fn hint(&self) -> Option<String> {
        match self {
            ConfigError::Read { .. } => None,
            ConfigError::Invalid { hint, .. } => hint.clone(),
        }
    }
}

impl Config {
    /// The sitter's language: `language` here, else the locale's (`LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`: `es_ES.UTF-8` is `es`), else English (also for `C`).
    pub fn sitter_language(&self) -> String {
        self.language
            .clone()
            .or_else(|| language::from_env(|name| std::env::var(name).ok()))
            .unwrap_or_else(|| language::ENGLISH.to_string())
    }

    /// Reads `config.toml` from the home's config folder; defaults when there is none.
    pub fn load(home: &Home) -> Result<Config, ConfigError> {
        let path = home.config_file();
        // Only a regular file: a FIFO in its place would wait for ever (#21).
        match crate::util::file::open_regular(&path).and_then(std::io::read_to_string) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// Parses the text of a config file; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let at = |offset: usize, message: String, hint: Option<String>| {
            let (line, col) = line_col(text, offset);
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                col,
                message,
                hint,
            }
        };
        let table = DeTable::parse(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            at(offset, e.message().trim().to_string(), None)
        })?;
        let mut config = Config::default();
        for (key, value) in table.get_ref() {
            let name: &str = key.get_ref();
            let start = value.span().start;
            let wrong = |what: &str| {
                let example = KEYS.iter().find(|(k, _)| *k == name).map(|(_, e)| *e);
                at(
                    start,
                    format!("`{name}` {what}"),
                    example.map(|e| format!("for example: {e}")),
                )
            };
            match name {
                "day_starts_at" => {
                    config.day_starts_at = day_start(value.get_ref()).ok_or_else(|| {
                        wrong("must be a time of day from \"00:00\" to \"12:00\"")
                    })?;
                }
                "min_minutes" => {
                    let n = integer(value.get_ref())
                        .filter(|n| (0..=MAX_MIN_MINUTES).contains(n))
                        .ok_or_else(|| wrong("must be a whole number of minutes from 0 to 1440"))?;
                    config.min_minutes = n as u32;
                }
                "weekly_goal" => {
                    let n = integer(value.get_ref())
                        .filter(|n| (0..=7).contains(n))
                        .ok_or_else(|| {
                            wrong("must be a number of days a week from 1 to 7 (0 for no goal)")
                        })?;
                    config.weekly_goal = (n > 0).then_some(n as u8);
                }
                "streaks" => {
                    config.streaks = value
                        .get_ref()
                        .as_bool()
                        .ok_or_else(|| wrong("must be true or false"))?;
                }
                "ask_mood" => {
                    config.ask_mood = value
                        .get_ref()
                        .as_bool()
                        .ok_or_else(|| wrong("must be true or false"))?;
                }
                "nudge" => {
                    config.nudge = value
                        .get_ref()
                        .as_bool()
                        .ok_or_else(|| wrong("must be true or false"))?;
                }
                "notify" => {
                    config.notify = value
                        .get_ref()
                        .as_bool()
                        .ok_or_else(|| wrong("must be true or false"))?;
                }
                "sync_dir" => {
                    let text = value
                        .get_ref()
                        .as_str()
                        .filter(|t| !t.trim().is_empty())
                        .ok_or_else(|| wrong("must be the path of a folder, as a string"))?;
                    let base = path.parent().unwrap_or(Path::new("."));
                    config.sync_dir = Some(expand_home(text, base));
                }
                "language" => {
                    let tag = value
                        .get_ref()
                        .as_str()
                        .and_then(language::tag)
                        .ok_or_else(|| {
                            let mut e = wrong(
                                "must be a language code such as \"es\", \"fr\" or \"pt-BR\"",
                            );
                            if let ConfigError::Invalid { hint, .. } = &mut e {
                                *hint = Some(
                                    "still's own sessions are in \"en\", \"es\" and \"fr\"; leave `language` out to follow LANG"
                                        .into(),
                                );
                            }
                            e
                        })?;
                    config.language = Some(tag);
                }
                "voice" => {
                    let table = value
                        .get_ref()
                        .as_table()
                        .ok_or_else(|| wrong("must be a table: [voice] with command = [...]"))?;
                    config.voice = Some(voice(table, start, &at)?);
                }
                _ => {
                    let names = KEYS.iter().map(|(k, _)| *k);
                    let message = match did_you_mean(name, names) {
                        Some(s) => format!("unknown key '{name}' — did you mean '{s}'?"),
                        None => format!("unknown key '{name}'"),
                    };
                    let all: Vec<String> = KEYS.iter().map(|(k, _)| format!("`{k}`")).collect();
                    return Err(at(
                        key.span().start,
                        message,
                        Some(format!("config.toml knows {}", all.join(", "))),
                    ));
                }
            }
        }
        Ok(config)
    }
}

/// The `[voice]` table; `start` is where it begins, for a missing `command`.
fn voice(
    table: &DeTable<'_>,
    start: usize,
    at: &dyn Fn(usize, String, Option<String>) -> ConfigError,
) -> Result<VoiceConfig, ConfigError> {
    let example = "for example: command = [\"espeak-ng\", \"--stdin\", \"-w\", \"{out}\"]";
    let mut command = None;
    let mut name = None;
    let mut timeout = DEFAULT_VOICE_TIMEOUT;
    for (key, value) in table {
        let key_name: &str = key.get_ref();
        let here = value.span().start;
        match key_name {
            "command" => {
                let words: Option<Vec<String>> = value.get_ref().as_array().and_then(|a| {
                    a.iter()
                        .map(|v| v.get_ref().as_str().map(str::to_string))
                        .collect()
                });
                let words = words.filter(|w| w.first().is_some_and(|p| !p.trim().is_empty()));
                command = Some(words.ok_or_else(|| {
                    at(
                        here,
                        "`voice.command` must be a list of strings: the program, then its arguments"
                            .into(),
                        Some(example.into()),
                    )
                })?);
            }
            "name" => {
                name = Some(
                    value
                        .get_ref()
                        .as_str()
                        .filter(|n| !n.trim().is_empty())
                        .ok_or_else(|| {
                            at(
                                here,
                                "`voice.name` must be a name, like \"af_heart\"".into(),
                                None,
                            )
                        })?
                        .to_string(),
                );
            }
            "timeout" => {
                timeout = value
                    .get_ref()
                    .as_str()
                    .and_then(|t| humantime::parse_duration(t).ok())
                    .filter(|d| (MIN_VOICE_TIMEOUT..=MAX_VOICE_TIMEOUT).contains(d))
                    .ok_or_else(|| {
                        at(
                            here,
                            "`voice.timeout` must be a duration from 1s to 1h, like \"2m\"".into(),
                            None,
                        )
                    })?;
            }
            _ => {
                let message = match did_you_mean(key_name, VOICE_KEYS.iter().copied()) {
                    Some(s) => format!("unknown key 'voice.{key_name}' — did you mean '{s}'?"),
                    None => format!("unknown key 'voice.{key_name}'"),
                };
                return Err(at(
                    key.span().start,
                    message,
                    Some("[voice] knows `command`, `name` and `timeout`".into()),
                ));
            }
        }
    }
    let command = command.ok_or_else(|| {
        at(
            start,
            "[voice] needs a `command`".into(),
            Some(example.into()),
        )
    })?;
    let name = name.unwrap_or_else(|| command.join(" "));
    Ok(VoiceConfig {
        command,
        name,
        timeout,
    })
}

/// `"04:00"` or a TOML local time `04:00`, no later than noon: a day that starts in the
/// afternoon would file a morning sit under the day before, which nobody means.
fn day_start(value: &DeValue<'_>) -> Option<Time> {
    let (hour, minute) = if let Some(s) = value.as_str() {
        parse_hh_mm(s)?
    } else {
        let t = value.as_datetime()?;
        if t.date.is_some() || t.offset.is_some() {
            return None;
        }
        let time = t.time?;
        if time.second.unwrap_or(0) != 0 || time.nanosecond.unwrap_or(0) != 0 {
            return None;
        }
        (time.hour, time.minute)
    };
    if (hour, minute) > (12, 0) {
        return None;
    }
    Time::new(hour as i8, minute as i8, 0, 0).ok()
}

/// `HH:MM` on a 24-hour clock, as written in `day_starts_at` and `log add --time`.
pub fn parse_hh_mm(text: &str) -> Option<(u8, u8)> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u8 = h.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    (h < 24 && m < 60).then_some((h, m))
}

fn integer(value: &DeValue<'_>) -> Option<i64> {
    let i = value.as_integer()?;
    i64::from_str_radix(i.as_str(), i.radix()).ok()
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// `~/x` → the home folder's `x`; a relative path is relative to the folder of
/// config.toml (`base`).
fn expand_home(text: &str, base: &Path) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match (text.strip_prefix("~/"), home) {
        (Some(rest), Some(h)) => h.join(rest),
        _ if text == "~" => {
            std::env::var_os("HOME").map_or_else(|| PathBuf::from(text), PathBuf::from)
        }
        _ => base.join(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("config.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn missing_keys_are_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
        assert_eq!(Config::default().min_minutes, 1);
    }

    #[test]
    fn every_key_is_read() {
        let c = parse(
            "day_starts_at = \"04:30\"\nmin_minutes = 5\nweekly_goal = 4\nstreaks = false\nask_mood = true\n",
        )
        .unwrap();
        assert_eq!(c.day_starts_at, Time::new(4, 30, 0, 0).unwrap());
        assert_eq!(c.min_minutes, 5);
        assert_eq!(c.weekly_goal, Some(4));
        assert!(!c.streaks);
        assert!(c.ask_mood);
        let c = parse("day_starts_at = 04:00\nweekly_goal = 0\n").unwrap();
        assert_eq!(c.day_starts_at, Time::new(4, 0, 0, 0).unwrap());
        assert_eq!(c.weekly_goal, None);
    }

    #[test]
    fn unknown_keys_name_the_file_line_and_key() {
        let e = Config::parse(
            "streaks = true\nstreak = false\n",
            Path::new("/h/config.toml"),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "/h/config.toml:2:1: unknown key 'streak' — did you mean 'streaks'?"
        );
        assert!(e.hint().unwrap().contains("`ask_mood`"));
        assert_eq!(
            parse("[player]\nvolume = 3\n").unwrap_err(),
            "config.toml:1:2: unknown key 'player'"
        );
    }

    #[test]
    fn wrong_values_are_located() {
        assert_eq!(
            parse("\nday_starts_at = \"25:00\"").unwrap_err(),
            "config.toml:2:17: `day_starts_at` must be a time of day from \"00:00\" to \"12:00\""
        );
        assert!(parse("day_starts_at = \"13:00\"").is_err());
        assert!(parse("day_starts_at = 1979-05-27T07:32:00Z").is_err());
        assert!(parse("min_minutes = -1").is_err());
        assert!(parse("min_minutes = \"5\"").is_err());
        assert!(parse("weekly_goal = 8").is_err());
        assert_eq!(
            parse("streaks = \"no\"").unwrap_err(),
            "config.toml:1:11: `streaks` must be true or false"
        );
        assert!(
            parse("streaks = ")
                .unwrap_err()
                .starts_with("config.toml:1:")
        );
    }

    #[test]
    fn a_language_is_a_tag_issue_20() {
        assert_eq!(
            parse("language = \"ES\"").unwrap().language.as_deref(),
            Some("es")
        );
        let e = Config::parse("\nlanguage = \"Spanish\"", Path::new("config.toml")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "config.toml:2:12: `language` must be a language code such as \"es\", \"fr\" or \"pt-BR\""
        );
        assert!(e.hint().unwrap().contains("\"fr\""));
        assert!(parse("language = 3").is_err());
        let set = Config {
            language: Some("fr".into()),
            ..Config::default()
        };
        assert_eq!(set.sitter_language(), "fr");
    }

    #[test]
    fn a_voice_engine_is_a_table() {
        let c =
            parse("[voice]\ncommand = [\"espeak-ng\", \"--stdin\", \"-w\", \"{out}\"]\n").unwrap();
        let v = c.voice.unwrap();
        assert_eq!(v.command, ["espeak-ng", "--stdin", "-w", "{out}"]);
        assert_eq!(v.name, "espeak-ng --stdin -w {out}");
        assert_eq!(v.timeout, DEFAULT_VOICE_TIMEOUT);
        let c = parse("[voice]\ncommand = [\"narrate\"]\nname = \"af_heart\"\ntimeout = \"30s\"\n")
            .unwrap();
        let v = c.voice.unwrap();
        assert_eq!(
            (v.name.as_str(), v.timeout),
            ("af_heart", Duration::from_secs(30))
        );
        assert_eq!(
            parse("[voice]\ncommand = \"espeak-ng --stdin\"\n").unwrap_err(),
            "config.toml:2:11: `voice.command` must be a list of strings: the program, then its arguments"
        );
        assert_eq!(
            parse("[voice]\ncomand = [\"x\"]\n").unwrap_err(),
            "config.toml:2:1: unknown key 'voice.comand' — did you mean 'command'?"
        );
        assert!(
            parse("[voice]\nname = \"x\"\n")
                .unwrap_err()
                .contains("needs a `command`")
        );
        assert!(parse("[voice]\ncommand = []\n").is_err());
        assert!(parse("[voice]\ncommand = [\"x\"]\ntimeout = \"0s\"\n").is_err());
        assert!(
            parse("voice = \"espeak-ng\"\n")
                .unwrap_err()
                .contains("must be a table")
        );
    }

    /// Issue #21: only a timeout from 1 s to 1 h is accepted, as the message says; a
    /// fraction of a second was let through.
    #[test]
    fn a_voice_timeout_is_from_one_second_to_one_hour_issue_21() {
        let timeout = |t: &str| {
            parse(&format!("[voice]\ncommand = [\"x\"]\ntimeout = \"{t}\"\n"))
                .map(|c| c.voice.unwrap().timeout)
        };
        assert_eq!(timeout("1s"), Ok(Duration::from_secs(1)));
        assert_eq!(timeout("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(timeout("2m 30s"), Ok(Duration::from_secs(150)));
        for bad in ["0s", "500ms", "999ms", "1h 1s", "2h", "soon", ""] {
            assert_eq!(
                timeout(bad).unwrap_err(),
                "config.toml:3:11: `voice.timeout` must be a duration from 1s to 1h, like \"2m\"",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn clock_times_are_strict() {
        assert_eq!(parse_hh_mm("04:00"), Some((4, 0)));
        assert_eq!(parse_hh_mm("4:05"), Some((4, 5)));
        assert_eq!(parse_hh_mm("23:59"), Some((23, 59)));
        for bad in ["24:00", "12:60", "1200", "12:5", ":30", "a:bc", "12:00:00"] {
            assert_eq!(parse_hh_mm(bad), None, "{bad}");
        }
    }
}
