//! Opening a file that is meant to be read: a regular file, never a FIFO or a device.
//!
//! Opening a FIFO to read waits until something opens its other end, maybe for ever, and
//! signals do not end that wait; a device such as `/dev/zero` never ends. So every input
//! path is opened without waiting and looked at before a byte is read.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _};
use std::path::Path;

/// Opens `path` to read, refusing (with an `InvalidInput` error saying what it is) anything
/// that is not a regular file.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Opening a FIFO without O_NONBLOCK blocks; with it, it returns at once.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {}, not a regular file", describe(kind)),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd as _;
        // Reads of a regular file then behave as usual.
        let fd = file.as_raw_fd();
        // SAFETY: `fd` is open for as long as `file` lives; F_GETFL/F_SETFL only change its
        // status flags.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok(file)
}

/// Checks that `path` is a regular file, for a file another library opens (SQLite).
pub fn check_regular(path: &Path) -> io::Result<()> {
    open_regular(path).map(drop)
}

/// Reads at most `limit` bytes of the regular file at `path`; `Ok(None)` when it holds more.
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let file = open_regular(path)?;
    let mut bytes = vec![];
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        return "a folder";
    }
    "not a file"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #21: a FIFO as an input path is refused at once instead of waiting for a writer
    /// that never comes. If the check were missing, the open would block and the test would
    /// hang rather than pass, so it runs the open on a thread and gives up after 10 s.
    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_is_refused_at_once_issue_21() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("journal.sqlite");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string; mkfifo only makes a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(open_regular(&path).map(drop).map_err(|e| e.to_string()));
        });
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("opening a FIFO must not wait");
        assert_eq!(
            got.unwrap_err(),
            "it is a named pipe (FIFO), not a regular file"
        );
        let e = read_regular(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(e.to_string().contains("a device"), "{e}");
        let e = check_regular(dir.path()).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "abc").unwrap();
        assert_eq!(read_regular(&file, 3).unwrap().unwrap(), b"abc");
        assert_eq!(read_regular(&file, 2).unwrap(), None);
    }
}
