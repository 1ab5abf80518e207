//! The script's top level: format, title and the other header fields, and the ambient bed.

use crate::script::diag::Diagnostic;
use crate::script::keys;
use crate::script::model::*;
use crate::script::source::Span;
use crate::script::values;
use crate::script::yaml::NodeId;

use super::{Lowering, SoundUse};

impl Lowering<'_> {
    pub(in crate::script) fn script(&mut self, root: NodeId, default_id: &str) -> Option<Script> {
        let fields = self.fields(root, "a session script")?;
        self.check_keys(&fields, keys::SCRIPT, "a script");

        match fields.get("format") {
            None => self.error(
                Diagnostic::new(Span::file_start(), "missing `format: still/1`")
                    .hint("the first line of a session script is `format: still/1`"),
            ),
            Some(f) => match self.string(f.value, "format").as_deref() {
                Some(values::FORMAT) => self.version = super::Version::V1,
                Some(values::FORMAT_1_1) | None => {}
                Some(text) => self.error(
                    Diagnostic::new(self.span(f.value), format!("unsupported format '{text}'"))
                        .hint(
                            "this version of still reads `format: still/1` and `format: still/1.1`",
                        ),
                ),
            },
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
        // A tag, so that `still` can choose among a session's languages by it.
        let language = fields.get("language").and_then(|f| {
            let text = self.text(f.value, "language")?;
            match crate::util::language::tag(&text) {
                Some(tag) => Some(tag),
                None => {
                    self.error(
                        Diagnostic::new(
                            self.span(f.value),
                            format!("language '{text}' is not a language tag"),
                        )
                        .hint("write a language code such as `en`, `es`, `fr` or `pt-BR`"),
                    );
                    None
                }
            }
        });
        let content_note = optional_text(self, "content_note");
        let note = match fields.get("note") {
            Some(f) if self.feature_1_1(f.key_span, "`note`") => self.text(f.value, "note"),
            _ => None,
        };
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
            note,
            params: std::mem::take(&mut self.params),
            ambient,
            steps: steps?,
            steps_span,
        })
    }

    pub(super) fn tags(&mut self, id: NodeId) -> Vec<String> {
        let Some(items) = self.seq(id, "tags") else {
            return vec![];
        };
        items
            .into_iter()
            .filter_map(|item| self.text(item, "a tag"))
            .collect()
    }

    pub(super) fn ambient(&mut self, id: NodeId) -> Option<Ambient> {
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
}
