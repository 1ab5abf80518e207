//! What the player shows at a moment, as plain lines: a pure function of the timeline and
//! the position, so it can be tested and so the screen only changes when these change.

use crate::script::Phase;
use crate::timeline::time::{RATE, clock};
use crate::timeline::{EventKind, Timeline};
use crate::util::text::inert;

use super::pacer;

/// The player's state that the screen shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub position: u64,
    pub paused: bool,
    pub captions: bool,
    pub ambient: Option<bool>,
    pub volume: f32,
    /// A timer without an end: show elapsed time only.
    pub open_ended: bool,
    /// Set once `q` has asked an open-ended sit to close with its bells.
    pub closing: bool,
}

/// One screenful, below the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// `3:12 / 6:12`, or `12:34` for an open-ended sit.
    pub clock: String,
    pub lines: Vec<String>,
}

/// Width of the pacer bar.
const PACER: usize = 32;
/// Caption lines shown at most.
const CAPTION_LINES: usize = 3;

pub fn screen(t: &Timeline, s: &State, width: usize) -> Screen {
    let pos = s.position.min(t.length);
    let clock = if s.open_ended {
        clock(pos)
    } else {
        format!("{} / {}", clock(pos), clock(t.length))
    };
    let mut lines = vec![];

    // The step, and where in it we are.
    let step = t.step_at(pos).map(|i| (i, &t.steps[i]));
    let step_line = match step {
        Some((i, st)) if pos < t.length => {
            let round = st
                .round
                .map(|(k, n)| format!(" · {k} of {n}"))
                .unwrap_or_default();
            let what = if st.kind == "say" {
                "listening".to_string()
            } else {
                format!("{} {}", st.kind, st.label)
            };
            truncate(
                &format!("step {} of {} · {what}{round}", i + 1, t.steps.len(),),
                width,
            )
        }
        _ => "closing".to_string(),
    };
    lines.push(step_line);
    lines.push(String::new());

    // The pacer, while a breathing cue is current.
    match current_cue(t, pos) {
        Some((phase, previous, start, length)) => {
            let into = (pos - start) as f32 / length.max(1) as f32;
            let left = (start + length)
                .saturating_sub(pos)
                .div_ceil(u64::from(RATE));
            let w = PACER.min(width.saturating_sub(4));
            lines.push(format!(
                "  {}",
                pacer::bar(pacer::fullness(phase, into, previous), w)
            ));
            lines.push(format!("  {} · {left}", pacer::label(phase, previous)));
        }
        None => {
            lines.push(String::new());
            lines.push(String::new());
        }
    }
    lines.push(String::new());

    // The caption of the line being spoken.
    let caption = if s.captions {
        current_caption(t, pos)
    } else {
        None
    };
    let wrapped: Vec<String> = caption
        .map(|c| {
            // Taken out before wrapping, so that the lines keep the width they are measured at.
            textwrap::wrap(&inert(c), width.saturating_sub(4).max(20))
                .into_iter()
                .map(|l| format!("  {l}"))
                .collect()
        })
        .unwrap_or_default();
    for i in 0..CAPTION_LINES {
        lines.push(wrapped.get(i).cloned().unwrap_or_default());
    }
    lines.push(String::new());

    // Status and keys.
    let mut status = vec![];
    if s.paused {
        status.push("paused".to_string());
    }
    if (s.volume - 1.0).abs() > 0.001 {
        status.push(format!("volume {:.0}%", s.volume * 100.0));
    }
    if s.ambient == Some(false) {
        status.push("ambient off".into());
    }
    if !s.captions {
        status.push("captions off".into());
    }
    if s.closing {
        status.push("closing with the bell".into());
    }
    lines.push(truncate(&status.join(" · "), width));
    let keys = if s.paused {
        "space resume · q end"
    } else {
        "space pause · → next · ← again · +/− volume · m ambient · c captions · q end"
    };
    lines.push(truncate(keys, width));
    Screen { clock, lines }
}

/// The breathing phase sounding at `pos`: phase, the phase before it in the same step (the
/// sigh's second inhale continues the first), its start and length.
fn current_cue(t: &Timeline, pos: u64) -> Option<(Phase, Option<Phase>, u64, u64)> {
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
    Some((phase, previous, start, length))
}

