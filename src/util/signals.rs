//! SIGTERM, SIGHUP and SIGINT as a flag that long-running commands look at between steps.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// SIGTERM, SIGHUP and SIGINT, noted rather than acted on, so a long task can end
/// cleanly: the player journals the partial sit and restores the terminal, render removes
/// its unfinished file; both exit 130.
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
