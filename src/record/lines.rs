//! The say lines of a script as written: their text, where each sits in the file, and the
//! clip each has, in the order the file gives them (a line inside a `repeat` once).

use crate::script::yaml::{self, NodeId, NodeKind, Tree};
use crate::script::{Script, Span, StepKind, TextPart};

use super::RecordError;

/// One `say` step of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct SayLine {
    /// 1-based, in the order written.
    pub number: usize,
    /// The caption, as the script gives it (params as `${name}`).
    pub text: String,
    /// Where the say value is written.
    pub say: Span,
    /// The column (1-based, in characters) of the `say` key: a new `clip:` goes under it.
    pub key_col: usize,
    /// The clip path and where it is written, if the line has one.
    pub clip: Option<(String, Span)>,
    /// Where the step's mapping starts, when it is written `{ say: … }` on one line.
    pub flow: Option<Span>,
    /// The line holds `[2s]`-style pauses, which a clip cannot (the clip has its own).
    pub pauses: bool,
}

/// The say lines of `text`, whose parsed form is `script`.
pub fn say_lines(text: &str, script: &Script) -> Result<Vec<SayLine>, RecordError> {
    let (tree, root) = yaml::parse(text).map_err(|_| RecordError::Layout {
        line: 1,
        why: "the file is not YAML".into(),
    })?;
    let mut found = vec![];
    if let Some(steps) = get(&tree, root, "steps") {
        walk(text, &tree, steps, &mut found);
    }
    let mut says = vec![];
    say_steps(&script.steps, &mut says);
    if says.len() != found.len() {
        return Err(RecordError::Layout {
            line: 1,
            why: format!(
                "{} say steps were found in the file but the script has {}",
                found.len(),
                says.len()
            ),
        });
    }
    for (line, say) in found.iter_mut().zip(says) {
        line.pauses = say.text.iter().any(|p| matches!(p, TextPart::Pause(_)));
    }
    Ok(found)
}

fn say_steps<'a>(steps: &'a [crate::script::Step], out: &mut Vec<&'a crate::script::Say>) {
    for step in steps {
        match &step.kind {
            StepKind::Say(s) => out.push(s),
            StepKind::Repeat(r) => say_steps(&r.steps, out),
            _ => {}
        }
    }
}

fn get(tree: &Tree, map: NodeId, key: &str) -> Option<NodeId> {
    match &tree.node(map).kind {
        NodeKind::Map(entries) => entries.iter().find_map(|&(k, v)| {
            matches!(&tree.node(k).kind, NodeKind::Scalar { text, .. } if text == key).then_some(v)
        }),
        _ => None,
    }
}

fn key_of(tree: &Tree, map: NodeId, key: &str) -> Option<NodeId> {
    match &tree.node(map).kind {
        NodeKind::Map(entries) => entries.iter().find_map(|&(k, _)| {
            matches!(&tree.node(k).kind, NodeKind::Scalar { text, .. } if text == key).then_some(k)
        }),
        _ => None,
    }
}

fn walk(text: &str, tree: &Tree, steps: NodeId, found: &mut Vec<SayLine>) {
    let NodeKind::Seq(items) = &tree.node(steps).kind else {
        return;
    };
    for &item in items {
        if let (Some(key), Some(say)) = (key_of(tree, item, "say"), get(tree, item, "say")) {
            let NodeKind::Scalar { text: said, .. } = &tree.node(say).kind else {
                continue;
            };
            let clip = get(tree, item, "clip").and_then(|c| match &tree.node(c).kind {
                NodeKind::Scalar { text, .. } => Some((text.clone(), tree.span(c))),
                _ => None,
            });
            let start = tree.span(item).start;
            let flow = (char_at(text, start.line, start.col) == Some('{')).then(|| tree.span(item));
            found.push(SayLine {
                number: found.len() + 1,
                text: said.clone(),
                say: tree.span(say),
                key_col: tree.span(key).start.col,
                clip,
                flow,
                pauses: false,
            });
        } else if let Some(inner) = get(tree, item, "steps") {
            walk(text, tree, inner, found);
        }
    }
}

/// The character at 1-based `line` and `col`.
pub(super) fn char_at(text: &str, line: usize, col: usize) -> Option<char> {
    text.split('\n')
        .nth(line.checked_sub(1)?)?
        .chars()
        .nth(col.checked_sub(1)?)
}
