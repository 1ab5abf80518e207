//! The practice journal: every sit, kept locally in one SQLite file, and the streaks and
//! totals worked out from it.
//!
//! - [`store`]: the file (WAL, versioned layout, one transaction per write, refuses damaged
//!   or newer journals without touching them).
//! - [`entry`]: one sit, and its flat form for JSON and CSV.
//! - [`day`]: which practice date a sit belongs to (`day_starts_at`), fixed when written.
//! - [`stats`]: pure functions of the entries, the config and "today".
//! - [`calendar`], [`export`]: the heat map, and moving a journal between machines.
//! - [`report`]: the sitter's record of practice, week by week, for a therapist.
//!
//! # For the player
//!
//! Before a sit, ask [`ask_mood`] whether to ask for a mood rating; it also reads
//! `config.toml`, so a broken config is reported before the sit rather than after it.
//! [`parse_mood`] reads what the user typed (Enter skips).
//!
//! At the end of a sit, finished or stopped early, call [`record_sit`] once:
//!
//! ```no_run
//! # use still::{home::Home, journal::{self, Practice}};
//! # let home = Home::from_env().unwrap();
//! let started = jiff::ZonedDateTime::now(); // when its first sound played
//! // … the sit …
//! let sit = Practice {
//!     session_id: "box-breathing".into(),
//!     session_title: "Box breathing".into(),
//!     started,
//!     planned_ms: 300_000,
//!     practiced_ms: 300_000,
//!     completed: true,
//!     mood_before: None,
//!     mood_after: None,
//!     note: None,
//!     stopped_ms: None,
//!     language: Some("en".into()),
//! };
//! let recorded = journal::record_sit(&home, &sit, &jiff::ZonedDateTime::now())?;
//! if let Some(line) = recorded.line() {
//!     println!("{line}"); // e.g. "7 days in a row. Nicely done."
//! }
//! # Ok::<(), journal::JournalError>(())
//! ```
//!
//! `record_sit` writes one entry in one transaction (waiting for another `still` that is
//! writing at the same moment) and returns the entry, the figures after it, and at most one
//! milestone crossed by this sit. It fails without writing when the journal is damaged, is
//! another program's file, or comes from a newer `still`; show the error and its
//! [`JournalError::hint`].

pub mod amend;
pub mod calendar;
pub mod day;
pub mod entry;
mod error;
pub mod export;
pub mod report;
pub mod stats;
pub mod store;
pub mod sync;

use std::path::Path;

use jiff::ZonedDateTime;
use jiff::civil::Date;

pub use entry::{Entry, Source};
pub use error::JournalError;
pub use stats::{Milestone, Stats, Tally};
use store::Store;

use crate::home::Home;
use crate::home::config::Config;

/// A sit to write in the journal: one the player has just played, or one added by hand
/// (`still log add`). [`Entry::new`] makes the entry of either.
#[derive(Debug, Clone)]
pub struct Practice {
    pub session_id: String,
    pub session_title: String,
    /// When the sit began (its first sound), in the zone it began in.
    pub started: ZonedDateTime,
    /// How long the session was meant to last.
    pub planned_ms: u64,
    /// How long it played, pauses left out.
    pub practiced_ms: u64,
    /// Played to the end, rather than stopped early.
    pub completed: bool,
    /// 0–10, when asked and answered.
    pub mood_before: Option<u8>,
    pub mood_after: Option<u8>,
    pub note: Option<String>,
    /// Where in the session a sit that stopped early stopped, in ms from its start.
    pub stopped_ms: Option<u64>,
    /// The language the session was played in (`es`); `None` for a timer or an added sit.
    pub language: Option<String>,
}

/// What [`record_sit`] wrote, and what it is worth saying about it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub entry: Entry,
    /// The figures with this sit included, as of the day it is now.
    pub stats: Stats,
    pub milestone: Option<Milestone>,
}

impl Recorded {
    /// The one quiet line to print at the end of a sit, if this sit crossed a milestone.
    pub fn line(&self) -> Option<String> {
        self.milestone.map(Milestone::line)
    }

    /// The same line in the sitter's words.
    pub fn line_in(&self, words: &crate::i18n::Messages) -> Option<String> {
        self.milestone.map(|m| m.line_in(words))
    }
}

