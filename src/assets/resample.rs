//! Sample-rate conversion to the output rate with rubato's FFT resampler: a fixed ratio,
//! offline, high quality.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};

use crate::timeline::RATE;

/// Resamples interleaved `samples` from `from` Hz to 48 kHz. The length may be a frame
/// off; the caller cuts it to the length it computed with integers.
pub fn resample(samples: &[f32], channels: usize, from: u32) -> Result<Vec<f32>, String> {
    let frames = samples.len() / channels;
    let input = InterleavedSlice::new(samples, channels, frames).map_err(|e| e.to_string())?;
    let mut resampler = Fft::<f32>::new(
        from as usize,
        RATE as usize,
        1024,
        channels,
        FixedSync::Input,
    )
    .map_err(|e| e.to_string())?;
    let out = resampler
        .process_all(&input, frames, None)
        .map_err(|e| e.to_string())?;
    Ok(out.take_data())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tone_keeps_its_pitch_and_length() {
        let from = 44_100;
        let tone: Vec<f32> = (0..from)
            .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / from as f32).sin() * 0.5)
            .collect();
        let out = resample(&tone, 1, from as u32).unwrap();
        assert!((out.len() as i64 - 48_000).abs() <= 2, "{}", out.len());
        // Count upward zero crossings in the middle second: 440 Hz stays 440 Hz.
        let mid = &out[4800..43200];
        let crossings = mid.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
        assert!((crossings as i64 - 352).abs() <= 2, "{crossings}");
    }
}
