//! Streaks, totals and milestones: pure functions of the entries, the config and "today".
//! Nothing here reads the clock; the caller says which day it is.
//!
//! - A day counts when its sits add up to `min_minutes`.
//! - The current streak is the run of counting days that ends today, or yesterday while
//!   today is not over: a streak is alive until the day passes without practice.
//! - Entries dated after "today" are left out, so `--as-of` shows the journal as it was.
//! - Every figure is built from integer sums, so the order entries were written in cannot
//!   change any of them.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::day::week_start;
use super::entry::Entry;
use crate::home::config::Config;
use crate::i18n::{Messages, id, num};

/// Days in a row (or, with streaks hidden, days practised) worth a quiet word.
pub const DAY_MILESTONES: &[u32] = &[7, 30, 100, 365];
/// Numbers of sits worth a quiet word.
pub const SESSION_MILESTONES: &[u64] = &[10, 100, 1000];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// The day these figures are as of.
    pub today: Date,
    pub current_streak: u32,
    pub longest_streak: u32,
    /// Whether today already counts.
    pub practiced_today: bool,
    pub total_sessions: u64,
    pub completed_sessions: u64,
    pub total_ms: u64,
    /// Days that count (`min_minutes` reached).
    pub days_practiced: u32,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    pub week: Week,
    /// `None` until some sit has a mood rated both before and after.
    pub mood: Option<Mood>,
}

/// This week so far, Monday to today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    pub start: Date,
    pub days_practiced: u32,
    pub sessions: u64,
    pub ms: u64,
    /// `weekly_goal` from the config: days a week.
    pub goal: Option<u8>,
}

/// How mood changed across the sits rated both before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mood {
    pub rated_sessions: u64,
    pub sum_before: u64,
    pub sum_after: u64,
}

impl Mood {
    pub fn average_before(&self) -> f64 {
        self.sum_before as f64 / self.rated_sessions as f64
    }
    pub fn average_after(&self) -> f64 {
        self.sum_after as f64 / self.rated_sessions as f64
    }
    /// Positive when people feel better after a sit than before.
    pub fn average_change(&self) -> f64 {
        (self.sum_after as f64 - self.sum_before as f64) / self.rated_sessions as f64
    }
}

impl Week {
    pub fn goal_met(&self) -> Option<bool> {
        self.goal.map(|g| self.days_practiced >= u32::from(g))
    }
}

/// Whole minutes, rounded to the nearest.
/// Whether a day with `ms` of practice counts as a day practised (`min_minutes`): the one
/// rule for the figures, the streak and the calendar.
pub fn day_counts(ms: u64, min_minutes: u32) -> bool {
    ms > 0 && ms >= u64::from(min_minutes) * 60_000
}

pub fn minutes(ms: u64) -> u64 {
    (ms + 30_000) / 60_000
}

/// What the figures need of an entry: a few numbers, no text. `still stats` reads only
/// these (from an index that holds them), which keeps it fast on a large journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub date: Date,
    pub practiced_ms: u64,
    pub completed: bool,
    pub mood_before: Option<u8>,
    pub mood_after: Option<u8>,
}

