//! The microphone: the default input device through cpal, its samples handed from the
//! audio thread through a lock-free ring and taken, mono, by the recorder's loop. The
//! frames it has delivered are the recorder's only clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rodio::cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use rodio::cpal::{self, SampleFormat, StreamConfig};

use super::RecordError;

/// The rate asked of the device: the mix's own.
const RATE: u32 = 48_000;
/// Samples the ring holds: four seconds at 48 kHz, far more than the loop leaves in it.
const RING: usize = 4 * 48_000;

/// An open input stream; dropping it stops recording.
pub struct Mic {
    _stream: cpal::Stream,
    ring: rtrb::Consumer<f32>,
    pub rate: u32,
    lost: Arc<AtomicBool>,
}

impl Mic {
    /// Opens the default input device, mono at 48 kHz where it allows, else as it is set.
    pub fn open() -> Result<Mic, RecordError> {
        let host = cpal::default_host();
        let device = host
            .default_input_device()
            .ok_or(RecordError::NoMicrophone)?;
        let lost = Arc::new(AtomicBool::new(false));
        let wanted = StreamConfig {
            channels: 1,
            sample_rate: RATE,
            buffer_size: cpal::BufferSize::Default,
        };
        if let Ok(mic) = Mic::build(&device, wanted, SampleFormat::F32, lost.clone()) {
            return Ok(mic);
        }
        let own = device
            .default_input_config()
            .map_err(|e| RecordError::Microphone(e.to_string()))?;
        Mic::build(&device, own.config(), own.sample_format(), lost)
    }

    fn build(
        device: &cpal::Device,
        config: StreamConfig,
        format: SampleFormat,
        lost: Arc<AtomicBool>,
    ) -> Result<Mic, RecordError> {
        let (mut tx, ring) = rtrb::RingBuffer::new(RING);
        let channels = usize::from(config.channels.max(1));
        let rate = config.sample_rate;
        let gone = lost.clone();
        let on_error = move |e: cpal::Error| {
            use cpal::ErrorKind as K;
            if matches!(
                e.kind(),
                K::DeviceNotAvailable | K::HostUnavailable | K::StreamInvalidated
            ) {
                gone.store(true, Ordering::Release);
            }
        };
        let fail = |e: cpal::Error| RecordError::Microphone(e.to_string());
        // Mono: the channels of each frame averaged. A full ring drops samples rather
        // than block the audio thread.
        let stream = match format {
            SampleFormat::F32 => device.build_input_stream::<f32, _, _>(
                config,
                move |data: &[f32], _| {
                    for frame in data.chunks(channels) {
                        let _ = tx.push(frame.iter().sum::<f32>() / channels as f32);
                    }
                },
                on_error,
                None,
            ),
            SampleFormat::I16 => device.build_input_stream::<i16, _, _>(
                config,
                move |data: &[i16], _| {
                    for frame in data.chunks(channels) {
                        let sum: f32 = frame.iter().map(|&s| f32::from(s) / 32768.0).sum();
                        let _ = tx.push(sum / channels as f32);
                    }
                },
                on_error,
                None,
            ),
            other => {
                return Err(RecordError::Microphone(format!(
                    "the input device gives {other} samples; still reads 32-bit float or 16-bit"
                )));
            }
        }
        .map_err(fail)?;
        stream.play().map_err(fail)?;
        Ok(Mic {
            _stream: stream,
            ring,
            rate,
            lost,
        })
    }

    /// Moves what the device has delivered since last asked onto `into`; returns how many.
    pub fn take(&mut self, into: &mut Vec<f32>) -> usize {
        let n = self.ring.slots();
        if let Ok(chunk) = self.ring.read_chunk(n) {
            into.extend(chunk);
        }
        n
    }

    /// Whether the device went away.
    pub fn lost(&self) -> bool {
        self.lost.load(Ordering::Acquire)
    }
}
