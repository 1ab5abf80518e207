//! The located YAML tree → a validated [`Script`], collecting every problem on the way.
//!
//! Each `lower_*` function checks one part of the format and returns `None` when that part is
//! unusable; it has already recorded why. Checking goes on past errors so that one run of
//! `still check` shows them all.

use std::time::Duration;

use super::diag::Diagnostic;
use super::keys;
use super::model::*;
use super::paths::{PathError, ScriptFolder, check_relative};
use super::source::{Pos, Span};
use super::suggest::{all_of, did_you_mean, one_of};
use super::values::{self, ParamRef};
use super::yaml::{NodeId, NodeKind, Scalar, Tree};

/// Repeats nest at most this deep.
pub const MAX_REPEAT_DEPTH: usize = 8;
/// A repeat runs at most this many times.
pub const MAX_REPEAT: u32 = 1000;
/// A bell step strikes at most this many times.
pub const MAX_STRIKES: u32 = 1000;

pub(super) struct Lowering<'a> {
    tree: &'a Tree,
    folder: &'a dyn ScriptFolder,
    pub diags: Vec<Diagnostic>,
    params: Vec<Param>,
}

/// A mapping entry: its key's text and place, and its value.
struct Field {
    key: String,
    key_span: Span,
    value: NodeId,
}

struct Fields(Vec<Field>);

impl Fields {
    fn get(&self, key: &str) -> Option<&Field> {
        self.0.iter().find(|f| f.key == key)
    }
}

/// What a sound name may be in its place.
#[derive(Clone, Copy, PartialEq)]
enum SoundUse {
    Bell,
    Bed,
}

impl<'a> Lowering<'a> {
    pub fn new(tree: &'a Tree, folder: &'a dyn ScriptFolder) -> Lowering<'a> {
        Lowering {
            tree,
            folder,
            diags: vec![],
            params: vec![],
        }
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn span(&self, id: NodeId) -> Span {
        self.tree.span(id)
    }

    // ----- the whole script -----

    pub fn script(&mut self, root: NodeId, default_id: &str) -> Option<Script> {
        let fields = self.fields(root, "a session script")?;
        self.check_keys(&fields, keys::SCRIPT, "a script");

        match fields.get("format") {
            None => self.error(
                Diagnostic::new(Span::file_start(), "missing `format: still/1`")
                    .hint("the first line of a session script is `format: still/1`"),
            ),
            Some(f) => {
                if let Some(text) = self.string(f.value, "format")
                    && text != values::FORMAT
                {
                    self.error(
                        Diagnostic::new(self.span(f.value), format!("unsupported format '{text}'"))
                            .hint("this version of still reads `format: still/1`"),
                    );
                }
            }
        }

        let title = match fields.get("title") {
            None => {
                self.error(
                    Diagnostic::new(Span::file_start(), "missing `title`")
                        .hint("add `title: ...`: the name listeners see in `still list`"),
                );
                None
            }
            Some(f) => self.text(f.value, "title"),
        };

        let id = match fields.get("id") {
            None => Some(values::slug(default_id)),
            Some(f) => self.string(f.value, "id").and_then(|id| {
                if values::is_valid_id(&id) {
                    Some(id)
                } else {
                    self.error(
                        Diagnostic::new(
                            self.span(f.value),
                            format!("id '{id}' may hold only lowercase letters, digits and '-'"),
                        )
                        .hint(format!("try `id: {}`", values::slug(&id))),
                    );
                    None
                }
            }),
        };

        let optional_text =
            |this: &mut Self, key: &str| fields.get(key).and_then(|f| this.text(f.value, key));
        let summary = optional_text(self, "summary");
        let author = optional_text(self, "author");
        let license = optional_text(self, "license");
        let language = optional_text(self, "language");
        let content_note = optional_text(self, "content_note");
        let tags = fields
            .get("tags")
            .map(|f| self.tags(f.value))
            .unwrap_or_default();

        // Params first: everything after may refer to them.
        if let Some(f) = fields.get("params") {
            self.params(f.value);
        }
        let ambient = fields.get("ambient").and_then(|f| self.ambient(f.value));

        let (steps, steps_span) = match fields.get("steps") {
            None => {
                self.error(
                    Diagnostic::new(Span::file_start(), "missing `steps`")
                        .hint("a session is a list of steps, e.g. `steps: [{bell: bowl}, {pause: 5m}, {bell: bowl}]`"),
                );
                (None, Span::file_start())
            }
            Some(f) => {
                let steps = self.step_list(f.value, 0);
                if let Some(s) = &steps
                    && s.is_empty()
                {
                    self.error(
                        Diagnostic::new(self.span(f.value), "`steps` is empty")
                            .hint("a session needs at least one step"),
                    );
                }
                (steps, f.key_span)
            }
        };

        Some(Script {
            id: id?,
            title: title?,
            summary,
            author,
            license,
            language,
            tags,
            content_note,
            params: std::mem::take(&mut self.params),
            ambient,
            steps: steps?,
            steps_span,
        })
    }

