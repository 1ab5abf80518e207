//! What the player shows at a moment, as plain lines: a pure function of the timeline, the
//! player's state and the terminal's size, so it can be tested and so the screen only
//! changes when these change. Every line fits the width it is given; below
//! [`COMPACT_WIDTH`]×[`COMPACT_HEIGHT`] a compact layout ([`super::compact`]) keeps the
//! time, the step and the pacer.

use crate::i18n::{Messages, id, num, text};
use crate::timeline::Timeline;
use crate::timeline::time::{RATE, clock};
use crate::util::text::inert;

use super::{compact, moment, pacer};

/// The player's state that the screen shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The session's title (made inert when it is shown).
    pub title: String,
    pub position: u64,
    pub paused: bool,
    /// Held at a `wait` step until a key (still/1.1): the clock stands still.
    pub waiting: bool,
    pub captions: bool,
    pub ambient: Option<bool>,
    pub volume: f32,
    /// A timer without an end: "open sit" and the time sat, no bar or total.
    pub open: Option<OpenSit>,
    /// A timer's practice, from its opening strike to the first closing strike: its clock
    /// counts from the strike and its total is the timer's DURATION (issue #14).
    pub span: Option<(u64, u64)>,
    /// The words shown, in the language the player chose (issue #20).
    pub words: Messages,
}

/// An open sit's own clock: the session behind it is a very long pause that `q` cuts short
/// by jumping to the closing bells, so its position is not the time sat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenSit {
    /// Frames of settling before the opening bell: not counted.
    pub prep: u64,
    /// Once `q` asked the sit to close: the position then, and where the closing bells start.
    pub closed: Option<(u64, u64)>,
}

impl OpenSit {
    /// Frames sat at `pos`, the preparation not counted; it runs on through the closing bells.
    pub fn elapsed(&self, pos: u64) -> u64 {
        let sat = match self.closed {
            Some((at, bells)) => at + pos.saturating_sub(bells),
            None => pos,
        };
        sat.saturating_sub(self.prep)
    }
}

/// One screenful.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub lines: Vec<String>,
    /// The line holding the progress bar, which a colour terminal paints.
    pub bar: Option<usize>,
    /// The line holding the title, shown in bold on a colour terminal.
    pub title: Option<usize>,
}

/// Narrower or lower than this, the compact layout is used.
pub const COMPACT_WIDTH: usize = 60;
pub const COMPACT_HEIGHT: usize = 11;
/// The full layout with a blank line between its parts, from this height on.
const ROOMY_HEIGHT: usize = 15;
/// Width of the pacer bar at most.
const PACER: usize = 32;
/// Caption lines shown at most.
const CAPTION_LINES: usize = 3;

/// The screen for `s` on a terminal `width` columns by `height` rows.
pub fn screen(t: &Timeline, s: &State, width: usize, height: usize) -> Screen {
    if width < COMPACT_WIDTH || height < COMPACT_HEIGHT {
        return compact::screen(t, s, width, height);
    }
    let roomy = height >= ROOMY_HEIGHT;
    let mut lines = vec![fit(&s.title, width)];
    lines.push(progress(t, s, width));
    if roomy {
        lines.push(String::new());
    }
    lines.push(fit(&step_line(t, s), width));
    if roomy {
        lines.push(String::new());
    }
    let [bar, label] = pacer_lines(t, s, width);
    lines.push(bar);
    lines.push(label);
    if roomy {
        lines.push(String::new());
    }
    let caption = caption_lines(t, s, width);
    for i in 0..CAPTION_LINES {
        lines.push(caption.get(i).cloned().unwrap_or_default());
    }
    if roomy {
        lines.push(String::new());
    }
    lines.push(fit(&status(s).join(" · "), width));
    lines.push(fit(&footer_within(t, s, width), width));
    Screen {
        lines,
        bar: (s.open.is_none()).then_some(1),
        title: Some(0),
    }
}

