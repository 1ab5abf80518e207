//! Faults from outside: a player killed with SIGKILL at random moments, a disk that fills
//! up while rendering or journaling, a home folder that cannot be written, a clip that
//! disappears while it plays. Each keeps a promise listed in RELIABILITY.md.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::*;

fn entries(home: &Path) -> Vec<serde_json::Value> {
    let r = run_in(home, &["log", "--json"]);
    assert_eq!(r.code, 0, "the journal opens: {}", r.stderr);
    serde_json::from_str::<serde_json::Value>(&r.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// A script of one second's pause, in `dir`.
/// Ten seconds: the least practice the journal records.
fn ten_second_sit(dir: &Path) -> std::path::PathBuf {
    let script = dir.join("ten.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Ten\nsteps:\n  - pause: 10s\n",
    )
    .unwrap();
    script
}

fn one_second_sit(dir: &Path) -> std::path::PathBuf {
    let script = dir.join("short.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Short\nsteps:\n  - pause: 1s\n",
    )
    .unwrap();
    script
}

#[test]
fn sigkill_at_random_moments_loses_nothing_committed() {
    let home = tempfile::tempdir().unwrap();
    // A journal with one entry to begin with.
    journal_with_one_entry(home.path());
    let mut state = 0x853c_49e6_748f_ea9bu64;
    for round in 0..6 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let wait = Duration::from_millis(100 + state % 1500);
        let mut child = still(home.path())
            .args(["play", "grounding-54321", "--output", "null"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        child.kill().unwrap();
        child.wait().unwrap();
        let e = entries(home.path());
        assert_eq!(
            e.len(),
            1,
            "round {round}: a killed sit writes nothing, and loses nothing"
        );
    }
    // The next sit records as usual.
    let dir = tempfile::tempdir().unwrap();
    let script = ten_second_sit(dir.path());
    assert_eq!(
        run_in(
            home.path(),
            &["play", script.to_str().unwrap(), "--output", "null"]
        )
        .code,
        0
    );
    assert_eq!(entries(home.path()).len(), 2);
}

#[test]
fn a_full_disk_while_rendering_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("box.wav");
    let home = tempfile::tempdir().unwrap();
    let r = write_to_a_full_disk(
        home.path(),
        &["render", "box-breathing", "-o", out.to_str().unwrap()],
        1 << 20,
        &out,
    );
    assert!(
        r.stderr.contains("hint: check that the disk has room"),
        "{}",
        r.stderr
    );
}

/// Runs `args` with writes past `bytes` refused, and checks that it fails naming `out`,
/// leaving nothing in `out`'s folder: no partial file under the real name, no temporary one.
fn write_to_a_full_disk(home: &Path, args: &[&str], bytes: u64, out: &Path) -> Run {
    let o = with_file_size_limit(still(home).args(args), bytes)
        .output()
        .unwrap();
    let r = Run::from(o);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("cannot write {}", out.display())),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "no partial file under the real name");
    let left: Vec<_> = std::fs::read_dir(out.parent().unwrap()).unwrap().collect();
    assert!(left.is_empty(), "no temporary file left behind: {left:?}");
    r
}

#[test]
fn a_full_disk_while_journaling_keeps_the_journal_whole() {
    let home = tempfile::tempdir().unwrap();
    for day in 1..=3 {
        let date = format!("2026-01-0{day}");
        assert_eq!(
            run_in(
                home.path(),
                &["log", "add", "--date", &date, "--duration", "10m"]
            )
            .code,
            0
        );
    }
    let before = entries(home.path());
    // Any write that grows a file fails: the write-ahead log cannot take the new entry.
    let o = with_file_size_limit(
        still(home.path()).args(["log", "add", "--date", "2026-01-04", "--duration", "10m"]),
        4096,
    )
    .output()
    .unwrap();
    let r = Run::from(o);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("journal"), "{}", r.stderr);
    assert!(r.stderr.contains("disk has room"), "{}", r.stderr);
    assert_eq!(entries(home.path()), before, "the journal is as it was");
    // With room again, writing works.
    assert_eq!(
        run_in(
            home.path(),
            &["log", "add", "--date", "2026-01-04", "--duration", "10m"]
        )
        .code,
        0
    );
    assert_eq!(entries(home.path()).len(), 4);
}

