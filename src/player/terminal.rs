//! The terminal while a session plays: raw mode for single keys, the cursor hidden, and
//! both restored on every way out — the end, q, Ctrl-C, SIGTERM, SIGHUP, a panic.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::{cursor, execute, terminal};

/// Raw mode and a hidden cursor until dropped.
pub struct RawTerminal {
    _private: (),
}

impl RawTerminal {
    pub fn enter() -> std::io::Result<RawTerminal> {
        terminal::enable_raw_mode()?;
        install_panic_hook();
        let _ = execute!(std::io::stdout(), cursor::Hide);
        Ok(RawTerminal { _private: () })
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was: cooked mode, echo, a visible cursor.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = std::io::stdout();
    let _ = execute!(out, cursor::Show);
    let _ = out.flush();
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::AcqRel) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

pub use crate::util::signals::Signals;
