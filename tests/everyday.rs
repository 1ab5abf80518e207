//! Everyday commands without surprises (#15): files that are not what a command expects,
//! and ids that more than one session holds.

mod common;

use std::path::Path;

use common::*;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// #15: `play` of a bundle says what it is and what to run, and prints none of its bytes;
/// `import` of a script says it is a script and how to play it.
#[test]
fn a_bundle_played_and_a_script_imported_are_named_for_what_they_are_issue_15() {
    let home = tempfile::tempdir().unwrap();
    let script = write(
        home.path(),
        "evening.yaml",
        "format: still/1\ntitle: Evening\nsteps:\n  - bell: rin\n",
    );
    let bundle = home.path().join("evening.still");
    let r = run_in(
        home.path(),
        &["pack", &script, "-o", bundle.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = run_in(
        home.path(),
        &["play", bundle.to_str().unwrap(), "--output", "null"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("this is a session bundle"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("still import"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("PK"),
        "no bytes of the zip: {}",
        r.stderr
    );
    assert!(
        r.stderr.chars().all(|c| c == '\n' || !c.is_control()),
        "nothing but text: {:?}",
        r.stderr
    );
    let r = run_in(home.path(), &["check", bundle.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("this is a session bundle"),
        "{}",
        r.stderr
    );

    let r = run_in(home.path(), &["import", &script]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("is a session script, not a bundle"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("still play"), "{}", r.stderr);
    assert!(!r.stderr.contains("EOCD"), "{}", r.stderr);
    assert!(!home.path().join("sessions").exists(), "nothing installed");

    // An audio file where a script was expected.
    let r = run_in(
        home.path(),
        &[
            "show",
            &root().join("tests/audio/tone.ogg").display().to_string(),
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("this is an audio file, not a script"),
        "{}",
        r.stderr
    );
}

/// #15: a library script with a built-in's id is named by `list` and `check`; two with one
/// id are named both, and the id is refused with both paths.
#[test]
fn ids_held_twice_are_never_silent_issue_15() {
    let home = tempfile::tempdir().unwrap();
    let lib = home.path().join("sessions");
    std::fs::create_dir_all(&lib).unwrap();
    let mine = write(
        &lib,
        "my-box.yaml",
        "format: still/1\ntitle: My box\nid: box-breathing\nsteps:\n  - bell: rin\n",
    );
    let r = run_in(home.path(), &["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{mine} has the id 'box-breathing' of a built-in session, and hides it"
        )),
        "{}",
        r.stderr
    );
    let r = run_in(home.path(), &["check", &mine]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("hides it"), "{}", r.stderr);
    // The library's script plays, as documented.
    let r = run_in(home.path(), &["show", "box-breathing", "--json"]);
    let show: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(show["title"], "My box");

    let calm_a = write(
        &lib,
        "calm.yaml",
        "format: still/1\ntitle: Calm A\nsteps:\n  - bell: rin\n",
    );
    std::fs::create_dir(lib.join("calm")).unwrap();
    let calm_b = write(
        &lib.join("calm"),
        "calm.yaml",
        "format: still/1\ntitle: Calm B\nsteps:\n  - bell: bowl\n",
    );
    let r = run_in(home.path(), &["list"]);
    assert!(
        r.stderr
            .contains(&format!("{calm_a} and {calm_b} have the same id 'calm'"))
            || r.stderr
                .contains(&format!("{calm_b} and {calm_a} have the same id 'calm'")),
        "{}",
        r.stderr
    );
    let r = run_in(home.path(), &["show", "calm"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains("'calm' is the id of 2 scripts"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&calm_a) && r.stderr.contains(&calm_b),
        "{}",
        r.stderr
    );
}

/// #15: `log add --date` takes today, yesterday and weekdays; an unknown `--session` is
/// kept but warned about, with the close id.
#[test]
fn log_add_takes_days_as_people_say_them_and_warns_of_unknown_sessions_issue_15() {
    let home = tempfile::tempdir().unwrap();
    // The tests run in UTC (common::still sets TZ).
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let yesterday = today.yesterday().unwrap();
    let r = run_in(
        home.path(),
        &["log", "add", "--date", "yesterday", "--duration", "10m"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(
        home.path(),
        &[
            "log",
            "add",
            "--date",
            "Today",
            "--time",
            "00:00",
            "--duration",
            "5m",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The latest Monday, today included.
    let back = i64::from(today.weekday().to_monday_zero_offset());
    let monday = today.checked_sub(jiff::Span::new().days(back)).unwrap();
    let r = run_in(
        home.path(),
        &[
            "log",
            "add",
            "--date",
            "mon",
            "--time",
            "00:00",
            "--duration",
            "5m",
            "--session",
            "box-breathin",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("no session 'box-breathin' is known (did you mean 'box-breathing'?)"),
        "{}",
        r.stderr
    );
    let dates: Vec<String> = log_entries(home.path())
        .iter()
        .map(|e| e["date"].as_str().unwrap().to_string())
        .collect();
    let mut want = vec![yesterday.to_string(), today.to_string(), monday.to_string()];
    want.sort();
    let mut got = dates.clone();
    got.sort();
    assert_eq!(got, want);
    let r = run_in(
        home.path(),
        &["log", "add", "--date", "someday", "--duration", "5m"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("today, yesterday or a weekday"),
        "{}",
        r.stderr
    );
}

/// #15: what `log --last 0`, `stats --as-of` before the first sit and a sit before the day
/// starts say is true; `calendar` counts a day as `stats` does.
#[test]
fn journal_views_say_what_is_true_issue_15() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        "day_starts_at = \"04:00\"\nmin_minutes = 5\n",
    )
    .unwrap();
    for (date, time, length) in [
        ("2024-03-27", "01:30", "4m"),
        ("2024-03-28", "08:00", "20m"),
    ] {
        let r = run_in(
            home.path(),
            &[
                "log",
                "add",
                "--date",
                date,
                "--time",
                time,
                "--duration",
                length,
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = run_in(home.path(), &["log"]);
    assert!(r.stdout.contains("2024-03-26  01:30*"), "{}", r.stdout);
    assert!(
        r.stdout.contains("before your day starts at 04:00"),
        "{}",
        r.stdout
    );
    let r = run_in(home.path(), &["log", "--last", "0"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("the journal holds 2 sits"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("No sits in your journal yet"),
        "{}",
        r.stdout
    );
    let r = run_in(home.path(), &["stats", "--as-of", "2024-01-01"]);
    assert!(
        r.stdout
            .contains("your first sit is on Tuesday 26 March 2024"),
        "{}",
        r.stdout
    );
    let stats = run_in(home.path(), &["stats", "--as-of", "2024-03-31", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    assert_eq!(stats["days_practiced"], 1);
    let r = run_in(
        home.path(),
        &["calendar", "--months", "1", "--as-of", "2024-03-31"],
    );
    assert!(r.stdout.contains("1 day practised"), "{}", r.stdout);
    assert!(r.stdout.contains("not counted"), "{}", r.stdout);
}

/// #15: an accidental entry can be taken back or corrected by the short id `log` shows,
/// never without asking (or `--yes`).
#[test]
fn log_remove_and_edit_take_back_and_correct_an_entry_issue_15() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    for d in ["2024-03-04", "2024-03-05"] {
        let r = run_in(
            h,
            &[
                "log",
                "add",
                "--date",
                d,
                "--time",
                "07:30",
                "--duration",
                "10m",
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let log = run_in(h, &["log"]).stdout;
    assert!(log.starts_with("ID        DATE"), "{log}");
    let row = log.lines().find(|l| l.contains("2024-03-04")).unwrap();
    let short = &row[..8];
    let entries = log_entries(h);
    let id = entries[0]["id"].as_str().unwrap().to_string();
    assert!(id.starts_with(short), "{short} is the start of {id}");

    // No terminal to ask at: nothing changes without --yes.
    let r = run_in(h, &["log", "remove", short]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("add --yes"), "{}", r.stderr);
    assert_eq!(log_entries(h).len(), 2);

    let r = run_in(
        h,
        &[
            "log",
            "edit",
            short,
            "--duration",
            "25m",
            "--note",
            "by the river",
            "--time",
            "08:00",
            "--yes",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("25m"), "{}", r.stdout);
    let e = log_entries(h)
        .into_iter()
        .find(|e| e["id"] == id.as_str())
        .unwrap();
    assert_eq!(e["practiced_ms"], 25 * 60_000);
    assert_eq!(e["note"], "by the river");
    assert_eq!(e["started_at"], "2024-03-04T08:00:00Z");
    let r = run_in(h, &["log", "edit", short, "--yes"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("nothing to change"), "{}", r.stderr);

    let r = run_in(h, &["log", "remove", &id, "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(&format!("Removed {short} 25m")),
        "{}",
        r.stdout
    );
    let left = log_entries(h);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["date"], "2024-03-05");
    let r = run_in(h, &["log", "remove", short, "--yes"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!("no entry '{short}'")),
        "{}",
        r.stderr
    );
}

/// #15: two machines (two homes) sharing one sync folder, writing at the same moment, each
/// see the union, each sit once; a sync tool's conflict copy doubles nothing, and a broken
/// file there never stops a command.
#[test]
fn one_journal_on_every_machine_through_a_sync_folder_issue_15() {
    let sync = tempfile::tempdir().unwrap();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for h in [a.path(), b.path()] {
        std::fs::write(
            h.join("config.toml"),
            format!("sync_dir = {:?}\n", sync.path().display().to_string()),
        )
        .unwrap();
    }
    // Both machines add three sits each, at once.
    let adders: Vec<_> = [(a.path(), "2024-03-04"), (b.path(), "2024-03-05")]
        .into_iter()
        .flat_map(|(h, date)| {
            ["07:00", "08:00", "09:00"].map(|t| {
                still(h)
                    .args([
                        "log",
                        "add",
                        "--date",
                        date,
                        "--time",
                        t,
                        "--duration",
                        "10m",
                    ])
                    .spawn()
                    .unwrap()
            })
        })
        .collect();
    for mut c in adders {
        assert!(c.wait().unwrap().success());
    }
    let files: Vec<String> = std::fs::read_dir(sync.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2, "one file a machine: {files:?}");
    for h in [a.path(), b.path()] {
        let log = log_entries(h);
        assert_eq!(log.len(), 6, "the union, each sit once");
        let stats = run_in(h, &["stats", "--json", "--as-of", "2024-03-05"]);
        let stats: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
        assert_eq!(stats["total_sessions"], 6);
        assert_eq!(stats["current_streak"], 2, "a streak across machines");
    }
    // A conflict copy of one machine's file, and a file that is not a journal.
    let first = sync.path().join(&files[0]);
    std::fs::copy(
        &first,
        sync.path().join("laptop (conflicted copy 2024-03-06).json"),
    )
    .unwrap();
    std::fs::write(sync.path().join("notes.json"), "not a journal").unwrap();
    let r = run_in(a.path(), &["log", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(log.len(), 6, "the copy adds nothing");
    assert!(
        r.stderr.contains("skipping") && r.stderr.contains("notes.json"),
        "{}",
        r.stderr
    );
    // Removing a sit on one machine takes it out of that machine's file too.
    let id = log_entries(a.path())
        .into_iter()
        .find(|e| e["date"] == "2024-03-04")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::remove_file(sync.path().join("laptop (conflicted copy 2024-03-06).json")).unwrap();
    let r = run_in(a.path(), &["log", "remove", &id, "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(log_entries(b.path()).len(), 5);
}

/// #15: durations get one hint per context (a sit's length means minutes), in plain words;
/// `mm:ss` is understood, and less than a millisecond refused.
#[test]
fn durations_are_read_and_refused_in_plain_words_issue_15() {
    let home = tempfile::tempdir().unwrap();
    let r = run_in(home.path(), &["timer", "20", "--output", "null"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `20m`?"), "{}", r.stderr);
    let r = run_in(
        home.path(),
        &["timer", "20m", "--prep", "10", "--output", "null"],
    );
    assert!(r.stderr.contains("did you mean `10s`?"), "{}", r.stderr);
    let r = run_in(
        home.path(),
        &["log", "add", "--date", "2024-03-05", "--duration", "20"],
    );
    assert!(r.stderr.contains("did you mean `20m`?"), "{}", r.stderr);
    let r = run_in(
        home.path(),
        &[
            "log",
            "add",
            "--date",
            "2024-03-05",
            "--duration",
            "20 parsecs",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("'parsecs' is not a unit of time"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("ns, us"),
        "no parser's unit list: {}",
        r.stderr
    );
    let r = run_in(
        home.path(),
        &["log", "add", "--date", "2024-03-05", "--duration", "25:00"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("25m"), "{}", r.stdout);

    let script = write(
        home.path(),
        "d.yaml",
        "format: still/1\ntitle: D\nsteps:\n  - pause: 1:30\n  - pause: 1ns\n",
    );
    let r = run_in(home.path(), &["check", &script]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(":5:"),
        "the 1ns line is named: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("shorter than a millisecond"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(":4:"), "1:30 is a length: {}", r.stderr);
}

/// #15: `import-log` names the file's own line and the field in plain words, and an entry
/// listed twice in one file is said to be that, not "already in the journal".
#[test]
fn import_log_names_the_line_and_field_in_plain_words_issue_15() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    for (d, note) in [
        ("2024-03-04", "first"),
        ("2024-03-05", "a note\nover two lines"),
    ] {
        let r = run_in(
            h,
            &[
                "log",
                "add",
                "--date",
                d,
                "--duration",
                "10m",
                "--note",
                note,
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let csv = run_in(h, &["export", "--format", "csv"]).stdout;
    let lines: Vec<&str> = csv.lines().collect();
    // The header, then the entries; a note with a line break would be quoted over two.
    let header = lines[0];
    let practiced = header.split(',').position(|c| c == "practiced_ms").unwrap();
    let bad_row: Vec<String> = lines[1]
        .split(',')
        .enumerate()
        .map(|(i, v)| {
            if i == practiced {
                "ten".to_string()
            } else {
                v.to_string()
            }
        })
        .collect();
    let quoted: Vec<String> = lines[2]
        .split(',')
        .enumerate()
        .map(|(i, v)| {
            if header.split(',').nth(i) == Some("note") {
                "\"spans\ntwo lines\"".to_string()
            } else {
                v.to_string()
            }
        })
        .collect();
    let file = h.join("in.csv");
    std::fs::write(
        &file,
        format!("{header}\n{}\n{}\n", quoted.join(","), bad_row.join(",")),
    )
    .unwrap();
    let other = tempfile::tempdir().unwrap();
    let r = run_in(other.path(), &["import-log", file.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("line 4: `practiced_ms` is 'ten'; it must be a whole number"),
        "the entry after a two-line note starts on line 4: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("invalid digit"), "{}", r.stderr);

    // The same entry twice in one file.
    let twice = h.join("twice.csv");
    std::fs::write(&twice, format!("{header}\n{}\n{}\n", lines[1], lines[1])).unwrap();
    let r = run_in(other.path(), &["import-log", twice.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Imported 1 entry")
            && r.stdout
                .contains("1 entry listed a second time in the file"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("already in the journal"), "{}", r.stdout);
}

/// #15 (found beside it): a document that is not a script (a README) is one problem, not a
/// page of YAML errors.
#[test]
fn a_document_that_is_not_a_script_is_one_problem_issue_15() {
    let r = run(&["check", "README.md"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("README.md:1:1: this does not look like a session script"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("1 problem in 1 file"), "{}", r.stderr);
}
