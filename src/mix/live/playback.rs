//! The sound side of live playback: the renderer as the audio thread runs it, taking the
//! loader's deliveries and the player's controls between blocks. The clock is the count of
//! frames handed to the output.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::assets::Pcm;

use super::controls::{Controls, Delivery, LoaderLink, NO_SEEK};
use crate::mix::{CUT_FADE, Renderer};

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

    /// A playback whose sounds a loader delivers as the sit goes ([`super::Loader`]).
    pub(super) fn with_loader(
        renderer: Renderer,
        controls: Arc<Controls>,
    ) -> (Playback, LoaderLink) {
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
            // Seen at once, even while paused: → and ← move a paused sit and keep it paused.
            c.position
                .store(self.renderer.position(), Ordering::Release);
        }
        self.renderer.set_volume(c.volume());
        self.renderer.set_ambient(c.ambient());
        self.renderer
            .hold_at_waits(c.hold_waits.load(Ordering::Acquire));
        if c.go_on.swap(false, Ordering::AcqRel) {
            self.renderer.go_on();
        }
        let target = if c.is_paused() { 0.0 } else { 1.0 };
        if target == 0.0 && self.level == 0.0 {
            out.fill(0.0);
            return;
        }
        let start = self.renderer.position();
        let held_before = self.renderer.held_out();
        let n = self.renderer.fill(out);
        // Frames held at a wait go to the output but are not the session's time.
        let n = n - (self.renderer.held_out() - held_before) as usize;
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
        c.count_practice(start, n as u64);
        c.position
            .store(self.renderer.position(), Ordering::Release);
        c.waiting
            .store(self.renderer.is_waiting(), Ordering::Release);
        if self.renderer.is_done() {
            c.finished.store(true, Ordering::Release);
        }
    }
}
