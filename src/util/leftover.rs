//! Files a process makes while it works and removes when it is done (a render's
//! `.still-PID-….part`, an import's `sessions/.import-PID-…` folder), and how a later
//! process tells one left by a writer that was killed from one still being written: the
//! writer puts its process id in the name and holds an exclusive lock on the file for as
//! long as it works (the system drops the lock when the process dies, even by SIGKILL). A
//! leftover is reclaimed only when no process has that id *and* its lock is free, so a live
//! writer's file is never touched, in this pid namespace or another.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// Takes the writer's lock on `file` (an open file or folder), held until it is closed.
/// Where the file system has no locks, the id in the name alone guards the file.
pub fn hold(file: &File) {
    // SAFETY: flock reads only its arguments; the descriptor is open.
    let _ = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
}

/// The process id written into `name` right after `prefix`, up to the next `-`:
/// `pid_in(".still-4242-x1y2.part", ".still-")` is 4242.
pub fn pid_in(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let digits = rest.split('-').next()?;
    parse_pid(digits)
}

/// A process id as a name carries it: decimal digits only, never 0.
pub fn parse_pid(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<u32>()
        .ok()
        .filter(|&p| p > 0 && i32::try_from(p).is_ok())
}

/// Whether no process has the id `pid` (so the one that made a leftover is gone).
pub fn gone(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    r == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Whether the leftover at `path`, named for process `pid`, may be removed: that process
/// is gone, the leftover belongs to this user, it is what it should be (a folder when
/// `folder`, else a plain file; never a link), and nobody holds its lock.
pub fn reclaimable(path: &Path, pid: u32, folder: bool) -> bool {
    if !gone(pid) {
        return false;
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    let right_kind = if folder {
        meta.is_dir()
    } else {
        meta.is_file()
    };
    if meta.uid() != me || !right_kind {
        return false;
    }
    let mut flags = libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC;
    if folder {
        flags |= libc::O_DIRECTORY;
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
    else {
        return false;
    };
    match file.metadata() {
        Ok(m) if m.dev() == meta.dev() && m.ino() == meta.ino() => {}
        _ => return false,
    }
    // SAFETY: flock reads only its arguments; the descriptor is open. The lock is dropped
    // when `file` closes, before the caller removes the leftover.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_read_from_the_name() {
        assert_eq!(pid_in(".still-4242-x1y2.part", ".still-"), Some(4242));
        assert_eq!(pid_in(".import-17-abc", ".import-"), Some(17));
        assert_eq!(pid_in(".still-render-x1y2.wav.part", ".still-"), None);
        assert_eq!(pid_in(".still-0-x.part", ".still-"), None);
        assert_eq!(pid_in(".still--x.part", ".still-"), None);
        assert_eq!(pid_in(".still-99999999999-x.part", ".still-"), None);
    }

    #[test]
    fn a_live_process_is_not_gone() {
        assert!(!gone(std::process::id()));
        assert!(!gone(1), "pid 1 is always there");
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(gone(pid), "a reaped child is gone");
    }

    #[test]
    fn a_held_lock_keeps_a_leftover_whose_id_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let path = dir.path().join(format!(".still-{pid}-abc.part"));
        let file = File::create(&path).unwrap();
        hold(&file);
        assert!(!reclaimable(&path, pid, false), "locked: in use elsewhere");
        drop(file);
        assert!(reclaimable(&path, pid, false));
        assert!(!reclaimable(&path, pid, true), "not a folder");
        assert!(!reclaimable(&path, std::process::id(), false), "our own");
    }
}
