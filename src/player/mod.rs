//! A live sit: the renderer on an output, the clock read back from it, keys, the screen,
//! and the sit recorded in the journal at the end ([`sit`]). Nothing here schedules sound: the output pulls frames
//! and the player only reads how many it has taken.

mod input;
pub mod keys;
mod live;
mod plain;
mod sitting;
pub mod terminal;

use std::io::IsTerminal;
use std::time::{Duration, SystemTime};

use crate::mix::{Controls, Loader};
use crate::output::Live;
use crate::output::device::{DeviceError, DeviceOutput};
use crate::output::null::NullOutput;
use crate::output::quiet::QuietStderr;
use crate::session::{Session, SessionError};

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
    /// One plain line per event, no redraws or cursor moves (`--plain`, `TERM=dumb`).
    pub plain: bool,
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

/// Plays `session` and returns how the sit went. `prep` is the settling before an open
/// sit's opening bell, which its clock does not count.
pub fn play(session: &Session, opts: &PlayOptions, prep: u64) -> Result<Played, PlayError> {
    let (renderer, bank) = session.live_renderer()?;
    let timeline = &session.timeline;
    let controls = Controls::new(opts.volume, opts.ambient);
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    let signals = Signals::watch();

    if let Some(at) = opts.start_at {
        countdown(at, &signals, interactive, opts.plain)?;
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
    let outcome = if !interactive {
        plain::run(session, opts, prep, &controls, &signals, None)
    } else if opts.plain {
        let raw = RawTerminal::enter_plain().map_err(PlayError::Terminal)?;
        plain::run(session, opts, prep, &controls, &signals, Some(&raw))
    } else {
        let raw = RawTerminal::enter().map_err(PlayError::Terminal)?;
        live::run(session, opts, prep, &controls, &signals, &raw)
    };
    let ending = outcome.ending;
    drop(live);
    let broken = loading.failure();
    drop(loading);
    drop(quiet);
    if let Some(e) = broken {
        // Found beside the first seconds of sound: the sit stops, and is not recorded.
        return Err(PlayError::Session(session.located(e)));
    }

    let position = controls.position();
    let played = controls.played();
    let ring_out_played = position.saturating_sub(timeline.length).min(played);
    Ok(Played {
        started_at,
        planned: timeline.length,
        // An open sit counts up to the q that closed it, not its closing bells.
        practiced: outcome.closed_at.unwrap_or(played - ring_out_played),
        // An open sit is whole once q has rung its closing bells.
        completed: if opts.open_ended {
            outcome.closed_at.is_some() && ending != Ending::Interrupted
        } else {
            position >= timeline.length && ending != Ending::Interrupted
        },
        ending,
    })
}

/// Waits for `--start-at`, showing the time left; q or Ctrl-C cancels.
/// Plain (`--plain`), it says when it starts on one line and draws nothing.
fn countdown(
    at: SystemTime,
    signals: &Signals,
    interactive: bool,
    plain: bool,
) -> Result<(), PlayError> {
    let raw = match (interactive, plain) {
        (false, _) => None,
        (true, false) => Some(RawTerminal::enter().map_err(PlayError::Terminal)?),
        (true, true) => Some(RawTerminal::enter_plain().map_err(PlayError::Terminal)?),
    };
    let draw = interactive && !plain;
    let mut shown = String::new();
    while let Ok(left) = at.duration_since(SystemTime::now()) {
        if signals.received() {
            return Err(PlayError::Cancelled);
        }
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let text = format!("starting in {}:{:02}", secs / 60, secs % 60);
        if text != shown {
            if draw {
                print!("\r\x1b[2K{text}  (q cancels)");
            } else if interactive && shown.is_empty() {
                print!("{text}  (q cancels)\r\n");
            }
            let _ = std::io::Write::flush(&mut std::io::stdout());
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
                if draw {
                    print!("\r\x1b[2K");
                }
                return Err(PlayError::Cancelled);
            }
        } else {
            std::thread::sleep(step);
        }
    }
    if draw {
        print!("\r\x1b[2K");
    }
    drop(raw);
    Ok(())
}
