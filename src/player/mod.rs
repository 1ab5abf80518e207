//! A live sit: the renderer on an output, the clock read back from it, keys, the screen,
//! and the sit recorded in the journal at the end ([`sit`]). Nothing here schedules sound: the output pulls frames
//! and the player only reads how many it has taken.

mod input;
pub mod keys;
mod plain;
mod sitting;
pub mod terminal;

use std::io::IsTerminal;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::mix::{Controls, Loader};
use crate::output::Live;
use crate::output::device::{DeviceError, OpenDevice};
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
    /// The frame of the session the sit starts at (`--from`, `--resume`); 0 from the top.
    pub from: u64,
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
    /// Where in the session it started and where it stopped (frames).
    pub from: u64,
    pub position: u64,
    /// Frames played inside the practice span: pauses, skipped parts, the preparation, the
    /// closing bells and the ring-out not counted.
    pub practiced: u64,
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

/// The output, opened before anything else happens: a sit looks for its sound card before
/// the content note, the mood question or the countdown.
pub struct Stage {
    controls: Arc<Controls>,
    device: Option<OpenDevice>,
}

/// Opens the output `opts` names (the sound card, or nothing for the null output).
pub fn open(opts: &PlayOptions) -> Result<Stage, PlayError> {
    let controls = Controls::new(opts.volume, opts.ambient);
    let device = match opts.output {
        OutputKind::Null => None,
        OutputKind::Device => {
            // ALSA writes its own diagnostics to stderr; keep them off the screen while the
            // device opens. What it said is shown if opening fails.
            let quiet = QuietStderr::to(audio_log());
            match OpenDevice::open(controls.clone()) {
                Ok(d) => Some(d),
                Err(source) => {
                    let said = quiet.captured();
                    drop(quiet);
                    return Err(PlayError::NoDevice { source, said });
                }
            }
        }
    };
    Ok(Stage { controls, device })
}

fn audio_log() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("still-audio-{}.log", std::process::id()))
}

/// The longest wait for the output to take its first frame, which is when the sit began.
const FIRST_FRAME: Duration = Duration::from_secs(2);

/// Plays `session` on `stage` and returns how the sit went; the frames in `practice` are
/// the ones that count as practice.
pub fn play(
    session: &Session,
    opts: &PlayOptions,
    stage: Stage,
    practice: Range<u64>,
) -> Result<Played, PlayError> {
    let (renderer, bank) = session.live_renderer()?;
    let timeline = &session.timeline;
    let controls = stage.controls;
    controls.set_practice(practice.start, practice.end);
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    let signals = Signals::watch();

    if let Some(at) = opts.start_at {
        countdown(at, &session.script.title, &signals, interactive)?;
    }

    // ALSA may still talk while the device is in use; keep it off the screen.
    let quiet = stage.device.is_some().then(|| QuietStderr::to(audio_log()));
    let from = opts.from.min(timeline.length);
    if from > 0 {
        controls.seek(from);
    }
    let (playback, mut loader) = Loader::connect(renderer, bank, timeline, controls.clone());
    // The first clips are on their way before the first sample is asked for.
    loader.tick(from);
    let asked = SystemTime::now();
    let live = match stage.device {
        None => Live::Null(NullOutput::start(playback)),
        Some(d) => Live::Device(d.start(playback)),
    };
    // The sit began with its first frame: wait (briefly) for the output to take one.
    let waiting = Instant::now();
    while controls.played() == 0 && waiting.elapsed() < FIRST_FRAME && !controls.is_lost() {
        std::thread::sleep(Duration::from_millis(2));
    }
    let started_at = match controls.played() {
        0 => asked,
        n => SystemTime::now()
            .checked_sub(crate::timeline::time::frames_to_duration(n))
            .unwrap_or(asked)
            .max(asked),
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

    Ok(Played {
        started_at,
        from,
        position: controls.position(),
        practiced: controls.practiced(),
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

/// Waits for `--start-at`, showing the session and the time left; q or Ctrl-C cancels.
fn countdown(
    at: SystemTime,
    title: &str,
    signals: &Signals,
    interactive: bool,
) -> Result<(), PlayError> {
    let title = crate::util::text::truncate(title, 50);
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
        let text = format!("{title} starts in {}:{:02}", secs / 60, secs % 60);
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
