//! A live sit's loader: a thread that decodes the clips the next moments need and hands
//! them to the audio thread, and takes back those whose turn is over. A sit holds a few
//! clips at a time instead of all its narration. (A render to a file waits for its clips
//! instead: [`crate::mix::Feed`].)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::assets::{AssetError, Bank, Pcm};
use crate::mix::{Heard, Renderer};
use crate::timeline::{RATE, Timeline};

use super::{Controls, Delivery, LoaderLink, Playback};

/// Clips are loaded this far ahead of the position, and for the whole of the step after
/// the current one, so that → finds its next clip ready.
const AHEAD: u64 = 20 * RATE as u64;
/// How often the loader looks at the position. It only prepares; the sound never waits.
const LOOK: Duration = Duration::from_millis(50);

pub struct Loader {
    bank: Bank,
    /// When each slot is heard.
    heard: Vec<Heard>,
    /// The steps' (start, end), to load the current and the next step whole.
    steps: Vec<(u64, u64)>,
    /// Our own reference to each loaded sound: kept until the audio thread gives its back,
    /// so the last reference is always dropped here.
    loaded: Vec<Option<Arc<Pcm>>>,
    link: LoaderLink,
}

impl Loader {
    /// The two halves of a live sit: the playback the output runs on the audio thread, and
    /// the loader that fills its renderer from `bank` as `timeline` goes on.
    pub fn connect(
        renderer: Renderer,
        bank: Bank,
        timeline: &Timeline,
        controls: Arc<Controls>,
    ) -> (Playback, Loader) {
        let heard = renderer.heard();
        let (playback, link) = Playback::with_loader(renderer, controls);
        let steps = timeline
            .steps
            .iter()
            .map(|s| (s.start, s.start + s.length))
            .collect();
        let loaded = bank.slots().iter().map(|_| None).collect();
        let loader = Loader {
            bank,
            heard,
            steps,
            loaded,
            link,
        };
        (playback, loader)
    }

    /// Loads what `position` needs and releases what it no longer does. Returns how many
    /// clips could not be decoded (they stay silent; their captions still show).
    pub fn tick(&mut self, position: u64) -> usize {
        while self.link.returns.pop().is_ok() {}
        let step = self
            .steps
            .partition_point(|s| s.0 <= position)
            .saturating_sub(1);
        let from = self.steps.get(step).map_or(position, |s| s.0.min(position));
        let to = self
            .steps
            .get(step + 1)
            .map_or(0, |s| s.1)
            .max(position + AHEAD);
        let mut failed = 0;
        for slot in 0..self.loaded.len() {
            if !self.bank.slots()[slot].lazy {
                continue;
            }
            let needed = self.heard[slot].during(from, to);
            match (needed, self.loaded[slot].is_some()) {
                (true, false) => match self.bank.load(slot) {
                    Ok(pcm) => {
                        let pcm = Arc::new(pcm);
                        if self
                            .link
                            .deliveries
                            .push(Delivery::Install(slot, pcm.clone()))
                            .is_ok()
                        {
                            self.loaded[slot] = Some(pcm);
                        }
                    }
                    Err(_) => failed += 1,
                },
                (false, true) if self.link.deliveries.push(Delivery::Release(slot)).is_ok() => {
                    self.loaded[slot] = None;
                }
                _ => {}
            }
        }
        failed
    }

    /// Runs the loader on its own thread until stopped. It first checks every clip left
    /// for later, decoding each and keeping nothing, beside the first seconds of sound
    /// rather than before them: a clip that does not decode marks the controls broken and
    /// is kept for [`LoaderThread::failure`].
    pub fn spawn(mut self, controls: Arc<Controls>) -> LoaderThread {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let failure = Arc::new(Mutex::new(None));
        let failed = failure.clone();
        let thread = std::thread::Builder::new()
            .name("still-loader".into())
            .spawn(move || {
                if let Err(e) = self.bank.check_unloaded() {
                    *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                    controls.mark_broken();
                }
                while !stopped.load(Ordering::Acquire) {
                    self.tick(controls.position());
                    std::thread::sleep(LOOK);
                }
            })
            .expect("a thread can be started");
        LoaderThread {
            stop,
            thread: Some(thread),
            failure,
        }
    }
}

pub struct LoaderThread {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    failure: Arc<Mutex<Option<AssetError>>>,
}

impl LoaderThread {
    /// Why a clip checked beside the first seconds does not decode, if one does not.
    pub fn failure(&self) -> Option<AssetError> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }
}

impl Drop for LoaderThread {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_are_loaded_ahead_and_released_behind() {
        let dir = tempfile::tempdir().unwrap();
        let s = crate::session::with_test_clips(
            dir.path(),
            "format: still/1\ntitle: T\nsteps:\n  - say: One\n    clip: tone.ogg\n  - pause: 30s\n  - say: Two\n    clip: click-48k.wav\n  - pause: 30s\n  - bell: rin\n",
        );
        let (renderer, bank) = s.live_renderer().unwrap();
        assert!(
            bank.slots()
                .iter()
                .filter(|s| s.lazy)
                .all(|s| s.pcm.is_none()),
            "clips wait for the loader"
        );
        assert!(
            bank.slots().iter().any(|s| !s.lazy && s.pcm.is_some()),
            "bells are made at once"
        );
        let controls = Controls::new(1.0, true);
        let (mut playback, mut loader) = Loader::connect(renderer, bank, &s.timeline, controls);
        let lazy: Vec<usize> = (0..loader.loaded.len())
            .filter(|&i| loader.bank.slots()[i].lazy)
            .collect();
        assert_eq!(lazy.len(), 2);
        assert_eq!(loader.tick(0), 0);
        assert!(
            loader.loaded[lazy[0]].is_some(),
            "the first line is ready before the first sample"
        );
        assert!(
            loader.loaded[lazy[1]].is_none(),
            "the second, half a minute on, is not loaded yet"
        );
        // The audio thread takes the delivery; the first line plays from its first frame.
        let mut out = vec![0.0; 2 * 4800];
        playback.pull(&mut out);
        assert!(out.iter().any(|s| s.abs() > 0.01));
        // Twenty-five seconds on: the second line is loaded, the first let go.
        loader.tick(25 * RATE as u64);
        assert!(loader.loaded[lazy[1]].is_some());
        assert!(loader.loaded[lazy[0]].is_none());
        playback.pull(&mut out);
        loader.tick(25 * RATE as u64);
        assert_eq!(
            loader.link.returns.slots(),
            0,
            "what the audio thread gave back was collected"
        );
    }
}
