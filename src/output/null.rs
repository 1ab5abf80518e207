//! The null output: no sound, but frames are consumed at the real-time rate, as a sound
//! card would, so the clock, the pacer and the journal behave exactly as with a device.
//! For tests, and for people who only want the visual pacer.

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::mix::Playback;

/// Frames consumed per wake-up: 20 ms, like a small device buffer.
const BLOCK: usize = 960;

pub struct NullOutput {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl NullOutput {
    pub fn start(mut playback: Playback) -> NullOutput {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let rate = f64::from(playback.rate());
        let thread = std::thread::Builder::new()
            .name("still-null-output".into())
            .spawn(move || {
                let mut buf = vec![0.0f32; BLOCK * 2];
                let start = Instant::now();
                let mut frames: u64 = 0;
                while !stopped.load(std::sync::atomic::Ordering::Acquire) {
                    playback.pull(&mut buf);
                    frames += BLOCK as u64;
                    // Consume at the device's pace: the next block is due when this one has played.
                    let due = start + Duration::from_secs_f64(frames as f64 / rate);
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                }
            })
            .expect("a thread can be started");
        NullOutput {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for NullOutput {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Release);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
