//! `still play` and `still timer` without a sound card: the null output (real time), plain
//! lines on a pipe, the journal entry, signals, and no device at all.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

fn short_session(dir: &Path) -> String {
    let path = dir.join("short.yaml");
    // 11 s: a sit under 10 s is not recorded.
    std::fs::write(&path, "format: still/1\ntitle: Short\nsteps:\n  - bell: { sound: wood, every: 1s }\n  - say: Breathe.\n  - pause: 8s\n").unwrap();
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
    // 1 s bell + 2 s say + 8 s pause, then the wood block's short ring-out: never faster.
    assert!(took >= Duration::from_millis(10_900), "took {took:?}");
    assert!(r.stdout.contains("Short · 11s"), "{}", r.stdout);
    assert!(r.stdout.contains("0:01  say      Breathe."), "{}", r.stdout);
    assert!(
        r.stdout.contains("11s of stillness. Well done.\n"),
        "{}",
        r.stdout
    );
    let log = log_entries(home.path());
    let e = &log[0];
    assert_eq!(e["session"], "short");
    assert_eq!(e["planned_ms"], 11_000);
    assert_eq!(e["completed"], true);
    assert_eq!(e["stopped_ms"], serde_json::Value::Null);
    // Practice is counted on its frames: the ring-out is not in it.
    assert_eq!(e["practiced_ms"], 11_000);
    // Issue #14: `log` writes the length as the end line did.
    let log = run_in(home.path(), &["log"]);
    assert!(log.stdout.contains("  11s  "), "{}", log.stdout);
}

