//! What `still record` shows: the line to read, where the take is, and the keys.

use std::io::Write;

use crossterm::{cursor, queue, terminal};

use super::take::Warning;
use crate::util::text::inert;

/// Where the recorder is with a line.
pub enum Stage {
    Ready,
    CountIn(u32),
    /// Seconds recorded and the last tenth of a second's peak (0 to 1).
    Recording(f64, f32),
    /// Seconds played and the take's length.
    Playing(f64, f64),
    /// The take's length.
    Review(f64),
}

pub struct View<'a> {
    pub file: &'a str,
    pub number: usize,
    pub count: usize,
    pub text: &'a str,
    pub stage: Stage,
    pub warnings: &'a [Warning],
    pub note: Option<&'a str>,
}

/// Draws `view` from the top of the screen.
pub fn draw(out: &mut impl Write, view: &View) -> std::io::Result<()> {
    let (cols, _) = terminal::size().unwrap_or((80, 24));
    let width = usize::from(cols).max(20);
    let mut lines = vec![
        crate::util::text::truncate(
            &format!(
                "still record · {} · line {} of {}",
                view.file, view.number, view.count
            ),
            width,
        ),
        String::new(),
    ];
    for row in textwrap::wrap(&inert(view.text), width.saturating_sub(6).max(10)) {
        lines.push(format!("   {row}"));
    }
    lines.push(String::new());
    let (status, keys) = match view.stage {
        Stage::Ready => (
            "ready".to_owned(),
            "space record · s skip · q quit".to_owned(),
        ),
        Stage::CountIn(n) => (format!("recording in {n}…"), "q quit".to_owned()),
        Stage::Recording(secs, peak) => (
            format!("● recording {}  {}", clock(secs), meter(peak, 20)),
            "space stop · q quit".to_owned(),
        ),
        Stage::Playing(at, len) => (
            format!("▶ playing back {} of {}", clock(at), clock(len)),
            "space stop playing".to_owned(),
        ),
        Stage::Review(len) => (
            format!("take: {}", clock(len)),
            "enter keep · r redo · p play again · s skip · q quit".to_owned(),
        ),
    };
    lines.push(format!("   {status}"));
    for w in view.warnings {
        for row in textwrap::wrap(&format!("! {w}"), width.saturating_sub(6).max(10)) {
            lines.push(format!("   {row}"));
        }
    }
    if let Some(note) = view.note {
        lines.push(format!("   {note}"));
    }
    lines.push(String::new());
    lines.push(crate::util::text::truncate(&format!("   {keys}"), width));
    // Each row overwritten in place and the rest cleared after it: no flicker at the
    // meter's pace.
    queue!(out, cursor::MoveTo(0, 0))?;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            write!(out, "\r\n")?;
        }
        write!(out, "{line}")?;
        queue!(out, terminal::Clear(terminal::ClearType::UntilNewLine))?;
    }
    queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
    out.flush()
}

/// `m:ss.t`
fn clock(secs: f64) -> String {
    let tenths = (secs.max(0.0) * 10.0).round() as u64;
    format!("{}:{:02}.{}", tenths / 600, tenths / 10 % 60, tenths % 10)
}

/// A level meter `width` cells wide: -60 dBFS empty, 0 dBFS full.
fn meter(peak: f32, width: usize) -> String {
    let db = 20.0 * f64::from(peak).max(1e-6).log10();
    let filled = (((db + 60.0) / 60.0).clamp(0.0, 1.0) * width as f64).round() as usize;
    format!("{}{}", "▮".repeat(filled), "▯".repeat(width - filled))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_clock_and_meter_read_as_people_expect() {
        assert_eq!(super::clock(4.24), "0:04.2");
        assert_eq!(super::clock(61.0), "1:01.0");
        assert_eq!(super::meter(1.0, 10), "▮".repeat(10));
        assert_eq!(super::meter(0.0, 10), "▯".repeat(10));
    }
}
