//! Loudness normalization of narration (EBU R128 integrated loudness), so clips recorded
//! at different levels sit together. Bells and beds keep their designed levels.

use ebur128::{EbuR128, Mode};

use crate::timeline::RATE;

use super::Audio;

/// The loudness narration is brought to. Calm listening, a little under podcast level.
pub const NARRATION_LUFS: f64 = -18.0;
/// Quieter recordings are raised at most this much, so room noise is not pumped up.
const MAX_BOOST_DB: f64 = 18.0;

/// Clips at this rate or above are measured at their own rate, before conversion to 48 kHz
/// (half the work for 24 kHz speech); below it, K-weighting's 1.7 kHz shelf would sit too
/// near the clip's Nyquist frequency, so they are measured after.
pub const MIN_OWN_RATE: u32 = 16_000;

/// Integrated loudness, measured as audio streams by.
pub struct Meter {
    meter: Option<EbuR128>,
    channels: usize,
}

impl Meter {
    /// A meter for audio at 48 kHz.
    pub fn new(channels: usize) -> Meter {
        Meter::at(channels, RATE)
    }

    /// A meter for audio at `rate`.
    pub fn at(channels: usize, rate: u32) -> Meter {
        Meter {
            meter: EbuR128::new(channels as u32, rate, Mode::I).ok(),
            channels,
        }
    }

    /// Adds interleaved samples.
    pub fn add(&mut self, samples: &[f32]) {
        if let Some(m) = &mut self.meter
            && m.add_frames_f32(samples).is_err()
        {
            self.meter = None;
        }
    }

    /// The integrated loudness in LUFS, or `None` for silence.
    pub fn loudness(&self) -> Option<f64> {
        let l = self.meter.as_ref()?.loudness_global().ok()?;
        (l.is_finite() && l > -70.0).then_some(l)
    }

    /// The gain that brings narration measured so to [`NARRATION_LUFS`], in dB; `None` for
    /// silence, which is left alone.
    pub fn narration_gain_db(&self) -> Option<f64> {
        let l = self.loudness()?;
        // A mono clip plays on both channels: R128 counts it once, so it sounds 3 dB quieter
        // than its measure in a stereo mix unless corrected.
        let mono_as_stereo = if self.channels == 1 { 3.0103 } else { 0.0 };
        Some((NARRATION_LUFS - l - mono_as_stereo).min(MAX_BOOST_DB))
    }
}

/// The linear gain of `db` as the mix applies it.
pub fn gain_of(db: f64) -> f32 {
    10f64.powf(db / 20.0) as f32
}

/// The integrated loudness of `pcm` in LUFS, or `None` for silence.
pub fn loudness(pcm: &Audio) -> Option<f64> {
    let mut meter = Meter::new(pcm.channels);
    meter.add(&pcm.samples);
    meter.loudness()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brings `pcm` to [`NARRATION_LUFS`] as a loaded clip is; returns the gain in dB.
    fn normalize_narration(pcm: &mut Audio) -> f64 {
        let mut meter = Meter::new(pcm.channels);
        meter.add(&pcm.samples);
        let Some(gain_db) = meter.narration_gain_db() else {
            return 0.0;
        };
        let g = gain_of(gain_db);
        pcm.samples.iter_mut().for_each(|s| *s *= g);
        gain_db
    }

    fn tone(amplitude: f32, seconds: usize) -> Audio {
        Audio {
            channels: 1,
            samples: (0..48_000 * seconds)
                .map(|i| (i as f32 * 300.0 * std::f32::consts::TAU / 48_000.0).sin() * amplitude)
                .collect(),
        }
    }

    #[test]
    fn quiet_and_loud_clips_end_up_equally_loud() {
        let mut quiet = tone(0.02, 3);
        let mut loud = tone(0.6, 3);
        normalize_narration(&mut quiet);
        normalize_narration(&mut loud);
        let (lq, ll) = (loudness(&quiet).unwrap(), loudness(&loud).unwrap());
        assert!((lq - ll).abs() < 0.1, "{lq} vs {ll}");
        assert!((ll - (NARRATION_LUFS - 3.0103)).abs() < 0.2, "{ll}");
    }

    #[test]
    fn silence_is_left_alone() {
        let mut silent = Audio {
            channels: 1,
            samples: vec![0.0; 48_000],
        };
        assert_eq!(normalize_narration(&mut silent), 0.0);
    }
}
