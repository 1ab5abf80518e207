//! The validated script: every value parsed, every path resolved, every `${param}` known.
//! What is left open is only what a listener may change with `--set`.

use std::time::Duration;

use super::source::Span;

/// A value written literally or as `${param}`, resolved when the timeline is compiled.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<T> {
    Lit(T),
    Param { name: String, span: Span },
}

impl<T> Value<T> {
    pub fn lit(self) -> Option<T> {
        match self {
            Value::Lit(v) => Some(v),
            Value::Param { .. } => None,
        }
    }
}

/// A linear gain; `-6dB` and `0.5` both end up here.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gain(pub f32);

impl Gain {
    pub const UNITY: Gain = Gain(1.0);

    pub fn from_db(db: f64) -> Gain {
        Gain(10f64.powf(db / 20.0) as f32)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BuiltinSound {
    Bowl,
    Rin,
    Gong,
    Chime,
    Wood,
    BrownNoise,
    PinkNoise,
    Rain,
    Ocean,
}

impl BuiltinSound {
    pub const BELLS: [BuiltinSound; 5] = [
        BuiltinSound::Bowl,
        BuiltinSound::Rin,
        BuiltinSound::Gong,
        BuiltinSound::Chime,
        BuiltinSound::Wood,
    ];
    pub const BEDS: [BuiltinSound; 4] = [
        BuiltinSound::BrownNoise,
        BuiltinSound::PinkNoise,
        BuiltinSound::Rain,
        BuiltinSound::Ocean,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BuiltinSound::Bowl => "bowl",
            BuiltinSound::Rin => "rin",
            BuiltinSound::Gong => "gong",
            BuiltinSound::Chime => "chime",
            BuiltinSound::Wood => "wood",
            BuiltinSound::BrownNoise => "brown-noise",
            BuiltinSound::PinkNoise => "pink-noise",
            BuiltinSound::Rain => "rain",
            BuiltinSound::Ocean => "ocean",
        }
    }

    pub fn is_bell(self) -> bool {
        Self::BELLS.contains(&self)
    }

    pub fn bell(name: &str) -> Option<BuiltinSound> {
        Self::BELLS.into_iter().find(|b| b.name() == name)
    }

    pub fn bed(name: &str) -> Option<BuiltinSound> {
        Self::BEDS.into_iter().find(|b| b.name() == name)
    }
}

/// Where an audio file's bytes are: on disk, or inside the binary (built-in sessions).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClipData {
    File(std::path::PathBuf),
    Embedded(&'static [u8]),
}

/// An audio file a script refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Clip {
    /// The path as written in the script, `/`-separated and relative to the script's folder.
    pub path: String,
    pub data: ClipData,
    /// Where the path is written, for errors found when the file is read.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sound {
    Builtin(BuiltinSound),
    Clip(Clip),
}

