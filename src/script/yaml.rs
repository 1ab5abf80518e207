//! YAML text → a tree of located nodes.
//!
//! Built on saphyr-parser's event stream rather than a serde deserializer, so that every value
//! keeps its place in the file and validation can report every error at once. Aliases share the
//! anchored node instead of copying it, and their expanded size is counted as they appear: an
//! alias bomb is refused after a few thousand events, in memory bounded by the file's size.

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span as YamlSpan};

use super::diag::Diagnostic;
use super::indent;
use super::source::{Pos, Span};

pub type NodeId = usize;

/// The most values the document may expand to once aliases are followed. A long hand-written
/// script has a few thousand; the budget leaves room for generated ones.
pub const MAX_EXPANDED_VALUES: u64 = 1_000_000;
/// The deepest nesting of YAML lists and mappings accepted.
pub const MAX_YAML_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar's text; `plain` is false for quoted and block scalars, which are always strings.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<NodeId>),
    Map(Vec<(NodeId, NodeId)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

/// A parsed document: nodes in an arena, shared where the YAML used aliases.
#[derive(Debug, Default)]
pub struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.nodes[id].span
    }

    /// A plain scalar's meaning under YAML 1.2's core schema: null, bool, int, float or string.
    pub fn scalar(&self, id: NodeId) -> Option<Scalar<'_>> {
        match &self.nodes[id].kind {
            NodeKind::Scalar { text, plain } => Some(Scalar::resolve(text, *plain)),
            _ => None,
        }
    }

    /// A short name for what a node is, for messages like "expected a list, found a mapping".
    pub fn describe(&self, id: NodeId) -> &'static str {
        match &self.nodes[id].kind {
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
            NodeKind::Scalar { .. } => match self.scalar(id) {
                Some(Scalar::Null) => "nothing",
                Some(Scalar::Bool(_)) => "a boolean",
                Some(Scalar::Int(_)) => "an integer",
                Some(Scalar::Float(_)) => "a number",
                _ => "text",
            },
        }
    }
}

/// A scalar resolved with YAML 1.2's core schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl<'a> Scalar<'a> {
    fn resolve(text: &'a str, plain: bool) -> Scalar<'a> {
        if !plain {
            return Scalar::Str(text);
        }
        match text {
            "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
            "true" | "True" | "TRUE" => return Scalar::Bool(true),
            "false" | "False" | "FALSE" => return Scalar::Bool(false),
            _ => {}
        }
        if let Some(i) = parse_int(text) {
            return Scalar::Int(i);
        }
        if looks_like_float(text)
            && let Ok(f) = text.parse::<f64>()
        {
            return Scalar::Float(f);
        }
        Scalar::Str(text)
    }
}

fn parse_int(text: &str) -> Option<i64> {
    let (neg, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        return None;
    };
    Some(if neg { -value } else { value })
}

fn looks_like_float(text: &str) -> bool {
    let body = text.trim_start_matches(['-', '+']);
    matches!(body, ".inf" | ".Inf" | ".INF")
        || (body.bytes().any(|b| b.is_ascii_digit())
            && body
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+')))
}

/// A list or mapping whose end has not been seen yet; `size` counts what it holds so far.
enum Open {
    Seq {
        start: Marker,
        anchor: usize,
        size: u64,
        items: Vec<NodeId>,
    },
    Map {
        start: Marker,
        anchor: usize,
        size: u64,
        entries: Vec<(NodeId, NodeId)>,
        key: Option<NodeId>,
    },
}

impl Open {
    fn size(&self) -> u64 {
        match self {
            Open::Seq { size, .. } | Open::Map { size, .. } => *size,
        }
    }
}

struct Builder {
    tree: Tree,
    /// Expanded size of each node: itself plus everything under it, aliases followed.
    sizes: Vec<u64>,
    anchors: Vec<(usize, NodeId)>,
    stack: Vec<Open>,
    root: Option<NodeId>,
    documents: usize,
}

fn pos(m: &Marker) -> Pos {
    Pos {
        line: m.line(),
        col: m.col() + 1,
    }
}

fn span_of(s: &YamlSpan) -> Span {
    Span {
        start: pos(&s.start),
        end: pos(&s.end),
    }
}

/// Parses one YAML document into a tree. The first syntax error ends parsing (YAML cannot be
/// reliably resumed after one); everything after that is validation's job.
pub fn parse(text: &str) -> Result<(Tree, NodeId), Diagnostic> {
    parse_located(text).map_err(|e| e.diag)
}

/// Why a text is not a tree: a syntax error, which the rest of the file may be read past
/// (`syntax`), or a refusal (too large, too deep, a tag, a second document), which it may not.
#[derive(Debug)]
pub struct YamlError {
    pub diag: Diagnostic,
    pub syntax: bool,
}

impl From<Diagnostic> for YamlError {
    fn from(diag: Diagnostic) -> YamlError {
        YamlError {
            diag,
            syntax: false,
        }
    }
}

/// [`parse`], saying whether its error is a syntax error.
pub fn parse_located(text: &str) -> Result<(Tree, NodeId), YamlError> {
    let mut b = Builder {
        tree: Tree::default(),
        sizes: vec![],
        anchors: vec![],
        stack: vec![],
        root: None,
        documents: 0,
    };
    let mut parser = Parser::new_from_str(text);
    let mut last = Span::file_start();
    loop {
        let (event, yspan) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                let at = Span::point(pos(e.marker()));
                let line = text
                    .lines()
                    .nth(at.start.line.saturating_sub(1))
                    .unwrap_or("");
                if let Some(diag) = indent::explain(text, at.start, e.info()) {
                    return Err(YamlError { diag, syntax: true });
                }
                // `${name}` itself has braces; only other braces make a flow collection.
                let flow = line.replace("${", "").contains(['{', '[']);
                let hint = if line.contains("${") && flow {
                    "inside `{ }` or `[ ]`, quote a param: `rounds: \"${rounds}\"`"
                } else if e.info().contains("mapping values are not allowed") {
                    "text with `: ` in it must be quoted: `say: \"Step one: notice your feet.\"`"
                } else {
                    "check the indentation and that every `key: value` pair has its colon and space"
                };
                let diag = Diagnostic::new(at, format!("invalid YAML: {}", e.info())).hint(hint);
                return Err(YamlError { diag, syntax: true });
            }
        };
        let span = span_of(&yspan);
        last = span;
        b.event(event, yspan, span)?;
    }
    match b.root {
        Some(root) => Ok((b.tree, root)),
        None => Err(
            Diagnostic::new(Span::point(last.start), "the file holds no YAML document")
                .hint("a session script starts with `format: still/1`, then `title:` and `steps:`")
                .into(),
        ),
    }
}