/// The clock: `3:12 / 6:12`; `open sit · 12:34`; `closing · 6:15` while the last sounds
/// ring out, the clock still running.
pub fn clock_text(t: &Timeline, s: &State) -> String {
    let w = &s.words;
    if let Some(open) = s.open {
        let word = if open.closed.is_some() {
            w.text(id::CLOSING)
        } else {
            w.text(id::OPEN_SIT)
        };
        return format!("{word} · {}", clock(open.elapsed(s.position)));
    }
    if let Some((from, to)) = s.span {
        let pos = s.position;
        return if pos < from {
            let left = (from - pos).div_ceil(u64::from(RATE)) * u64::from(RATE);
            format!("{} · {}", w.text(id::SETTLING), clock(left))
        } else if pos >= to {
            format!("{} · {}", w.text(id::CLOSING), clock(pos - from))
        } else {
            format!("{} / {}", clock(pos - from), clock(to - from))
        };
    }
    if s.position >= t.length {
        return format!("{} · {}", w.text(id::CLOSING), clock(s.position));
    }
    let waiting = if s.waiting {
        format!("{} · ", w.text(id::WAITING))
    } else {
        String::new()
    };
    format!("{waiting}{} / {}", clock(s.position), clock(t.length))
}

/// The bar and the clock, or for an open sit the clock alone.
fn progress(t: &Timeline, s: &State, width: usize) -> String {
    let clock = clock_text(t, s);
    if s.open.is_some() {
        return fit(&clock, width);
    }
    let room = width.saturating_sub(clock.chars().count() + 1);
    if room < 4 {
        return fit(&clock, width);
    }
    let (done, whole) = match s.span {
        Some((from, to)) => (s.position.saturating_sub(from), to - from),
        None => (s.position, t.length),
    };
    format!("{} {clock}", bar(done, whole, room))
}

/// A progress bar `width` cells wide: `━━━━╸─────`.
fn bar(pos: u64, length: u64, width: usize) -> String {
    let done = (pos.min(length) as u128 * width as u128 / u128::from(length.max(1))) as usize;
    let mut s = "━".repeat(done);
    if done < width {
        s.push('╸');
        s.push_str(&"─".repeat(width - done - 1));
    }
    s
}

/// `step 2 of 5 · breathe box ×10 · round 3 of 10`, what an open sit is doing, or
/// `closing` once the last step is over.
fn step_line(t: &Timeline, s: &State) -> String {
    let (pos, w) = (s.position, &s.words);
    if let Some(open) = s.open {
        return if open.closed.is_some() {
            w.text(id::CLOSING_WITH_BELLS)
        } else if pos < open.prep {
            let left = clock((open.prep - pos).div_ceil(u64::from(RATE)) * u64::from(RATE));
            w.get(id::FIRST_BELL_IN, &[("time", text(left))])
        } else {
            w.text(id::SITTING)
        };
    }
    match t.step_at(pos) {
        Some(i) if pos < t.length => {
            let st = &t.steps[i];
            let repeat = st
                .round
                .map(|(k, n)| format!(" · {}", of(w, id::COUNT_OF, k as usize, n as usize)))
                .unwrap_or_default();
            let what = if st.kind == "say" {
                w.text(id::LISTENING)
            } else {
                format!("{} {}", kind(w, st.kind), st.label)
            };
            format!(
                "{} · {what}{repeat}{}",
                of(w, id::STEP_OF, i + 1, t.steps.len()),
                round_text(t, s)
            )
        }
        _ => w.text(id::CLOSING),
    }
}

/// `step 2 of 5`, `round 3 of 10`: the message `id` with `n` of `total`.
pub fn of(w: &Messages, id: &str, n: usize, total: usize) -> String {
    w.get(id, &[("n", num(n)), ("total", num(total))])
}

/// A step's kind in the sitter's words: `breathe`, `respiración`; a kind without a message
/// as the script names it.
pub fn kind(w: &Messages, kind: &str) -> String {
    let id = match kind {
        "say" => id::KIND_SAY,
        "pause" => id::KIND_PAUSE,
        "breathe" => id::KIND_BREATHE,
        "bell" => id::KIND_BELL,
        "wait" => id::KIND_WAIT,
        other => return other.to_string(),
    };
    w.text(id)
}

/// ` · round 3 of 10` during a `breathe` step.
pub fn round_text(t: &Timeline, s: &State) -> String {
    moment::round(t, s.position)
        .map(|(k, n)| format!(" · {}", of(&s.words, id::ROUND_OF, k, n)))
        .unwrap_or_default()
}

