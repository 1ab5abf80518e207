//! What the player draws: the progress line (indicatif), the step, the breathing pacer and
//! the caption. Fits 80×24, reads without colour, and turns into plain lines on a pipe.

pub mod pacer;
pub mod term;
pub mod view;

pub use view::{Screen, State, screen};
