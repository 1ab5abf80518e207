//! A de-esser for narration (issue #16): synthetic and close-miked voices put their loudest
//! peaks in the sibilants (an "s" of the built-in voice reaches +4 dBFS at -18 LUFS, 99 % of
//! its energy above 6 kHz). Only the band above [`SPLIT_HZ`] is turned down, and only while
//! it is louder than [`THRESHOLD`]: vowels and quiet consonants pass untouched.
//!
//! The band is the input minus its low-passed self, so where nothing is turned down the
//! output is the input exactly.

use crate::timeline::RATE;

/// Where the sibilant band starts.
const SPLIT_HZ: f64 = 5_000.0;
/// The band's level (after the narration's gain) above which it is turned down: -12 dBFS,
/// about 2 dB over the 99.9th percentile of the built-in voice's band at -18 LUFS.
const THRESHOLD: f32 = 0.251;
/// Above the threshold, every 3 dB of band comes out as 1.
const RATIO: f32 = 3.0;
/// The most it turns the band down: 12 dB.
const FLOOR: f32 = 0.251;
/// How fast the band's level is followed: at once up, over 60 ms down.
const ATTACK_S: f64 = 0.0005;
const RELEASE_S: f64 = 0.060;

/// A de-esser's state for one clip of up to two channels, fed frame by frame. It is small
/// and `Copy`: a loop works on a copy held in registers and writes it back once, since
/// state read and written through a reference each sample waits on memory every time.
#[derive(Debug, Clone, Copy)]
pub struct DeEsser {
    channels: usize,
    /// Second-order Butterworth low-pass coefficients (the band is input − low).
    b: [f32; 3],
    a: [f32; 2],
    /// Filter memory per channel (direct form II transposed).
    z: [[f32; 2]; 2],
    level: f32,
    attack: f32,
    release: f32,
}

impl DeEsser {
    pub fn new(channels: usize) -> DeEsser {
        let fs = f64::from(RATE);
        // Bilinear-transform Butterworth low-pass (RBJ cookbook, Q = 1/√2).
        let w = 2.0 * std::f64::consts::PI * SPLIT_HZ / fs;
        let alpha = w.sin() / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
        let cos = w.cos();
        let a0 = 1.0 + alpha;
        let b0 = (1.0 - cos) / 2.0 / a0;
        let coef = |s: f64| (1.0 - (-1.0 / (s * fs)).exp()) as f32;
        DeEsser {
            channels: channels.clamp(1, 2),
            b: [b0 as f32, (2.0 * b0) as f32, b0 as f32],
            a: [(-2.0 * cos / a0) as f32, ((1.0 - alpha) / a0) as f32],
            z: [[0.0; 2]; 2],
            level: 0.0,
            attack: coef(ATTACK_S),
            release: coef(RELEASE_S),
        }
    }

    /// Multiplies interleaved samples by `gain`, then de-esses them in place.
    pub fn block(&mut self, samples: &mut [f32], gain: f32) {
        let mut d = *self;
        if d.channels == 1 {
            for s in samples.iter_mut() {
                *s = d.mono(*s * gain);
            }
        } else {
            for f in samples.chunks_exact_mut(2) {
                f[0] *= gain;
                f[1] *= gain;
                d.frame(f);
            }
        }
        *self = d;
    }

    /// Writes each of `input` times `gain`, de-essed and passed through `to`, into `out`
    /// (as long as `input`): [`DeEsser::mono`] in a loop that calls nothing, so the state
    /// stays in registers.
    #[inline]
    pub fn mono_into<T>(&mut self, input: &[f32], gain: f32, out: &mut [T], to: impl Fn(f32) -> T) {
        let mut d = *self;
        for (o, &x) in out.iter_mut().zip(input) {
            *o = to(d.mono(x * gain));
        }
        *self = d;
    }

    /// One mono sample: the frame path without its loops.
    #[inline]
    pub fn mono(&mut self, x: f32) -> f32 {
        let z = &mut self.z[0];
        let low = self.b[0] * x + z[0];
        z[0] = self.b[1] * x - self.a[0] * low + z[1];
        z[1] = self.b[2] * x - self.a[1] * low;
        let band = x - low;
        let k = if band.abs() > self.level {
            self.attack
        } else {
            self.release
        };
        self.level += (band.abs() - self.level) * k;
        if self.level <= THRESHOLD {
            return x;
        }
        let gain = (THRESHOLD / self.level).powf(1.0 - 1.0 / RATIO).max(FLOOR);
        x - (1.0 - gain) * band
    }

    /// Processes one frame in place (`frame.len()` is the channel count).
    #[inline]
    pub fn frame(&mut self, frame: &mut [f32]) {
        let mut band = [0.0f32; 2];
        let mut loudest = 0.0f32;
        for (ch, &x) in frame.iter().enumerate().take(self.channels) {
            let z = &mut self.z[ch];
            let low = self.b[0] * x + z[0];
            z[0] = self.b[1] * x - self.a[0] * low + z[1];
            z[1] = self.b[2] * x - self.a[1] * low;
            band[ch] = x - low;
            loudest = loudest.max(band[ch].abs());
        }
        let k = if loudest > self.level {
            self.attack
        } else {
            self.release
        };
        self.level += (loudest - self.level) * k;
        if self.level <= THRESHOLD {
            return;
        }
        // Gain on the band: (threshold/level)^(1 − 1/ratio), no lower than the floor.
        let gain = (THRESHOLD / self.level).powf(1.0 - 1.0 / RATIO).max(FLOOR);
        for (x, b) in frame.iter_mut().zip(band) {
            *x -= (1.0 - gain) * b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freq: f64, amp: f32, frames: usize) -> Vec<f32> {
        (0..frames)
            .map(|i| amp * (2.0 * std::f64::consts::PI * freq * i as f64 / 48_000.0).sin() as f32)
            .collect()
    }

    fn run(x: &[f32]) -> Vec<f32> {
        let mut d = DeEsser::new(1);
        let mut y = x.to_vec();
        d.block(&mut y, 1.0);
        // The stereo path gives the same on both channels.
        let mut two: Vec<f32> = x.iter().flat_map(|&s| [s, s]).collect();
        DeEsser::new(2).block(&mut two, 1.0);
        assert!(two.chunks(2).zip(&y).all(|(f, m)| f[0] == *m && f[1] == *m));
        y
    }

    fn peak(x: &[f32]) -> f32 {
        x.iter().fold(0.0, |m, s| m.max(s.abs()))
    }

    #[test]
    fn a_loud_sibilant_is_turned_down_and_a_vowel_is_not_issue_16() {
        // A vowel-like 300 Hz tone at -3 dBFS passes exactly.
        let vowel = tone(300.0, 0.7, 24_000);
        assert_eq!(run(&vowel), vowel);
        // A hiss-like 7 kHz burst at +2 dBFS comes out several dB lower.
        let s = tone(7_000.0, 1.25, 4_800);
        let y = run(&s);
        let drop = 20.0 * (peak(&y[480..]) / peak(&s[480..])).log10();
        assert!((-12.5..-6.0).contains(&drop), "{drop} dB");
        // A quiet hiss under the threshold is left alone.
        let quiet = tone(7_000.0, 0.1, 4_800);
        assert_eq!(run(&quiet), quiet);
    }
}
