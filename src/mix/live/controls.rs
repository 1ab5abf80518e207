//! The handle side of live playback: what the player and the loader hold to steer the
//! audio thread (kira keeps a sound and its handle the same way). Atomics and lock-free
//! queues only, so neither side ever waits for the other.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

use crate::assets::Pcm;

pub(super) const NO_SEEK: u64 = u64::MAX;

/// State shared between the audio thread and the player: atomics only, so neither side
/// ever waits for the other.
#[derive(Debug)]
pub struct Controls {
    /// Frames of the session handed to the output so far (pauses not counted): the clock.
    pub(super) played: AtomicU64,
    /// The renderer's position after the last block.
    pub(super) position: AtomicU64,
    paused: AtomicBool,
    pub(super) seek_to: AtomicU64,
    volume: AtomicU32,
    ambient: AtomicBool,
    pub(super) finished: AtomicBool,
    /// Set by the output when the device fails or disappears.
    lost: AtomicBool,
    /// The frames of the session that count as practice, `[from, to)`, and how many of
    /// them have been played: a timer's preparation, the closing bells, the ring-out and
    /// whatever was skipped are not practice.
    pub(super) practice_from: AtomicU64,
    pub(super) practice_to: AtomicU64,
    pub(super) practiced: AtomicU64,
    /// Set by the loader when a clip checked beside the first seconds does not decode.
    broken: AtomicBool,
    /// Whether `wait` steps hold the sit until a key (still/1.1).
    pub(super) hold_waits: AtomicBool,
    /// Set by the audio thread while the output stands held at a wait.
    pub(super) waiting: AtomicBool,
    /// Set by the player to let a held wait go on; the audio thread takes it.
    pub(super) go_on: AtomicBool,
}

impl Controls {
    pub fn new(volume: f32, ambient: bool) -> Arc<Controls> {
        Arc::new(Controls {
            played: AtomicU64::new(0),
            position: AtomicU64::new(0),
            paused: AtomicBool::new(false),
            seek_to: AtomicU64::new(NO_SEEK),
            volume: AtomicU32::new(volume.to_bits()),
            ambient: AtomicBool::new(ambient),
            finished: AtomicBool::new(false),
            lost: AtomicBool::new(false),
            practice_from: AtomicU64::new(0),
            practice_to: AtomicU64::new(u64::MAX),
            practiced: AtomicU64::new(0),
            broken: AtomicBool::new(false),
            hold_waits: AtomicBool::new(false),
            waiting: AtomicBool::new(false),
            go_on: AtomicBool::new(false),
        })
    }

    /// Says which frames count as practice (all of them until this is called).
    pub fn set_practice(&self, from: u64, to: u64) {
        self.practice_from.store(from, Ordering::Release);
        self.practice_to.store(to, Ordering::Release);
    }

    /// Frames played inside the practice span, pauses and skipped parts not counted.
    pub fn practiced(&self) -> u64 {
        self.practiced.load(Ordering::Acquire)
    }

    /// Counts `n` frames played from `start` toward the practice span they overlap.
    pub(super) fn count_practice(&self, start: u64, n: u64) {
        let from = self.practice_from.load(Ordering::Acquire);
        let to = self.practice_to.load(Ordering::Acquire);
        let inside = (start + n).min(to).saturating_sub(start.max(from));
        if inside > 0 {
            self.practiced.fetch_add(inside, Ordering::AcqRel);
        }
    }

    /// Frames played, not counting pauses: the time practised, and the player's clock.
    pub fn played(&self) -> u64 {
        self.played.load(Ordering::Acquire)
    }

    /// Where in the session the sound is (the renderer's position).
    pub fn position(&self) -> u64 {
        self.position.load(Ordering::Acquire)
    }

    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Acquire)
    }

    pub fn set_paused(&self, paused: bool) {
        self.paused.store(paused, Ordering::Release);
    }

    pub fn seek(&self, frame: u64) {
        self.seek_to.store(frame, Ordering::Release);
    }

    pub fn volume(&self) -> f32 {
        f32::from_bits(self.volume.load(Ordering::Acquire))
    }

    pub fn set_volume(&self, v: f32) {
        self.volume
            .store(v.clamp(0.0, 2.0).to_bits(), Ordering::Release);
    }

    pub fn ambient(&self) -> bool {
        self.ambient.load(Ordering::Acquire)
    }

    pub fn set_ambient(&self, on: bool) {
        self.ambient.store(on, Ordering::Release);
    }

    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }

    pub fn is_lost(&self) -> bool {
        self.lost.load(Ordering::Acquire)
    }

    pub fn mark_lost(&self) {
        self.lost.store(true, Ordering::Release);
    }

    /// Whether a clip of the session was found not to decode: the sit stops.
    pub fn is_broken(&self) -> bool {
        self.broken.load(Ordering::Acquire)
    }

    pub fn mark_broken(&self) {
        self.broken.store(true, Ordering::Release);
    }

    /// Makes `wait` steps hold until [`Controls::go_on`]: only a player that reads keys
    /// asks for this, so a sit nobody can answer never stops.
    pub fn hold_at_waits(&self, on: bool) {
        self.hold_waits.store(on, Ordering::Release);
    }

    /// Whether the sit stands held at a wait (the clock not counting).
    pub fn is_waiting(&self) -> bool {
        self.waiting.load(Ordering::Acquire)
    }

    /// Lets a held wait go on to the next step.
    pub fn go_on(&self) {
        self.go_on.store(true, Ordering::Release);
    }
}

/// What a live sit's loader asks of the audio thread.
pub enum Delivery {
    /// Put this sound in its slot, ahead of its hits.
    Install(usize, Arc<Pcm>),
    /// The slot's hits are over: empty it.
    Release(usize),
}

/// The loader's ends of the two queues to the audio thread: deliveries in, sounds it no
/// longer holds back out (dropped by the loader, so no memory is freed on the audio thread).
pub struct LoaderLink {
    pub deliveries: rtrb::Producer<Delivery>,
    pub returns: rtrb::Consumer<Arc<Pcm>>,
}
