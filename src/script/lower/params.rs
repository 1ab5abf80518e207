//! Declared params (`params:`) and their uses (`${name}`) in the steps.

use crate::script::diag::Diagnostic;
use crate::script::keys;
use crate::script::model::*;
use crate::script::source::Span;
use crate::script::values;
use crate::script::yaml::{NodeId, NodeKind, Scalar};

use super::{Field, Lowering};

impl Lowering<'_> {
    pub(super) fn params(&mut self, id: NodeId) {
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

    pub(super) fn param_kind(&mut self, field: &Field) -> Option<ParamKind> {
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

    pub(super) fn check_range<T: PartialOrd + Copy>(
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
}