impl From<&Entry> for Tally {
    fn from(e: &Entry) -> Tally {
        Tally {
            date: e.date,
            practiced_ms: e.practiced_ms,
            completed: e.completed,
            mood_before: e.mood_before,
            mood_after: e.mood_after,
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Day {
    ms: u64,
    sessions: u64,
}

impl Stats {
    pub fn total_minutes(&self) -> u64 {
        minutes(self.total_ms)
    }

    /// The figures for `entries` as of the practice day `today`.
    pub fn compute(entries: &[Entry], config: &Config, today: Date) -> Stats {
        Stats::from_tallies(entries.iter().map(Tally::from), config, today)
    }

    /// The same, from what the figures need of each entry.
    pub fn from_tallies(
        tallies: impl IntoIterator<Item = Tally>,
        config: &Config,
        today: Date,
    ) -> Stats {
        let mut days: BTreeMap<Date, Day> = BTreeMap::new();
        let mut total_sessions = 0;
        let mut completed_sessions = 0;
        let mut total_ms = 0u64;
        let mut mood = Mood {
            rated_sessions: 0,
            sum_before: 0,
            sum_after: 0,
        };
        for e in tallies.into_iter().filter(|e| e.date <= today) {
            let day = days.entry(e.date).or_default();
            day.ms += e.practiced_ms;
            day.sessions += 1;
            total_sessions += 1;
            completed_sessions += u64::from(e.completed);
            total_ms += e.practiced_ms;
            if let (Some(b), Some(a)) = (e.mood_before, e.mood_after) {
                mood.rated_sessions += 1;
                mood.sum_before += u64::from(b);
                mood.sum_after += u64::from(a);
            }
        }
        let counts = |d: &Day| day_counts(d.ms, config.min_minutes);

        let mut longest = 0;
        let mut run = 0;
        let mut last_counted: Option<Date> = None;
        for (&date, day) in &days {
            if !counts(day) {
                continue;
            }
            run = match last_counted {
                Some(prev) if prev.tomorrow().ok() == Some(date) => run + 1,
                _ => 1,
            };
            longest = longest.max(run);
            last_counted = Some(date);
        }
        let practiced_today = last_counted == Some(today);
        let alive =
            practiced_today || last_counted.is_some() && last_counted == today.yesterday().ok();
        let current = if alive { run } else { 0 };

        let start = week_start(today);
        let mut week = Week {
            start,
            days_practiced: 0,
            sessions: 0,
            ms: 0,
            goal: config.weekly_goal,
        };
        for day in days.range(start..=today).map(|(_, d)| d) {
            week.days_practiced += u32::from(counts(day));
            week.sessions += day.sessions;
            week.ms += day.ms;
        }

        Stats {
            today,
            current_streak: current,
            longest_streak: longest,
            practiced_today,
            total_sessions,
            completed_sessions,
            total_ms,
            days_practiced: days.values().filter(|d| counts(d)).count() as u32,
            first_date: days.keys().next().copied(),
            last_date: days.keys().next_back().copied(),
            week,
            mood: (mood.rated_sessions > 0).then_some(mood),
        }
    }

    /// The milestones these figures have reached, smallest first in each kind. With
    /// streaks hidden, days practised take the place of days in a row.
    pub fn milestones(&self, config: &Config) -> Vec<Milestone> {
        let mut all = vec![];
        if self.total_sessions > 0 {
            all.push(Milestone::FirstSit);
        }
        for &n in DAY_MILESTONES {
            if config.streaks && self.longest_streak >= n {
                all.push(Milestone::Streak(n));
            } else if !config.streaks && self.days_practiced >= n {
                all.push(Milestone::Days(n));
            }
        }
        all.extend(
            SESSION_MILESTONES
                .iter()
                .filter(|&&n| self.total_sessions >= n)
                .map(|&n| Milestone::Sessions(n)),
        );
        all
    }
}

/// A moment worth one quiet line at the end of a sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    FirstSit,
    /// Days in a row.
    Streak(u32),
    /// Days practised in all (when streaks are hidden).
    Days(u32),
    /// Sits in all.
    Sessions(u64),
}

impl Milestone {
    /// The line the player prints, in English: calm, never a nudge.
    pub fn line(self) -> String {
        self.line_in(&Messages::english())
    }

    /// The line the player prints, in the sitter's words.
    pub fn line_in(self, words: &Messages) -> String {
        self.say(
            words,
            [
                id::MILESTONE_FIRST_SIT,
                id::MILESTONE_STREAK,
                id::MILESTONE_DAYS,
                id::MILESTONE_SITS,
            ],
        )
    }

    /// Short names, in English: the `label` of `still stats --json`, which stays the same
    /// in every language.
    pub fn label(self) -> String {
        self.label_in(&Messages::english())
    }

    /// Short names for `still stats`, in the sitter's words.
    pub fn label_in(self, words: &Messages) -> String {
        self.say(
            words,
            [
                id::LABEL_FIRST_SIT,
                id::LABEL_STREAK,
                id::LABEL_DAYS,
                id::LABEL_SITS,
            ],
        )
    }

    /// One of four messages, by kind, with the number.
    fn say(self, words: &Messages, ids: [&str; 4]) -> String {
        let (i, n) = match self {
            Milestone::FirstSit => (0, 1),
            Milestone::Streak(n) => (1, u64::from(n)),
            Milestone::Days(n) => (2, u64::from(n)),
            Milestone::Sessions(n) => (3, n),
        };
        words.get(ids[i], &[("n", num(n))])
    }

    /// `first_sit`, `streak`, `days` or `sessions`, and the number, for JSON.
    pub fn kind(self) -> (&'static str, u64) {
        match self {
            Milestone::FirstSit => ("first_sit", 1),
            Milestone::Streak(n) => ("streak", u64::from(n)),
            Milestone::Days(n) => ("days", u64::from(n)),
            Milestone::Sessions(n) => ("sessions", n),
        }
    }
}

/// The milestone a new sit crossed, going from `before` to `after`: at most one, the
/// rarest, so the player says one line and no more.
pub fn crossed(before: &Stats, after: &Stats, config: &Config) -> Option<Milestone> {
    if before.total_sessions == 0 && after.total_sessions > 0 {
        return Some(Milestone::FirstSit);
    }
    let day_milestone = DAY_MILESTONES.iter().rev().find_map(|&n| {
        if config.streaks {
            (before.current_streak < n && after.current_streak >= n).then_some(Milestone::Streak(n))
        } else {
            (before.days_practiced < n && after.days_practiced >= n).then_some(Milestone::Days(n))
        }
    });
    day_milestone.or_else(|| {
        SESSION_MILESTONES
            .iter()
            .rev()
            .find(|&&n| before.total_sessions < n && after.total_sessions >= n)
            .map(|&n| Milestone::Sessions(n))
    })
}

#[cfg(test)]
mod tests;
