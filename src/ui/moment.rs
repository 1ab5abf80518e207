//! What is sounding at a position: the breathing cue and its round, the caption. Read by
//! the screen and by the plain lines alike, so both say the same thing.

use crate::i18n::{Messages, id};
use crate::script::Phase;
use crate::timeline::{EventKind, Timeline};

/// The breathing cue sounding at a position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Breath {
    pub phase: Phase,
    /// The phase before it in the same step: the sigh's second inhale continues the first.
    pub previous: Option<Phase>,
    pub start: u64,
    pub length: u64,
}

impl Breath {
    /// Whether this phase begins a breath: an inhale that does not follow another.
    pub fn begins_round(&self) -> bool {
        self.phase == Phase::Inhale && self.previous != Some(Phase::Inhale)
    }

    /// The phase as a plain line reads it out: `in`, `hold`, `out`, `rest`.
    pub fn word(&self, words: &Messages) -> String {
        words.text(match self.phase {
            Phase::Inhale if !self.begins_round() => id::PLAIN_IN_MORE,
            Phase::Inhale => id::PLAIN_IN,
            Phase::Hold => id::PLAIN_HOLD,
            Phase::Exhale => id::PLAIN_OUT,
            Phase::Rest => id::PLAIN_REST,
        })
    }
}

/// The breathing phase sounding at `pos`.
pub fn breath(t: &Timeline, pos: u64) -> Option<Breath> {
    let upto = t.events.partition_point(|e| e.frame <= pos);
    let mut before = t.events[..upto].iter().rev();
    // The latest cue or step start at or before `pos` decides.
    let (phase, start, length) = loop {
        let e = before.next()?;
        match e.kind {
            EventKind::Cue { phase, length, .. } => break (phase, e.frame, length),
            EventKind::Step { .. } => return None,
            _ => {}
        }
    };
    if pos >= start + length {
        return None;
    }
    let previous = before
        .find_map(|e| match e.kind {
            EventKind::Cue { phase, .. } => Some(Some(phase)),
            EventKind::Step { .. } => Some(None),
            _ => None,
        })
        .flatten();
    Some(Breath {
        phase,
        previous,
        start,
        length,
    })
}

/// Which breath of its `breathe` step `pos` is in, and how many the step has: (3, 10) is
/// "round 3 of 10". A breath begins with an inhale that does not follow another (the
/// sigh's top-up is part of the same breath).
pub fn round(t: &Timeline, pos: u64) -> Option<(usize, usize)> {
    let i = t.step_at(pos)?;
    let step = &t.steps[i];
    if step.kind != "breathe" || pos >= step.start + step.length {
        return None;
    }
    let from = t.events.partition_point(|e| e.frame < step.start);
    let to = t
        .events
        .partition_point(|e| e.frame < step.start + step.length);
    let (mut total, mut current, mut last) = (0, 0, None);
    for e in &t.events[from..to] {
        if let EventKind::Cue { phase, .. } = e.kind {
            if phase == Phase::Inhale && last != Some(Phase::Inhale) {
                total += 1;
                if e.frame <= pos {
                    current = total;
                }
            }
            last = Some(phase);
        }
    }
    (total > 0 && current > 0).then_some((current, total))
}

/// The say line being spoken at `pos`: the whole line, through its inline pauses.
pub fn caption(t: &Timeline, pos: u64) -> Option<&str> {
    let upto = t.steps.partition_point(|s| s.start <= pos);
    t.steps[..upto]
        .iter()
        .rev()
        .find(|s| s.kind == "say" && pos < s.start + s.length)
        .map(|s| s.label.as_str())
}

/// The text of the `wait` step at `pos`, if one is there.
pub fn wait(t: &Timeline, pos: u64) -> Option<&str> {
    let i = t.step_at(pos)?;
    let s = &t.steps[i];
    (s.kind == "wait" && pos < s.start + s.length.max(1)).then_some(s.label.as_str())
}

/// The note of the step at `pos` (still/1.1).
pub fn note(t: &Timeline, pos: u64) -> Option<&str> {
    let i = t.step_at(pos).filter(|_| pos < t.length)?;
    t.steps[i].note.as_deref()
}

/// Whether the session says anything, so that `c` has captions to turn off.
pub fn has_captions(t: &Timeline) -> bool {
    t.events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Say { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{NoFolder, SourceFile, parse};
    use crate::timeline::{ClipLengths, compile};

    fn timeline(steps: &str) -> Timeline {
        let s = parse(
            &SourceFile::new(
                "t.yaml",
                format!("format: still/1\ntitle: T\nsteps:\n{steps}"),
            ),
            "t",
            &NoFolder,
        )
        .unwrap();
        compile(&s, &[], &ClipLengths::new()).unwrap()
    }

    #[test]
    fn issue_14_a_breathe_step_counts_its_rounds() {
        // Box: 4 s in, hold, out, rest; 16 s a round.
        let t = timeline("  - pause: 2s\n  - breathe: { pattern: box, rounds: 3 }\n");
        let at = |s: u64| round(&t, s * 48_000);
        assert_eq!(at(1), None, "not during the pause");
        assert_eq!(at(2), Some((1, 3)));
        assert_eq!(at(17), Some((1, 3)));
        assert_eq!(at(18), Some((2, 3)));
        assert_eq!(at(2 + 16 * 2 + 1), Some((3, 3)));
        assert_eq!(at(2 + 16 * 3 + 1), None, "after the step");
    }

    #[test]
    fn issue_14_the_sighs_second_inhale_is_the_same_round() {
        let t = timeline("  - breathe: { pattern: sigh, rounds: 2 }\n");
        let rounds: Vec<_> = t
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Cue { .. }))
            .map(|e| round(&t, e.frame).unwrap())
            .collect();
        assert_eq!(rounds.first(), Some(&(1, 2)));
        assert_eq!(rounds.last(), Some(&(2, 2)));
        assert_eq!(rounds.iter().filter(|r| r.0 == 1).count(), rounds.len() / 2);
    }

    #[test]
    fn captions_are_found_only_where_something_is_said() {
        let t = timeline("  - say: Hello.\n  - pause: 1s\n");
        assert_eq!(caption(&t, 100), Some("Hello."));
        assert!(has_captions(&t));
        assert!(!has_captions(&timeline("  - pause: 1s\n")));
    }
}
