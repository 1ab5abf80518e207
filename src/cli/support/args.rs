//! Arguments several subcommands share, declared once so their help reads the same.

use super::Fail;
use crate::home::Home;
use crate::home::config::Config;
use crate::library::Pick;
use crate::player::{OutputKind, PlayOptions};
use crate::script::values::parse_volume;
use crate::session::{self, Session};
use crate::util::language;

/// A session to load: `play`, `render`, `show` and `transcript`.
#[derive(clap::Args, Debug)]
pub struct SessionArgs {
    /// A session id (see `still list`) or a script file
    #[arg(value_name = "SESSION")]
    pub session: String,

    /// Set a param for this run, e.g. --set rounds=8
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,

    /// The session in this language for this run (es, fr, …) [default: `language` in
    /// config.toml, else your locale (LC_ALL, LC_MESSAGES, LANG) when the session has it,
    /// else English]
    #[arg(long, value_name = "LANG")]
    pub language: Option<String>,
}

impl SessionArgs {
    /// Finds, checks and compiles the session with its `--set` values, in the language
    /// asked for.
    pub fn load(&self) -> Result<Session, Fail> {
        let home = crate::cli::home();
        let pick = pick(self.language.as_deref(), home.as_ref())?;
        Ok(session::load(
            &self.session,
            &self.sets,
            home.as_ref(),
            &pick,
        )?)
    }
}

/// Which language to take a session in: `--language` (that one or an error), else the
/// sitter's (`language` in config.toml, else the locale), which falls back to English.
pub fn pick(asked: Option<&str>, home: Option<&Home>) -> Result<Pick, Fail> {
    if let Some(text) = asked {
        let tag = language::tag(text).ok_or_else(|| {
            Fail::new(
                format!("--language '{text}' is not a language code"),
                super::Exit::Usage,
            )
            .hint("give one such as es, fr or pt-BR; `still list` shows the languages each session has")
        })?;
        return Ok(Pick::Only(tag));
    }
    Ok(Pick::Prefer(sitter_language(home)?))
}

/// The sitter's language: `language` in config.toml, else the locale's, else English.
pub fn sitter_language(home: Option<&Home>) -> Result<String, Fail> {
    let config = match home {
        Some(home) => Config::load(home)?,
        None => Config::default(),
    };
    Ok(config.sitter_language())
}

/// Where a live sit's sound goes, how loud, and when it starts: `play` and `timer`.
#[derive(clap::Args, Debug)]
pub struct SitArgs {
    /// Where the sound goes: the sound card, or nowhere (silent, in real time)
    #[arg(long, value_enum, default_value = "device")]
    pub output: OutputKind,

    /// Master volume: a gain from 0 to 2 or decibels such as -6dB
    #[arg(
        long,
        value_name = "V",
        default_value = "1",
        allow_hyphen_values = true
    )]
    pub volume: String,

    /// Start at this minute (24-hour local time), after a countdown: a group on several
    /// machines hears its bells together
    #[arg(long, value_name = "HH:MM")]
    pub start_at: Option<String>,

    /// One plain line per event (a step, each breath, each caption) and no redrawing, for
    /// screen readers and logs; also when TERM=dumb
    #[arg(long)]
    pub plain: bool,
}

impl SitArgs {
    /// The player's options, with the volume and start time checked.
    pub fn options(
        &self,
        color: bool,
        ambient: bool,
        open_ended: bool,
    ) -> Result<PlayOptions, Fail> {
        let volume = parse_volume(&self.volume).map_err(|e| {
            Fail::input(format!("--volume: {e}"))
                .hint("give a gain from 0 to 2 (0.5) or decibels (-6dB)")
        })?;
        let start_at = self.start_at.as_deref().map(start_at).transpose()?;
        Ok(PlayOptions {
            output: self.output,
            volume: volume.0,
            ambient,
            color,
            open_ended,
            plain: self.plain || std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
            start_at,
            from: 0,
            // English until the command knows the language of what it plays.
            words: crate::i18n::Messages::english(),
        })
    }
}

/// `--start-at HH:MM`: that minute today, in local time.
pub fn start_at(text: &str) -> Result<std::time::SystemTime, Fail> {
    let bad = || {
        Fail::input(format!("--start-at '{text}' is not a time"))
            .hint("write it as HH:MM in 24-hour time, e.g. --start-at 18:30")
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (i8, i8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    let time = jiff::civil::Time::new(h, m, 0, 0).map_err(|_| bad())?;
    let now = crate::util::clock::now();
    let target = now
        .date()
        .to_datetime(time)
        .to_zoned_datetime(now.time_zone().clone())
        .map_err(|_| bad())?;
    if target.timestamp() < now.timestamp() {
        return Err(Fail::input(format!(
            "--start-at {text} has already passed today (it is {})",
            now.strftime("%H:%M:%S")
        ))
        .hint("give a time later today"));
    }
    std::time::SystemTime::try_from(target.timestamp()).map_err(|_| bad())
}
