//! Modal synthesis: a struck body rings as a sum of exponentially decaying sinusoids (its
//! modes). Each mode here rises over `rise` seconds (the mallet's contact; longer for a gong's
//! bloom) and falls 60 dB in `t60` seconds. Used for every bell.

use super::dsp::{FS, OnePole, raised_cosine, sin_turns, t60_factor};
use super::rng::Rng;

/// One mode of a struck body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mode {
    pub freq: f64,
    /// Peak amplitude of this mode's envelope.
    pub amp: f64,
    /// Seconds to fall by 60 dB.
    pub t60: f64,
    /// Time constant of the rise, in seconds: a few ms for a strike, up to seconds for a bloom.
    pub rise: f64,
    /// Starting phase, in turns.
    pub phase: f64,
}

/// Adds `mode` to `buf`, from frame 0. The envelope is `e^(−t/τ) − e^(−t/τ_rise)`, scaled so
/// its peak is `amp`: it starts at exactly zero, so a strike never clicks.
pub fn add_mode(buf: &mut [f32], mode: &Mode) {
    assert!(
        mode.freq < FS * 0.45,
        "a mode at {} Hz would alias",
        mode.freq
    );
    let tau = mode.t60 / 1000f64.ln();
    let rise = mode.rise.min(tau * 0.5).max(1.0 / FS);
    // Where the envelope peaks, and its height there, to scale the peak to `amp`.
    let t_peak = (tau / rise).ln() * tau * rise / (tau - rise);
    let height = (-t_peak / tau).exp() - (-t_peak / rise).exp();
    let scale = mode.amp / height;
    let d1 = t60_factor(mode.t60);
    let d2 = (-1.0 / (rise * FS)).exp();
    // Ring until 100 dB below the peak.
    let end = ((t_peak + 5.0 * tau * 10f64.ln()) * FS).ceil() as usize;
    let w = mode.freq / FS;
    let (cw, sw) = (sin_turns(w + 0.25), sin_turns(w));
    let (mut c, mut s) = (sin_turns(mode.phase + 0.25), sin_turns(mode.phase));
    let (mut e1, mut e2) = (scale, scale);
    for y in buf.iter_mut().take(end) {
        *y += ((e1 - e2) * s) as f32;
        (c, s) = (c * cw - s * sw, s * cw + c * sw);
        e1 *= d1;
        e2 *= d2;
    }
}

/// Adds two modes a `beat` apart around `freq`, the second `balance` times as loud and
/// ringing a little shorter: a slightly asymmetric body splits each mode in two, and the pair
/// beats slowly, the "wah" of a singing bowl.
pub fn add_pair(buf: &mut [f32], rng: &mut Rng, m: Mode, beat: f64, balance: f64) {
    let a = Mode {
        freq: m.freq - beat / 2.0,
        phase: rng.unit(),
        ..m
    };
    let b = Mode {
        freq: m.freq + beat / 2.0,
        amp: m.amp * balance,
        t60: m.t60 * 0.9,
        phase: rng.unit(),
        ..m
    };
    add_mode(buf, &a);
    add_mode(buf, &b);
}

/// The mallet's contact: a short burst of low-passed noise, rising in about half a
/// millisecond and decaying with time constant `decay` seconds.
pub fn add_thump(buf: &mut [f32], rng: &mut Rng, amp: f64, cutoff_hz: f64, decay: f64) {
    let mut lp1 = OnePole::new(cutoff_hz);
    let mut lp2 = OnePole::new(cutoff_hz);
    let d1 = (-1.0 / (decay * FS)).exp();
    let d2 = (-1.0 / (0.0005 * FS)).exp();
    let (mut e1, mut e2) = (1.0f64, 1.0f64);
    let end = ((decay * 12.0) * FS) as usize;
    // Two one-poles lose level as the cutoff falls: bring the burst back to about `amp`.
    let gain = amp * (FS / (cutoff_hz * 2.0)).sqrt() * 0.9;
    for y in buf.iter_mut().take(end) {
        let x = lp2.low(lp1.low(rng.bipolar()));
        *y += (gain * (e1 - e2) * f64::from(x)) as f32;
        e1 *= d1;
        e2 *= d2;
    }
}

/// Fades the last `seconds` of `buf` out with a raised cosine, so it ends on exact silence.
pub fn fade_tail(buf: &mut [f32], seconds: f64) {
    let n = ((seconds * FS) as usize).min(buf.len());
    let start = buf.len() - n;
    for (i, y) in buf[start..].iter_mut().enumerate() {
        *y *= raised_cosine(1.0 - (i + 1) as f64 / n as f64) as f32;
    }
}

/// Scales `buf` so that its peak is `peak_db` dBFS.
pub fn normalize(buf: &mut [f32], peak_db: f64) {
    let peak = buf.iter().fold(0.0f32, |m, y| m.max(y.abs()));
    if peak > 0.0 {
        let g = (10f64.powf(peak_db / 20.0) / f64::from(peak)) as f32;
        buf.iter_mut().for_each(|y| *y *= g);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mode_peaks_at_its_amplitude_and_decays_at_its_rate() {
        let mut buf = vec![0.0f32; 3 * FS as usize];
        let m = Mode {
            freq: 440.0,
            amp: 0.5,
            t60: 1.0,
            rise: 0.002,
            phase: 0.0,
        };
        add_mode(&mut buf, &m);
        assert_eq!(buf[0], 0.0);
        let peak = buf.iter().fold(0.0f32, |m, y| m.max(y.abs()));
        assert!((peak - 0.5).abs() < 0.01, "{peak}");
        // One second after the peak the level is 60 dB down.
        let at = |t: f64| {
            let i = (t * FS) as usize;
            buf[i..i + 200].iter().fold(0.0f32, |m, y| m.max(y.abs()))
        };
        let drop = 20.0 * (at(1.1) / at(0.1)).log10();
        assert!((drop + 60.0).abs() < 1.0, "{drop} dB");
    }

    #[test]
    fn the_tail_fade_ends_in_silence() {
        let mut buf = vec![1.0f32; 1000];
        fade_tail(&mut buf, 500.0 / FS);
        assert_eq!(buf[999], 0.0);
        assert_eq!(buf[499], 1.0);
        assert!(buf[500] > 0.99);
    }
}
