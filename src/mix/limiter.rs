//! The true-peak limiter at the end of the mix (issue #16). It holds the peaks *between*
//! samples, as a converter reconstructs them (ITU-R BS.1770-4 annex 2: four times
//! oversampled), under [`CEILING`], by a gain that looks ahead: it falls smoothly over
//! [`ATTACK`] frames before a peak and comes back over about [`RELEASE_S`], so nothing is
//! flattened and nothing clicks.
//!
//! The gain for frame p is the average over frames p−A..=p of `held`, where `held[q]` is the
//! smallest gain any frame in q..=q+A needs (released slowly): every term is at most what
//! frame p needs, so their average is too. Frames are taken in as the mix makes them and
//! the gains come out [`LOOKAHEAD`] frames behind; the renderer keeps that many frames of
//! mix in hand, so nothing is delayed on the clock.
//!
//! Most of a session is nowhere near the ceiling. A frame whose neighbourhood is quiet
//! enough that no interpolated value could reach the ceiling ([`BOUND`]) is not interpolated
//! at all, and a block that is quiet with the gain at rest passes untouched: the same
//! numbers either way, at the cost of finding the block's peak.

use crate::assets::synth::peak;
use crate::timeline::RATE;

/// The highest true peak let through: -1.2 dBTP, a little under the -1 dBTP that streaming
/// and broadcast specs ask for, so a meter with another interpolator reads under -1 too.
pub const CEILING: f32 = 0.870_963_6; // 10^(-1.2/20)
/// The ceiling for a mix that a lossy encoder (Opus, Vorbis, MP3) takes next: -2.5 dBTP.
/// Such an encoder drops what it cannot hear and so moves the peaks between samples; an
/// Opus render of a mix held at -1.2 measured -0.4 dBTP. The lower ceiling leaves that
/// room, as the AES streaming recommendation (TD1008) asks of lossy files.
pub const LOSSY_CEILING: f32 = 0.749_894_2; // 10^(-2.5/20)
/// Frames over which the gain falls before a peak: 1.5 ms.
pub const ATTACK: usize = 72;
/// How long the gain takes to come back (the time constant).
const RELEASE_S: f64 = 0.08;
/// Oversampling: values at t + 1/4, 2/4 and 3/4 between each pair of frames.
const PHASES: usize = 4;
/// Frames each interpolated value is made from: six on each side.
const TAPS: usize = 12;
const HALF: i64 = (TAPS / 2) as i64;
/// How far the gains lag the frames taken in: the interpolator's half width, then the attack.
pub const LOOKAHEAD: usize = TAPS / 2 + ATTACK;
/// Frames of input kept for the interpolator (a power of two above its width).
const HISTORY: usize = 16;
/// Within this of 1, a released gain is at rest (-120 dB).
const AT_REST: f64 = 1e-6;

/// The interpolator's taps, one row per phase between two frames (windowed sinc, each row
/// summing to 1), and the largest sum of a row's magnitudes: no interpolated value is more
/// than that many times the largest frame it is made from.
struct Taps {
    rows: [[f32; TAPS]; PHASES - 1],
    bound: f32,
}

fn taps() -> Taps {
    let mut rows = [[0.0f32; TAPS]; PHASES - 1];
    let mut bound = 1.0f32;
    for (k, row) in rows.iter_mut().enumerate() {
        let frac = (k + 1) as f64 / PHASES as f64;
        let mut sum = 0.0;
        let mut w = [0.0f64; TAPS];
        for (j, w) in w.iter_mut().enumerate() {
            // Frame t + j − 5 at distance (j − 5) − frac from the point interpolated.
            let x = (j as f64 - (HALF - 1) as f64) - frac;
            let sinc = if x == 0.0 {
                1.0
            } else {
                (std::f64::consts::PI * x).sin() / (std::f64::consts::PI * x)
            };
            *w = sinc * kaiser(x / (HALF as f64 + 0.5), 6.0);
            sum += *w;
        }
        let mut magnitude = 0.0f32;
        for (r, w) in row.iter_mut().zip(w) {
            *r = (w / sum) as f32;
            magnitude += r.abs();
        }
        bound = bound.max(magnitude);
    }
    Taps { rows, bound }
}

