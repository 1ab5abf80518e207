//! Reading keys without ever spinning: the terminal is polled directly, so a terminal that
//! goes away (a closed window, a killed tmux) is seen as gone instead of read forever.
//! Beside the terminal, a wake-up descriptor ([`super::remote`]) ends the wait as soon as a
//! command comes from outside.

use std::os::fd::{AsRawFd, BorrowedFd};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEvent};

/// What waiting for a key found.
pub enum Input {
    Keys(Vec<KeyEvent>),
    /// The terminal hung up or closed.
    Gone,
}

/// Waits up to `timeout` for keys on standard input (a terminal), or for `wake`.
pub fn wait(timeout: Duration, wake: Option<BorrowedFd<'_>>) -> Input {
    let mut fds = [poll_fd(0), poll_fd(wake.map_or(-1, |w| w.as_raw_fd()))];
    let n = poll(&mut fds, timeout);
    let fd = fds[0];
    if n < 0 {
        // Interrupted by a signal: the caller looks at its flags and comes back.
        return Input::Keys(vec![]);
    }
    if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Input::Gone;
    }
    let mut keys = vec![];
    if fd.revents & libc::POLLIN != 0 {
        // Data is there, so this returns at once; crossterm may parse several events from it.
        loop {
            match event::read() {
                Ok(Event::Key(k)) => keys.push(k),
                Ok(_) => {}
                Err(_) => return Input::Gone,
            }
            match event::poll(Duration::ZERO) {
                Ok(true) => continue,
                Ok(false) => break,
                Err(_) => return Input::Gone,
            }
        }
    }
    Input::Keys(keys)
}

/// Waits up to `timeout`, or until `wake` is readable: a sit without a terminal to read.
pub fn rest(timeout: Duration, wake: Option<BorrowedFd<'_>>) {
    let mut fds = [poll_fd(wake.map_or(-1, |w| w.as_raw_fd()))];
    poll(&mut fds, timeout);
}

/// A descriptor to wait on for input; a negative one is left out by `poll`.
fn poll_fd(fd: i32) -> libc::pollfd {
    libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    }
}

fn poll(fds: &mut [libc::pollfd], timeout: Duration) -> i32 {
    let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: polls descriptors this process has open (or negative ones, which poll skips),
    // through a pointer to a slice of its length.
    unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) }
}
