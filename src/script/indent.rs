//! YAML errors that come from indentation, said as such. The parser reports "did not find
//! expected key" or "mapping values are not allowed" where a line is out of line with the
//! lines above it; the writer needs to hear which line, and what it should line up with.

use super::diag::Diagnostic;
use super::source::{Pos, Span};

/// A column a line above opens: where its text starts, or, after `- `, where the item's
/// first key starts.
struct Level {
    line: usize,
    col: usize,
    /// `-` for a list item's dash, else the line's first key with its colon (`say:`).
    token: String,
}

/// The line's text, without a line ending.
fn lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// The indentation (in spaces) and the rest of a line, or `None` for a blank or comment line.
fn content(line: &str) -> Option<(usize, &str)> {
    let rest = line.trim_start_matches(' ');
    (!rest.is_empty() && !rest.starts_with('#')).then_some((line.len() - rest.len(), rest))
}

/// The key a line's text starts with, colon included: `clip:` in `clip: x`.
fn key_of(rest: &str) -> Option<String> {
    let key = rest.split_once(':').map(|(k, _)| k)?;
    let is_key = !key.is_empty()
        && !key.contains(char::is_whitespace)
        && !key.contains(['"', '\'', '{', '[']);
    is_key.then(|| format!("{key}:"))
}

/// An explanation of the parser's error at `at` when it comes from a misindented line (or
/// a tab); `None` when the error is something else.
pub fn explain(text: &str, at: Pos, info: &str) -> Option<Diagnostic> {
    let all = lines(text);
    if let Some(d) = tab(&all, at) {
        return Some(d);
    }
    let line = *all.get(at.line.checked_sub(1)?)?;
    let (lead, rest) = content(line)?;
    let col = lead + 1;
    let item = rest.starts_with("- ") || rest == "-";
    let token = if item { "-".to_string() } else { key_of(rest)? };
    let misplaced = if info.contains("did not find expected") {
        at.col == col
    } else if info.contains("mapping values are not allowed") {
        // `clip: x` read as more of the text above: the colon follows a lone key, not text
        // such as `say: Step one: …`, which is a quoting matter.
        !item && at.col == col + token.len() - 1
    } else {
        false
    };
    if !misplaced {
        return None;
    }
    let open = levels(&all, at.line);
    let target = best_level(&open, col, item)?;
    let here = Span::point(Pos { line: at.line, col });
    let there = Span::point(Pos {
        line: target.line,
        col: target.col,
    });
    let (what, kind) = if item {
        ("this list item".to_string(), "list item")
    } else {
        (format!("`{token}`"), "key")
    };
    let spaces = target.col - 1;
    let how = match spaces {
        0 => "remove its indentation".to_string(),
        1 => "indent it 1 space".to_string(),
        n => format!("indent it {n} spaces"),
    };
    Some(
        Diagnostic::new(
            here,
            format!(
                "the indentation is off: {what} at column {col} lines up with no {kind} above it"
            ),
        )
        .hint(format!(
            "{how}, to line up with `{}` on line {}",
            target.token, target.line
        ))
        .note(
            there,
            format!("line {}: `{}`", target.line, all[target.line - 1].trim()),
        ),
    )
}

/// A tab in the indentation of the error's line or the next one: YAML indents with spaces.
fn tab(all: &[&str], at: Pos) -> Option<Diagnostic> {
    (at.line..=at.line + 1).find_map(|n| {
        let line = all.get(n.checked_sub(1)?)?;
        let lead: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        let col = lead.chars().position(|c| c == '\t')? + 1;
        Some(
            Diagnostic::new(Span::point(Pos { line: n, col }), "a tab indents this line")
                .hint("YAML indents with spaces only: replace the tab with spaces, lining up with the line above"),
        )
    })
}

/// The columns open at `line`: the nearest line above with text, then each line further up
/// that starts left of all those below it.
fn levels(all: &[&str], line: usize) -> Vec<Level> {
    let mut out = vec![];
    let mut limit = usize::MAX;
    for n in (1..line).rev() {
        let Some((lead, rest)) = content(all[n - 1]) else {
            continue;
        };
        if lead >= limit {
            continue;
        }
        limit = lead;
        if let Some(after) = rest.strip_prefix("- ") {
            let inner = after.len() - after.trim_start_matches(' ').len();
            if let Some(key) = key_of(after.trim_start_matches(' ')) {
                out.push(Level {
                    line: n,
                    col: lead + 3 + inner,
                    token: key,
                });
            }
            out.push(Level {
                line: n,
                col: lead + 1,
                token: "-".into(),
            });
        } else if let Some(key) = key_of(rest) {
            out.push(Level {
                line: n,
                col: lead + 1,
                token: key,
            });
        }
        if lead == 0 {
            break;
        }
    }
    out
}

/// The level a misplaced line most likely meant: of its kind (a dash for a list item, a key
/// for a key), nearest in column, then nearest in lines.
fn best_level(levels: &[Level], col: usize, item: bool) -> Option<&Level> {
    let same_kind = || levels.iter().filter(move |l| (l.token == "-") == item);
    // In line with one of its kind: the trouble is not the indentation.
    if same_kind().any(|l| l.col == col) {
        return None;
    }
    same_kind().min_by_key(|l| (l.col.abs_diff(col), std::cmp::Reverse(l.line)))
}

#[cfg(test)]
mod tests {
    use super::super::yaml;

    fn error(text: &str) -> super::Diagnostic {
        yaml::parse(text).expect_err("the YAML is refused")
    }

    /// Issue #15: a field left of its step's first key is an indentation problem on its own
    /// line, lined up with the key it belongs with.
    #[test]
    fn issue_15_a_misindented_field_is_named_on_its_line() {
        let d = error("steps:\n  - say: Notice.\n   clip: a.ogg\n");
        assert_eq!((d.span.start.line, d.span.start.col), (3, 4));
        assert!(
            d.message.starts_with("the indentation is off"),
            "{}",
            d.message
        );
        assert!(d.hint.unwrap().contains("`say:` on line 2"));
        assert_eq!(d.note.unwrap().0.start.line, 2);
    }

    /// Issue #15: text with `: ` in it is still a quoting matter, and a param with no
    /// braces around it gets no hint about braces.
    #[test]
    fn issue_15_text_with_a_colon_keeps_its_quoting_hint() {
        let d = error("steps:\n  - say: Step one: notice your feet.\n");
        assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
        assert!(d.hint.unwrap().contains("must be quoted"));
        let d = error("steps:\n  - say: Breathe ${rounds} times: slowly\n");
        let hint = d.hint.unwrap();
        assert!(hint.contains("must be quoted"), "{hint}");
        let d = error("steps:\n  - breathe: { rounds: ${rounds} }\n");
        assert!(d.hint.unwrap().contains("quote a param"));
    }

    /// Issue #15: a tab is blamed on its own line, not on the line above.
    #[test]
    fn issue_15_a_tab_is_named_where_it_is() {
        let d = error("steps:\n  - say: Notice.\n\tclip: a.ogg\n");
        assert_eq!((d.span.start.line, d.span.start.col), (3, 1));
        assert!(d.message.contains("tab"));
    }
}