/// The Kaiser window at `x` in [-1, 1].
fn kaiser(x: f64, beta: f64) -> f64 {
    if x.abs() >= 1.0 {
        return 0.0;
    }
    bessel_i0(beta * (1.0 - x * x).sqrt()) / bessel_i0(beta)
}

fn bessel_i0(x: f64) -> f64 {
    let (mut sum, mut term) = (1.0, 1.0);
    for k in 1..40 {
        term *= (x / (2.0 * k as f64)).powi(2);
        sum += term;
    }
    sum
}

/// The limiter's state: what it has taken in and the gains it is working out.
pub struct Limiter {
    taps: Taps,
    /// The highest true peak let through.
    ceiling: f32,
    /// Frames whose largest sample is at most this can make no value over the ceiling.
    quiet: f32,
    /// The last frames taken in, for the interpolator (frame m at `m % HISTORY`).
    history: [[f32; 2]; HISTORY],
    /// The next frame to take in.
    next: i64,
    /// The last frame louder than `quiet`.
    last_loud: i64,
    /// The largest interpolated value just after the frame before the one being judged.
    between_before: f32,
    /// The gains frames need (below 1 only), smallest first: the window's minimum is the
    /// front. A ring of (frame, gain).
    needs: [(i64, f32); ATTACK + 2],
    needs_start: usize,
    needs_len: usize,
    /// The held gains of the last ATTACK + 1 frames, their sum, and the last below 1.
    held: [f64; ATTACK + 1],
    held_sum: f64,
    /// Whether every held gain in the ring is 1.
    held_clean: bool,
    last_held: f64,
    last_below: i64,
    release: f64,
}

impl Default for Limiter {
    fn default() -> Limiter {
        Limiter::new()
    }
}

impl Limiter {
    pub fn new() -> Limiter {
        Limiter::with_ceiling(CEILING)
    }

    /// A limiter that holds true peaks under `ceiling` (linear, in (0, 1]).
    pub fn with_ceiling(ceiling: f32) -> Limiter {
        let taps = taps();
        let quiet = ceiling / taps.bound;
        Limiter {
            taps,
            ceiling,
            quiet,
            history: [[0.0; 2]; HISTORY],
            next: 0,
            last_loud: i64::MIN / 2,
            between_before: 0.0,
            needs: [(0, 1.0); ATTACK + 2],
            needs_start: 0,
            needs_len: 0,
            held: [1.0; ATTACK + 1],
            held_sum: (ATTACK + 1) as f64,
            held_clean: true,
            last_held: 1.0,
            last_below: i64::MIN / 2,
            release: 1.0 - (-1.0 / (RELEASE_S * f64::from(RATE))).exp(),
        }
    }

    /// Takes in the frames of `ahead` (stereo, interleaved: the mix as it is made) and
    /// applies the gains they settle to `behind`, the as many frames [`LOOKAHEAD`] earlier.
    pub fn run(&mut self, ahead: &[f32], behind: &mut [f32]) {
        debug_assert_eq!(ahead.len(), behind.len());
        if self.at_rest_through(ahead) {
            self.pass(ahead);
            return;
        }
        for (a, b) in ahead.chunks_exact(2).zip(behind.chunks_exact_mut(2)) {
            self.take_into(a[0], a[1], b);
        }
    }

    /// [`Limiter::run`] within one buffer: takes in `frames` frames from frame `ahead` of
    /// `buf` and applies their gains from frame `behind` (before `ahead`). Each frame is read
    /// before the gain of a frame that late is written, so the two stretches may overlap.
    pub fn run_within(&mut self, buf: &mut [f32], behind: usize, ahead: usize, frames: usize) {
        debug_assert!(behind < ahead);
        if self.at_rest_through(&buf[2 * ahead..2 * (ahead + frames)]) {
            self.pass(&buf[2 * ahead..2 * (ahead + frames)]);
            return;
        }
        for i in 0..frames {
            let (a, b) = (2 * (ahead + i), 2 * (behind + i));
            let (l, r) = (buf[a], buf[a + 1]);
            self.take_into(l, r, &mut buf[b..b + 2]);
        }
    }

