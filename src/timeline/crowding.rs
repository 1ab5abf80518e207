//! Where narration runs into a sound that keeps time (issue #16): a bell strike or a
//! breathing cue that starts while a line is still spoken, or less than [`CLEARANCE_MS`]
//! after it ends. The listener hears the two on top of each other, and the strike loses its
//! meaning. `still check` warns about each.

use crate::script::{Cue, Phase, Span};

use super::{EventKind, RATE, Timeline};

/// How long a line should end before the next strike or cue.
pub const CLEARANCE_MS: u64 = 300;

/// A line that runs into a strike.
#[derive(Debug, Clone, PartialEq)]
pub struct Crowding {
    /// Where the line's step is written.
    pub span: Span,
    /// The frame the line ends on, and the frame of the strike it runs into.
    pub line_end: u64,
    pub strike: u64,
    /// What strikes: "the inhale tone", "a bowl strike".
    pub sound: String,
}

impl Crowding {
    /// Frames from the line's end to the strike; `None` when the strike comes during it.
    pub fn gap(&self) -> Option<u64> {
        self.strike.checked_sub(self.line_end)
    }
}

/// Every line that ends less than [`CLEARANCE_MS`] before a strike, or is still sounding
/// when one comes; each line once, at the first strike it runs into.
pub fn crowding(t: &Timeline) -> Vec<Crowding> {
    let clearance = CLEARANCE_MS * u64::from(RATE) / 1000;
    let mut lines: Vec<(u64, u64, Span)> = vec![];
    let mut strikes: Vec<(u64, String)> = vec![];
    let mut step = None;
    for e in &t.events {
        match &e.kind {
            EventKind::Step { index } => step = Some(*index),
            EventKind::Say { length, .. } => {
                if let Some(s) = step.and_then(|i| t.steps.get(i)) {
                    lines.push((e.frame, e.frame + length, s.span));
                }
            }
            EventKind::Bell { sound, .. } => {
                strikes.push((e.frame, format!("a {} strike", sound.label())));
            }
            EventKind::Cue { phase, cue, .. } => {
                let sounds = match cue {
                    Cue::Tone => matches!(phase, Phase::Inhale | Phase::Exhale),
                    Cue::Bell => true,
                    Cue::None => false,
                };
                if sounds {
                    let what = match cue {
                        Cue::Bell => "knock",
                        _ => "tone",
                    };
                    strikes.push((e.frame, format!("the {} {what}", phase.name())));
                }
            }
        }
    }
    let mut found = vec![];
    for (start, end, span) in lines {
        // Strikes are in frame order: the first one after the line starts.
        let first = strikes.partition_point(|(f, _)| *f <= start);
        if let Some((f, sound)) = strikes.get(first)
            && *f < end + clearance
        {
            found.push(Crowding {
                span,
                line_end: end,
                strike: *f,
                sound: sound.clone(),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{NoFolder, SourceFile, parse};
    use crate::timeline::{ClipLengths, compile};

    fn timeline(steps: &str) -> Timeline {
        let src = format!("format: still/1\ntitle: T\nsteps:\n{steps}");
        let script = parse(&SourceFile::new("t.yaml", &src), "t", &NoFolder).unwrap();
        compile(&script, &[], &ClipLengths::new()).unwrap()
    }

    #[test]
    fn a_line_ending_into_an_inhale_tone_is_found_issue_16() {
        // "Settle in." reads in about a second; the breathing starts right after it.
        let t =
            timeline("  - say: Settle in.\n  - breathe: { pattern: box, rounds: 1, cue: tone }\n");
        let found = crowding(&t);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].sound, "the inhale tone");
        assert_eq!(found[0].gap(), Some(0));
        assert_eq!(found[0].span.start.line, 4);
    }

    #[test]
    fn a_pause_long_enough_clears_it_and_a_silent_cue_is_no_strike() {
        let t = timeline(
            "  - say: Settle in.\n  - pause: 300ms\n  - breathe: { pattern: box, rounds: 1, cue: tone }\n  - say: And rest.\n  - breathe: { pattern: box, rounds: 1, cue: none }\n",
        );
        assert_eq!(crowding(&t), vec![]);
    }

    #[test]
    fn a_bell_during_a_line_is_found() {
        let t = timeline(
            "  - say: A long line that goes on for several seconds while the bells ring.\n  - bell: rin\n",
        );
        let found = crowding(&t);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].sound, "a rin strike");
        let t = timeline(
            "  - pause: 5s\n    bells_every: 1s\n  - say: Hello.\n  - pause: 1s\n  - bell: rin\n",
        );
        assert_eq!(
            crowding(&t),
            vec![],
            "interval bells before the line, none after"
        );
    }
}
