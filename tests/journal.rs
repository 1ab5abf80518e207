//! The practice journal through the real binary (issue #5): `log`, `log add`, `stats`,
//! `calendar`, `export`, `import-log`; a damaged or newer journal; two writers at once
//! and a writer killed mid-write.

mod common;

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use serde_json::Value;

/// `still` in Berlin, which has both DST changes.
fn berlin(home: &Path) -> Command {
    let mut cmd = still(home);
    cmd.env("TZ", "Europe/Berlin");
    cmd
}

fn run_berlin(home: &Path, args: &[&str]) -> Run {
    berlin(home)
        .args(args)
        .output()
        .expect("the binary runs")
        .into()
}

fn ok(home: &Path, args: &[&str]) -> Run {
    let r = run_berlin(home, args);
    assert_eq!(r.code, 0, "still {args:?}\n{}{}", r.stdout, r.stderr);
    r
}

fn json(home: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(home, args).stdout).expect("JSON")
}

fn journal_file(home: &Path) -> PathBuf {
    home.join("journal.sqlite")
}

fn add(home: &Path, date: &str, time: &str, duration: &str) {
    ok(
        home,
        &[
            "log",
            "add",
            "--date",
            date,
            "--time",
            time,
            "--duration",
            duration,
        ],
    );
}

fn config(home: &Path, text: &str) {
    std::fs::write(home.join("config.toml"), text).unwrap();
}

#[test]
fn log_add_then_log_json_has_the_contract_fields() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let r = ok(
        h,
        &[
            "log",
            "add",
            "--date",
            "2024-03-31",
            "--time",
            "01:30",
            "--duration",
            "20m",
            "--session",
            "box-breathing",
            "--note",
            "before work",
        ],
    );
    assert_eq!(
        r.stdout,
        "Added 20m of Box breathing on Sunday 31 March 2024, at 01:30.\n\
         Your first sit is in the journal. Welcome.\n"
    );
    let log = json(h, &["log", "--json"]);
    let e = &log[0];
    assert_eq!(e["date"], "2024-03-31");
    assert_eq!(e["started_at"], "2024-03-31T00:30:00Z");
    assert_eq!(e["zone"], "Europe/Berlin");
    assert_eq!(e["utc_offset"], "+01:00");
    assert_eq!(e["session"], "box-breathing");
    assert_eq!(e["title"], "Box breathing");
    assert_eq!(e["planned_ms"], 1_200_000);
    assert_eq!(e["practiced_ms"], 1_200_000);
    assert_eq!(e["completed"], true);
    assert_eq!(e["mood_before"], Value::Null);
    assert_eq!(e["note"], "before work");
    assert_eq!(e["source"], "added");
    assert_eq!(e["id"].as_str().unwrap().len(), 36);
    // After the spring-forward jump, 03:30 is CEST.
    add(h, "2024-03-31", "03:30", "10m");
    let log = json(h, &["log", "--json"]);
    assert_eq!(log[1]["started_at"], "2024-03-31T01:30:00Z");
    assert_eq!(log[1]["utc_offset"], "+02:00");
    assert_eq!(log[1]["session"], "self-guided");
}

#[cfg(unix)]
#[test]
fn the_journal_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = tempfile::tempdir().unwrap();
    add(home.path(), "2024-03-01", "07:00", "10m");
    let mode = std::fs::metadata(journal_file(home.path()))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn reading_an_empty_home_creates_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    for args in [
        &["log"][..],
        &["log", "--json"],
        &["stats"],
        &["stats", "--json"],
        &["calendar"],
        &["export", "--format", "csv"],
    ] {
        ok(h, args);
    }
    assert_eq!(json(h, &["log", "--json"]), Value::Array(vec![]));
    assert_eq!(json(h, &["stats", "--json"])["total_sessions"], 0);
    assert_eq!(
        ok(h, &["export", "--format", "csv"]).stdout.lines().count(),
        1,
        "the header alone"
    );
    assert_eq!(std::fs::read_dir(h).unwrap().count(), 0);
}