/// Records a finished (or stopped) sit; the player calls this once, at the end.
/// `now` is the moment it ended: it decides which day "today" is for the milestone.
pub fn record_sit(
    home: &Home,
    sit: &Practice,
    now: &ZonedDateTime,
) -> Result<Recorded, JournalError> {
    let config = Config::load(home)?;
    let entry = Entry::new(sit, Source::Played, config.day_starts_at);
    let recorded = add(&store::path(home), entry, &config, day::today(now, &config))?;
    // The sit is in the local journal whatever the sync folder does; a failure there is
    // for the next change to mend.
    let _ = sync::mirror(home, &config);
    Ok(recorded)
}

/// Opens the journal for writing and checks it (creating it if there is none), without
/// writing an entry: the player calls this before the first sound, so that a journal that
/// cannot take the sit is said before the sit, not after it.
pub fn check_writable(home: &Home) -> Result<(), JournalError> {
    Config::load(home)?;
    Store::open_write(&store::path(home)).map(drop)
}

/// Where the last sit of `session_id` stopped, in ms from the session's start, when it
/// stopped early; `None` when it was played to the end, or there is none.
pub fn last_stop(home: &Home, session_id: &str) -> Result<Option<u64>, JournalError> {
    let entries = read(&store::path(home))?;
    Ok(entries
        .iter()
        .rev()
        .find(|e| e.session_id == session_id && e.source == Source::Played)
        .and_then(|e| e.stopped_ms.filter(|_| !e.completed)))
}

/// Reads a mood rating as typed: `None` for an empty answer (Enter skips), else 0–10.
pub fn parse_mood(input: &str) -> Result<Option<u8>, String> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    match input.parse::<u8>() {
        Ok(n) if n <= 10 => Ok(Some(n)),
        _ => Err(format!(
            "'{input}' is not a rating: type a number from 0 to 10, or press Enter to skip"
        )),
    }
}

/// Writes `entry` to the journal at `path` in one transaction; the figures before and after
/// (as of `today`) tell which milestone it crossed.
pub fn add(
    path: &Path,
    entry: Entry,
    config: &Config,
    today: Date,
) -> Result<Recorded, JournalError> {
    entry.check().map_err(JournalError::Invalid)?;
    let mut store = Store::open_write(path)?;
    store.write(|w| {
        let mut tallies = w.tallies()?;
        let before = Stats::from_tallies(tallies.iter().copied(), config, today);
        w.insert(&entry)?;
        tallies.push(Tally::from(&entry));
        let after = Stats::from_tallies(tallies, config, today);
        let milestone = stats::crossed(&before, &after, config);
        Ok(Recorded {
            entry,
            stats: after,
            milestone,
        })
    })
}

/// What [`import`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    /// Entries whose id the journal already had.
    pub already_there: usize,
    /// Entries whose id came earlier in the same file.
    pub repeated: usize,
}

/// Adds `entries` in one transaction, skipping those whose id the journal already holds
/// and those listed again in `entries`.
pub fn import(path: &Path, entries: &[Entry]) -> Result<Imported, JournalError> {
    let mut store = Store::open_write(path)?;
    store.write(|w| {
        let (mut added, mut repeated) = (0, 0);
        let mut seen = std::collections::HashSet::new();
        for e in entries {
            if !seen.insert(e.id.as_str()) {
                repeated += 1;
                continue;
            }
            added += usize::from(w.insert(e)?);
        }
        Ok(Imported {
            added,
            already_there: entries.len() - added - repeated,
            repeated,
        })
    })
}

/// What the figures need of every entry at `path`; empty when there is no journal.
pub fn tallies(path: &Path) -> Result<Vec<Tally>, JournalError> {
    Ok(Store::read(path, Store::tallies)?.unwrap_or_default())
}

