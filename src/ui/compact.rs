//! The screen on a small terminal (below 60×11): the time, the step and the pacer first,
//! then the keys and the caption as the height allows, each on one line that fits.

use crate::i18n::id;
use crate::timeline::Timeline;

use super::view::{
    Screen, State, caption_lines, clock_text, fit, footer, kind, pacer_lines, round_text, status,
};

/// Lines in the order shown, each with its rank: when the terminal is too low for all, the
/// highest ranks (lowest numbers) stay.
pub fn screen(t: &Timeline, s: &State, width: usize, height: usize) -> Screen {
    let mut clock = vec![clock_text(t, s)];
    clock.extend(status(s));
    let [bar, label] = pacer_lines(t, s, width);
    let mut caption = caption_lines(t, s, width).into_iter();
    let mut said = || caption.next().unwrap_or_default();
    // As many caption lines as the height leaves room for, up to three.
    let ranked = [
        (0, clock.join(" · ")),
        (1, step(t, s)),
        (2, bar),
        (3, label),
        (5, said()),
        (6, said()),
        (7, said()),
        (4, footer(t, s, true)),
    ];
    let keep = height.max(1);
    let mut ranks: Vec<usize> = ranked.iter().map(|(r, _)| *r).collect();
    ranks.sort_unstable();
    let cut = ranks
        .get(keep.saturating_sub(1))
        .copied()
        .unwrap_or(usize::MAX);
    let lines = ranked
        .into_iter()
        .filter(|(r, _)| *r <= cut)
        .map(|(_, l)| fit(&l, width))
        .collect();
    Screen {
        lines,
        bar: None,
        title: None,
    }
}

/// `2/5 breathe · round 3 of 10 · box ×10`: the round before the label, which is what a
/// narrow line cuts.
fn step(t: &Timeline, s: &State) -> String {
    let (pos, w) = (s.position, &s.words);
    if let Some(open) = s.open {
        return w.text(if open.closed.is_some() {
            id::CLOSING_WITH_BELLS
        } else if pos < open.prep {
            id::SETTLING
        } else {
            id::SITTING
        });
    }
    match t.step_at(pos) {
        Some(i) if pos < t.length => {
            let st = &t.steps[i];
            let label = if st.kind == "say" { "" } else { &st.label };
            let mut line = format!(
                "{}/{} {}{}",
                i + 1,
                t.steps.len(),
                kind(w, st.kind),
                round_text(t, s)
            );
            if !label.is_empty() {
                line.push_str(" · ");
                line.push_str(label);
            }
            line
        }
        _ => w.text(id::CLOSING),
    }
}
