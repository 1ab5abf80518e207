//! `still transcript SESSION`

use std::process::ExitCode;

use super::{Fail, out};
use crate::session;
use crate::timeline::captions;

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Vtt,
    Srt,
}

/// Print a session's narration with its times
///
/// Each say line is one cue, from its start to its end: plain text, WebVTT or SubRip.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A session id (see `still list`) or a script file
    #[arg(value_name = "SESSION")]
    session: String,

    /// Set a param for this run, e.g. --set rounds=8
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: Args) -> Result<ExitCode, Fail> {
    let s = session::load(&args.session, &args.sets, super::home().as_ref())?;
    let caps = captions::captions(&s.timeline);
    let text = match args.format {
        Format::Text => captions::text(&caps),
        Format::Vtt => captions::vtt(&caps),
        Format::Srt => captions::srt(&caps),
    };
    out::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
