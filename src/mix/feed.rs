//! A render that starts before its clips are decoded: helper threads decode them in the
//! order they are first heard, and the renderer waits, between blocks, for each one it is
//! about to reach. Decoding a long session's narration then overlaps mixing its first
//! minutes instead of coming before them. A live sit's loader (`player::loader`) never
//! waits; a render may, since nothing is listening.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use crate::assets::{AssetError, Bank, Pcm};
use crate::output::Frames;
use crate::timeline::Timeline;

use super::Renderer;

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
    stop: Arc<AtomicBool>,
}

impl Feed {
    /// Starts decoding every slot of `bank` not made yet, for `renderer`, which plays
    /// `timeline` from `bank`. Helpers take half the cores (at least one): the renderer and
    /// the file's writer keep the rest busy, and each helper holds its clip as floats until
    /// it is measured, so more helpers would hold more memory and gain nothing (two on two
    /// cores were no faster and raised the 60-minute benchmark's peak from 58 to 68 MB).
    pub fn start(renderer: Renderer, bank: Bank, timeline: &Timeline) -> Feed {
        let slots = bank.slots();
        let mut first: Vec<Option<u64>> = vec![None; slots.len()];
        for e in &timeline.events {
            if let Some(slot) = bank.slot_of(&e.kind)
                && slots[slot].pcm.is_none()
            {
                first[slot].get_or_insert(e.frame);
            }
        }
        // A clip no event plays (there are none today) is still checked, at the end.
        let mut pending: Vec<(u64, usize)> = (0..slots.len())
            .filter(|&i| slots[i].pcm.is_none())
            .map(|i| (first[i].unwrap_or(u64::MAX), i))
            .collect();
        pending.sort_unstable();
        let order: Arc<[usize]> = pending.iter().map(|&(_, i)| i).collect();
        let early = (0..slots.len()).map(|_| None).collect();

        let bank = Arc::new(bank);
        let stop = Arc::new(AtomicBool::new(false));
        let next = Arc::new(AtomicUsize::new(0));
        let (tx, made) = channel();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        for _ in 0..(cores / 2).max(1).min(order.len()) {
            let (bank, stop, next, order, tx) = (
                bank.clone(),
                stop.clone(),
                next.clone(),
                order.clone(),
                tx.clone(),
            );
            std::thread::Builder::new()
                .name("still-decode".into())
                .spawn(move || {
                    let mut scratch = vec![];
                    while !stop.load(Ordering::Relaxed) {
                        let Some(&slot) = order.get(next.fetch_add(1, Ordering::Relaxed)) else {
                            break;
                        };
                        if tx
                            .send((slot, bank.load_reusing(slot, &mut scratch)))
                            .is_err()
                        {
                            break;
                        }
                    }
                })
                .expect("a thread can be started");
        }
        Feed {
            renderer,
            pending: pending.into(),
            made,
            early,
            error: None,
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
            self.renderer.install(slot, Arc::new(pcm));
            self.pending.pop_front();
        }
        Ok(())
    }
}

impl Frames for Feed {
    fn fill(&mut self, out: &mut [f32]) -> usize {
        if self.error.is_some() {
            return 0;
        }
        let to = self.renderer.position() + (out.len() / 2) as u64;
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
        self.renderer.fill(out)
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
