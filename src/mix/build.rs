//! From a timeline and its prepared sounds to a [`Score`]: which buffer each event plays,
//! at what gain, and the ambient bed.

use crate::assets::{Bank, Role, synth};
use crate::script::Sound;
use crate::timeline::{EventKind, Timeline};

use super::{AmbientPlan, AmbientSource, LoopedClip, Score};

/// The score of `timeline` with the sounds in `bank`. `seed` varies the synthesized bed
/// between sessions while keeping each session's render identical every time.
pub fn score(timeline: &Timeline, bank: &Bank, seed: u64) -> Score {
    let ambient = timeline.ambient.as_ref().and_then(|a| {
        let source: Box<dyn AmbientSource> = match &a.sound {
            Sound::Builtin(b) => Box::new(synth::Bed::new(*b, seed)),
            Sound::Clip(c) => Box::new(LoopedClip::new(bank.clip(c, Role::Sound)?)),
        };
        Some(AmbientPlan {
            source,
            gain: a.gain.0,
            fade: a.fade,
            duck: a.duck.0,
        })
    });
    let slots = bank.slots().iter().map(|s| s.pcm.clone()).collect();
    Score::new(
        timeline,
        slots,
        |kind| {
            let slot = bank.slot_of(kind)?;
            let (gain, narration) = match kind {
                EventKind::Bell { gain, .. } => (gain.0, false),
                EventKind::Say { gain, .. } => (gain.0, true),
                _ => (1.0, false),
            };
            Some((slot, bank.slots()[slot].frames, gain, narration))
        },
        ambient,
    )
}

/// A stable seed from a session id (FNV-1a), so each session has its own bed.
pub fn seed_for(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}
