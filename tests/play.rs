//! `still play` and `still timer` without a sound card: the null output (real time), plain
//! lines on a pipe, the journal entry, signals, and no device at all.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

fn short_session(dir: &Path) -> String {
    let path = dir.join("short.yaml");
    std::fs::write(&path, "format: still/1\ntitle: Short\nsteps:\n  - bell: { sound: wood, every: 1s }\n  - say: Breathe.\n  - pause: 1s\n").unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn the_null_output_plays_in_real_time_and_the_sit_is_journaled() {
    let home = tempfile::tempdir().unwrap();
    let script = short_session(home.path());
    let started = Instant::now();
    let r = run_in(home.path(), &["play", &script, "--output", "null"]);
    let took = started.elapsed();
    assert_eq!(r.code, 0, "{}", r.stderr);
    // 1 s bell + 2 s say + 1 s pause, then the wood block's short ring-out: never faster.
    assert!(took >= Duration::from_millis(3900), "took {took:?}");
    assert!(r.stdout.contains("Short · 4s"), "{}", r.stdout);
    assert!(r.stdout.contains("0:01  say      Breathe."), "{}", r.stdout);
    assert!(
        r.stdout.contains("4s of stillness. Well done."),
        "{}",
        r.stdout
    );
    let log = log_entries(home.path());
    let e = &log[0];
    assert_eq!(e["session"], "short");
    assert_eq!(e["planned_ms"], 4000);
    assert_eq!(e["completed"], true);
    let practiced = e["practiced_ms"].as_u64().unwrap();
    assert!((3900..=4100).contains(&practiced), "{practiced}");
}

#[test]
fn sigterm_keeps_the_partial_sit_and_exits_130() {
    let home = tempfile::tempdir().unwrap();
    let child = still(home.path())
        .args(["play", "silent-sit", "--output", "null"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(String::from_utf8_lossy(&out.stdout).contains("stopped before the end"));
    let log = log_entries(home.path());
    let e = &log[0];
    assert_eq!(e["completed"], false);
    let practiced = e["practiced_ms"].as_u64().unwrap();
    assert!((1500..=4000).contains(&practiced), "{practiced}");
    assert_eq!(e["planned_ms"], 634_506);
}

#[test]
fn sighup_too() {
    let home = tempfile::tempdir().unwrap();
    let child = still(home.path())
        .args(["timer", "--prep", "0s", "--output", "null"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    unsafe {
        libc::kill(child.id() as i32, libc::SIGHUP);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    let log = log_entries(home.path());
    assert_eq!(log[0]["session"], "timer");
}

#[test]
fn without_a_sound_card_play_exits_3_at_once_with_a_hint() {
    let home = tempfile::tempdir().unwrap();
    let started = Instant::now();
    // An empty ALSA configuration: no device can open, whatever this machine has.
    let out = still(home.path())
        .env("ALSA_CONFIG_PATH", "/dev/null")
        .args(["play", "box-breathing"])
        .output()
        .unwrap();
    let took = started.elapsed();
    let r = Run::from(out);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert!(
        r.stderr
            .starts_with("error: no audio output device is available"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("still play box-breathing --output null"),
        "{}",
        r.stderr
    );
    // ALSA's own lines are not dumped on the screen; at most one is quoted in the hint.
    assert!(
        r.stderr
            .lines()
            .filter(|l| l.starts_with("ALSA lib"))
            .count()
            == 0,
        "{}",
        r.stderr
    );
    assert!(log_entries(home.path()).is_empty(), "nothing was practised");
}

#[test]
fn timer_arguments_are_checked() {
    for (args, msg) in [
        (vec!["timer", "20"], "DURATION '20' is not a duration"),
        (
            vec!["timer", "5m", "--bell", "gongg"],
            "--bell 'gongg' is not a bell",
        ),
        (
            vec!["timer", "5m", "--ambient", "wind"],
            "--ambient 'wind' is not an ambient bed",
        ),
        (
            vec!["timer", "5m", "--bells-every", "0s"],
            "--bells-every is zero",
        ),
        (
            vec!["play", "box-breathing", "--volume", "3"],
            "--volume: 3 is outside 0 to 2",
        ),
        (
            vec!["play", "box-breathing", "--start-at", "25:00"],
            "--start-at '25:00' is not a time",
        ),
    ] {
        let r = run(&args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(msg), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn a_timer_rings_its_bells_on_time() {
    let home = tempfile::tempdir().unwrap();
    let r = run_in(
        home.path(),
        &[
            "timer",
            "3s",
            "--prep",
            "1s",
            "--bells-every",
            "1s",
            "--bell",
            "wood",
            "--output",
            "null",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Timer · 3s"), "{}", r.stdout);
    let e = &log_entries(home.path())[0];
    assert_eq!(e["session"], "timer");
    assert_eq!(e["completed"], true);
    // Preparation is not practice: 5 s bell + 3 s sit + 15 s of closing bells.
    assert_eq!(e["planned_ms"], 23_000);
}

/// #13: a `--start-at` sit is journaled at the minute it started, not when the command was
/// typed. The start is the next whole minute (at least 5 s away, so it cannot pass first).
#[test]
fn a_start_at_sit_is_journaled_at_the_minute_it_started_issue_13() {
    let home = tempfile::tempdir().unwrap();
    let script = short_session(home.path());
    let now = jiff::Timestamp::now();
    let mut start = now.as_second() - now.as_second().rem_euclid(60) + 60;
    if start - now.as_second() < 5 {
        start += 60;
    }
    let at = jiff::Timestamp::from_second(start).unwrap();
    let hhmm = at.strftime("%H:%M").to_string();
    let r = run_in(
        home.path(),
        &["play", &script, "--output", "null", "--start-at", &hhmm],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log = log_entries(home.path());
    let e = &log[0];
    let started: jiff::Timestamp = e["started_at"].as_str().unwrap().parse().unwrap();
    let late = started.as_millisecond() - at.as_millisecond();
    assert!(
        (0..2000).contains(&late),
        "started {started}, the sit was set for {at} (typed at {now})"
    );
}

/// Issue #14: clips are checked beside the first seconds of sound, not before them; a clip
/// late in the session that does not decode still stops the sit at once with the located
/// message, exit 1, and nothing goes to the journal.
#[test]
fn issue_14_a_broken_clip_found_beside_the_first_seconds_stops_the_sit() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    std::fs::copy(
        root().join("tests/audio/broken/truncated.wav"),
        dir.join("truncated.wav"),
    )
    .unwrap();
    std::fs::copy(root().join("tests/audio/tone.ogg"), dir.join("tone.ogg")).unwrap();
    let script = dir.join("late.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Late\nsteps:\n  - say: first\n    clip: tone.ogg\n  - pause: 20m\n  - say: late\n    clip: truncated.wav\n",
    )
    .unwrap();
    let started = Instant::now();
    let r = run_in(dir, &["play", script.to_str().unwrap(), "--output", "null"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(":8:11: truncated.wav: "), "{}", r.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped at once"
    );
    assert!(
        log_entries(dir).is_empty(),
        "a sit that could not play is not recorded"
    );
}