    /// Takes in one frame and applies the gain it settles to `behind`, the frame
    /// [`LOOKAHEAD`] before it.
    #[inline]
    fn take_into(&mut self, l: f32, r: f32, behind: &mut [f32]) {
        let g = self.take(l, r);
        if g != 1.0 {
            behind[0] = (behind[0] * g).clamp(-1.0, 1.0);
            behind[1] = (behind[1] * g).clamp(-1.0, 1.0);
        }
    }

    /// Whether every gain `ahead` settles is exactly 1: the frames are quiet, the ones
    /// before them were, and no gain is still falling or coming back.
    fn at_rest_through(&self, ahead: &[f32]) -> bool {
        let judged = self.next - HALF;
        let gained = judged - ATTACK as i64;
        self.next - self.last_loud > 2 * HALF
            && self.needs_len == 0
            && gained - self.last_below > ATTACK as i64
            && peak(ahead) <= self.quiet
    }

    /// Takes in quiet frames at rest: only the history moves.
    fn pass(&mut self, ahead: &[f32]) {
        let frames = ahead.len() / 2;
        let keep = frames.min(HISTORY);
        for (i, f) in ahead[2 * (frames - keep)..].chunks_exact(2).enumerate() {
            let m = self.next + (frames - keep + i) as i64;
            self.history[m as usize % HISTORY] = [f[0], f[1]];
        }
        self.next += frames as i64;
        self.between_before = 0.0;
        // As frame by frame: the held gains in the window are all 1, summed exactly.
        if !self.held_clean {
            self.held = [1.0; ATTACK + 1];
            self.held_clean = true;
        }
        self.held_sum = (ATTACK + 1) as f64;
        self.last_held = 1.0;
    }

    /// Takes in one frame; returns the gain for the frame [`LOOKAHEAD`] before it.
    fn take(&mut self, l: f32, r: f32) -> f32 {
        let m = self.next;
        self.next += 1;
        self.history[m as usize % HISTORY] = [l, r];
        if l.abs().max(r.abs()) > self.quiet {
            self.last_loud = m;
        }

        // Judge frame t, whose interpolated neighbours are all in hand now.
        let t = m - HALF;
        let need = if m - self.last_loud > 2 * HALF {
            // No frame from t − 6 to t + 6 is loud: nothing near t can reach the ceiling.
            self.between_before = 0.0;
            1.0
        } else {
            let after = if m - self.last_loud > 2 * HALF - 1 {
                0.0
            } else {
                self.between(t)
            };
            let [xl, xr] = self.history[t.rem_euclid(HISTORY as i64) as usize];
            let top = xl.abs().max(xr.abs()).max(after).max(self.between_before);
            self.between_before = after;
            if top > self.ceiling {
                self.ceiling / top
            } else {
                1.0
            }
        };
        if need < 1.0 {
            self.push_need(t, need);
        }

        // The smallest need in p..=p + ATTACK, for frame p.
        let p = t - ATTACK as i64;
        while self.needs_len > 0 && self.needs[self.needs_start].0 < p {
            self.needs_start = (self.needs_start + 1) % self.needs.len();
            self.needs_len -= 1;
        }
        let smallest = if self.needs_len > 0 {
            f64::from(self.needs[self.needs_start].1)
        } else {
            1.0
        };
        let mut held = smallest.min(self.last_held + (1.0 - self.last_held) * self.release);
        if 1.0 - held < AT_REST {
            held = 1.0;
        }
        self.last_held = held;
        if held < 1.0 {
            self.last_below = p;
            self.held_clean = false;
        }
        let slot = p.rem_euclid((ATTACK + 1) as i64) as usize;
        self.held_sum += held - self.held[slot];
        self.held[slot] = held;
        if p - self.last_below > ATTACK as i64 {
            // At rest: every held gain in the window is exactly 1, and so is the sum.
            self.held_sum = (ATTACK + 1) as f64;
            return 1.0;
        }
        (self.held_sum / (ATTACK + 1) as f64) as f32
    }

