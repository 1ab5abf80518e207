//! A timeline made audible: each event that sounds becomes a hit of a prepared buffer at
//! its frame, with its gain; the session's end includes the ring-out.

use std::sync::Arc;

use crate::assets::Pcm;

use super::AmbientSource;
use crate::timeline::{EventKind, RATE, Timeline};

/// Sound rings on past the last step for at most this long.
pub const MAX_RING_OUT: u64 = 12 * RATE as u64;
/// The ring-out's last stretch fades to silence over this long (or less, if it is shorter).
pub const RING_OUT_FADE: u64 = 2 * RATE as u64;
/// At most this many sounds play at once; enough for any sane script.
pub const MAX_SOUNDING: usize = 4096;

/// The four parts of a mix, for `render --stems`: each sound is in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stem {
    /// Narration.
    Voice,
    /// Bell strikes, interval bells included.
    Bells,
    /// Breathing cues: the tones and the knocks.
    Cues,
    /// The ambient bed.
    Bed,
}

impl Stem {
    pub const ALL: [Stem; 4] = [Stem::Voice, Stem::Bells, Stem::Cues, Stem::Bed];

    /// The stem's file name, without `.wav`.
    pub fn name(self) -> &'static str {
        match self {
            Stem::Voice => "voice",
            Stem::Bells => "bells",
            Stem::Cues => "cues",
            Stem::Bed => "bed",
        }
    }

    /// The stem an event's sound belongs to; `None` for events that make none.
    pub fn of(kind: &EventKind) -> Option<Stem> {
        match kind {
            EventKind::Say { .. } => Some(Stem::Voice),
            EventKind::Bell { .. } => Some(Stem::Bells),
            EventKind::Cue { .. } => Some(Stem::Cues),
            EventKind::Step { .. } => None,
        }
    }
}

/// A sound starting at a frame.
#[derive(Debug, Clone)]
pub struct Hit {
    pub frame: u64,
    /// Which of [`Score::slots`] it plays.
    pub slot: usize,
    /// The sound's length, known even before it is loaded.
    pub frames: u64,
    pub gain: f32,
    /// Narration ducks the ambient bed while it plays.
    pub narration: bool,
    pub stem: Stem,
}

pub struct AmbientPlan {
    pub source: Box<dyn AmbientSource>,
    pub gain: f32,
    /// Fade in from the start and out to the end, in frames.
    pub fade: u64,
    /// Gain of the bed while narration plays.
    pub duck: f32,
}

/// Everything the renderer plays.
pub struct Score {
    pub hits: Vec<Hit>,
    /// The sounds, by slot; a slot may be empty until a live sit's loader fills it.
    pub slots: Vec<Option<Arc<Pcm>>>,
    /// The end of the last step.
    pub length: u64,
    /// The end of the sound: `length` plus the ring-out.
    pub end: u64,
    pub ambient: Option<AmbientPlan>,
    /// The most hits sounding at once: the renderer reserves room for this many.
    pub max_sounding: usize,
    /// Where each `wait` step starts and ends: a live sit may hold there (still/1.1).
    pub waits: Vec<(u64, u64)>,
}

impl Score {
    /// Builds the score of `timeline`. `resolve` gives the slot, length, gain and whether it
    /// is narration for each event that sounds (`None` for silent ones: steps, captions
    /// without a clip, cues without a sound).
    pub fn new(
        timeline: &Timeline,
        slots: Vec<Option<Arc<Pcm>>>,
        mut resolve: impl FnMut(&EventKind) -> Option<(usize, u64, f32, bool)>,
        ambient: Option<AmbientPlan>,
    ) -> Score {
        let mut hits = vec![];
        for e in &timeline.events {
            if let Some((slot, frames, gain, narration)) = resolve(&e.kind)
                && frames > 0
                && let Some(stem) = Stem::of(&e.kind)
            {
                hits.push(Hit {
                    frame: e.frame,
                    slot,
                    frames,
                    gain,
                    narration,
                    stem,
                });
            }
        }
        let length = timeline.length;
        let tail = hits.iter().map(|h| h.frame + h.frames).max().unwrap_or(0);
        let end = tail.clamp(length, length + MAX_RING_OUT);
        let max_sounding = max_overlap(&hits).min(MAX_SOUNDING);
        Score {
            hits,
            slots,
            length,
            end,
            ambient,
            max_sounding,
            waits: timeline.waits(),
        }
    }
}

/// When one slot's sound is heard: the span of each of its hits, in the order they start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heard {
    /// (first frame, end) of each hit.
    pub spans: Vec<(u64, u64)>,
}

impl Heard {
    /// The frame it is first heard, if it is heard at all.
    pub fn first(&self) -> Option<u64> {
        self.spans.first().map(|s| s.0)
    }

    /// The frame its last hit ends.
    pub fn last_end(&self) -> Option<u64> {
        self.spans.iter().map(|s| s.1).max()
    }

    /// Whether any hit sounds between `from` and `to`.
    pub fn during(&self, from: u64, to: u64) -> bool {
        self.spans
            .iter()
            .any(|&(start, end)| start < to && end > from)
    }
}

impl Score {
    /// When each slot is heard, by slot: the render feed decodes clips in the order they
    /// are first heard and lets them go after their last; a live sit's loader holds a clip
    /// only while one of its hits is near.
    pub fn heard(&self) -> Vec<Heard> {
        let mut heard = vec![Heard::default(); self.slots.len()];
        for h in &self.hits {
            heard[h.slot].spans.push((h.frame, h.frame + h.frames));
        }
        heard
    }
}

/// The most hits that overlap at any frame.
fn max_overlap(hits: &[Hit]) -> usize {
    let mut edges: Vec<(u64, i32)> = hits
        .iter()
        .flat_map(|h| [(h.frame, 1), (h.frame + h.frames, -1)])
        .collect();
    edges.sort_by_key(|&(f, d)| (f, d));
    let (mut now, mut most) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        most = most.max(now);
    }
    most.max(1) as usize
}
