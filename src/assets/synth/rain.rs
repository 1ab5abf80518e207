//! Rain: drops of many sizes landing near and far, over a soft wash.
//!
//! - The wash: white noise low-passed steeply (three poles at 1.6 kHz), its lows thinned,
//!   the far, merged sound of a whole shower. Dark on purpose: the hiss of rain is left to
//!   the drops, so it comes in grains, not as the steady hiss of plain noise.
//! - Near drops: short bursts of noise (1.2 ms), bright (1.5–7 kHz), at random times, each
//!   at its own place between the speakers and its own size; most are faint, a few clear.
//! - Far drops: many more, duller (through the wash's filter) and a little longer, the
//!   patter behind.
//! - Air: a faint hiss above 8 kHz, the finest spray, so the top never falls silent
//!   between drops.
//! - Droplets: now and then a small bubble that rings and rises in pitch (a drop on water).
//! - Gusts swell and ease (3–8 s each way), and the shower's density drifts (8–25 s): they
//!   move all of it, the level and how many drops fall.
//!
//! Every drop is drawn as it falls, so nothing repeats. Drops are envelopes on noise, so a
//! layer costs the same however many fall: each frame is four eight-lane filter steps, each
//! lane fed from the same lane of the step before (lanes that change places cost time).

use super::bed::{BLOCK, Block};
use super::droplets::Droplets;
use super::dsp::{Drift, FS, Poles8, exp, ln};
use super::noise::{Ramp, limit, white_block};
use super::rng::{Lanes, Rng};

/// Near and far drops per second, at the shower's average.
const NEAR_RATE: f64 = 100.0;
const FAR_RATE: f64 = 500.0;
/// How long a drop's burst lasts (the time constant of its decay, seconds).
const NEAR_FALL: f64 = 0.0012;
const FAR_FALL: f64 = 0.002;
/// Droplets per second at the lightest and the heaviest moments.
const RATE_LIGHT: f64 = 1.0;
const RATE_HEAVY: f64 = 5.0;
/// How far gusts and the density move the level, in dB either way.
const GUST_DB: f32 = 3.0;
const DENSITY_DB: f32 = 0.75;
/// The filters' corners, in Hz: the wash and the far drops (three poles); the near drops'
/// band (two poles at `NEAR_HIGH`, less a low-pass at `NEAR_LOW`); the air (two high-pass
/// poles); and the low-pass at `LOW_CUT` of the wash, most of which is taken out again.
const WASH: f64 = 1600.0;
const NEAR_HIGH: f64 = 7000.0;
const NEAR_LOW: f64 = 1500.0;
const AIR: f64 = 8000.0;
const LOW_CUT: f64 = 250.0;
const WASH_GAIN: f32 = 0.99;
const NEAR_GAIN: f32 = 0.91;
const FAR_GAIN: f32 = 0.95;
const AIR_GAIN: f32 = 0.095;
const CUT_GAIN: f32 = 0.8;
const DROP_GAIN: f32 = 0.044;

/// The rain bed's state.
#[derive(Debug, Clone)]
pub struct Rain {
    /// The wash's noise, and the drops' (one stream for the near, one for the far: a drop
    /// sounds the same in both ears, only louder in one).
    white: Lanes,
    drop_white: Lanes,
    /// Choices about drops come from their own stream, so the noise does not depend on them.
    drop_rng: Rng,
    /// The drops' envelopes, in the lanes of the layers they drive: far L, R (the wash's
    /// lanes), near L, R.
    envelope: Poles8,
    /// Three filter stages. Lanes: wash L, R; near L, R; air L, R (in `c`, the wash's low
    /// cut instead); two unused.
    a: Poles8,
    b: Poles8,
    c: Poles8,
    gust: Drift,
    density: Drift,
    flutter: [Drift; 2],
    gain: [Ramp; 2],
    /// The level now, as a gain (1 on average), and how heavy the shower is, in [0, 1].
    level: f32,
    heavy: f32,
    drops: Droplets,
    /// Frames from the start of the current block to the next droplet, near and far drop.
    next_droplet: usize,
    next_near: usize,
    next_far: usize,
}