/// A fixed history, written as it happened: the spring-forward night, an evening of two
/// sits, a gap, the fall-back night with its two 02:30s.
fn history(h: &Path) {
    for (date, time, duration) in [
        ("2024-03-29", "07:00", "10m"),
        ("2024-03-30", "23:30", "15m"),
        ("2024-03-31", "03:30", "5m"),
        ("2024-03-31", "21:00", "5m"),
        ("2024-04-01", "07:00", "30m"),
        ("2024-04-03", "07:00", "45m"),
        ("2024-04-04", "07:00", "12m"),
    ] {
        add(h, date, time, duration);
    }
}

#[test]
fn stats_as_of_a_fixed_history() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    history(h);
    let s = json(h, &["stats", "--json", "--as-of", "2024-04-01"]);
    assert_eq!(s["as_of"], "2024-04-01");
    assert_eq!(s["current_streak"], 4);
    assert_eq!(s["longest_streak"], 4);
    assert_eq!(s["total_sessions"], 5);
    assert_eq!(s["total_minutes"], 65);
    assert_eq!(s["days_practiced"], 4);
    let s = json(h, &["stats", "--json", "--as-of", "2024-04-04"]);
    assert_eq!(
        (&s["current_streak"], &s["longest_streak"]),
        (&Value::from(2), &Value::from(4))
    );
    assert_eq!(s["this_week"]["start"], "2024-04-01");
    assert_eq!(s["this_week"]["days_practiced"], 3);
    assert_eq!(s["this_week"]["minutes"], 87);
    let s = json(h, &["stats", "--json", "--as-of", "2024-04-06"]);
    assert_eq!(
        (&s["current_streak"], &s["total_sessions"]),
        (&0.into(), &7.into())
    );

    config(h, "min_minutes = 10\nweekly_goal = 3\n");
    let s = json(h, &["stats", "--json", "--as-of", "2024-04-04"]);
    // 31 March (5 + 5 minutes) now counts and the rest still do.
    assert_eq!(s["days_practiced"], 6);
    assert_eq!(s["this_week"]["goal_days"], 3);
    assert_eq!(s["this_week"]["goal_met"], true);
    config(h, "min_minutes = 11\n");
    let s = json(h, &["stats", "--json", "--as-of", "2024-04-04"]);
    assert_eq!(s["days_practiced"], 4, "29 and 31 March no longer count");
    assert_eq!(s["longest_streak"], 2);

    config(h, "");
    let text = ok(h, &["stats", "--as-of", "2024-04-04"]).stdout;
    let cal = ok(h, &["calendar", "--as-of", "2024-04-04", "--months", "2"]).stdout;
    // Entry ids are random: the golden holds their place.
    let log: String = ok(h, &["log"])
        .stdout
        .lines()
        .map(|l| match l.get(..8) {
            Some(id) if id.bytes().all(|b| b.is_ascii_hexdigit()) => {
                format!("########{}\n", &l[8..])
            }
            _ => format!("{l}\n"),
        })
        .collect();
    assert_goldens(vec![
        golden("tests/golden/journal/stats.txt", &text),
        golden("tests/golden/journal/calendar.txt", &cal),
        golden("tests/golden/journal/log.txt", &log),
    ]);
    assert!(cal.lines().all(|l| l.chars().count() <= 80));
}

#[test]
fn a_sit_after_midnight_counts_for_the_day_before_with_day_starts_at() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    config(h, "day_starts_at = \"04:00\"\n");
    add(h, "2024-03-04", "21:00", "10m");
    let r = ok(
        h,
        &[
            "log",
            "add",
            "--date",
            "2024-03-06",
            "--time",
            "01:30",
            "--duration",
            "10m",
        ],
    );
    assert!(
        r.stdout.starts_with(
            "Added 10m of Self-guided practice on Tuesday 5 March 2024, at 01:30 on 6 March \
             (before your day starts at 04:00)."
        ),
        "{}",
        r.stdout
    );
    let log = json(h, &["log", "--json"]);
    assert_eq!(log[1]["date"], "2024-03-05");
    let s = json(h, &["stats", "--json", "--as-of", "2024-03-05"]);
    assert_eq!(s["current_streak"], 2);
    // Changing the setting later never rewrites what was written.
    config(h, "");
    assert_eq!(json(h, &["log", "--json"])[1]["date"], "2024-03-05");
}