    fn push_need(&mut self, t: i64, need: f32) {
        // Needs no smaller than this one can never be a window's minimum again.
        while self.needs_len > 0 {
            let back = (self.needs_start + self.needs_len - 1) % self.needs.len();
            if self.needs[back].1 < need {
                break;
            }
            self.needs_len -= 1;
        }
        let at = (self.needs_start + self.needs_len) % self.needs.len();
        self.needs[at] = (t, need);
        self.needs_len += 1;
    }

    /// The largest magnitude interpolated between frames t and t + 1, either channel.
    fn between(&self, t: i64) -> f32 {
        let mut top = 0.0f32;
        for row in &self.taps.rows {
            for ch in 0..2 {
                let mut v = 0.0f32;
                for (j, &c) in row.iter().enumerate() {
                    let f = t + j as i64 - (HALF - 1);
                    v += c * self.history[f.rem_euclid(HISTORY as i64) as usize][ch];
                }
                top = top.max(v.abs());
            }
        }
        top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `input` through a limiter as the renderer does, `block` frames at a time, and
    /// returns the limited frames (the lookahead flushed with silence).
    fn limited(input: &[f32], block: usize) -> Vec<f32> {
        limited_to(input, block, CEILING)
    }

    fn limited_to(input: &[f32], block: usize, ceiling: f32) -> Vec<f32> {
        let mut lim = Limiter::with_ceiling(ceiling);
        let mut frames = input.to_vec();
        frames.extend(std::iter::repeat_n(0.0, 2 * LOOKAHEAD));
        let mut out = frames.clone();
        let n = frames.len() / 2;
        let mut first = 0;
        // The first LOOKAHEAD frames prime it; their gains fall on nothing.
        let mut sink = vec![0.0f32; 2 * LOOKAHEAD];
        lim.run(&frames[..2 * LOOKAHEAD], &mut sink);
        while first + LOOKAHEAD < n {
            let k = block.min(n - LOOKAHEAD - first);
            let (a, b) = (first + LOOKAHEAD, first + LOOKAHEAD + k);
            lim.run(&frames[2 * a..2 * b], &mut out[2 * first..2 * (first + k)]);
            first += k;
        }
        out.truncate(input.len());
        out
    }

    /// The true peak as a meter measures it: 8× oversampled by plain sinc interpolation
    /// over ±32 frames, a different interpolator from the limiter's.
    fn true_peak(frames: &[f32]) -> f32 {
        let n = frames.len() / 2;
        let mut top = 0.0f32;
        for ch in 0..2 {
            for t in 0..n {
                for k in 0..8 {
                    let frac = k as f64 / 8.0;
                    let mut v = 0.0f64;
                    for j in -32i64..=32 {
                        let f = t as i64 + j;
                        if f < 0 || f >= n as i64 {
                            continue;
                        }
                        let x = j as f64 - frac;
                        let s = if x == 0.0 {
                            1.0
                        } else {
                            (std::f64::consts::PI * x).sin() / (std::f64::consts::PI * x)
                        };
                        let w = kaiser(x / 33.0, 8.0);
                        v += s * w * f64::from(frames[2 * f as usize + ch]);
                    }
                    top = top.max(v.abs() as f32);
                }
            }
        }
        top
    }

    fn sine(freq: f64, amp: f32, frames: usize, phase: f64) -> Vec<f32> {
        (0..frames)
            .flat_map(|i| {
                let s = amp
                    * (2.0 * std::f64::consts::PI * freq * i as f64 / f64::from(RATE) + phase).sin()
                        as f32;
                [s, s]
            })
            .collect()
    }

    #[test]
    fn a_quiet_signal_passes_bit_for_bit() {
        let x = sine(440.0, 0.5, 20_000, 0.0);
        assert_eq!(limited(&x, 512), x);
    }

    #[test]
    fn inter_sample_peaks_are_held_under_the_ceiling_issue_16() {
        // A tone at a quarter of the rate, phased so that every sample misses the crest by
        // 45°: the samples read 0.707 of the wave's true height of 1.2.
        let x = sine(12_000.0, 1.2, 9_600, std::f64::consts::FRAC_PI_4);
        let sample_peak = peak(&x);
        assert!(
            sample_peak < 0.86,
            "the samples alone look safe: {sample_peak}"
        );
        assert!(true_peak(&x) > 1.1, "but the wave between them is not");
        let y = limited(&x, 480);
        let tp = true_peak(&y[2 * 2_000..2 * 8_000]);
        assert!(tp <= 10f32.powf(-1.0 / 20.0), "true peak {tp}");
        assert!(tp > 0.8, "held up near the ceiling, not crushed: {tp}");
    }

    #[test]
    fn a_lossy_file_is_held_under_its_lower_ceiling() {
        // The same inter-sample crests, for a mix an encoder takes next.
        let x = sine(12_000.0, 1.2, 9_600, std::f64::consts::FRAC_PI_4);
        let y = limited_to(&x, 480, LOSSY_CEILING);
        let tp = true_peak(&y[2 * 2_000..2 * 8_000]);
        assert!(tp <= 10f32.powf(-2.3 / 20.0), "true peak {tp}");
        assert!(tp > 0.68, "held up near the ceiling, not crushed: {tp}");
        // A signal under the lower ceiling still passes untouched.
        let quiet = sine(440.0, 0.4, 20_000, 0.0);
        assert_eq!(limited_to(&quiet, 512, LOSSY_CEILING), quiet);
    }

    #[test]
    fn a_burst_is_limited_smoothly_not_flattened_issue_16() {
        // A quiet tone with a loud 5 ms burst.
        let mut x = sine(300.0, 0.3, 64_000, 0.0);
        let burst = sine(7_000.0, 1.6, 240, 0.3);
        x[2 * 2_000..2 * 2_240].copy_from_slice(&burst);
        let y = limited(&x, 97);
        assert!(true_peak(&y[..2 * 6_000]) <= 10f32.powf(-1.0 / 20.0));
        // No run of equal samples: the gain moves smoothly instead of clipping.
        let left: Vec<f32> = y.iter().step_by(2).copied().collect();
        let flat = left
            .windows(3)
            .filter(|w| w[0] == w[1] && w[1] == w[2] && w[0].abs() > 0.5)
            .count();
        assert_eq!(flat, 0, "flattened runs");
        // Before the attack the tone is untouched; the gain comes back over a few tenths of
        // a second, and then the tone is untouched again.
        let attack_starts = 2_000 - LOOKAHEAD;
        assert!(y[..2 * attack_starts] == x[..2 * attack_starts]);
        let gain_at = |f: usize| y[2 * f] / x[2 * f];
        assert!(gain_at(2_100) < 0.6, "{}", gain_at(2_100));
        let back = 2_240 + 48_000 * 3 / 10;
        assert!(
            (gain_at(back + 40) - 1.0).abs() < 0.03,
            "{}",
            gain_at(back + 40)
        );
        assert!(y[2 * 56_000..] == x[2 * 56_000..], "at rest again");
    }

    #[test]
    fn any_block_size_gives_the_same_samples() {
        let mut x = sine(2_000.0, 0.6, 30_000, 0.0);
        for (i, s) in x.iter_mut().enumerate() {
            if (10_000..10_800).contains(&(i / 2)) || (20_000..20_050).contains(&(i / 2)) {
                *s *= 2.4;
            }
        }
        let whole = limited(&x, 30_000);
        for block in [1, 7, 72, 78, 1024] {
            let y = limited(&x, block);
            assert!(
                whole
                    .iter()
                    .zip(&y)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "block {block}"
            );
        }
        assert!(whole != x, "it limited something");
    }

    #[test]
    fn the_interpolator_is_unity_at_dc_and_its_bound_covers_it() {
        let t = taps();
        for row in &t.rows {
            let s: f32 = row.iter().sum();
            assert!((s - 1.0).abs() < 1e-6);
        }
        assert!((1.0..2.0).contains(&t.bound), "{}", t.bound);
    }
}
