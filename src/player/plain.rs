//! The player as plain lines (`--plain`, `TERM=dumb`, or output to a pipe or a file): no
//! redraws and no cursor moves, one line per event — a step begins, each breath phase,
//! each caption, the closing — for screen readers and logs. On a terminal the keys still
//! work, and each one that changes something says so on a line of its own.

use std::io::Write;

use crate::i18n::{id, num, text};
use crate::timeline::EventKind;
use crate::timeline::time::{RATE, clock, human};
use crate::ui::OpenSit;
use crate::ui::moment;
use crate::util::text::truncate;

use super::keys::{self, Action};
use super::live::Outcome;
use super::terminal::RawTerminal;
use super::watch::Watch;
use super::{Ending, PAUSED_TICK, Running, TICK, input};

/// The lines written so far and where they go: `\r\n` ends a line in raw mode.
struct Lines {
    out: std::io::Stdout,
    end: &'static str,
}

impl Lines {
    fn say(&mut self, line: &str) {
        let _ = write!(self.out, "{line}{}", self.end);
        let _ = self.out.flush();
    }

    /// A line at a time in the sit: `   1:05  …`.
    fn at(&mut self, frames: u64, what: &str) {
        self.say(&format!("{:>7}  {what}", clock(frames)));
    }
}

pub fn run(sit: &Running<'_>, raw: Option<&RawTerminal>) -> Outcome {
    let (session, opts, practice, c, signals) = (
        sit.session,
        sit.opts,
        sit.practice,
        sit.controls,
        sit.signals,
    );
    let t = &session.timeline;
    let w = &opts.words;
    let mut lines = Lines {
        out: std::io::stdout(),
        end: if raw.is_some() { "\r\n" } else { "\n" },
    };
    let mut open = opts.open_ended.then_some(OpenSit {
        prep: practice.start,
        closed: None,
    });
    let title = truncate(&session.script.title, usize::MAX);
    lines.say(&match (open, raw.is_some()) {
        (Some(_), true) => w.get(id::PLAIN_OPEN_TITLE, &[("title", text(title.clone()))]),
        (Some(_), false) => title,
        (None, _) => format!("{title} · {}", human(t.length)),
    });
    let mut captions = true;
    let mut ambient = opts.ambient;
    let mut volume = opts.volume;
    let mut shown_step: Option<usize> = None;
    let mut closing_said = false;
    let mut last_pos = 0u64;
    // The next event not yet said.
    let mut next = 0usize;
    let mut watch = Watch::new(c);
    let ending = loop {
        if let Some(e) = watch.stopped(c, signals) {
            break e;
        }
        let pos = c.position();
        // A seek (a key, or an open sit closing) is not a stretch of events to read out.
        if pos < last_pos || pos > last_pos + 3 * u64::from(RATE) {
            next = t.events.partition_point(|e| e.frame < pos);
        }
        last_pos = pos;
        let step = t.step_at(pos).filter(|_| pos < t.length);
        if step != shown_step {
            if let Some(i) = step {
                let s = &t.steps[i];
                match open {
                    Some(o) if o.closed.is_some() => {}
                    Some(o) if pos < o.prep => lines.at(0, &w.text(id::SETTLING)),
                    Some(_) if s.kind == "bell" => {
                        lines.at(sat(open, s.start), &w.text(id::PLAIN_BELL))
                    }
                    Some(_) => {}
                    None => {
                        lines.say(&format!(
                            "{:>7}  {:<8} {}",
                            clock(s.start),
                            crate::ui::view::kind(w, s.kind),
                            truncate(&s.label, usize::MAX)
                        ));
                        if let Some(note) = &s.note {
                            let note = truncate(note, usize::MAX);
                            lines.at(
                                s.start,
                                &format!("  {}", w.get(id::NOTE, &[("note", text(note))])),
                            );
                        }
                        if s.kind == "wait" && raw.is_some() {
                            lines.at(s.start, &format!("  {}", w.text(id::PLAIN_WAITING)));
                        }
                    }
                }
            }
            shown_step = step;
        }
        let upto = t.events.partition_point(|e| e.frame <= pos);
        for e in &t.events[next.min(upto)..upto] {
            match &e.kind {
                EventKind::Cue { .. } => {
                    let Some(b) = moment::breath(t, e.frame) else {
                        continue;
                    };
                    let secs = b.length.div_ceil(u64::from(RATE));
                    let round = match moment::round(t, e.frame) {
                        Some((k, n)) if b.begins_round() => format!(
                            "{} · ",
                            w.get(id::ROUND_OF, &[("n", num(k)), ("total", num(n))])
                        ),
                        _ => String::new(),
                    };
                    lines.at(
                        sat(open, e.frame),
                        &format!("  {round}{} {secs}", b.word(w)),
                    );
                }
                // One caption per line, at its first part, with the whole line (a line
                // with inline pauses is several say events).
                EventKind::Say { .. } if captions => {
                    if let Some(line) = moment::caption(t, e.frame).filter(|_| {
                        t.step_at(e.frame)
                            .is_some_and(|i| t.steps[i].start == e.frame)
                    }) {
                        lines.at(
                            sat(open, e.frame),
                            &format!("  {}", truncate(line, usize::MAX)),
                        );
                    }
                }
                _ => {}
            }
        }
        next = next.max(upto);
        // A sit that finished between two looks at the clock (a busy machine) reached its
        // closing all the same: it is said before the end line.
        let ran_out = watch.ran_out(c);
        let closed = pos >= t.length || matches!(ran_out, Some(Ending::Finished));
        if closed && !closing_said && open.is_none() {
            lines.at(pos.max(t.length), &w.text(id::CLOSING));
            closing_said = true;
        }
        if let Some(e) = ran_out {
            break e;
        }

        // Without a terminal there are no keys, but the bus may still ask (playerctl).
        let keys = match raw {
            None => {
                input::rest(TICK, sit.remote.wake());
                vec![]
            }
            Some(_) => {
                let wait = if c.is_paused() { PAUSED_TICK } else { TICK };
                match input::wait(wait, sit.remote.wake()) {
                    input::Input::Keys(k) => k,
                    input::Input::Gone => break Ending::Interrupted,
                }
            }
        };
        let mut actions: Vec<Action> = keys.into_iter().filter_map(keys::action).collect();
        actions.extend(sit.remote.actions(c.is_paused()));
        let mut ended = None;
        for action in actions {
            let now = sat(open, c.position());
            match action {
                Action::TogglePause => match super::wait::play_pause(c) {
                    super::wait::PlayPause::WentOn => lines.at(now, &w.text(id::PLAIN_GOING_ON)),
                    super::wait::PlayPause::Paused(paused) => lines.at(
                        now,
                        &w.text(if paused {
                            id::PAUSED
                        } else {
                            id::PLAIN_RESUMED
                        }),
                    ),
                },
                Action::NextStep | Action::RestartStep if open.is_some() => {}
                Action::NextStep => {
                    let i = t.step_at(c.position()).map_or(0, |i| i + 1);
                    c.seek(t.steps.get(i).map_or(t.length, |s| s.start));
                }
                Action::RestartStep => {
                    if let Some(i) = t.step_at(c.position()) {
                        c.seek(t.steps[i].start);
                        // The same step again: say it again.
                        shown_step = None;
                    }
                }
                Action::VolumeUp | Action::VolumeDown => {
                    let up = action == Action::VolumeUp;
                    volume = if up { volume + 0.1 } else { volume - 0.1 }.clamp(0.0, 2.0);
                    c.set_volume(volume);
                    let percent = (f64::from(volume) * 100.0).round();
                    lines.at(now, &w.get(id::VOLUME, &[("percent", num(percent))]));
                }
                Action::ToggleAmbient if t.ambient.is_some() => {
                    ambient = !ambient;
                    c.set_ambient(ambient);
                    let said = if ambient {
                        id::PLAIN_AMBIENT_ON
                    } else {
                        id::AMBIENT_OFF
                    };
                    lines.at(now, &w.text(said));
                }
                Action::ToggleCaptions if moment::has_captions(t) => {
                    captions = !captions;
                    let said = if captions {
                        id::PLAIN_CAPTIONS_ON
                    } else {
                        id::CAPTIONS_OFF
                    };
                    lines.at(now, &w.text(said));
                }
                Action::Quit => match open.as_mut() {
                    Some(o) if o.closed.is_none() => {
                        let bells = t.steps.last().map_or(t.length, |s| s.start);
                        o.closed = Some((c.position(), bells));
                        c.seek(bells);
                        c.set_paused(false);
                        lines.at(now, &w.text(id::PLAIN_CLOSING_BELLS));
                    }
                    _ => ended = Some(Ending::Quit),
                },
                Action::Interrupt => ended = Some(Ending::Interrupted),
                Action::Suspend => {
                    // Only a key asks this, so there is a terminal to hand back.
                    let Some(raw) = raw else { continue };
                    c.set_paused(true);
                    lines.at(now, &w.text(id::PLAIN_SUSPENDED));
                    raw.suspend();
                    lines.at(now, &w.text(id::PLAIN_BACK));
                    watch.rest(c);
                }
                _ => {}
            }
        }
        if let Some(e) = ended {
            break e;
        }
    };
    Outcome { ending }
}

/// The time a line is said at: an open sit's own clock, else the position.
fn sat(open: Option<OpenSit>, pos: u64) -> u64 {
    open.map_or(pos, |o| o.elapsed(pos))
}
