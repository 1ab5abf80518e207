//! Phone recordings as clips (issue #17): M4A (AAC, Apple Lossless) and Opus (`.opus`, and
//! `.ogg` holding Opus) made here with ffmpeg from a WAV with a click on a known frame. The
//! click must land on its frame in a render, the encoder's delay dropped, and the length
//! probing gives must be what decodes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use still::assets::{Input, check_input, probe_input};

/// The recording: 1.5 s of silence with a click half a second in.
const SECONDS: f64 = 1.5;
const CLICK_AT: f64 = 0.5;

/// Whether ffmpeg is here to make the files; without it the test says so and passes.
fn have_ffmpeg(test: &str) -> bool {
    let ok = Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: {test} skipped: ffmpeg is not installed (Debian package `ffmpeg`)");
    }
    ok
}

/// A WAV at `rate` with `channels`, silent but for one sample at 0.8 on the click's frame.
fn click_wav(path: &Path, rate: u32, channels: u16) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    let click = (CLICK_AT * f64::from(rate)) as usize;
    for i in 0..(SECONDS * f64::from(rate)) as usize {
        for _ in 0..channels {
            w.write_sample(if i == click { 26_214i16 } else { 0 })
                .unwrap();
        }
    }
    w.finalize().unwrap();
}

/// One kind of phone recording: ffmpeg's codec and options, the file's name, the WAV's
/// rate and channels.
struct Kind {
    codec: &'static [&'static str],
    file: &'static str,
    rate: u32,
    channels: u16,
}

const KINDS: [Kind; 4] = [
    // A phone's voice memo: AAC in M4A, 44.1 kHz mono, by ffmpeg's own encoder.
    Kind {
        codec: &["-c:a", "aac", "-b:a", "96k"],
        file: "memo.m4a",
        rate: 44_100,
        channels: 1,
    },
    // Opus in its usual name, from 44.1 kHz (Opus itself is always 48 kHz).
    Kind {
        codec: &["-c:a", "libopus", "-b:a", "48k"],
        file: "memo.opus",
        rate: 44_100,
        channels: 1,
    },
    // Opus named .ogg, stereo at 48 kHz.
    Kind {
        codec: &["-c:a", "libopus", "-b:a", "64k"],
        file: "memo.ogg",
        rate: 48_000,
        channels: 2,
    },
    // A lossless voice memo: Apple Lossless in M4A.
    Kind {
        codec: &["-c:a", "alac"],
        file: "lossless.m4a",
        rate: 44_100,
        channels: 1,
    },
];

/// Makes `kind`'s recording in `dir` with ffmpeg; returns its path.
fn record(dir: &Path, kind: &Kind) -> PathBuf {
    let wav = dir.join(format!("{}.wav", kind.file));
    click_wav(&wav, kind.rate, kind.channels);
    let out = dir.join(kind.file);
    let r = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i"])
        .arg(&wav)
        .args(kind.codec)
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        r.status.success(),
        "ffmpeg: {}",
        String::from_utf8_lossy(&r.stderr)
    );
    out
}

fn left_channel(path: &Path) -> Vec<i32> {
    let mut r = hound::WavReader::open(path).unwrap();
    assert_eq!(r.spec().channels, 2);
    let all: Vec<i32> = r.samples::<i32>().map(Result::unwrap).collect();
    all.chunks(2).map(|f| f[0]).collect()
}

/// The frame of the loudest sample within 100 ms of `near`.
fn peak_near(left: &[i32], near: usize) -> usize {
    (near - 4800..near + 4800)
        .max_by_key(|&f| left[f].abs())
        .unwrap()
}

