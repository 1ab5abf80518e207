//! The compiler: first measures the whole session with saturating arithmetic (so that
//! `repeat: 1000` eight deep costs nothing), checks the limits, then lays out the events.

use std::time::Duration;

use crate::script::values::spoken_duration;
use crate::script::*;

use super::bind::Bound;
use super::time::{frame_at, frames_to_ticks, ticks};
use super::{
    AmbientSpan, ClipLengths, Event, EventKind, OutlineRow, StepSpan, Timeline, TimelineError,
    Voiced,
};

/// The longest session: 12 hours.
pub const MAX_LENGTH: Duration = Duration::from_secs(12 * 3600);
/// The most events a session may have (step starts, bells, say lines, breathing cues).
pub const MAX_EVENTS: u64 = 100_000;

/// A say line without a clip lasts its reading time at 150 words a minute, at least 2 s.
const SECONDS_PER_WORD: f64 = 60.0 / 150.0;
const MIN_SAY: Duration = Duration::from_secs(2);

pub(super) struct Compiler<'a> {
    script: &'a Script,
    params: &'a [(String, Bound)],
    clips: &'a ClipLengths,
    voiced: &'a Voiced,
    events: Vec<Event>,
    steps: Vec<StepSpan>,
    outline: Vec<OutlineRow>,
    /// Chapters named by `chapter:`, at their steps' first passes.
    named: Vec<super::Chapter>,
    /// The top-level steps, from which chapters are chosen when none is named.
    tops: Vec<super::chapters::Top>,
}

/// A leaf step with every value resolved.
enum Leaf {
    Bell {
        sound: Sound,
        strikes: u32,
        every: u128,
        gain: Gain,
    },
    /// A line: its whole text (markers out) and the parts it is spoken in, one without
    /// inline pauses.
    Say {
        text: String,
        parts: Vec<Part>,
        gain: Gain,
    },
    /// Holds a live sit until a key; `length` is what it lasts everywhere else.
    Wait { text: String, length: u128 },
    Pause {
        length: u128,
        every: Option<u128>,
        bell: Sound,
    },
    Breathe {
        pattern: Option<&'static str>,
        phases: Vec<(Phase, u128)>,
        rounds: u32,
        cue: Cue,
    },
}

/// A part of a say line that sounds: `offset` ticks after the line starts (the parts and
/// inline pauses before it), for `length` ticks.
struct Part {
    text: String,
    clip: Option<Clip>,
    voiced: bool,
    offset: u128,
    length: u128,
}

impl Leaf {
    fn length(&self) -> u128 {
        match self {
            Leaf::Bell { strikes, every, .. } => u128::from(*strikes) * every,
            Leaf::Say { parts, .. } => parts.last().map_or(0, |p| p.offset + p.length),
            Leaf::Pause { length, .. } | Leaf::Wait { length, .. } => *length,
            Leaf::Breathe { phases, rounds, .. } => u128::from(*rounds) * cycle(phases),
        }
    }

    /// Events the step adds besides its own start marker.
    fn events(&self) -> u128 {
        match self {
            Leaf::Bell { strikes, .. } => u128::from(*strikes),
            Leaf::Say { parts, .. } => parts.len() as u128,
            Leaf::Wait { .. } => 0,
            Leaf::Pause { length, every, .. } => {
                every.map_or(0, |e| (length.saturating_sub(1)) / e)
            }
            Leaf::Breathe { phases, rounds, .. } => {
                u128::from(*rounds) * phases.iter().filter(|(_, l)| *l > 0).count() as u128
            }
        }
    }
}

fn cycle(phases: &[(Phase, u128)]) -> u128 {
    phases.iter().map(|(_, l)| l).sum()
}

