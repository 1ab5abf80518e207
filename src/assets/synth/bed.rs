//! Ambient beds: endless stereo generators. Each is procedural (never a loop), has no DC, and
//! sits at −17 LUFS at volume 1 (from −15 dBFS RMS for brown noise to about −21 for the
//! brighter ones), so that a script's `volume: -24dB` is a soft background and every bed sounds as loud.

use crate::script::BuiltinSound;

use super::noise::{Brown, Pink};
use super::ocean::Ocean;
use super::rain::Rain;
use super::rng::Rng;

/// The loudness, in LUFS (BS.1770, both channels), that every bed is designed to sit at.
pub const BED_LOUDNESS_LUFS: f64 = -17.0;

/// Generators work in blocks of this many frames, aligned to the start of the stream: slow
/// controls (drifts, wave envelopes) are read once per block, and the inner loops stay tight.
pub(super) const BLOCK: usize = 64;

/// One block of interleaved stereo.
pub(super) type Block = [f32; 2 * BLOCK];

/// An ambient bed: an endless generator, stereo interleaved.
///
/// [`Bed::fill`] does not allocate, lock or do I/O, and the stream does not depend on how the
/// caller splits it into calls: the generator renders fixed blocks counted from the stream's
/// start, and `fill` copies from them.
#[derive(Debug, Clone)]
pub struct Bed {
    kind: Kind,
    block: Block,
    /// The next unread sample of `block`; `block.len()` when it is used up.
    read: usize,
}

#[derive(Debug, Clone)]
enum Kind {
    Silent,
    Brown(Brown),
    Pink(Pink),
    Rain(Box<Rain>),
    Ocean(Box<Ocean>),
}

impl Bed {
    /// A bed for `sound`, its randomness drawn from `seed` (the same seed, the same stream).
    /// A bell is not a bed: it gives a silent bed.
    pub fn new(sound: BuiltinSound, seed: u64) -> Bed {
        // Mix the sound into the seed, so that two beds with one seed are not related.
        let rng = Rng::new(seed ^ (sound as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let kind = match sound {
            BuiltinSound::BrownNoise => Kind::Brown(Brown::new(rng)),
            BuiltinSound::PinkNoise => Kind::Pink(Pink::new(rng)),
            BuiltinSound::Rain => Kind::Rain(Box::new(Rain::new(rng))),
            BuiltinSound::Ocean => Kind::Ocean(Box::new(Ocean::new(rng))),
            BuiltinSound::Bowl
            | BuiltinSound::Rin
            | BuiltinSound::Gong
            | BuiltinSound::Chime
            | BuiltinSound::Wood => Kind::Silent,
        };
        Bed {
            kind,
            block: [0.0; 2 * BLOCK],
            read: 2 * BLOCK,
        }
    }

    /// Writes the next `out.len() / 2` frames, stereo interleaved (left, right, left, …).
    /// `out.len()` should be even; a trailing odd sample is written as silence.
    pub fn fill(&mut self, out: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: this CPU has AVX2, as just checked.
            unsafe { self.fill_avx2(out) };
            return;
        }
        self.fill_any(out);
    }

    /// [`Bed::fill`] compiled for AVX2: the same operations in the same order on wider
    /// registers, so the same samples (no fused multiply-add, which rounds differently).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn fill_avx2(&mut self, out: &mut [f32]) {
        self.fill_any(out);
    }

    #[inline(always)]
    fn fill_any(&mut self, out: &mut [f32]) {
        debug_assert!(out.len().is_multiple_of(2), "a stereo buffer of odd length");
        let even = out.len() & !1;
        let (mut frames, rest) = out.split_at_mut(even);
        rest.fill(0.0);
        if let Kind::Silent = self.kind {
            frames.fill(0.0);
            return;
        }
        while !frames.is_empty() {
            if self.read == self.block.len() {
                self.render();
                self.read = 0;
            }
            let n = frames.len().min(self.block.len() - self.read);
            let (now, later) = frames.split_at_mut(n);
            now.copy_from_slice(&self.block[self.read..self.read + n]);
            self.read += n;
            frames = later;
        }
    }

