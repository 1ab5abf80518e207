//! The sound card, through rodio 0.23 (cpal underneath): the playback as a rodio `Source`
//! on the default device, opened at 48 kHz stereo where the device allows (rodio converts
//! otherwise).

use std::num::NonZero;
use std::sync::Arc;
use std::time::Duration;

use rodio::{DeviceSinkBuilder, MixerDeviceSink, Source};

use crate::mix::{Controls, Playback};
use crate::timeline::RATE;

/// Frames rendered at a time in the audio callback.
const BLOCK: usize = 256;
/// The device buffer: 170 ms. Meditation needs no low latency, and a generous buffer rides
/// out a busy machine; with small ones, an underrun in the first moments could leave
/// ALSA's PulseAudio plugin stopped for good.
const BUFFER_FRAMES: u32 = 8192;

#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    #[error(
        "no audio output device is available (tried the default device, then every other output device)"
    )]
    NoDevice(#[source] rodio::DeviceSinkError),
}

/// An open device playing a session; dropping it stops the sound.
pub struct DeviceOutput {
    _sink: MixerDeviceSink,
}

/// The default output device, open and playing silence until a sit is started on it:
/// opened before anything else is asked, so that a missing sound card is said first.
pub struct OpenDevice {
    sink: MixerDeviceSink,
}

impl OpenDevice {
    /// Opens the default output device. Fails fast, without retry loops, when there is
    /// none. `controls` learns when the device fails or disappears.
    pub fn open(controls: Arc<Controls>) -> Result<OpenDevice, DeviceError> {
        let lost = controls;
        // An underrun (a busy moment) is recovered by the backend and is no reason to stop;
        // only a device or sound server that is gone ends the sit. A silent failure is caught
        // by the player noticing that the clock has stopped.
        let on_error = move |e: rodio::cpal::Error| {
            if ends_the_sit(e.kind()) {
                lost.mark_lost();
            }
        };
        let builder = DeviceSinkBuilder::from_default_device()
            .map(|b| {
                b.with_sample_rate(NonZero::new(RATE).expect("non-zero"))
                    .with_channels(NonZero::new(2).expect("non-zero"))
                    .with_buffer_size(rodio::cpal::BufferSize::Fixed(BUFFER_FRAMES))
                    .with_error_callback(on_error)
            })
            .map_err(DeviceError::NoDevice)?;
        let mut sink = builder
            .open_sink_or_fallback()
            .map_err(DeviceError::NoDevice)?;
        sink.log_on_drop(false);
        Ok(OpenDevice { sink })
    }

    /// Starts `playback` on the open device.
    pub fn start(self, playback: Playback) -> DeviceOutput {
        self.sink.mixer().add(LiveSource {
            playback,
            buf: vec![0.0; BLOCK * 2],
            at: BLOCK * 2,
        });
        DeviceOutput { _sink: self.sink }
    }
}

impl DeviceOutput {
    /// Opens the default output device and starts `playback` on it.
    pub fn start(playback: Playback, controls: Arc<Controls>) -> Result<DeviceOutput, DeviceError> {
        Ok(OpenDevice::open(controls)?.start(playback))
    }
}

/// Whether an error from the audio backend means the output is gone. Underruns and the like
/// are recovered by the backend (treating them as fatal once ended sits on a busy machine).
fn ends_the_sit(kind: rodio::cpal::ErrorKind) -> bool {
    use rodio::cpal::ErrorKind as K;
    matches!(
        kind,
        K::DeviceNotAvailable | K::HostUnavailable | K::StreamInvalidated
    )
}

/// The playback as an endless rodio source; the player decides when to stop.
struct LiveSource {
    playback: Playback,
    buf: Vec<f32>,
    at: usize,
}

impl Iterator for LiveSource {
    type Item = f32;

    #[inline]
    fn next(&mut self) -> Option<f32> {
        if self.at == self.buf.len() {
            self.playback.pull(&mut self.buf);
            self.at = 0;
        }
        let s = self.buf[self.at];
        self.at += 1;
        Some(s)
    }
}

impl Source for LiveSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::new(2).expect("non-zero")
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        NonZero::new(RATE).expect("non-zero")
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

#[cfg(test)]
mod tests {
    use rodio::cpal::ErrorKind as K;

    /// Regression: an underrun in the first moments of a sit on a busy machine ended it as
    /// "the audio output stopped".
    #[test]
    fn an_underrun_is_not_a_lost_device() {
        assert!(!super::ends_the_sit(K::Xrun));
        assert!(!super::ends_the_sit(K::RealtimeDenied));
        assert!(super::ends_the_sit(K::DeviceNotAvailable));
        assert!(super::ends_the_sit(K::HostUnavailable));
    }
}
