//! A render that starts before its clips are decoded: helper threads decode them in the
//! order they are first heard, and the renderer waits, between blocks, for each one it is
//! about to reach. Decoding a long session's narration then overlaps mixing its first
//! minutes instead of coming before them. A live sit's loader ([`super::Loader`]) never
//! waits; a render may, since nothing is listening.
//!
//! Memory stays bounded however long the session: the helpers stop while the clips made
//! but not yet reached hold more than [`AHEAD_BYTES`], and a clip is let go once its last
//! hit has played.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::thread::Thread;
use std::time::Duration;

use super::{Frames, Renderer};
use crate::assets::{AssetError, Bank, Pcm};

/// Clips decoded ahead of the renderer hold at most about this much (16-bit samples): some
/// minutes of narration, far more than the helpers need to stay ahead.
pub const AHEAD_BYTES: usize = 16 << 20;

/// A renderer and the helper threads making the clips its bank left for later
/// ([`crate::assets::Load::Deferred`]). Every clip is decoded by the end, whether or not it
/// is heard, so a render that finishes has checked them all.
pub struct Feed {
    renderer: Renderer,
    /// Slots still to install, in the order first heard, with the frame first heard.
    pending: VecDeque<(u64, usize)>,
    made: Receiver<(usize, Result<Pcm, AssetError>)>,
    /// What arrived for each slot before its turn.
    early: Vec<Option<Result<Pcm, AssetError>>>,
    error: Option<AssetError>,
    /// Slots to let go, by the frame their last hit ends, soonest first.
    done_at: VecDeque<(u64, usize)>,
    /// Bytes of clips made but not installed yet, shared with the helpers.
    ahead: Arc<AtomicUsize>,
    helpers: Vec<Thread>,
    stop: Arc<AtomicBool>,
}

impl Feed {
    /// Starts decoding every slot of `bank` not made yet, for `renderer`, which plays from
    /// `bank`; [`Renderer::heard`] says when each clip is first and last heard. Helpers take
    /// half the cores (at least one): the renderer and
    /// the file's writer keep the rest busy, and each helper holds its clip as floats until
    /// it is measured, so more helpers would hold more memory and gain nothing (two on two
    /// cores were no faster and raised the 60-minute benchmark's peak from 58 to 68 MB).
    /// They stop while the clips made but not reached hold more than `ahead_limit` bytes
    /// ([`AHEAD_BYTES`] for a render).
    pub fn start(renderer: Renderer, bank: Bank, ahead_limit: usize) -> Feed {
        let slots = bank.slots();
        let heard = renderer.heard();
        let unmade = |i: usize| slots[i].pcm.is_none();
        let mut done_at: Vec<(u64, usize)> = (0..slots.len())
            .filter(|&i| unmade(i))
            .filter_map(|i| Some((heard[i].last_end()?, i)))
            .collect();
        done_at.sort_unstable();
        // A clip no hit plays (one of no length) is still checked, at the end.
        let mut pending: Vec<(u64, usize)> = (0..slots.len())
            .filter(|&i| unmade(i))
            .map(|i| (heard[i].first().unwrap_or(u64::MAX), i))
            .collect();
        pending.sort_unstable();
        let order: Arc<[usize]> = pending.iter().map(|&(_, i)| i).collect();
        let early = (0..slots.len()).map(|_| None).collect();

        let bank = Arc::new(bank);
        let stop = Arc::new(AtomicBool::new(false));
        let next = Arc::new(AtomicUsize::new(0));
        let ahead = Arc::new(AtomicUsize::new(0));
        let (tx, made) = channel();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut helpers = vec![];
        for _ in 0..(cores / 2).max(1).min(order.len()) {
            let (bank, stop, next, order, tx, ahead) = (
                bank.clone(),
                stop.clone(),
                next.clone(),
                order.clone(),
                tx.clone(),
                ahead.clone(),
            );
            let helper = std::thread::Builder::new()
                .name("still-decode".into())
                .spawn(move || {
                    let mut scratch = vec![];
                    while !stop.load(Ordering::Relaxed) {
                        // Far enough ahead: wait for the renderer to take some. A helper
                        // waits only before it takes a clip, never while it holds one, so
                        // the clip the renderer waits for is always on its way.
                        if ahead.load(Ordering::Acquire) > ahead_limit {
                            std::thread::park_timeout(Duration::from_millis(20));
                            continue;
                        }
                        let Some(&slot) = order.get(next.fetch_add(1, Ordering::Relaxed)) else {
                            break;
                        };
                        let made = bank.load_reusing(slot, &mut scratch);
                        ahead.fetch_add(made.as_ref().map_or(0, Pcm::bytes), Ordering::AcqRel);
                        if tx.send((slot, made)).is_err() {
                            break;
                        }
                    }
                })
                .expect("a thread can be started");
            helpers.push(helper.thread().clone());
        }
        Feed {
            renderer,
            pending: pending.into(),
            made,
            early,
            error: None,
            done_at: done_at.into(),
            ahead,
            helpers,
            stop,
        }
    }

