//! What ends a sit whatever is drawn: a signal, the sound card lost or stalled, a clip that
//! does not decode, or the end. The screen and the plain lines both ask it every tick.

use std::time::Instant;

use crate::mix::Controls;

use super::terminal::Signals;
use super::{Ending, STALL};

/// The last time the output was seen taking frames, to tell a stalled device from a pause.
pub struct Watch {
    last: (u64, Instant),
}

impl Watch {
    pub fn new(c: &Controls) -> Watch {
        Watch {
            last: (c.played(), Instant::now()),
        }
    }

    /// Why the sit must stop at once, if it must: a signal, the device gone, a broken clip.
    pub fn stopped(&self, c: &Controls, signals: &Signals) -> Option<Ending> {
        if signals.received() {
            Some(Ending::Interrupted)
        } else if c.is_lost() {
            Some(Ending::DeviceLost)
        } else if c.is_broken() {
            // A clip does not decode: the player says which once the terminal is back.
            Some(Ending::Interrupted)
        } else {
            None
        }
    }

    /// Whether the sit has run out: played to its end, or the device took no frames for
    /// [`STALL`] while playing.
    pub fn ran_out(&mut self, c: &Controls) -> Option<Ending> {
        if c.is_finished() {
            return Some(Ending::Finished);
        }
        let played = c.played();
        if played != self.last.0 || c.is_paused() || c.is_waiting() {
            self.last = (played, Instant::now());
        } else if self.last.1.elapsed() > STALL {
            return Some(Ending::DeviceLost);
        }
        None
    }

    /// After the process was suspended or continued: the frames stood still for a reason.
    pub fn rest(&mut self, c: &Controls) {
        self.last = (c.played(), Instant::now());
    }
}
