//! `still report`: the sitter's own record of practice, week by week, to bring to a
//! therapist. [`build`] makes the model from the journal's entries (a pure function: the
//! caller says which days); [`text`], [`csv`] and [`html`] print it.
//!
//! - Weeks run Monday to Sunday, as `stats` counts them; the first and last are cut to the
//!   period, so a report that ends on a Wednesday has a short last week.
//! - The totals are `stats`' own figures ([`Stats::compute`]) over the period's entries, so
//!   they agree with `still stats --json` for the same span; the streak is the one `stats`
//!   gives as of the period's last day.
//! - A plan (the session ids assigned each day, from a course) adds what was assigned and
//!   which of it was practised; without one, the report says nothing of assignments.

pub mod csv;
pub mod html;
pub mod text;

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::day::week_start;
use super::entry::Entry;
use super::stats::{Mood, Stats, day_counts, minutes};
use crate::home::config::Config;

/// What `still report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns in 80 columns
    Text,
    /// One page to print or save as PDF from a browser
    Html,
    /// One row per week, for a spreadsheet
    Csv,
}

impl Format {
    /// The format a file's name asks for: `.txt`, `.html` or `.htm`, `.csv`.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// The days a report covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub since: Date,
    pub until: Date,
}

/// Weeks in the default period, the week holding its last day included.
pub const DEFAULT_WEEKS: i64 = 4;

impl Period {
    /// The default: the [`DEFAULT_WEEKS`] practice weeks ending with the one holding `until`,
    /// from its first Monday.
    pub fn weeks_to(until: Date) -> Period {
        let back = jiff::Span::new().weeks(DEFAULT_WEEKS - 1);
        let since = week_start(until).checked_sub(back).unwrap_or(until);
        Period { since, until }
    }

    /// How many days it holds.
    pub fn days(&self) -> i64 {
        i64::from((self.until - self.since).get_days()) + 1
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Whose record it is (`--name`), for the heading.
    pub name: Option<String>,
    pub period: Period,
    /// Every week the period touches, oldest first, practised or not.
    pub weeks: Vec<Week>,
    pub totals: Totals,
    /// Days in a row as of the period's last day, as `stats` counts them; `None` when
    /// streaks are hidden (`streaks = false`).
    pub streak: Option<u32>,
    /// `min_minutes` from the config: a day with less practice is not a day practised.
    pub min_minutes: u32,
    /// Whether a plan was given: the "assigned" part is shown only then.
    pub planned: bool,
    /// The course the plan comes from, named under the period.
    pub course: Option<CourseLine>,
}

/// What a course assigned each day, and the course: the report's "assigned" part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub course: CourseLine,
    /// The session ids assigned on each day, oldest first.
    pub days: Vec<(Date, Vec<String>)>,
}

/// A course as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseLine {
    pub title: String,
    pub id: String,
    pub start: Date,
}

impl CourseLine {
    /// `Course: A four-week start in resilience (resilience-start), from Monday 4 March 2024`
    pub fn line(&self) -> String {
        format!(
            "Course: {} ({}), from {}",
            self.title,
            self.id,
            self.start.strftime("%A %-d %B %Y")
        )
    }
}

/// One practice week, cut to the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// Its first and last days inside the period (a Monday and a Sunday unless cut).
    pub first: Date,
    pub last: Date,
    pub days_practised: u32,
    pub sits: u64,
    /// Played to the end; the rest were stopped early.
    pub finished: u64,
    pub ms: u64,
    /// Whole minutes such that the weeks add up to the total's minutes exactly (see
    /// [`build`]); within a minute of the week's own rounding.
    pub minutes: u64,
    /// Over the sits rated both before and after.
    pub mood: Option<Mood>,
    /// What was practised, most sits first.
    pub sessions: Vec<Practised>,
    /// Every note written with a sit this week, in order.
    pub notes: Vec<Note>,
    /// `Some` when the report has a plan.
    pub assigned: Option<Assigned>,
}

impl Week {
    pub fn stopped(&self) -> u64 {
        self.sits - self.finished
    }
}

/// One session (or kind of practice) in a week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practised {
    pub session_id: String,
    pub title: String,
    pub sits: u64,
    pub ms: u64,
}

/// A note the sitter wrote with a sit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub date: Date,
    pub session_title: String,
    pub text: String,
}