    #[inline(always)]
    fn render(&mut self) {
        let out = &mut self.block;
        match &mut self.kind {
            Kind::Silent => out.fill(0.0),
            Kind::Brown(g) => g.render(out),
            Kind::Pink(g) => g.render(out),
            Kind::Rain(g) => g.render(out),
            Kind::Ocean(g) => g.render(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dsp::FS;
    use super::super::measure::*;
    use super::*;

    fn render(sound: BuiltinSound, seed: u64, seconds: f64, block: usize) -> Vec<f32> {
        let mut bed = Bed::new(sound, seed);
        let mut out = vec![0.0f32; 2 * (seconds * FS) as usize];
        for chunk in out.chunks_mut(2 * block) {
            bed.fill(chunk);
        }
        out
    }

    #[test]
    fn beds_are_deterministic_per_seed() {
        for b in BuiltinSound::BEDS {
            let a = render(b, 42, 0.5, 4096);
            assert_eq!(a, render(b, 42, 0.5, 4096), "{}", b.name());
            assert_ne!(a, render(b, 43, 0.5, 4096), "{}", b.name());
        }
    }

    #[test]
    fn every_processor_gets_the_same_samples() {
        // `fill` takes the AVX2 build where the processor has it; both builds must agree to
        // the bit, or a render would differ between machines.
        for b in BuiltinSound::BEDS {
            let (mut fast, mut any) = (Bed::new(b, 5), Bed::new(b, 5));
            let (mut x, mut y) = (vec![0.0f32; 2 * 48_000], vec![0.0f32; 2 * 48_000]);
            fast.fill(&mut x);
            any.fill_any(&mut y);
            assert!(
                x.iter().zip(&y).all(|(a, b)| a.to_bits() == b.to_bits()),
                "{}",
                b.name()
            );
        }
    }

    #[test]
    fn beds_do_not_depend_on_block_size() {
        for b in BuiltinSound::BEDS {
            let whole = render(b, 7, 2.0, 4096);
            assert_eq!(whole, render(b, 7, 2.0, 64), "{} in blocks of 64", b.name());
            assert_eq!(whole, render(b, 7, 2.0, 1), "{} frame by frame", b.name());
            // Uneven blocks, as a renderer splitting at event frames makes them.
            let mut bed = Bed::new(b, 7);
            let mut out = vec![0.0f32; whole.len()];
            let mut at = 0;
            for (i, n) in [1usize, 333, 4096, 17, 2, 1000].iter().cycle().enumerate() {
                if at == out.len() || i > 10_000 {
                    break;
                }
                let end = (at + 2 * n).min(out.len());
                bed.fill(&mut out[at..end]);
                at = end;
            }
            assert_eq!(whole, out, "{} in uneven blocks", b.name());
        }
    }

    #[test]
    fn a_bell_makes_a_silent_bed() {
        let mut bed = Bed::new(BuiltinSound::Bowl, 1);
        let mut out = vec![1.0f32; 256];
        bed.fill(&mut out);
        assert!(out.iter().all(|&y| y == 0.0));
    }

    /// An odd length is the caller's bug: debug builds say so; release builds write the
    /// trailing sample as silence and keep the channels in step.
    #[test]
    #[cfg_attr(debug_assertions, should_panic(expected = "odd length"))]
    fn an_odd_buffer_ends_in_silence() {
        let mut bed = Bed::new(BuiltinSound::PinkNoise, 1);
        let mut out = vec![1.0f32; 7];
        bed.fill(&mut out);
        assert_eq!(out[6], 0.0);
    }

    #[test]
    fn beds_sit_near_minus_17_lufs_without_dc_or_overs() {
        for b in BuiltinSound::BEDS {
            let out = render(b, 1, 30.0, 4096);
            assert!(out.iter().all(|y| y.is_finite()), "{}", b.name());
            let (lufs, level) = (loudness_lufs(&out), rms_db(&out));
            assert!(
                (lufs - BED_LOUDNESS_LUFS).abs() < 1.0,
                "{}: {lufs} LUFS",
                b.name()
            );
            // Brown noise is designed at -15 dBFS RMS; over 30 s its level wanders by about
            // ±0.4 dB with the seed, since most of its energy is in the slowest movements.
            assert!(
                (-23.0..-14.0).contains(&level),
                "{}: {level} dBFS",
                b.name()
            );
            let p = peak(&out);
            assert!(p < 0.9, "{}: peak {p}", b.name());
            for ch in 0..2 {
                let dc = mean(&channel(&out, ch)).abs();
                assert!(dc < 0.002, "{}: DC {dc}", b.name());
            }
        }
    }

    #[test]
    fn beds_are_wide() {
        for b in BuiltinSound::BEDS {
            let out = render(b, 5, 4.0, 4096);
            let r = correlation(&channel(&out, 0), &channel(&out, 1));
            assert!((0.0..0.6).contains(&r), "{}: L/R correlation {r}", b.name());
        }
    }

    #[test]
    fn brown_is_darker_than_pink_and_pink_than_white() {
        let brown = channel(&render(BuiltinSound::BrownNoise, 3, 2.0, 4096), 0);
        let pink = channel(&render(BuiltinSound::PinkNoise, 3, 2.0, 4096), 0);
        let (b, p) = (brightness(&brown), brightness(&pink));
        // White noise's first difference has √2 times its level.
        assert!(b < p * 0.5 && p < 1.0, "brown {b}, pink {p}");
        // Pink loses 3 dB per octave: about 10 dB from 200 Hz to 2 kHz.
        let band = |x: &[f32], hz: f64| {
            let hp = high_passed(x, hz);
            f64::from(rms(&hp))
        };
        let tilt = 20.0 * (band(&pink, 4000.0) / band(&pink, 400.0)).log10();
        assert!((-12.0..-3.0).contains(&tilt), "pink tilt {tilt} dB");
    }

    #[test]
    fn the_ocean_swells_and_the_rain_varies() {
        // Level in 1 s windows over 40 s: waves make it rise and fall by several dB.
        let ocean = render(BuiltinSound::Ocean, 9, 40.0, 4096);
        let win = 2 * FS as usize;
        let levels: Vec<f64> = ocean.chunks(win).map(rms_db).collect();
        let (lo, hi) = levels
            .iter()
            .fold((f64::MAX, f64::MIN), |(l, h), &x| (l.min(x), h.max(x)));
        assert!(hi - lo > 6.0, "ocean swings {lo}..{hi} dB");
        // Rain's gusts and density move its level too, by less.
        let rain = render(BuiltinSound::Rain, 9, 40.0, 4096);
        let levels: Vec<f64> = rain.chunks(win).map(rms_db).collect();
        let (lo, hi) = levels
            .iter()
            .fold((f64::MAX, f64::MIN), |(l, h), &x| (l.min(x), h.max(x)));
        assert!(
            (3.0..12.0).contains(&(hi - lo)),
            "rain swings {lo}..{hi} dB"
        );
    }

    #[test]
    fn ocean_waves_come_every_8_to_14_seconds() {
        // Count the times the level (in half-second windows) rises through its median.
        let ocean = channel(&render(BuiltinSound::Ocean, 4, 90.0, 4096), 0);
        let levels: Vec<f64> = ocean.chunks(FS as usize / 2).map(rms_db).collect();
        let mut sorted = levels.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        let waves = levels
            .windows(2)
            .filter(|w| w[0] < median && w[1] >= median)
            .count();
        assert!((6..=11).contains(&waves), "{waves} waves in 90 s");
    }
}
