//! The terminal while a session plays: raw mode for single keys, the cursor hidden, and
//! both restored on every way out — the end, q, Ctrl-C, SIGTERM, SIGHUP, a panic — and
//! while suspended with Ctrl-Z. A resize or a `fg` is noted as a flag for the player to
//! draw again.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::{cursor, execute, terminal};

/// Raw mode (and, unless plain, a hidden cursor) until dropped.
pub struct RawTerminal {
    /// Plain lines: no escape sequence is written, not even to hide the cursor.
    plain: bool,
}

impl RawTerminal {
    pub fn enter() -> std::io::Result<RawTerminal> {
        Self::enter_as(false)
    }

    /// Raw mode for keys only, writing nothing to the terminal (`--plain`).
    pub fn enter_plain() -> std::io::Result<RawTerminal> {
        Self::enter_as(true)
    }

    fn enter_as(plain: bool) -> std::io::Result<RawTerminal> {
        terminal::enable_raw_mode()?;
        install_panic_hook(plain);
        if !plain {
            let _ = execute!(std::io::stdout(), cursor::Hide);
        }
        Ok(RawTerminal { plain })
    }

    /// Ctrl-Z: the terminal restored, the process group stopped as the shell expects, and
    /// raw mode back once `fg` continues it. The caller pauses first and draws again after.
    pub fn suspend(&self) {
        restore_as(self.plain);
        // SAFETY: signals this process's own group; the default action stops it here and
        // SIGCONT (`fg`) carries on from the next line.
        unsafe {
            libc::kill(0, libc::SIGTSTP);
        }
        self.resume();
    }

    /// Raw mode again, after `fg` or a SIGCONT from elsewhere.
    pub fn resume(&self) {
        let _ = terminal::enable_raw_mode();
        if !self.plain {
            let _ = execute!(std::io::stdout(), cursor::Hide);
        }
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        restore_as(self.plain);
    }
}

/// Puts the terminal back as it was: cooked mode, echo, a visible cursor.
pub fn restore() {
    restore_as(false);
}

fn restore_as(plain: bool) {
    let _ = terminal::disable_raw_mode();
    if !plain {
        let mut out = std::io::stdout();
        let _ = execute!(out, cursor::Show);
        let _ = out.flush();
    }
}

/// SIGWINCH and SIGCONT as flags: the terminal changed size, or the sit was continued after
/// a stop. Either wakes the player from waiting for a key, to draw again at once.
pub struct Changes {
    resized: Arc<AtomicBool>,
    continued: Arc<AtomicBool>,
}

impl Changes {
    pub fn watch() -> Changes {
        let resized = Arc::new(AtomicBool::new(false));
        let continued = Arc::new(AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGWINCH, resized.clone());
        let _ = signal_hook::flag::register(signal_hook::consts::SIGCONT, continued.clone());
        Changes { resized, continued }
    }

    /// Whether the terminal was resized since last asked.
    pub fn resized(&self) -> bool {
        self.resized.swap(false, Ordering::AcqRel)
    }

    /// Whether the process was continued after a stop since last asked.
    pub fn continued(&self) -> bool {
        self.continued.swap(false, Ordering::AcqRel)
    }
}

fn install_panic_hook(plain: bool) {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::AcqRel) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_as(plain);
        previous(info);
    }));
}

pub use crate::util::signals::Signals;
