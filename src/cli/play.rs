//! `still play SESSION`

use std::process::ExitCode;

use super::{Fail, sit};
use crate::player::{OutputKind, PlayOptions};
use crate::script::values::parse_volume;
use crate::session;

/// Play a session, with progress, captions, a breathing pacer and keys
///
/// Keys: space pause · → next step · ← restart the step · + and − volume · m ambient on/off
/// · c captions on/off · q or Esc end. The sit goes to your journal at the end, or when you
/// stop early. Without a terminal (output to a pipe), prints a plain line per step.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A session id (see `still list`) or a script file
    #[arg(value_name = "SESSION")]
    session: String,

    /// Set a param for this run, e.g. --set rounds=8
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,

    /// Where the sound goes: the sound card, or nowhere (silent, in real time)
    #[arg(long, value_enum, default_value = "device")]
    output: OutputKind,

    /// Master volume: a gain from 0 to 2 or decibels such as -6dB
    #[arg(
        long,
        value_name = "V",
        default_value = "1",
        allow_hyphen_values = true
    )]
    volume: String,

    /// Leave out the ambient bed
    #[arg(long)]
    no_ambient: bool,

    /// Start at this minute (24-hour local time), after a countdown: a group on several
    /// machines hears its bells together
    #[arg(long, value_name = "HH:MM")]
    start_at: Option<String>,
}

pub fn run(args: Args, color: bool) -> Result<ExitCode, Fail> {
    let volume = parse_volume(&args.volume).map_err(|e| {
        Fail::input(format!("--volume: {e}"))
            .hint("give a gain from 0 to 2 (0.5) or decibels (-6dB)")
    })?;
    let start_at = args.start_at.as_deref().map(sit::start_at).transpose()?;
    let s = session::load(&args.session, &args.sets, sit::home_or_none().as_ref())?;
    let opts = PlayOptions {
        output: args.output,
        volume: volume.0,
        ambient: !args.no_ambient,
        color,
        open_ended: false,
        start_at,
    };
    let record = sit::Record {
        id: &s.script.id,
        title: &s.script.title,
        prep: 0,
    };
    let retry = format!("still play {}", args.session);
    sit::run(&s, &opts, record, &retry)
}