impl Rain {
    pub fn new(mut rng: Rng) -> Rain {
        let drop_rng = rng.fork();
        let gust = Drift::swinging(rng.fork(), 3.0, 8.0);
        let density = Drift::new(rng.fork(), 8.0, 25.0);
        let flutter = [
            Drift::new(rng.fork(), 0.7, 2.5),
            Drift::new(rng.fork(), 0.7, 2.5),
        ];
        let fall = |t: f64| exp(-1.0 / (t * FS)) as f32;
        let (n, f) = (fall(NEAR_FALL), fall(FAR_FALL));
        let mut rain = Rain {
            white: Lanes::new(&mut rng),
            drop_white: Lanes::new(&mut rng),
            drop_rng,
            envelope: Poles8::with([f, f, n, n, 0.0, 0.0, 0.0, 0.0], [1.0; 8]),
            a: Poles8::new([WASH, WASH, NEAR_HIGH, NEAR_HIGH, AIR, AIR, 1.0, 1.0]),
            b: Poles8::new([WASH, WASH, NEAR_HIGH, NEAR_HIGH, AIR, AIR, 1.0, 1.0]),
            c: Poles8::new([WASH, WASH, NEAR_LOW, NEAR_LOW, LOW_CUT, LOW_CUT, 1.0, 1.0]),
            gust,
            density,
            flutter,
            gain: [Ramp(0.0); 2],
            level: 1.0,
            heavy: 0.5,
            drops: Droplets::new(),
            next_droplet: 0,
            next_near: 0,
            next_far: 0,
        };
        rain.controls();
        rain.next_droplet = rain.droplet_gap();
        rain.next_near = rain.gap(NEAR_RATE);
        rain.next_far = rain.gap(FAR_RATE);
        rain
    }

    /// Reads the slow controls for the coming block: gusts, density and each side's flutter.
    fn controls(&mut self) -> [f32; 2] {
        let gust = self.gust.advance(BLOCK as u32);
        let density = self.density.advance(BLOCK as u32);
        self.heavy = 0.5 + 0.5 * density;
        self.level = gain_of_db(GUST_DB * gust + DENSITY_DB * density);
        [0, 1].map(|ch| self.level * (1.0 + 0.08 * self.flutter[ch].advance(BLOCK as u32)))
    }

    #[inline(always)]
    pub fn render(&mut self, out: &mut Block) {
        let targets = self.controls();
        let (gl, dgl) = self.gain[0].to(targets[0]);
        let (gr, dgr) = self.gain[1].to(targets[1]);
        let (g, dg) = ([gl, gr], [dgl, dgr]);
        // Each frame's input: the wash's noise (which the air shares: they hear bands of it
        // far apart, so they do not sound alike), and the noise the drops' envelopes shape.
        let (white, noise) = (
            white_block(&mut self.white),
            white_block(&mut self.drop_white),
        );
        let mut stages = Stages {
            env: self.envelope,
            a: self.a,
            b: self.b,
            c: self.c,
        };
        let input = Input {
            white: &white,
            noise: &noise,
            gain: g,
            step: dg,
        };
        // The frames run in stretches from one drop to the next. A drop kicks its layer's
        // envelopes, split between the sides by where it lands. A gust brings more drops, not
        // bigger ones: their size grows only as the square root of the level (the block's
        // gain multiplies them by the level). The far drops go through the wash's filter, so
        // their size is set against the wash.
        let shrink = 1.0 / self.level.sqrt();
        let far = shrink * (FAR_GAIN / WASH_GAIN);
        let mut i = 0;
        loop {
            let next = self.next_near.min(self.next_far).min(BLOCK);
            for k in i..next {
                stages.frame(&input, k, TRACE, out);
            }
            if next == BLOCK {
                break;
            }
            let mut kick = TRACE;
            if self.next_near == next {
                let u = self.drop_rng.unit() as f32;
                let (l, r) = self.place();
                let size = u * u * u * shrink;
                kick[2] += size * l;
                kick[3] += size * r;
                self.next_near += self.gap(NEAR_RATE);
            }
            if self.next_far == next {
                let u = self.drop_rng.unit() as f32;
                let (l, r) = self.place();
                kick[0] += u * u * far * l;
                kick[1] += u * u * far * r;
                self.next_far += self.gap(FAR_RATE);
            }
            stages.frame(&input, next, kick, out);
            i = next + 1;
        }
        self.next_near -= BLOCK;
        self.next_far -= BLOCK;
        (self.envelope, self.a, self.b, self.c) = (stages.env, stages.a, stages.b, stages.c);
        while self.next_droplet < BLOCK {
            self.spawn(self.next_droplet);
            self.next_droplet += self.droplet_gap();
        }
        self.next_droplet -= BLOCK;
        self.drops.add_to(out);
        limit(out);
    }

    /// Where a drop lands: its gains on the left and the right (equal power, never wholly
    /// in one speaker).
    fn place(&mut self) -> (f32, f32) {
        let pan = self.drop_rng.unit() as f32;
        ((1.0 - 0.8 * pan).sqrt(), (0.2 + 0.8 * pan).sqrt())
    }