impl Builder {
    fn event(&mut self, event: Event<'_>, yspan: YamlSpan, span: Span) -> Result<(), Diagnostic> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Diagnostic::new(span, "a second YAML document starts here")
                        .hint("a session script is one document: remove this `---` and what follows, or put it in its own file"));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = match tag.as_deref() {
                    None => style == ScalarStyle::Plain,
                    Some(t) if t.handle == "!!" || t.is_yaml_core_schema() => {
                        t.suffix != "str" && style == ScalarStyle::Plain
                    }
                    Some(t) => return Err(unknown_tag(span, &format!("{}{}", t.handle, t.suffix))),
                };
                let id = self.push(
                    Node {
                        kind: NodeKind::Scalar {
                            text: text.into_owned(),
                            plain,
                        },
                        span,
                    },
                    1,
                );
                self.anchor(anchor, id);
                self.complete(id, span)?;
            }
            Event::Alias(anchor) => {
                let Some(&(_, target)) = self.anchors.iter().rev().find(|(a, _)| *a == anchor)
                else {
                    return Err(Diagnostic::new(span, "this alias refers to an anchor that is not finished yet")
                        .hint("an alias (`*name`) can only repeat a value whose anchor (`&name`) was completed before it"));
                };
                self.complete(target, span)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(
                    span,
                    tag.as_deref(),
                    Open::Seq {
                        start: yspan.start,
                        anchor,
                        size: 1,
                        items: vec![],
                    },
                )?;
            }
            Event::MappingStart(anchor, tag) => {
                self.open(
                    span,
                    tag.as_deref(),
                    Open::Map {
                        start: yspan.start,
                        anchor,
                        size: 1,
                        entries: vec![],
                        key: None,
                    },
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let open = self
                    .stack
                    .pop()
                    .expect("the parser balances starts and ends");
                let (kind, start, anchor, size) = match open {
                    Open::Seq {
                        start,
                        anchor,
                        size,
                        items,
                    } => (NodeKind::Seq(items), start, anchor, size),
                    Open::Map {
                        start,
                        anchor,
                        size,
                        entries,
                        ..
                    } => (NodeKind::Map(entries), start, anchor, size),
                };
                let full = Span {
                    start: pos(&start),
                    end: span.end,
                };
                let id = self.push(Node { kind, span: full }, size);
                self.anchor(anchor, id);
                self.complete(id, full)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn push(&mut self, node: Node, size: u64) -> NodeId {
        self.tree.nodes.push(node);
        self.sizes.push(size);
        self.tree.nodes.len() - 1
    }

    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor != 0 {
            self.anchors.push((anchor, id));
        }
    }

    fn open(
        &mut self,
        span: Span,
        tag: Option<&saphyr_parser::Tag>,
        open: Open,
    ) -> Result<(), Diagnostic> {
        if let Some(t) = tag
            && !(t.handle == "!!" || t.is_yaml_core_schema())
        {
            return Err(unknown_tag(span, &format!("{}{}", t.handle, t.suffix)));
        }
        if self.stack.len() >= MAX_YAML_DEPTH {
            return Err(Diagnostic::new(
                span,
                format!("lists and mappings nest more than {MAX_YAML_DEPTH} levels deep here"),
            )
            .hint("a session script never needs this much nesting; use `repeat` for repetition"));
        }
        self.stack.push(open);
        Ok(())
    }

    /// Hands a finished node (or an alias to one) to the open container above it.
    fn complete(&mut self, id: NodeId, at: Span) -> Result<(), Diagnostic> {
        let size = self.sizes[id];
        let total = self
            .stack
            .iter()
            .map(Open::size)
            .fold(size, u64::saturating_add);
        if total > MAX_EXPANDED_VALUES {
            return Err(Diagnostic::new(
                at,
                format!("aliases here expand the document beyond {MAX_EXPANDED_VALUES} values"),
            )
            .hint("a script this large is refused to protect your machine; use `repeat: N` instead of nested aliases"));
        }
        match self.stack.last_mut() {
            None => self.root = Some(id),
            Some(Open::Seq { items, size: s, .. }) => {
                items.push(id);
                *s = s.saturating_add(size);
            }
            Some(Open::Map {
                entries,
                key,
                size: s,
                ..
            }) => {
                match key.take() {
                    None => *key = Some(id),
                    Some(k) => entries.push((k, id)),
                }
                *s = s.saturating_add(size);
            }
        }
        Ok(())
    }
}

fn unknown_tag(span: Span, tag: &str) -> Diagnostic {
    Diagnostic::new(
        span,
        format!("the YAML tag '{tag}' has no meaning in a session script"),
    )
    .hint("remove the tag; write the value plainly")
}
