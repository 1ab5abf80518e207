//! The real audio path: `still play` through ALSA into a headless PulseAudio null sink,
//! recorded back with parec. Needs pulseaudio, pulseaudio-utils and libasound2-plugins
//! (`.ci/run` installs them); each test starts its own server in a private runtime folder.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pulse::Pulse;
use common::*;

/// Frames of the loudest sample of each click in a recording (clicks are 100 ms apart at least).
fn clicks(raw: &Path) -> Vec<usize> {
    let bytes = std::fs::read(raw).unwrap();
    let left: Vec<i16> = bytes
        .chunks_exact(4)
        .map(|f| i16::from_le_bytes([f[0], f[1]]))
        .collect();
    let mut found = vec![];
    let mut i = 0;
    while i < left.len() {
        if left[i].unsigned_abs() > 8000 {
            let end = (i + 200).min(left.len());
            let peak = (i..end).max_by_key(|&k| left[k].unsigned_abs()).unwrap();
            found.push(peak);
            i = peak + 4800;
        } else {
            i += 1;
        }
    }
    found
}

fn script(dir: &Path) -> PathBuf {
    std::fs::copy(
        root().join("tests/audio/click-48k.wav"),
        dir.join("click.wav"),
    )
    .unwrap();
    let path = dir.join("clicks.yaml");
    // Bells of a click at odd intervals, with a two-second pause step in the middle.
    std::fs::write(
        &path,
        "format: still/1\ntitle: Clicks\nsteps:\n  - pause: 500ms\n  - bell: { sound: click.wav, every: 700ms }\n  - bell: { sound: click.wav, strikes: 2, every: 1300ms }\n  - pause: 2s\n  - bell: { sound: click.wav, every: 333ms }\n  - say: A caption without a clip.\n  - bell: { sound: click.wav, strikes: 3, every: 1s }\n",
    )
    .unwrap();
    path
}

#[test]
fn every_bell_lands_on_its_frame_through_alsa_and_pulseaudio() {
    let pulse = Pulse::start();
    let dir = tempfile::tempdir().unwrap();
    let script = script(dir.path());
    let show = run(&["show", script.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    // Each bell's click sits 2400 frames into the clip.
    let expected: Vec<i64> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "bell")
        .map(|e| e["start_frame"].as_i64().unwrap() + 2400)
        .collect();
    assert_eq!(expected.len(), 7);

    let raw = dir.path().join("capture.raw");
    let mut recorder = pulse.record(&raw);
    let player = pulse.play(dir.path(), &["play", script.to_str().unwrap()]);
    let out = player.wait_with_output().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let _ = recorder.kill();
    let _ = recorder.wait();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let found = clicks(&raw);
    assert_eq!(found.len(), expected.len(), "clicks heard at {found:?}");
    for (f, e) in found.iter().zip(&expected) {
        let heard = *f as i64 - found[0] as i64;
        let planned = e - expected[0];
        assert!(
            (heard - planned).abs() <= 2,
            "a bell planned {planned} frames after the first was heard {heard} frames after it"
        );
    }
}

#[test]
fn a_sound_server_that_dies_mid_sit_ends_it_cleanly_and_keeps_it() {
    let pulse = Pulse::start();
    let home = tempfile::tempdir().unwrap();
    let player = pulse.play(home.path(), &["play", "silent-sit"]);
    // Past the 10 s a sit needs to be recorded.
    std::thread::sleep(Duration::from_millis(12_500));
    pulse.kill();
    let started = Instant::now();
    let out = player.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the player notices within seconds"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("the audio output stopped during the sit"),
        "{stderr}"
    );
    let log = run_in(home.path(), &["log", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&log.stdout).unwrap();
    assert_eq!(v[0]["completed"], false);
    let practiced = v[0]["practiced_ms"].as_u64().unwrap();
    // 12.5 s after the start, less the time to get ready (synthesizing the bells).
    assert!((10_000..=13_000).contains(&practiced), "{practiced}");
}

/// Frames where each strike of a short bell (the wood block) begins in a recording: the
/// first sample above a tenth of the loudest, then half a second skipped.
fn onsets(raw: &Path) -> Vec<usize> {
    let bytes = std::fs::read(raw).unwrap();
    let left: Vec<i16> = bytes
        .chunks_exact(4)
        .map(|f| i16::from_le_bytes([f[0], f[1]]))
        .collect();
    let loudest = left.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
    let threshold = (loudest / 10).max(500);
    let mut found = vec![];
    let mut i = 0;
    while i < left.len() {
        if left[i].unsigned_abs() > threshold {
            found.push(i);
            i += 24_000;
        } else {
            i += 1;
        }
    }
    found
}

/// Issue #14: the timer's bells, as its `--script` places them (from the opening strike:
/// every 2 s strictly before 6 s, then the closing bells at 6 s), are heard on those frames
/// through ALSA and PulseAudio.
#[test]
fn a_timers_bells_are_heard_on_their_frames_issue_14() {
    let pulse = Pulse::start();
    let dir = tempfile::tempdir().unwrap();
    let timer = [
        "timer",
        "6s",
        "--bells-every",
        "2s",
        "--prep",
        "1s",
        "--bell",
        "wood",
    ];
    let script = run(&[&timer[..], &["--script"]].concat());
    let path = dir.path().join("timer.yaml");
    std::fs::write(&path, &script.stdout).unwrap();
    let show = run(&["show", path.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let planned: Vec<i64> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "bell")
        .map(|e| e["start_frame"].as_i64().unwrap())
        .collect();
    let s = 48_000;
    assert_eq!(planned, [s, 3 * s, 5 * s, 7 * s, 12 * s, 17 * s]);

    let raw = dir.path().join("capture.raw");
    let mut recorder = pulse.record(&raw);
    let player = pulse.play(dir.path(), &timer);
    let out = player.wait_with_output().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let _ = recorder.kill();
    let _ = recorder.wait();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let heard = onsets(&raw);
    assert_eq!(heard.len(), planned.len(), "strikes heard at {heard:?}");
    for (h, p) in heard.iter().zip(&planned) {
        let heard = *h as i64 - heard[0] as i64;
        let planned = p - planned[0];
        assert!(
            (heard - planned).abs() <= 2,
            "a strike planned {planned} frames after the opening one was heard {heard} frames after it"
        );
    }
    // DURATION is what was practised: too little, here, to be recorded.
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("6s of stillness. Well done. Under 10s is not recorded."),
        "{said}"
    );
}
