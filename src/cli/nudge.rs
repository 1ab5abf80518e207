//! `still nudge`: one calm line for a shell prompt or a login, or nothing.

use std::path::Path;

use jiff::civil::Date;

use super::Exit;
use super::{Fail, out, practice};
use crate::home::Home;
use crate::home::config::Config;
use crate::i18n::{Messages, id, num, text};
use crate::journal;
use crate::journal::stats::Stats;

/// One gentle line that invites a sit, for a shell prompt or a login; or nothing
///
/// Put `still nudge` in ~/.bashrc (or in a prompt function). It says nothing once today
/// counts (your sits add up to min_minutes in config.toml), when config.toml says
/// `nudge = false`, or when it has already spoken today: one invitation a day at most. It
/// reads the journal and never writes it; it notes only the day it last spoke (the file
/// `nudged` beside the journal).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Speak even if it already spoke today, and note nothing (to try it out)
    #[arg(long)]
    again: bool,
}

/// What it suggests when the last sit gives nothing to suggest: the practice most people
/// start with.
const DEFAULT_SESSION: &str = "box-breathing";
/// Ids the journal records for sits that were not a session `still play` takes: a timer,
/// and practice added with `still log add`.
const NOT_SESSIONS: [&str; 2] = ["timer", "self-guided"];

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = practice::home()?;
    let config = practice::config(&home)?;
    if !config.nudge {
        return Ok(Exit::Ok);
    }
    let today = journal::day::today(&practice::now(), &config);
    let marker = home.data.join("nudged");
    if !args.again && spoke_on(&marker) == Some(today) {
        return Ok(Exit::Ok);
    }
    let (stats, last) = match figures(&home, &config, today) {
        Ok(figures) => figures,
        // A journal it cannot read is said once a day too: a prompt must not repeat it.
        Err(e) => {
            if !args.again {
                note_day(&home, &marker, today);
            }
            return Err(e);
        }
    };
    let words = practice::words(&config);
    let Some(line) = line(&stats, &config, last.as_deref(), &words) else {
        return Ok(Exit::Ok);
    };
    out::print(&format!("{line}\n"))?;
    if !args.again {
        note_day(&home, &marker, today);
    }
    Ok(Exit::Ok)
}

/// Notes that it spoke today. Not being able to only means it may speak once more today.
fn note_day(home: &Home, marker: &Path, today: Date) {
    let _ = std::fs::create_dir_all(&home.data)
        .and_then(|()| std::fs::write(marker, format!("{today}\n")));
}

/// Today's figures and the session sat last, from one reading of the journal: what an
/// invitation (this line, `still remind --fire`) is made from.
pub(super) fn figures(
    home: &Home,
    config: &Config,
    today: Date,
) -> Result<(Stats, Option<String>), Fail> {
    let (tallies, last) = practice::tallies_and_last(home, config)?;
    Ok((Stats::from_tallies(tallies, config, today), last))
}

/// The day the marker says it last spoke.
fn spoke_on(marker: &Path) -> Option<Date> {
    let text = std::fs::read_to_string(marker).ok()?;
    journal::day::parse_date(text.trim())
}

/// The line for these figures, or `None` once today counts. An invitation, never a
/// reproach: no "you missed", no count of days lost, streaks only when they are shown.
fn line(stats: &Stats, config: &Config, last: Option<&str>, words: &Messages) -> Option<String> {
    if stats.practiced_today {
        return None;
    }
    let session = suggested(last);
    let play = ("play", text(format!("still play {session}")));
    Some(if stats.total_sessions == 0 {
        words.get(id::NUDGE_FIRST, &[play])
    } else if config.streaks && stats.current_streak >= 2 {
        words.get(id::NUDGE_STREAK, &[("n", num(stats.current_streak)), play])
    } else {
        words.get(id::NUDGE_AGAIN, &[play])
    })
}

/// The session to suggest: the one sat last when `still play` takes it by id, else the
/// practice most people start with (`still remind` names the same one).
pub(super) fn suggested(last: Option<&str>) -> &str {
    last.filter(|id| is_plain_id(id) && !NOT_SESSIONS.contains(id))
        .unwrap_or(DEFAULT_SESSION)
}

/// Whether `id` is a library id that `still play` takes as it is (not a script's path).
pub(super) fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::stats::Tally;

    fn en() -> Messages {
        Messages::english()
    }

    fn stats(days_back: &[i64], today: Date, config: &Config) -> Stats {
        let tallies: Vec<Tally> = days_back
            .iter()
            .map(|&d| Tally {
                date: today.checked_sub(jiff::Span::new().days(d)).unwrap(),
                practiced_ms: 10 * 60_000,
                completed: true,
                mood_before: None,
                mood_after: None,
            })
            .collect();
        Stats::from_tallies(tallies, config, today)
    }

    #[test]
    fn it_invites_and_never_reproaches_issue_18() {
        let today = Date::constant(2026, 12, 2);
        let config = Config::default();
        let new = line(&stats(&[], today, &config), &config, None, &en()).unwrap();
        assert!(new.ends_with("still play box-breathing"), "{new}");
        let run = line(
            &stats(&[1, 2, 3], today, &config),
            &config,
            Some("body-scan"),
            &en(),
        )
        .unwrap();
        assert!(run.starts_with("3 days in a row."), "{run}");
        assert!(run.ends_with("still play body-scan"), "{run}");
        let lapsed = line(&stats(&[9], today, &config), &config, Some("timer"), &en()).unwrap();
        assert!(lapsed.ends_with("still play box-breathing"), "{lapsed}");
        for l in [&new, &run, &lapsed] {
            for word in ["miss", "lost", "broke", "should", "don't", "only"] {
                assert!(!l.to_lowercase().contains(word), "{l}");
            }
        }
        assert_eq!(
            line(&stats(&[0], today, &config), &config, None, &en()),
            None
        );
    }

    #[test]
    fn hidden_streaks_are_not_mentioned_issue_18() {
        let today = Date::constant(2026, 12, 2);
        let config = Config {
            streaks: false,
            ..Config::default()
        };
        let l = line(&stats(&[1, 2, 3], today, &config), &config, None, &en()).unwrap();
        assert!(!l.contains("in a row"), "{l}");
        // A script's path is not something `still play` takes back from a prompt line.
        let l = line(
            &stats(&[1], today, &config),
            &config,
            Some("./my.yaml"),
            &en(),
        )
        .unwrap();
        assert!(l.ends_with("still play box-breathing"), "{l}");
    }

    #[test]
    fn the_invitation_speaks_the_sitters_language_issue_20() {
        let today = Date::constant(2026, 12, 2);
        let config = Config::default();
        let es = Messages::for_language("es");
        let fr = Messages::for_language("fr");
        let run = stats(&[1, 2, 3], today, &config);
        let l = line(&run, &config, Some("body-scan"), &es).unwrap();
        assert_eq!(
            l,
            "3 días seguidos. Unos minutos de calma hoy, si te apetece: still play body-scan"
        );
        let l = line(&stats(&[], today, &config), &config, None, &fr).unwrap();
        assert!(l.starts_with("Quelques minutes de calme"), "{l}");
        assert!(l.ends_with("\u{a0}: still play box-breathing"), "{l}");
    }
}
