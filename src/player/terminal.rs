//! The terminal while a session plays: raw mode for single keys, the cursor hidden, and
//! both restored on every way out — the end, q, Ctrl-C, SIGTERM, SIGHUP, a panic.

use std::io::Write;
use std::sync::Arc;
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

/// SIGTERM, SIGHUP and SIGINT, noted rather than acted on, so the player can end the sit
/// cleanly: journal the partial sit, restore the terminal, exit 130.
pub struct Signals {
    flag: Arc<AtomicBool>,
}

impl Signals {
    pub fn watch() -> Signals {
        let flag = Arc::new(AtomicBool::new(false));
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            // A second signal while the first is being handled ends the process at once.
            let _ = signal_hook::flag::register_conditional_shutdown(sig, 130, flag.clone());
            let _ = signal_hook::flag::register(sig, flag.clone());
        }
        Signals { flag }
    }

    pub fn received(&self) -> bool {
        self.flag.load(Ordering::Acquire)
    }
}
