//! What the player does at a `wait` step (still/1.1): the play/pause key lets a held wait
//! go on (anything that plays or pauses, media keys included, comes through
//! [`play_pause`]).

use crate::mix::Controls;

/// What the play/pause key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayPause {
    /// The sit stood at a wait and goes on to the next step.
    WentOn,
    /// Paused (`true`) or resumed.
    Paused(bool),
}

/// The play/pause key: at a held wait it goes on; otherwise it pauses or resumes.
pub fn play_pause(c: &Controls) -> PlayPause {
    if c.is_waiting() && !c.is_paused() {
        c.go_on();
        return PlayPause::WentOn;
    }
    let paused = !c.is_paused();
    c.set_paused(paused);
    PlayPause::Paused(paused)
}

/// Frames of the wait steps from `from` on: a sit that holds at a wait goes on from its
/// end, so their `render_as` is neither played nor practice.
pub fn unplanned(t: &crate::timeline::Timeline, from: u64) -> u64 {
    t.waits()
        .iter()
        .filter(|w| w.0 >= from)
        .map(|w| w.1 - w.0)
        .sum()
}
