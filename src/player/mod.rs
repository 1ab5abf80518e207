//! A live sit: the renderer on an output, the clock read back from it, keys, the screen,
//! and the sit recorded in the journal at the end ([`sit`]). Nothing here schedules sound: the output pulls frames
//! and the player only reads how many it has taken.

pub mod input;
pub mod keys;
mod live;
mod notice;
mod plain;
mod remote;
mod sitting;
pub mod status;
pub mod terminal;
mod wait;
mod watch;

use std::io::IsTerminal;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::desktop::inhibit::Awake;
use crate::i18n::{Messages, id, text};
use crate::mix::{Controls, Loader};
use crate::output::Live;
use crate::output::device::{DeviceError, OpenDevice};
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
    /// The frame of the session the sit starts at (`--from`, `--resume`); 0 from the top.
    pub from: u64,
    /// The words of the screen, the plain lines and the end of the sit: the session's
    /// language, or the sitter's for a timer (issue #20).
    pub words: Messages,
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
    /// Frames of `wait` steps a sit that holds at them does not play (their `render_as`):
    /// not part of what was planned to be practised.
    pub unplanned: u64,
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

/// What the screen and the plain lines run a sit with.
struct Running<'a> {
    session: &'a Session,
    opts: &'a PlayOptions,
    practice: &'a Range<u64>,
    controls: &'a Controls,
    signals: &'a Signals,
    remote: &'a remote::Remote,
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

impl Stage {
    /// The controls the sit on this stage will play by.
    pub fn controls(&self) -> Arc<Controls> {
        self.controls.clone()
    }
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
/// the ones that count as practice, and an open sit's clock counts from its start.
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
    // A wait holds only where a key can let it go on.
    controls.hold_at_waits(interactive);
    let signals = Signals::watch();

    if let Some(at) = opts.start_at {
        countdown(at, &session.script.title, &signals, interactive, opts)?;
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
    // No sleep and no screen blanking while it plays; released when this returns, however.
    let _awake = Awake::take("still", "a meditation session is playing");
    let asked = SystemTime::now();
    let live = match stage.device {
        None => Live::Null(NullOutput::start(playback)),
        Some(d) => Live::Device(d.start(playback)),
    };
    // The sit began with its first frame: wait (briefly) for the output to take one.
    let waiting = Instant::now();
    // Every 10 ms: the start is worked out from the frames played, not from when this
    // loop sees them, and each wake costs the moment before the first sound some CPU.
    while controls.played() == 0 && waiting.elapsed() < FIRST_FRAME && !controls.is_lost() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let started_at = match controls.played() {
        0 => asked,
        n => SystemTime::now()
            .checked_sub(crate::timeline::time::frames_to_duration(n))
            .unwrap_or(asked)
            .max(asked),
    };

    let loading = loader.spawn(controls.clone());
    // Media keys and playerctl, from the first frame to the last.
    let remote = remote::Remote::start(session, opts.open_ended, &practice, controls.clone());
    let run = Running {
        session,
        opts,
        practice: &practice,
        controls: &controls,
        signals: &signals,
        remote: &remote,
    };
    let outcome = if !interactive {
        plain::run(&run, None)
    } else if opts.plain {
        let raw = RawTerminal::enter_plain().map_err(PlayError::Terminal)?;
        plain::run(&run, Some(&raw))
    } else {
        let raw = RawTerminal::enter().map_err(PlayError::Terminal)?;
        live::run(&run, &raw)
    };
    drop(remote);
    let ending = outcome.ending;
    drop(live);
    let broken = loading.failure();
    drop(loading);
    drop(quiet);
    if let Some(e) = broken {
        // Found beside the first seconds of sound: the sit stops, and is not recorded.
        return Err(PlayError::Session(session.located(e)));
    }

    Ok(Played {
        started_at,
        from,
        position: controls.position(),
        practiced: controls.practiced(),
        unplanned: if interactive {
            wait::unplanned(timeline, from)
        } else {
            0
        },
        ending,
    })
}

/// Waits for `--start-at`, showing the session and the time left; q or Ctrl-C cancels.
/// Plain (`--plain`), it says when it starts on one line and draws nothing.
fn countdown(
    at: SystemTime,
    title: &str,
    signals: &Signals,
    interactive: bool,
    opts: &PlayOptions,
) -> Result<(), PlayError> {
    let (plain, words) = (opts.plain, &opts.words);
    let title = crate::util::text::truncate(title, 50);
    let cancels = words.text(id::Q_CANCELS);
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
        let time = format!("{}:{:02}", secs / 60, secs % 60);
        let text = words.get(
            id::STARTS_IN,
            &[("title", text(title.clone())), ("time", text(time))],
        );
        if text != shown {
            if draw {
                print!("\r\x1b[2K{text}  {cancels}");
            } else if interactive && shown.is_empty() {
                print!("{text}  {cancels}\r\n");
            }
            let _ = std::io::Write::flush(&mut std::io::stdout());
            shown = text;
        }
        // Wake at the next whole second, or at the start itself.
        let step = Duration::from_nanos(u64::from(left.subsec_nanos()))
            .max(Duration::from_millis(1))
            .min(left);
        if raw.is_some() {
            let cancelled = match input::wait(step, None) {
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