#[test]
fn a_move_to_another_zone_keeps_each_sit_on_its_day() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    add(h, "2024-05-01", "22:00", "10m");
    let tokyo = |args: &[&str]| -> Run {
        still(h)
            .env("TZ", "Asia/Tokyo")
            .args(args)
            .output()
            .unwrap()
            .into()
    };
    // 07:00 on 3 May in Tokyo is still 2 May in Berlin.
    let r = tokyo(&[
        "log",
        "add",
        "--date",
        "2024-05-03",
        "--time",
        "07:00",
        "--duration",
        "10m",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log = json(h, &["log", "--json"]);
    assert_eq!(log[1]["date"], "2024-05-03");
    assert_eq!(log[1]["zone"], "Asia/Tokyo");
    assert_eq!(log[1]["utc_offset"], "+09:00");
    assert_eq!(log[1]["started_at"], "2024-05-02T22:00:00Z");
    let s = json(h, &["stats", "--json", "--as-of", "2024-05-03"]);
    assert_eq!(
        (&s["days_practiced"], &s["current_streak"]),
        (&2.into(), &1.into())
    );
}

#[test]
fn streaks_false_hides_streaks() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    history(h);
    config(h, "streaks = false\n");
    let text = ok(h, &["stats", "--as-of", "2024-04-04"]).stdout;
    assert!(!text.to_lowercase().contains("streak"), "{text}");
    assert!(!text.contains("in a row"), "{text}");
    assert!(text.contains("days practised  6"), "{text}");
    let s = json(h, &["stats", "--json", "--as-of", "2024-04-04"]);
    assert_eq!(s["current_streak"], Value::Null);
    assert_eq!(s["longest_streak"], Value::Null);
    assert_eq!(s["streaks_shown"], false);
    assert_eq!(s["total_sessions"], 7);
}