    /// Why the feed stopped short, if a clip could not be decoded: the first such clip in
    /// the order the session plays them.
    pub fn take_error(&mut self) -> Option<AssetError> {
        self.error.take()
    }

    /// Installs every clip first heard before `until`, waiting for those not made yet.
    fn ready_until(&mut self, until: u64) -> Result<(), AssetError> {
        while let Some(&(first, slot)) = self.pending.front() {
            if first >= until {
                break;
            }
            let pcm = loop {
                if let Some(made) = self.early[slot].take() {
                    break made?;
                }
                let (arrived, made) = self
                    .made
                    .recv()
                    .expect("the helpers make every pending clip before they finish");
                self.early[arrived] = Some(made);
            };
            self.ahead.fetch_sub(pcm.bytes(), Ordering::AcqRel);
            for h in &self.helpers {
                h.unpark();
            }
            self.renderer.install(slot, Arc::new(pcm));
            self.pending.pop_front();
        }
        Ok(())
    }

    /// Lets go of every clip whose last hit has ended by now. No sounding hit holds it any more,
    /// so its memory is freed here, outside the renderer's `fill`.
    fn let_go(&mut self) {
        let now = self.renderer.position();
        while let Some(&(end, slot)) = self.done_at.front() {
            if end > now {
                break;
            }
            drop(self.renderer.release(slot));
            self.done_at.pop_front();
        }
    }
}

impl Frames for Feed {
    fn fill(&mut self, out: &mut [f32]) -> usize {
        if self.error.is_some() {
            return 0;
        }
        let to = self.renderer.mixes_to((out.len() / 2) as u64);
        // The last block waits for every clip, heard or not: all are checked by the end.
        let until = if to >= self.renderer.end() {
            u64::MAX
        } else {
            to
        };
        if let Err(e) = self.ready_until(until) {
            self.error = Some(e);
            self.stop.store(true, Ordering::Relaxed);
            return 0;
        }
        let n = self.renderer.fill(out);
        self.let_go();
        n
    }

    fn position(&self) -> u64 {
        self.renderer.position()
    }

    fn end(&self) -> u64 {
        self.renderer.end()
    }
}

impl Drop for Feed {
    /// Helpers stop after the clip in hand. They are not waited for: an interrupted render
    /// exits at once, and a helper that finishes later only drops its clip.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_plays_what_the_whole_bank_plays_and_lets_clips_go() {
        let dir = tempfile::tempdir().unwrap();
        let s = crate::session::with_test_clips(
            dir.path(),
            "format: still/1\ntitle: T\nambient: { sound: rain, volume: -20dB }\nsteps:\n  - say: One\n    clip: tone.ogg\n  - pause: 30s\n  - say: Two\n    clip: click-48k.wav\n  - pause: 5s\n  - bell: rin\n",
        );
        let mut whole = s.renderer().unwrap();
        // Helpers held to one byte ahead: each clip waits until the one before is taken.
        let mut feed = s.render_feed_ahead(1, crate::mix::CEILING).unwrap();
        // The first line ends first.
        let (tone_end, tone) = *feed.done_at.front().unwrap();
        assert_eq!(feed.done_at.len(), 2, "two clips to let go");
        let (mut a, mut b) = (vec![0.0f32; 2 * 4096], vec![0.0f32; 2 * 4096]);
        let mut let_go_at = None;
        loop {
            let n = whole.fill(&mut a);
            assert_eq!(Frames::fill(&mut feed, &mut b), n);
            assert!(
                a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()),
                "the same samples at frame {}",
                whole.position()
            );
            if let_go_at.is_none() && !feed.renderer.holds(tone) {
                let_go_at = Some(feed.position());
            }
            if n < 4096 {
                break;
            }
        }
        let at = let_go_at.expect("the first line is let go");
        assert!(
            (tone_end..tone_end + 4096).contains(&at),
            "let go in the block its last hit ends in ({tone_end}), not before: {at}"
        );
        assert!(tone_end < 10 * u64::from(crate::timeline::RATE));
        assert!(feed.take_error().is_none());
    }
}
