//! Measurements for the tests: levels, pitch and brightness of synthesized buffers.

use super::dsp::{FS, OnePole};

pub fn peak(buf: &[f32]) -> f32 {
    buf.iter().fold(0.0f32, |m, y| m.max(y.abs()))
}

pub fn rms(buf: &[f32]) -> f32 {
    let sum: f64 = buf.iter().map(|&y| f64::from(y) * f64::from(y)).sum();
    (sum / buf.len().max(1) as f64).sqrt() as f32
}

pub fn db(x: f32) -> f64 {
    20.0 * f64::from(x).log10()
}

pub fn peak_db(buf: &[f32]) -> f64 {
    db(peak(buf))
}

/// Upward zero crossings per second: the pitch of a nearly pure tone.
pub fn pitch_hz(buf: &[f32]) -> f64 {
    let ups = buf.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
    ups as f64 * FS / buf.len() as f64
}

/// A gentle (6 dB per octave) high-pass, to look at the upper part of a spectrum.
pub fn high_passed(buf: &[f32], hz: f64) -> Vec<f32> {
    let mut f = OnePole::new(hz);
    buf.iter().map(|&y| y - f.low(y)).collect()
}
