//! Typed values in any place: durations, counts, choices, sounds, clips, volumes, text, and
//! the mappings and lists that hold them.

use std::time::Duration;

use crate::script::diag::Diagnostic;
use crate::script::keys;
use crate::script::model::*;
use crate::script::paths::{PathError, check_relative};
use crate::script::source::{Pos, Span};
use crate::script::values::{self, ParamRef, Piece};
use crate::script::yaml::{NodeId, NodeKind, Scalar};
use crate::util::suggest::{all_of, did_you_mean, one_of};
use crate::util::text::first_control;

use super::{Field, Fields, Lowering, SoundUse};

impl Lowering<'_> {
    /// A sound: a file beside the script, or a built-in of the right kind.
    pub(super) fn sound(&mut self, id: NodeId, usage: SoundUse, what: &str) -> Option<Sound> {
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

    pub(super) fn clip(&mut self, id: NodeId, what: &str) -> Option<Clip> {
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
                    _ => {
                        "audio files are WAV, FLAC, MP3, Ogg Vorbis, Opus or M4A files beside the script"
                    }
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

    pub(super) fn volume(&mut self, id: NodeId, what: &str) -> Option<Gain> {
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
    pub(super) fn duration(
        &mut self,
        id: NodeId,
        what: &str,
        zero_ok: bool,
    ) -> Option<Value<Duration>> {
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

    pub(super) fn plain_duration_nonzero(&mut self, id: NodeId, what: &str) -> Option<Duration> {
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
    pub(super) fn plain_duration(&mut self, id: NodeId, what: &str) -> Option<Duration> {
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
    pub(super) fn count(&mut self, id: NodeId, what: &str, lo: u32, hi: u32) -> Option<Value<u32>> {
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

    pub(super) fn int(&mut self, id: NodeId, what: &str) -> Option<i64> {
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

    pub(super) fn choice(
        &mut self,
        id: NodeId,
        what: &str,
        choices: &[&'static str],
    ) -> Option<&'static str> {
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
    pub(super) fn param_ref(&self, id: NodeId) -> Option<ParamRef> {
        match self.tree.scalar(id) {
            Some(Scalar::Str(s)) => values::whole_param_ref(s).map(|name| ParamRef {
                name: name.to_string(),
                span: self.span(id),
            }),
            _ => None,
        }
    }

    pub(super) fn use_param(&mut self, p: &ParamRef, what: &str) -> Option<Param> {
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

    pub(super) fn wrong_param_type<T>(
        &mut self,
        p: &ParamRef,
        what: &str,
        wanted: &str,
    ) -> Option<T> {
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

    /// Say text with `${param}` references and inline pauses (still/1.1) split out and
    /// checked. A line with a clip (`has_clip`) cannot hold pauses: the clip has its own.
    pub(super) fn interpolated(
        &mut self,
        id: NodeId,
        text: &str,
        has_clip: bool,
    ) -> Option<Vec<TextPart>> {
        let node = self.tree.node(id);
        let single_line = node.span.start.line == node.span.end.line;
        let width = node.span.end.col.saturating_sub(node.span.start.col);
        // Where the text's first character is: a plain scalar starts at its span; a quoted
        // one just inside its quote, when nothing in it was escaped (the lengths agree).
        let first = match &node.kind {
            NodeKind::Scalar { plain: true, .. } if single_line => Some(node.span.start.col),
            NodeKind::Scalar {
                plain: false,
                text: raw,
            } if single_line && width == raw.chars().count() + 2 => Some(node.span.start.col + 1),
            _ => None,
        };
        // `text` is the scalar trimmed: offsets count from its first non-space character.
        let lead = match &node.kind {
            NodeKind::Scalar { text: raw, .. } => {
                raw.chars().take_while(|c| c.is_whitespace()).count()
            }
            _ => 0,
        };
        let at = |offset: usize, len: usize| match first {
            Some(col) => {
                let col = col + lead + offset;
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
            }
            None => node.span,
        };
        let markers = self.version >= super::Version::V1_1;
        let pieces = match values::split_text(text, markers) {
            Ok(p) => p,
            Err((offset, len, message)) => {
                let hint = if message.contains('[') {
                    "write an inline pause as `[2s]`, `[500ms]` or `[${name}]`; `\\[` writes a bracket"
                } else {
                    "write a param as `${name}`; a literal `${` cannot appear in say text"
                };
                self.error(Diagnostic::new(at(offset, len), message).hint(hint));
                return None;
            }
        };
        let mut ok = true;
        let mut parts = Vec::with_capacity(pieces.len());
        let count = pieces.len();
        for (k, (offset, len, piece)) in pieces.into_iter().enumerate() {
            let span = at(offset, len);
            match piece {
                Piece::Lit(t) => parts.push(TextPart::Lit(t)),
                Piece::Param(name) => {
                    let p = ParamRef { name, span };
                    ok &= self.use_param(&p, "say").is_some();
                    parts.push(TextPart::Param(p.name));
                }
                Piece::Marker(inside) => {
                    if !self.feature_1_1(span, "a pause inside a line (`[2s]`)") {
                        ok = false;
                        continue;
                    }
                    if has_clip {
                        self.error(
                            Diagnostic::new(span, "a line with a `clip` cannot hold a pause")
                                .hint("the clip is one recording with its own pauses: take the marker out, or drop `clip` to have the line voiced in parts"),
                        );
                        ok = false;
                        continue;
                    }
                    let last_pause = parts.iter().rposition(|p| matches!(p, TextPart::Pause(_)));
                    let words_before = parts.iter().any(has_words);
                    if let Some(i) = last_pause
                        && !parts[i + 1..].iter().any(has_words)
                    {
                        self.error(
                            Diagnostic::new(span, "two inline pauses in a row")
                                .hint("write one pause of their total length"),
                        );
                        ok = false;
                        continue;
                    }
                    if !words_before || k + 1 == count {
                        self.error(
                            Diagnostic::new(
                                span,
                                "an inline pause needs words before and after it",
                            )
                            .hint("for silence before or after a line, use a `pause` step"),
                        );
                        ok = false;
                        continue;
                    }
                    match self.inline_pause(&inside, span) {
                        Some(d) => parts.push(TextPart::Pause(d)),
                        None => ok = false,
                    }
                }
            }
        }
        ok.then_some(parts)
    }

    /// What an inline pause marker holds: a duration up to [`values::MAX_INLINE_PAUSE`], or
    /// a duration param.
    fn inline_pause(&mut self, inside: &str, span: Span) -> Option<Value<Duration>> {
        let most = values::format_duration(values::MAX_INLINE_PAUSE);
        if let Some(name) = values::whole_param_ref(inside) {
            let p = ParamRef {
                name: name.to_string(),
                span,
            };
            let param = self.use_param(&p, "an inline pause")?;
            let ParamKind::Duration { default, min, .. } = param.kind else {
                return self.wrong_param_type(&p, "an inline pause", "a duration");
            };
            if default.is_zero() || min.is_some_and(|m| m.is_zero()) {
                self.error(
                    Diagnostic::new(
                        span,
                        format!(
                            "param '{name}' may be 0s, but an inline pause must be longer than zero"
                        ),
                    )
                    .hint(format!("give '{name}' a `min` above zero")),
                );
                return None;
            }
            return Some(Value::Param { name: p.name, span });
        }
        let problem = match values::parse_duration(inside) {
            Ok(d) if d.is_zero() => "an inline pause of 0s is no pause".to_string(),
            Ok(d) if d > values::MAX_INLINE_PAUSE => format!(
                "an inline pause of {} is longer than {most}",
                values::format_duration(d)
            ),
            Ok(d) => return Some(Value::Lit(d)),
            Err(e) => format!("'{inside}' in `[...]` is not a duration: {e}"),
        };
        self.error(Diagnostic::new(span, problem).hint(format!(
            "an inline pause is 1ms to {most}, like `[2s]` or `[500ms]`; longer silence is a `pause` step; `\\[` writes a bracket"
        )));
        None
    }

    /// Text for a caption or title: any scalar but nothing, trimmed.
    pub(super) fn text(&mut self, id: NodeId, what: &str) -> Option<String> {
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
                self.no_control(span, what, t)?;
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

    /// Refuses a control character other than a line break or a tab: shown on a terminal,
    /// an escape sequence in a title or caption would act on it (issue #21).
    fn no_control(&mut self, span: Span, what: &str, text: &str) -> Option<()> {
        let Some((at, c)) = first_control(text) else {
            return Some(());
        };
        self.error(
            Diagnostic::new(
                span,
                format!(
                    "{what} holds a control character ({}) at character {}",
                    control_name(c),
                    at + 1
                ),
            )
            .hint("write plain text: escapes such as `\\e` or `\\a` in quotes make characters a terminal would act on"),
        );
        None
    }

    /// A string value (a name, a path): scalars that read as text, not numbers or nothing.
    pub(super) fn string(&mut self, id: NodeId, what: &str) -> Option<String> {
        match self.tree.scalar(id) {
            Some(Scalar::Str(s)) if !s.trim().is_empty() => {
                let span = self.span(id);
                self.no_control(span, what, s.trim())?;
                Some(s.trim().to_string())
            }
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

    pub(super) fn seq(&mut self, id: NodeId, what: &str) -> Option<Vec<NodeId>> {
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
    pub(super) fn fields(&mut self, id: NodeId, what: &str) -> Option<Fields> {
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

    pub(super) fn check_keys(&mut self, fields: &Fields, allowed: &[&str], context: &str) {
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

/// A control character as the user would look it up: its code point, and its name for the
/// common ones.
fn control_name(c: char) -> String {
    let name = match c {
        '\u{1b}' => " escape",
        '\u{7}' => " bell",
        '\u{8}' => " backspace",
        '\r' => " carriage return",
        '\0' => " null",
        '\u{7f}' => " delete",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// Whether a part of a line has something to say.
fn has_words(p: &TextPart) -> bool {
    match p {
        TextPart::Lit(t) => !t.trim().is_empty(),
        TextPart::Param(_) => true,
        TextPart::Pause(_) => false,
    }
}