/// Every entry in the journal at `path`, oldest first; empty when there is no journal.
pub fn read(path: &Path) -> Result<Vec<Entry>, JournalError> {
    let mut entries = Store::read(path, Store::entries)?.unwrap_or_default();
    entries.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> (tempfile::TempDir, Home) {
        let dir = tempfile::tempdir().unwrap();
        let home = Home {
            data: dir.path().join("data"),
            config: dir.path().join("config"),
        };
        (dir, home)
    }

    fn sit(at: &str) -> Practice {
        Practice {
            session_id: "box-breathing".into(),
            session_title: "Box breathing".into(),
            started: at.parse().unwrap(),
            planned_ms: 300_000,
            practiced_ms: 300_000,
            completed: true,
            mood_before: None,
            mood_after: None,
            note: None,
            stopped_ms: None,
            language: None,
        }
    }

    #[test]
    fn record_sit_writes_one_entry_and_says_one_quiet_line() {
        let (_dir, home) = home();
        let now: ZonedDateTime = "2024-03-05T07:30:00+01:00[Europe/Berlin]".parse().unwrap();
        let r = record_sit(
            &home,
            &sit("2024-03-05T07:20:00+01:00[Europe/Berlin]"),
            &now,
        )
        .unwrap();
        assert_eq!(
            r.line().as_deref(),
            Some("Your first sit is in the journal. Welcome.")
        );
        assert_eq!(r.entry.zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(r.entry.date, jiff::civil::date(2024, 3, 5));
        assert_eq!(r.stats.current_streak, 1);
        let r = record_sit(
            &home,
            &sit("2024-03-05T18:00:00+01:00[Europe/Berlin]"),
            &now,
        )
        .unwrap();
        assert_eq!(r.line(), None);
        assert_eq!(read(&store::path(&home)).unwrap().len(), 2);
    }

    /// Issue #21: a title with an escape sequence, or longer than the journal keeps, used
    /// to make the journal refuse a sit that had already been played.
    #[test]
    fn a_played_sit_is_kept_whatever_its_title_holds_issue_21() {
        let (_dir, home) = home();
        let now: ZonedDateTime = "2024-03-05T07:30:00+01:00[Europe/Berlin]".parse().unwrap();
        let titles = [
            "\u{1b}]0;pwned\u{7} Calm".to_string(),
            format!("Long {}", "a".repeat(400)),
            "\u{1b}\u{7}".to_string(),
        ];
        for title in &titles {
            let mut s = sit("2024-03-05T07:20:00+01:00[Europe/Berlin]");
            s.session_title = title.clone();
            record_sit(&home, &s, &now).unwrap();
        }
        let kept: Vec<String> = read(&store::path(&home))
            .unwrap()
            .into_iter()
            .map(|e| e.session_title)
            .collect();
        assert_eq!(kept.len(), 3);
        assert!(kept.contains(&"]0;pwned Calm".to_string()), "{kept:?}");
        assert!(
            kept.iter()
                .any(|t| t.starts_with("Long a") && t.ends_with('…'))
        );
        assert!(kept.contains(&"box-breathing".to_string()), "{kept:?}");
    }

    #[test]
    fn a_week_in_a_row_is_noticed_once() {
        let (_dir, home) = home();
        let mut lines = vec![];
        for day in 1..=8 {
            let at = format!("2024-03-{day:02}T07:00:00+01:00[Europe/Berlin]");
            let r = record_sit(&home, &sit(&at), &at.parse().unwrap()).unwrap();
            lines.push(r.line());
        }
        assert_eq!(lines[6].as_deref(), Some("7 days in a row. Nicely done."));
        assert_eq!(lines.iter().flatten().count(), 2, "{lines:?}");
    }

    #[test]
    fn with_streaks_hidden_milestones_count_days_not_runs() {
        let (_dir, home) = home();
        std::fs::create_dir_all(&home.config).unwrap();
        std::fs::write(home.config_file(), "streaks = false\n").unwrap();
        let mut lines = vec![];
        for day in [1, 3, 5, 7, 9, 11, 13, 15, 17, 19] {
            let at = format!("2024-03-{day:02}T07:00:00+01:00[Europe/Berlin]");
            let r = record_sit(&home, &sit(&at), &at.parse().unwrap()).unwrap();
            lines.extend(r.line());
        }
        assert_eq!(
            lines,
            [
                "Your first sit is in the journal. Welcome.",
                "7 days of practice in your journal. Nicely done.",
                "10 sits in your journal. Nicely done."
            ]
        );
    }

    #[test]
    fn moods_are_read_or_skipped() {
        assert_eq!(parse_mood(""), Ok(None));
        assert_eq!(parse_mood(" 7\n"), Ok(Some(7)));
        assert_eq!(parse_mood("10"), Ok(Some(10)));
        assert!(parse_mood("11").is_err());
        assert!(parse_mood("-1").is_err());
        assert!(parse_mood("good").unwrap_err().contains("0 to 10"));
    }

    #[test]
    fn a_broken_config_is_reported_before_a_sit() {
        let (_dir, home) = home();
        std::fs::create_dir_all(&home.config).unwrap();
        std::fs::write(home.config_file(), "ask_mod = true\n").unwrap();
        let e = Config::load(&home).unwrap_err();
        assert!(e.to_string().contains("unknown key 'ask_mod'"), "{e}");
    }
}
