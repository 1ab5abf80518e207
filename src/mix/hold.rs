//! A live sit held at a `wait` step (still/1.1): the renderer stops its timeline at the
//! wait's frame and keeps mixing what already sounds and the bed, until the player lets it
//! go on; then it goes on from the wait's end (the wait's `render_as` is for renders), with
//! what sounds still sounding. Frames mixed while held are handed out like any others, but
//! they do not move the position, so the clock and the practice count stand still. Renders
//! never hold.

/// The waits of a score and where the renderer is with them.
pub(super) struct Holds {
    /// Where each wait starts and ends, in order.
    frames: Vec<(u64, u64)>,
    /// The first wait not yet passed.
    next: usize,
    /// Whether waits hold at all: only in a live sit that can read a key.
    pub enabled: bool,
    /// The frame held at, once mixing reached it, until its held frames are all out.
    at: Option<u64>,
    /// Whether the player let the current hold go on.
    released: bool,
    /// Held frames mixed and not yet handed out.
    pending: u64,
    /// Where the timeline goes on after a released hold: the wait's end.
    resume: u64,
    /// A wait reached while the one before, let go, still has held frames going out (two
    /// waits in a row): where it holds, once those are out.
    chained_at: Option<u64>,
    /// Frames mixed while held at `chained_at`.
    chained: u64,
}

impl Holds {
    pub fn new(frames: Vec<(u64, u64)>) -> Holds {
        Holds {
            frames,
            next: 0,
            enabled: false,
            at: None,
            released: false,
            pending: 0,
            resume: 0,
            chained_at: None,
            chained: 0,
        }
    }

    /// The frame mixing must stop at next, if any: a hold not yet let go.
    pub fn boundary(&self) -> Option<u64> {
        if !self.enabled {
            return None;
        }
        self.frames.get(self.next).map(|w| w.0)
    }

    /// Whether mixing at `pos` is held there.
    pub fn holds_at(&mut self, pos: u64) -> bool {
        if self.boundary() != Some(pos) {
            return false;
        }
        if self.released && self.at.is_some() {
            // The wait before was let go but its held frames are still going out: this one
            // holds once they are (issue #19: a wait right after a wait).
            self.chained_at = Some(pos);
        } else {
            self.at = Some(pos);
        }
        true
    }

    /// `n` frames were mixed while held.
    pub fn mixed(&mut self, n: u64) {
        if self.chained_at.is_some() {
            self.chained += n;
        } else {
            self.pending += n;
        }
    }

    /// Of `n` frames handed out from timeline position `out`: the position after them, and
    /// how many were held ones. Frames after a released hold's last are from the wait's end.
    pub fn hand_out(&mut self, out: u64, n: u64) -> (u64, u64) {
        let Some(at) = self.at else {
            return (out + n, 0);
        };
        let before = at.saturating_sub(out).min(n);
        let held = (n - before).min(self.pending);
        self.pending -= held;
        let after = n - before - held;
        if self.released && self.pending == 0 && before + held == n && after == 0 && held > 0 {
            // The held run ends exactly here: the next frame out is the wait's end.
            self.finish();
            return (self.resume, held);
        }
        if after > 0 {
            // Mixing runs ahead of the output, so frames after the held run only come once
            // the hold was let go: from the wait's end, up to a wait held after it.
            self.finish();
            if self.at.is_some() {
                let (to, more) = self.hand_out(self.resume, after);
                return (to, held + more);
            }
            return (self.resume + after, held);
        }
        (out + before, held)
    }

    /// The released hold's frames are all out: a wait held meanwhile becomes the hold.
    fn finish(&mut self) {
        self.at = self.chained_at.take();
        self.pending = std::mem::take(&mut self.chained);
        self.released = false;
    }

    /// Held frames still to hand out: the output's part of the end is that much later.
    pub fn pending(&self) -> u64 {
        self.pending + self.chained
    }

    /// Frames of the timeline a released hold leaves out (its wait's own length), while
    /// its held frames are still going out.
    pub fn skipping(&self) -> u64 {
        match self.at {
            Some(at) if self.released => self.resume - at,
            _ => 0,
        }
    }

    /// Whether the output has reached a hold that is not let go: the sit is waiting.
    pub fn waiting(&self, out: u64) -> bool {
        !self.released && self.at.is_some_and(|at| out >= at)
    }

    /// Lets the hold go on: the frames held so far play out, then the step after the wait.
    /// Returns where mixing goes on from: the wait's end.
    pub fn release(&mut self) -> Option<u64> {
        if self.at.is_none() || self.released {
            return None;
        }
        self.resume = self.frames[self.next].1;
        self.released = true;
        self.next += 1;
        if self.pending == 0 {
            self.finish();
        }
        Some(self.resume)
    }

    /// After a seek to `frame`: no hold is under way, and a wait at `frame` holds again.
    pub fn seek(&mut self, frame: u64) {
        self.at = None;
        self.released = false;
        self.pending = 0;
        self.chained_at = None;
        self.chained = 0;
        self.next = self.frames.partition_point(|&(f, _)| f < frame);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hold_stops_the_position_until_released_issue_19() {
        let mut h = Holds::new(vec![(100, 300)]);
        assert_eq!(h.boundary(), None, "disabled holds nothing");
        h.enabled = true;
        assert_eq!(h.boundary(), Some(100));
        assert!(!h.holds_at(50));
        assert!(h.holds_at(100));
        h.mixed(64);
        // 80 frames out from 40: 60 of the timeline, then 20 held.
        assert_eq!(h.hand_out(40, 80), (100, 20));
        assert!(h.waiting(100));
        assert_eq!(h.release(), Some(300));
        assert!(!h.waiting(100));
        assert_eq!(h.boundary(), None);
        // The 44 held frames left, then 56 from the wait's end.
        assert_eq!(h.hand_out(100, 100), (356, 44));
        assert_eq!(h.pending(), 0);
        // Back to the wait: it holds again.
        h.seek(100);
        assert_eq!(h.boundary(), Some(100));
        h.seek(101);
        assert_eq!(h.boundary(), None);
    }

    #[test]
    fn a_wait_right_after_a_wait_holds_too_issue_19() {
        // Two waits in a row: 100..300, then 300..500.
        let mut h = Holds::new(vec![(100, 300), (300, 500)]);
        h.enabled = true;
        assert!(h.holds_at(100));
        h.mixed(64);
        assert_eq!(h.hand_out(36, 80), (100, 16));
        // Let go while 48 held frames are still to go out; mixing goes on at 300, the next
        // wait, and holds there at once.
        assert_eq!(h.release(), Some(300));
        assert_eq!(h.boundary(), Some(300));
        assert!(h.holds_at(300), "the second wait holds");
        h.mixed(64);
        assert!(!h.waiting(100), "the first is let go");
        // The first wait's 48 frames, then 32 of the second's: the clock stands at 300.
        assert_eq!(h.hand_out(100, 80), (300, 80));
        assert!(h.waiting(300), "waiting at the second");
        assert_eq!(h.pending(), 32);
        assert_eq!(h.release(), Some(500));
        assert_eq!(h.hand_out(300, 40), (508, 32));
        assert!(!h.waiting(508));
        assert_eq!(h.boundary(), None);
    }
}
