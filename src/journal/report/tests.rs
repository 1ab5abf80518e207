use jiff::civil::{Date, date};

use super::*;
use crate::journal::entry::test_entry;

fn entry(d: Date, minutes: u64) -> Entry {
    test_entry(d, minutes)
}

fn sit(d: Date, ms: u64, session: &str, completed: bool) -> Entry {
    let mut e = test_entry(d, 0);
    e.practiced_ms = ms;
    e.planned_ms = ms.max(600_000);
    e.session_id = session.into();
    e.session_title = session.replace('-', " ");
    e.completed = completed;
    e
}

fn rated(mut e: Entry, before: u8, after: u8) -> Entry {
    e.mood_before = Some(before);
    e.mood_after = Some(after);
    e
}

fn noted(mut e: Entry, note: &str) -> Entry {
    e.note = Some(note.into());
    e
}

/// 4–31 March 2024: four whole weeks, Monday to Sunday.
fn march() -> Period {
    Period {
        since: date(2024, 3, 4),
        until: date(2024, 3, 31),
    }
}

#[test]
fn the_default_period_is_four_practice_weeks_ending_with_as_of() {
    let p = Period::weeks_to(date(2024, 3, 27));
    assert_eq!(p.since, date(2024, 3, 4));
    assert_eq!(p.until, date(2024, 3, 27));
    assert_eq!(period_length(&p), "3 weeks and 3 days");
    assert_eq!(period_length(&march()), "4 weeks");
}

#[test]
fn weeks_run_monday_to_sunday_and_are_cut_to_the_period() {
    let p = Period {
        since: date(2024, 3, 6),
        until: date(2024, 3, 20),
    };
    let r = build(&[], &Config::default(), p, None, None);
    let spans: Vec<(Date, Date)> = r.weeks.iter().map(|w| (w.first, w.last)).collect();
    assert_eq!(
        spans,
        [
            (date(2024, 3, 6), date(2024, 3, 10)),
            (date(2024, 3, 11), date(2024, 3, 17)),
            (date(2024, 3, 18), date(2024, 3, 20)),
        ]
    );
    assert_eq!(week_label(&r.weeks[0]), "6 Mar – 10 Mar");
    let one = build(
        &[],
        &Config::default(),
        Period {
            since: date(2024, 3, 6),
            until: date(2024, 3, 6),
        },
        None,
        None,
    );
    assert_eq!(one.weeks.len(), 1);
    assert_eq!(week_label(&one.weeks[0]), "6 Mar");
}

#[test]
fn weeks_hold_what_was_practised_and_empty_weeks_are_kept() {
    let entries = vec![
        entry(date(2024, 2, 20), 30), // before the period
        rated(sit(date(2024, 3, 4), 600_000, "box-breathing", true), 4, 6),
        sit(date(2024, 3, 4), 300_000, "body-scan", false),
        rated(sit(date(2024, 3, 6), 600_000, "box-breathing", true), 3, 6),
        noted(
            sit(date(2024, 3, 10), 900_000, "box-breathing", true),
            "calmer",
        ),
        sit(date(2024, 3, 25), 1_200_000, "body-scan", true),
        entry(date(2024, 4, 1), 30), // after it
    ];
    let r = build(&entries, &Config::default(), march(), None, None);
    assert_eq!(r.weeks.len(), 4);
    let w = &r.weeks[0];
    assert_eq!(
        (w.days_practised, w.sits, w.finished, w.stopped(), w.minutes),
        (3, 4, 3, 1, 40)
    );
    let m = w.mood.as_ref().unwrap();
    assert_eq!(m.rated_sessions, 2);
    assert_eq!(mood_line(m), "3.5 → 6.0 (+2.5)");
    assert_eq!(
        w.sessions.iter().map(practised_line).collect::<Vec<_>>(),
        ["box breathing ×3", "body scan"]
    );
    assert_eq!(w.notes.len(), 1);
    assert_eq!(w.notes[0].text, "calmer");
    assert_eq!(w.notes[0].date, date(2024, 3, 10));
    for empty in &r.weeks[1..3] {
        assert_eq!((empty.sits, empty.minutes, empty.days_practised), (0, 0, 0));
        assert!(empty.mood.is_none() && empty.sessions.is_empty());
    }
    assert_eq!(r.weeks[3].sits, 1);
    assert!(r.weeks.iter().all(|w| w.assigned.is_none()));
    assert!(!r.planned);
}

