//! Setting a say line's `clip:` in the script's own text, so that its comments, order and
//! layout stay as the author wrote them: only the clip's value changes, or one `clip:` is
//! added under the `say:` (inside the braces of a `{ say: … }` step).

use super::RecordError;
use super::lines::SayLine;

/// `text` with `line`'s clip set to `path` (a path that needs no quotes).
pub fn set_clip(text: &str, line: &SayLine, path: &str) -> Result<String, RecordError> {
    let crlf = text.contains("\r\n");
    let mut rows: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let layout = |row: usize, why: &str| RecordError::Layout {
        line: row,
        why: why.to_owned(),
    };
    if let Some((_, span)) = &line.clip {
        if span.start.line != span.end.line {
            return Err(layout(
                span.start.line,
                "the clip path is written over several lines",
            ));
        }
        let row = &mut rows[span.start.line - 1];
        *row = replace_chars(row, span.start.col - 1, span.end.col - 1, path);
    } else if let Some(flow) = &line.flow {
        let (r, c) = closing_brace(&rows, flow.start.line - 1, flow.start.col - 1)
            .ok_or_else(|| layout(flow.start.line, "the step's `{` has no closing `}`"))?;
        // After the last thing before the brace, on whichever row it is.
        let (mut r, mut c) = (r, c);
        loop {
            let before: Vec<char> = rows[r].chars().take(c).collect();
            if let Some(i) = before.iter().rposition(|ch| !ch.is_whitespace()) {
                c = i + 1;
                break;
            }
            if r == 0 {
                return Err(layout(flow.start.line, "the step's mapping is empty"));
            }
            r -= 1;
            c = rows[r].trim_end_matches('\r').chars().count();
        }
        let row = &mut rows[r];
        *row = replace_chars(row, c, c, &format!(", clip: {path}"));
    } else {
        let (start, end) = (line.say.start, line.say.end);
        let ends_at_line_start = end.line > start.line
            && rows
                .get(end.line - 1)
                .is_none_or(|r| r.chars().take(end.col - 1).all(char::is_whitespace));
        let last = if ends_at_line_start {
            end.line - 1
        } else {
            end.line
        };
        let mut new = format!("{}clip: {path}", " ".repeat(line.key_col - 1));
        if crlf {
            new.push('\r');
        }
        rows.insert(last.min(rows.len()), new);
    }
    Ok(rows.join("\n"))
}

/// `row` with its characters `from..to` replaced by `with` (a `\r` at the end is kept).
fn replace_chars(row: &str, from: usize, to: usize, with: &str) -> String {
    let chars: Vec<char> = row.chars().collect();
    let to = to.min(chars.len());
    let from = from.min(to);
    let mut out: String = chars[..from].iter().collect();
    out.push_str(with);
    out.extend(&chars[to..]);
    out
}

/// Where the `}` that closes the `{` at row `r`, char `c` is: quotes and nested brackets
/// are stepped over.
fn closing_brace(rows: &[String], r: usize, c: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (ri, row) in rows.iter().enumerate().skip(r) {
        let chars: Vec<char> = row.chars().collect();
        let from = if ri == r { c } else { 0 };
        let mut i = from;
        while i < chars.len() {
            let ch = chars[i];
            match quote {
                Some('"') if ch == '\\' => i += 1,
                Some('\'') if ch == '\'' && chars.get(i + 1) == Some(&'\'') => i += 1,
                Some(q) if ch == q => quote = None,
                Some(_) => {}
                None => match ch {
                    '"' | '\'' => quote = Some(ch),
                    '{' | '[' => depth += 1,
                    '}' | ']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some((ri, i));
                        }
                    }
                    '#' if i == 0 || chars[i - 1].is_whitespace() => break,
                    _ => {}
                },
            }
            i += 1;
        }
    }
    None
}