/// The pacer's bar and its words, or two empty lines when no breath is being paced.
pub fn pacer_lines(t: &Timeline, s: &State, width: usize) -> [String; 2] {
    let pos = s.position;
    match moment::breath(t, pos) {
        Some(b) => {
            let into = (pos - b.start) as f32 / b.length.max(1) as f32;
            let left = (b.start + b.length)
                .saturating_sub(pos)
                .div_ceil(u64::from(RATE));
            let w = PACER.min(width.saturating_sub(4));
            [
                fit(
                    &format!(
                        "  {}",
                        pacer::bar(pacer::fullness(b.phase, into, b.previous), w)
                    ),
                    width,
                ),
                fit(
                    &format!("  {} · {left}", pacer::label(&s.words, b.phase, b.previous)),
                    width,
                ),
            ]
        }
        None => [String::new(), String::new()],
    }
}

/// The caption being spoken (nothing when captions are off), or a `wait` step's text, then
/// the step's note (still/1.1), wrapped to the width. A wait's text and a note are not
/// captions: they are shown with captions off too.
pub fn caption_lines(t: &Timeline, s: &State, width: usize) -> Vec<String> {
    let said = moment::caption(t, s.position).filter(|_| s.captions);
    let mut lines = vec![];
    // Made inert before wrapping, so that the lines keep the width they are measured at.
    let mut wrap = |text: &str, indent: &str| {
        lines.extend(
            textwrap::wrap(&inert(text), width.saturating_sub(4).max(1))
                .into_iter()
                .map(|l| fit(&format!("{indent}{l}"), width)),
        );
    };
    if let Some(c) = said.or_else(|| moment::wait(t, s.position)) {
        wrap(c, "  ");
    }
    if let Some(n) = moment::note(t, s.position) {
        wrap(&s.words.get(id::NOTE, &[("note", text(n))]), "  ");
    }
    lines
}

/// What is unusual: paused, the volume, what is off.
pub fn status(s: &State) -> Vec<String> {
    let w = &s.words;
    let mut status = vec![];
    if s.paused {
        status.push(w.text(id::PAUSED));
    }
    if (s.volume - 1.0).abs() > 0.001 {
        let percent = (f64::from(s.volume) * 100.0).round();
        status.push(w.get(id::VOLUME, &[("percent", num(percent))]));
    }
    if s.ambient == Some(false) {
        status.push(w.text(id::AMBIENT_OFF));
    }
    if !s.captions {
        status.push(w.text(id::CAPTIONS_OFF));
    }
    status
}

/// The keys that work now, in `width` columns: when a language's words are too long for
/// all of them, captions, then ambient, then volume are left out before the short set, so
/// the key that ends the sit is always shown.
fn footer_within(t: &Timeline, s: &State, width: usize) -> String {
    let mut keys = footer_keys(t, s, false);
    let said = |keys: &[&str]| -> String {
        let words: Vec<String> = keys.iter().map(|k| s.words.text(k)).collect();
        words.join(" · ")
    };
    for drop in [id::KEY_CAPTIONS, id::KEY_AMBIENT, id::KEY_VOLUME] {
        if said(&keys).chars().count() <= width {
            break;
        }
        keys.retain(|k| *k != drop);
    }
    let line = said(&keys);
    if line.chars().count() <= width {
        line
    } else {
        footer(t, s, true)
    }
}

/// The keys that work now, and only those: `m` only with a bed, `c` only with captions.
/// `short` leaves out all but pausing, stepping and ending (the compact layout).
pub fn footer(t: &Timeline, s: &State, short: bool) -> String {
    let keys: Vec<String> = footer_keys(t, s, short)
        .into_iter()
        .map(|k| s.words.text(k))
        .collect();
    keys.join(" · ")
}

