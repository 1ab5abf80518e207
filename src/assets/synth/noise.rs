//! The plain noise beds: brown (integrated white noise) and pink (Paul Kellet's filter), each
//! with a slow, independent level drift per channel so that the sound breathes a little.

use super::bed::{BLOCK, Block};
use super::dsp::{Drift, FS, KNEE, Poles4, exp, peak, soft_limit};
use super::rng::{Lanes, Rng};

/// How much of each channel's noise leaks into the other: enough that the middle is not
/// hollow, little enough that the bed still feels wide (correlation about 0.3).
pub const CROSS: f32 = 0.15;
/// How far the level drifts: ±12 % (about ±1 dB).
const DRIFT_DEPTH: f32 = 0.12;

/// A block of white noise per channel, uniform in about [-1.15, 1.15], slightly correlated:
/// eight frames from each draw of the four lanes, sixteen bits a sample. (Sixteen bits are
/// plenty for noise that is filtered and scaled down.)
#[inline(always)]
pub fn white_block(lanes: &mut Lanes) -> [[f32; BLOCK]; 2] {
    let mut w = [[0.0f32; BLOCK]; 2];
    for i in (0..BLOCK).step_by(8) {
        let [a, b] = draw16(lanes);
        for k in 0..8 {
            w[0][i + k] = a[k] + CROSS * b[k];
            w[1][i + k] = b[k] + CROSS * a[k];
        }
    }
    w
}

/// Sixteen-bit samples, uniform in [-1, 1), from one draw of the four lanes: the high and the
/// low halves of each lane's two 32-bit words, eight of each.
#[inline(always)]
fn draw16(lanes: &mut Lanes) -> [[f32; 8]; 2] {
    const SCALE: f32 = 1.0 / 32768.0;
    let r = lanes.next();
    let half: [u32; 8] = std::array::from_fn(|k| (r[k / 2] >> (32 * (k % 2))) as u32);
    [
        std::array::from_fn(|k| (half[k] as i32 >> 16) as f32 * SCALE),
        std::array::from_fn(|k| ((half[k] << 16) as i32 >> 16) as f32 * SCALE),
    ]
}

/// A gain that follows a control value read once per block, ramping across the block.
#[derive(Debug, Clone, Copy)]
pub struct Ramp(pub f32);

impl Ramp {
    /// The gain at the block's first frame and its step per frame, ending at `target`.
    #[inline(always)]
    pub fn to(&mut self, target: f32) -> (f32, f32) {
        let start = self.0;
        self.0 = target;
        (start, (target - start) / BLOCK as f32)
    }
}

/// Brown noise: white noise through a leaky integrator (−6 dB per octave above 11 Hz), with
/// DC and sub-audio rumble removed below 20 Hz.
///
/// Each filter's output waits for the one before it, which makes a frame-by-frame loop as
/// slow as its chain of multiplies and adds. So a block is cut into four quarters that run
/// side by side from silence, both channels of all four in one eight-lane loop; then each
/// quarter adds what the state it really started from contributes (`Carry`), a sum known
/// in closed form. The same filter, with four times fewer steps in its longest chain.
#[derive(Debug, Clone)]
pub struct Brown {
    white: Lanes,
    /// The integrator's and the DC blocker's last outputs, per channel.
    y: [f32; 2],
    d: [f32; 2],
    carry: Carry,
    drift: [Drift; 2],
    gain: [Ramp; 2],
}

const BROWN_LEAK: f32 = 0.9985;
const BROWN_GAIN: f32 = 0.0269;
/// The DC blocker's corner.
const BROWN_DC_HZ: f64 = 20.0;
/// Frames in each quarter of a block.
const QUARTER: usize = BLOCK / 4;

/// What a quarter's starting state adds to its frames: with the integrator at `y` and the
/// DC blocker at `d` just before it, frame `n` gains `b[n]·y + c[n]·d` in the DC blocker's
/// output, and the integrator ends the quarter `leak_quarter·y` higher.
#[derive(Debug, Clone)]
struct Carry {
    leak_quarter: f32,
    b: [f32; QUARTER],
    c: [f32; QUARTER],
}

impl Carry {
    /// For `y = leak·y₁ + x` followed by `d = y − y₁ + pole·d₁`. Products in f64 by plain
    /// multiplication, so every machine gets the same bits.
    fn new(leak: f64, pole: f64) -> Carry {
        let mut carry = Carry {
            leak_quarter: 0.0,
            b: [0.0; QUARTER],
            c: [0.0; QUARTER],
        };
        let (mut leak_n, mut pole_n, mut b) = (1.0f64, 1.0f64, 0.0f64);
        for n in 0..QUARTER {
            // The integrator alone changes by (leak − 1)·leakⁿ·y at frame n; the DC blocker
            // passes that change on and lets its own past decay by the pole.
            b = pole * b + (leak - 1.0) * leak_n;
            leak_n *= leak;
            pole_n *= pole;
            carry.b[n] = b as f32;
            carry.c[n] = pole_n as f32;
        }
        carry.leak_quarter = leak_n as f32;
        carry
    }
}