#[test]
fn an_unwritable_home_is_named_and_the_sit_still_plays() {
    // /proc cannot hold new folders, even for root.
    let home = Path::new("/proc/still-test-home");
    let dir = tempfile::tempdir().unwrap();
    let script = one_second_sit(dir.path());
    let r = run_in(
        home,
        &["play", script.to_str().unwrap(), "--output", "null"],
    );
    // The sit plays; only the journal cannot take it, and says why.
    assert!(r.stdout.contains("1s of stillness"), "{}", r.stdout);
    assert!(r.stderr.contains("/proc/still-test-home"), "{}", r.stderr);
    let r = run_in(
        home,
        &["log", "add", "--date", "2026-01-01", "--duration", "5m"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("cannot use the journal /proc/still-test-home/journal.sqlite"),
        "names the journal, not a temporary file: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("a folder you can write to"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_clip_that_disappears_mid_sit_does_not_interrupt_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/audio/tone.ogg"),
        dir.path().join("tone.ogg"),
    )
    .unwrap();
    let script = dir.path().join("clip.yaml");
    std::fs::write(&script, "format: still/1\ntitle: Clip\nsteps:\n  - pause: 1s\n  - say: A tone.\n    clip: tone.ogg\n  - pause: 9s\n").unwrap();
    let home = tempfile::tempdir().unwrap();
    let child = still(home.path())
        .args(["play", script.to_str().unwrap(), "--output", "null"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    std::fs::remove_file(dir.path().join("tone.ogg")).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    // Every clip is read and decoded once before the first sample, and played from the
    // bytes read then, so the sit ends as planned.
    assert!(String::from_utf8_lossy(&out.stdout).contains("of stillness. Well done."));
    assert_eq!(entries(home.path())[0]["completed"], true);
}

#[test]
fn an_interrupted_render_leaves_no_file_behind() {
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("long.wav");
        let home = tempfile::tempdir().unwrap();
        let child = still(home.path())
            .args(["render", "silent-sit", "--set", "length=2h", "-o"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until the render is under way: its temporary file exists.
        let started = std::time::Instant::now();
        while std::fs::read_dir(dir.path()).unwrap().next().is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the render began"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: kill has no memory effects.
        unsafe { libc::kill(child.id() as i32, signal) };
        let o = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(130), "signal {signal}: {stderr}");
        assert!(
            stderr.contains("the render was interrupted"),
            "signal {signal}: {stderr}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "signal {signal} left {left:?}");
    }
}

#[test]
fn a_full_disk_while_exporting_leaves_no_file_behind() {
    let home = tempfile::tempdir().unwrap();
    // 400 entries export to about 160 KB of JSON.
    let mut csv = String::from(
        "id,date,started_at,zone,utc_offset,session,title,planned_ms,practiced_ms,completed,mood_before,mood_after,note,source\n",
    );
    for i in 0..400u32 {
        let d = format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        csv.push_str(&format!(
            "00000000-0000-0000-0000-{:012x},{d},{d}T12:00:00Z,Etc/UTC,+00:00,self-guided,Self-guided practice,300000,300000,true,,,,added\n",
            i + 1
        ));
    }
    let input = home.path().join("in.csv");
    std::fs::write(&input, csv).unwrap();
    assert_eq!(
        run_in(home.path(), &["import-log", input.to_str().unwrap()]).code,
        0
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("journal.json");
    let r = write_to_a_full_disk(
        home.path(),
        &["export", "--format", "json", "-o", out.to_str().unwrap()],
        64 * 1024,
        &out,
    );
    assert!(r.stderr.contains("the disk has room"), "{}", r.stderr);
}
