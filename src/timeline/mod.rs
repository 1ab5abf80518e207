//! A validated [`Script`] plus `--set` values and clip lengths → a [`Timeline`]: sorted events
//! at integer frame positions (48 kHz). A pure function: the caller probes the clips.

mod bind;
pub mod captions;
mod chapters;
mod compile;
pub mod crowding;
pub mod json;
pub mod time;

use std::collections::HashMap;

pub use bind::Bound;
pub use compile::{MAX_EVENTS, MAX_LENGTH};
pub use time::RATE;

use crate::script::{Clip, Cue, Gain, Phase, Script, Sound, Span};

/// Lengths of the clips a script names, in output frames, keyed by the clip's path.
pub type ClipLengths = HashMap<String, u64>;

/// Recordings of say lines that have no clip (a voice engine's, from its cache), keyed by
/// the line's text as compiled; their lengths are in [`ClipLengths`] under the clip's path.
pub type Voiced = HashMap<String, Clip>;

/// What happens at a frame.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// A step begins; the index points into [`Timeline::steps`].
    Step {
        index: usize,
    },
    Bell {
        sound: Sound,
        gain: Gain,
    },
    Say {
        text: String,
        clip: Option<Clip>,
        length: u64,
        gain: Gain,
        /// Whether `clip` is a voice engine's recording rather than one the script names.
        voiced: bool,
    },
    /// A breathing phase begins; `cue` says what sounds with it.
    Cue {
        phase: Phase,
        length: u64,
        cue: Cue,
    },
}

impl EventKind {
    /// The event's kind as `show --json` names it.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Step { .. } => "step",
            EventKind::Bell { .. } => "bell",
            EventKind::Say { .. } => "say",
            EventKind::Cue { .. } => "cue",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub frame: u64,
    pub kind: EventKind,
}

/// One played step: a leaf of the script, once per pass of the repeats around it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepSpan {
    pub start: u64,
    pub length: u64,
    pub kind: &'static str,
    pub label: String,
    /// Pass and count of the innermost repeat around the step.
    pub round: Option<(u32, u32)>,
    /// The step's note (still/1.1): shown, never spoken.
    pub note: Option<String>,
    /// Where the step is written.
    pub span: Span,
}

/// A line of the outline `show` prints: each step as written, with its first start and the
/// length of all its passes.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineRow {
    pub depth: usize,
    pub start: u64,
    pub length: u64,
    pub kind: &'static str,
    pub detail: String,
    pub note: Option<String>,
}

/// The bed under the whole session.
#[derive(Debug, Clone, PartialEq)]
pub struct AmbientSpan {
    pub sound: Sound,
    pub gain: Gain,
    pub fade: u64,
    pub duck: Gain,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Frames from the first step's start to the last step's end (ring-out not counted).
    pub length: u64,
    /// Sorted by frame; at one frame, in the order the script wrote them.
    pub events: Vec<Event>,
    pub steps: Vec<StepSpan>,
    pub outline: Vec<OutlineRow>,
    pub ambient: Option<AmbientSpan>,
    /// Every param's value in this compile.
    pub params: Vec<(String, Bound)>,
    /// The chapters of a rendered file, in order; the first starts at frame 0.
    pub chapters: Vec<Chapter>,
    /// The session's note (still/1.1): shown before the sit, never spoken.
    pub note: Option<String>,
}

/// Where a chapter of a rendered file starts, and its title ([`chapters`] has the rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub frame: u64,
    pub title: String,
}

impl Timeline {
    /// The index of the step playing at `frame` (the last one at or after the end).
    pub fn step_at(&self, frame: u64) -> Option<usize> {
        let after = self.steps.partition_point(|s| s.start <= frame);
        after.checked_sub(1)
    }

    /// Where each `wait` step starts and ends: a live sit holds at the start until a key,
    /// then goes on from the end.
    pub fn waits(&self) -> Vec<(u64, u64)> {
        self.steps
            .iter()
            .filter(|s| s.kind == "wait")
            .map(|s| (s.start, s.start + s.length))
            .collect()
    }
}

/// Why a script with these `--set` values cannot become a timeline.
#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    #[error("`--set {0}` is not NAME=VALUE")]
    MalformedSet(String),
    #[error("--set {name}: the session has no param '{name}'")]
    UnknownParam {
        name: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    #[error("--set {name}={value}: {reason}")]
    BadValue {
        name: String,
        value: String,
        reason: String,
    },
    #[error("{message}")]
    AtStep { span: Span, message: String },
    #[error("the session would last {length}, over the 12 h limit")]
    TooLong { span: Span, length: String },
    #[error("the session would have {count} events, over the limit of {MAX_EVENTS}")]
    TooManyEvents { span: Span, count: String },
    #[error("no length is known for clip '{0}'")]
    ClipNotProbed(String),
}

impl TimelineError {
    /// Where in the script the problem lies, when it lies in the script.
    pub fn span(&self) -> Option<Span> {
        match self {
            TimelineError::AtStep { span, .. }
            | TimelineError::TooLong { span, .. }
            | TimelineError::TooManyEvents { span, .. } => Some(*span),
            _ => None,
        }
    }

    pub fn hint(&self) -> Option<String> {
        match self {
            TimelineError::MalformedSet(_) => {
                Some("write `--set rounds=8` or `--set silence=5m`".into())
            }
            TimelineError::UnknownParam {
                suggestion: Some(s),
                ..
            } => Some(format!("did you mean '{s}'?")),
            TimelineError::UnknownParam { known, .. } if known.is_empty() => {
                Some("this session takes no params".into())
            }
            TimelineError::UnknownParam { known, .. } => {
                Some(format!("its params are: {}", known.join(", ")))
            }
            TimelineError::TooLong { .. } | TimelineError::TooManyEvents { .. } => Some(
                "shorten the session: fewer repeats, shorter pauses, or lower --set values".into(),
            ),
            _ => None,
        }
    }
}

/// Compiles `script` with `sets` (`NAME=VALUE`) and the lengths of its clips.
pub fn compile(
    script: &Script,
    sets: &[String],
    clips: &ClipLengths,
) -> Result<Timeline, TimelineError> {
    compile_voiced(script, sets, clips, &Voiced::new())
}

/// Compiles like [`compile`]; a say line without a clip whose text is in `voiced` plays
/// that recording and lasts its length instead of its reading time.
pub fn compile_voiced(
    script: &Script,
    sets: &[String],
    clips: &ClipLengths,
    voiced: &Voiced,
) -> Result<Timeline, TimelineError> {
    let params = bind::bind(script, sets)?;
    compile::Compiler::new(script, &params, clips, voiced).run(params.clone())
}

/// The text of every say line without a clip, as `sets` make it, once each in the order
/// first written, with where the line is written: what a voice engine would voice.
pub fn unvoiced_lines(
    script: &Script,
    sets: &[String],
) -> Result<Vec<(String, Span)>, TimelineError> {
    let params = bind::bind(script, sets)?;
    let voiced = Voiced::new();
    let clips = ClipLengths::new();
    Ok(compile::Compiler::new(script, &params, &clips, &voiced).say_texts())
}

#[cfg(test)]
mod tests;