    /// Frames to the next drop of a layer falling at `rate` per second on average: a
    /// Poisson shower, denser when it is heavier and in a gust.
    fn gap(&mut self, rate: f64) -> usize {
        let now = rate * f64::from((0.7 + 0.6 * self.heavy) * self.level);
        let gap = -ln(1.0 - self.drop_rng.unit()) / now;
        ((gap * FS) as usize).max(1)
    }

    /// Frames to the next droplet.
    fn droplet_gap(&mut self) -> usize {
        let rate = RATE_LIGHT + (RATE_HEAVY - RATE_LIGHT) * f64::from(self.heavy);
        let gap = -ln(1.0 - self.drop_rng.unit()) / rate;
        ((gap * FS) as usize).max(1)
    }

    /// Starts a droplet at frame `start` of the current block: many faint ones, a few clearer.
    fn spawn(&mut self, start: usize) {
        let u = self.drop_rng.unit() as f32;
        let amp = DROP_GAIN * (0.15 + 0.85 * u * u * u) * self.level;
        self.drops.start(&mut self.drop_rng, start, amp);
    }
}

/// Every frame adds a trace to the drops' envelopes, so that between drops they settle there
/// instead of decaying into subnormal floats, which are slow to multiply.
const TRACE: [f32; 8] = [1e-20, 1e-20, 1e-20, 1e-20, 0.0, 0.0, 0.0, 0.0];

/// What a block's frames are made from: the wash's and the drops' noise, and the gain at
/// the block's first frame with its step per frame (left, right).
struct Input<'a> {
    white: &'a [[f32; BLOCK]; 2],
    noise: &'a [[f32; BLOCK]; 2],
    gain: [f32; 2],
    step: [f32; 2],
}

/// The rain's filters, for one frame at a time.
struct Stages {
    env: Poles8,
    a: Poles8,
    b: Poles8,
    c: Poles8,
}

impl Stages {
    /// Frame `i` of the block into `out`, its envelopes kicked by `kick`.
    #[inline(always)]
    fn frame(&mut self, input: &Input, i: usize, kick: [f32; 8], out: &mut Block) {
        let (w, n) = (input.white, input.noise);
        let [l, r] = self.step(w[0][i], w[1][i], n[0][i], n[1][i], kick);
        let k = i as f32;
        out[2 * i] = l * (input.gain[0] + input.step[0] * k);
        out[2 * i + 1] = r * (input.gain[1] + input.step[1] * k);
    }

    /// One frame from the wash's noise (`wl`, `wr`), the far and near drops' noise (`nf`,
    /// `nn`) and this frame's kick to the envelopes: the frame's left and right.
    #[inline(always)]
    fn step(&mut self, wl: f32, wr: f32, nf: f32, nn: f32, kick: [f32; 8]) -> [f32; 2] {
        // How each stage's lanes add into a side: the wash from `c` less its low cut, the
        // near drops as `b` less `c`, the air as `b`'s input less `b`.
        const FROM_C: [f32; 8] = [
            WASH_GAIN,
            WASH_GAIN,
            -NEAR_GAIN,
            -NEAR_GAIN,
            -CUT_GAIN * WASH_GAIN,
            -CUT_GAIN * WASH_GAIN,
            0.0,
            0.0,
        ];
        const FROM_B: [f32; 8] = [
            0.0, 0.0, NEAR_GAIN, NEAR_GAIN, -AIR_GAIN, -AIR_GAIN, 0.0, 0.0,
        ];
        const FROM_B_IN: [f32; 8] = [0.0, 0.0, 0.0, 0.0, AIR_GAIN, AIR_GAIN, 0.0, 0.0];
        let e = self.env.low(kick);
        let x = [
            wl + nf * e[0],
            wr + nf * e[1],
            nn * e[2],
            nn * e[3],
            wl,
            wr,
            0.0,
            0.0,
        ];
        let ya = self.a.low(x);
        // The air's lanes take the noise less its low-pass: a high-pass, twice.
        let xb: [f32; 8] = std::array::from_fn(|k| if k < 4 { ya[k] } else { x[k] - ya[k] });
        let yb = self.b.low(xb);
        // The low cut's lanes take the wash's second stage.
        let xc: [f32; 8] = std::array::from_fn(|k| if k < 4 { yb[k] } else { yb[k & 1] });
        let yc = self.c.low(xc);
        let s: [f32; 8] =
            std::array::from_fn(|k| FROM_C[k] * yc[k] + FROM_B[k] * yb[k] + FROM_B_IN[k] * xb[k]);
        [s[0] + s[2] + s[4], s[1] + s[3] + s[5]]
    }
}