/// What a plan assigned in a week and how much of it was done, by the course's own rule
/// (`still today`'s): a day is done by a sit that day of any one of the day's sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    /// The days of the week (inside the period) that the plan assigns practice to.
    pub days: u32,
    /// Those days with a sit of one of that day's sessions.
    pub days_done: u32,
    /// The sessions assigned, each once, in the order first assigned.
    pub sessions: Vec<String>,
    /// Those of `sessions` sat on a day that assigned them.
    pub practised: Vec<String>,
}

/// The period's figures: `stats`' own, over the period's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub sits: u64,
    pub finished: u64,
    pub ms: u64,
    pub days_practised: u32,
    pub mood: Option<Mood>,
}

impl Totals {
    pub fn minutes(&self) -> u64 {
        minutes(self.ms)
    }
    pub fn stopped(&self) -> u64 {
        self.sits - self.finished
    }
}

/// The report of `entries` over `period` (entries outside it are left out, except for the
/// streak, which runs back as far as the journal does). `plan` lists the session ids a
/// course assigned on each day; `None` leaves assignments out.
pub fn build(
    entries: &[Entry],
    config: &Config,
    period: Period,
    plan: Option<&Plan>,
    name: Option<&str>,
) -> Report {
    let mut inside: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.date >= period.since && e.date <= period.until)
        .collect();
    inside.sort_by(|a, b| (a.date, a.started_at, &a.id).cmp(&(b.date, b.started_at, &b.id)));

    let in_period: Vec<Entry> = inside.iter().map(|&e| e.clone()).collect();
    let stats = Stats::compute(&in_period, config, period.until);
    let totals = Totals {
        sits: stats.total_sessions,
        finished: stats.completed_sessions,
        ms: stats.total_ms,
        days_practised: stats.days_practiced,
        mood: stats.mood,
    };
    let streak = config
        .streaks
        .then(|| Stats::compute(entries, config, period.until).current_streak);

    let mut weeks = vec![];
    let mut first = period.since;
    // Minutes are rounded on the running total, so the weeks' minutes add up to the
    // total's minutes (which is `stats`') instead of drifting a minute per week.
    let mut ms_before = 0u64;
    while first <= period.until {
        let sunday = week_start(first)
            .checked_add(jiff::Span::new().days(6))
            .unwrap_or(period.until);
        let last = sunday.min(period.until);
        let these: Vec<&Entry> = inside
            .iter()
            .copied()
            .filter(|e| e.date >= first && e.date <= last)
            .collect();
        let mut week = week_of(&these, first, last, config.min_minutes);
        week.minutes = minutes(ms_before + week.ms) - minutes(ms_before);
        ms_before += week.ms;
        week.assigned = plan.map(|p| assigned(&p.days, first, last, &these));
        weeks.push(week);
        match last.tomorrow() {
            Ok(next) => first = next,
            Err(_) => break,
        }
    }

    Report {
        name: name
            .map(|n| crate::util::text::truncate(n, 200))
            .filter(|n| !n.is_empty()),
        period,
        weeks,
        totals,
        streak,
        min_minutes: config.min_minutes,
        planned: plan.is_some(),
        course: plan.map(|p| p.course.clone()),
    }
}

fn week_of(entries: &[&Entry], first: Date, last: Date, min_minutes: u32) -> Week {
    let mut per_day: BTreeMap<Date, u64> = BTreeMap::new();
    let mut mood = Mood {
        rated_sessions: 0,
        sum_before: 0,
        sum_after: 0,
    };
    let mut sessions: Vec<Practised> = vec![];
    let mut notes = vec![];
    for e in entries {
        *per_day.entry(e.date).or_default() += e.practiced_ms;
        if let (Some(b), Some(a)) = (e.mood_before, e.mood_after) {
            mood.rated_sessions += 1;
            mood.sum_before += u64::from(b);
            mood.sum_after += u64::from(a);
        }
        match sessions.iter_mut().find(|s| s.session_id == e.session_id) {
            Some(s) => {
                s.sits += 1;
                s.ms += e.practiced_ms;
            }
            None => sessions.push(Practised {
                session_id: e.session_id.clone(),
                title: e.session_title.clone(),
                sits: 1,
                ms: e.practiced_ms,
            }),
        }
        if let Some(text) = e.note.as_deref().and_then(super::entry::one_line) {
            notes.push(Note {
                date: e.date,
                session_title: e.session_title.clone(),
                text,
            });
        }
    }
    // Most sits first; a stable sort keeps the order of first practice among equals.
    sessions.sort_by_key(|s| std::cmp::Reverse(s.sits));
    Week {
        first,
        last,
        days_practised: per_day
            .values()
            .filter(|&&ms| day_counts(ms, min_minutes))
            .count() as u32,
        sits: entries.len() as u64,
        finished: entries.iter().filter(|e| e.completed).count() as u64,
        ms: per_day.values().sum(),
        minutes: 0,
        mood: (mood.rated_sessions > 0).then_some(mood),
        sessions,
        notes,
        assigned: None,
    }
}

