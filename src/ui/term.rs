//! Drawing the player on a terminal: one indicatif progress bar whose message carries the
//! step, pacer and caption lines, drawn through a small adapter that writes `\r\n` (raw mode
//! turns off the terminal's own newline translation) and only when something changed.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle, TermLike};

use super::view::Screen;

/// Redraws per second at most; enough for a smooth pacer, little work for the terminal.
const REFRESH_HZ: u8 = 8;

/// The player's display on a terminal.
pub struct Display {
    bar: ProgressBar,
    clock: Arc<Mutex<String>>,
    last: Option<Screen>,
}

impl Display {
    pub fn new(title: &str, length: u64, width: u16, color: bool) -> Display {
        let clock = Arc::new(Mutex::new(String::new()));
        let shown = clock.clone();
        let target = ProgressDrawTarget::term_like_with_hz(Box::new(RawTerm { width }), REFRESH_HZ);
        let bar = ProgressBar::with_draw_target(Some(length.max(1)), target);
        let bar_style = if color {
            "{prefix:.bold}\n{wide_bar:.cyan/blue} {clock}\n{msg}"
        } else {
            "{prefix}\n{wide_bar} {clock}\n{msg}"
        };
        let style = ProgressStyle::with_template(bar_style)
            .expect("a valid template")
            .progress_chars("━╸─")
            .with_key(
                "clock",
                move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = w.write_str(&shown.lock().map(|c| c.clone()).unwrap_or_default());
                },
            );
        bar.set_style(style);
        // A title reaches the terminal as text, never as an escape sequence (#21).
        bar.set_prefix(crate::util::text::truncate(title, usize::MAX));
        Display {
            bar,
            clock,
            last: None,
        }
    }

    /// Shows `screen` at `position`; does nothing when nothing visible changed.
    pub fn show(&mut self, screen: Screen, position: u64, bar_width: u64) {
        if self.last.as_ref() == Some(&screen)
            && self.bar.position() * bar_width / self.bar.length().unwrap_or(1).max(1)
                == position * bar_width / self.bar.length().unwrap_or(1).max(1)
        {
            return;
        }
        if let Ok(mut c) = self.clock.lock() {
            *c = screen.clock.clone();
        }
        let mut msg = String::new();
        for (i, l) in screen.lines.iter().enumerate() {
            if i > 0 {
                msg.push('\n');
            }
            let _ = write!(msg, "{}", crate::util::text::inert(l));
        }
        self.bar.set_position(position);
        self.bar.set_message(msg);
        self.last = Some(screen);
    }

    /// Draws what is pending now (the last frame before leaving, say).
    pub fn flush(&self) {
        self.bar.tick();
    }

    /// Leaves the last screen in place and moves below it.
    pub fn finish(self) {
        self.bar.abandon();
    }
}

/// indicatif's terminal, writing to stdout with explicit carriage returns.
#[derive(Debug)]
struct RawTerm {
    width: u16,
}

impl TermLike for RawTerm {
    fn width(&self) -> u16 {
        self.width
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        if n > 0 {
            write!(std::io::stdout(), "\x1b[{n}A")
        } else {
            Ok(())
        }
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        if n > 0 {
            write!(std::io::stdout(), "\x1b[{n}B")
        } else {
            Ok(())
        }
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        if n > 0 {
            write!(std::io::stdout(), "\x1b[{n}C")
        } else {
            Ok(())
        }
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        if n > 0 {
            write!(std::io::stdout(), "\x1b[{n}D")
        } else {
            Ok(())
        }
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        write!(std::io::stdout(), "{s}\r\n")
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        write!(std::io::stdout(), "{s}")
    }

    fn clear_line(&self) -> std::io::Result<()> {
        write!(std::io::stdout(), "\r\x1b[2K")
    }

    fn flush(&self) -> std::io::Result<()> {
        std::io::stdout().flush()
    }
}