#[test]
fn a_config_with_an_unknown_key_names_the_file_and_key() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    config(h, "weekly_goal = 4\nask_moood = true\n");
    let r = run_berlin(h, &["stats"]);
    assert_eq!(r.code, 1);
    let file = h.join("config.toml");
    assert!(
        r.stderr.contains(&format!(
            "error: {}:2:1: unknown key 'ask_moood' — did you mean 'ask_mood'?",
            file.display()
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: config.toml knows"), "{}", r.stderr);
}

#[test]
fn log_add_refuses_wrong_values() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--date", "5.3.2024", "--duration", "10m"],
            "--date '5.3.2024' is not a date",
        ),
        (
            &["--date", "2024-02-30", "--duration", "10m"],
            "is not a date",
        ),
        (
            &[
                "--date",
                "2024-03-05",
                "--time",
                "25:00",
                "--duration",
                "10m",
            ],
            "--time '25:00'",
        ),
        (
            &["--date", "2024-03-05", "--duration", "10"],
            "did you mean `10m`?",
        ),
        (
            &["--date", "2024-03-05", "--duration", "2 days"],
            "longer than a day",
        ),
        (
            &["--date", "2999-01-01", "--duration", "10m"],
            "is still to come",
        ),
        (
            &["--date", "2024-03-05", "--duration", "10m", "--session", ""],
            "not a session id",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["log", "add"];
        all.extend_from_slice(args);
        let r = run_berlin(h, &all);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
    }
    let r = run_berlin(h, &["log", "add", "--date", "2024-03-05"]);
    assert_eq!(r.code, 2, "a missing --duration is a usage error");
    let r = run_berlin(h, &["stats", "--as-of", "someday"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--as-of 'someday' is not a date"));
    let r = run_berlin(h, &["calendar", "--months", "25"]);
    assert_eq!(r.code, 2);
    assert!(!journal_file(h).exists(), "nothing was written");
}

#[test]
fn export_and_import_round_trip_without_duplicates() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    history(h);
    ok(
        h,
        &[
            "log",
            "add",
            "--date",
            "2024-04-05",
            "--duration",
            "10m",
            "--note",
            "quiet, \"really\" quiet",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("journal.csv");
    let json_file = dir.path().join("journal.json");
    let csv_text = ok(h, &["export", "--format", "csv"]).stdout;
    std::fs::write(&csv, &csv_text).unwrap();
    assert_eq!(
        csv_text.lines().count(),
        9,
        "a header, then one line per entry"
    );
    assert!(csv_text.starts_with("id,date,started_at,"));
    ok(
        h,
        &[
            "export",
            "--format",
            "json",
            "-o",
            json_file.to_str().unwrap(),
        ],
    );

    for file in [&csv, &json_file] {
        let other = tempfile::tempdir().unwrap();
        let o = other.path();
        let r = ok(o, &["import-log", file.to_str().unwrap()]);
        assert_eq!(
            r.stdout,
            format!("Imported 8 entries from {}.\n", file.display())
        );
        let r = ok(o, &["import-log", file.to_str().unwrap()]);
        assert!(
            r.stdout.contains("Imported 0 entries") && r.stdout.contains("(8 entries already"),
            "{}",
            r.stdout
        );
        assert_eq!(ok(o, &["export", "--format", "csv"]).stdout, csv_text);
        assert_eq!(
            json(o, &["stats", "--json", "--as-of", "2024-04-05"]),
            json(h, &["stats", "--json", "--as-of", "2024-04-05"])
        );
    }
    // Back into the journal it came from: nothing twice.
    let r = ok(h, &["import-log", csv.to_str().unwrap()]);
    assert!(r.stdout.starts_with("Imported 0 entries"), "{}", r.stdout);
}

#[test]
fn an_invalid_import_names_every_problem_and_imports_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "date,started_at,session,planned_ms,practiced_ms,completed,mood_after\n\
         2024-01-02,2024-01-02T07:00:00Z,yoga,1800000,1800000,true,5\n\
         2024-01-03,2024-01-03T07:00:00Z,yoga,1800000,1800000,true,12\n\
         2024-01-04,yesterday,yoga,1800000,1800000,true,\n",
    )
    .unwrap();
    let r = run_berlin(h, &["import-log", file.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("has 2 entries that cannot be imported, so nothing was imported"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("line 3: `mood_after` is 12"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("line 4: `started_at` is 'yesterday'"),
        "{}",
        r.stderr
    );
    assert!(!journal_file(h).exists());
    let r = run_berlin(h, &["import-log", "no/such/file.csv"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("cannot read no/such/file.csv"),
        "{}",
        r.stderr
    );
}

/// Every command that touches the journal, and whether it writes.
fn journal_commands(import: &Path) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        s(&["log"]),
        s(&["log", "--json"]),
        s(&["stats"]),
        s(&["stats", "--json"]),
        s(&["calendar"]),
        s(&["export", "--format", "csv"]),
        s(&["log", "add", "--date", "2024-01-01", "--duration", "10m"]),
        s(&["import-log", import.to_str().unwrap()]),
    ]
}

fn assert_refused(home: &Path, what: &str, expected: &str) {
    let file = journal_file(home);
    let before = std::fs::read(&file).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let import = dir.path().join("one.csv");
    std::fs::write(
        &import,
        "date,started_at,session,planned_ms,practiced_ms,completed\n\
         2024-01-02,2024-01-02T07:00:00Z,yoga,1800000,1800000,true\n",
    )
    .unwrap();
    for args in journal_commands(&import) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run_berlin(home, &args);
        assert_eq!(r.code, 1, "{what}: still {args:?}\n{}", r.stderr);
        assert!(
            r.stderr.contains(&file.display().to_string()),
            "{what}: {args:?} names the file\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(expected),
            "{what}: {args:?}\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("hint: still has not changed the file"),
            "{what}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{what}: {args:?}: {}", r.stdout);
    }
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "{what}: bytes unchanged"
    );
}

#[test]
fn a_damaged_journal_is_refused_and_left_untouched() {
    // Garbage.
    let home = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(journal_file(home.path()), &garbage).unwrap();
    assert_refused(
        home.path(),
        "garbage",
        "is not a still journal: it is not an SQLite database",
    );

    // An empty file, which SQLite would take for a new database.
    let home = tempfile::tempdir().unwrap();
    std::fs::write(journal_file(home.path()), b"").unwrap();
    assert_refused(home.path(), "empty", "is damaged: the file is empty");

    // A real journal cut short.
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many.csv");
    let mut csv = String::from("date,started_at,session,planned_ms,practiced_ms,completed,note\n");
    for i in 0..3000 {
        csv.push_str(&format!(
            "2023-01-01,2023-01-01T07:{:02}:{:02}Z,s-{i},600000,600000,true,a note long enough to fill pages {i}\n",
            i / 60 % 60,
            i % 60
        ));
    }
    std::fs::write(&many, csv).unwrap();
    ok(h, &["import-log", many.to_str().unwrap()]);
    let file = journal_file(h);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.len() > 100_000, "{}", bytes.len());
    let wal = h.join("journal.sqlite-wal");
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "checkpointed"
    );
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused(h, "truncated", "has been cut short");

    // Pages overwritten in the middle.
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ok(h, &["import-log", many.to_str().unwrap()]);
    let file = journal_file(h);
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 8192] {
        *b = 0x55;
    }
    std::fs::write(&file, &bytes).unwrap();
    assert_refused(h, "overwritten", "is damaged");
}

