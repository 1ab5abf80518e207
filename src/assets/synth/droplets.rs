//! Rain droplets: small bubbles that ring and rise in pitch as they close ("plink"). A bank of
//! them is rendered once per process; the rain plays them back at random times, loudness and
//! places, so a droplet costs two multiply-adds per frame while it rings.

use std::sync::OnceLock;

use super::bed::{BLOCK, Block};
use super::dsp::{FS, exp, ln, sin_turns};
use super::rng::Rng;

/// How many different droplets the bank holds, spread over the pitch range.
const GRAINS: usize = 48;
const LOWEST_HZ: f64 = 1400.0;
const HIGHEST_HZ: f64 = 4500.0;
/// At most this many droplets ring at once; a new one past this is skipped.
const MAX_SOUNDING: usize = 16;

/// The rendered droplets, each peaking at 1.0, end to end.
struct Bank {
    samples: Vec<f32>,
    /// Where each droplet starts in `samples`, and its length.
    grains: Vec<(u32, u32)>,
}

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(render_bank)
}

/// One droplet: a sine whose pitch rises by 15–50 % as it decays (time constant 4–12 ms,
/// shorter for small, high drops), after a 0.4 ms rise so it starts without a click. It
/// rings until 80 dB down.
fn render_bank() -> Bank {
    let mut rng = Rng::new(0xD209);
    let mut samples = Vec::new();
    let mut grains = Vec::with_capacity(GRAINS);
    for k in 0..GRAINS {
        let x = (k as f64 + rng.unit()) / GRAINS as f64;
        let hz = LOWEST_HZ * exp(x * ln(HIGHEST_HZ / LOWEST_HZ));
        let tau = 0.004 + 0.008 * rng.unit() * (1500.0 / hz).min(1.0);
        let rise = 0.0004;
        let len = ((tau * ln(1e4) + 5.0 * rise) * FS) as usize;
        let glide = rng.range(0.15, 0.5);
        let (d1, d2) = (exp(-1.0 / (tau * FS)), exp(-1.0 / (rise * FS)));
        let (mut e1, mut e2, mut turns) = (1.0f64, 1.0f64, 0.0f64);
        let start = samples.len();
        for i in 0..len {
            samples.push(((e1 - e2) * sin_turns(turns)) as f32);
            let hz_now = hz * (1.0 + glide * i as f64 / len as f64);
            turns = (turns + hz_now / FS).fract();
            e1 *= d1;
            e2 *= d2;
        }
        let grain = &mut samples[start..];
        let peak = grain.iter().fold(0.0f32, |m, y| m.max(y.abs()));
        grain.iter_mut().for_each(|y| *y /= peak);
        grains.push((start as u32, len as u32));
    }
    Bank { samples, grains }
}

#[derive(Debug, Clone, Copy, Default)]
struct Voice {
    /// The rest of its grain still to play: from `pos` up to `end` in the bank.
    pos: u32,
    end: u32,
    gain: [f32; 2],
    /// The frame of the current block where it starts (0 after its first block).
    at: usize,
}

/// The droplets ringing now.
#[derive(Clone)]
pub struct Droplets {
    bank: &'static Bank,
    voices: [Voice; MAX_SOUNDING],
    active: usize,
}

impl std::fmt::Debug for Droplets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Droplets")
            .field("active", &self.active)
            .finish()
    }
}

impl Droplets {
    /// Renders the bank if this process has not yet (a few milliseconds, once).
    pub fn new() -> Droplets {
        Droplets {
            bank: bank(),
            voices: [Voice::default(); MAX_SOUNDING],
            active: 0,
        }
    }

    /// Starts a droplet at frame `at` of the current block, peaking at `amp`, its pitch and
    /// place chosen by `rng`.
    pub fn start(&mut self, rng: &mut Rng, at: usize, amp: f32) {
        let k = ((rng.unit() * GRAINS as f64) as usize).min(GRAINS - 1);
        let pan = rng.unit() as f32;
        if self.active == MAX_SOUNDING {
            return;
        }
        let (pos, len) = self.bank.grains[k];
        self.voices[self.active] = Voice {
            pos,
            end: pos + len,
            gain: [amp * (0.4 + 0.6 * (1.0 - pan)), amp * (0.4 + 0.6 * pan)],
            at,
        };
        self.active += 1;
    }

    /// Adds this block of every ringing droplet to `out`.
    pub fn add_to(&mut self, out: &mut Block) {
        let mut k = 0;
        while k < self.active {
            let v = &mut self.voices[k];
            let n = (BLOCK - v.at).min((v.end - v.pos) as usize);
            let grain = &self.bank.samples[v.pos as usize..v.pos as usize + n];
            let frames = &mut out[2 * v.at..2 * (v.at + n)];
            for (frame, &s) in frames.chunks_exact_mut(2).zip(grain) {
                frame[0] += s * v.gain[0];
                frame[1] += s * v.gain[1];
            }
            v.pos += n as u32;
            v.at = 0;
            if v.pos == v.end {
                self.active -= 1;
                self.voices[k] = self.voices[self.active];
            } else {
                k += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_holds_soft_edged_droplets_across_the_range() {
        let b = bank();
        assert_eq!(b.grains.len(), GRAINS);
        for &(start, len) in &b.grains {
            let g = &b.samples[start as usize..(start + len) as usize];
            let peak = g.iter().fold(0.0f32, |m, y| m.max(y.abs()));
            assert!((peak - 1.0).abs() < 1e-6);
            // Starts from silence (no click), rings out to 80 dB down.
            assert!(g[0].abs() < 0.01 && g[1].abs() < 0.2, "{:?}", &g[..3]);
            assert!(g[g.len() - 1].abs() < 2e-4);
            assert!(len as f64 / FS < 0.15);
        }
    }

    #[test]
    fn droplets_play_across_blocks_and_stop() {
        let mut d = Droplets::new();
        let mut rng = Rng::new(1);
        d.start(&mut rng, 60, 0.5);
        let mut total = 0.0;
        for _ in 0..200 {
            let mut out = [0.0f32; 2 * BLOCK];
            d.add_to(&mut out);
            total += out.iter().map(|y| y.abs()).sum::<f32>();
        }
        assert!(total > 1.0);
        assert_eq!(d.active, 0);
    }
}
