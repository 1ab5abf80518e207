//! The desktop (issue #18): `still nudge`, the one line for a shell prompt.

mod common;

use std::path::Path;

use common::run_in;

fn nudge(home: &Path) -> common::Run {
    run_in(home, &["nudge"])
}

fn config(home: &Path, text: &str) {
    std::fs::write(home.join("config.toml"), text).unwrap();
}

fn journal(home: &Path) -> std::path::PathBuf {
    home.join("journal.sqlite")
}

fn add(home: &Path, date: &str, session: Option<&str>) {
    let mut args = vec!["log", "add", "--date", date, "--duration", "10m"];
    if let Some(s) = session {
        args.extend(["--session", s]);
    }
    let r = run_in(home, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn nothing_yet_today_gets_one_invitation_a_day_issue_18() {
    let home = tempfile::tempdir().unwrap();
    let r = nudge(home.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "A few quiet minutes are here whenever you like: still play box-breathing\n"
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    // Not a nag: said once, then silence for the rest of the day.
    let again = nudge(home.path());
    assert_eq!((again.code, again.stdout.as_str()), (0, ""));
    // `--again` says it all the same, to try it out.
    let tried = run_in(home.path(), &["nudge", "--again"]);
    assert!(
        tried.stdout.contains("still play box-breathing"),
        "{}",
        tried.stdout
    );
}

#[test]
fn nudge_never_writes_the_journal_issue_18() {
    let home = tempfile::tempdir().unwrap();
    nudge(home.path());
    let journal = journal(home.path());
    assert!(!journal.exists(), "no journal is made by a prompt line");
    add(home.path(), "yesterday", Some("body-scan"));
    let before = std::fs::read(&journal).unwrap();
    let r = run_in(home.path(), &["nudge", "--again"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

#[test]
fn done_today_is_silent_issue_18() {
    let home = tempfile::tempdir().unwrap();
    add(home.path(), "today", None);
    let r = run_in(home.path(), &["nudge", "--again"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn a_streak_is_named_gently_and_the_last_session_suggested_issue_18() {
    let home = tempfile::tempdir().unwrap();
    add(home.path(), "2026-01-01", None);
    for days_back in [3, 2, 1] {
        // The tests run `still` with TZ=UTC.
        let out = std::process::Command::new("date")
            .args(["-u", "-d", &format!("{days_back} days ago"), "+%F"])
            .output()
            .unwrap();
        let date = String::from_utf8(out.stdout).unwrap().trim().to_string();
        add(home.path(), &date, Some("body-scan"));
    }
    let r = nudge(home.path());
    assert_eq!(
        r.stdout,
        "3 days in a row. A few quiet minutes today, if you like: still play body-scan\n"
    );
    // Streaks hidden: not a word of them.
    config(home.path(), "streaks = false\n");
    let r = run_in(home.path(), &["nudge", "--again"]);
    assert_eq!(
        r.stdout,
        "A pause for a few minutes, whenever it suits you: still play body-scan\n"
    );
}

#[test]
fn reminders_off_is_silent_issue_18() {
    let home = tempfile::tempdir().unwrap();
    config(home.path(), "nudge = false\n");
    let r = run_in(home.path(), &["nudge", "--again"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    config(home.path(), "nudge = \"no\"\n");
    let r = nudge(home.path());
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("nudge"), "{}", r.stderr);
    assert!(r.stderr.contains("true or false"), "{}", r.stderr);
}

#[test]
fn a_damaged_journal_is_said_not_hidden_issue_18() {
    let home = tempfile::tempdir().unwrap();
    add(home.path(), "yesterday", None);
    std::fs::write(journal(home.path()), b"not a database").unwrap();
    let r = nudge(home.path());
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("journal.sqlite"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    // Said once a day, as the invitation is: the next prompt is quiet.
    let again = nudge(home.path());
    assert_eq!(
        (again.code, again.stdout.as_str(), again.stderr.as_str()),
        (0, "", "")
    );
    // `--again` says it whatever the day.
    let tried = run_in(home.path(), &["nudge", "--again"]);
    assert_eq!(tried.code, 1);
    assert!(tried.stderr.contains("journal.sqlite"), "{}", tried.stderr);
}

#[test]
fn nudge_help_matches_its_golden_issue_18() {
    let r = common::run(&["nudge", "--help"]);
    assert_eq!(r.code, 0);
    common::assert_goldens(vec![common::golden(
        "tests/golden/help/nudge.txt",
        &r.stdout,
    )]);
}

/// `still play` in the background, as a sit that is playing.
fn sitting(home: &Path, session: &str) -> std::process::Child {
    common::still(home)
        .args(["play", session, "--output", "null"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until `still status` says something containing `what`.
fn status_until(home: &Path, what: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let r = run_in(home, &["status"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        if r.stdout.contains(what) || start.elapsed() > std::time::Duration::from_secs(20) {
            return r.stdout;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

#[test]
fn status_shows_the_sit_playing_and_then_today_issue_18() {
    let home = tempfile::tempdir().unwrap();
    // Nothing yet: today's minutes, no streak while there is none.
    assert_eq!(run_in(home.path(), &["status"]).stdout, "today 0 min\n");
    let mut sit = sitting(home.path(), "feet-on-the-floor");
    let line = status_until(home.path(), "▶");
    assert!(line.starts_with("▶ Feet on the floor 0:0"), "{line}");
    assert!(line.ends_with(" / 3:43\n"), "{line}");
    let json: serde_json::Value =
        serde_json::from_str(&run_in(home.path(), &["status", "--json"]).stdout).unwrap();
    assert_eq!(json["state"], "playing");
    assert_eq!(json["id"], "feet-on-the-floor");
    let length = json["length_ms"].as_u64().unwrap();
    assert!((223_000..224_000).contains(&length), "{length}");
    let r = run_in(
        home.path(),
        &["status", "--format", "{state}: {title}, {remaining} left"],
    );
    assert!(
        r.stdout.starts_with("playing: Feet on the floor, 3:"),
        "{}",
        r.stdout
    );
    // Stopped as a logout would: the file goes with the sit.
    unsafe { libc::kill(sit.id() as i32, libc::SIGTERM) };
    sit.wait().unwrap();
    assert!(!home.path().join("run/status.json").exists());
    let line = status_until(home.path(), "today");
    assert!(line.starts_with("today "), "{line}");
}

#[test]
fn a_killed_player_is_never_shown_as_playing_issue_18() {
    let home = tempfile::tempdir().unwrap();
    let mut sit = sitting(home.path(), "box-breathing");
    assert!(status_until(home.path(), "▶").starts_with("▶ Box breathing"));
    sit.kill().unwrap(); // SIGKILL: no chance to remove its file
    sit.wait().unwrap();
    assert!(home.path().join("run/status.json").exists(), "left behind");
    assert_eq!(run_in(home.path(), &["status"]).stdout, "today 0 min\n");
    let json: serde_json::Value =
        serde_json::from_str(&run_in(home.path(), &["status", "--json"]).stdout).unwrap();
    assert_eq!(json["state"], "idle");
}

#[test]
fn status_streaks_and_bad_templates_issue_18() {
    let home = tempfile::tempdir().unwrap();
    add(home.path(), "yesterday", None);
    add(home.path(), "today", None);
    assert_eq!(
        run_in(home.path(), &["status"]).stdout,
        "today 10 min · 2 days in a row\n"
    );
    config(home.path(), "streaks = false\n");
    assert_eq!(run_in(home.path(), &["status"]).stdout, "today 10 min\n");
    let r = run_in(home.path(), &["status", "--format", "{titel}"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no field '{titel}'"), "{}", r.stderr);
    assert!(r.stderr.contains("{title}"), "{}", r.stderr);
}

#[test]
fn status_help_matches_its_golden_issue_18() {
    let r = common::run(&["status", "--help"]);
    assert_eq!(r.code, 0);
    common::assert_goldens(vec![common::golden(
        "tests/golden/help/status.txt",
        &r.stdout,
    )]);
}
