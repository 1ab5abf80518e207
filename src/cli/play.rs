//! `still play SESSION`

use super::Exit;
use super::args::{SessionArgs, SitArgs};
use super::{Fail, sitting};
use crate::player::Record;

/// Play a session, with progress, captions, a breathing pacer and keys
///
/// Keys: space pause · → next step · ← restart the step (paused, both stay paused) · + and −
/// volume · m ambient on/off · c captions on/off · q or Esc end · Ctrl-Z suspend. The sit
/// goes to your journal at the end, or when you stop early. With --plain, TERM=dumb or
/// output to a pipe, prints a plain line per step, breath phase and caption instead.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    session: SessionArgs,

    /// Leave out the ambient bed
    #[arg(long)]
    no_ambient: bool,

    #[command(flatten)]
    sit: SitArgs,
}

pub fn run(args: Args, color: bool) -> Result<Exit, Fail> {
    let opts = args.sit.options(color, !args.no_ambient, false)?;
    let s = args.session.load()?;
    let record = Record {
        id: &s.script.id,
        title: &s.script.title,
        prep: 0,
    };
    let retry = format!("still play {}", args.session.session);
    sitting::run(&s, &opts, record, &retry)
}