#[test]
fn a_phone_recording_lands_its_click_on_its_frame_issue_17() {
    if !have_ffmpeg("a_phone_recording_lands_its_click_on_its_frame_issue_17") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for kind in &KINDS {
        record(dir.path(), kind);
        // The same file as narration (brought to its loudness) and as a bell's sound.
        let script = dir.path().join("s.yaml");
        std::fs::write(
            &script,
            format!(
                "format: still/1\ntitle: T\nsteps:\n  - pause: 1s\n  - say: one\n    clip: {f}\n  - pause: 1s\n  - bell: {{ sound: {f} }}\n  - pause: 1s\n",
                f = kind.file
            ),
        )
        .unwrap();
        let out = dir.path().join("out.wav");
        let r = run(&[
            "render",
            script.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}: {}", kind.file, r.stderr);
        let left = left_channel(&out);
        // 1 s, the say clip (1.5 s), 1 s, then the bell, which rings 5 s.
        let say = 48_000 + 24_000;
        let bell = 48_000 + 72_000 + 48_000 + 24_000;
        for (what, want) in [("say", say), ("bell", bell)] {
            let got = peak_near(&left, want);
            let off = got as i64 - want as i64;
            assert!(
                off.abs() <= 48,
                "{}: the {what} clip's click is {off} frames from frame {want} (±48, 1 ms)",
                kind.file
            );
        }
    }
}

/// An MP4 box: its size, its kind, its body.
fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    b.extend_from_slice(kind);
    b.extend_from_slice(body);
    b
}

/// `m4a` (ffmpeg's, index last) with iTunes' gapless note added to its index, as iTunes and
/// Apple's older encoders write it (`moov/udta/meta/ilst/----`, name `iTunSMPB`). The index
/// comes after the audio, so no offset into it changes.
fn with_itunes_note(m4a: &[u8], note: &str) -> Vec<u8> {
    let mut at = 0;
    while at + 8 <= m4a.len() {
        let size = u32::from_be_bytes(m4a[at..at + 4].try_into().unwrap()) as usize;
        if &m4a[at + 4..at + 8] == b"moov" {
            assert_eq!(at + size, m4a.len(), "the index is last");
            let tag = [
                mp4_box(b"mean", &[&[0u8; 4][..], b"com.apple.iTunes"].concat()),
                mp4_box(b"name", &[&[0u8; 4][..], b"iTunSMPB"].concat()),
                mp4_box(
                    b"data",
                    &[&[0, 0, 0, 1, 0, 0, 0, 0][..], note.as_bytes()].concat(),
                ),
            ]
            .concat();
            let hdlr = [&[0u8; 8][..], b"mdir", &[0u8; 13]].concat();
            let meta = [
                &[0u8; 4][..],
                &mp4_box(b"hdlr", &hdlr),
                &mp4_box(b"ilst", &mp4_box(b"----", &tag)),
            ]
            .concat();
            let udta = mp4_box(b"udta", &mp4_box(b"meta", &meta));
            let body = [&m4a[at + 8..], &udta[..]].concat();
            return [&m4a[..at], &mp4_box(b"moov", &body)[..]].concat();
        }
        at += size;
    }
    panic!("no moov");
}

