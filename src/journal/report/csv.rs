//! The report as CSV, one row per week, for a spreadsheet: RFC 4180 (CRLF between
//! records, a field quoted when it holds a comma, a quote or a line break, quotes doubled).
//! A week's notes are one field, a line each.

use super::{Report, Week};

/// The columns, in order; the `assigned` ones only when the report has a plan.
const BEFORE: &[&str] = &[
    "week_start",
    "week_end",
    "days_practised",
    "sits",
    "finished",
    "stopped",
    "minutes",
];
const PLANNED: &[&str] = &[
    "assigned",
    "assigned_practised",
    "assigned_days",
    "assigned_days_done",
];
const AFTER: &[&str] = &[
    "mood_rated",
    "mood_before",
    "mood_after",
    "mood_change",
    "sessions",
    "notes",
];

pub fn render(r: &Report) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(vec![]);
    let mut head: Vec<&str> = BEFORE.to_vec();
    if r.planned {
        head.extend(PLANNED);
    }
    head.extend(AFTER);
    w.write_record(&head).expect("writing to memory");
    for week in &r.weeks {
        w.write_record(row(week, r.planned))
            .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 is UTF-8")
}

fn row(w: &Week, planned: bool) -> Vec<String> {
    let mut fields = vec![
        w.first.to_string(),
        w.last.to_string(),
        w.days_practised.to_string(),
        w.sits.to_string(),
        w.finished.to_string(),
        w.stopped().to_string(),
        w.minutes.to_string(),
    ];
    if planned {
        match &w.assigned {
            Some(a) => fields.extend([
                a.sessions.join("; "),
                a.practised.join("; "),
                a.days.to_string(),
                a.days_done.to_string(),
            ]),
            None => fields.extend(["", "", "0", "0"].map(String::from)),
        }
    }
    let one = |x: f64| format!("{:.1}", (x * 10.0).round() / 10.0);
    match &w.mood {
        Some(m) => fields.extend([
            m.rated_sessions.to_string(),
            one(m.average_before()),
            one(m.average_after()),
            format!("{:+.1}", (m.average_change() * 10.0).round() / 10.0),
        ]),
        None => fields.extend(["0".into(), String::new(), String::new(), String::new()]),
    }
    fields.push(
        w.sessions
            .iter()
            .map(super::practised_line)
            .collect::<Vec<_>>()
            .join("; "),
    );
    fields.push(
        w.notes
            .iter()
            .map(|n| format!("{} {}: {}", n.date, n.session_title, n.text))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    fields
}
