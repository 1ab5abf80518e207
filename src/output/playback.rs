//! The renderer as a live stream: what the audio thread runs, and the lock-free controls
//! the player uses to steer it. The clock is the count of frames handed to the output.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

use crate::assets::Pcm;
use crate::mix::{CUT_FADE, Renderer};

const NO_SEEK: u64 = u64::MAX;

/// State shared between the audio thread and the player: atomics only, so neither side
/// ever waits for the other.
#[derive(Debug)]
pub struct Controls {
    /// Frames of the session handed to the output so far (pauses not counted): the clock.
    played: AtomicU64,
    /// The renderer's position after the last block.
    position: AtomicU64,
    paused: AtomicBool,
    seek_to: AtomicU64,
    volume: AtomicU32,
    ambient: AtomicBool,
    finished: AtomicBool,
    /// Set by the output when the device fails or disappears.
    lost: AtomicBool,
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
        })
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

/// The renderer as the audio thread drives it.
pub struct Playback {
    renderer: Renderer,
    controls: Arc<Controls>,
    /// 1.0 while playing, 0.0 while paused; steps by 1/CUT_FADE per frame in between, so
    /// pausing and resuming never click.
    level: f32,
    deliveries: Option<rtrb::Consumer<Delivery>>,
    returns: Option<rtrb::Producer<Arc<Pcm>>>,
}

impl Playback {
    pub fn new(renderer: Renderer, controls: Arc<Controls>) -> Playback {
        Playback {
            renderer,
            controls,
            level: 1.0,
            deliveries: None,
            returns: None,
        }
    }

    /// A playback whose sounds a loader delivers as the sit goes (see `player::loader`).
    pub fn with_loader(renderer: Renderer, controls: Arc<Controls>) -> (Playback, LoaderLink) {
        // Every slot can be in flight at once, each way.
        let capacity = 2 * renderer.slot_count() + 8;
        let (deliver, deliveries) = rtrb::RingBuffer::new(capacity);
        let (give_back, returns) = rtrb::RingBuffer::new(capacity);
        let playback = Playback {
            renderer,
            controls,
            level: 1.0,
            deliveries: Some(deliveries),
            returns: Some(give_back),
        };
        (
            playback,
            LoaderLink {
                deliveries: deliver,
                returns,
            },
        )
    }

    /// Frames per second of what `pull` writes.
    pub fn rate(&self) -> u32 {
        crate::timeline::RATE
    }

    /// Fills `out` (stereo, interleaved) with the next frames: silence while paused and
    /// after the end. Never allocates, locks or waits.
    pub fn pull(&mut self, out: &mut [f32]) {
        if let Some(inbox) = self.deliveries.as_mut() {
            while let Ok(d) = inbox.pop() {
                let old = match d {
                    Delivery::Install(slot, pcm) => self.renderer.install(slot, pcm),
                    Delivery::Release(slot) => self.renderer.release(slot),
                };
                if let (Some(old), Some(back)) = (old, self.returns.as_mut()) {
                    // The queue has room for every slot; were it full, the sound would be
                    // dropped here, which only costs a free on this thread.
                    let _ = back.push(old);
                }
            }
        }
        let c = &self.controls;
        let seek = c.seek_to.swap(NO_SEEK, Ordering::AcqRel);
        if seek != NO_SEEK {
            self.renderer.seek(seek);
        }
        self.renderer.set_volume(c.volume());
        self.renderer.set_ambient(c.ambient());
        let target = if c.is_paused() { 0.0 } else { 1.0 };
        if target == 0.0 && self.level == 0.0 {
            out.fill(0.0);
            return;
        }
        let n = self.renderer.fill(out);
        let step = 1.0 / CUT_FADE as f32;
        if self.level != target {
            for frame in out.chunks_exact_mut(2) {
                self.level = if target > self.level {
                    (self.level + step).min(1.0)
                } else {
                    (self.level - step).max(0.0)
                };
                frame[0] *= self.level;
                frame[1] *= self.level;
            }
        }
        c.played.fetch_add(n as u64, Ordering::AcqRel);
        c.position
            .store(self.renderer.position(), Ordering::Release);
        if self.renderer.is_done() {
            c.finished.store(true, Ordering::Release);
        }
    }
}
