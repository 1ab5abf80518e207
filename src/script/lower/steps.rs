//! The steps: bell, say, pause, breathe and repeat, each with its fields checked.

use crate::script::diag::Diagnostic;
use crate::script::keys;
use crate::script::model::*;
use crate::script::values;
use crate::script::yaml::{NodeId, Scalar};
use crate::util::suggest::{did_you_mean, one_of};

use super::{Field, Fields, Lowering, MAX_REPEAT, MAX_REPEAT_DEPTH, MAX_STRIKES, SoundUse};

impl Lowering<'_> {
    pub(super) fn step_list(&mut self, id: NodeId, depth: usize) -> Option<Vec<Step>> {
        let items = self.seq(id, "steps")?;
        let mut steps = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.step(item, depth) {
                Some(s) => steps.push(s),
                None => ok = false,
            }
        }
        ok.then_some(steps)
    }

    pub(super) fn step(&mut self, id: NodeId, depth: usize) -> Option<Step> {
        let span = self.span(id);
        if let Some(Scalar::Str(word)) = self.tree.scalar(id) {
            let kind = did_you_mean(word, keys::STEP_KINDS.iter().copied()).unwrap_or("pause");
            let example = keys::step_example(kind);
            self.error(
                Diagnostic::new(
                    span,
                    format!("a step is a mapping, found the text '{word}'"),
                )
                .hint(format!("write a step as `- {example}`")),
            );
            return None;
        }
        let fields = self.fields(id, "a step")?;
        let kinds: Vec<&Field> = fields
            .0
            .iter()
            .filter(|f| keys::STEP_KINDS.contains(&f.key.as_str()))
            .collect();
        let kind_field = match kinds.as_slice() {
            [one] => *one,
            [] => {
                let guess = fields.0.iter().find_map(|f| {
                    did_you_mean(&f.key, keys::STEP_KINDS.iter().copied()).map(|k| (f, k))
                });
                match guess {
                    Some((f, k)) => self.error(
                        Diagnostic::new(
                            f.key_span,
                            format!("unknown step '{}' — did you mean '{k}'?", f.key),
                        )
                        .hint(format!("a step is one of {}", one_of(keys::STEP_KINDS))),
                    ),
                    None => {
                        let at = fields.0.first().map_or(span, |f| f.key_span);
                        let what = fields
                            .0
                            .first()
                            .map_or(String::new(), |f| format!(" '{}'", f.key));
                        self.error(
                            Diagnostic::new(at, format!("unknown step{what}"))
                                .hint(format!("a step is one of {}", one_of(keys::STEP_KINDS))),
                        )
                    }
                }
                return None;
            }
            [first, second, ..] => {
                self.error(
                    Diagnostic::new(
                        second.key_span,
                        format!("this step is both '{}' and '{}'", first.key, second.key),
                    )
                    .hint("a step does one thing: split it into two `- ` entries"),
                );
                return None;
            }
        };
        let kind = kind_field.key.as_str();
        let allowed = keys::step_keys(kind);
        self.check_keys(&fields, allowed, &format!("a {kind} step"));
        let value = kind_field.value;
        let kind = match kind {
            "bell" => StepKind::Bell(self.bell(value)?),
            "say" => StepKind::Say(self.say(value, &fields)?),
            "pause" => StepKind::Pause(self.pause(value, &fields)?),
            "breathe" => StepKind::Breathe(self.breathe(value)?),
            "repeat" => StepKind::Repeat(self.repeat(kind_field, &fields, depth)?),
            "wait" => {
                if !self.feature_1_1(kind_field.key_span, "the `wait` step") {
                    return None;
                }
                StepKind::Wait(self.wait(value)?)
            }
            _ => unreachable!("kinds come from keys::STEP_KINDS"),
        };
        let chapter = match fields.get("chapter") {
            None => None,
            Some(f) => {
                if !self.feature_1_1(f.key_span, "`chapter`") {
                    return None;
                }
                Some(self.text(f.value, "chapter")?)
            }
        };
        let note = match fields.get("note") {
            None => None,
            Some(f) => {
                if !self.feature_1_1(f.key_span, "`note`") {
                    return None;
                }
                Some(self.text(f.value, "note")?)
            }
        };
        Some(Step {
            kind,
            chapter,
            note,
            span,
        })
    }

    /// `wait: TEXT` or `wait: { text, render_as }` (still/1.1).
    pub(super) fn wait(&mut self, id: NodeId) -> Option<Wait> {
        if self.tree.scalar(id).is_some() {
            return Some(Wait {
                text: self.text(id, "wait")?,
                render_as: Value::Lit(values::DEFAULT_WAIT_RENDER),
            });
        }
        let fields = self.fields(id, "wait")?;
        self.check_keys(&fields, keys::WAIT, "wait");
        let text = match fields.get("text") {
            Some(f) => self.text(f.value, "wait text"),
            None => {
                self.error(
                    Diagnostic::new(self.span(id), "this wait has no `text`")
                        .hint("say what the listener waits for: `wait: { text: Press space when you are ready., render_as: 10s }`"),
                );
                None
            }
        };
        let render_as = match fields.get("render_as") {
            None => Some(Value::Lit(values::DEFAULT_WAIT_RENDER)),
            Some(f) => self.duration(f.value, "render_as", false),
        };
        Some(Wait {
            text: text?,
            render_as: render_as?,
        })
    }

    pub(super) fn bell(&mut self, id: NodeId) -> Option<Bell> {
        let mut bell = Bell {
            sound: Sound::Builtin(BuiltinSound::Bowl),
            strikes: Value::Lit(1),
            every: Value::Lit(values::DEFAULT_STRIKE_EVERY),
            volume: Gain::UNITY,
        };
        if self.tree.scalar(id).is_some() {
            bell.sound = self.sound(id, SoundUse::Bell, "bell")?;
            return Some(bell);
        }
        let fields = self.fields(id, "a bell")?;
        self.check_keys(&fields, keys::BELL, "a bell");
        let mut ok = true;
        match fields.get("sound") {
            Some(f) => {
                ok &= self
                    .sound(f.value, SoundUse::Bell, "bell sound")
                    .map(|s| bell.sound = s)
                    .is_some()
            }
            None => {
                self.error(
                    Diagnostic::new(self.span(id), "this bell has no `sound`")
                        .hint("name one: `bell: { sound: bowl, strikes: 3 }`"),
                );
                ok = false;
            }
        }
        if let Some(f) = fields.get("strikes") {
            ok &= self
                .count(f.value, "strikes", 1, MAX_STRIKES)
                .map(|v| bell.strikes = v)
                .is_some();
        }
        if let Some(f) = fields.get("every") {
            ok &= self
                .duration(f.value, "every", false)
                .map(|v| bell.every = v)
                .is_some();
        }
        if let Some(f) = fields.get("volume") {
            ok &= self
                .volume(f.value, "volume")
                .map(|v| bell.volume = v)
                .is_some();
        }
        ok.then_some(bell)
    }

    pub(super) fn say(&mut self, id: NodeId, fields: &Fields) -> Option<Say> {
        let text = self.text(id, "say");
        let has_clip = fields.get("clip").is_some();
        let text = text.and_then(|t| self.interpolated(id, &t, has_clip));
        let clip = match fields.get("clip") {
            None => Some(None),
            Some(f) => self.clip(f.value, "clip").map(Some),
        };
        let volume = match fields.get("volume") {
            None => Some(Gain::UNITY),
            Some(f) => self.volume(f.value, "volume"),
        };
        Some(Say {
            text: text?,
            clip: clip?,
            volume: volume?,
        })
    }

    pub(super) fn pause(&mut self, id: NodeId, fields: &Fields) -> Option<Pause> {
        let duration = self.duration(id, "pause", false);
        let bells_every = match fields.get("bells_every") {
            None => Some(None),
            Some(f) => self.duration(f.value, "bells_every", false).map(Some),
        };
        let interval_bell = match fields.get("interval_bell") {
            None => Some(Sound::Builtin(BuiltinSound::Rin)),
            Some(f) => self.sound(f.value, SoundUse::Bell, "interval_bell"),
        };
        if let (Some(f), None) = (fields.get("interval_bell"), fields.get("bells_every")) {
            self.error(
                Diagnostic::new(
                    f.key_span,
                    "`interval_bell` without `bells_every` never rings",
                )
                .hint("add `bells_every: 1m` (or another duration) to this pause"),
            );
            return None;
        }
        Some(Pause {
            duration: duration?,
            bells_every: bells_every?,
            interval_bell: interval_bell?,
        })
    }

    pub(super) fn breathe(&mut self, id: NodeId) -> Option<Breathe> {
        let fields = self.fields(id, "breathe")?;
        self.check_keys(&fields, keys::BREATHE, "breathe");
        let pattern = match fields.get("pattern") {
            Some(f) => self.pattern(f.value),
            None => {
                self.error(
                    Diagnostic::new(self.span(id), "breathe has no `pattern`")
                        .hint("use `pattern: box` (or `4-7-8`, `coherent`, `sigh`, or `{in: 4s, hold: 4s, out: 6s, rest: 2s}`)"),
                );
                None
            }
        };
        let length = match (fields.get("rounds"), fields.get("for")) {
            (Some(r), None) => self
                .count(r.value, "rounds", 1, u32::MAX)
                .map(BreatheLength::Rounds),
            (None, Some(f)) => self.duration(f.value, "for", false).map(BreatheLength::For),
            (None, None) => {
                self.error(
                    Diagnostic::new(self.span(id), "breathe needs `rounds` or `for`")
                        .hint("say how long: `rounds: 6` or `for: 2m`"),
                );
                None
            }
            (Some(_), Some(f)) => {
                self.error(
                    Diagnostic::new(f.key_span, "breathe has both `rounds` and `for`")
                        .hint("keep one: `rounds` counts breaths, `for` fills a length of time"),
                );
                None
            }
        };
        let cue = match fields.get("cue") {
            None => Some(Cue::Tone),
            Some(f) => self
                .choice(f.value, "cue", &["tone", "bell", "none"])
                .map(|c| match c {
                    "tone" => Cue::Tone,
                    "bell" => Cue::Bell,
                    _ => Cue::None,
                }),
        };
        Some(Breathe {
            pattern: pattern?,
            length: length?,
            cue: cue?,
        })
    }

    pub(super) fn pattern(&mut self, id: NodeId) -> Option<Pattern> {
        if self.tree.scalar(id).is_some() {
            let name = self.choice(id, "pattern", &values::PATTERN_NAMES)?;
            return Some(values::named_pattern(name));
        }
        let fields = self.fields(id, "a breathing pattern")?;
        self.check_keys(&fields, keys::PATTERN, "a breathing pattern");
        let mut phases = vec![];
        let mut ok = true;
        for (key, phase, zero_ok) in [
            ("in", Phase::Inhale, false),
            ("hold", Phase::Hold, true),
            ("out", Phase::Exhale, false),
            ("rest", Phase::Rest, true),
        ] {
            match fields.get(key) {
                Some(f) => match self.duration(f.value, key, zero_ok) {
                    Some(d) => phases.push((phase, d)),
                    None => ok = false,
                },
                None if zero_ok => {}
                None => {
                    self.error(
                        Diagnostic::new(
                            self.span(id),
                            format!("this breathing pattern has no `{key}`"),
                        )
                        .hint("a pattern needs `in` and `out`; `hold` and `rest` default to 0s"),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(Pattern { name: None, phases })
    }

    pub(super) fn repeat(
        &mut self,
        field: &Field,
        fields: &Fields,
        depth: usize,
    ) -> Option<Repeat> {
        let count = self.count(field.value, "repeat", 1, MAX_REPEAT);
        if depth >= MAX_REPEAT_DEPTH {
            self.error(
                Diagnostic::new(
                    field.key_span,
                    format!("repeats nest more than {MAX_REPEAT_DEPTH} deep here"),
                )
                .hint("flatten the inner repeats: multiply their counts into one"),
            );
            return None;
        }
        let steps = match fields.get("steps") {
            Some(f) => {
                let steps = self.step_list(f.value, depth + 1)?;
                if steps.is_empty() {
                    self.error(
                        Diagnostic::new(self.span(f.value), "this repeat has no steps")
                            .hint("list the steps to repeat under `steps:`"),
                    );
                    return None;
                }
                steps
            }
            None => {
                self.error(
                    Diagnostic::new(field.key_span, "this repeat has no `steps`")
                        .hint("list what to repeat: `- repeat: 3` then `  steps: [...]` at the same indent as `repeat`"),
                );
                return None;
            }
        };
        Some(Repeat {
            count: count?,
            steps,
        })
    }
}
