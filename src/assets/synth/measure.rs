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

/// A second-order filter (RBJ's cookbook biquads), run in f64.
#[derive(Debug, Clone, Copy)]
pub struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
    s: [f64; 4],
}

impl Biquad {
    fn new(b: [f64; 3], a0: f64, a: [f64; 2]) -> Biquad {
        Biquad {
            b: b.map(|x| x / a0),
            a: a.map(|x| x / a0),
            s: [0.0; 4],
        }
    }

    /// A Butterworth (Q = 1/√2) low-pass at `hz`.
    pub fn low_pass(hz: f64) -> Biquad {
        let (w, alpha) = Biquad::angle(hz, std::f64::consts::FRAC_1_SQRT_2);
        let c = w.cos();
        Biquad::new(
            [(1.0 - c) / 2.0, 1.0 - c, (1.0 - c) / 2.0],
            1.0 + alpha,
            [-2.0 * c, 1.0 - alpha],
        )
    }

    /// A Butterworth high-pass at `hz`.
    pub fn high_pass(hz: f64) -> Biquad {
        let (w, alpha) = Biquad::angle(hz, std::f64::consts::FRAC_1_SQRT_2);
        let c = w.cos();
        Biquad::new(
            [(1.0 + c) / 2.0, -(1.0 + c), (1.0 + c) / 2.0],
            1.0 + alpha,
            [-2.0 * c, 1.0 - alpha],
        )
    }

    /// A band-pass around `hz` (0 dB at its centre), `q` its sharpness.
    pub fn band_pass(hz: f64, q: f64) -> Biquad {
        let (w, alpha) = Biquad::angle(hz, q);
        Biquad::new(
            [alpha, 0.0, -alpha],
            1.0 + alpha,
            [-2.0 * w.cos(), 1.0 - alpha],
        )
    }

    fn angle(hz: f64, q: f64) -> (f64, f64) {
        let w = std::f64::consts::TAU * hz / FS;
        (w, w.sin() / (2.0 * q))
    }

    pub fn next(&mut self, x0: f64) -> f64 {
        let [x1, x2, y1, y2] = self.s;
        let (b, a) = (self.b, self.a);
        let y0 = b[0] * x0 + b[1] * x1 + b[2] * x2 - a[0] * y1 - a[1] * y2;
        self.s = [x0, x1, y0, y1];
        y0
    }
}

/// `buf` through each filter of `chain` in turn.
pub fn filtered(buf: &[f32], chain: &[Biquad]) -> Vec<f64> {
    let mut chain = chain.to_vec();
    buf.iter()
        .map(|&x| chain.iter_mut().fold(f64::from(x), |y, f| f.next(y)))
        .collect()
}

/// The excess kurtosis of a signal about zero: 0 for Gaussian noise, higher the more its
/// energy comes in rare, sharp bursts.
pub fn excess_kurtosis(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m2 = x.iter().map(|y| y * y).sum::<f64>() / n;
    let m4 = x.iter().map(|y| y * y * y * y).sum::<f64>() / n;
    m4 / (m2 * m2) - 3.0
}

/// The magnitude of `buf`'s spectrum at `hz` (a single DFT bin, Hann-windowed).
pub fn dft_magnitude(buf: &[f32], hz: f64) -> f64 {
    let n = buf.len() as f64;
    let (mut re, mut im) = (0.0, 0.0);
    let w = std::f64::consts::TAU * hz / FS;
    for (i, &y) in buf.iter().enumerate() {
        let t = i as f64;
        let hann = 0.5 - 0.5 * (std::f64::consts::TAU * t / n).cos();
        let y = f64::from(y) * hann;
        re += y * (w * t).cos();
        im -= y * (w * t).sin();
    }
    (re * re + im * im).sqrt()
}