/// `10^(db/20)` for the few dB a gust moves, by its series to the seventh power (error
/// below 1e-6 within ±6 dB): once a block, far cheaper than [`super::dsp::db_gain`], and as
/// portable.
#[inline(always)]
fn gain_of_db(db: f32) -> f32 {
    let x = db * (std::f32::consts::LN_10 / 20.0);
    let mut p = 1.0f32;
    for n in (1..=7).rev() {
        p = 1.0 + x * p * (1.0 / n as f32);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::super::bed::Bed;
    use super::super::measure::*;
    use super::*;
    use crate::script::BuiltinSound;

    fn rain(seed: u64, seconds: usize) -> Vec<f32> {
        let mut out = vec![0.0f32; 2 * seconds * FS as usize];
        Bed::new(BuiltinSound::Rain, seed).fill(&mut out);
        out
    }

    /// The 2–8 kHz band: fourth-order Butterworth high- and low-passes.
    fn top_band(x: &[f32]) -> Vec<f64> {
        let chain = [
            Biquad::high_pass(2000.0),
            Biquad::high_pass(2000.0),
            Biquad::low_pass(8000.0),
            Biquad::low_pass(8000.0),
        ];
        filtered(x, &chain)
    }

    fn spread(levels: &[f64], lo: f64, hi: f64) -> f64 {
        let mut sorted = levels.to_vec();
        sorted.sort_by(f64::total_cmp);
        let at = |p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
        at(hi) - at(lo)
    }

    #[test]
    fn issue_16_rain_comes_in_drops_and_gusts() {
        for seed in [1, 2, 3] {
            let out = rain(seed, 60);
            // Drops: the hiss comes in sharp grains, far from Gaussian noise's 0.
            for ch in 0..2 {
                let k = excess_kurtosis(&top_band(&channel(&out, ch))[FS as usize / 2..]);
                eprintln!("seed {seed} ch {ch}: 2-8 kHz excess kurtosis {k:.2}");
                assert!(
                    k >= 3.0,
                    "seed {seed}, channel {ch}: excess kurtosis {k:.2}"
                );
            }
            // Gusts: the level moves by several dB within the minute.
            let second = 2 * FS as usize;
            let rms: Vec<f64> = out.chunks(second).map(rms_db).collect();
            let short: Vec<f64> = (0..=57)
                .map(|s| loudness_lufs(&out[s * second..(s + 3) * second]))
                .collect();
            let (rms_range, short_range) = (spread(&rms, 0.0, 1.0), spread(&short, 0.1, 0.95));
            eprintln!(
                "seed {seed}: 1 s RMS {rms_range:.2} dB, 3 s loudness range {short_range:.2} LU"
            );
            assert!(
                rms_range >= 4.0,
                "seed {seed}: 1 s RMS moves {rms_range:.2} dB"
            );
            assert!(
                short_range >= 3.0,
                "seed {seed}: 3 s loudness range {short_range:.2} LU"
            );
            // No hump near 1 kHz: the spectrum falls from 500 Hz on.
            // Octave bands' power per hertz, as a spectrum shows it.
            let octave = |hz: f64| {
                let x = filtered(&channel(&out, 0), &[Biquad::band_pass(hz, 1.41); 2]);
                10.0 * (x.iter().map(|y| y * y).sum::<f64>() / x.len() as f64 / hz).log10()
            };
            let (low, mid, high) = (octave(500.0), octave(1000.0), octave(2000.0));
            eprintln!("seed {seed}: per Hz at 500 Hz {low:.1}, 1 kHz {mid:.1}, 2 kHz {high:.1} dB");
            assert!(mid < low && high < mid, "{low:.1}, {mid:.1}, {high:.1} dB");
        }
    }

    #[test]
    fn gusts_turn_decibels_into_gains() {
        for db in [-6.0f32, -3.0, -0.5, 0.0, 1.0, 3.0, 6.0] {
            let want = 10f64.powf(f64::from(db) / 20.0);
            let got = f64::from(gain_of_db(db));
            assert!((got - want).abs() < 2e-6, "{db} dB: {got} vs {want}");
        }
    }

    #[test]
    fn issue_16_no_drop_jumps_out_of_the_rain() {
        // A drop stands out of the shower, but never by more than about 18 dB: the peak of
        // every 5 ms against the level of the second around it.
        let out = rain(4, 30);
        let (win, second) = (2 * FS as usize / 200, 2 * FS as usize);
        let mut worst = 0.0f64;
        for start in (second..out.len() - second).step_by(win) {
            let around = rms(&out[start - second / 2..start + second / 2]);
            let p = peak(&out[start..start + win]);
            worst = worst.max(db(p / around));
        }
        eprintln!("worst 5 ms peak over its second: {worst:.1} dB");
        assert!(worst < 19.0, "a drop {worst:.1} dB over the rain");
    }
}
