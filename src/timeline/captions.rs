//! Captions: each say line is one cue, from its start to its end; a line with inline
//! pauses (still/1.1) too, its text without the markers, through its pauses.

use super::Timeline;
use super::time::{RATE, clock};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caption {
    pub start: u64,
    pub end: u64,
    pub text: String,
}

/// One caption per say step as played: its start, its end, its whole line. A line of one
/// part starts and ends with its one say event, as before inline pauses.
pub fn captions(t: &Timeline) -> Vec<Caption> {
    t.steps
        .iter()
        .filter(|s| s.kind == "say")
        .map(|s| Caption {
            start: s.start,
            end: s.start + s.length,
            text: s.label.clone(),
        })
        .collect()
}

/// `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT).
fn stamp(frames: u64, sep: char) -> String {
    let ms = (u128::from(frames) * 1000 / u128::from(RATE)) as u64;
    let (h, m, s, ms) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h:02}:{m:02}:{s:02}{sep}{ms:03}")
}

/// A WebVTT file (what browsers and most players read).
pub fn vtt(caps: &[Caption]) -> String {
    let mut out = String::from("WEBVTT\n");
    for c in caps {
        let text = c
            .text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        out.push_str(&format!(
            "\n{} --> {}\n{}\n",
            stamp(c.start, '.'),
            stamp(c.end, '.'),
            text
        ));
    }
    out
}

/// A SubRip file.
pub fn srt(caps: &[Caption]) -> String {
    let mut out = String::new();
    for (i, c) in caps.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}\n{} --> {}\n{}\n",
            i + 1,
            stamp(c.start, ','),
            stamp(c.end, ','),
            c.text
        ));
    }
    out
}

/// Plain text: each line with the time it starts.
pub fn text(caps: &[Caption]) -> String {
    caps.iter()
        .map(|c| format!("{:>7}  {}\n", clock(c.start), c.text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps() -> Vec<Caption> {
        vec![
            Caption {
                start: 0,
                end: 96_000,
                text: "Welcome <friend> & all".into(),
            },
            Caption {
                start: 48_000 * 3723 + 24,
                end: 48_000 * 3725,
                text: "Later".into(),
            },
        ]
    }

    #[test]
    fn vtt_has_a_header_escapes_and_millisecond_stamps() {
        assert_eq!(
            vtt(&caps()),
            "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWelcome &lt;friend&gt; &amp; all\n\n01:02:03.000 --> 01:02:05.000\nLater\n"
        );
    }

    #[test]
    fn srt_numbers_its_cues() {
        assert_eq!(
            srt(&caps()),
            "1\n00:00:00,000 --> 00:00:02,000\nWelcome <friend> & all\n\n2\n01:02:03,000 --> 01:02:05,000\nLater\n"
        );
    }

    #[test]
    fn text_shows_start_times() {
        assert_eq!(
            text(&caps()),
            "   0:00  Welcome <friend> & all\n1:02:03  Later\n"
        );
    }
}
