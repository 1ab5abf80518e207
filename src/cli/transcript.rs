//! `still transcript SESSION`

use super::Exit;
use super::args::SessionArgs;
use super::{Fail, out};
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
    #[command(flatten)]
    session: SessionArgs,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let s = args.session.load()?;
    let caps = captions::captions(&s.timeline);
    let text = match args.format {
        Format::Text => captions::text(&caps),
        Format::Vtt => captions::vtt(&caps),
        Format::Srt => captions::srt(&caps),
    };
    out::print(&text)?;
    Ok(Exit::Ok)
}
