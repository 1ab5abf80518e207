//! One exchange with the engine under one deadline (issue #21): from the spawn until it has
//! exited and its standard error has closed. An engine that exits but leaves a program
//! holding its standard error is still inside the exchange; at the deadline its whole
//! process group is killed. A program that left the group for a session of its own
//! (`setsid`) cannot be reached that way, and is reported as such.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// The most of the engine's standard error kept while reading: the tail a message quotes,
/// with room to cut it at a line. The rest is read and dropped, however much there is.
pub(super) const KEPT_STDERR: usize = 8 * 1024;

/// How long the pipe may stay open after the group is killed before the holder is taken
/// to be outside it.
const AFTER_KILL: Duration = Duration::from_secs(2);

/// How an exchange ended.
#[derive(Debug)]
pub(super) enum Outcome {
    /// The engine exited and its standard error closed, in time.
    Done {
        status: ExitStatus,
        /// The last [`KEPT_STDERR`] bytes of its standard error, as text.
        stderr: String,
    },
    /// The deadline passed; the process group was killed.
    TimedOut(Left),
}

/// What was still running at the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Left {
    /// The engine itself.
    Engine,
    /// The engine had exited, but something it started held its standard error open.
    Started,
    /// Even after the group was killed, something held the pipe: a program that left the
    /// engine's session, which still cannot stop.
    Escaped,
}

/// Runs `cmd` with `input` on its standard input and its standard error piped, until it has
/// exited and closed its standard error, or until `timeout` from now.
pub(super) fn exchange(
    mut cmd: Command,
    input: String,
    timeout: Duration,
) -> std::io::Result<Outcome> {
    cmd.stdin(Stdio::piped()).stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group, so that a timeout stops whatever it started too.
        cmd.process_group(0);
    }
    let deadline = Instant::now() + timeout;
    let mut child = cmd.spawn()?;
    let mut stdin = child.stdin.take().expect("piped");
    // Not joined: an engine that never reads would hold it; the kill below ends it.
    std::thread::spawn(move || {
        // An engine that does not read its input is its own business.
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stderr = child.stderr.take().expect("piped");
    let (tx, closed) = channel();
    // Not joined either: a program outside the group may hold the pipe for ever.
    std::thread::spawn(move || {
        let _ = tx.send(read_tail(&mut stderr));
    });
    let mut status = None;
    let mut tail = None;
    loop {
        if status.is_none() {
            status = child.try_wait().ok().flatten();
        }
        if tail.is_none() {
            match closed.recv_timeout(Duration::from_millis(10)) {
                Ok(t) => tail = Some(t),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => tail = Some(vec![]),
            }
        } else {
            std::thread::sleep(Duration::from_millis(10));
        }
        if let (Some(status), Some(tail)) = (status, tail.as_ref()) {
            return Ok(Outcome::Done {
                status,
                stderr: String::from_utf8_lossy(tail).into_owned(),
            });
        }
        if Instant::now() >= deadline {
            break;
        }
    }
    let exited = status.is_some();
    kill_group(&mut child);
    let left = match tail {
        // Only the engine was late: the pipe closed with it or before.
        Some(_) => Left::Engine,
        None => match closed.recv_timeout(AFTER_KILL) {
            Ok(_) | Err(RecvTimeoutError::Disconnected) if exited => Left::Started,
            Ok(_) | Err(RecvTimeoutError::Disconnected) => Left::Engine,
            Err(RecvTimeoutError::Timeout) => Left::Escaped,
        },
    };
    Ok(Outcome::TimedOut(left))
}

/// Reads `from` to its end, keeping only the last [`KEPT_STDERR`] bytes.
fn read_tail(from: &mut impl Read) -> Vec<u8> {
    let mut kept = Vec::with_capacity(2 * KEPT_STDERR);
    let mut chunk = [0u8; 8192];
    loop {
        match from.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                kept.extend_from_slice(&chunk[..n]);
                if kept.len() > 2 * KEPT_STDERR {
                    kept.drain(..kept.len() - KEPT_STDERR);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    if kept.len() > KEPT_STDERR {
        kept.drain(..kept.len() - KEPT_STDERR);
    }
    kept
}

/// Kills the process group the child leads (whatever it started and left there), then the
/// child, and reaps it.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group the child leads;
        // it was made for this child alone (`process_group(0)`). The kernel gives no new
        // process an id still in use as a group's, so this reaches that group or nothing.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #21: 600 MB of standard error were held whole; only the tail is kept.
    #[test]
    fn only_the_tail_of_a_flood_is_kept_issue_21() {
        let flood = (0..200_000u32)
            .map(|i| format!("line {i}\n"))
            .collect::<String>();
        let kept = read_tail(&mut flood.as_bytes());
        assert_eq!(kept.len(), KEPT_STDERR);
        assert!(flood.as_bytes().ends_with(&kept));
        let short = b"just this\n";
        assert_eq!(read_tail(&mut &short[..]), short);
    }
}