#[test]
fn another_programs_database_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let file = journal_file(home.path());
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    assert_refused(
        home.path(),
        "foreign",
        "it is an SQLite database, but another program's",
    );
}

#[test]
fn a_journal_from_a_newer_still_is_read_but_not_written() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    add(h, "2024-03-01", "07:00", "10m");
    let file = journal_file(h);
    {
        let c = rusqlite::Connection::open(&file).unwrap();
        c.execute_batch("ALTER TABLE entries ADD COLUMN posture TEXT; PRAGMA user_version = 7;")
            .unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    let r = run_berlin(
        h,
        &["log", "add", "--date", "2024-03-02", "--duration", "10m"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!(
            "the journal {} was written by a newer version of still (journal version 7; \
             this still knows versions up to 3), so this still does not write to it",
            file.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hint: install the newer still"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert_eq!(json(h, &["stats", "--json"])["total_sessions"], 1);
    assert_eq!(json(h, &["log", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn two_writers_at_once_lose_nothing_and_a_killed_writer_leaves_what_was_committed() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_path_buf();

    // A third writer: a large import, killed after its rows are written but before its
    // transaction commits (a debug-build hook holds it there and says so).
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    let mut csv = String::from("date,started_at,session,planned_ms,practiced_ms,completed,note\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "2022-06-01,2022-06-01T{:02}:{:02}:{:02}Z,big,60000,60000,true,import {i}\n",
            i / 3600 % 24,
            i / 60 % 60,
            i % 60
        ));
    }
    std::fs::write(&big, csv).unwrap();
    let mut holder = berlin(&h)
        .args(["import-log", big.to_str().unwrap()])
        .env("STILL_TEST_HOLD_WRITE_MS", "60000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(holder.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(line, "holding the write\n");

    // Two writers, each adding one entry per process, at the same time; they wait for the
    // lock the held import has.
    const EACH: usize = 12;
    let writer = |name: &'static str| {
        let h = h.clone();
        std::thread::spawn(move || {
            for i in 0..EACH {
                let note = format!("{name}-{i}");
                let r: Run = berlin(&h)
                    .args([
                        "log",
                        "add",
                        "--date",
                        "2024-02-01",
                        "--time",
                        &format!("07:{i:02}"),
                        "--duration",
                        "5m",
                        "--note",
                        &note,
                    ])
                    .output()
                    .unwrap()
                    .into();
                assert_eq!(r.code, 0, "{note}: {}", r.stderr);
            }
        })
    };
    let a = writer("a");
    let b = writer("b");
    std::thread::sleep(Duration::from_millis(700));
    holder.kill().unwrap();
    holder.wait().unwrap();
    a.join().unwrap();
    b.join().unwrap();

    // More writers killed at whatever point they have reached.
    let mut confirmed = vec![];
    for i in 0..6u64 {
        let note = format!("k-{i}");
        let mut child = berlin(&h)
            .args([
                "log",
                "add",
                "--date",
                "2024-02-02",
                "--duration",
                "5m",
                "--note",
                &note,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(i * 15));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            confirmed.push(note);
        }
    }

    let log = json(&h, &["log", "--json"]);
    let notes: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["note"].as_str().unwrap())
        .collect();
    for name in ["a", "b"] {
        for i in 0..EACH {
            let note = format!("{name}-{i}");
            assert_eq!(
                notes.iter().filter(|n| **n == note).count(),
                1,
                "{note} is there once"
            );
        }
    }
    for note in &confirmed {
        assert!(notes.contains(&note.as_str()), "{note} was committed");
    }
    assert!(
        notes.iter().all(|n| !n.starts_with("import ")),
        "nothing of the killed import"
    );
    let killed_kept = notes.iter().filter(|n| n.starts_with("k-")).count();
    assert_eq!(log.as_array().unwrap().len(), 2 * EACH + killed_kept);
    // The journal is whole: a write (which checks every page first) works.
    add(&h, "2024-02-03", "07:00", "5m");
    assert_eq!(
        json(&h, &["stats", "--json"])["total_sessions"],
        2 * EACH + killed_kept + 1
    );
}

#[test]
fn help_texts_match_their_goldens() {
    let mut results = vec![];
    for sub in [
        &["log"][..],
        &["log", "add"],
        &["stats"],
        &["calendar"],
        &["export"],
        &["import-log"],
    ] {
        let mut args = sub.to_vec();
        args.push("--help");
        let r = run(&args);
        assert_eq!(r.code, 0, "{sub:?}");
        results.push(golden(
            &format!("tests/golden/help/{}.txt", sub.join("-")),
            &r.stdout,
        ));
    }
    assert_goldens(results);
}

#[test]
fn writers_racing_to_create_the_journal_all_land() {
    let home = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..4)
        .map(|i| {
            berlin(home.path())
                .args([
                    "log",
                    "add",
                    "--date",
                    "2024-02-01",
                    "--duration",
                    "5m",
                    "--note",
                    &format!("racer {i}"),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        json(home.path(), &["log", "--json"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let names: Vec<String> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".new-"))
        .collect();
    assert!(
        names.is_empty(),
        "temporary files are cleaned up: {names:?}"
    );
}

#[test]
fn a_log_left_without_its_journal_is_not_replayed_into_a_new_one() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let wal = h.join("journal.sqlite-wal");
    std::fs::write(&wal, b"a log of another journal").unwrap();
    let r = run_berlin(
        h,
        &["log", "add", "--date", "2024-02-01", "--duration", "5m"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!(
            "the journal {} is damaged: this write-ahead log is here without the journal",
            wal.display()
        )),
        "{}",
        r.stderr
    );
    assert!(!journal_file(h).exists());
    assert_eq!(std::fs::read(&wal).unwrap(), b"a log of another journal");
}

/// `still ARGS…` under `/usr/bin/time -v`: the run and its peak resident memory in MB.
fn measured(home: &Path, args: &[&str]) -> (Run, u64) {
    let mut cmd = berlin(home);
    cmd.args(args);
    peak_of(cmd, None)
}

/// Issue #21: `import-log /dev/zero` grew by 1 GB a second. An endless or oversized file is
/// refused after 16 MiB (from its size, when it has one), in bounded memory.
#[test]
fn import_log_refuses_an_endless_or_oversized_file_in_bounded_memory_issue_21() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = tempfile::tempdir().unwrap();
    let sparse = dir.path().join("huge.csv");
    let f = std::fs::File::create(&sparse).unwrap();
    f.set_len(64 << 30).unwrap();
    // An endless device is not a regular file, and is refused before a byte is read.
    let (r, peak_mb) = measured(h, &["import-log", "/dev/zero"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    assert!(peak_mb < 64, "/dev/zero: peak {peak_mb} MB");
    let file = sparse.as_path();
    let (r, peak_mb) = measured(h, &["import-log", file.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{} is larger than 16 MiB, the most import-log reads",
            file.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: import-log reads what `still export` writes")
    );
    assert!(peak_mb < 64, "{}: peak {peak_mb} MB", file.display());
    assert!(!journal_file(h).exists());
}

/// Issue #21: a line is at most 64 KiB. The longest note an entry may have (10 000
/// characters of four bytes, 40 KB) imports; a line a byte past the limit is refused by
/// its number, and nothing is imported.
#[test]
fn import_log_refuses_a_line_past_64_kib_issue_21() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let dir = tempfile::tempdir().unwrap();
    let head = "date,started_at,session,planned_ms,practiced_ms,completed,note\n";
    let row = |note: &str| format!("2024-03-01,2024-03-01T07:00:00Z,s,60000,60000,true,{note}\n");
    let longest = dir.path().join("longest.csv");
    std::fs::write(&longest, format!("{head}{}", row(&"🌿".repeat(10_000)))).unwrap();
    ok(h, &["import-log", longest.to_str().unwrap()]);
    let line = row("");
    let past = dir.path().join("past.csv");
    let pad = "x".repeat(64 * 1024 + 1 - (line.len() - 1));
    std::fs::write(&past, format!("{head}{}{}", row("fine"), row(&pad))).unwrap();
    let r = run_berlin(h, &["import-log", past.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{}: line 3 is longer than 64 KiB, the longest import-log reads",
            past.display()
        )),
        "{}",
        r.stderr
    );
    let entries = json(h, &["log", "--json"]);
    assert_eq!(
        entries.as_array().unwrap().len(),
        1,
        "only the first file's entry"
    );
}

/// Issue #20: `stats`, `calendar` and `nudge` speak the sitter's language (the locale, or
/// `language` in config.toml); `--json` is the same in every language.
#[test]
fn stats_calendar_and_nudge_speak_the_sitters_language_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    history(h);
    let in_locale = |lang: &str, args: &[&str]| -> Run {
        let r: Run = berlin(h)
            .env("LANG", lang)
            .args(args)
            .output()
            .expect("the binary runs")
            .into();
        assert_eq!(r.code, 0, "{lang} still {args:?}\n{}{}", r.stdout, r.stderr);
        r
    };
    let stats = ["stats", "--as-of", "2024-04-04"];
    let calendar = ["calendar", "--as-of", "2024-04-04", "--months", "2"];
    let fr = in_locale("fr_FR.UTF-8", &stats).stdout;
    assert!(
        fr.starts_with("Votre pratique au jeudi 4 avril 2024\n"),
        "{fr}"
    );
    for words in [
        "série en cours",
        "2 jours",
        "séances",
        "cette semaine",
        "depuis le",
    ] {
        assert!(fr.contains(words), "{words}: {fr}");
    }
    let c = in_locale("C", &stats).stdout;
    assert!(
        c.starts_with("Your practice, as of Thursday 4 April 2024\n"),
        "{c}"
    );
    assert!(c.contains("current streak"), "{c}");
    assert_eq!(c, ok(h, &stats).stdout, "no locale is English");

    let fr = in_locale("fr_FR.UTF-8", &calendar).stdout;
    for words in [
        "Mars 2024",
        "Avril 2024",
        "lu ma me je ve sa di",
        "jours pratiqués",
    ] {
        assert!(fr.contains(words), "{words}: {fr}");
    }
    assert!(fr.lines().all(|l| l.chars().count() <= 80), "{fr}");
    let c = in_locale("C", &calendar).stdout;
    assert!(
        c.contains("Mo Tu We Th Fr Sa Su") && c.contains("April 2024"),
        "{c}"
    );

    // The JSON is a contract: the same under any locale.
    let json_args = ["stats", "--json", "--as-of", "2024-04-04"];
    assert_eq!(
        in_locale("fr_FR.UTF-8", &json_args).stdout,
        in_locale("C", &json_args).stdout
    );

    // config.toml's `language` comes before the locale.
    config(h, "language = \"es\"\n");
    let es = in_locale("fr_FR.UTF-8", &["nudge", "--again"]).stdout;
    assert!(es.starts_with("Una pausa de unos minutos"), "{es}");
    let es = in_locale("fr_FR.UTF-8", &stats).stdout;
    assert!(
        es.starts_with("Tu práctica hasta el jueves, 4 de abril de 2024"),
        "{es}"
    );
}