#[test]
fn an_m4a_with_only_the_itunes_note_drops_its_priming_issue_17() {
    if !have_ffmpeg("an_m4a_with_only_the_itunes_note_drops_its_priming_issue_17") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("memo.wav");
    click_wav(&wav, 44_100, 1);
    // No edit list: the 1024 frames of ffmpeg's priming are told only by the note.
    let bare = dir.path().join("bare.m4a");
    let r = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i"])
        .arg(&wav)
        .args(["-c:a", "aac", "-b:a", "96k", "-use_editlist", "0"])
        .arg(&bare)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let frames = (SECONDS * 44_100.0) as u64;
    let note = format!(" 00000000 00000400 00000000 {frames:016X}");
    let bytes = with_itunes_note(&std::fs::read(&bare).unwrap(), &note);
    std::fs::write(dir.path().join("itunes.m4a"), &bytes).unwrap();
    let info = probe_input(Input::bytes("itunes.m4a", &bytes)).unwrap();
    assert_eq!(info.frames, frames);
    assert_eq!(
        check_input(Input::bytes("itunes.m4a", &bytes), &info).unwrap(),
        frames
    );
    let script = dir.path().join("s.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: T\nsteps:\n  - pause: 1s\n  - say: one\n    clip: itunes.m4a\n  - pause: 1s\n",
    )
    .unwrap();
    let out = dir.path().join("out.wav");
    let r = run(&[
        "render",
        script.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = 48_000 + 24_000;
    let off = peak_near(&left_channel(&out), want) as i64 - want as i64;
    assert!(
        off.abs() <= 48,
        "the click is {off} frames from frame {want}"
    );
}

#[test]
fn a_phone_recording_probes_as_long_as_it_decodes_issue_17() {
    if !have_ffmpeg("a_phone_recording_probes_as_long_as_it_decodes_issue_17") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for kind in &KINDS {
        let path = record(dir.path(), kind);
        let bytes = std::fs::read(&path).unwrap();
        let info = probe_input(Input::bytes(kind.file, &bytes)).unwrap();
        let decoded = check_input(Input::bytes(kind.file, &bytes), &info).unwrap();
        assert_eq!(
            decoded, info.frames,
            "{}: probing says {} frames, decoding gives {decoded}",
            kind.file, info.frames
        );
        // And it is the recording's own length, not the encoder's: within 1 ms.
        let own = (SECONDS * f64::from(info.rate)) as i64;
        let ms = i64::from(info.rate) / 1000;
        assert!(
            (info.frames as i64 - own).abs() <= ms,
            "{}: {} frames at {} Hz, the recording has {own}",
            kind.file,
            info.frames,
            info.rate
        );
        assert_eq!(info.channels, usize::from(kind.channels), "{}", kind.file);
    }
}

#[test]
fn a_damaged_m4a_is_refused_by_name_saying_what_is_wrong_issue_17() {
    if !have_ffmpeg("a_damaged_m4a_is_refused_by_name_saying_what_is_wrong_issue_17") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read(record(dir.path(), &KINDS[0])).unwrap();
    // ffmpeg, like a phone, writes the index last: a recording cut short has none.
    std::fs::write(dir.path().join("cut.m4a"), &whole[..whole.len() / 2]).unwrap();
    // With the index first (`-movflags +faststart`, as some apps write), a cut loses audio.
    let wav = dir.path().join("memo.m4a.wav");
    let fast = dir.path().join("fast.m4a");
    let r = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i"])
        .arg(&wav)
        .args(["-c:a", "aac", "-movflags", "+faststart"])
        .arg(&fast)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let fast = std::fs::read(&fast).unwrap();
    std::fs::write(dir.path().join("short.m4a"), &fast[..fast.len() * 6 / 10]).unwrap();
    // Not audio at all, with an M4A name.
    std::fs::write(dir.path().join("notes.m4a"), "remember the bell").unwrap();
    let cases = [
        (
            "cut.m4a",
            "the audio is damaged or cut short (it is an M4A file without its index",
            "export or record the file again",
        ),
        (
            "short.m4a",
            "the audio is damaged or cut short (it is an M4A file cut short",
            "export or record the file again",
        ),
        (
            "notes.m4a",
            "not an audio file that still can read",
            "use WAV, FLAC, MP3, Ogg Vorbis, Opus (.opus or .ogg) or M4A (AAC or Apple Lossless)",
        ),
    ];
    for (file, why, hint) in cases {
        let script = dir.path().join("s.yaml");
        std::fs::write(
            &script,
            format!("format: still/1\ntitle: T\nsteps:\n  - say: x\n    clip: {file}\n"),
        )
        .unwrap();
        let out = dir.path().join("out.wav");
        let r = run(&[
            "render",
            script.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 1, "{file}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(":5:11: {file}: {why}")),
            "{file}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(hint), "{file}: {}", r.stderr);
        assert!(!out.exists(), "{file}: no output is left behind");
    }
}
