//! What a sit publishes for status lines (`still status`, tmux, a bar): one small JSON file
//! in the user's runtime folder, rewritten once a second while the sit plays and removed
//! when it ends. A player killed outright leaves its file behind; readers know it by its
//! process being gone or its file not having been rewritten for a few seconds.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::mix::Controls;
use crate::timeline::time::frames_to_duration;

/// The file's name in the runtime folder.
pub const FILE: &str = "status.json";
/// How often the file is rewritten.
const EVERY: Duration = Duration::from_secs(1);
/// A file not rewritten for this long belongs to a player that is gone or stopped
/// (suspended with Ctrl-Z, say): it is not shown as playing.
pub const STALE: Duration = Duration::from_secs(5);

/// A sit as a status line shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub pid: u32,
    /// `playing` or `paused`.
    pub state: String,
    pub title: String,
    pub id: String,
    /// Where the sit is, counted as its screen counts it (a timer from its opening bell).
    pub position_ms: u64,
    /// How long it is, as its screen says; `None` for an open sit.
    pub length_ms: Option<u64>,
    /// When the file was written, in milliseconds since 1970.
    pub updated_ms: u64,
}

/// What the publisher needs to know of the sit besides its controls.
#[derive(Debug, Clone)]
pub struct Shown {
    pub title: String,
    pub id: String,
    /// The frames the clock counts: the whole session, or a timer's DURATION.
    pub span: (u64, u64),
    pub open: bool,
}

/// Rewrites the status file while it lives; removes it when dropped, however the sit ends.
pub struct Publisher {
    path: PathBuf,
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
    wrote: Arc<AtomicBool>,
}

impl Publisher {
    /// Starts publishing the sit `controls` play to `path`, from the first frame played.
    pub fn start(path: PathBuf, controls: Arc<Controls>, shown: Shown) -> Publisher {
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let wrote = Arc::new(AtomicBool::new(false));
        let (stopping, wrote_any, file) = (stop.clone(), wrote.clone(), path.clone());
        let thread = std::thread::Builder::new()
            .name("still-status".into())
            .spawn(move || {
                let pid = std::process::id();
                let (lock, wake) = &*stopping;
                let mut stopped = lock.lock().unwrap_or_else(|e| e.into_inner());
                while !*stopped {
                    // Nothing before the first frame: a countdown is not a sit playing.
                    if controls.played() > 0 {
                        let now = published(pid, &controls, &shown);
                        if write(&file, &now).is_ok() {
                            wrote_any.store(true, Ordering::Release);
                        }
                    }
                    stopped = wake
                        .wait_timeout(stopped, EVERY)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            })
            .ok();
        Publisher {
            path,
            stop,
            thread,
            wrote,
        }
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if self.wrote.load(Ordering::Acquire) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn published(pid: u32, c: &Controls, shown: &Shown) -> Published {
    let (from, to) = shown.span;
    let ms = |frames: u64| frames_to_duration(frames).as_millis() as u64;
    Published {
        pid,
        state: if c.is_paused() { "paused" } else { "playing" }.into(),
        title: shown.title.clone(),
        id: shown.id.clone(),
        position_ms: ms(c.position().saturating_sub(from)),
        length_ms: (!shown.open).then(|| ms(to - from)),
        updated_ms: now_ms(),
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Writes `p` to `path` whole: to a file beside it, then renamed over it, so a reader never
/// sees half of one.
fn write(path: &Path, p: &Published) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_vec(p).map_err(std::io::Error::other)?;
    let part = path.with_extension(format!("json.{}", p.pid));
    std::fs::write(&part, json)?;
    std::fs::rename(&part, path)
}

/// The sit playing now, as published at `path`; `None` when there is none, or when the file
/// is left by a player that is gone (its process ended, or it has not written for
/// [`STALE`]), or cannot be read.
pub fn read(path: &Path) -> Option<Published> {
    let bytes = std::fs::read(path).ok()?;
    let p: Published = serde_json::from_slice(&bytes).ok()?;
    let age = now_ms().saturating_sub(p.updated_ms);
    (age <= STALE.as_millis() as u64 && alive(p.pid)).then_some(p)
}

/// Whether process `pid` is running (signal 0 checks without sending anything).
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: kill with signal 0 sends nothing; it only reports whether `pid` exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(pid: u32, updated_ms: u64) -> Published {
        Published {
            pid,
            state: "playing".into(),
            title: "Box breathing".into(),
            id: "box-breathing".into(),
            position_ms: 192_000,
            length_ms: Some(292_000),
            updated_ms,
        }
    }

    #[test]
    fn a_fresh_file_of_a_live_process_is_read_issue_18() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let p = sample(std::process::id(), now_ms());
        write(&path, &p).unwrap();
        assert_eq!(read(&path), Some(p));
    }

    #[test]
    fn a_stale_or_orphaned_file_is_not_playing_issue_18() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        // Not rewritten for a minute.
        write(&path, &sample(std::process::id(), now_ms() - 60_000)).unwrap();
        assert_eq!(read(&path), None);
        // Fresh, but its process is gone: a child that has exited and been waited for.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        write(&path, &sample(gone, now_ms())).unwrap();
        assert_eq!(read(&path), None);
        std::fs::write(&path, b"{ half a file").unwrap();
        assert_eq!(read(&path), None);
    }
}