impl<'a> Compiler<'a> {
    pub fn new(
        script: &'a Script,
        params: &'a [(String, Bound)],
        clips: &'a ClipLengths,
        voiced: &'a Voiced,
    ) -> Compiler<'a> {
        Compiler {
            script,
            params,
            clips,
            voiced,
            events: vec![],
            steps: vec![],
            outline: vec![],
            named: vec![],
            tops: vec![],
        }
    }

    pub fn run(mut self, params: Vec<(String, Bound)>) -> Result<Timeline, TimelineError> {
        let (length, events) = self.measure(&self.script.steps)?;
        let span = self.script.steps_span;
        if length > ticks(MAX_LENGTH) {
            return Err(TimelineError::TooLong {
                span,
                length: describe_ticks(length),
            });
        }
        if events > u128::from(MAX_EVENTS) {
            let count = if events == u128::MAX {
                "countless".to_string()
            } else {
                events.to_string()
            };
            return Err(TimelineError::TooManyEvents { span, count });
        }
        self.events.reserve(events as usize);
        let mut t = 0u128;
        self.emit(&self.script.steps, &mut t, true, 0, None)?;
        // Steps are laid out in order, so this only orders events that share a frame; it is
        // stable, keeping the order the script wrote them in.
        self.events.sort_by_key(|e| e.frame);
        let ambient = self.script.ambient.as_ref().map(|a| AmbientSpan {
            sound: a.sound.clone(),
            gain: a.volume,
            fade: frame_at(ticks(a.fade)),
            duck: a.duck,
        });
        let chapters = super::chapters::choose(&self.script.title, self.named, &self.tops);
        Ok(Timeline {
            chapters,
            note: self.script.note.clone(),
            length: frame_at(t),
            events: self.events,
            steps: self.steps,
            outline: self.outline,
            ambient,
            params,
        })
    }

    /// The text of every say line without a clip, once each, in the order first written.
    pub fn say_texts(&self) -> Vec<(String, Span)> {
        fn walk(c: &Compiler<'_>, steps: &[Step], out: &mut Vec<(String, Span)>) {
            for step in steps {
                match &step.kind {
                    StepKind::Say(s) if s.clip.is_none() => {
                        // A line with inline pauses is voiced part by part.
                        for (text, _) in c.spoken_parts(&s.text) {
                            if !out.iter().any(|(t, _)| *t == text) {
                                out.push((text, step.span));
                            }
                        }
                    }
                    StepKind::Repeat(r) => walk(c, &r.steps, out),
                    _ => {}
                }
            }
        }
        let mut out = vec![];
        walk(self, &self.script.steps, &mut out);
        out
    }

    /// Total length in ticks and total events, saturating instead of overflowing.
    fn measure(&self, steps: &[Step]) -> Result<(u128, u128), TimelineError> {
        let mut length = 0u128;
        let mut events = 0u128;
        for step in steps {
            let (l, e) = match &step.kind {
                StepKind::Repeat(r) => {
                    let n = u128::from(self.count(&r.count, "repeat", 1, MAX_REPEAT)?);
                    let (l, e) = self.measure(&r.steps)?;
                    (l.saturating_mul(n), e.saturating_mul(n))
                }
                _ => {
                    let leaf = self.leaf(step)?;
                    (leaf.length(), leaf.events().saturating_add(1))
                }
            };
            length = length.saturating_add(l);
            events = events.saturating_add(e);
        }
        Ok((length, events))
    }

    fn emit(
        &mut self,
        steps: &[Step],
        t: &mut u128,
        first: bool,
        depth: usize,
        round: Option<(u32, u32)>,
    ) -> Result<(), TimelineError> {
        for step in steps {
            if first && let Some(title) = &step.chapter {
                self.named.push(super::Chapter {
                    frame: frame_at(*t),
                    title: title.clone(),
                });
            }
            if let StepKind::Repeat(r) = &step.kind {
                let n = self.count(&r.count, "repeat", 1, MAX_REPEAT)?;
                let (top_frame, first_step) = (frame_at(*t), self.steps.len());
                let row = first.then(|| {
                    self.outline.push(OutlineRow {
                        depth,
                        start: frame_at(*t),
                        length: 0,
                        kind: "repeat",
                        detail: format!("×{n}"),
                        note: step.note.clone(),
                    });
                    self.outline.len() - 1
                });
                let start = *t;
                for i in 0..n {
                    self.emit(&r.steps, t, first && i == 0, depth + 1, Some((i + 1, n)))?;
                }
                if let Some(row) = row {
                    self.outline[row].length = frame_at(*t) - frame_at(start);
                }
                if depth == 0 {
                    let title = self.steps[first_step..]
                        .iter()
                        .find(|s| s.kind == "say")
                        .map_or_else(|| format!("Repeat ×{n}"), |s| s.label.clone());
                    self.tops.push(super::chapters::Top {
                        frame: top_frame,
                        kind: "repeat",
                        title,
                    });
                }
                continue;
            }
            let leaf = self.leaf(step)?;
            let len = leaf.length();
            let start = frame_at(*t);
            let end = frame_at(*t + len);
            let (kind, label) = describe(&leaf);
            if depth == 0 {
                let title = match &leaf {
                    Leaf::Breathe { pattern, .. } => {
                        format!("Breathing: {}", pattern.unwrap_or("custom"))
                    }
                    _ => label.clone(),
                };
                self.tops.push(super::chapters::Top {
                    frame: start,
                    kind,
                    title,
                });
            }
            if first {
                self.outline.push(OutlineRow {
                    depth,
                    start,
                    length: end - start,
                    kind,
                    detail: label.clone(),
                    note: step.note.clone(),
                });
            }
            self.events.push(Event {
                frame: start,
                kind: EventKind::Step {
                    index: self.steps.len(),
                },
            });
            self.steps.push(StepSpan {
                start,
                length: end - start,
                kind,
                label,
                round,
                note: step.note.clone(),
                span: step.span,
            });
            self.leaf_events(leaf, *t);
            *t += len;
        }
        Ok(())
    }

    fn leaf_events(&mut self, leaf: Leaf, t0: u128) {
        match leaf {
            Leaf::Bell {
                sound,
                strikes,
                every,
                gain,
            } => {
                for k in 0..u128::from(strikes) {
                    self.events.push(Event {
                        frame: frame_at(t0 + k * every),
                        kind: EventKind::Bell {
                            sound: sound.clone(),
                            gain,
                        },
                    });
                }
            }
            Leaf::Say { parts, gain, .. } => {
                // Each part on its own frame, so the silence between parts is exactly the
                // inline pause's length (only each start is rounded, never a length).
                for p in parts {
                    let start = frame_at(t0 + p.offset);
                    let frames = frame_at(t0 + p.offset + p.length) - start;
                    self.events.push(Event {
                        frame: start,
                        kind: EventKind::Say {
                            text: p.text,
                            clip: p.clip,
                            length: frames,
                            gain,
                            voiced: p.voiced,
                        },
                    });
                }
            }
            Leaf::Wait { .. } => {}
            Leaf::Pause {
                length,
                every: Some(every),
                bell,
            } => {
                let mut at = every;
                while at < length {
                    self.events.push(Event {
                        frame: frame_at(t0 + at),
                        kind: EventKind::Bell {
                            sound: bell.clone(),
                            gain: Gain::UNITY,
                        },
                    });
                    at += every;
                }
            }
            Leaf::Pause { every: None, .. } => {}
            Leaf::Breathe {
                phases,
                rounds,
                cue,
                ..
            } => {
                let mut t = t0;
                for _ in 0..rounds {
                    for &(phase, l) in &phases {
                        if l > 0 {
                            let frames = frame_at(t + l) - frame_at(t);
                            self.events.push(Event {
                                frame: frame_at(t),
                                kind: EventKind::Cue {
                                    phase,
                                    length: frames,
                                    cue,
                                },
                            });
                        }
                        t += l;
                    }
                }
            }
        }
    }

    /// Resolves a leaf step's values.
    fn leaf(&self, step: &Step) -> Result<Leaf, TimelineError> {
        let at = step.span;
        Ok(match &step.kind {
            StepKind::Bell(b) => Leaf::Bell {
                sound: b.sound.clone(),
                strikes: self.count(&b.strikes, "strikes", 1, MAX_STRIKES)?,
                every: ticks(self.duration(&b.every, "every", false)?),
                gain: b.volume,
            },
            StepKind::Say(s) => self.say(s, at)?,
            StepKind::Wait(w) => Leaf::Wait {
                text: w.text.clone(),
                length: ticks(self.duration(&w.render_as, "render_as", false)?),
            },
            StepKind::Pause(p) => Leaf::Pause {
                length: ticks(self.duration(&p.duration, "pause", false)?),
                every: match &p.bells_every {
                    Some(v) => Some(ticks(self.duration(v, "bells_every", false)?)),
                    None => None,
                },
                bell: p.interval_bell.clone(),
            },
            StepKind::Breathe(b) => {
                let mut phases = vec![];
                for (phase, v) in &b.pattern.phases {
                    let zero_ok = matches!(phase, Phase::Hold | Phase::Rest);
                    phases.push((*phase, ticks(self.duration(v, phase.name(), zero_ok)?)));
                }
                let rounds = match &b.length {
                    BreatheLength::Rounds(v) => self.count(v, "rounds", 1, u32::MAX)?,
                    BreatheLength::For(v) => {
                        let total = ticks(self.duration(v, "for", false)?);
                        u32::try_from(total / cycle(&phases).max(1))
                            .unwrap_or(u32::MAX)
                            .max(1)
                    }
                };
                Leaf::Breathe {
                    pattern: b.pattern.name,
                    phases,
                    rounds,
                    cue: b.cue,
                }
            }
            StepKind::Repeat(_) => unreachable!("repeats are expanded by the caller"),
        })
    }

    fn bound(&self, name: &str) -> Bound {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| *b)
            .expect("params are checked when the script is parsed")
    }

    fn count(&self, v: &Value<u32>, what: &str, lo: u32, hi: u32) -> Result<u32, TimelineError> {
        match v {
            Value::Lit(n) => Ok(*n),
            Value::Param { name, span } => {
                let Bound::Int(n) = self.bound(name) else {
                    unreachable!("param kinds are checked when parsed")
                };
                if n < i64::from(lo) || n > i64::from(hi) {
                    let range = if hi == u32::MAX {
                        format!("at least {lo}")
                    } else {
                        format!("from {lo} to {hi}")
                    };
                    return Err(TimelineError::AtStep {
                        span: *span,
                        message: format!(
                            "{what} is ${{{name}}} = {n} here, but it must be {range}"
                        ),
                    });
                }
                Ok(n as u32)
            }
        }
    }

    fn duration(
        &self,
        v: &Value<Duration>,
        what: &str,
        zero_ok: bool,
    ) -> Result<Duration, TimelineError> {
        match v {
            Value::Lit(d) => Ok(*d),
            Value::Param { name, span } => {
                let Bound::Duration(d) = self.bound(name) else {
                    unreachable!("param kinds are checked when parsed")
                };
                if d.is_zero() && !zero_ok {
                    return Err(TimelineError::AtStep {
                        span: *span,
                        message: format!("{what} is ${{{name}}} = 0s here, but it must be longer"),
                    });
                }
                Ok(d)
            }
        }
    }

    /// A say line's parts with their lengths: a clip's, a voice engine's recording of the
    /// part, or its reading time; a line with no recording lasts at least [`MIN_SAY`] spoken.
    fn say(&self, s: &Say, at: Span) -> Result<Leaf, TimelineError> {
        let spoken = self.spoken_parts(&s.text);
        let mut parts = Vec::with_capacity(spoken.len());
        let mut offset = 0u128;
        for (text, pause) in spoken {
            let voice = match &s.clip {
                Some(_) => None,
                None => self.voiced.get(&text),
            };
            let clip = s.clip.as_ref().or(voice);
            let length = match clip {
                Some(c) => frames_to_ticks(
                    *self
                        .clips
                        .get(&c.path)
                        .ok_or_else(|| TimelineError::ClipNotProbed(c.path.clone()))?,
                ),
                None => ticks(words_time(&text)),
            };
            if length == 0 {
                return Err(TimelineError::AtStep {
                    span: c_span(s, at),
                    message: "this clip holds no audio".into(),
                });
            }
            parts.push(Part {
                text,
                clip: clip.cloned(),
                voiced: voice.is_some(),
                offset,
                length,
            });
            offset += length;
            if let Some(p) = pause {
                let d = self.duration(&p, "an inline pause", false)?;
                if let (Value::Param { name, span }, true) =
                    (&p, d > crate::script::values::MAX_INLINE_PAUSE)
                {
                    return Err(TimelineError::AtStep {
                        span: *span,
                        message: format!(
                            "an inline pause is ${{{name}}} = {} here, but it is at most {}",
                            crate::script::values::format_duration(d),
                            crate::script::values::format_duration(
                                crate::script::values::MAX_INLINE_PAUSE
                            )
                        ),
                    });
                }
                offset += ticks(d);
            }
        }
        // The 2 s a line without any recording lasts at least is for the line as a whole.
        if parts.iter().all(|p| p.clip.is_none()) {
            let said: u128 = parts.iter().map(|p| p.length).sum();
            if let Some(last) = parts.last_mut() {
                last.length += ticks(MIN_SAY).saturating_sub(said);
            }
        }
        Ok(Leaf::Say {
            text: self.text(&s.text),
            parts,
            gain: s.volume,
        })
    }

    /// The line as shown and captioned: its parts joined by one space, markers out.
    fn text(&self, parts: &[TextPart]) -> String {
        let spoken = self.spoken_parts(parts);
        if spoken.len() == 1 {
            return spoken
                .into_iter()
                .next()
                .map(|(t, _)| t)
                .unwrap_or_default();
        }
        spoken
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The parts a line is spoken in, each with the inline pause after it. A line without
    /// markers is one part, its text exactly as before inline pauses existed.
    fn spoken_parts(&self, parts: &[TextPart]) -> Vec<(String, Option<Value<Duration>>)> {
        let mut out = vec![];
        let mut text = String::new();
        for p in parts {
            match p {
                TextPart::Lit(s) => text.push_str(s),
                TextPart::Param(name) => text.push_str(&match self.bound(name) {
                    Bound::Int(n) => n.to_string(),
                    Bound::Duration(d) => spoken_duration(d),
                }),
                TextPart::Pause(d) => {
                    out.push((
                        std::mem::take(&mut text).trim().to_string(),
                        Some(d.clone()),
                    ));
                }
            }
        }
        if out.is_empty() {
            out.push((text, None));
        } else {
            out.push((text.trim().to_string(), None));
        }
        out
    }
}

