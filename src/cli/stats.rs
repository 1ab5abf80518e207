//! `still stats [--json] [--as-of YYYY-MM-DD]`

use std::fmt::Write as _;

use anstyle::Style;
use serde_json::json;

use super::Exit;
use super::{Fail, out, practice};
use crate::home::config::Config;
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
        out::print(&text(&stats, &config, first))?;
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

fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The figures as a few calm lines; streak lines only when streaks are shown.
/// The figures as text; `first` is the journal's first day, for an `--as-of` before it.
pub fn text(s: &Stats, config: &Config, first: Option<jiff::civil::Date>) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{bold}Your practice, as of {}{bold:#}\n",
        s.today.strftime("%A %-d %B %Y")
    );
    if s.total_sessions == 0 {
        match first {
            // `--as-of` before the first sit: the journal is not empty, only that far back.
            Some(first) => {
                let _ = writeln!(
                    o,
                    "Nothing in your journal up to then: your first sit is on {}.",
                    first.strftime("%A %-d %B %Y")
                );
            }
            None => o.push_str(
                "Nothing in your journal yet. `still play SESSION` records a sit; \
                 `still log add` adds practice done elsewhere.\n",
            ),
        }
        return o;
    }
    let mut row = |label: &str, value: String| {
        let _ = writeln!(o, "  {label:<16}{value}");
    };
    if config.streaks {
        let today = if s.practiced_today {
            format!(" {dim}(today included){dim:#}")
        } else {
            String::new()
        };
        row(
            "current streak",
            format!("{}{today}", plural(s.current_streak, "day", "days")),
        );
        row("longest streak", plural(s.longest_streak, "day", "days"));
    }
    let partial = s.total_sessions - s.completed_sessions;
    row(
        "sits",
        if partial == 0 {
            s.total_sessions.to_string()
        } else {
            format!("{} {dim}({partial} stopped early){dim:#}", s.total_sessions)
        },
    );
    row("minutes", hours(s.total_minutes()));
    let since = s
        .first_date
        .map(|d| format!(" {dim}since {}{dim:#}", d.strftime("%-d %B %Y")))
        .unwrap_or_default();
    row("days practised", format!("{}{since}", s.days_practiced));
    let week_days = match s.week.goal {
        Some(goal) => format!("{} of {goal} days", s.week.days_practiced),
        None => plural(s.week.days_practiced, "day", "days"),
    };
    row(
        "this week",
        format!(
            "{week_days} · {} · {}",
            plural(s.week.sessions, "sit", "sits"),
            hours(minutes(s.week.ms))
        ),
    );
    if let Some(m) = &s.mood {
        row(
            "mood",
            format!(
                "{:+.1} on average after a sit {dim}({:.1} → {:.1}, {} rated){dim:#}",
                round1(m.average_change()),
                round1(m.average_before()),
                round1(m.average_after()),
                plural(m.rated_sessions, "sit", "sits"),
            ),
        );
    }
    let milestones: Vec<String> = s.milestones(config).iter().map(|m| m.label()).collect();
    if !milestones.is_empty() {
        row("milestones", milestones.join(" · "));
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
