//! The built-in sounds, synthesized in code: bells (modal synthesis), breathing cue tones and
//! ambient beds (procedural noise). All at 48 kHz, f32, and deterministic: the same samples on
//! every run, from seeded generators and a portable sine; no recordings.
//!
//! Levels at volume 1: bells peak at −4 to −6 dBFS (wood at −12), cue tones at −18 dBFS, beds
//! sit at −17 LUFS (about −16 to −20 dBFS RMS). No sample reaches ±1.0.

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
pub use bells::{bell, bell_peak_db};
pub use cue::{CUE_MAX_FRAMES, CUE_PEAK_DB, cue_tone};
