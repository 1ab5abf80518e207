//! The plain noise beds: brown (integrated white noise) and pink (Paul Kellet's filter), each
//! with a slow, independent level drift per channel so that the sound breathes a little.

use super::bed::{BLOCK, Block};
use super::dsp::{DcBlock, Drift, KNEE, Poles4, peak, soft_limit};
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
    const SCALE: f32 = 1.0 / 32768.0;
    let mut w = [[0.0f32; BLOCK]; 2];
    for i in (0..BLOCK).step_by(8) {
        let r = lanes.next();
        let half: [u32; 8] = std::array::from_fn(|k| (r[k / 2] >> (32 * (k % 2))) as u32);
        let a: [f32; 8] = std::array::from_fn(|k| (half[k] as i32 >> 16) as f32 * SCALE);
        let b: [f32; 8] = std::array::from_fn(|k| ((half[k] << 16) as i32 >> 16) as f32 * SCALE);
        for k in 0..8 {
            w[0][i + k] = a[k] + CROSS * b[k];
            w[1][i + k] = b[k] + CROSS * a[k];
        }
    }
    w
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
#[derive(Debug, Clone)]
pub struct Brown {
    white: Lanes,
    y: [f32; 2],
    dc: [DcBlock; 2],
    drift: [Drift; 2],
    gain: [Ramp; 2],
}

const BROWN_LEAK: f32 = 0.9985;
const BROWN_GAIN: f32 = 0.0269;

impl Brown {
    pub fn new(mut rng: Rng) -> Brown {
        let mut drift = [
            Drift::new(rng.fork(), 6.0, 18.0),
            Drift::new(rng.fork(), 6.0, 18.0),
        ];
        let gain = [0, 1].map(|ch| Ramp(drift_gain(BROWN_GAIN, &mut drift[ch])));
        Brown {
            white: Lanes::new(&mut rng),
            y: [0.0; 2],
            dc: [DcBlock::new(20.0); 2],
            drift,
            gain,
        }
    }

    #[inline(always)]
    pub fn render(&mut self, out: &mut Block) {
        let white = white_block(&mut self.white);
        let (mut gl, dgl) = self.gain[0].to(drift_gain(BROWN_GAIN, &mut self.drift[0]));
        let (mut gr, dgr) = self.gain[1].to(drift_gain(BROWN_GAIN, &mut self.drift[1]));
        // Both channels in one loop, so that their feedback paths run side by side.
        let [mut yl, mut yr] = self.y;
        let [mut dcl, mut dcr] = self.dc;
        for (i, frame) in out.chunks_exact_mut(2).enumerate() {
            yl = BROWN_LEAK * yl + white[0][i];
            yr = BROWN_LEAK * yr + white[1][i];
            frame[0] = gl * dcl.next(yl);
            frame[1] = gr * dcr.next(yr);
            gl += dgl;
            gr += dgr;
        }
        (self.y, self.dc) = ([yl, yr], [dcl, dcr]);
        limit(out);
    }
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
