//! A take played back on the default output device (`still record`): one mono buffer at
//! a time, its progress read from what the device has taken of it.

use std::num::NonZero;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use rodio::{DeviceSinkBuilder, MixerDeviceSink, Source};

use super::device::DeviceError;

/// The default output device, open for takes.
pub struct Speaker {
    sink: MixerDeviceSink,
}

/// A take being played; dropping it stops it.
pub struct Playing {
    taken: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    len: usize,
}

impl Speaker {
    pub fn open() -> Result<Speaker, DeviceError> {
        let mut sink = DeviceSinkBuilder::from_default_device()
            .map_err(DeviceError::NoDevice)?
            .open_sink_or_fallback()
            .map_err(DeviceError::NoDevice)?;
        sink.log_on_drop(false);
        Ok(Speaker { sink })
    }

    /// Starts `samples` (mono, at `rate`) playing.
    pub fn play(&self, samples: Arc<[f32]>, rate: u32) -> Playing {
        let taken = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let len = samples.len();
        self.sink.mixer().add(Take {
            samples,
            rate: NonZero::new(rate.max(1)).expect("at least one"),
            at: 0,
            taken: taken.clone(),
            stop: stop.clone(),
        });
        Playing { taken, stop, len }
    }
}

impl Playing {
    /// How far it has played, from 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.len == 0 {
            return 1.0;
        }
        self.taken.load(Ordering::Acquire) as f64 / self.len as f64
    }

    /// Whether the device has taken all of it.
    pub fn done(&self) -> bool {
        self.taken.load(Ordering::Acquire) >= self.len
    }
}

impl Drop for Playing {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
    }
}

struct Take {
    samples: Arc<[f32]>,
    rate: NonZero<u32>,
    at: usize,
    taken: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Iterator for Take {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.stop.load(Ordering::Relaxed) {
            self.taken.store(self.samples.len(), Ordering::Release);
            return None;
        }
        let s = self.samples.get(self.at).copied();
        self.at += 1;
        // Counted every few hundred samples and at the last (the mixer may not ask again
        // once the span says nothing is left).
        if self.at.is_multiple_of(256) || self.at >= self.samples.len() {
            self.taken
                .store(self.at.min(self.samples.len()), Ordering::Release);
        }
        s
    }
}

impl Source for Take {
    fn current_span_len(&self) -> Option<usize> {
        Some(self.samples.len().saturating_sub(self.at))
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::new(1).expect("non-zero")
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        Some(Duration::from_secs_f64(
            self.samples.len() as f64 / f64::from(self.rate.get()),
        ))
    }
}
