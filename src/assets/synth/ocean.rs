//! Ocean: waves breaking on a beach. Each wave (8–14 s, its height and shape varied) swells
//! a low-passed roar whose brightness follows the swell, breaks, and leaves a hiss of foam as
//! it draws back; under it a constant deep rumble. One side hears each wave a fraction of a
//! second after the other, as if it ran along the shore; which side hears it first changes
//! from wave to wave.

use super::bed::{BLOCK, Block};
use super::dsp::{FS, Poles4, fast_coef, one_pole_coef};
use super::noise::{Ramp, limit, white_block};
use super::rng::{Lanes, Rng};

const ROAR_GAIN: f32 = 1.02;
const FOAM_GAIN: f32 = 0.409;
const RUMBLE_GAIN: f32 = 0.103;
/// The foam's band: above 1.5 kHz, softened above 4.5 kHz (two poles).
const FOAM_LOW_HZ: f64 = 1500.0;
const FOAM_HIGH_HZ: f64 = 4500.0;
/// The roar never falls silent between waves: its gain is `FLOOR + swell`, so a trough is
/// about 10 dB below a big wave's crest (with the darker roar), not silence.
const FLOOR: f32 = 0.8;
/// Distant surf: a little foam is always there.
const FOAM_FLOOR: f32 = 0.08;
/// The roar's cutoff: `ROAR_HZ + ROAR_SWELL_HZ · swell²`.
const ROAR_HZ: f32 = 400.0;
const ROAR_SWELL_HZ: f32 = 1000.0;

/// One wave: its length, height, where in it the crest falls, and where it comes from.
#[derive(Debug, Clone, Copy)]
struct Wave {
    len: u32,
    amp: f32,
    crest: f32,
    /// The right side hears this wave first (else the left).
    from_right: bool,
}

impl Wave {
    fn new(rng: &mut Rng) -> Wave {
        Wave {
            len: (rng.range(8.0, 14.0) * FS) as u32,
            amp: rng.range(0.55, 1.0) as f32,
            crest: rng.range(0.3, 0.5) as f32,
            from_right: rng.unit() < 0.5,
        }
    }