/// The message ids of the keys that work now.
fn footer_keys(t: &Timeline, s: &State, short: bool) -> Vec<&'static str> {
    let pause = if s.waiting {
        id::KEY_GO_ON
    } else if s.paused {
        id::KEY_RESUME
    } else {
        id::KEY_PAUSE
    };
    let mut keys = vec![pause];
    match s.open {
        Some(open) if open.closed.is_some() => keys.push(id::KEY_END_NOW),
        Some(_) => {
            if !short {
                keys.push(id::KEY_VOLUME);
                if s.ambient.is_some() {
                    keys.push(id::KEY_AMBIENT);
                }
            }
            keys.push(id::KEY_CLOSE);
        }
        None if s.position >= t.length => keys = vec![id::KEY_END],
        None => {
            if short {
                keys.push(id::KEY_STEP);
            } else {
                keys.extend([id::KEY_NEXT, id::KEY_AGAIN, id::KEY_VOLUME]);
                if s.ambient.is_some() {
                    keys.push(id::KEY_AMBIENT);
                }
                if moment::has_captions(t) {
                    keys.push(id::KEY_CAPTIONS);
                }
            }
            keys.push(id::KEY_END);
        }
    }
    keys
}

/// `text` on one line of at most `width` columns, shortened with `…`.
pub fn fit(text: &str, width: usize) -> String {
    // The indent is kept; the rest is one line, made inert, shortened to what is left.
    let body = text.trim_start_matches(' ');
    let indent = (text.len() - body.len()).min(width.saturating_sub(1));
    if width == 0 {
        return String::new();
    }
    format!(
        "{}{}",
        " ".repeat(indent),
        crate::util::text::truncate(body, width - indent)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{NoFolder, SourceFile, parse};
    use crate::timeline::{ClipLengths, EventKind, compile};

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
            span: None,
            title: "A title".into(),
            position,
            paused: false,
            waiting: false,
            captions: true,
            ambient: None,
            volume: 1.0,
            open: None,
            words: Messages::english(),
        }
    }

    fn at(t: &Timeline, s: &State) -> Vec<String> {
        screen(t, s, 80, 24).lines
    }

    #[test]
    fn the_screen_shows_title_bar_step_caption_and_clock() {
        let t = timeline("  - say: Welcome to this practice.\n  - pause: 1m\n");
        let s = at(&t, &state(48_000));
        assert_eq!(s[0], "A title");
        assert!(s[1].ends_with(" 0:01 / 1:02"), "{s:?}");
        assert_eq!(s[1].chars().count(), 80);
        assert_eq!(s[3], "step 1 of 2 · listening");
        assert!(s.iter().any(|l| l.contains("Welcome to this practice.")));
        let later = at(&t, &state(48_000 * 10));
        assert_eq!(later[3], "step 2 of 2 · pause 1m");
        assert!(!later.iter().any(|l| l.contains("Welcome")));
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
        t.steps[0].label = "\u{1b}[31mBreathe\u{7} in.".into();
        t.steps[1].label = "\u{1b}]0;pwned\u{7}".into();
        let mut s = state(48_000);
        s.title = "\u{1b}[2Jtitle".into();
        for (w, h) in [(80, 24), (40, 8)] {
            for pos in [48_000, 48_000 * 10] {
                s.position = pos;
                for l in screen(&t, &s, w, h).lines {
                    assert!(!l.chars().any(char::is_control), "{l:?}");
                }
            }
        }
        s.position = 48_000;
        assert!(at(&t, &s).iter().any(|l| l.contains("[31mBreathe in.")));
    }

    #[test]
    fn a_wait_shows_its_text_and_a_still_clock_and_notes_come_with_their_step_issue_19() {
        let s = parse(
            &SourceFile::new(
                "t.yaml",
                "format: still/1.1\ntitle: T\nsteps:\n  - say: \"In [1s] out.\"\n    note: Slowly.\n  - wait: Press space when ready.\n",
            ),
            "t",
            &NoFolder,
        )
        .unwrap();
        let t = compile(&s, &[], &ClipLengths::new()).unwrap();
        // In the line's pause: the whole line stays, with the step's note under it.
        let mut st = state(48_000 * 3 / 2);
        let lines = at(&t, &st);
        assert!(lines.iter().any(|l| l == "  In out."), "{lines:?}");
        assert!(lines.iter().any(|l| l == "  note: Slowly."), "{lines:?}");
        // Held at the wait, captions off: its text still shows, the clock says waiting.
        st.position = t.steps[1].start;
        st.waiting = true;
        st.captions = false;
        let lines = at(&t, &st);
        assert!(
            lines.iter().any(|l| l == "  Press space when ready."),
            "{lines:?}"
        );
        assert!(lines[1].ends_with("waiting · 0:03 / 0:08"), "{lines:?}");
        assert!(
            lines.last().unwrap().starts_with("space go on"),
            "{lines:?}"
        );
        assert!(!lines.iter().any(|l| l.contains("Slowly")), "{lines:?}");
    }

    #[test]
    fn issue_14_the_pacer_follows_the_breath_and_the_round_is_shown() {
        let t = timeline("  - breathe: { pattern: box, rounds: 2 }\n");
        let on = |sec: f64| at(&t, &state((sec * 48_000.0) as u64));
        assert!(on(0.1)[6].starts_with("  breathe in · 4"), "{:?}", on(0.1));
        assert!(on(5.0)[6].starts_with("  hold · 3"));
        assert!(on(9.0)[6].starts_with("  breathe out"));
        assert!(on(13.0)[6].starts_with("  rest"));
        assert!(on(4.5)[5].contains(&"█".repeat(32)));
        assert!(on(13.0)[5].contains(&"·".repeat(32)));
        assert_eq!(
            on(1.0)[3],
            "step 1 of 1 · breathe box ×2, tone cues · round 1 of 2"
        );
        assert_eq!(
            on(20.0)[3],
            "step 1 of 1 · breathe box ×2, tone cues · round 2 of 2"
        );
    }

    #[test]
    fn issue_14_every_line_fits_any_size_and_the_height_holds() {
        let t = timeline(
            "  - say: A long line of narration that goes on and on and on and on and on and on and on and on and on and on and on.\n  - breathe: { pattern: sigh, rounds: 1 }\n",
        );
        for (w, h) in [
            (100, 40),
            (80, 24),
            (60, 11),
            (59, 24),
            (40, 8),
            (20, 4),
            (8, 2),
            (1, 1),
        ] {
            let heights: Vec<usize> = (0..14)
                .map(|s| screen(&t, &state(s * 48_000), w, h).lines.len())
                .collect();
            assert!(
                heights.windows(2).all(|p| p[0] == p[1]),
                "{w}×{h}: {heights:?}"
            );
            assert!(heights[0] <= h, "{w}×{h}: {} lines", heights[0]);
            for s in 0..14 {
                for l in screen(&t, &state(s * 48_000), w, h).lines {
                    assert!(l.chars().count() <= w, "{w}×{h}: {l}");
                }
            }
        }
    }

    #[test]
    fn issue_14_a_small_terminal_keeps_the_time_the_step_and_the_pacer() {
        let t = timeline("  - breathe: { pattern: box, rounds: 10 }\n");
        let s = screen(&t, &state(48_000 * 35), 40, 8).lines;
        assert_eq!(s[0], "0:35 / 2:40");
        assert!(s[1].starts_with("1/1 breathe · round 3 of 10"), "{s:?}");
        assert!(s[2].contains('█') || s[2].contains('·'), "{s:?}");
        assert!(
            s[3].starts_with("  breathe out") || s[3].contains(" · "),
            "{s:?}"
        );
        // Three lines: the time, the step and the pacer's bar stay.
        let tiny = screen(&t, &state(48_000 * 35), 40, 3).lines;
        assert_eq!(tiny[..2], s[..2]);
        assert_eq!(tiny.len(), 3);
    }

    #[test]
    fn issue_14_the_footer_offers_only_the_keys_that_work() {
        let plain = timeline("  - pause: 1m\n");
        let said = timeline("  - say: Hello.\n  - pause: 1m\n");
        let mut s = state(48_000);
        let footer = |t: &Timeline, s: &State| at(t, s).last().unwrap().clone();
        assert_eq!(
            footer(&plain, &s),
            "space pause · → next · ← again · +/− volume · q end"
        );
        assert!(footer(&said, &s).contains("c captions"));
        s.ambient = Some(true);
        assert!(footer(&plain, &s).contains("m ambient"));
        s.paused = true;
        assert_eq!(
            footer(&said, &s),
            "space resume · → next · ← again · +/− volume · m ambient · c captions · q end"
        );
        assert!(at(&said, &s).iter().any(|l| l == "paused"));
    }

    #[test]
    fn issue_14_the_ring_out_says_closing_with_the_clock_running() {
        let t = timeline("  - pause: 1m\n");
        let s = at(&t, &state(t.length + 3 * 48_000));
        assert!(s[1].ends_with(" closing · 1:03"), "{s:?}");
        assert_eq!(s[3], "closing");
        assert_eq!(s.last().unwrap(), "q end");
    }

    #[test]
    fn issue_14_a_timer_counts_its_duration_from_the_opening_strike() {
        let t = timeline("  - pause: 90s\n");
        // 10 s of settling, 60 s of practice, then the closing bells.
        let mut s = state(4 * 48_000);
        s.span = Some((10 * 48_000, 70 * 48_000));
        assert_eq!(clock_text(&t, &s), "settling · 0:06");
        s.position = 40 * 48_000;
        assert_eq!(clock_text(&t, &s), "0:30 / 1:00");
        s.position = 75 * 48_000;
        assert_eq!(clock_text(&t, &s), "closing · 1:05");
    }

    #[test]
    fn issue_14_an_open_sit_shows_the_time_sat_and_no_total() {
        let t = timeline(
            "  - pause: 2s\n  - bell: bowl\n  - pause: 11h\n  - bell: { sound: bowl, strikes: 3 }\n",
        );
        let mut s = state(48_000);
        s.open = Some(OpenSit {
            prep: 2 * 48_000,
            closed: None,
        });
        assert_eq!(at(&t, &s)[1], "open sit · 0:00");
        assert_eq!(at(&t, &s)[3], "settling · the first bell in 0:01");
        s.position = 48_000 * 600;
        let sitting = at(&t, &s);
        assert_eq!(sitting[1], "open sit · 9:58");
        assert!(
            !sitting.iter().any(|l| l.contains('━') || l.contains("11h")),
            "{sitting:?}"
        );
        assert!(sitting.last().unwrap().ends_with("q close with the bells"));
        // q at 10:00 of position: the clock goes on from there through the bells.
        let bells = t.steps[3].start;
        s.open = Some(OpenSit {
            prep: 2 * 48_000,
            closed: Some((48_000 * 600, bells)),
        });
        s.position = bells + 5 * 48_000;
        let closing = at(&t, &s);
        assert_eq!(closing[1], "closing · 10:03");
        assert_eq!(closing[3], "closing with the bells");
        assert!(closing.last().unwrap().ends_with("q end now"));
    }

    #[test]
    fn the_screen_speaks_the_language_it_is_given_issue_20() {
        let t = timeline("  - say: Hola.\n  - breathe: { pattern: box, rounds: 2 }\n");
        let mut s = state(48_000 * 4);
        s.words = Messages::for_language("es");
        s.paused = true;
        let lines = at(&t, &s);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("paso 2 de 2 · respiración box ×2")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("ronda 1 de 2")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with("  inhala · ")),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l == "en pausa"), "{lines:?}");
        assert!(
            lines
                .last()
                .unwrap()
                .starts_with("espacio reanudar · → siguiente"),
            "{lines:?}"
        );
        s.words = Messages::for_language("fr");
        s.position = 48_000 * 9;
        let lines = at(&t, &s);
        assert!(
            lines.iter().any(|l| l.starts_with("étape 2 sur 2")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with("  retenez · ")),
            "{lines:?}"
        );
        // At 80 columns the end key is shown, whatever is left out for it.
        s.paused = false;
        for tag in ["es", "fr"] {
            s.words = Messages::for_language(tag);
            s.ambient = Some(true);
            let footer = at(&t, &s).last().unwrap().clone();
            assert!(footer.ends_with(&s.words.text(id::KEY_END)), "{footer}");
            assert!(footer.contains(&s.words.text(id::KEY_AMBIENT)), "{footer}");
            s.ambient = None;
        }
        s.words = Messages::for_language("fr");
        let small = screen(&t, &s, 40, 8).lines;
        assert!(
            small[1].starts_with("2/2 respiration · cycle 1 sur 2"),
            "{small:?}"
        );
        // Every line still fits, in every language.
        for tag in ["en", "es", "fr"] {
            s.words = Messages::for_language(tag);
            for (w, h) in [(80, 24), (60, 11), (40, 8), (20, 4)] {
                for l in screen(&t, &s, w, h).lines {
                    assert!(l.chars().count() <= w, "{tag} {w}×{h}: {l}");
                }
            }
        }
    }
}