#[test]
fn totals_are_the_figures_stats_gives_for_the_span() {
    let config = Config {
        min_minutes: 5,
        ..Config::default()
    };
    let mut entries = vec![entry(date(2024, 3, 1), 20), entry(date(2024, 3, 3), 20)];
    for (day, ms) in [(4, 200_000), (5, 310_000), (5, 20_000), (12, 3_599_999)] {
        entries.push(rated(
            sit(date(2024, 3, day), ms, "s", day != 5),
            5,
            (day % 10) as u8,
        ));
    }
    entries.push(entry(date(2024, 3, 31), 1));
    let r = build(&entries, &config, march(), None, None);
    let all = Stats::compute(&entries, &config, date(2024, 3, 31));
    let before = Stats::compute(&entries, &config, date(2024, 3, 3));
    let t = &r.totals;
    assert_eq!(t.sits, all.total_sessions - before.total_sessions);
    assert_eq!(
        t.finished,
        all.completed_sessions - before.completed_sessions
    );
    assert_eq!(t.ms, all.total_ms - before.total_ms);
    assert_eq!(t.days_practised, all.days_practiced - before.days_practiced);
    assert_eq!(t.minutes(), minutes(t.ms));
    // 4 March (3m20s) and 31 March (1m) are under min_minutes: not days practised.
    assert_eq!(t.days_practised, 2);
    assert_eq!(r.streak, Some(0));
    // Rounded on the running total, the weeks add up to the total's minutes exactly.
    assert_eq!(r.weeks.iter().map(|w| w.minutes).sum::<u64>(), t.minutes());
    let m = t.mood.as_ref().unwrap();
    assert_eq!((m.rated_sessions, m.sum_before, m.sum_after), (4, 20, 16));
    assert_eq!(r.min_minutes, 5);
    let hidden = Config {
        streaks: false,
        ..Config::default()
    };
    assert_eq!(build(&entries, &hidden, march(), None, None).streak, None);
}

#[test]
fn the_streak_runs_back_past_the_period() {
    let entries: Vec<Entry> = (1..=10).map(|d| entry(date(2024, 3, d), 10)).collect();
    let p = Period {
        since: date(2024, 3, 8),
        until: date(2024, 3, 10),
    };
    let r = build(&entries, &Config::default(), p, None, None);
    assert_eq!(r.streak, Some(10));
    assert_eq!(r.totals.sits, 3);
}

#[test]
fn a_plan_says_what_was_assigned_and_which_was_practised() {
    let plan = vec![
        (date(2024, 3, 4), vec!["body-scan".to_string()]),
        (date(2024, 3, 5), vec!["body-scan".into(), "breath".into()]),
        (date(2024, 3, 6), vec!["body-scan".into()]),
        (date(2024, 3, 11), vec!["walking".into()]),
        (date(2024, 4, 1), vec!["later".into()]),
    ];
    let entries = vec![
        sit(date(2024, 3, 5), 600_000, "body-scan", true),
        sit(date(2024, 3, 7), 600_000, "body-scan", true),
        sit(date(2024, 3, 7), 600_000, "box-breathing", true),
    ];
    let plan = Plan {
        course: CourseLine {
            title: "Four weeks".into(),
            id: "four".into(),
            start: date(2024, 3, 4),
        },
        days: plan,
    };
    let r = build(&entries, &Config::default(), march(), Some(&plan), None);
    assert!(r.planned);
    assert_eq!(
        r.course.as_ref().unwrap().line(),
        "Course: Four weeks (four), from Monday 4 March 2024"
    );
    // Week 1 assigns three days; the 5th is done by a body scan, the 7th assigns nothing,
    // so its sits answer no assignment (the course's own rule).
    let a = r.weeks[0].assigned.as_ref().unwrap();
    assert_eq!(a.sessions, ["body-scan", "breath"]);
    assert_eq!(a.practised, ["body-scan"]);
    assert_eq!((a.days, a.days_done), (3, 1));
    assert_eq!(assigned_count(a), "1 of 3");
    assert_eq!(choices(&a.sessions), "body-scan or breath");
    let a = r.weeks[1].assigned.as_ref().unwrap();
    assert_eq!((a.days, a.days_done, a.practised.len()), (1, 0, 0));
    assert_eq!(assigned_total(&r.weeks), (1, 4));
    assert!(r.weeks[3].assigned.as_ref().unwrap().sessions.is_empty());
    let text = text::render(&r);
    assert!(text.contains("Assigned"), "{text}");
    assert!(
        text.contains("body-scan or breath on 3 days; done on 1 of 3"),
        "{text}"
    );
    let csv = csv::render(&r);
    assert!(
        csv.starts_with("week_start,week_end,days_practised,sits,finished,stopped,minutes,assigned,assigned_practised,assigned_days,assigned_days_done,"),
        "{csv}"
    );
    let html = html::render(&r, html::Paper::Auto);
    assert!(html.contains("Assigned done"), "{html}");
    assert!(
        html.contains("body-scan or breath on 3 days; done on 1 of 3"),
        "{html}"
    );
}

#[test]
fn without_a_plan_nothing_is_said_of_assignments() {
    let r = build(
        &[entry(date(2024, 3, 5), 10)],
        &Config::default(),
        march(),
        None,
        None,
    );
    assert!(!text::render(&r).contains("Assigned"));
    assert!(!csv::render(&r).contains("assigned"));
    assert!(!html::render(&r, html::Paper::A4).contains("Assigned"));
}

