//! Session scripts (docs/script-format.md, version 1): text → located YAML tree → validated
//! [`Script`], with every problem reported as a located [`Diagnostic`].

mod diag;
mod indent;
pub mod keys;
mod lower;
pub mod model;
pub mod paths;
mod recover;
pub mod schema;
mod source;
pub mod values;
pub mod yaml;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Diagnostics};
pub use lower::{MAX_REPEAT, MAX_REPEAT_DEPTH, MAX_STRIKES};
pub use model::*;
pub use paths::{DiskFolder, NoFolder, ScriptFolder};
pub use source::{Pos, SourceFile, Span};

/// A script file may be at most this large.
pub const MAX_SCRIPT_BYTES: u64 = 1024 * 1024;

/// Why a script file could not be read at all (its content's problems are [`Diagnostics`]).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reads a script file, refusing more than [`MAX_SCRIPT_BYTES`] without reading further.
/// A file that is too large or not UTF-8 becomes a source with a diagnostic for it.
pub fn read_file(path: &Path, name: &str) -> Result<Result<SourceFile, Diagnostics>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Refuses a folder, a device and a FIFO (which would wait for a writer for ever).
    let file = crate::util::file::open_regular(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_SCRIPT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(source_from_bytes(name, bytes))
}

/// Checks size and encoding of a script's bytes.
pub fn source_from_bytes(name: &str, bytes: Vec<u8>) -> Result<SourceFile, Diagnostics> {
    let refuse = |span: Span, d: &str, hint: &str, text: String| Diagnostics {
        source: SourceFile::new(name, text),
        items: vec![Diagnostic::new(span, d).hint(hint)],
    };
    if bytes.len() as u64 > MAX_SCRIPT_BYTES {
        return Err(refuse(
            Span::file_start(),
            "the file is larger than 1 MiB, the limit for a session script",
            "a session script is a short text file; put audio in separate files and refer to them with `clip:`",
            String::new(),
        ));
    }
    // A file of another kind is named for what it is, and none of its bytes are shown.
    if let Some(kind) = other_kind(&bytes) {
        let (d, hint) = kind.explain(name);
        return Err(refuse(Span::file_start(), &d, &hint, String::new()));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            // Only the text before the first bad byte is shown: the line the caret points
            // into, never bytes that are not text.
            Err(refuse(
                Span::point(Pos { line, col }),
                "the file is not UTF-8 text",
                "save the script as UTF-8; is this an audio file or a document rather than a script?",
                valid.to_string(),
            ))
        }
    }
}

/// What a file that is not a script is, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OtherKind {
    /// A zip: a `.still` bundle, most likely.
    Bundle,
    /// WAV, FLAC, Ogg, MP3 or MP4/M4A audio.
    Audio,
    /// NUL bytes: some other binary file.
    Binary,
}

fn other_kind(bytes: &[u8]) -> Option<OtherKind> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        Some(OtherKind::Bundle)
    } else if starts(b"RIFF")
        || starts(b"fLaC")
        || starts(b"OggS")
        || starts(b"ID3")
        || bytes.get(4..8) == Some(b"ftyp")
        || (bytes.len() > 1 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0)
    {
        Some(OtherKind::Audio)
    } else if bytes.iter().take(8192).any(|&b| b == 0) {
        Some(OtherKind::Binary)
    } else {
        None
    }
}

impl OtherKind {
    /// The message and hint for a file of this kind where a script was expected.
    fn explain(self, name: &str) -> (String, String) {
        let quoted = crate::util::text::shell_quoted(name);
        match self {
            OtherKind::Bundle => (
                "this is a session bundle (a zip, as `still pack` writes), not a script".into(),
                format!("install it with `still import {quoted}`, then play it by the id it prints"),
            ),
            OtherKind::Audio => (
                "this is an audio file, not a script".into(),
                "a script plays audio with `clip:` on a say or bell step; `still new NAME` starts one".into(),
            ),
            OtherKind::Binary => (
                "this is a binary file, not a session script".into(),
                "a session script is a YAML text file; `still new NAME` starts one".into(),
            ),
        }
    }
}

/// Whether a file is meant as a script: named `.yaml`/`.yml`, or saying `format:` at the
/// start of a line near its top (a README may quote a script further down).
fn looks_like_a_script(source: &SourceFile) -> bool {
    let name = source.name.to_ascii_lowercase();
    name.ends_with(".yaml")
        || name.ends_with(".yml")
        || name.starts_with("built-in:")
        || source
            .text
            .lines()
            .take(20)
            .any(|l| l.starts_with("format:"))
}

/// Parses and validates a script. `default_id` is used when the script names no `id`
/// (the file name without its extension); relative paths resolve in `folder`.
pub fn parse(
    source: &SourceFile,
    default_id: &str,
    folder: &dyn ScriptFolder,
) -> Result<Script, Diagnostics> {
    let fail = |items| {
        Err(Diagnostics {
            source: source.clone(),
            items,
        })
    };
    let (tree, root) = match yaml::parse_located(&source.text) {
        Ok(t) => t,
        // A document that is no YAML, not named as a script and never says `format:` (a
        // README, notes) is one problem, not a page of YAML errors.
        Err(e) if e.syntax && !looks_like_a_script(source) => {
            return fail(vec![
                Diagnostic::new(
                    Span::file_start(),
                    "this does not look like a session script: it is not YAML and has no `format: still/1` line",
                )
                .hint("a session script is a YAML file that starts with `format: still/1`; `still new NAME` writes one"),
            ]);
        }
        Err(e) if e.syntax => return fail(recover::problems(&source.text, e.diag, folder)),
        Err(e) => return fail(vec![e.diag]),
    };
    let mut lowering = lower::Lowering::new(&tree, folder);
    let script = lowering.script(root, default_id);
    match script {
        Some(s) if lowering.diags.is_empty() => Ok(s),
        _ => {
            let mut items = lowering.diags;
            if items.is_empty() {
                items.push(Diagnostic::new(
                    Span::file_start(),
                    "the script is not valid",
                ));
            }
            fail(items)
        }
    }
}

/// The `id:` a script's text names at its top level, if it parses as YAML and names a valid one.
pub fn peek_id(text: &str) -> Option<String> {
    peek(text, "id").filter(|id| values::is_valid_id(id))
}

/// The `language:` a script's text names at its top level, as a well-formed tag.
pub fn peek_language(text: &str) -> Option<String> {
    peek(text, "language").and_then(|l| crate::util::language::tag(&l))
}

/// The `title:` a script's text names at its top level.
pub fn peek_title(text: &str) -> Option<String> {
    peek(text, "title")
}

/// A top-level string value, if the text parses as YAML.
fn peek(text: &str, key: &str) -> Option<String> {
    let (tree, root) = yaml::parse(text).ok()?;
    let yaml::NodeKind::Map(entries) = &tree.node(root).kind else {
        return None;
    };
    entries
        .iter()
        .find_map(|&(k, v)| match (tree.scalar(k), tree.scalar(v)) {
            (Some(yaml::Scalar::Str(name)), Some(yaml::Scalar::Str(value))) if name == key => {
                Some(value.to_string())
            }
            _ => None,
        })
}

/// The id a script file gets when it names none: its file name without `.yaml`/`.yml`.
pub fn default_id_for(path: &Path) -> String {
    let stem = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("session");
    let lower = stem.to_ascii_lowercase();
    let cut = [".yaml", ".yml"]
        .iter()
        .find(|e| lower.ends_with(*e))
        .map_or(0, |e| e.len());
    values::slug(&stem[..stem.len() - cut])
}

#[cfg(test)]
mod tests;