fn assigned(plan: &[(Date, Vec<String>)], first: Date, last: Date, sits: &[&Entry]) -> Assigned {
    let mut out = Assigned {
        days: 0,
        days_done: 0,
        sessions: vec![],
        practised: vec![],
    };
    let mut days: Vec<&(Date, Vec<String>)> = plan
        .iter()
        .filter(|(d, ids)| *d >= first && *d <= last && !ids.is_empty())
        .collect();
    days.sort_by_key(|(d, _)| *d);
    for (day, ids) in days {
        out.days += 1;
        let sat: Vec<&String> = ids
            .iter()
            .filter(|id| sits.iter().any(|e| e.date == *day && &e.session_id == *id))
            .collect();
        if !sat.is_empty() {
            out.days_done += 1;
        }
        for id in ids {
            if !out.sessions.contains(id) {
                out.sessions.push(id.clone());
            }
        }
        for id in sat {
            if !out.practised.contains(id) {
                out.practised.push(id.clone());
            }
        }
    }
    out
}

/// `4.5 → 6.0 (+1.5)`: a mood's averages and change, to one decimal.
pub fn mood_line(m: &Mood) -> String {
    format!(
        "{:.1} → {:.1} ({:+.1})",
        round1(m.average_before()),
        round1(m.average_after()),
        round1(m.average_change())
    )
}

pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `4 Mar – 10 Mar`, or one day's `6 Mar`.
pub fn week_label(w: &Week) -> String {
    if w.first == w.last {
        w.first.strftime("%-d %b").to_string()
    } else {
        format!(
            "{} – {}",
            w.first.strftime("%-d %b"),
            w.last.strftime("%-d %b")
        )
    }
}

/// `Monday 4 March 2024 – Sunday 31 March 2024`.
pub fn period_line(p: &Period) -> String {
    format!(
        "{} – {}",
        p.since.strftime("%A %-d %B %Y"),
        p.until.strftime("%A %-d %B %Y")
    )
}

/// `3 weeks`, `1 week and 2 days`, `5 days`.
pub fn period_length(p: &Period) -> String {
    let days = p.days();
    let (w, d) = (days / 7, days % 7);
    let part = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (w, d) {
        (0, d) => part(d, "day"),
        (w, 0) => part(w, "week"),
        (w, d) => format!("{} and {}", part(w, "week"), part(d, "day")),
    }
}

/// `Box breathing ×3`.
pub fn practised_line(p: &Practised) -> String {
    if p.sits == 1 {
        p.title.clone()
    } else {
        format!("{} ×{}", p.title, p.sits)
    }
}

/// What the Assigned figures count, said under the table of a report with a course.
pub const ASSIGNED_MEANS: &str = "Assigned counts the days the course set practice on, and how many of them had a sit of one of that day's sessions.";

/// `5 of 7`: the days done of the days assigned.
pub fn assigned_count(a: &Assigned) -> String {
    format!("{} of {}", a.days_done, a.days)
}

/// A week's assignments in words: `box-breathing or coherent-breathing on 7 days; done on
/// 3 of 7`.
pub fn assigned_line(a: &Assigned) -> String {
    format!(
        "{} on {} day{}; done on {}",
        choices(&a.sessions),
        a.days,
        if a.days == 1 { "" } else { "s" },
        assigned_count(a)
    )
}

/// The assigned sessions, as a day's choice: `box-breathing or coherent-breathing`.
pub fn choices(ids: &[String]) -> String {
    ids.join(" or ")
}

/// The assignments over `weeks`: days done and days assigned.
pub fn assigned_total(weeks: &[Week]) -> (u32, u32) {
    weeks
        .iter()
        .filter_map(|w| w.assigned.as_ref())
        .fold((0, 0), |(d, a), x| (d + x.days_done, a + x.days))
}

#[cfg(test)]
mod tests;
