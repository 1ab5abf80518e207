//! The report as plain text: a table of weeks in aligned columns, the totals, then each
//! week's sessions, mood and notes. Every line fits 80 columns; user text is made inert and
//! wrapped.

use std::fmt::Write as _;

use super::{
    Report, Week, assigned_count, assigned_line, assigned_total, mood_line, period_length,
    period_line,
};
use super::{practised_line, week_label};
use crate::util::text::inert;

/// The width every line fits in.
pub const WIDTH: usize = 80;

/// The columns after the week's: heading and width (right-aligned).
const COLUMNS: &[(&str, usize)] = &[
    ("Days", 4),
    ("Sits", 4),
    ("Finished", 8),
    ("Stopped", 7),
    ("Minutes", 7),
];
const WEEK: usize = 15;
const ASSIGNED: (&str, usize) = ("Assigned", 8);

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let title = match &r.name {
        Some(name) => format!("Practice record: {}", inert(name)),
        None => "Practice record".to_string(),
    };
    for line in wrap(&title, "", "") {
        let _ = writeln!(o, "{line}");
    }
    let period = format!("{} · {}", period_line(&r.period), period_length(&r.period));
    for line in wrap(&period, "", "") {
        let _ = writeln!(o, "{line}");
    }
    if let Some(c) = &r.course {
        for line in wrap(&inert(&c.line()), "", "") {
            let _ = writeln!(o, "{line}");
        }
    }
    o.push('\n');

    let mut head = format!("{:<WEEK$}", "Week");
    for (name, width) in COLUMNS {
        let _ = write!(head, "  {name:>width$}");
    }
    if r.planned {
        let _ = write!(head, "  {:>w$}", ASSIGNED.0, w = ASSIGNED.1);
    }
    head.push_str("  Mood");
    let _ = writeln!(o, "{head}");
    for w in &r.weeks {
        let assigned = w.assigned.as_ref().map(assigned_count);
        let mood = w.mood.as_ref().map(short_mood);
        row(
            &mut o,
            r.planned,
            &week_label(w),
            [
                u64::from(w.days_practised),
                w.sits,
                w.finished,
                w.stopped(),
                w.minutes,
            ],
            assigned.as_deref(),
            mood.as_deref(),
        );
    }
    let t = &r.totals;
    let planned_total = r.planned.then(|| {
        let (done, all) = assigned_total(&r.weeks);
        format!("{done} of {all}")
    });
    let mood = t.mood.as_ref().map(short_mood);
    row(
        &mut o,
        r.planned,
        "Total",
        [
            u64::from(t.days_practised),
            t.sits,
            t.finished,
            t.stopped(),
            t.minutes(),
        ],
        planned_total.as_deref(),
        mood.as_deref(),
    );
    o.push('\n');

    if t.sits == 0 {
        o.push_str("No practice is recorded in these weeks.\n");
    }
    let mut facts = vec![];
    if let Some(m) = &t.mood {
        facts.push(format!(
            "Mood, rated 0–10 before and after {} sit{}: {}.",
            m.rated_sessions,
            plural(m.rated_sessions),
            mood_line(m)
        ));
    }
    // No streak of 0 is said: a report is not a reproach.
    if let Some(streak) = r.streak.filter(|&n| n > 0) {
        facts.push(format!(
            "Days in a row on {}: {streak}.",
            r.period.until.strftime("%A %-d %B")
        ));
    }
    if r.min_minutes > 0 {
        facts.push(format!(
            "A day is counted as practised from {} minute{} of practice.",
            r.min_minutes,
            plural(u64::from(r.min_minutes))
        ));
    }
    if r.planned {
        facts.push(super::ASSIGNED_MEANS.to_string());
    }
    for fact in &facts {
        for line in wrap(fact, "", "") {
            let _ = writeln!(o, "{line}");
        }
    }

    for w in r.weeks.iter().filter(|w| has_detail(w)) {
        o.push('\n');
        detail(&mut o, w);
    }
    o
}

fn has_detail(w: &Week) -> bool {
    w.sits > 0 || w.assigned.as_ref().is_some_and(|a| !a.sessions.is_empty())
}

/// A week's sessions, assignments, mood and notes, under its dates.
fn detail(o: &mut String, w: &Week) {
    let _ = writeln!(
        o,
        "{} – {}",
        w.first.strftime("%A %-d %B"),
        w.last.strftime("%A %-d %B %Y")
    );
    let label = |name: &str| format!("  {name:<11}");
    let rest = " ".repeat(13);
    if !w.sessions.is_empty() {
        let list: Vec<String> = w.sessions.iter().map(practised_line).collect();
        for line in wrap(&inert(&list.join(", ")), &label("Practised"), &rest) {
            let _ = writeln!(o, "{line}");
        }
    }
    if let Some(a) = w.assigned.as_ref().filter(|a| !a.sessions.is_empty()) {
        for line in wrap(&inert(&assigned_line(a)), &label("Assigned"), &rest) {
            let _ = writeln!(o, "{line}");
        }
    }
    if let Some(m) = &w.mood {
        let text = format!(
            "{} over {} rated sit{}",
            mood_line(m),
            m.rated_sessions,
            plural(m.rated_sessions)
        );
        for line in wrap(&text, &label("Mood"), &rest) {
            let _ = writeln!(o, "{line}");
        }
    }
    if !w.notes.is_empty() {
        let _ = writeln!(o, "{}", label("Notes").trim_end());
        for n in &w.notes {
            let text = format!(
                "{}, {}: “{}”",
                n.date.strftime("%a %-d %b"),
                inert(&n.session_title),
                inert(&n.text)
            );
            for line in wrap(&text, "    ", "      ") {
                let _ = writeln!(o, "{line}");
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn row(
    o: &mut String,
    planned: bool,
    label: &str,
    figures: [u64; 5],
    assigned: Option<&str>,
    mood: Option<&str>,
) {
    let mut line = format!("{label:<WEEK$}");
    for ((_, width), n) in COLUMNS.iter().zip(figures) {
        let _ = write!(line, "  {n:>width$}");
    }
    if planned {
        let _ = write!(line, "  {:>w$}", assigned.unwrap_or("–"), w = ASSIGNED.1);
    }
    let _ = write!(line, "  {}", mood.unwrap_or("–"));
    let _ = writeln!(o, "{}", line.trim_end());
}

/// `4.5 → 6.0`: the averages only; the change is in the lines below.
fn short_mood(m: &super::Mood) -> String {
    let line = mood_line(m);
    line.split(" (").next().unwrap_or(&line).to_string()
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `text` wrapped to [`WIDTH`], the first line after `first`, the others after `rest`; a
/// word longer than a line is broken.
fn wrap(text: &str, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}
