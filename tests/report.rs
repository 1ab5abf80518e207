//! `still report` through the real binary (issue #19): a journal seeded with `log add` and
//! `import-log`, its totals against `still stats --json`, goldens of the text and CSV, and
//! the HTML printed to PDF by headless Chromium on A4 and Letter.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::{Value, json};

fn ok(home: &Path, args: &[&str]) -> Run {
    let r = run_in(home, args);
    assert_eq!(r.code, 0, "still {args:?}\n{}{}", r.stdout, r.stderr);
    r
}

fn stats(home: &Path, as_of: &str) -> Value {
    serde_json::from_str(&ok(home, &["stats", "--json", "--as-of", as_of]).stdout).unwrap()
}

/// A month of practice, 4–31 March 2024 (four Monday-to-Sunday weeks), with sits before
/// and after it: some added by hand, some imported with moods, notes and early stops.
fn seed(home: &Path) {
    for (date, time, duration) in [
        ("2024-02-26", "07:00", "15m"),
        ("2024-03-03", "21:00", "12m"),
        ("2024-03-04", "07:10", "10m"),
        ("2024-03-07", "07:05", "20m"),
        ("2024-03-12", "18:30", "8m"),
        ("2024-03-13", "07:00", "10m"),
        ("2024-03-25", "07:00", "25m"),
        ("2024-03-31", "20:00", "12m"),
        ("2024-04-01", "07:00", "30m"),
    ] {
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
    let played = |date: &str, time: &str, session: &str, title: &str, ms: u64| {
        json!({
            "date": date,
            "started_at": format!("{date}T{time}:00Z"),
            "session": session,
            "title": title,
            "planned_ms": 600_000,
            "practiced_ms": ms,
            "completed": ms >= 540_000,
            "source": "played",
        })
    };
    let mut records = vec![
        played(
            "2024-03-05",
            "07:00",
            "box-breathing",
            "Box breathing",
            600_000,
        ),
        played("2024-03-06", "07:00", "body-scan", "Body scan", 245_300),
        played(
            "2024-03-09",
            "09:00",
            "box-breathing",
            "Box breathing",
            600_000,
        ),
        played("2024-03-14", "07:00", "body-scan", "Body scan", 600_000),
        played(
            "2024-03-26",
            "07:00",
            "box-breathing",
            "Box breathing",
            381_700,
        ),
        played("2024-03-28", "07:00", "body-scan", "Body scan", 600_000),
    ];
    let moods = [(3, 6), (4, 4), (5, 7), (2, 5), (6, 6), (4, 7)];
    let notes = [
        Some("Restless at first, then calmer. My shoulders let go."),
        Some("Stopped: the neighbour's dog <barked> & I gave up \"for now\"."),
        None,
        Some("Slept better after this one."),
        Some("Work worries; could not settle."),
        None,
    ];
    for ((r, (before, after)), note) in records.iter_mut().zip(moods).zip(notes) {
        r["mood_before"] = before.into();
        r["mood_after"] = after.into();
        if let Some(n) = note {
            r["note"] = n.into();
        }
    }
    let file = home.join("played.json");
    std::fs::write(&file, serde_json::to_string(&records).unwrap()).unwrap();
    ok(home, &["import-log", file.to_str().unwrap()]);
}

/// The figures of the "Total" line of the text report: days, sits, finished, stopped,
/// minutes.
fn total_line(text: &str) -> Vec<u64> {
    let line = text
        .lines()
        .find(|l| l.starts_with("Total "))
        .unwrap_or_else(|| panic!("no Total line:\n{text}"));
    line.split_whitespace()
        .skip(1)
        .take(5)
        .map(|n| n.parse().unwrap())
        .collect()
}

fn n(v: &Value, key: &str) -> u64 {
    v[key].as_u64().unwrap_or_else(|| panic!("{key} in {v}"))
}

#[test]
fn totals_equal_stats_for_the_same_span_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seed(h);
    for (since, day_before) in [(None, "2024-03-03"), (Some("2024-03-11"), "2024-03-10")] {
        let mut args = vec!["report", "--as-of", "2024-03-31"];
        if let Some(s) = since {
            args.extend(["--since", s]);
        }
        let text = ok(h, &args).stdout;
        let (end, start) = (stats(h, "2024-03-31"), stats(h, day_before));
        let diff = |k: &str| n(&end, k) - n(&start, k);
        let ms = diff("total_ms");
        let sits = diff("total_sessions");
        let finished = diff("completed_sessions");
        let expected = vec![
            diff("days_practiced"),
            sits,
            finished,
            sits - finished,
            (ms + 30_000) / 60_000,
        ];
        assert_eq!(total_line(&text), expected, "since {since:?}\n{text}");
        // The streak is the one stats gives as of the last day.
        assert!(
            text.contains(&format!(
                "Days in a row on Sunday 31 March: {}.",
                end["current_streak"]
            )),
            "{text}"
        );
        // The weeks' minutes add up to the total's, in the CSV too.
        args.extend(["--format", "csv"]);
        let csv = ok(h, &args).stdout;
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let minutes: u64 = reader
            .records()
            .map(|r| r.unwrap()[6].parse::<u64>().unwrap())
            .sum();
        assert_eq!(minutes, expected[4], "{csv}");
    }
    // With the journal's whole span, the totals are stats' own figures.
    let all = stats(h, "2024-04-01");
    let text = ok(
        h,
        &["report", "--since", "2024-02-26", "--as-of", "2024-04-01"],
    )
    .stdout;
    assert_eq!(
        total_line(&text),
        vec![
            n(&all, "days_practiced"),
            n(&all, "total_sessions"),
            n(&all, "completed_sessions"),
            n(&all, "total_sessions") - n(&all, "completed_sessions"),
            n(&all, "total_minutes"),
        ]
    );
    let mood = &all["mood"];
    assert!(
        text.contains(&format!(
            "{:.1} → {:.1} ({:+.1})",
            mood["average_before"].as_f64().unwrap(),
            mood["average_after"].as_f64().unwrap(),
            mood["average_change"].as_f64().unwrap()
        )),
        "{text}\n{mood}"
    );
}