    fn tags(&mut self, id: NodeId) -> Vec<String> {
        let Some(items) = self.seq(id, "tags") else {
            return vec![];
        };
        items
            .into_iter()
            .filter_map(|item| self.text(item, "a tag"))
            .collect()
    }

    // ----- params -----

    fn params(&mut self, id: NodeId) {
        let Some(fields) = self.fields(id, "params") else {
            return;
        };
        for field in fields.0 {
            if !values::is_param_name(&field.key) {
                self.error(
                    Diagnostic::new(
                        field.key_span,
                        format!("param name '{}' is not a plain name", field.key),
                    )
                    .hint(
                        "use letters, digits, '_' and '-', starting with a letter, e.g. `rounds`",
                    ),
                );
                continue;
            }
            if let Some(kind) = self.param_kind(&field) {
                self.params.push(Param {
                    name: field.key.clone(),
                    kind,
                    span: field.key_span,
                });
            }
        }
    }

    fn param_kind(&mut self, field: &Field) -> Option<ParamKind> {
        let name = &field.key;
        // `rounds: 6` is short for `rounds: { default: 6 }`.
        let (default_id, min_id, max_id) =
            if matches!(self.tree.node(field.value).kind, NodeKind::Map(_)) {
                let fields = self.fields(field.value, "a param")?;
                self.check_keys(&fields, keys::PARAM, "a param");
                let Some(default) = fields.get("default") else {
                    self.error(
                        Diagnostic::new(field.key_span, format!("param '{name}' has no default"))
                            .hint("give it one: `{ default: 6, min: 1, max: 30 }`"),
                    );
                    return None;
                };
                (
                    default.value,
                    fields.get("min").map(|f| f.value),
                    fields.get("max").map(|f| f.value),
                )
            } else {
                (field.value, None, None)
            };
        let default_span = self.span(default_id);
        match self.tree.scalar(default_id) {
            Some(Scalar::Int(default)) => {
                let min = min_id.and_then(|id| self.int(id, "min"));
                let max = max_id.and_then(|id| self.int(id, "max"));
                self.check_range(name, default_span, default, min, max, |v| v.to_string())?;
                Some(ParamKind::Int { default, min, max })
            }
            Some(Scalar::Str(text)) => match values::parse_duration(text) {
                Ok(default) => {
                    let min = min_id.and_then(|id| self.plain_duration(id, "min"));
                    let max = max_id.and_then(|id| self.plain_duration(id, "max"));
                    self.check_range(
                        name,
                        default_span,
                        default,
                        min,
                        max,
                        values::format_duration,
                    )?;
                    Some(ParamKind::Duration { default, min, max })
                }
                Err(e) => {
                    self.error(
                        Diagnostic::new(default_span, format!("param '{name}' default '{text}' is neither a whole number nor a duration: {e}"))
                            .hint("a param is a whole number (`6`) or a duration (`2m`, `30s`)"),
                    );
                    None
                }
            },
            _ => {
                let found = self.tree.describe(default_id);
                self.error(
                    Diagnostic::new(default_span, format!("param '{name}' default is {found}"))
                        .hint("a param is a whole number (`6`) or a duration (`2m`, `30s`)"),
                );
                None
            }
        }
    }

