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

pub fn rms_db(buf: &[f32]) -> f64 {
    db(rms(buf))
}

pub fn mean(buf: &[f32]) -> f64 {
    buf.iter().map(|&y| f64::from(y)).sum::<f64>() / buf.len().max(1) as f64
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

/// Energy of the first difference relative to the signal's: higher for a brighter sound.
pub fn brightness(buf: &[f32]) -> f64 {
    let diff: Vec<f32> = buf.windows(2).map(|w| w[1] - w[0]).collect();
    f64::from(rms(&diff) / rms(buf))
}

/// One channel of an interleaved stereo buffer.
pub fn channel(buf: &[f32], ch: usize) -> Vec<f32> {
    buf.iter().skip(ch).step_by(2).copied().collect()
}

/// The correlation coefficient of two equally long signals.
pub fn correlation(a: &[f32], b: &[f32]) -> f64 {
    let (ma, mb) = (mean(a), mean(b));
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (f64::from(x) - ma, f64::from(y) - mb);
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    ab / (aa * bb).sqrt()
}

/// Loudness in LUFS of an interleaved stereo buffer at 48 kHz (ITU-R BS.1770: K-weighting,
/// channel powers summed), without the gating, which changes little for a steady bed.
pub fn loudness_lufs(stereo: &[f32]) -> f64 {
    // The two K-weighting biquads at 48 kHz, as BS.1770-4 gives them.
    const SHELF: ([f64; 3], [f64; 2]) = (
        [
            1.535_124_859_586_97,
            -2.691_696_189_406_38,
            1.198_392_810_852_85,
        ],
        [-1.690_659_293_182_41, 0.732_480_774_215_85],
    );
    const HIGH_PASS: ([f64; 3], [f64; 2]) = (
        [1.0, -2.0, 1.0],
        [-1.990_047_454_833_98, 0.990_072_250_366_21],
    );
    /// One biquad's state: the last two inputs and outputs.
    #[derive(Default)]
    struct State([f64; 4]);
    impl State {
        fn next(&mut self, (b, a): ([f64; 3], [f64; 2]), x0: f64) -> f64 {
            let [x1, x2, y1, y2] = self.0;
            let y0 = b[0] * x0 + b[1] * x1 + b[2] * x2 - a[0] * y1 - a[1] * y2;
            self.0 = [x0, x1, y0, y1];
            y0
        }
    }
    let mut power = 0.0;
    for ch in 0..2 {
        let (mut shelf, mut high) = (State::default(), State::default());
        for &x in stereo.iter().skip(ch).step_by(2) {
            let z = high.next(HIGH_PASS, shelf.next(SHELF, f64::from(x)));
            power += z * z;
        }
    }
    let power = power / (stereo.len() / 2) as f64;
    -0.691 + 10.0 * power.log10()
}
