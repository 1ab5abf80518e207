//! Keeping the audio stack's own messages off the screen. ALSA writes diagnostics ("cannot
//! find card '0'", underruns) straight to file descriptor 2, which would tear through the
//! player's display; while the device is in use, descriptor 2 points at a log file instead.

use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::PathBuf;

/// While alive, descriptor 2 writes to a log file; dropping it restores the terminal.
pub struct QuietStderr {
    saved: Option<OwnedFd>,
    pub log: PathBuf,
}

impl QuietStderr {
    /// Redirects descriptor 2 to `log` (created or truncated). If anything fails, stderr
    /// is simply left as it was.
    pub fn to(log: PathBuf) -> QuietStderr {
        let mut quiet = QuietStderr { saved: None, log };
        let Ok(file) = File::create(&quiet.log) else {
            return quiet;
        };
        // SAFETY: dup and dup2 on descriptors this process owns; the duplicate is owned by
        // the returned OwnedFd and restored in Drop.
        unsafe {
            let saved = libc::dup(2);
            if saved < 0 {
                return quiet;
            }
            if libc::dup2(file.as_raw_fd(), 2) < 0 {
                libc::close(saved);
                return quiet;
            }
            quiet.saved = Some(OwnedFd::from_raw_fd(saved));
        }
        quiet
    }

    /// What the audio stack wrote while quieted.
    pub fn captured(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for QuietStderr {
    fn drop(&mut self) {
        if let Some(saved) = self.saved.take() {
            // SAFETY: restores descriptor 2 from the duplicate taken in `to`.
            unsafe {
                libc::dup2(saved.as_raw_fd(), 2);
            }
        }
        let _ = std::fs::remove_file(&self.log);
    }
}
