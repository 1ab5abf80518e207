//! Asking logind not to sleep or blank the screen while a sit plays: an inhibitor lock on
//! the system bus (`org.freedesktop.login1.Manager.Inhibit`), held as the file descriptor it
//! returns and released by closing it. [`Awake`] holds it; dropping it, however the sit ends,
//! lets the machine sleep again (and the kernel closes it if the process dies).
//!
//! The lock is asked for on a thread of its own, so a slow or missing bus never holds up
//! the first sound; no system bus, or no logind on it, and the sit simply plays unguarded.

use std::os::fd::OwnedFd;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a sit keeps from sleeping: suspend and the idle action (screen blanking, locking).
const WHAT: &str = "sleep:idle";
/// The longest logind is waited for; a lock that comes later is still taken while it plays.
const REPLY: Duration = Duration::from_secs(5);

/// Keeps the machine awake from [`Awake::take`] until it is dropped.
pub struct Awake {
    slot: Arc<Mutex<Slot>>,
}

#[derive(Default)]
struct Slot {
    fd: Option<OwnedFd>,
    /// Dropped before logind answered: a lock that arrives after is closed at once.
    released: bool,
}

impl Awake {
    /// Asks logind for a blocking `sleep:idle` lock for `who`, saying `why`, in the background.
    pub fn take(who: &str, why: &str) -> Awake {
        let slot = Arc::new(Mutex::new(Slot::default()));
        let (held, who, why) = (slot.clone(), who.to_string(), why.to_string());
        let _ = std::thread::Builder::new()
            .name("still-inhibit".into())
            .spawn(move || {
                let Ok(fd) = zbus::block_on(inhibit(&who, &why)) else {
                    return;
                };
                let mut slot = held.lock().unwrap_or_else(|e| e.into_inner());
                if !slot.released {
                    slot.fd = Some(fd);
                }
            });
        Awake { slot }
    }
}

impl Drop for Awake {
    fn drop(&mut self) {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        slot.released = true;
        // Closing the descriptor is what releases the lock.
        drop(slot.fd.take());
    }
}

async fn inhibit(who: &str, why: &str) -> zbus::Result<OwnedFd> {
    let bus = zbus::connection::Builder::system()
        .method_timeout(REPLY)
        .build()
        .await?;
    let reply = bus
        .call_method(
            Some("org.freedesktop.login1"),
            "/org/freedesktop/login1",
            Some("org.freedesktop.login1.Manager"),
            "Inhibit",
            &(WHAT, who, why, "block"),
        )
        .await?;
    let fd: zbus::OwnedFd = reply.body().deserialize()?;
    Ok(fd.into())
}
