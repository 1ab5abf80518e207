//! `still play SESSION`

use super::Exit;
use super::args::{SessionArgs, SitArgs};
use super::{Fail, practice, sitting};
use crate::player::Record;
use crate::script::values::parse_duration_in;
use crate::timeline::Timeline;
use crate::timeline::time::{clock, duration_to_frames, frames_to_ms};

/// Play a session, with progress, captions, a breathing pacer and keys
///
/// Keys: space pause · → next step · ← restart the step (paused, both stay paused) · + and −
/// volume · m ambient on/off · c captions on/off · q or Esc end · Ctrl-Z suspend. The sit
/// goes to your journal at the end, or when you stop early (under 10s practised is not
/// recorded). It is recorded as completed when it reached the end having skipped at most a
/// tenth of what it set out to play. With --plain, TERM=dumb or output to a pipe, prints a
/// plain line per step, breath phase and caption instead. `still play today` plays what
/// your course assigns today (`still today`).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    session: SessionArgs,

    /// Leave out the ambient bed
    #[arg(long)]
    no_ambient: bool,

    /// Start part way: a time into the session (3m, 1:30) or a step (step:5); what is
    /// skipped is not practice
    #[arg(long, value_name = "WHEN", conflicts_with = "resume")]
    from: Option<String>,

    /// Start at the step where the last sit of this session stopped early
    #[arg(long)]
    resume: bool,

    #[command(flatten)]
    sit: SitArgs,
}

pub fn run(mut args: Args, color: bool) -> Result<Exit, Fail> {
    // `today` is the course's session for today, never a session of that id.
    if args.session.session == "today" {
        args.session.session = super::today::play_reference()?;
    }
    let mut opts = args.sit.options(color, !args.no_ambient, false)?;
    let s = args.session.load()?;
    // The screen speaks the language the session is played in.
    opts.words = crate::i18n::Messages::for_language(s.script.spoken_language());
    let t = &s.timeline;
    if let Some(when) = &args.from {
        opts.from = from(when, t)?;
    }
    if args.resume {
        let home = practice::home()?;
        let id = &s.script.id;
        let Some(ms) = crate::journal::last_stop(&home, id)? else {
            return Err(Fail::input(format!(
                "there is nothing of '{id}' to resume: its last sit was not stopped early"
            ))
            .hint(format!(
                "start from the top with `still play {}`, or part way with --from",
                crate::util::text::shell_quoted(&args.session.session)
            )));
        };
        // From the top of the step it stopped in: a sentence is heard whole.
        let at = duration_to_frames(std::time::Duration::from_millis(ms));
        opts.from = t.step_at(at).map_or(0, |i| t.steps[i].start);
    }
    if opts.from > 0 {
        let step = t.step_at(opts.from).map_or(0, |i| i + 1);
        println!(
            "Starting at {} (step {step} of {}); what comes before is not practised.",
            clock(opts.from),
            t.steps.len()
        );
    }
    let record = Record {
        id: &s.script.id,
        title: &s.script.title,
        practice: 0..t.length,
        language: Some(s.script.spoken_language()),
    };
    sitting::run(&s, &opts, record)
}

/// `--from`: a time into the session, or `step:N` (1-based, as the screen counts steps).
fn from(when: &str, t: &Timeline) -> Result<u64, Fail> {
    let count = t.steps.len();
    if let Some(n) = when.trim().strip_prefix("step:") {
        return match n.trim().parse::<usize>() {
            Ok(n) if (1..=count).contains(&n) => Ok(t.steps[n - 1].start),
            _ => Err(Fail::input(format!(
                "--from '{when}': this session has steps 1 to {count}"
            ))
            .hint("give a step as step:N, e.g. --from step:2 (`still show` lists them)")),
        };
    }
    let d = parse_duration_in(when, "m").map_err(|e| {
        Fail::input(format!("--from '{when}' is not a time or a step: {e}"))
            .hint("write a time into the session (3m, 1:30) or a step (step:5)")
    })?;
    let frame = duration_to_frames(d);
    if frame >= t.length {
        return Err(Fail::input(format!(
            "--from {when} is past the end: the session lasts {}",
            crate::util::length::length(frames_to_ms(t.length))
        ))
        .hint("give a time before the end, or a step (step:N)"));
    }
    Ok(frame)
}
