//! A live sit: the renderer on an output, the clock read back from it, keys, the screen,
//! and the sit recorded in the journal at the end ([`sit`]). Nothing here schedules sound: the output pulls frames
//! and the player only reads how many it has taken.

mod input;
pub mod keys;
mod plain;
mod sitting;
pub mod terminal;

use std::io::IsTerminal;
use std::time::{Duration, Instant, SystemTime};

use crate::mix::{Controls, Loader};
use crate::output::Live;
use crate::output::device::{DeviceError, DeviceOutput};
use crate::output::null::NullOutput;
use crate::output::quiet::QuietStderr;
use crate::session::{Session, SessionError};
use crate::ui::term::Display;
use crate::ui::{State, screen};

pub use sitting::{Record, Sat, sit};

use keys::Action;
use terminal::{RawTerminal, Signals};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputKind {
    /// The default sound output
    Device,
    /// No sound, but paced in real time: the visual pacer alone, or tests
    Null,
}

#[derive(Debug, Clone)]
pub struct PlayOptions {
    pub output: OutputKind,
    pub volume: f32,
    pub ambient: bool,
    pub color: bool,
    /// An open-ended timer: no total shown, and `q` rings the closing bells first.
    pub open_ended: bool,
    /// Wait until this instant before the first frame (`--start-at`), counting down.
    pub start_at: Option<SystemTime>,
}

/// How a sit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Played to the end.
    Finished,
    /// Ended early with q or Esc.
    Quit,
    /// Ctrl-C, SIGINT, SIGTERM or SIGHUP.
    Interrupted,
    /// The audio device failed or went away.
    DeviceLost,
}

/// A sit as it was played.
#[derive(Debug, Clone)]
pub struct Played {
    /// When its first frame was handed to the output: after a `--start-at` countdown.
    pub started_at: SystemTime,
    /// Frames the session was planned to last (the end of its last step).
    pub planned: u64,
    /// Frames actually played, pauses, skipped parts and the ring-out not counted.
    pub practiced: u64,
    /// The last step was reached.
    pub completed: bool,
    pub ending: Ending,
}

