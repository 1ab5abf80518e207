//! `still stats [--json] [--as-of YYYY-MM-DD]`

use std::fmt::Write as _;

use anstyle::Style;
use serde_json::json;

use super::Exit;
use super::{Fail, out, practice};
use crate::home::config::Config;
use crate::i18n::{Messages, date, id, num, text as arg};
use crate::journal::stats::{Stats, minutes};

/// Your practice in figures: streaks, sits, minutes, days, this week
///
/// A day counts once its sits add up to min_minutes (config.toml). The current streak
/// stays alive until a day passes without practice. With `streaks = false` in config.toml
/// no streak is shown (in JSON they are null).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print JSON: current_streak, longest_streak, total_sessions, total_minutes,
    /// days_practiced, this_week, mood, milestones and more
    #[arg(long)]
    json: bool,

    /// Figures as they were at the end of this day: YYYY-MM-DD, yesterday or a weekday
    /// (default: today)
    #[arg(long, value_name = "DAY")]
    as_of: Option<String>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = practice::home()?;
    let config = practice::config(&home)?;
    let today = practice::as_of(args.as_of.as_deref(), &practice::now(), &config)?;
    let tallies = practice::tallies(&home, &config)?;
    let first = tallies.iter().map(|t| t.date).min();
    let stats = Stats::from_tallies(tallies, &config, today);
    if args.json {
        out::print_json(&to_json(&stats, &config))?;
    } else {
        out::print(&text(&stats, &config, first, &practice::words(&config)))?;
    }
    Ok(Exit::Ok)
}

