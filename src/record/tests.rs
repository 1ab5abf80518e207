//! `still record`'s pure parts: finding lines, setting clips in the text, trimming takes.

use std::path::Path;

use super::edit::set_clip;
use super::studio::lines_to_record;
use super::*;

const SCRIPT: &str = "\
format: still/1.1
id: mine
title: Mine   # the title
steps:
  # the opening
  - say: Find a comfortable seat.
  - { say: \"Let the breath settle.\" }   # flow
  - pause: 5s
  - repeat: 2
    steps:
      - say: |
          Breathe in,
          and out.
      - pause: 2s
  - say: Now rest.
    volume: 0.8
  - say: \"Breathe in. [2s] And out.\"
  - say: Last line.
    clip: old/last.ogg
";

fn lines_of(dir: &Path, text: &str) -> Vec<SayLine> {
    let path = dir.join("mine.yaml");
    let script = parse(&path, text).unwrap_or_else(|e| panic!("{e:?}"));
    say_lines(text, &script).unwrap()
}

fn with_clip(dir: &Path, text: &str, n: usize) -> String {
    let lines = lines_of(dir, text);
    let line = &lines[n - 1];
    let clip = clip_path(n, lines.len(), &line.text);
    set_clip(text, line, &clip).unwrap()
}

#[test]
fn say_lines_are_found_in_written_order_issue_19() {
    let dir = tempfile::tempdir().unwrap();
    let lines = lines_of(dir.path(), SCRIPT);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Find a comfortable seat.",
            "Let the breath settle.",
            "Breathe in,\nand out.\n",
            "Now rest.",
            "Breathe in. [2s] And out.",
            "Last line."
        ]
    );
    assert!(lines[1].flow.is_some() && lines[0].flow.is_none());
    assert!(lines[4].pauses && !lines[3].pauses);
    assert_eq!(lines[5].clip.as_ref().unwrap().0, "old/last.ogg");
    assert_eq!(lines[2].key_col, 9);
}

#[test]
fn a_clip_is_set_in_place_keeping_comments_and_layout_issue_19() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = SCRIPT.to_owned();
    for n in [1, 2, 3, 4, 6] {
        text = with_clip(dir.path(), &text, n);
    }
    let want = SCRIPT
        .replace(
            "  - say: Find a comfortable seat.\n",
            "  - say: Find a comfortable seat.\n    clip: clips/01-find-a-comfortable-seat.ogg\n",
        )
        .replace(
            "\"Let the breath settle.\" }",
            "\"Let the breath settle.\", clip: clips/02-let-the-breath-settle.ogg }",
        )
        .replace(
            "          and out.\n",
            "          and out.\n        clip: clips/03-breathe-in-and-out.ogg\n",
        )
        .replace(
            "  - say: Now rest.\n",
            "  - say: Now rest.\n    clip: clips/04-now-rest.ogg\n",
        )
        .replace("clip: old/last.ogg", "clip: clips/06-last-line.ogg");
    assert_eq!(text, want);
    // The new text means what the old did, with the clips set.
    let lines = lines_of(dir.path(), &text);
    assert_eq!(lines.len(), 6);
    assert_eq!(
        lines[2].clip.as_ref().unwrap().0,
        "clips/03-breathe-in-and-out.ogg"
    );
    assert!(lines[4].clip.is_none());
}

#[test]
fn windows_line_endings_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let text = "format: still/1\r\nid: w\r\ntitle: W\r\nsteps:\r\n  - say: Hello there.\r\n  - pause: 2s\r\n";
    let out = with_clip(dir.path(), text, 1);
    assert_eq!(
        out,
        text.replace(
            "Hello there.\r\n",
            "Hello there.\r\n    clip: clips/01-hello-there.ogg\r\n"
        )
    );
}

