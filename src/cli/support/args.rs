//! Arguments several subcommands share, declared once so their help reads the same.

use super::Fail;
use crate::cli::sit;
use crate::player::{OutputKind, PlayOptions};
use crate::script::values::parse_volume;
use crate::session::{self, Session, SessionError};

/// A session to load: `play`, `render`, `show` and `transcript`.
#[derive(clap::Args, Debug)]
pub struct SessionArgs {
    /// A session id (see `still list`) or a script file
    #[arg(value_name = "SESSION")]
    pub session: String,

    /// Set a param for this run, e.g. --set rounds=8
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
}

impl SessionArgs {
    /// Finds, checks and compiles the session with its `--set` values.
    pub fn load(&self) -> Result<Session, SessionError> {
        session::load(&self.session, &self.sets, crate::cli::home().as_ref())
    }
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
        let start_at = self.start_at.as_deref().map(sit::start_at).transpose()?;
        Ok(PlayOptions {
            output: self.output,
            volume: volume.0,
            ambient,
            color,
            open_ended,
            start_at,
        })
    }
}
