//! The built-in sounds, synthesized in code: bells (modal synthesis), breathing cue tones and
//! ambient beds (procedural noise). All at 48 kHz, f32, and deterministic: the same samples on
//! every run and every machine, from seeded generators and portable maths; no recordings.
//!
//! Levels at volume 1: bells peak at −4 to −6 dBFS (wood at −12), cue tones at −18 dBFS, beds
//! sit at −17 LUFS (−15 to −22 dBFS RMS, the brighter ones lower). No sample reaches ±1.0.

mod bed;
mod bells;
mod cue;
mod droplets;
mod dsp;
mod modal;
mod noise;
mod ocean;
mod rain;
mod rng;

#[cfg(test)]
mod measure;

pub use bed::{BED_LOUDNESS_LUFS, Bed};
pub use bells::{bell, bell_frames, bell_peak_db};
pub use cue::{CUE_MAX_FRAMES, CUE_PEAK_DB, cue_tone};
pub use dsp::peak;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{BuiltinSound, Phase};

    /// FNV-1a over the samples' bits.
    fn fingerprint(samples: &[f32]) -> u64 {
        samples.iter().fold(0xCBF2_9CE4_8422_2325, |h, y| {
            (h ^ u64::from(y.to_bits())).wrapping_mul(0x0000_0100_0000_01B3)
        })
    }

    /// The exact samples, pinned: they must not change by accident, nor differ between
    /// machines (no maths library is involved). Change a sound on purpose, then update these.
    #[test]
    fn the_sounds_are_bit_for_bit_what_they_were() {
        let mut rain = vec![0.0f32; 2 * 48_000];
        Bed::new(BuiltinSound::Rain, 7).fill(&mut rain);
        let got = [
            fingerprint(&bell(BuiltinSound::Bowl)),
            fingerprint(&bell(BuiltinSound::Wood)),
            fingerprint(&cue_tone(Phase::Inhale, 48_000)),
            fingerprint(&rain),
        ];
        let want = [
            0xb6a0_b991_2504_d2e2,
            0x2725_8d09_97ff_14c3,
            0xf11f_6bda_e12c_4f56,
            0x9468_6881_4fc7_a7cc,
        ];
        assert_eq!(got, want, "{got:#018x?}");
    }
}