/// The say line being spoken at `pos`.
pub fn current_caption(t: &Timeline, pos: u64) -> Option<&str> {
    let upto = t.events.partition_point(|e| e.frame <= pos);
    t.events[..upto].iter().rev().find_map(|e| match &e.kind {
        EventKind::Say { text, length, .. } if pos < e.frame + length => Some(text.as_str()),
        _ => None,
    })
}

fn truncate(s: &str, width: usize) -> String {
    crate::util::text::truncate(s, width)
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

    fn state(position: u64) -> State {
        State {
            position,
            paused: false,
            captions: true,
            ambient: None,
            volume: 1.0,
            open_ended: false,
            closing: false,
        }
    }

    #[test]
    fn the_screen_shows_step_caption_and_clock() {
        let t = timeline("  - say: Welcome to this practice.\n  - pause: 1m\n");
        let s = screen(&t, &state(48_000), 80);
        assert_eq!(s.clock, "0:01 / 1:02");
        assert_eq!(s.lines[0], "step 1 of 2 · listening");
        assert!(
            s.lines
                .iter()
                .any(|l| l.contains("Welcome to this practice."))
        );
        let later = screen(&t, &state(48_000 * 10), 80);
        assert_eq!(later.lines[0], "step 2 of 2 · pause 1m");
        assert!(!later.lines.iter().any(|l| l.contains("Welcome")));
    }

    /// Issue #21: a caption or step label holding an escape sequence (from a script that
    /// was never checked) is shown as text, with the escape itself taken out.
    #[test]
    fn control_characters_never_reach_the_screen_issue_21() {
        let mut t = timeline("  - say: Breathe in.\n  - pause: 1m\n");
        for e in &mut t.events {
            if let EventKind::Say { text, .. } = &mut e.kind {
                *text = "\u{1b}[31mBreathe\u{7} in.".into();
            }
        }
        t.steps[1].label = "\u{1b}]0;pwned\u{7}".into();
        for at in [48_000, 48_000 * 10] {
            let s = screen(&t, &state(at), 80);
            for l in &s.lines {
                assert!(!l.chars().any(char::is_control), "{l:?}");
            }
        }
        let s = screen(&t, &state(48_000), 80);
        assert!(
            s.lines.iter().any(|l| l.contains("[31mBreathe in.")),
            "{:?}",
            s.lines
        );
    }

    #[test]
    fn the_pacer_follows_the_breath() {
        let t = timeline("  - breathe: { pattern: box, rounds: 2 }\n");
        let at = |sec: f64| screen(&t, &state((sec * 48_000.0) as u64), 80);
        assert!(
            at(0.1).lines[3].starts_with("  breathe in · 4"),
            "{:?}",
            at(0.1).lines
        );
        assert!(at(5.0).lines[3].starts_with("  hold · 3"));
        assert!(at(9.0).lines[3].starts_with("  breathe out"));
        assert!(at(13.0).lines[3].starts_with("  rest"));
        assert!(at(4.5).lines[2].contains(&"█".repeat(32)));
        assert!(at(13.0).lines[2].contains(&"·".repeat(32)));
        assert_eq!(at(20.0).lines[0], "step 1 of 1 · breathe box ×2, tone cues");
    }

    #[test]
    fn every_line_fits_a_narrow_terminal_and_the_screen_keeps_its_height() {
        let t = timeline(
            "  - say: A long line of narration that goes on and on and on and on and on and on and on and on and on and on and on.\n  - breathe: { pattern: sigh, rounds: 1 }\n",
        );
        let heights: Vec<usize> = (0..12)
            .map(|s| screen(&t, &state(s * 48_000), 40).lines.len())
            .collect();
        assert!(heights.windows(2).all(|w| w[0] == w[1]), "{heights:?}");
        for s in 0..12 {
            for l in screen(&t, &state(s * 48_000), 40).lines {
                assert!(l.chars().count() <= 40, "{l}");
            }
        }
    }

    #[test]
    fn pausing_changes_the_keys_and_status_only() {
        let t = timeline("  - pause: 1m\n");
        let mut p = state(48_000 * 3);
        let playing = screen(&t, &p, 80);
        p.paused = true;
        let paused = screen(&t, &p, 80);
        assert_eq!(playing.clock, paused.clock);
        assert!(paused.lines.iter().any(|l| l == "paused"));
    }
}