    /// At frame `i` of the wave: (swell, foam), both 0 at its start and end. The swell rises
    /// smoothly to the crest, then falls fast and trails off; the foam starts at the crest and
    /// peaks a quarter of the way through the fall.
    fn shape(&self, i: u32) -> (f32, f32) {
        let x = i as f32 / self.len as f32;
        if x < self.crest {
            let u = x / self.crest;
            (self.amp * u * u * (3.0 - 2.0 * u), 0.0)
        } else {
            let v = ((x - self.crest) / (1.0 - self.crest)).min(1.0);
            let f = 1.0 - v;
            (self.amp * f * f, self.amp * (256.0 / 27.0) * v * f * f * f)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Ocean {
    white: Lanes,
    wave_rng: Rng,
    cur: Wave,
    prev: Wave,
    /// Frame within the current wave.
    pos: u32,
    /// How many frames later the far side hears the same wave.
    lag: u32,
    swell: [Ramp; 2],
    foam: [Ramp; 2],
    /// The roar's first pole (L, R; its cutoff follows the swell) and the foam's high-pass.
    bank1: Poles4,
    /// The roar's second pole and the foam's first low-pass.
    bank2: Poles4,
    /// The foam's second low-pass, and the rumble (a low-pass at 120 Hz).
    bank3: Poles4,
    /// The foam's fixed coefficients, for banks 1 and 2 whose roar lanes move.
    low: f32,
    high: f32,
}

impl Ocean {
    pub fn new(mut rng: Rng) -> Ocean {
        let mut wave_rng = rng.fork();
        let prev = Wave::new(&mut wave_rng);
        let cur = Wave::new(&mut wave_rng);
        let lag = (wave_rng.range(0.4, 0.9) * FS) as u32;
        Ocean {
            white: Lanes::new(&mut rng),
            wave_rng,
            cur,
            prev,
            pos: 0,
            lag,
            swell: [Ramp(0.0); 2],
            foam: [Ramp(0.0); 2],
            bank1: Poles4::new([400.0, 400.0, FOAM_LOW_HZ, FOAM_LOW_HZ]),
            bank2: Poles4::new([400.0, 400.0, FOAM_HIGH_HZ, FOAM_HIGH_HZ]),
            bank3: Poles4::new([FOAM_HIGH_HZ, FOAM_HIGH_HZ, 120.0, 120.0]),
            low: one_pole_coef(FOAM_LOW_HZ),
            high: one_pole_coef(FOAM_HIGH_HZ),
        }
    }

    /// Moves on by a block; the wave's (swell, foam) there, for each channel.
    fn advance(&mut self) -> [(f32, f32); 2] {
        self.pos += BLOCK as u32;
        if self.pos >= self.cur.len {
            self.pos -= self.cur.len;
            self.prev = self.cur;
            self.cur = Wave::new(&mut self.wave_rng);
        }
        // The far side is `lag` behind: at a wave's start it still hears the end of the last.
        let far = if self.pos >= self.lag {
            self.cur.shape(self.pos - self.lag)
        } else {
            self.prev
                .shape(self.prev.len.saturating_sub(self.lag - self.pos))
        };
        let near = self.cur.shape(self.pos);
        if self.cur.from_right {
            [far, near]
        } else {
            [near, far]
        }
    }

    pub fn render(&mut self, out: &mut Block) {
        let [(swell_l, foam_l), (swell_r, foam_r)] = self.advance();
        // The roar brightens with the swell: 400 Hz in the trough, 1.4 kHz at the crest.
        let mid = |ramp: Ramp, to: f32| 0.5 * (ramp.0 + to);
        let cut = |s: f32| fast_coef(ROAR_HZ + ROAR_SWELL_HZ * s * s);
        let (kl, kr) = (
            cut(mid(self.swell[0], swell_l)),
            cut(mid(self.swell[1], swell_r)),
        );
        let (gl, dgl) = self.swell[0].to(swell_l);
        let (gr, dgr) = self.swell[1].to(swell_r);
        let (fl, dfl) = self.foam[0].to(foam_l);
        let (fr, dfr) = self.foam[1].to(foam_r);
        self.bank1.set([kl, kr, self.low, self.low]);
        self.bank2.set([kl, kr, self.high, self.high]);
        // Gains ramped across the block, one vector: roar L, R and foam L, R.
        let mut g = [
            (FLOOR + gl) * ROAR_GAIN,
            (FLOOR + gr) * ROAR_GAIN,
            (FOAM_FLOOR + fl) * FOAM_GAIN,
            (FOAM_FLOOR + fr) * FOAM_GAIN,
        ];
        let dg = [
            dgl * ROAR_GAIN,
            dgr * ROAR_GAIN,
            dfl * FOAM_GAIN,
            dfr * FOAM_GAIN,
        ];
        let white = white_block(&mut self.white);
        let (mut b1, mut b2, mut b3) = (self.bank1, self.bank2, self.bank3);
        for (i, frame) in out.chunks_exact_mut(2).enumerate() {
            let (wl, wr) = (white[0][i], white[1][i]);
            let y1 = b1.low([wl, wr, wl, wr]);
            let y2 = b2.low([y1[0], y1[1], wl - y1[2], wr - y1[3]]);
            let y3 = b3.low([y2[2], y2[3], wl, wr]);
            frame[0] = y2[0] * g[0] + y3[0] * g[2] + y3[2] * RUMBLE_GAIN;
            frame[1] = y2[1] * g[1] + y3[1] * g[3] + y3[3] * RUMBLE_GAIN;
            g = std::array::from_fn(|k| g[k] + dg[k]);
        }
        (self.bank1, self.bank2, self.bank3) = (b1, b2, b3);
        limit(out);
    }
}
