//! The player on a terminal: the screen drawn in place and kept to the terminal's size
//! (drawn again at once on a resize), the keys, Ctrl-Z and `fg`.

use std::time::Duration;

use crate::ui::term::Display;
use crate::ui::{OpenSit, State, screen};

use super::keys::{self, Action};
use super::terminal::{Changes, RawTerminal};
use super::watch::Watch;
use super::{Ending, PAUSED_TICK, Running, TICK, input};

/// How a sit on the terminal went.
pub struct Outcome {
    pub ending: Ending,
}

/// The widest the screen is drawn, however wide the terminal: lines stay easy to read.
const MAX_WIDTH: u16 = 100;

pub fn run(sit: &Running<'_>, raw: &RawTerminal) -> Outcome {
    let (session, opts, practice, c, signals) = (
        sit.session,
        sit.opts,
        sit.practice,
        sit.controls,
        sit.signals,
    );
    let t = &session.timeline;
    let changes = Changes::watch();
    let mut display = Display::new(opts.color);
    let mut state = State {
        title: session.script.title.clone(),
        position: 0,
        paused: false,
        waiting: false,
        captions: true,
        ambient: t.ambient.as_ref().map(|_| opts.ambient),
        volume: opts.volume,
        open: opts.open_ended.then_some(OpenSit {
            prep: practice.start,
            closed: None,
        }),
        // A timer (its practice is not the whole sit: a preparation before it, closing bells
        // after it) counts its own DURATION, with or without a preparation.
        span: (!opts.open_ended && *practice != (0..t.length))
            .then_some((practice.start, practice.end)),
        words: opts.words,
    };
    let mut size = size();
    let mut watch = Watch::new(c);
    // Ticks left to wake briskly after a key, whatever the screen would otherwise wait for.
    let mut brisk = 0u8;
    let ending = loop {
        if let Some(e) = watch.stopped(c, signals).or_else(|| watch.ran_out(c)) {
            break e;
        }

        if changes.continued() {
            // Continued by someone else's SIGCONT: the shell may have reset the terminal.
            raw.resume();
            display.redraw();
            watch.rest(c);
        }
        if changes.resized() {
            size = self::size();
            display.redraw();
        }
        state.position = c.position();
        state.paused = c.is_paused();
        state.waiting = c.is_waiting();
        display.show(&screen(t, &state, size.0, size.1));

        let wait = if brisk > 0 {
            // Just after a key: a seek lands on the audio thread's next block.
            brisk -= 1;
            TICK
        } else if state.paused || state.waiting {
            PAUSED_TICK
        } else {
            next_change(t, state.position)
        };
        let keys = match input::wait(wait, sit.remote.wake()) {
            input::Input::Keys(k) => k,
            // The terminal closed under us: keep what was practised and stop.
            input::Input::Gone => break Ending::Interrupted,
        };
        // The keys, then what came over the bus: the same actions either way.
        let mut actions: Vec<Action> = keys.into_iter().filter_map(keys::action).collect();
        actions.extend(sit.remote.actions(c.is_paused()));
        let mut ended = None;
        if !actions.is_empty() {
            brisk = 3;
        }
        for action in actions {
            let open = state.open.as_mut();
            match action {
                // At a wait it goes on; anywhere else it pauses or resumes.
                Action::TogglePause => {
                    super::wait::play_pause(c);
                }
                // An open sit has no steps to move between: only q closes it.
                Action::NextStep | Action::RestartStep if open.is_some() => {}
                // Paused, these move and stay paused: a look ahead is not a resume.
                Action::NextStep => {
                    let next = t.step_at(c.position()).map_or(0, |i| i + 1);
                    c.seek(t.steps.get(next).map_or(t.length, |s| s.start));
                }
                Action::RestartStep => {
                    if let Some(i) = t.step_at(c.position()) {
                        c.seek(t.steps[i].start);
                    }
                }
                Action::VolumeUp => {
                    state.volume = (state.volume + 0.1).min(2.0);
                    c.set_volume(state.volume);
                }
                Action::VolumeDown => {
                    state.volume = (state.volume - 0.1).max(0.0);
                    c.set_volume(state.volume);
                }
                Action::ToggleAmbient => {
                    if let Some(on) = state.ambient.as_mut() {
                        *on = !*on;
                        c.set_ambient(*on);
                    }
                }
                Action::ToggleCaptions => state.captions = !state.captions,
                Action::Quit => match open {
                    Some(o) if o.closed.is_none() => {
                        // An open sit closes with its bells, once: the time sat ends here.
                        let bells = t.steps.last().map_or(t.length, |s| s.start);
                        o.closed = Some((c.position(), bells));
                        c.seek(bells);
                        c.set_paused(false);
                    }
                    _ => ended = Some(Ending::Quit),
                },
                Action::Interrupt => ended = Some(Ending::Interrupted),
                Action::Suspend => {
                    c.set_paused(true);
                    state.paused = true;
                    display.show(&screen(t, &state, size.0, size.1));
                    display.leave();
                    raw.suspend();
                    // Back after `fg`: paused, drawn anew at whatever size the terminal is.
                    let _ = changes.continued();
                    size = self::size();
                    display.redraw();
                    watch.rest(c);
                }
            }
        }
        if let Some(e) = ended {
            break e;
        }
    };
    state.position = c.position();
    display.show(&screen(t, &state, size.0, size.1));
    display.leave();
    Outcome { ending }
}