impl Sound {
    /// The name shown in outlines and JSON: a built-in's name or the clip's path.
    pub fn label(&self) -> &str {
        match self {
            Sound::Builtin(b) => b.name(),
            Sound::Clip(c) => &c.path,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParamKind {
    Int {
        default: i64,
        min: Option<i64>,
        max: Option<i64>,
    },
    Duration {
        default: Duration,
        min: Option<Duration>,
        max: Option<Duration>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ambient {
    pub sound: Sound,
    pub volume: Gain,
    pub fade: Duration,
    pub duck: Gain,
}

/// A say line's text: literal pieces and `${param}` references, joined when compiled.
#[derive(Debug, Clone, PartialEq)]
pub enum TextPart {
    Lit(String),
    Param(String),
    /// `[2s]` inside a line (still/1.1): silence of exactly this length between its parts.
    Pause(Value<Duration>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bell {
    pub sound: Sound,
    pub strikes: Value<u32>,
    pub every: Value<Duration>,
    pub volume: Gain,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Say {
    pub text: Vec<TextPart>,
    pub clip: Option<Clip>,
    pub volume: Gain,
}

/// A step that holds a live sit until a key (still/1.1); renders and `show` give it
/// `render_as`.
#[derive(Debug, Clone, PartialEq)]
pub struct Wait {
    /// Shown on the player's screen, never spoken.
    pub text: String,
    pub render_as: Value<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pause {
    pub duration: Value<Duration>,
    pub bells_every: Option<Value<Duration>>,
    pub interval_bell: Sound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    Inhale,
    Hold,
    Exhale,
    Rest,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Inhale => "inhale",
            Phase::Hold => "hold",
            Phase::Exhale => "exhale",
            Phase::Rest => "rest",
        }
    }
}

/// One cycle of a breathing pattern: its phases in order. `sigh` has two inhales.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// `box`, `4-7-8`, `coherent`, `sigh`, or `None` for a custom `{in, hold, out, rest}`.
    pub name: Option<&'static str>,
    pub phases: Vec<(Phase, Value<Duration>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BreatheLength {
    Rounds(Value<u32>),
    For(Value<Duration>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Tone,
    Bell,
    None,
}

impl Cue {
    pub fn name(self) -> &'static str {
        match self {
            Cue::Tone => "tone",
            Cue::Bell => "bell",
            Cue::None => "none",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Breathe {
    pub pattern: Pattern,
    pub length: BreatheLength,
    pub cue: Cue,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    pub count: Value<u32>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    Bell(Bell),
    Say(Say),
    Pause(Pause),
    Breathe(Breathe),
    Repeat(Repeat),
    Wait(Wait),
}

impl StepKind {
    pub fn name(&self) -> &'static str {
        match self {
            StepKind::Bell(_) => "bell",
            StepKind::Say(_) => "say",
            StepKind::Pause(_) => "pause",
            StepKind::Breathe(_) => "breathe",
            StepKind::Repeat(_) => "repeat",
            StepKind::Wait(_) => "wait",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    /// The title of the chapter of rendered files that starts at this step (still/1.1).
    pub chapter: Option<String>,
    /// Text shown with the step by `show` and on the player's screen, never spoken (still/1.1).
    pub note: Option<String>,
    /// The step's `- ` entry in the file, for limits found when the timeline is compiled.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub author: Option<String>,
    pub license: Option<String>,
    /// `language:` as a well-formed tag (`es`, `pt-BR`).
    pub language: Option<String>,
    pub tags: Vec<String>,
    pub content_note: Option<String>,
    /// The session's note: shown by `show` and before the sit, never spoken (still/1.1).
    pub note: Option<String>,
    pub params: Vec<Param>,
    pub ambient: Option<Ambient>,
    pub steps: Vec<Step>,
    /// Where `steps:` is written, for limits that belong to the whole session.
    pub steps_span: Span,
}

impl Script {
    /// The language the script is spoken in: its `language:`, else English.
    pub fn spoken_language(&self) -> &str {
        self.language
            .as_deref()
            .unwrap_or(crate::util::language::ENGLISH)
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Every clip the script plays, each once, in the order first written: what the caller
    /// probes for lengths before compiling the timeline.
    pub fn clips(&self) -> Vec<&Clip> {
        self.named_clips(|a, b| a.data == b.data)
    }

    /// Every clip the script names, once per path, in the order first written. Unlike
    /// [`Script::clips`], two paths to the same file (a link inside the folder) both count:
    /// what a bundle must hold for every path to resolve.
    pub fn files(&self) -> Vec<&Clip> {
        self.named_clips(|a, b| a.path == b.path)
    }

    /// The ambient clip, then every step's, in order, leaving out any `same` as one before.
    fn named_clips(&self, same: impl Fn(&Clip, &Clip) -> bool + Copy) -> Vec<&Clip> {
        fn walk<'a>(
            steps: &'a [Step],
            out: &mut Vec<&'a Clip>,
            same: impl Fn(&Clip, &Clip) -> bool + Copy,
        ) {
            for step in steps {
                let clip = match &step.kind {
                    StepKind::Bell(b) => sound_clip(&b.sound),
                    StepKind::Say(s) => s.clip.as_ref(),
                    StepKind::Pause(p) => sound_clip(&p.interval_bell),
                    StepKind::Breathe(_) | StepKind::Wait(_) => None,
                    StepKind::Repeat(r) => {
                        walk(&r.steps, out, same);
                        None
                    }
                };
                if let Some(c) = clip
                    && !out.iter().any(|o| same(o, c))
                {
                    out.push(c);
                }
            }
        }
        let mut out = vec![];
        if let Some(a) = &self.ambient
            && let Some(c) = sound_clip(&a.sound)
        {
            out.push(c);
        }
        walk(&self.steps, &mut out, same);
        out
    }
}

fn sound_clip(s: &Sound) -> Option<&Clip> {
    match s {
        Sound::Clip(c) => Some(c),
        Sound::Builtin(_) => None,
    }
}
