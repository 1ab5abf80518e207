//! The breathing pacer: a bar that grows on the inhale, holds full, shrinks on the exhale
//! and rests empty, in step with the cue tones.

use crate::i18n::{Messages, id};
use crate::script::Phase;

const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// How full the pacer is, 0 to 1, `into` (0 to 1) the way through `phase`.
pub fn fullness(phase: Phase, into: f32, previous: Option<Phase>) -> f32 {
    let t = into.clamp(0.0, 1.0);
    // Ease in and out, as a breath does.
    let eased = t * t * (3.0 - 2.0 * t);
    match phase {
        // A second inhale (the sigh's top-up) starts from where the first left the lungs.
        Phase::Inhale if previous == Some(Phase::Inhale) => 0.75 + 0.25 * eased,
        Phase::Inhale => eased,
        Phase::Hold => 1.0,
        Phase::Exhale => 1.0 - eased,
        Phase::Rest => 0.0,
    }
}

/// The bar, `width` cells wide, filled to `fullness` with eighth blocks so it moves smoothly.
pub fn bar(fullness: f32, width: usize) -> String {
    let eighths = (fullness.clamp(0.0, 1.0) * (width * 8) as f32).round() as usize;
    let (full, rest) = (eighths / 8, eighths % 8);
    let mut s = "█".repeat(full);
    if rest > 0 && full < width {
        s.push(EIGHTHS[rest - 1]);
    }
    let used = full + usize::from(rest > 0 && full < width);
    s.push_str(&"·".repeat(width.saturating_sub(used)));
    s
}

/// The words under the pacer.
pub fn label(words: &Messages, phase: Phase, previous: Option<Phase>) -> String {
    words.text(match phase {
        Phase::Inhale if previous == Some(Phase::Inhale) => id::BREATHE_IN_MORE,
        Phase::Inhale => id::BREATHE_IN,
        Phase::Hold => id::BREATHE_HOLD,
        Phase::Exhale => id::BREATHE_OUT,
        Phase::Rest => id::BREATHE_REST,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_grows_holds_and_shrinks() {
        assert_eq!(fullness(Phase::Inhale, 0.0, None), 0.0);
        assert_eq!(fullness(Phase::Inhale, 1.0, None), 1.0);
        assert!(fullness(Phase::Inhale, 0.5, None) > 0.4);
        assert_eq!(fullness(Phase::Hold, 0.3, None), 1.0);
        assert_eq!(fullness(Phase::Exhale, 1.0, None), 0.0);
        assert_eq!(fullness(Phase::Rest, 0.5, None), 0.0);
        assert_eq!(fullness(Phase::Inhale, 0.0, Some(Phase::Inhale)), 0.75);
    }

    #[test]
    fn bars_keep_their_width() {
        for f in [0.0, 0.01, 0.3, 0.5, 0.99, 1.0] {
            assert_eq!(bar(f, 20).chars().count(), 20, "{f}");
        }
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.0, 4), "····");
        assert_eq!(bar(0.5, 4), "██··");
    }
}