#[test]
fn the_lines_to_record_are_those_without_a_clip_file_issue_19() {
    let dir = tempfile::tempdir().unwrap();
    let lines = lines_of(dir.path(), SCRIPT);
    // Line 5 holds pauses; line 6's clip file is not there yet.
    assert_eq!(
        lines_to_record(&lines, None, dir.path()).unwrap(),
        [1, 2, 3, 4, 6]
    );
    std::fs::create_dir_all(dir.path().join("old")).unwrap();
    std::fs::write(dir.path().join("old/last.ogg"), b"x").unwrap();
    assert_eq!(
        lines_to_record(&lines, None, dir.path()).unwrap(),
        [1, 2, 3, 4]
    );
    assert_eq!(lines_to_record(&lines, Some(6), dir.path()).unwrap(), [6]);
    let err = lines_to_record(&lines, Some(9), dir.path()).unwrap_err();
    assert_eq!(err.to_string(), "--line 9: the script has 6 say lines");
    assert!(matches!(
        lines_to_record(&lines, Some(5), dir.path()),
        Err(RecordError::HasPauses(5))
    ));
    assert!(lines_to_record(&lines, Some(0), dir.path()).is_err());
}

#[test]
fn clip_names_are_numbered_and_read_as_the_line_does() {
    assert_eq!(
        clip_path(3, 12, "Breathe in, slowly — and out."),
        "clips/03-breathe-in-slowly-and.ogg"
    );
    assert_eq!(
        clip_path(7, 140, "Respira con naturalidad."),
        "clips/007-respira-con-naturalidad.ogg"
    );
    assert_eq!(
        clip_path(1, 2, "Laissez la respiration se faire"),
        "clips/01-laissez-la-respiration-se.ogg"
    );
    assert_eq!(clip_path(2, 2, "…"), "clips/02-line.ogg");
    assert_eq!(clip_path(2, 2, "Élan, ça va"), "clips/02-elan-ca-va.ogg");
}

fn tone(rate: u32, secs: f64, amp: f32) -> Vec<f32> {
    (0..(f64::from(rate) * secs) as usize)
        .map(|i| amp * (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin())
        .collect()
}

#[test]
fn a_take_is_trimmed_to_its_sound_with_a_little_either_side_issue_19() {
    let rate = 48_000;
    let mut take = vec![0.0f32; rate as usize]; // a second of silence
    take.extend(tone(rate, 2.0, 0.5));
    take.extend(vec![0.0f32; 2 * rate as usize]);
    let kept = trim(&take, rate);
    let secs = kept.len() as f64 / f64::from(rate);
    // Two seconds of sound, 0.12 s before and 0.25 s after (to the window).
    assert!((secs - 2.37).abs() < 0.02, "{secs}");
    assert_eq!(kept[0], 0.0);
    assert!(judge(&kept).is_empty(), "{:?}", judge(&kept));
}

#[test]
fn quiet_clipped_and_silent_takes_are_told_issue_19() {
    let rate = 48_000;
    assert_eq!(judge(&trim(&vec![0.0; 48_000], rate)), [Warning::Silent]);
    let quiet = trim(&tone(rate, 1.0, 0.03), rate);
    assert!(matches!(judge(&quiet)[..], [Warning::Quiet(db)] if (db + 30.5).abs() < 1.0));
    let loud: Vec<f32> = tone(rate, 1.0, 3.0)
        .iter()
        .map(|s| s.clamp(-1.0, 1.0))
        .collect();
    assert!(matches!(judge(&trim(&loud, rate))[..], [Warning::Clipped(n)] if n > 100));
    // Room noise is not sound: a hiss at -60 dBFS under a voice at -12.
    let mut noisy: Vec<f32> = (0..96_000)
        .map(|i| 0.001 * ((i * 7919 % 1000) as f32 / 500.0 - 1.0))
        .collect();
    for (i, s) in tone(rate, 0.5, 0.25).iter().enumerate() {
        noisy[48_000 + i] += s;
    }
    let kept = trim(&noisy, rate);
    assert!(kept.len() < 48_000, "{}", kept.len());
}
