//! The rooms of `src/` and the doors between them (ARCHITECTURE.md): every `crate::` path in
//! every source file is read, and an import from one room into another that the allow-list
//! below does not name fails the test. Test code (a `#[cfg(test)] mod tests` block, or a
//! `tests.rs` file) may set up from any room and is not read.

use std::collections::BTreeSet;
use std::path::Path;

/// Which rooms each room may import. Data flows one way: script → timeline → mix → output;
/// `session` chains the stages for the commands; `util` uses nothing.
const ALLOWED: &[(&str, &[&str])] = &[
    ("util", &[]),
    ("script", &["util"]),
    ("home", &["util"]),
    ("i18n", &["util"]),
    ("desktop", &["home", "util"]),
    ("timeline", &["script", "util"]),
    ("library", &["home", "script", "util"]),
    ("course", &["home", "library", "script", "util"]),
    ("journal", &["home", "i18n", "util"]),
    ("desktop", &["home", "util"]),
    ("assets", &["script", "timeline", "util"]),
    ("voice", &["assets", "home", "script", "util"]),
    ("mix", &["assets", "script", "timeline", "util"]),
    ("output", &["mix", "timeline", "util"]),
    ("ui", &["i18n", "script", "timeline", "util"]),
    (
        "session",
        &[
            "assets", "course", "home", "library", "mix", "script", "timeline", "voice", "util",
        ],
    ),
    (
        "player",
        &[
            "desktop", "home", "i18n", "journal", "mix", "output", "session", "timeline", "ui",
            "util",
        ],
    ),
    ("record", &["assets", "output", "player", "script", "util"]),
    (
        "cli",
        &[
            "course", "desktop", "home", "i18n", "journal", "library", "mix", "output", "player",
            "record", "script", "session", "timeline", "ui", "util", "voice",
        ],
    ),
];

/// An import that crosses rooms against the allow-list.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct BackEdge {
    file: String,
    line: usize,
    from: String,
    to: String,
}

/// The room a file under `src/` is in: its first folder, or its own name.
fn room_of(relative: &str) -> Option<String> {
    let first = relative.split('/').next()?;
    let room = first.strip_suffix(".rs").unwrap_or(first);
    match room {
        // The crate's root declares the rooms; main calls cli.
        "lib" | "main" => None,
        r => Some(r.to_string()),
    }
}

/// The text of `source` that is not test code: up to a `#[cfg(test)]` followed by
/// `mod tests {` (the house keeps that block last in a file).
fn production_code(source: &str) -> &str {
    let mut at = 0;
    while let Some(i) = source[at..].find("#[cfg(test)]") {
        let start = at + i;
        let rest = source[start + "#[cfg(test)]".len()..].trim_start();
        if rest.starts_with("mod tests {") {
            return &source[..start];
        }
        at = start + 1;
    }
    source
}

/// How deep a file's module is below the crate root: `mix/mod.rs` is 1, `mix/feed.rs` and
/// `mix/live/mod.rs` 2, `mix/live/loader.rs` 3.
fn depth_of(relative: &str) -> usize {
    let parts: Vec<&str> = relative.split('/').collect();
    match parts.last() {
        Some(&"mod.rs") => parts.len() - 1,
        _ => parts.len(),
    }
}

/// Every room named by a path from the crate's root in `code`, with its line:
/// `crate::mix::Frames`, each member of a group (`crate::{mix, output::wav}`), and
/// `super::` chains that climb to the root from a module `depth` deep.
fn imports(code: &str, depth: usize) -> Vec<(usize, String)> {
    let root = "super::".repeat(depth);
    let mut found = vec![];
    for (n, line) in code.lines().enumerate() {
        let text = line.split("//").next().unwrap_or("");
        let text = if root.is_empty() {
            text.to_string()
        } else {
            text.replace(&root, "crate::")
        };
        let mut rest = text.as_str();
        while let Some(i) = rest.find("crate::") {
            // `xcrate::` is another word.
            let before = rest[..i].chars().next_back();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for member in group[..end].split(',') {
                    if let Some(room) = first_segment(member.trim()) {
                        found.push((n + 1, room));
                    }
                }
            } else if let Some(room) = first_segment(rest) {
                found.push((n + 1, room));
            }
        }
    }
    found
}

fn first_segment(path: &str) -> Option<String> {
    let seg: String = path
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!seg.is_empty() && seg != "self").then_some(seg)
}