impl Brown {
    pub fn new(mut rng: Rng) -> Brown {
        let mut drift = [
            Drift::new(rng.fork(), 6.0, 18.0),
            Drift::new(rng.fork(), 6.0, 18.0),
        ];
        let gain = [0, 1].map(|ch| Ramp(drift_gain(BROWN_GAIN, &mut drift[ch])));
        let pole = exp(-std::f64::consts::TAU * BROWN_DC_HZ / FS);
        Brown {
            white: Lanes::new(&mut rng),
            y: [0.0; 2],
            d: [0.0; 2],
            carry: Carry::new(f64::from(BROWN_LEAK), f64::from(pole as f32)),
            drift,
            gain,
        }
    }

    #[inline(always)]
    pub fn render(&mut self, out: &mut Block) {
        let white = white_lanes(&mut self.white);
        let filtered = self.filter(&white);
        let (gl, dgl) = self.gain[0].to(drift_gain(BROWN_GAIN, &mut self.drift[0]));
        let (gr, dgr) = self.gain[1].to(drift_gain(BROWN_GAIN, &mut self.drift[1]));
        let g0: [f32; 8] = std::array::from_fn(|i| {
            let start = (QUARTER * (i / 2)) as f32;
            if i % 2 == 0 {
                gl + dgl * start
            } else {
                gr + dgr * start
            }
        });
        let dg: [f32; 8] = std::array::from_fn(|i| if i % 2 == 0 { dgl } else { dgr });
        for (k, v) in filtered.iter().enumerate() {
            let v: [f32; 8] = std::array::from_fn(|i| v[i] * (g0[i] + dg[i] * k as f32));
            for q in 0..4 {
                let n = QUARTER * q + k;
                out[2 * n] = v[2 * q];
                out[2 * n + 1] = v[2 * q + 1];
            }
        }
        limit(out);
    }

    /// Both filters over a block of white noise laid out by lanes (lane 2q + ch holds
    /// channel ch of quarter q; step k is the quarter's frame k); the output in that layout.
    #[inline(always)]
    fn filter(&mut self, white: &[[f32; 8]; QUARTER]) -> [[f32; 8]; QUARTER] {
        let (leak, pole) = (BROWN_LEAK, self.carry.c[0]);
        let (mut y, mut y1, mut d) = ([0.0f32; 8], [0.0f32; 8], [0.0f32; 8]);
        let mut out = [[0.0f32; 8]; QUARTER];
        for (k, w) in white.iter().enumerate() {
            for i in 0..8 {
                y[i] = leak * y[i] + w[i];
                d[i] = pole * d[i] + (y[i] - y1[i]);
                y1[i] = y[i];
            }
            out[k] = d;
        }
        // Where each quarter really starts: where the one before it ends.
        let (c, last) = (&self.carry, QUARTER - 1);
        let (mut y0, mut d0) = ([0.0f32; 8], [0.0f32; 8]);
        let (mut cy, mut cd) = (self.y, self.d);
        for q in 0..4 {
            for ch in 0..2 {
                let i = 2 * q + ch;
                (y0[i], d0[i]) = (cy[ch], cd[ch]);
                cy[ch] = y[i] + c.leak_quarter * y0[i];
                cd[ch] = out[last][i] + c.b[last] * y0[i] + c.c[last] * d0[i];
            }
        }
        (self.y, self.d) = (cy, cd);
        for (k, o) in out.iter_mut().enumerate() {
            *o = std::array::from_fn(|i| o[i] + c.b[k] * y0[i] + c.c[k] * d0[i]);
        }
        out
    }
}

/// A block of white noise for [`Brown`], as [`white_block`] gives it but laid out by lanes:
/// `[frame k of each quarter][2·quarter + channel]`.
#[inline(always)]
fn white_lanes(lanes: &mut Lanes) -> [[f32; 8]; QUARTER] {
    let mut w = [[0.0f32; 8]; QUARTER];
    for k in (0..QUARTER).step_by(2) {
        let [hi, lo] = draw16(lanes);
        // Each channel leaks a little into the other, as in `white_block`.
        w[k] = std::array::from_fn(|i| hi[i] + CROSS * hi[i ^ 1]);
        w[k + 1] = std::array::from_fn(|i| lo[i] + CROSS * lo[i ^ 1]);
    }
    w
}

/// The safety limiter over a finished block, in a loop of its own (it rarely does anything,
/// and nothing at all, so it is skipped, when no sample reaches the knee).
#[inline(always)]
pub fn limit(out: &mut Block) {
    if peak(out) <= KNEE {
        return;
    }
    for y in out.iter_mut() {
        *y = soft_limit(*y);
    }
}