    fn check_range<T: PartialOrd + Copy>(
        &mut self,
        name: &str,
        at: Span,
        default: T,
        min: Option<T>,
        max: Option<T>,
        show: impl Fn(T) -> String,
    ) -> Option<()> {
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            self.error(Diagnostic::new(
                at,
                format!("param '{name}' has min {} above max {}", show(lo), show(hi)),
            ));
            return None;
        }
        if min.is_some_and(|lo| default < lo) || max.is_some_and(|hi| default > hi) {
            self.error(
                Diagnostic::new(
                    at,
                    format!(
                        "param '{name}' default {} is outside its own range",
                        show(default)
                    ),
                )
                .hint(format!(
                    "choose a default between {} and {}",
                    min.map_or("any".into(), &show),
                    max.map_or("any".into(), &show)
                )),
            );
            return None;
        }
        Some(())
    }

    // ----- ambient -----

    fn ambient(&mut self, id: NodeId) -> Option<Ambient> {
        let mut ambient = Ambient {
            sound: Sound::Builtin(BuiltinSound::BrownNoise),
            volume: Gain::UNITY,
            fade: values::DEFAULT_FADE,
            duck: Gain::from_db(values::DEFAULT_DUCK_DB),
        };
        if self.tree.scalar(id).is_some() {
            ambient.sound = self.sound(id, SoundUse::Bed, "ambient")?;
            return Some(ambient);
        }
        let fields = self.fields(id, "ambient")?;
        self.check_keys(&fields, keys::AMBIENT, "ambient");
        let mut ok = true;
        match fields.get("sound") {
            Some(f) => match self.sound(f.value, SoundUse::Bed, "ambient sound") {
                Some(s) => ambient.sound = s,
                None => ok = false,
            },
            None => {
                self.error(
                    Diagnostic::new(self.span(id), "ambient has no `sound`")
                        .hint("name a bed (`brown-noise`, `pink-noise`, `rain`, `ocean`) or an audio file"),
                );
                ok = false;
            }
        }
        if let Some(f) = fields.get("volume") {
            ok &= self
                .volume(f.value, "ambient volume")
                .map(|v| ambient.volume = v)
                .is_some();
        }
        if let Some(f) = fields.get("fade") {
            ok &= self
                .plain_duration_nonzero(f.value, "fade")
                .map(|v| ambient.fade = v)
                .is_some();
        }
        if let Some(f) = fields.get("duck") {
            match self.volume(f.value, "duck") {
                Some(g) if g.0 > 1.0 => {
                    self.error(
                        Diagnostic::new(
                            self.span(f.value),
                            "`duck` would make the bed louder under narration",
                        )
                        .hint("ducking lowers the bed: use a negative dB value such as `-10dB`"),
                    );
                    ok = false;
                }
                Some(g) => ambient.duck = g,
                None => ok = false,
            }
        }
        ok.then_some(ambient)
    }

    // ----- steps -----

    fn step_list(&mut self, id: NodeId, depth: usize) -> Option<Vec<Step>> {
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

    fn step(&mut self, id: NodeId, depth: usize) -> Option<Step> {
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
            _ => unreachable!("kinds come from keys::STEP_KINDS"),
        };
        Some(Step { kind, span })
    }

    fn bell(&mut self, id: NodeId) -> Option<Bell> {
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

    fn say(&mut self, id: NodeId, fields: &Fields) -> Option<Say> {
        let text = self.text(id, "say");
        let text = text.and_then(|t| self.interpolated(id, &t));
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

    fn pause(&mut self, id: NodeId, fields: &Fields) -> Option<Pause> {
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

    fn breathe(&mut self, id: NodeId) -> Option<Breathe> {
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

    fn pattern(&mut self, id: NodeId) -> Option<Pattern> {
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

    fn repeat(&mut self, field: &Field, fields: &Fields, depth: usize) -> Option<Repeat> {
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

    // ----- values -----

    /// A sound: a file beside the script, or a built-in of the right kind.
    fn sound(&mut self, id: NodeId, usage: SoundUse, what: &str) -> Option<Sound> {
        let name = self.string(id, what)?;
        let has_separator = name.contains('/') || name.contains('\\');
        if has_separator || self.folder.has_file(&name) {
            return self.clip(id, what).map(Sound::Clip);
        }
        let builtin = match usage {
            SoundUse::Bell => BuiltinSound::bell(&name),
            SoundUse::Bed => BuiltinSound::bed(&name),
        };
        if let Some(b) = builtin {
            return Some(Sound::Builtin(b));
        }
        if name.contains('.') {
            // Looks like a file name: say which file is missing.
            return self.clip(id, what).map(Sound::Clip);
        }
        let other = match usage {
            SoundUse::Bell => BuiltinSound::bed(&name).map(|_| "an ambient bed, not a bell"),
            SoundUse::Bed => BuiltinSound::bell(&name).map(|_| "a bell, not an ambient bed"),
        };
        if let Some(what_it_is) = other {
            self.error(Diagnostic::new(self.span(id), format!("'{name}' is {what_it_is}")).hint(match usage {
                SoundUse::Bell => "bells are `bowl`, `rin`, `gong`, `chime` and `wood`; a bed goes under `ambient:`",
                SoundUse::Bed => "beds are `brown-noise`, `pink-noise`, `rain` and `ocean`; a bell is a step: `- bell: bowl`",
            }));
            return None;
        }
        let (kind, names): (&str, Vec<&str>) = match usage {
            SoundUse::Bell => (
                "bell",
                BuiltinSound::BELLS.iter().map(|b| b.name()).collect(),
            ),
            SoundUse::Bed => (
                "ambient bed",
                BuiltinSound::BEDS.iter().map(|b| b.name()).collect(),
            ),
        };
        let message = match did_you_mean(&name, names.iter().copied()) {
            Some(s) => format!("unknown {kind} '{name}' — did you mean '{s}'?"),
            None => format!("unknown {kind} '{name}'"),
        };
        self.error(Diagnostic::new(self.span(id), message).hint(format!(
            "the built-in {kind}s are {}; or give the path of an audio file beside the script",
            all_of(&names)
        )));
        None
    }

    fn clip(&mut self, id: NodeId, what: &str) -> Option<Clip> {
        let written = self.string(id, what)?;
        let span = self.span(id);
        let result = check_relative(&written)
            .and_then(|rel| self.folder.resolve(&rel).map(|data| (rel, data)));
        match result {
            Ok((path, data)) => Some(Clip { path, data, span }),
            Err(e) => {
                let hint = match e {
                    PathError::Absolute
                    | PathError::LeavesFolder
                    | PathError::LinkOutside { .. } => {
                        "keep audio files in the script's folder (or below it) and write their path relative to it, like `clips/welcome.ogg`"
                    }
                    PathError::NotFound(_) | PathError::NotEmbedded(_) => {
                        "check the spelling; paths are relative to the script's folder"
                    }
                    _ => "audio files are WAV, FLAC, Ogg Vorbis or MP3 files beside the script",
                };
                self.error(
                    Diagnostic::new(
                        span,
                        format!("{what} '{written}': {}", values::error_chain(&e)),
                    )
                    .hint(hint),
                );
                None
            }
        }
    }

    fn volume(&mut self, id: NodeId, what: &str) -> Option<Gain> {
        let span = self.span(id);
        let result = match self.tree.scalar(id) {
            Some(Scalar::Int(i)) => values::linear_volume(i as f64),
            Some(Scalar::Float(f)) => values::linear_volume(f),
            Some(Scalar::Str(s)) => values::parse_volume(s),
            _ => Err(format!("{what} is {}", self.tree.describe(id))),
        };
        match result {
            Ok(g) => Some(g),
            Err(e) => {
                self.error(
                    Diagnostic::new(span, format!("{what}: {e}"))
                        .hint("a volume is a gain from 0 to 2 (`0.5`) or decibels from -100dB to +6dB (`-6dB`)"),
                );
                None
            }
        }
    }

    /// A duration, literal or `${param}`.
    fn duration(&mut self, id: NodeId, what: &str, zero_ok: bool) -> Option<Value<Duration>> {
        if let Some(p) = self.param_ref(id) {
            let param = self.use_param(&p, what)?;
            let ParamKind::Duration { default, min, .. } = param.kind else {
                return self.wrong_param_type(&p, what, "a duration");
            };
            if !zero_ok && (default.is_zero() || min.is_some_and(|m| m.is_zero())) {
                self.error(
                    Diagnostic::new(
                        p.span,
                        format!(
                            "param '{}' may be 0s, but {what} must be longer than zero",
                            p.name
                        ),
                    )
                    .hint(format!("give '{}' a `min` above zero", p.name)),
                );
                return None;
            }
            return Some(Value::Param {
                name: p.name,
                span: p.span,
            });
        }
        let d = if zero_ok {
            self.plain_duration(id, what)?
        } else {
            self.plain_duration_nonzero(id, what)?
        };
        Some(Value::Lit(d))
    }

    fn plain_duration_nonzero(&mut self, id: NodeId, what: &str) -> Option<Duration> {
        let d = self.plain_duration(id, what)?;
        if d.is_zero() {
            self.error(
                Diagnostic::new(self.span(id), format!("{what} is zero"))
                    .hint("only a breathing pattern's `hold` and `rest` may be 0s"),
            );
            return None;
        }
        Some(d)
    }

    /// A literal duration (params are not allowed here).
    fn plain_duration(&mut self, id: NodeId, what: &str) -> Option<Duration> {
        let span = self.span(id);
        let problem = match self.tree.scalar(id) {
            Some(Scalar::Str(s)) => match values::parse_duration(s) {
                Ok(d) => return Some(d),
                Err(e) => format!("{what} '{s}' is not a duration: {e}"),
            },
            Some(Scalar::Int(n)) => format!("{what} {n} has no unit"),
            Some(Scalar::Float(n)) => format!("{what} {n} has no unit"),
            _ => format!("{what} is {}, not a duration", self.tree.describe(id)),
        };
        self.error(
            Diagnostic::new(span, problem)
                .hint("write durations like `500ms`, `30s`, `2m 30s` or `1h`"),
        );
        None
    }

    /// A whole number in `[lo, hi]`, literal or `${param}`.
    fn count(&mut self, id: NodeId, what: &str, lo: u32, hi: u32) -> Option<Value<u32>> {
        if let Some(p) = self.param_ref(id) {
            let param = self.use_param(&p, what)?;
            let ParamKind::Int { max, min, .. } = param.kind else {
                return self.wrong_param_type(&p, what, "a whole number");
            };
            if let Some(max) = max.filter(|&m| m > i64::from(hi)) {
                self.error(
                    Diagnostic::new(
                        p.span,
                        format!(
                            "param '{}' may be up to {max}, but {what} is at most {hi}",
                            p.name
                        ),
                    )
                    .hint(format!("lower the `max` of '{}' to {hi}", p.name)),
                );
                return None;
            }
            if let Some(min) = min.filter(|&m| m < i64::from(lo)) {
                self.error(
                    Diagnostic::new(
                        p.span,
                        format!(
                            "param '{}' may be as low as {min}, but {what} is at least {lo}",
                            p.name
                        ),
                    )
                    .hint(format!("raise the `min` of '{}' to {lo}", p.name)),
                );
                return None;
            }
            return Some(Value::Param {
                name: p.name,
                span: p.span,
            });
        }
        let n = self.int(id, what)?;
        if n < i64::from(lo) || n > i64::from(hi) {
            let range = if hi == u32::MAX {
                format!("at least {lo}")
            } else {
                format!("from {lo} to {hi}")
            };
            self.error(Diagnostic::new(
                self.span(id),
                format!("{what} is {n}, but it must be {range}"),
            ));
            return None;
        }
        Some(Value::Lit(n as u32))
    }

    fn int(&mut self, id: NodeId, what: &str) -> Option<i64> {
        match self.tree.scalar(id) {
            Some(Scalar::Int(n)) => Some(n),
            _ => {
                let found = self.tree.describe(id);
                self.error(Diagnostic::new(
                    self.span(id),
                    format!("{what} must be a whole number, found {found}"),
                ));
                None
            }
        }
    }

    fn choice(&mut self, id: NodeId, what: &str, choices: &[&'static str]) -> Option<&'static str> {
        let s = self.string(id, what)?;
        if let Some(c) = choices.iter().find(|c| **c == s) {
            return Some(c);
        }
        let message = match did_you_mean(&s, choices.iter().copied()) {
            Some(g) => format!("unknown {what} '{s}' — did you mean '{g}'?"),
            None => format!("unknown {what} '{s}'"),
        };
        self.error(
            Diagnostic::new(self.span(id), message)
                .hint(format!("{what} is one of {}", one_of(choices))),
        );
        None
    }

    /// `${name}` written as a whole value.
    fn param_ref(&self, id: NodeId) -> Option<ParamRef> {
        match self.tree.scalar(id) {
            Some(Scalar::Str(s)) => values::whole_param_ref(s).map(|name| ParamRef {
                name: name.to_string(),
                span: self.span(id),
            }),
            _ => None,
        }
    }

    fn use_param(&mut self, p: &ParamRef, what: &str) -> Option<Param> {
        if let Some(param) = self.params.iter().find(|q| q.name == p.name) {
            return Some(param.clone());
        }
        let message = match did_you_mean(&p.name, self.params.iter().map(|q| q.name.as_str())) {
            Some(g) => format!("unknown param '{}' in {what} — did you mean '{g}'?", p.name),
            None => format!("unknown param '{}' in {what}", p.name),
        };
        let hint = format!(
            "declare it under `params:`, e.g. `{}: {{ default: ..., min: ..., max: ... }}`",
            p.name
        );
        self.error(Diagnostic::new(p.span, message).hint(hint));
        None
    }

    fn wrong_param_type<T>(&mut self, p: &ParamRef, what: &str, wanted: &str) -> Option<T> {
        self.error(
            Diagnostic::new(
                p.span,
                format!(
                    "param '{}' is the wrong kind for {what}, which needs {wanted}",
                    p.name
                ),
            )
            .hint("a param's kind comes from its default: `6` is a whole number, `2m` a duration"),
        );
        None
    }

    /// Say text with `${param}` references split out and checked.
    fn interpolated(&mut self, id: NodeId, text: &str) -> Option<Vec<TextPart>> {
        let node = self.tree.node(id);
        let single_line_plain = matches!(&node.kind, NodeKind::Scalar { plain: true, .. })
            && node.span.start.line == node.span.end.line;
        let at = |offset: usize, len: usize| {
            if single_line_plain {
                let col = node.span.start.col + offset;
                Span {
                    start: Pos {
                        line: node.span.start.line,
                        col,
                    },
                    end: Pos {
                        line: node.span.start.line,
                        col: col + len,
                    },
                }
            } else {
                node.span
            }
        };
        match values::split_text(text) {
            Ok(parts) => {
                let mut ok = true;
                for (offset, len, part) in &parts {
                    if let TextPart::Param(name) = part {
                        let p = ParamRef {
                            name: name.clone(),
                            span: at(*offset, *len),
                        };
                        ok &= self.use_param(&p, "say").is_some();
                    }
                }
                ok.then(|| parts.into_iter().map(|(_, _, p)| p).collect())
            }
            Err((offset, message)) => {
                self.error(
                    Diagnostic::new(at(offset, 2), message).hint(
                        "write a param as `${name}`; a literal `${` cannot appear in say text",
                    ),
                );
                None
            }
        }
    }

    /// Text for a caption or title: any scalar but nothing, trimmed.
    fn text(&mut self, id: NodeId, what: &str) -> Option<String> {
        let span = self.span(id);
        match &self.tree.node(id).kind {
            NodeKind::Scalar { text, .. }
                if !matches!(self.tree.scalar(id), Some(Scalar::Null)) =>
            {
                let t = text.trim();
                if t.is_empty() {
                    self.error(Diagnostic::new(span, format!("{what} is empty")));
                    return None;
                }
                Some(t.to_string())
            }
            _ => {
                let found = self.tree.describe(id);
                self.error(Diagnostic::new(
                    span,
                    format!("{what} must be text, found {found}"),
                ));
                None
            }
        }
    }

    /// A string value (a name, a path): scalars that read as text, not numbers or nothing.
    fn string(&mut self, id: NodeId, what: &str) -> Option<String> {
        match self.tree.scalar(id) {
            Some(Scalar::Str(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => {
                let found = self.tree.describe(id);
                self.error(Diagnostic::new(
                    self.span(id),
                    format!("{what} must be a name or path, found {found}"),
                ));
                None
            }
        }
    }

    fn seq(&mut self, id: NodeId, what: &str) -> Option<Vec<NodeId>> {
        match &self.tree.node(id).kind {
            NodeKind::Seq(items) => Some(items.clone()),
            _ => {
                let found = self.tree.describe(id);
                self.error(
                    Diagnostic::new(
                        self.span(id),
                        format!("{what} must be a list, found {found}"),
                    )
                    .hint("write a list with one `- ` entry per line"),
                );
                None
            }
        }
    }

    /// A mapping's entries, `<<` merges applied, duplicate and non-text keys reported.
    fn fields(&mut self, id: NodeId, what: &str) -> Option<Fields> {
        let NodeKind::Map(entries) = &self.tree.node(id).kind else {
            let found = self.tree.describe(id);
            self.error(Diagnostic::new(
                self.span(id),
                format!("{what} must be a mapping of `key: value` lines, found {found}"),
            ));
            return None;
        };
        let mut out: Vec<Field> = vec![];
        let mut merged: Vec<Field> = vec![];
        for &(k, v) in entries {
            let key_span = self.span(k);
            let key = match self.tree.scalar(k) {
                Some(Scalar::Str(s)) => s.to_string(),
                Some(Scalar::Int(_) | Scalar::Float(_) | Scalar::Bool(_)) => {
                    match &self.tree.node(k).kind {
                        NodeKind::Scalar { text, .. } => text.clone(),
                        _ => unreachable!(),
                    }
                }
                _ => {
                    self.error(Diagnostic::new(
                        key_span,
                        format!("a key in {what} must be a plain word"),
                    ));
                    continue;
                }
            };
            if key == "<<" {
                let sources = match &self.tree.node(v).kind {
                    NodeKind::Seq(items) => items.clone(),
                    _ => vec![v],
                };
                for src in sources {
                    if let Some(Fields(extra)) = self.fields(src, "a `<<` merge") {
                        merged.extend(extra.into_iter().filter(|f| f.key != "<<"));
                    }
                }
                continue;
            }
            if let Some(first) = out.iter().find(|f| f.key == key) {
                let first_span = first.key_span;
                self.error(
                    Diagnostic::new(key_span, format!("duplicate key '{key}'"))
                        .hint("each key may appear once; remove one of them")
                        .note(first_span, "first written here"),
                );
                continue;
            }
            out.push(Field {
                key,
                key_span,
                value: v,
            });
        }
        for m in merged {
            if !out.iter().any(|f| f.key == m.key) {
                out.push(m);
            }
        }
        Some(Fields(out))
    }

    fn check_keys(&mut self, fields: &Fields, allowed: &[&str], context: &str) {
        for f in &fields.0 {
            if allowed.contains(&f.key.as_str()) {
                continue;
            }
            let message = match did_you_mean(&f.key, allowed.iter().copied()) {
                Some(g) => format!("unknown key '{}' in {context} — did you mean '{g}'?", f.key),
                None => format!("unknown key '{}' in {context}", f.key),
            };
            let hint = keys::misplaced_hint(&f.key, context)
                .unwrap_or_else(|| format!("{context} takes {}", one_of(allowed)));
            self.error(Diagnostic::new(f.key_span, message).hint(hint));
        }
    }
}
