//! Rendered files for clients (issue #17): Opus, Ogg Vorbis, MP3 and FLAC, read back with
//! ffprobe and decoded with ffmpeg (none of the encoders `still` uses), checked for codec,
//! rate, channels, length, tags, chapters and identical bytes. ffmpeg is a Debian package
//! that `.ci/run` installs; where it is missing, the tests that need it say so and pass.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

const SCRIPT: &str = "format: still/1.1
title: Files test
author: Jane Doe
summary: A short session for the file tests.
license: CC-BY-4.0
language: en
content_note: Stop if you feel light-headed.
ambient: { sound: brown-noise, volume: -24dB }
steps:
  - bell: bowl
    chapter: Arriving
  - say: Welcome. Find your seat.
  - pause: 1500ms
  - breathe: { pattern: box, rounds: 1 }
    chapter: Breathing together
  - say: Let the breath go.
  - bell: rin
    chapter: Closing
";

/// The chapters of [`SCRIPT`]: the bell at 0 s (5 s long), a 2 s line, a 1.5 s pause, then
/// a 16 s breath and another 2 s line.
const CHAPTERS: [(&str, f64); 3] = [
    ("Arriving", 0.0),
    ("Breathing together", 8.5),
    ("Closing", 26.5),
];

/// Whether ffmpeg and ffprobe are here; if not, a note says the test checked nothing.
fn have_ffmpeg(test: &str) -> bool {
    let ok = ["ffmpeg", "ffprobe"].iter().all(|t| {
        Command::new(t)
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !ok {
        eprintln!("note: {test} skipped: ffmpeg is not installed (apt-get install ffmpeg)");
    }
    ok
}

fn script(dir: &Path) -> PathBuf {
    let path = dir.join("files.yaml");
    std::fs::write(&path, SCRIPT).unwrap();
    path
}

/// A tag's value, whatever its case: Ogg keeps tags on the stream, MP3 and FLAC on the file.
fn tag(probe: &Value, key: &str) -> Option<String> {
    [&probe["format"]["tags"], &probe["streams"][0]["tags"]]
        .iter()
        .find_map(|t| {
            t.as_object()?.iter().find_map(|(k, v)| {
                k.eq_ignore_ascii_case(key)
                    .then(|| v.as_str().unwrap_or_default().to_string())
            })
        })
}

fn render(script: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "render",
        script.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn ffprobe(path: &Path) -> Value {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_streams",
            "-show_format",
            "-show_chapters",
        ])
        .args(["-of", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// ffmpeg's decoding of `path` as 16-bit stereo at 48 kHz.
fn decode(path: &Path) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-f", "s16le", "-ac", "2", "-ar", "48000", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn wav_frames(path: &Path) -> (u64, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[36..40], b"data");
    let data = bytes[44..].to_vec();
    ((data.len() / 4) as u64, data)
}

/// Every format's codec, and the most its decoded length may differ from the WAV's: one
/// codec frame (Opus 20 ms, Vorbis's long block, MP3's granule pair), FLAC none.
const FORMATS: [(&str, &str, u64); 4] = [
    ("opus", "opus", 960),
    ("ogg", "vorbis", 2048),
    ("mp3", "mp3", 1152),
    ("flac", "flac", 0),
];

#[test]
fn each_format_reads_back_with_its_codec_rate_channels_and_length_issue_17() {
    if !have_ffmpeg("each_format_reads_back_issue_17") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let s = script(dir.path());
    let wav = dir.path().join("s.wav");
    render(&s, &wav, &[]);
    let (frames, _) = wav_frames(&wav);
    let mut failures = vec![];
    for (ext, codec, slack) in FORMATS {
        let out = dir.path().join(format!("s.{ext}"));
        render(&s, &out, &[]);
        let probe = ffprobe(&out);
        let stream = &probe["streams"][0];
        if stream["codec_name"] != codec
            || stream["sample_rate"] != "48000"
            || stream["channels"] != 2
        {
            failures.push(format!("{ext}: {stream}"));
        }
        let decoded = (decode(&out).len() / 4) as u64;
        if decoded.abs_diff(frames) > slack {
            failures.push(format!(
                "{ext}: {decoded} frames decoded, the WAV has {frames}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_format_carries_the_scripts_tags_and_chapters_issue_17() {
    if !have_ffmpeg("every_format_carries_tags_issue_17") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let s = script(dir.path());
    let mut failures = vec![];
    for (ext, _, _) in FORMATS {
        let out = dir.path().join(format!("s.{ext}"));
        render(&s, &out, &[]);
        let probe = ffprobe(&out);
        let tags = |key: &str| tag(&probe, key);
        for (key, want) in [
            ("title", "Files test"),
            ("artist", "Jane Doe"),
            ("album", "still"),
            ("comment", "A short session for the file tests."),
            ("license", "CC-BY-4.0"),
            ("language", "en"),
            ("content_note", "Stop if you feel light-headed."),
        ] {
            if tags(key).as_deref() != Some(want) {
                failures.push(format!("{ext}: {key} is {:?}, not {want:?}", tags(key)));
            }
        }
        let chapters = probe["chapters"].as_array().cloned().unwrap_or_default();
        let got: Vec<(String, f64)> = chapters
            .iter()
            .map(|c| {
                (
                    c["tags"]["title"].as_str().unwrap_or_default().to_string(),
                    c["start_time"].as_str().unwrap().parse::<f64>().unwrap(),
                )
            })
            .collect();
        let right = got.len() == CHAPTERS.len()
            && got
                .iter()
                .zip(CHAPTERS)
                .all(|((t, at), (want, want_at))| t == want && (at - want_at).abs() <= 0.0005);
        if !right {
            failures.push(format!("{ext}: chapters {got:?}, not {CHAPTERS:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_flac_decodes_to_the_wavs_samples_exactly_issue_17() {
    if !have_ffmpeg("a_flac_decodes_to_the_wavs_samples_exactly_issue_17") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let s = script(dir.path());
    let (wav, flac) = (dir.path().join("s.wav"), dir.path().join("s.flac"));
    render(&s, &wav, &[]);
    render(&s, &flac, &["--quality", "8"]);
    let (_, pcm) = wav_frames(&wav);
    let decoded = decode(&flac);
    assert_eq!(decoded.len(), pcm.len());
    assert!(decoded == pcm, "the FLAC's samples differ from the WAV's");
    // The checksum in STREAMINFO is the samples' own, so `flac -t` and ffmpeg can verify.
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(&flac)
        .args(["-f", "md5", "-"])
        .output()
        .unwrap();
    let md5 = String::from_utf8_lossy(&out.stdout);
    let bytes = std::fs::read(&flac).unwrap();
    let stored: String = bytes[26..42].iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(md5.trim().trim_start_matches("MD5="), stored);
}

#[test]
fn two_renders_of_each_format_are_the_same_bytes_issue_17() {
    let dir = tempfile::tempdir().unwrap();
    let s = script(dir.path());
    for (ext, _, _) in FORMATS {
        let (a, b) = (
            dir.path().join(format!("a.{ext}")),
            dir.path().join(format!("b.{ext}")),
        );
        render(&s, &a, &[]);
        render(&s, &b, &[]);
        let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
        assert!(a.len() > 10_000, "{ext}: {} bytes", a.len());
        assert!(a == b, "{ext}: two renders differ");
    }
}

#[test]
fn an_unknown_extension_and_stdout_without_a_format_are_refused_issue_17() {
    let dir = tempfile::tempdir().unwrap();
    let s = script(dir.path());
    let out = dir.path().join("s.aac");
    let r = run(&["render", s.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("'.aac' is not a format still writes"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(".opus, .ogg (Vorbis), .mp3, .flac or .wav"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    let r = run(&["render", s.to_str().unwrap(), "-o", "-"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("add --format opus|vorbis|mp3|flac|wav"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    let r = run(&[
        "render",
        s.to_str().unwrap(),
        "-o",
        "x.opus",
        "--quality",
        "V2",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--quality 'V2' is not a quality for Opus"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("6k to 256k"), "{}", r.stderr);
}

#[test]
fn format_overrides_the_name_and_writes_standard_output_issue_17() {
    let dir = tempfile::tempdir().unwrap();
    let s = script(dir.path());
    let out = still(dir.path())
        .args(["render", s.to_str().unwrap(), "-o", "-", "--format", "opus"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(&out.stdout[..4], b"OggS");
    assert_eq!(&out.stdout[28..36], b"OpusHead");
    // Standard output gets the same bytes as a file.
    let file = dir.path().join("s.opus");
    render(&s, &file, &[]);
    assert!(std::fs::read(&file).unwrap() == out.stdout);
    let odd = dir.path().join("s.audio");
    render(&s, &odd, &["--format", "flac"]);
    assert_eq!(&std::fs::read(&odd).unwrap()[..4], b"fLaC");
}

#[test]
fn a_timer_renders_to_an_opus_file_issue_17() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sit.opus");
    let r = run(&[
        "timer",
        "1m",
        "--bells-every",
        "30s",
        "--prep",
        "0s",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Opus 64 kb/s"), "{}", r.stdout);
    if !have_ffmpeg("a_timer_renders_to_an_opus_file_issue_17") {
        return;
    }
    let probe = ffprobe(&out);
    assert_eq!(probe["streams"][0]["codec_name"], "opus");
    let secs = decode(&out).len() as f64 / 4.0 / 48_000.0;
    // A minute, the closing bells' 15 s, then the ring-out (at most 12 s).
    assert!((75.0..=87.0).contains(&secs), "{secs} s");
    assert_eq!(tag(&probe, "title").as_deref(), Some("Timer · 1m"));
    let r = run(&["timer", "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("an open sit has no end"), "{}", r.stderr);
}