#[test]
fn the_text_fits_80_columns_and_says_when_nothing_was_practised() {
    let long = "word ".repeat(60) + &"x".repeat(120);
    let entries = vec![noted(
        sit(date(2024, 3, 5), 600_000, &"a".repeat(150), true),
        &long,
    )];
    let r = build(
        &entries,
        &Config::default(),
        march(),
        None,
        Some(&"Name ".repeat(30)),
    );
    let text = text::render(&r);
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{line:?} is too long");
    }
    assert!(text.contains("xxxxxxxx"), "{text}");

    let empty = text::render(&build(&[], &Config::default(), march(), None, None));
    assert!(
        empty
            .starts_with("Practice record\nMonday 4 March 2024 – Sunday 31 March 2024 · 4 weeks\n"),
        "{empty}"
    );
    assert!(
        empty.contains("No practice is recorded in these weeks."),
        "{empty}"
    );
    assert!(
        !empty.contains("Days in a row"),
        "a streak of 0 is not said:\n{empty}"
    );
    let total = empty.lines().find(|l| l.starts_with("Total")).unwrap();
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["Total", "0", "0", "0", "0", "0", "–"]
    );
    let html = html::render(
        &build(&[], &Config::default(), march(), None, None),
        html::Paper::Auto,
    );
    assert!(html.contains("No practice is recorded in these weeks."));
}

#[test]
fn notes_and_names_are_escaped_in_html() {
    let first = noted(
        sit(date(2024, 3, 5), 600_000, "box", true),
        "<script>alert(\"x\")</script> & 'so' <b>",
    );
    let mut e = first.clone();
    e.session_title = "<img src=x onerror=alert(1)>".into();
    e.id = "other".into();
    let r = build(
        &[first, e],
        &Config::default(),
        march(),
        None,
        Some("Ana <Bell> & \"Co\""),
    );
    let html = html::render(&r, html::Paper::Letter);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(html.contains(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;so&#39; &lt;b&gt;"
    ));
    assert!(html.contains("Ana &lt;Bell&gt; &amp; &quot;Co&quot;"));
    assert_eq!(html::esc("a\u{1b}[31mb"), "a[31mb");
}

#[test]
fn html_is_self_contained_and_sized_for_the_paper() {
    let r = build(
        &[entry(date(2024, 3, 5), 10)],
        &Config::default(),
        march(),
        None,
        None,
    );
    let a4 = html::render(&r, html::Paper::A4);
    assert!(a4.contains("@page { size: A4;"));
    assert!(html::render(&r, html::Paper::Letter).contains("@page { size: letter;"));
    let auto = html::render(&r, html::Paper::Auto);
    assert!(auto.contains("@page { margin:"));
    assert!(!auto.contains("size: A4") && !auto.contains("size: letter"));
    for outside in [
        "<script", "<link", "<img", "src=", "url(", "@import", "http",
    ] {
        assert!(!a4.contains(outside), "the page reaches outside: {outside}");
    }
    assert!(a4.contains("break-inside: avoid"));
}

#[test]
fn csv_is_one_row_per_week_quoted_as_rfc_4180() {
    let entries = vec![
        noted(
            sit(date(2024, 3, 5), 600_000, "box", true),
            "tired, \"heavy\" eyes",
        ),
        noted(sit(date(2024, 3, 6), 600_000, "box", true), "better"),
    ];
    let r = build(&entries, &Config::default(), march(), None, None);
    let csv = csv::render(&r);
    let records: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        records[0],
        "week_start,week_end,days_practised,sits,finished,stopped,minutes,\
         mood_rated,mood_before,mood_after,mood_change,sessions,notes"
    );
    assert_eq!(
        records[1],
        "2024-03-04,2024-03-10,2,2,2,0,20,0,,,,box ×2,\"2024-03-05 box: tired, \"\"heavy\"\" eyes\n2024-03-06 box: better\""
    );
    assert_eq!(records[2], "2024-03-11,2024-03-17,0,0,0,0,0,0,,,,,");
    // A header, four weeks, and the empty string after the last CRLF.
    assert_eq!(records.len(), 6, "{csv}");
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        &rows[0][12],
        "2024-03-05 box: tired, \"heavy\" eyes\n2024-03-06 box: better"
    );
}

#[test]
fn formats_come_from_names() {
    use std::path::Path;
    assert_eq!(Format::from_path(Path::new("r.HTML")), Some(Format::Html));
    assert_eq!(Format::from_path(Path::new("r.htm")), Some(Format::Html));
    assert_eq!(Format::from_path(Path::new("r.csv")), Some(Format::Csv));
    assert_eq!(Format::from_path(Path::new("r.txt")), Some(Format::Text));
    assert_eq!(Format::from_path(Path::new("r.pdf")), None);
    assert_eq!(Format::from_path(Path::new("r")), None);
}
