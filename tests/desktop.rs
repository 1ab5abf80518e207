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
