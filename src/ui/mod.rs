//! What the player draws: the title, the progress bar and clock, the step, the breathing
//! pacer, the caption and the keys that work. Every line fits the terminal's width at any
//! size, a compact layout on a small one; plain lines for screen readers and logs are the
//! player's own (`player::plain`), from the same [`moment`].

mod compact;
pub mod moment;
pub mod pacer;
pub mod term;
pub mod view;

pub use view::{OpenSit, Screen, State, screen};