fn c_span(s: &Say, at: Span) -> Span {
    s.clip.as_ref().map_or(at, |c| c.span)
}

/// The reading time of some words at 150 a minute, with no minimum (the line's
/// [`MIN_SAY`] is applied to the line as a whole).
fn words_time(text: &str) -> Duration {
    // `vous ?` is one word: French typography's no-break space joins it.
    let words = crate::util::text::words(text).count();
    Duration::from_secs_f64(words as f64 * SECONDS_PER_WORD)
}

fn describe_ticks(t: u128) -> String {
    if t == u128::MAX {
        return "longer than anyone could sit".into();
    }
    let secs = t / super::time::TICKS_PER_SEC;
    let (h, m) = (secs / 3600, secs / 60 % 60);
    if h >= 1_000_000 {
        format!("over {} hours", h)
    } else {
        format!("{h}h {m}m")
    }
}

fn describe(leaf: &Leaf) -> (&'static str, String) {
    match leaf {
        Leaf::Bell { sound, strikes, .. } => {
            let n = if *strikes > 1 {
                format!(" ×{strikes}")
            } else {
                String::new()
            };
            ("bell", format!("{}{n}", sound.label()))
        }
        Leaf::Say { text, .. } => ("say", text.clone()),
        Leaf::Wait { text, .. } => ("wait", text.clone()),
        Leaf::Pause {
            length,
            every,
            bell,
        } => {
            let d = describe_len(*length);
            match every {
                Some(e) => (
                    "pause",
                    format!("{d}, {} every {}", bell.label(), describe_len(*e)),
                ),
                None => ("pause", d),
            }
        }
        Leaf::Breathe {
            pattern,
            phases,
            rounds,
            cue,
        } => {
            let name = pattern.map_or_else(
                || {
                    phases
                        .iter()
                        .filter(|(_, l)| *l > 0)
                        .map(|(p, l)| format!("{} {}", describe_len(*l), p.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                str::to_string,
            );
            let cue = match cue {
                Cue::None => String::new(),
                c => format!(", {} cues", c.name()),
            };
            ("breathe", format!("{name} ×{rounds}{cue}"))
        }
    }
}

fn describe_len(t: u128) -> String {
    let ns = t / super::time::TICKS_PER_NS;
    crate::script::values::format_duration(Duration::from_nanos(
        u64::try_from(ns).unwrap_or(u64::MAX),
    ))
}