/// How long until the screen may change by itself: a tick while the pacer moves, else
/// until the clock's next second or the next event (a key or a resize wakes it sooner).
fn next_change(t: &crate::timeline::Timeline, pos: u64) -> Duration {
    if crate::ui::moment::breath(t, pos).is_some() {
        return TICK;
    }
    let rate = u64::from(crate::timeline::RATE);
    // The next second, or the next event (a step, a caption, a breath) if that is sooner.
    let next_event = t.events.partition_point(|e| e.frame <= pos);
    let to_next = t
        .events
        .get(next_event)
        .map_or(u64::MAX, |e| e.frame - pos)
        .min(rate - pos % rate);
    // A little past the second, so the output has surely taken it.
    (Duration::from_millis(to_next * 1000 / rate) + Duration::from_millis(15))
        .clamp(Duration::from_millis(20), Duration::from_millis(1100))
}

/// The terminal's width (at most [`MAX_WIDTH`]) and height.
fn size() -> (usize, usize) {
    // A terminal that does not know its size (0×0) is taken to be the usual 80×24.
    let (w, h) = crossterm::terminal::size()
        .ok()
        .filter(|&(w, h)| w > 0 && h > 0)
        .unwrap_or((80, 24));
    (usize::from(w.min(MAX_WIDTH)), usize::from(h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{NoFolder, SourceFile, parse};
    use crate::timeline::{ClipLengths, compile};

    #[test]
    fn issue_14_the_screen_wakes_for_the_pacer_the_next_second_or_the_next_event() {
        let s = parse(
            &SourceFile::new(
                "t.yaml",
                "format: still/1\ntitle: T\nsteps:\n  - pause: 1700ms\n  - breathe: { pattern: box, rounds: 1 }\n  - pause: 1m\n",
            ),
            "t",
            &NoFolder,
        )
        .unwrap();
        let t = compile(&s, &[], &ClipLengths::new()).unwrap();
        let ms = |d: Duration| d.as_millis();
        // In the first pause: until the next second, then until the breath begins at 1.7 s.
        assert_eq!(ms(next_change(&t, 48_000 / 4)), 750 + 15);
        assert_eq!(ms(next_change(&t, 48_000 + 48_000 / 10)), 600 + 15);
        // While the pacer moves: every tick.
        assert_eq!(next_change(&t, 48_000 * 3), TICK);
        // Later, in the long pause: the next second.
        assert_eq!(ms(next_change(&t, 48_000 * 30)), 1000 + 15);
    }
}