pub fn to_json(s: &Stats, config: &Config) -> serde_json::Value {
    let streak = |n: u32| config.streaks.then_some(n);
    let milestones: Vec<serde_json::Value> = s
        .milestones(config)
        .into_iter()
        .map(|m| {
            let (kind, count) = m.kind();
            json!({ "kind": kind, "count": count, "label": m.label() })
        })
        .collect();
    json!({
        "as_of": s.today.to_string(),
        "current_streak": streak(s.current_streak),
        "longest_streak": streak(s.longest_streak),
        "practiced_today": s.practiced_today,
        "total_sessions": s.total_sessions,
        "completed_sessions": s.completed_sessions,
        "total_minutes": s.total_minutes(),
        "total_ms": s.total_ms,
        "days_practiced": s.days_practiced,
        "first_date": s.first_date.map(|d| d.to_string()),
        "last_date": s.last_date.map(|d| d.to_string()),
        "this_week": {
            "start": s.week.start.to_string(),
            "days_practiced": s.week.days_practiced,
            "sessions": s.week.sessions,
            "minutes": minutes(s.week.ms),
            "goal_days": s.week.goal,
            "goal_met": s.week.goal_met(),
        },
        "mood": s.mood.as_ref().map(|m| json!({
            "rated_sessions": m.rated_sessions,
            "average_before": round1(m.average_before()),
            "average_after": round1(m.average_after()),
            "average_change": round1(m.average_change()),
        })),
        "milestones": milestones,
        "min_minutes": config.min_minutes,
        "streaks_shown": config.streaks,
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The figures as a few calm lines in the sitter's words; streak lines only when streaks
/// are shown. `first` is the journal's first day, for an `--as-of` before it.
pub fn text(
    s: &Stats,
    config: &Config,
    first: Option<jiff::civil::Date>,
    words: &Messages,
) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let w = words;
    let mut o = String::new();
    let heading = w.get(id::STATS_HEADING, &[("date", arg(date::long(w, s.today)))]);
    let _ = writeln!(o, "{bold}{heading}{bold:#}\n");
    if s.total_sessions == 0 {
        match first {
            // `--as-of` before the first sit: the journal is not empty, only that far back.
            Some(first) => {
                let line = w.get(
                    id::STATS_NOTHING_UNTIL,
                    &[("date", arg(date::long(w, first)))],
                );
                let _ = writeln!(o, "{line}");
            }
            None => {
                let _ = writeln!(o, "{}", w.text(id::STATS_NOTHING));
            }
        }
        return o;
    }
    let count = |id: &str, n: u64| w.get(id, &[("n", num(n))]);
    let mut rows: Vec<(String, String)> = vec![];
    if config.streaks {
        let today = if s.practiced_today {
            format!(" {dim}{}{dim:#}", w.text(id::STATS_TODAY_INCLUDED))
        } else {
            String::new()
        };
        rows.push((
            w.text(id::STATS_CURRENT_STREAK),
            format!("{}{today}", count(id::STATS_DAYS, s.current_streak.into())),
        ));
        rows.push((
            w.text(id::STATS_LONGEST_STREAK),
            count(id::STATS_DAYS, s.longest_streak.into()),
        ));
    }
    let partial = s.total_sessions - s.completed_sessions;
    rows.push((
        w.text(id::STATS_SITS),
        if partial == 0 {
            s.total_sessions.to_string()
        } else {
            format!(
                "{} {dim}{}{dim:#}",
                s.total_sessions,
                count(id::STATS_STOPPED_EARLY, partial)
            )
        },
    ));
    rows.push((w.text(id::STATS_MINUTES), hours(s.total_minutes())));
    let since = s
        .first_date
        .map(|d| {
            let since = w.get(id::STATS_SINCE, &[("date", arg(date::day(w, d)))]);
            format!(" {dim}{since}{dim:#}")
        })
        .unwrap_or_default();
    rows.push((
        w.text(id::STATS_DAYS_PRACTISED),
        format!("{}{since}", s.days_practiced),
    ));
    let week_days = match s.week.goal {
        Some(goal) => w.get(
            id::STATS_DAYS_OF_GOAL,
            &[("n", num(s.week.days_practiced)), ("goal", num(goal))],
        ),
        None => count(id::STATS_DAYS, s.week.days_practiced.into()),
    };
    rows.push((
        w.text(id::STATS_THIS_WEEK),
        format!(
            "{week_days} · {} · {}",
            count(id::STATS_SITS_COUNT, s.week.sessions),
            hours(minutes(s.week.ms))
        ),
    ));
    if let Some(m) = &s.mood {
        let decimal = |x: f64, sign: bool| {
            let t = if sign {
                format!("{:+.1}", round1(x))
            } else {
                format!("{:.1}", round1(x))
            };
            // Spanish and French write a decimal comma.
            if w.tag() == "en" {
                t
            } else {
                t.replace('.', ",")
            }
        };
        let line = w.get(
            id::STATS_MOOD_LINE,
            &[("change", arg(decimal(m.average_change(), true)))],
        );
        let rated = w.get(
            id::STATS_RATED,
            &[
                ("before", arg(decimal(m.average_before(), false))),
                ("after", arg(decimal(m.average_after(), false))),
                ("n", num(m.rated_sessions)),
            ],
        );
        rows.push((
            w.text(id::STATS_MOOD),
            format!("{line} {dim}{rated}{dim:#}"),
        ));
    }
    let milestones: Vec<String> = s.milestones(config).iter().map(|m| m.label_in(w)).collect();
    if !milestones.is_empty() {
        rows.push((w.text(id::STATS_MILESTONES), milestones.join(" · ")));
    }
    // The labels in one column, as wide as the longest needs (16 in English).
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count() + 2)
        .max()
        .unwrap_or(0)
        .max(16);
    for (label, value) in rows {
        let _ = writeln!(o, "  {label:<width$}{value}");
    }
    o
}

/// `45 min`, `2 h 5 min`.
fn hours(minutes: u64) -> String {
    if minutes < 60 {
        format!("{minutes} min")
    } else {
        format!("{minutes} min {}", {
            let (h, m) = (minutes / 60, minutes % 60);
            let dim = Style::new().dimmed();
            if m == 0 {
                format!("{dim}({h} h){dim:#}")
            } else {
                format!("{dim}({h} h {m} min){dim:#}")
            }
        })
    }
}
