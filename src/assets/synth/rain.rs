//! Rain: a soft band of filtered noise (the wash), a faint patter of tiny soft impacts, a
//! little low body, and sparse droplets (small bubbles that ring and rise in pitch as they
//! close) at random times, pitches and places. The shower's density drifts slowly and moves
//! all of them together.

use super::bed::{BLOCK, Block};
use super::droplets::Droplets;
use super::dsp::{Drift, FS, Poles4, ln};
use super::noise::{Ramp, limit, white_block};
use super::rng::{Lanes, Rng};

/// Droplets per second at the lightest and the heaviest moments.
const RATE_LIGHT: f64 = 3.0;
const RATE_HEAVY: f64 = 16.0;
/// Patter impacts per second on each side, lightest and heaviest.
const PATTER_LIGHT: f32 = 400.0;
const PATTER_HEAVY: f32 = 1500.0;
const WASH_GAIN: f32 = 0.426;
const PATTER_GAIN: f32 = 1.0;
const BODY_GAIN: f32 = 0.0426;
const DROP_GAIN: f32 = 0.116;

/// The rain bed's state.
#[derive(Debug, Clone)]
pub struct Rain {
    white: Lanes,
    /// Choices about droplets come from their own stream, so the noise does not depend on them.
    drop_rng: Rng,
    /// Wash band and body: low-passes at 4 kHz and 400 Hz of the white noise (L, R, L, R).
    band: Poles4,
    /// Patter band: low-passes at 2.5 kHz and 700 Hz of the impacts (soft taps).
    patter: Poles4,
    /// A second pole on the wash at 5 kHz, and on the body at 250 Hz.
    soften: Poles4,
    density: Drift,
    flutter: [Drift; 2],
    wash_gain: [Ramp; 2],
    /// How heavy the shower is now, in [0, 1].
    heavy: f32,
    drops: Droplets,
    /// Frames from the start of the current block to the next droplet.
    next_drop: usize,
    /// Frames from the start of the current block to each side's next patter impact.
    next_hit: [usize; 2],
}

impl Rain {
    pub fn new(mut rng: Rng) -> Rain {
        let drop_rng = rng.fork();
        let density = Drift::new(rng.fork(), 8.0, 25.0);
        let flutter = [
            Drift::new(rng.fork(), 0.7, 2.5),
            Drift::new(rng.fork(), 0.7, 2.5),
        ];
        let mut rain = Rain {
            white: Lanes::new(&mut rng),
            drop_rng,
            band: Poles4::new([4000.0, 4000.0, 400.0, 400.0]),
            patter: Poles4::new([2500.0, 2500.0, 700.0, 700.0]),
            soften: Poles4::new([5000.0, 5000.0, 250.0, 250.0]),
            density,
            flutter,
            wash_gain: [Ramp(0.0); 2],
            heavy: 0.5,
            drops: Droplets::new(),
            next_drop: 0,
            next_hit: [0; 2],
        };
        rain.controls();
        rain.next_drop = rain.gap();
        rain
    }

    /// Reads the slow controls for the coming block: the density and each side's flutter.
    fn controls(&mut self) -> [f32; 2] {
        self.heavy = 0.5 + 0.5 * self.density.advance(BLOCK as u32);
        let level = WASH_GAIN * (0.75 + 0.35 * self.heavy);
        [0, 1].map(|ch| level * (1.0 + 0.1 * self.flutter[ch].advance(BLOCK as u32)))
    }

    pub fn render(&mut self, out: &mut Block) {
        let targets = self.controls();
        let (gl, dgl) = self.wash_gain[0].to(targets[0]);
        let (gr, dgr) = self.wash_gain[1].to(targets[1]);
        let (mut g, dg) = ([gl, gr], [dgl, dgr]);
        // The patter's impacts for this block: a few per side, at random frames, mostly faint.
        let rate = PATTER_LIGHT + (PATTER_HEAVY - PATTER_LIGHT) * self.heavy;
        let mean_gap = FS as f32 / rate;
        let mut hits = [[0.0f32; BLOCK]; 2];
        for (ch, side) in hits.iter_mut().enumerate() {
            while self.next_hit[ch] < BLOCK {
                let u = self.drop_rng.bipolar();
                side[self.next_hit[ch]] = u * u * u;
                let gap = mean_gap * (0.1 + 1.8 * (0.5 + 0.5 * self.drop_rng.bipolar()));
                self.next_hit[ch] += (gap as usize).max(1);
            }
            self.next_hit[ch] -= BLOCK;
        }
        let white = white_block(&mut self.white);
        let (mut band, mut patter, mut soften) = (self.band, self.patter, self.soften);
        for (i, frame) in out.chunks_exact_mut(2).enumerate() {
            let (wl, wr) = (white[0][i], white[1][i]);
            let (il, ir) = (hits[0][i], hits[1][i]);
            let b4 = band.low([wl, wr, wl, wr]);
            let p4 = patter.low([il, ir, il, ir]);
            let s4 = soften.low([b4[0] - b4[2], b4[1] - b4[3], b4[2], b4[3]]);
            frame[0] = s4[0] * g[0] + (p4[0] - p4[2]) * PATTER_GAIN + s4[2] * BODY_GAIN;
            frame[1] = s4[1] * g[1] + (p4[1] - p4[3]) * PATTER_GAIN + s4[3] * BODY_GAIN;
            g = [g[0] + dg[0], g[1] + dg[1]];
        }
        (self.band, self.patter, self.soften) = (band, patter, soften);
        while self.next_drop < BLOCK {
            self.spawn(self.next_drop);
            self.next_drop += self.gap();
        }
        self.next_drop -= BLOCK;
        self.drops.add_to(out);
        limit(out);
    }

    /// Frames to the next droplet: exponential gaps, a Poisson shower at the current density.
    fn gap(&mut self) -> usize {
        let rate = RATE_LIGHT + (RATE_HEAVY - RATE_LIGHT) * f64::from(self.heavy);
        let gap = -ln(1.0 - self.drop_rng.unit()) / rate;
        ((gap * FS) as usize).max(1)
    }

    /// Starts a droplet at frame `start` of the current block: many faint ones, a few clearer.
    fn spawn(&mut self, start: usize) {
        let u = self.drop_rng.unit() as f32;
        let amp = DROP_GAIN * (0.15 + 0.85 * u * u * u) * (0.7 + 0.3 * self.heavy);
        self.drops.start(&mut self.drop_rng, start, amp);
    }
}
