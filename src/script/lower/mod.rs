//! The located YAML tree → a validated [`Script`], collecting every problem on the way.
//!
//! Each method of [`Lowering`] checks one part of the format and returns `None` when that
//! part is unusable; it has already recorded why. Checking goes on past errors so that one
//! run of `still check` shows them all. The parts: [`header`] (the top level and the bed),
//! [`params`], [`steps`], and [`values`] (typed values in any place).

mod header;
mod params;
mod steps;
mod values;

use super::diag::Diagnostic;
use super::model::*;
use super::paths::ScriptFolder;
use super::source::Span;
use super::yaml::{NodeId, Tree};

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
    /// The version the script's `format` names; 1.1 features are refused under 1.
    version: Version,
}

/// The versions of the format this build reads.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Version {
    V1,
    V1_1,
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
            version: Version::V1_1,
        }
    }

    /// Whether a still/1.1 feature (`what`, e.g. "`chapter`") may be used here; under
    /// `format: still/1` it is an error at `span` that says which format to write.
    fn feature_1_1(&mut self, span: Span, what: &str) -> bool {
        if self.version >= Version::V1_1 {
            return true;
        }
        self.error(
            Diagnostic::new(span, format!("{what} is a still/1.1 feature"))
                .hint("write `format: still/1.1` on the script's first line to use it"),
        );
        false
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn span(&self, id: NodeId) -> Span {
        self.tree.span(id)
    }
}
