//! Ocean: waves breaking on a beach. Each wave (8–14 s, its height and shape varied) swells
//! a low roar, breaks, and washes back as a hiss of foam; under it a constant deep rumble.
//! Every layer keeps one fixed colour and only its level moves: a filter whose cutoff
//! followed the swell would be heard as a sweep on every crest, not as water. One side hears
//! each wave a fraction of a second after the other, as if it ran along the shore; which
//! side hears it first changes from wave to wave.

use super::bed::{BLOCK, Block};
use super::dsp::{FS, Poles4};
use super::noise::{Ramp, limit, white_block};
use super::rng::{Lanes, Rng};

const ROAR_GAIN: f32 = 1.49;
const FOAM_GAIN: f32 = 0.60;
const RUMBLE_GAIN: f32 = 0.15;
/// The foam's band: above 1.5 kHz, softened above 4.5 kHz (two poles).
const FOAM_LOW_HZ: f64 = 1500.0;
const FOAM_HIGH_HZ: f64 = 4500.0;
/// The roar never falls silent between waves: its gain is `FLOOR + swell`, so a trough is
/// about 9 dB below a big wave's crest, not silence.
const FLOOR: f32 = 0.5;
/// Distant surf: a little foam is always there.
const FOAM_FLOOR: f32 = 0.08;
/// The roar's cutoff (two poles), and the rumble's (one).
const ROAR_HZ: f64 = 550.0;
const RUMBLE_HZ: f64 = 120.0;

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
    /// Three filter stages, four lanes each; lanes as written in `render`.
    bank1: Poles4,
    bank2: Poles4,
    bank3: Poles4,
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
            bank1: Poles4::new([ROAR_HZ, ROAR_HZ, FOAM_LOW_HZ, FOAM_LOW_HZ]),
            bank2: Poles4::new([ROAR_HZ, ROAR_HZ, FOAM_HIGH_HZ, FOAM_HIGH_HZ]),
            bank3: Poles4::new([FOAM_HIGH_HZ, FOAM_HIGH_HZ, RUMBLE_HZ, RUMBLE_HZ]),
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

    #[inline(always)]
    pub fn render(&mut self, out: &mut Block) {
        let [(swell_l, foam_l), (swell_r, foam_r)] = self.advance();
        let (gl, dgl) = self.swell[0].to(swell_l);
        let (gr, dgr) = self.swell[1].to(swell_r);
        let (fl, dfl) = self.foam[0].to(foam_l);
        let (fr, dfr) = self.foam[1].to(foam_r);
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
            // Lanes: the roar L, R (two poles); the foam L, R (the noise less its low-pass,
            // then two low-passes); the rumble L, R (one pole).
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

#[cfg(test)]
mod tests {
    use super::super::bed::Bed;
    use super::super::measure::*;
    use crate::script::BuiltinSound;

    #[test]
    fn issue_16_the_ocean_swells_without_a_sweep() {
        // Where the roar's spectrum sits (its centroid over the 250 Hz, 500 Hz and 1 kHz
        // octaves, in quarter seconds) stays put while the waves rise and fall: a cutoff
        // that followed the swell would move it by half an octave with every crest.
        let mut out = vec![0.0f32; 2 * 90 * 48_000];
        Bed::new(BuiltinSound::Ocean, 3).fill(&mut out);
        let left = channel(&out, 0);
        let win = 48_000 / 4;
        let bands: Vec<Vec<f64>> = [250.0, 500.0, 1000.0]
            .iter()
            .map(|&hz| {
                let x = filtered(&left, &[Biquad::band_pass(hz, 1.41); 2]);
                x.chunks(win)
                    .map(|w| w.iter().map(|y| y * y).sum())
                    .collect()
            })
            .collect();
        let windows = bands[0].len();
        let level: Vec<f64> = (0..windows)
            .map(|i| bands.iter().map(|b| b[i]).sum::<f64>())
            .collect();
        let centroid: Vec<f64> = (0..windows)
            .map(|i| (0..3).map(|k| k as f64 * bands[k][i]).sum::<f64>() / level[i])
            .collect();
        let mut sorted = level.clone();
        sorted.sort_by(f64::total_cmp);
        let quiet = sorted[windows / 4];
        let mut loud: Vec<f64> = (0..windows)
            .filter(|&i| level[i] > quiet)
            .map(|i| centroid[i])
            .collect();
        loud.sort_by(f64::total_cmp);
        let n = loud.len() - 1;
        let moves = loud[n * 9 / 10] - loud[n / 10];
        eprintln!("ocean centroid moves {moves:.3} octaves");
        assert!(
            moves < 0.25,
            "the centroid moves {moves:.3} octaves with the waves"
        );
        // The waves are still there: the level swings by well over 6 dB.
        let swing = 10.0 * (sorted[windows * 95 / 100] / sorted[windows / 20]).log10();
        assert!(swing > 6.0, "the level swings {swing:.1} dB");
    }
}
