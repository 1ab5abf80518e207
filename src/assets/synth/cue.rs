//! Breathing cue tones: a soft, sine-like tone gliding up a fifth while you breathe in and
//! down a fifth while you breathe out.

use crate::script::Phase;

use super::dsp::{FS, db_gain, raised_cosine, sin_turns};

/// The longest cue tone, in frames (8 s); a longer phase gets this much sound, then silence.
pub const CUE_MAX_FRAMES: u64 = 8 * FS as u64;
/// The peak level of a cue tone, well below the bells.
pub const CUE_PEAK_DB: f64 = -18.0;

/// The low and high ends of the glide: D4 and A4, a perfect fifth apart.
const LOW_HZ: f64 = 293.66;
const HIGH_HZ: f64 = 440.0;
/// The fade-in: a few milliseconds, long enough not to click.
const FADE_IN_S: f64 = 0.006;
/// The fade-out takes the last 40 % of the tone, at most this long.
const FADE_OUT_MAX_S: f64 = 2.5;
/// Soft upper harmonics, so the tone is audible on small speakers yet stays round.
const H2: f64 = 0.12;
const H3: f64 = 0.04;
/// The peak of `sin θ + H2·sin 2θ + H3·sin 3θ` (the harmonics are phase-locked).
const SHAPE_PEAK: f64 = 0.998_235;
/// Frames per segment: the glide moves in steps this short (0.7 ms), far below hearing.
const SEGMENT: usize = 32;

/// A breathing cue tone lasting `frames` (a phase's length), capped at [`CUE_MAX_FRAMES`]:
/// a glide rising a fifth for an inhale, falling a fifth for an exhale, fading in over a few
/// milliseconds and out smoothly. Hold and rest are silent: an empty buffer.
pub fn cue_tone(phase: Phase, frames: u64) -> Vec<f32> {
    let (from, to) = match phase {
        Phase::Inhale => (LOW_HZ, HIGH_HZ),
        Phase::Exhale => (HIGH_HZ, LOW_HZ),
        Phase::Hold | Phase::Rest => return Vec::new(),
    };
    let n = frames.min(CUE_MAX_FRAMES) as usize;
    let fade_in = ((FADE_IN_S * FS) as usize).min(n / 4).max(1) as f64;
    let fade_out = (n as f64 * 0.4).clamp(1.0, FADE_OUT_MAX_S * FS);
    let gain = db_gain(CUE_PEAK_DB) / SHAPE_PEAK;
    let inv_n = 1.0 / n as f64;
    // The glide eases in and out; the level sinks a little as the breath goes on.
    let hz_at = |i: usize| {
        let x = i as f64 * inv_n;
        from + (to - from) * x * x * (3.0 - 2.0 * x)
    };
    let env_at = |i: usize| {
        raised_cosine((i + 1) as f64 / fade_in)
            * raised_cosine((n - i - 1) as f64 / fade_out)
            * (1.0 - 0.2 * i as f64 * inv_n)
    };
    // In segments of SEGMENT frames: the pitch held, the envelope a straight line between its
    // exact values, and a phasor (re-aimed at the exact phase each segment) for the sine.
    let mut out = Vec::with_capacity(n);
    let mut turns = 0.0f64;
    let mut i0 = 0;
    while i0 < n {
        let i1 = (i0 + SEGMENT).min(n);
        let len = i1 - i0;
        let step = hz_at(i0 + len / 2) / FS;
        let (cw, sw) = (sin_turns(step + 0.25), sin_turns(step));
        let (mut c, mut s) = (sin_turns(turns + 0.25), sin_turns(turns));
        // The last segment ends exactly on the last frame's envelope, which is zero.
        let (e1, steps) = if i1 < n {
            (env_at(i1), len)
        } else {
            (env_at(n - 1), (len - 1).max(1))
        };
        let mut e = env_at(i0);
        let de = (e1 - e) / steps as f64;
        for _ in 0..len {
            // The harmonics from the fundamental's sine and cosine: sin 2θ = 2·s·c,
            // sin 3θ = s·(3 − 4s²).
            let y = s + H2 * 2.0 * s * c + H3 * s * (3.0 - 4.0 * s * s);
            out.push((gain * e * y) as f32);
            (c, s) = (c * cw - s * sw, s * cw + c * sw);
            e += de;
        }
        turns = (turns + step * len as f64).fract();
        i0 = i1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::measure::*;
    use super::*;

    fn quarters(buf: &[f32]) -> (f64, f64) {
        let q = buf.len() / 4;
        (pitch_hz(&buf[..q]), pitch_hz(&buf[3 * q..]))
    }

    #[test]
    fn an_inhale_rises_and_an_exhale_falls() {
        let up = cue_tone(Phase::Inhale, 4 * FS as u64);
        let (a, b) = quarters(&up);
        assert!(b > a * 1.3, "inhale {a} → {b} Hz");
        let down = cue_tone(Phase::Exhale, 4 * FS as u64);
        let (a, b) = quarters(&down);
        assert!(a > b * 1.3, "exhale {a} → {b} Hz");
    }

    #[test]
    fn hold_and_rest_are_silent() {
        assert!(cue_tone(Phase::Hold, 48_000).is_empty());
        assert!(cue_tone(Phase::Rest, 48_000).is_empty());
    }

    #[test]
    fn tones_are_capped_deterministic_and_soft() {
        let long = cue_tone(Phase::Exhale, 60 * FS as u64);
        assert_eq!(long.len() as u64, CUE_MAX_FRAMES);
        assert_eq!(long, cue_tone(Phase::Exhale, 9 * FS as u64));
        let t = cue_tone(Phase::Inhale, 5 * FS as u64);
        assert_eq!(t, cue_tone(Phase::Inhale, 5 * FS as u64));
        assert!(t.iter().all(|y| y.is_finite()));
        let p = peak_db(&t);
        assert!((-19.5..=-17.9).contains(&p), "{p} dBFS");
    }

    #[test]
    fn tones_start_and_end_without_clicks() {
        for frames in [0u64, 1, 2, 100, 4_800, 3 * FS as u64, 20 * FS as u64] {
            let t = cue_tone(Phase::Inhale, frames);
            assert_eq!(t.len() as u64, frames.min(CUE_MAX_FRAMES));
            if t.len() > 100 {
                // The first and last samples are near silence, and no step is large.
                let p = peak(&t);
                assert!(t[0].abs() < p * 0.05 && t.last().unwrap().abs() < p * 0.05);
                let step = t
                    .windows(2)
                    .map(|w| (w[1] - w[0]).abs())
                    .fold(0.0, f32::max);
                assert!(step < p * 0.1, "{frames}: a step of {step}");
            }
        }
    }

    #[test]
    fn the_shape_peak_constant_is_right() {
        let peak = (0..100_000)
            .map(|i| {
                let t = f64::from(i) / 100_000.0;
                sin_turns(t) + H2 * sin_turns(2.0 * t) + H3 * sin_turns(3.0 * t)
            })
            .fold(0.0, f64::max);
        assert!((peak - SHAPE_PEAK).abs() < 1e-5, "{peak}");
    }
}
