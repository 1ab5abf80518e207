//! Drawing the player on a terminal: the lines of a [`Screen`] written in place, only those
//! that changed, each cleared first so nothing of a longer line is left behind. `\r\n`
//! between lines, since raw mode turns off the terminal's own newline translation. After a
//! resize (or coming back from Ctrl-Z) the whole screen is cleared and drawn again from its
//! top: the terminal may have reflowed the old lines anywhere.

use std::fmt::Write as _;
use std::io::Write;

use super::view::Screen;

/// The player's display on a terminal.
pub struct Display {
    /// What is on the terminal now, line by line; the cursor rests at the start of the last.
    drawn: Vec<String>,
    /// Clear the screen and draw everything on the next [`Display::show`].
    anew: bool,
    color: bool,
}

impl Display {
    pub fn new(color: bool) -> Display {
        Display {
            drawn: vec![],
            anew: false,
            color,
        }
    }

    /// Shows `screen`, writing only the lines that changed.
    pub fn show(&mut self, screen: &Screen) {
        let out = self.frame(screen);
        if !out.is_empty() {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(out.as_bytes());
            let _ = stdout.flush();
        }
    }

    /// What to write to go from what is drawn to `screen`.
    fn frame(&mut self, screen: &Screen) -> String {
        let mut out = String::new();
        let lines: Vec<String> = screen
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| self.paint(screen, i, l))
            .collect();
        if self.anew {
            // Home and clear: the block is drawn again from the top of the screen.
            out.push_str("\x1b[H\x1b[2J");
            out.push_str(&lines.join("\r\n"));
            self.anew = false;
        } else if self.drawn.is_empty() {
            out.push_str(&lines.join("\r\n"));
        } else if self.drawn.len() != lines.len() {
            // Back to the block's first line, clear below, and draw it whole.
            up(&mut out, self.drawn.len() - 1);
            out.push_str("\r\x1b[J");
            out.push_str(&lines.join("\r\n"));
        } else {
            let last = lines.len() - 1;
            let mut at = last;
            for (i, l) in lines.iter().enumerate() {
                if self.drawn[i] == *l {
                    continue;
                }
                if i < at {
                    up(&mut out, at - i);
                } else if i > at {
                    let _ = write!(out, "\x1b[{}B", i - at);
                }
                let _ = write!(out, "\r\x1b[2K{l}");
                at = i;
            }
            if at < last {
                let _ = write!(out, "\x1b[{}B\r", last - at);
            }
        }
        self.drawn = lines;
        out
    }

    fn paint(&self, screen: &Screen, i: usize, line: &str) -> String {
        if !self.color {
            return line.to_string();
        }
        if screen.title == Some(i) && !line.is_empty() {
            return format!("\x1b[1m{line}\x1b[0m");
        }
        if screen.bar == Some(i) {
            let done: String = line
                .chars()
                .take_while(|c| matches!(c, '━' | '╸'))
                .collect();
            let rest = &line[done.len()..];
            let todo: String = rest.chars().take_while(|&c| c == '─').collect();
            let after = &rest[todo.len()..];
            return format!("\x1b[36m{done}\x1b[34m{todo}\x1b[0m{after}");
        }
        line.to_string()
    }

    /// The terminal changed size, or was handed back after a suspend: draw it all again.
    pub fn redraw(&mut self) {
        self.anew = true;
    }

    /// Moves below the block, leaving it in place: before the shell or a summary line.
    pub fn leave(&mut self) {
        if !self.drawn.is_empty() {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(b"\r\n");
            let _ = stdout.flush();
        }
        self.drawn.clear();
    }
}

fn up(out: &mut String, n: usize) {
    if n > 0 {
        let _ = write!(out, "\x1b[{n}A");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(lines: &[&str]) -> Screen {
        Screen {
            lines: lines.iter().map(|l| l.to_string()).collect(),
            bar: None,
            title: None,
        }
    }

    #[test]
    fn only_changed_lines_are_written() {
        let mut d = Display::new(false);
        assert_eq!(d.frame(&screen(&["a", "b", "c"])), "a\r\nb\r\nc");
        assert_eq!(d.frame(&screen(&["a", "b", "c"])), "");
        // The cursor rests on the last line: up one to the second, then back down.
        assert_eq!(
            d.frame(&screen(&["a", "B", "c"])),
            "\x1b[1A\r\x1b[2KB\x1b[1B\r"
        );
        assert_eq!(d.frame(&screen(&["a", "B", "C"])), "\r\x1b[2KC");
    }

    #[test]
    fn issue_14_after_a_resize_everything_is_drawn_again_from_the_top() {
        let mut d = Display::new(false);
        d.frame(&screen(&["a", "b"]));
        d.redraw();
        assert_eq!(d.frame(&screen(&["a", "b"])), "\x1b[H\x1b[2Ja\r\nb");
        // A layout of another height replaces the block where it is.
        assert_eq!(d.frame(&screen(&["x"])), "\x1b[1A\r\x1b[Jx");
    }
}