#[derive(Debug, thiserror::Error)]
pub enum PlayError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("{source}")]
    NoDevice {
        #[source]
        source: DeviceError,
        /// What the audio system printed while it was tried.
        said: String,
    },
    #[error("cannot use the terminal")]
    Terminal(#[source] std::io::Error),
    #[error("the start was cancelled")]
    Cancelled,
    /// The journal or its config could not be read before the sit.
    #[error(transparent)]
    Journal(#[from] crate::journal::JournalError),
}

/// The UI wakes this often to read the clock; the sound never waits for it.
const TICK: Duration = Duration::from_millis(100);
/// While paused, the screen does not change, so the UI can sleep longer between keys.
const PAUSED_TICK: Duration = Duration::from_millis(250);
/// No frames consumed for this long while playing means the device has gone.
const STALL: Duration = Duration::from_secs(3);

/// Plays `session` and returns how the sit went.
pub fn play(session: &Session, opts: &PlayOptions) -> Result<Played, PlayError> {
    let (renderer, bank) = session.live_renderer()?;
    let timeline = &session.timeline;
    let controls = Controls::new(opts.volume, opts.ambient);
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    let signals = Signals::watch();

    if let Some(at) = opts.start_at {
        countdown(at, &signals, interactive)?;
    }

    // ALSA writes its own diagnostics to stderr; keep them off the screen while the device
    // is in use. What it said is shown if opening fails.
    let quiet = (opts.output == OutputKind::Device).then(|| {
        QuietStderr::to(
            std::env::temp_dir().join(format!("still-audio-{}.log", std::process::id())),
        )
    });
    let (playback, mut loader) = Loader::connect(renderer, bank, timeline, controls.clone());
    // The first clips are on their way before the first sample is asked for.
    loader.tick(0);
    let started_at = SystemTime::now();
    let live = match opts.output {
        OutputKind::Null => Live::Null(NullOutput::start(playback)),
        OutputKind::Device => match DeviceOutput::start(playback, controls.clone()) {
            Ok(d) => Live::Device(d),
            Err(source) => {
                let said = quiet.as_ref().map(|q| q.captured()).unwrap_or_default();
                drop(quiet);
                return Err(PlayError::NoDevice { source, said });
            }
        },
    };

    let loading = loader.spawn(controls.clone());
    let ending = if interactive {
        let raw = RawTerminal::enter().map_err(PlayError::Terminal)?;
        let ending = interactive_loop(session, opts, &controls, &signals);
        drop(raw);
        ending
    } else {
        plain::run(session, &controls, &signals)
    };
    drop(live);
    drop(loading);
    drop(quiet);

    let position = controls.position();
    let played = controls.played();
    let ring_out_played = position.saturating_sub(timeline.length).min(played);
    Ok(Played {
        started_at,
        planned: timeline.length,
        practiced: played - ring_out_played,
        completed: position >= timeline.length && ending != Ending::Interrupted,
        ending,
    })
}

fn interactive_loop(
    session: &Session,
    opts: &PlayOptions,
    c: &Controls,
    signals: &Signals,
) -> Ending {
    let t = &session.timeline;
    let (width, _) = crossterm::terminal::size().unwrap_or((80, 24));
    let width = width.clamp(40, 100);
    let mut display = Display::new(&session.script.title, t.length, width, opts.color);
    let mut state = State {
        position: 0,
        paused: false,
        captions: true,
        ambient: t.ambient.as_ref().map(|_| opts.ambient),
        volume: opts.volume,
        open_ended: opts.open_ended,
        closing: false,
    };
    let mut last_played = (c.played(), Instant::now());
    let ending = loop {
        if signals.received() {
            break Ending::Interrupted;
        }
        if c.is_lost() {
            break Ending::DeviceLost;
        }
        if c.is_finished() {
            break Ending::Finished;
        }
        let played = c.played();
        if played != last_played.0 || state.paused {
            last_played = (played, Instant::now());
        } else if last_played.1.elapsed() > STALL {
            break Ending::DeviceLost;
        }

        state.position = c.position();
        state.paused = c.is_paused();
        display.show(
            screen(t, &state, usize::from(width)),
            state.position,
            u64::from(width),
        );

        let wait = if state.paused { PAUSED_TICK } else { TICK };
        let keys = match input::wait(wait) {
            input::Input::Keys(k) => k,
            // The terminal closed under us: keep what was practised and stop.
            input::Input::Gone => break Ending::Interrupted,
        };
        let mut ended = None;
        for key in keys {
            match keys::action(key) {
                Some(Action::TogglePause) => c.set_paused(!c.is_paused()),
                Some(Action::NextStep) => {
                    let next = t.step_at(c.position()).map_or(0, |i| i + 1);
                    c.seek(t.steps.get(next).map_or(t.length, |s| s.start));
                    c.set_paused(false);
                }
                Some(Action::RestartStep) => {
                    if let Some(i) = t.step_at(c.position()) {
                        c.seek(t.steps[i].start);
                    }
                    c.set_paused(false);
                }
                Some(Action::VolumeUp) => {
                    state.volume = (state.volume + 0.1).min(2.0);
                    c.set_volume(state.volume);
                }
                Some(Action::VolumeDown) => {
                    state.volume = (state.volume - 0.1).max(0.0);
                    c.set_volume(state.volume);
                }
                Some(Action::ToggleAmbient) => {
                    if let Some(on) = state.ambient.as_mut() {
                        *on = !*on;
                        c.set_ambient(*on);
                    }
                }
                Some(Action::ToggleCaptions) => state.captions = !state.captions,
                Some(Action::Quit) if opts.open_ended && !state.closing => {
                    // An open sit closes with its bells: jump to the last step and let it ring.
                    state.closing = true;
                    c.seek(t.steps.last().map_or(t.length, |s| s.start));
                    c.set_paused(false);
                }
                Some(Action::Quit) => ended = Some(Ending::Quit),
                Some(Action::Interrupt) => ended = Some(Ending::Interrupted),
                None => {}
            }
        }
        if let Some(e) = ended {
            break e;
        }
    };
    state.position = c.position();
    display.show(
        screen(t, &state, usize::from(width)),
        state.position,
        u64::from(width),
    );
    display.flush();
    display.finish();
    ending
}

/// Waits for `--start-at`, showing the time left; q or Ctrl-C cancels.
fn countdown(at: SystemTime, signals: &Signals, interactive: bool) -> Result<(), PlayError> {
    let raw = if interactive {
        Some(RawTerminal::enter().map_err(PlayError::Terminal)?)
    } else {
        None
    };
    let mut shown = String::new();
    while let Ok(left) = at.duration_since(SystemTime::now()) {
        if signals.received() {
            return Err(PlayError::Cancelled);
        }
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let text = format!("starting in {}:{:02}", secs / 60, secs % 60);
        if text != shown {
            if interactive {
                print!("\r\x1b[2K{text}  (q cancels)");
                let _ = std::io::Write::flush(&mut std::io::stdout());
            }
            shown = text;
        }
        // Wake at the next whole second, or at the start itself.
        let step = Duration::from_nanos(u64::from(left.subsec_nanos()))
            .max(Duration::from_millis(1))
            .min(left);
        if raw.is_some() {
            let cancelled = match input::wait(step) {
                input::Input::Gone => true,
                input::Input::Keys(keys) => keys
                    .into_iter()
                    .any(|k| matches!(keys::action(k), Some(Action::Quit | Action::Interrupt))),
            };
            if cancelled {
                print!("\r\x1b[2K");
                return Err(PlayError::Cancelled);
            }
        } else {
            std::thread::sleep(step);
        }
    }
    if interactive {
        print!("\r\x1b[2K");
    }
    drop(raw);
    Ok(())
}