#[inline(always)]
fn drift_gain(gain: f32, drift: &mut Drift) -> f32 {
    gain * (1.0 + DRIFT_DEPTH * drift.advance(BLOCK as u32))
}

/// Pink noise (−3 dB per octave) by Paul Kellet's "refined" filter: six one-pole sections and
/// a one-frame delay, within ±0.05 dB of pink above 9 Hz; DC removed below 10 Hz. The sections
/// run as three four-lane banks (left and right side by side).
#[derive(Debug, Clone)]
pub struct Pink {
    white: Lanes,
    /// Kellet's sections 0–1, 2–3 and 4–5, each for L and R: lanes (k L, k R, k+1 L, k+1 R).
    banks: [Poles4; 3],
    /// The previous frame's white sample, times Kellet's seventh coefficient.
    b6: [f32; 2],
    /// A low-pass at 10 Hz of the result (lanes 0 and 1), subtracted to remove DC.
    dc: Poles4,
    drift: [Drift; 2],
    gain: [Ramp; 2],
}

const PINK_GAIN: f32 = 0.0608;
const KELLET_POLE: [f32; 6] = [0.99886, 0.99332, 0.96900, 0.86650, 0.55000, -0.7616];
const KELLET_IN: [f32; 6] = [
    0.055_517_9,
    0.075_075_9,
    0.153_852,
    0.310_485_6,
    0.532_952_2,
    -0.016_898,
];

impl Pink {
    pub fn new(mut rng: Rng) -> Pink {
        let mut drift = [
            Drift::new(rng.fork(), 6.0, 18.0),
            Drift::new(rng.fork(), 6.0, 18.0),
        ];
        let gain = [0, 1].map(|ch| Ramp(drift_gain(PINK_GAIN, &mut drift[ch])));
        let bank = |k: usize| {
            let (p, c) = (KELLET_POLE, KELLET_IN);
            Poles4::with(
                [p[k], p[k], p[k + 1], p[k + 1]],
                [c[k], c[k], c[k + 1], c[k + 1]],
            )
        };
        Pink {
            white: Lanes::new(&mut rng),
            banks: [bank(0), bank(2), bank(4)],
            b6: [0.0; 2],
            dc: Poles4::new([10.0, 10.0, 10.0, 10.0]),
            drift,
            gain,
        }
    }

    #[inline(always)]
    pub fn render(&mut self, out: &mut Block) {
        let white = white_block(&mut self.white);
        let (gl, dgl) = self.gain[0].to(drift_gain(PINK_GAIN, &mut self.drift[0]));
        let (gr, dgr) = self.gain[1].to(drift_gain(PINK_GAIN, &mut self.drift[1]));
        let (mut g, dg) = ([gl, gr], [dgl, dgr]);
        let [mut a, mut b, mut c] = self.banks;
        let mut dc = self.dc;
        let [mut b6l, mut b6r] = self.b6;
        for (i, frame) in out.chunks_exact_mut(2).enumerate() {
            let (wl, wr) = (white[0][i], white[1][i]);
            let w4 = [wl, wr, wl, wr];
            let (ya, yb, yc) = (a.low(w4), b.low(w4), c.low(w4));
            let s: [f32; 4] = std::array::from_fn(|k| ya[k] + yb[k] + yc[k]);
            let pl = s[0] + s[2] + b6l + wl * 0.5362;
            let pr = s[1] + s[3] + b6r + wr * 0.5362;
            (b6l, b6r) = (wl * 0.115_926, wr * 0.115_926);
            let low = dc.low([pl, pr, 0.0, 0.0]);
            frame[0] = g[0] * (pl - low[0]);
            frame[1] = g[1] * (pr - low[1]);
            g = [g[0] + dg[0], g[1] + dg[1]];
        }
        (self.banks, self.dc, self.b6) = ([a, b, c], dc, [b6l, b6r]);
        limit(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brown_filters_in_quarters_as_it_would_frame_by_frame() {
        let mut brown = Brown::new(Rng::new(11));
        let mut lanes = Lanes::new(&mut Rng::new(12));
        let pole = brown.carry.c[0];
        let (mut y, mut d) = ([0.0f32; 2], [0.0f32; 2]);
        for _ in 0..2000 {
            let white = white_lanes(&mut lanes);
            let got = brown.filter(&white);
            for q in 0..4 {
                for k in 0..QUARTER {
                    for ch in 0..2 {
                        let i = 2 * q + ch;
                        let before = y[ch];
                        y[ch] = BROWN_LEAK * y[ch] + white[k][i];
                        d[ch] = pole * d[ch] + (y[ch] - before);
                        let tol = 1e-4 * d[ch].abs().max(1.0);
                        assert!(
                            (got[k][i] - d[ch]).abs() <= tol,
                            "{} vs {}",
                            got[k][i],
                            d[ch]
                        );
                    }
                }
            }
        }
    }
}
