//! Reading keys without ever spinning: the terminal is polled directly, so a terminal that
//! goes away (a closed window, a killed tmux) is seen as gone instead of read forever.

use std::time::Duration;

use crossterm::event::{self, Event, KeyEvent};

/// What waiting for a key found.
pub enum Input {
    Keys(Vec<KeyEvent>),
    /// The terminal hung up or closed.
    Gone,
}

/// Waits up to `timeout` for keys on standard input (a terminal).
pub fn wait(timeout: Duration) -> Input {
    let mut fd = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: polls one descriptor this process has open, with a pointer to a local.
    let n = unsafe { libc::poll(&mut fd, 1, ms) };
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
