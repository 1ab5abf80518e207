//! The built-in sounds, synthesized in code: bells (modal synthesis).
//! All at 48 kHz, f32, and deterministic: the same samples on every run, from seeded generators
//! and a portable sine; no recordings.
//!
//! Levels at volume 1: bells peak at −4 to −6 dBFS (wood at −12). No sample reaches ±1.0.

mod bells;
mod dsp;
mod modal;
mod rng;

#[cfg(test)]
mod measure;

pub use bells::{bell, bell_peak_db};