#[test]
fn a_month_matches_its_goldens_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seed(h);
    let args = ["report", "--as-of", "2024-03-31", "--name", "Sam Example"];
    let text = ok(h, &args).stdout;
    let csv = ok(h, &[&args[..], &["--format", "csv"]].concat()).stdout;
    // Nothing here reads the clock (`--as-of` fixes the days), so nothing is masked.
    assert_goldens(vec![
        golden("tests/golden/report/month.txt", &text),
        golden("tests/golden/report/month.csv", &csv),
    ]);
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
    let rows = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert!(csv.contains("\r\n") && rows == 4, "{csv}");
}

#[test]
fn the_format_follows_the_name_and_files_are_written_whole_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seed(h);
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.htm", "<!DOCTYPE html>"),
        ("r.csv", "week_start,"),
        ("r.txt", "Practice record"),
    ] {
        let path = dir.path().join(name);
        ok(
            h,
            &[
                "report",
                "--as-of",
                "2024-03-31",
                "-o",
                path.to_str().unwrap(),
            ],
        );
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.starts_with(starts), "{name}: {written}");
    }
    // --format wins over the name.
    let path = dir.path().join("r.txt");
    ok(
        h,
        &[
            "report",
            "--as-of",
            "2024-03-31",
            "--format",
            "csv",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("week_start,")
    );
    // No leftovers beside them.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");

    let pdf = dir.path().join("r.pdf");
    let r = run_in(h, &["report", "-o", pdf.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("'.pdf' is not"), "{}", r.stderr);
    assert!(
        r.stderr.contains("print it to PDF from a browser"),
        "{}",
        r.stderr
    );
    assert!(!pdf.exists());
    // The journal is never an output.
    let r = run_in(
        h,
        &[
            "report",
            "--format",
            "csv",
            "-o",
            h.join("journal.sqlite").to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("still's journal"), "{}", r.stderr);
}

#[test]
fn a_bad_since_is_named_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seed(h);
    let r = run_in(h, &["report", "--since", "last tuesday"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("--since 'last tuesday' is not a date"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("YYYY-MM-DD"), "{}", r.stderr);
    let r = run_in(
        h,
        &["report", "--since", "2024-02-30", "--as-of", "2024-03-31"],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("'2024-02-30'"), "{}", r.stderr);
    let r = run_in(
        h,
        &["report", "--since", "2024-04-02", "--as-of", "2024-03-31"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "--since '2024-04-02' (2024-04-02) is after the report's last day (2024-03-31)"
        ),
        "{}",
        r.stderr
    );
    let r = run_in(h, &["report", "--format", "pdf"]);
    assert_eq!(r.code, 2, "a value clap refuses is a usage error");
    // --since is counted back from --as-of, not from today: Monday 25 March.
    let text = ok(h, &["report", "--since", "monday", "--as-of", "2024-03-31"]).stdout;
    assert!(
        text.contains("Monday 25 March 2024 – Sunday 31 March 2024"),
        "{text}"
    );
}

#[test]
fn an_empty_journal_gives_a_friendly_report_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let r = ok(h, &["report", "--as-of", "2024-03-31"]);
    assert!(
        r.stdout.contains("No practice is recorded in these weeks."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Monday 4 March 2024 – Sunday 31 March 2024"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("your journal is empty"), "{}", r.stderr);
    let html = ok(h, &["report", "--as-of", "2024-03-31", "--format", "html"]).stdout;
    assert!(html.contains("No practice is recorded in these weeks."));
    let csv = ok(h, &["report", "--as-of", "2024-03-31", "--format", "csv"]).stdout;
    assert_eq!(
        csv.lines().count(),
        5,
        "a header and four empty weeks:\n{csv}"
    );
}

/// Chromium's command line, or `None` when it is not installed (CI installs it).
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
}

fn print_to_pdf(chromium: &Path, html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("timeout")
        .arg("180")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        pdf.is_file(),
        "chromium wrote no PDF ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tool(name: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} runs (Debian package poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_html_prints_on_one_or_two_pages_of_a4_and_letter_issue_19() {
    let Some(chromium) = chromium() else {
        eprintln!("skipped: chromium is not installed (apt-get install chromium poppler-utils)");
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seed(h);
    let text = ok(h, &["report", "--as-of", "2024-03-31"]).stdout;
    // The week rows of the text report, which the PDF must hold too, figure for figure.
    let rows: Vec<String> = text
        .lines()
        .skip_while(|l| !l.starts_with("Week "))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(rows.len(), 5, "four weeks and the total:\n{text}");
    let dir = tempfile::tempdir().unwrap();
    for (paper, size) in [("a4", (595.0, 842.0)), ("letter", (612.0, 792.0))] {
        let html = dir.path().join(format!("report-{paper}.html"));
        let pdf = dir.path().join(format!("report-{paper}.pdf"));
        ok(
            h,
            &[
                "report",
                "--as-of",
                "2024-03-31",
                "--name",
                "Sam Example",
                "--paper",
                paper,
                "-o",
                html.to_str().unwrap(),
            ],
        );
        print_to_pdf(&chromium, &html, &pdf);
        let info = tool("pdfinfo", &[pdf.as_os_str()]);
        let field = |name: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or_else(|| panic!("no {name} in:\n{info}"))
                .trim()
                .to_string()
        };
        let pages: u32 = field("Pages:").parse().unwrap();
        assert!((1..=2).contains(&pages), "{paper}: {pages} pages");
        let dims: Vec<f64> = field("Page size:")
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(
            (dims[0] - size.0).abs() < 1.5 && (dims[1] - size.1).abs() < 1.5,
            "{paper}: page size {dims:?}"
        );
        let printed = tool(
            "pdftotext",
            &["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()],
        );
        let flat = printed.split_whitespace().collect::<Vec<_>>().join(" ");
        for row in &rows {
            // The row up to its mood (the PDF adds the change to the averages): the week
            // and its five figures.
            let figures: Vec<&str> = row.split(' ').collect();
            let cut = if row.starts_with("Total") { 6 } else { 10 };
            let head = figures[..cut.min(figures.len())].join(" ");
            assert!(
                flat.contains(&head),
                "{paper}: '{head}' is not in the PDF:\n{printed}"
            );
        }
        for seen in [
            "Sam Example",
            "Monday 4 March 2024 – Sunday 31 March 2024",
            "Slept better after this one.",
            "the neighbour's dog <barked> & I gave up \"for now\".",
            "From the practice journal kept by still.",
        ] {
            assert!(
                flat.contains(seen),
                "{paper}: '{seen}' is not in the PDF:\n{printed}"
            );
        }
    }
}

#[test]
fn report_help_matches_its_golden_issue_19() {
    let r = run(&["report", "--help"]);
    assert_eq!(r.code, 0);
    assert_goldens(vec![golden("tests/golden/help/report.txt", &r.stdout)]);
}

/// Issue #19: while a course is followed, the report starts on its first day, names it, and
/// each week says what it assigned and how much of that was practised; `--course` names it,
/// `--no-course` leaves it out, and a course that is not followed is refused by name.
#[test]
fn the_course_followed_is_held_against_the_journal_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seed(h);
    let course = h.join("two-weeks.yaml");
    std::fs::write(
        &course,
        "format: still-course/1\nid: two-weeks\ntitle: Two weeks for Sam\nweeks:\n  \
         - title: Breath\n    text: Breathing, each day.\n    sessions: [box-breathing]\n  \
         - title: Body\n    text: The body, each day.\n    sessions: [body-scan]\n",
    )
    .unwrap();
    let r = run_in(
        h,
        &["report", "--course", "two-weeks", "--as-of", "2024-03-17"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--course 'two-weeks': no course is being followed"),
        "{}",
        r.stderr
    );
    ok(
        h,
        &[
            "course",
            "start",
            course.to_str().unwrap(),
            "--on",
            "2024-03-04",
        ],
    );
    let text = ok(h, &["report", "--as-of", "2024-03-17"]).stdout;
    let named = ok(
        h,
        &["report", "--course", "two-weeks", "--as-of", "2024-03-17"],
    )
    .stdout;
    assert_eq!(text, named);
    assert!(
        text.contains("Course: Two weeks for Sam (two-weeks), from Monday 4 March 2024"),
        "{text}"
    );
    assert!(
        text.contains("Monday 4 March 2024 – Sunday 17 March 2024"),
        "{text}"
    );
    // Week 1 assigned box-breathing on 7 days and it was sat twice (5 and 9 March); week 2
    // assigned body-scan on 7 days and it was sat once (14 March).
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|l| !l.starts_with("Week "))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(
        text.lines()
            .any(|l| l.starts_with("Week ") && l.contains(" Assigned ")),
        "{text}"
    );
    assert_eq!(rows.len(), 3, "two weeks and the total:\n{text}");
    // The Assigned figure, `N of M`, wherever its column is.
    let assigned = |row: &[&str]| {
        let of = row
            .iter()
            .position(|w| *w == "of")
            .expect("an Assigned figure");
        row[of - 1..=of + 1].join(" ")
    };
    assert_eq!(assigned(&rows[0]), "2 of 7", "{text}");
    assert_eq!(assigned(&rows[1]), "1 of 7", "{text}");
    assert_eq!(assigned(&rows[2]), "3 of 14", "{text}");
    let csv = ok(h, &["report", "--as-of", "2024-03-17", "--format", "csv"]).stdout;
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains(",minutes,assigned,assigned_practised,assigned_days,assigned_days_done,"),
        "{csv}"
    );
    assert!(csv.contains(",box-breathing,box-breathing,7,2,"), "{csv}");
    let html = ok(h, &["report", "--as-of", "2024-03-17", "--format", "html"]).stdout;
    assert!(
        html.contains("<p class=\"course\">Course: Two weeks for Sam"),
        "{html}"
    );

    let alone = ok(h, &["report", "--no-course", "--as-of", "2024-03-17"]).stdout;
    assert!(
        !alone.contains("Assigned") && !alone.contains("Course:"),
        "{alone}"
    );
    assert!(
        alone.contains("Monday 19 February 2024"),
        "four weeks: {alone}"
    );
    let r = run_in(
        h,
        &[
            "report",
            "--course",
            "resilience-start",
            "--as-of",
            "2024-03-17",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("'resilience-start' is not the course you follow: that is two-weeks"),
        "{}",
        r.stderr
    );
    let r = run_in(h, &["report", "--as-of", "2024-03-01"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("two-weeks starts on 2024-03-04"),
        "{}",
        r.stderr
    );
}