/// Waits until the sit in `home` says (in its status file, rewritten each second) that it
/// has played `ms`: the test's clock starts with the sit's, however long the start took on
/// a busy machine.
fn wait_until_played(home: &Path, ms: u64) {
    let file = home.join("run/status.json");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let at = std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["position_ms"].as_u64());
        if at.is_some_and(|at| at >= ms) {
            return;
        }
        assert!(Instant::now() < deadline, "the sit never reached {ms} ms");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigterm_keeps_the_partial_sit_and_exits_130() {
    let home = tempfile::tempdir().unwrap();
    let child = still(home.path())
        .args(["play", "silent-sit", "--output", "null"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_played(home.path(), 10_500);
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("practised, stopped before the end. It is in your journal."),
        "{stdout}"
    );
    let log = log_entries(home.path());
    let e = &log[0];
    assert_eq!(e["completed"], false);
    let practiced = e["practiced_ms"].as_u64().unwrap();
    assert!((10_000..=13_000).contains(&practiced), "{practiced}");
    // Where it stopped, for `--resume`: as far as it played.
    let stopped = e["stopped_ms"].as_u64().unwrap();
    assert!(stopped.abs_diff(practiced) < 200, "{stopped} {practiced}");
    assert_eq!(e["planned_ms"], 634_506);
}

/// SIGHUP too; and a sit with under 10 s practised, or stopped during the preparation, is
/// not recorded (it counted toward the milestones), and the end line says so.
#[test]
fn sighup_too_and_a_short_sit_is_not_recorded_issue_14() {
    for (prep, line) in [
        (
            "0s",
            "1s practised, stopped before the end. Under 10s is not recorded.",
        ),
        ("10s", "Stopped during the preparation: not recorded."),
    ] {
        let home = tempfile::tempdir().unwrap();
        let child = still(home.path())
            .args(["timer", "--prep", prep, "--output", "null"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        // 1 s into the sit; during the 10 s preparation, as soon as it began.
        wait_until_played(home.path(), if prep == "0s" { 1000 } else { 0 });
        unsafe {
            libc::kill(child.id() as i32, libc::SIGHUP);
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(130));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(line), "{stdout}");
        assert!(!stdout.contains("journal"), "{stdout}");
        assert!(log_entries(home.path()).is_empty(), "--prep {prep}");
    }
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
        r.stderr.contains("hint: play without sound, with the visual pacer: still play box-breathing --output null"),
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
    // Issue #14: looked for first, before the content note or any question.
    assert_eq!(r.stdout, "", "nothing before the sound card: {}", r.stdout);
    let r = Run::from(
        still(home.path())
            .env("ALSA_CONFIG_PATH", "/dev/null")
            .args(["timer", "20m", "--bells-every", "5m", "--bell", "rin"])
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "hint: play without sound, with the visual pacer: still timer 20m --bells-every 5m --bell rin --output null"
        ),
        "{}",
        r.stderr
    );
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

/// Issue #14: DURATION runs from the opening strike to the first closing strike, the
/// preparation is not practice and the journal plans DURATION.
#[test]
fn a_timer_plans_its_duration_and_practises_it_issue_14() {
    let home = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let r = run_in(
        home.path(),
        &[
            "timer",
            "10s",
            "--prep",
            "1s",
            "--bells-every",
            "3s",
            "--bell",
            "wood",
            "--output",
            "null",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // 1 s of preparation, 10 s, then 15 s of closing bells.
    assert!(started.elapsed() >= Duration::from_secs(26));
    assert!(r.stdout.contains("Timer · 10s · 26s"), "{}", r.stdout);
    assert!(
        r.stdout.contains("10s of stillness. Well done."),
        "{}",
        r.stdout
    );
    let e = &log_entries(home.path())[0];
    assert_eq!(e["session"], "timer");
    assert_eq!(e["completed"], true);
    assert_eq!(e["planned_ms"], 10_000);
    assert_eq!(e["practiced_ms"], 10_000);
}

/// Issue #14: `still timer … --script` is a session script that `check`, `show`,
/// `render` and `pack` take, with its bells on the frames the timer promises.
#[test]
fn a_timer_script_checks_shows_renders_and_packs_issue_14() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&[
        "timer",
        "1m",
        "--bells-every",
        "20s",
        "--bell",
        "wood",
        "--script",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = dir.path().join("timer.yaml");
    std::fs::write(&path, &r.stdout).unwrap();
    let script = path.to_str().unwrap();
    let check = run(&["check", script]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains("Timer · 1m"), "{}", check.stdout);

    let show = run(&["show", script, "--json"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let bells: Vec<u64> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "bell")
        .map(|e| e["start_frame"].as_u64().unwrap())
        .collect();
    // The opening strike after 10 s of preparation; 20 s and 40 s after it; the closing
    // bells 1 m after it, 5 s apart.
    let s = 48_000;
    assert_eq!(bells, [10 * s, 30 * s, 50 * s, 70 * s, 75 * s, 80 * s]);
    assert_eq!(v["duration_frames"], 85 * s);

    let wav = dir.path().join("timer.wav");
    let render = run(&["render", script, "-o", wav.to_str().unwrap()]);
    assert_eq!(render.code, 0, "{}", render.stderr);
    assert!(std::fs::metadata(&wav).unwrap().len() > 85 * s * 4);

    let bundle = dir.path().join("timer.still");
    let pack = run(&["pack", script, "-o", bundle.to_str().unwrap()]);
    assert_eq!(pack.code, 0, "{}", pack.stderr);
    assert!(bundle.exists());

    // Said in the timer's terms, never with the script's location.
    for (args, said) in [
        (vec!["timer", "13h"], "a timer lasts at most 12h"),
        (
            vec!["timer", "1h", "--bells-every", "100ms"],
            "--bells-every 100ms rings more than 10000 bells in 1h",
        ),
        (
            vec!["timer", "5m", "--prep", "12h"],
            "a timer lasts at most 12h",
        ),
    ] {
        let r = run(&args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(said), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("timer:"), "{args:?}: {}", r.stderr);
    }
}

/// Issue #14: `--from` starts part way, `--resume` where the last sit of the session
/// stopped early (at the top of that step); what was skipped is not practice.
#[test]
fn play_from_part_way_and_resume_issue_14() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("three.yaml");
    std::fs::write(
        &path,
        "format: still/1\ntitle: Three\nsteps:\n  - pause: 8s\n  - pause: 8s\n  - pause: 4s\n",
    )
    .unwrap();
    let script = path.to_str().unwrap();
    for (from, said) in [
        ("step:4", "--from 'step:4': this session has steps 1 to 3"),
        ("20s", "--from 20s is past the end: the session lasts 20s"),
        ("soon", "--from 'soon' is not a time or a step"),
    ] {
        let r = run_in(
            home.path(),
            &["play", script, "--from", from, "--output", "null"],
        );
        assert_eq!(r.code, 1, "{from}: {}", r.stderr);
        assert!(r.stderr.contains(said), "{from}: {}", r.stderr);
    }
    let r = run_in(
        home.path(),
        &["play", script, "--resume", "--output", "null"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("nothing of 'three' to resume"),
        "{}",
        r.stderr
    );

    // From step 3: four seconds, too short to record.
    let r = run_in(
        home.path(),
        &["play", script, "--from", "step:3", "--output", "null"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Starting at 0:16 (step 3 of 3)"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("0:08  pause"), "{}", r.stdout);
    assert!(r.stdout.contains("0:16  pause"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("4s of stillness. Well done. Under 10s is not recorded."),
        "{}",
        r.stdout
    );

    // Stopped 11.5 s in, during step 2.
    let child = still(home.path())
        .args(["play", script, "--output", "null"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_played(home.path(), 10_500);
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(130));
    let first = &log_entries(home.path())[0];
    assert_eq!(first["completed"], false);
    let stopped = first["stopped_ms"].as_u64().unwrap();
    assert!((10_000..16_000).contains(&stopped), "{stopped}");

    // Resumed at the top of step 2: 12 s played to the end, a completed sit of 12 s.
    let r = run_in(
        home.path(),
        &["play", script, "--resume", "--output", "null"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Starting at 0:08 (step 2 of 3)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("12s of stillness. Well done."),
        "{}",
        r.stdout
    );
    let log = log_entries(home.path());
    assert_eq!(log.len(), 2);
    let second = &log[1];
    assert_eq!(second["completed"], true);
    assert_eq!(second["planned_ms"], 12_000);
    assert_eq!(second["practiced_ms"], 12_000);
    let r = run_in(
        home.path(),
        &["play", script, "--resume", "--output", "null"],
    );
    assert_eq!(
        r.code, 1,
        "the last sit was played to the end: {}",
        r.stderr
    );
}

/// Issue #14: the journal is checked before the first sound. Without a terminal, a journal
/// that cannot take the sit is said first, the sit plays, and its end line does not claim
/// it was kept.
#[test]
fn a_damaged_journal_is_said_before_the_sit_issue_14() {
    let home = tempfile::tempdir().unwrap();
    let script = short_session(home.path());
    std::fs::write(home.path().join("journal.sqlite"), "my notes\n").unwrap();
    let mut child = still(home.path())
        .args(["play", &script, "--output", "null"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The warning is there at once, long before the sit ends.
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let started = Instant::now();
    let mut warned = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut warned).unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(warned.starts_with("warning: "), "{warned}");
    assert!(warned.contains("this sit will not be recorded"), "{warned}");
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out).unwrap();
    assert!(child.wait().unwrap().success());
    assert!(
        out.contains("11s of stillness. Well done. Not recorded: the journal cannot take it."),
        "{out}"
    );
    assert!(!out.contains("in your journal"), "{out}");
    assert_eq!(
        std::fs::read(home.path().join("journal.sqlite")).unwrap(),
        b"my notes\n",
        "left untouched"
    );
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
