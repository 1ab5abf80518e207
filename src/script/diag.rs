//! Located script diagnostics, shown the way rustc and cargo show theirs:
//! `file:line:col: message`, the source line with a caret under the value, then hints.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::source::{SourceFile, Span};
use crate::util::text::inert;

/// One problem in a script, at a place in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
    /// What would be right, shown as `= hint:` under the caret.
    pub hint: Option<String>,
    /// A second place that explains the first (where a duplicate key was first written, say).
    pub note: Option<Box<(Span, String)>>,
}

impl Diagnostic {
    pub fn new(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
            hint: None,
            note: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Diagnostic {
        self.hint = hint;
        self
    }

    pub fn note(mut self, span: Span, note: impl Into<String>) -> Diagnostic {
        self.note = Some(Box::new((span, note.into())));
        self
    }
}

/// All the problems found in one script, with the script they point into.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    pub source: SourceFile,
    pub items: Vec<Diagnostic>,
}

/// At most this many diagnostics are printed for one file; the rest are counted.
pub const MAX_SHOWN: usize = 200;
/// Source lines longer than this are shown as a window around the caret.
const MAX_LINE_CHARS: usize = 100;

impl Diagnostics {
    /// Renders every diagnostic, sorted by position, with ANSI styles when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by_key(|d| (d.span.start, d.message.as_str()));
        let mut out = String::new();
        for d in items.iter().take(MAX_SHOWN) {
            render_one(&mut out, &self.source, d, color);
        }
        if items.len() > MAX_SHOWN {
            let _ = writeln!(
                out,
                "... and {} more errors in {}",
                items.len() - MAX_SHOWN,
                self.source.name
            );
        }
        out
    }
}

struct Palette {
    pos: Style,
    message: Style,
    gutter: Style,
    caret: Style,
    hint: Style,
}

impl Palette {
    fn new(color: bool) -> Palette {
        if !color {
            let plain = Style::new();
            return Palette {
                pos: plain,
                message: plain,
                gutter: plain,
                caret: plain,
                hint: plain,
            };
        }
        Palette {
            pos: Style::new().bold(),
            message: Style::new().bold(),
            gutter: AnsiColor::Blue.on_default().bold(),
            caret: AnsiColor::Red.on_default().bold(),
            hint: AnsiColor::Cyan.on_default(),
        }
    }
}

fn render_one(out: &mut String, src: &SourceFile, d: &Diagnostic, color: bool) {
    let p = Palette::new(color);
    let start = d.span.start;
    // Messages quote the script (a key, a name, a file name): what they quote is shown,
    // never acted on by the terminal.
    let name = inert(&src.name);
    let _ = writeln!(
        out,
        "{}{}:{}:{}:{} {}{}{}",
        p.pos.render(),
        name,
        start.line,
        start.col,
        p.pos.render_reset(),
        p.message.render(),
        inert(&d.message),
        p.message.render_reset()
    );
    let width = start.line.to_string().len();
    let g = |s: &str| format!("{}{}{}", p.gutter.render(), s, p.gutter.render_reset());
    // A file that is not text has no line to show (its bytes are never printed).
    if let Some(line) = src.line(start.line).filter(|_| !src.text.is_empty()) {
        let (shown, caret_col, caret_len) = window(line, d.span);
        let _ = writeln!(out, "{} {}", " ".repeat(width), g("|"));
        let _ = writeln!(out, "{} {} {}", g(&start.line.to_string()), g("|"), shown);
        let _ = writeln!(
            out,
            "{} {} {}{}{}{}",
            " ".repeat(width),
            g("|"),
            " ".repeat(caret_col),
            p.caret.render(),
            "^".repeat(caret_len),
            p.caret.render_reset()
        );
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(
            out,
            "{} {} {}hint:{} {}",
            " ".repeat(width),
            g("="),
            p.hint.render(),
            p.hint.render_reset(),
            inert(hint)
        );
    }
    if let Some((span, note)) = d.note.as_deref() {
        let _ = writeln!(
            out,
            "{} {} note: {} ({}:{}:{})",
            " ".repeat(width),
            g("="),
            inert(note),
            name,
            span.start.line,
            span.start.col
        );
    }
    out.push('\n');
}

/// The part of `line` to show, the caret's column in it and the caret's width, all in chars.
/// Tabs become one space so the caret lines up.
fn window(line: &str, span: Span) -> (String, usize, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '?',
            c => c,
        })
        .collect();
    let col = span.start.col.saturating_sub(1).min(chars.len());
    let end = if span.end.line == span.start.line {
        span.end.col.saturating_sub(1).clamp(col, chars.len())
    } else {
        chars.len()
    };
    let len = (end - col).max(1);
    if chars.len() <= MAX_LINE_CHARS {
        return (chars.iter().collect(), col, len);
    }
    // A long line (a file of noise, say): show a window around the caret.
    let from = col.saturating_sub(MAX_LINE_CHARS / 2);
    let to = (from + MAX_LINE_CHARS).min(chars.len());
    let mut shown = String::new();
    let mut caret_col = col - from;
    if from > 0 {
        shown.push('…');
        caret_col += 1;
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    (shown, caret_col, len.min(to.saturating_sub(col).max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::source::Pos;

    fn span(line: usize, col: usize, end_col: usize) -> Span {
        Span {
            start: Pos { line, col },
            end: Pos { line, col: end_col },
        }
    }

    #[test]
    fn renders_position_line_caret_and_hint() {
        let src = SourceFile::new("box.yaml", "format: still/1\nsteps:\n  - bel: bowl\n");
        let d = Diagnostics {
            source: src,
            items: vec![
                Diagnostic::new(span(3, 5, 8), "unknown step 'bel' — did you mean 'bell'?")
                    .hint("a step is one of bell, say, pause, breathe, repeat"),
            ],
        };
        assert_eq!(
            d.render(false),
            "box.yaml:3:5: unknown step 'bel' — did you mean 'bell'?\n  |\n3 |   - bel: bowl\n  |     ^^^\n  = hint: a step is one of bell, say, pause, breathe, repeat\n\n"
        );
    }

    #[test]
    fn long_lines_show_a_window_around_the_caret() {
        let line = "x".repeat(5000);
        let (shown, col, len) = window(&line, span(1, 4000, 4001));
        assert!(shown.chars().count() <= MAX_LINE_CHARS + 2);
        assert_eq!(shown.chars().nth(col), Some('x'));
        assert_eq!(len, 1);
    }

    #[test]
    fn control_characters_are_not_printed() {
        let (shown, _, _) = window("a\u{1b}[2Jb", span(1, 1, 2));
        assert!(!shown.contains('\u{1b}'));
    }
}