/// The imports in `file` (relative to `src/`, holding `source`) that the allow-list does
/// not name.
fn back_edges(file: &str, source: &str, allowed: &[(&str, &[&str])]) -> Vec<BackEdge> {
    let Some(from) = room_of(file) else {
        return vec![];
    };
    if file.ends_with("/tests.rs") || file.contains("/tests/") {
        return vec![];
    }
    let doors: &[&str] = allowed
        .iter()
        .find(|(r, _)| *r == from)
        .map_or(&[], |(_, d)| d);
    imports(production_code(source), depth_of(file))
        .into_iter()
        .filter(|(_, to)| *to != from && !doors.contains(&to.as_str()))
        .map(|(line, to)| BackEdge {
            file: file.to_string(),
            line,
            from: from.clone(),
            to,
        })
        .collect()
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((relative, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn every_import_between_rooms_is_allowed() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    sources(&src, &src, &mut files);
    files.sort();
    let rooms: BTreeSet<String> = files.iter().filter_map(|(f, _)| room_of(f)).collect();
    let listed: BTreeSet<String> = ALLOWED.iter().map(|(r, _)| r.to_string()).collect();
    assert_eq!(
        rooms, listed,
        "every room in src/ is in the allow-list (and ARCHITECTURE.md), and no other"
    );
    let wrong: Vec<BackEdge> = files
        .iter()
        .flat_map(|(f, s)| back_edges(f, s, ALLOWED))
        .collect();
    assert!(
        wrong.is_empty(),
        "imports between rooms that ARCHITECTURE.md does not allow:\n{}",
        wrong
            .iter()
            .map(|e| format!("  src/{}:{}: {} → {}", e.file, e.line, e.from, e.to))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_allow_list_matches_architecture_md() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    for (room, doors) in ALLOWED {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("| `{room}` |")))
            .unwrap_or_else(|| panic!("ARCHITECTURE.md has a row for `{room}`"));
        let listed: BTreeSet<&str> = row
            .split('|')
            .nth(2)
            .unwrap()
            .split(',')
            .map(|d| d.trim().trim_matches('`'))
            .filter(|d| !d.is_empty() && *d != "nothing")
            .collect();
        let want: BTreeSet<&str> = doors.iter().copied().collect();
        assert_eq!(
            listed, want,
            "the rooms `{room}` may use, in ARCHITECTURE.md"
        );
    }
}

#[test]
fn a_back_edge_is_caught() {
    // mix reaching back into output: what the house issue (#13) removed.
    let source = "use crate::assets::Pcm;\nuse crate::output::wav;\n";
    let found = back_edges("mix/feed.rs", source, ALLOWED);
    assert_eq!(
        found,
        [BackEdge {
            file: "mix/feed.rs".into(),
            line: 2,
            from: "mix".into(),
            to: "output".into(),
        }]
    );
    // In a group, and in a path inside an expression.
    let source = "use crate::{timeline, player::Played};\nlet x = crate::cli::main();\n";
    let to: Vec<String> = back_edges("timeline/mod.rs", source, ALLOWED)
        .into_iter()
        .map(|e| e.to)
        .collect();
    assert_eq!(to, ["player", "cli"]);
    // Test code may set up from any room; comments are not imports.
    let source = "// crate::output is where frames go\nfn f() {}\n#[cfg(test)]\nmod tests {\n    use crate::session::load;\n}\n";
    assert!(back_edges("mix/feed.rs", source, ALLOWED).is_empty());
    // `super::` that climbs out of the room, from the room's own mod.rs and from deeper.
    let found = back_edges(
        "ui/mod.rs",
        "use super::player::Played;\nuse super::x;",
        ALLOWED,
    );
    assert_eq!(
        found.iter().map(|e| e.to.as_str()).collect::<Vec<_>>(),
        ["player", "x"]
    );
    assert!(back_edges("ui/view.rs", "use super::player::Played;", ALLOWED).is_empty());
    let found = back_edges(
        "mix/live/loader.rs",
        "use super::super::super::output;",
        ALLOWED,
    );
    assert_eq!(found.len(), 1);
    // A room the allow-list does not know may import nothing.
    assert_eq!(
        back_edges("newroom/a.rs", "use crate::util::text;", ALLOWED).len(),
        1
    );
}
