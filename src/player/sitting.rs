//! A sit from its start to the journal: the content note, the mood before and after (when
//! `ask_mood` is set), the sit played, recorded in the journal, and a line on how it went.
//! `play` and `timer` both sit this way.

use std::io::{BufRead, IsTerminal, Write};

use jiff::{Timestamp, tz::TimeZone};

use super::{Ending, PlayError, PlayOptions, Played, play};
use crate::home::Home;
use crate::journal::{self, JournalError};
use crate::session::Session;
use crate::timeline::time::{frames_to_ms, human};

/// How the sit goes to the journal: its id and title, and frames at the start that are
/// preparation rather than practice (the timer's countdown).
pub struct Record<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub prep: u64,
}

/// How a sit went: how it ended, and why the journal could not take it, if it could not
/// (the sit happened all the same, and the line saying so has been printed).
pub struct Sat {
    pub ending: Ending,
    pub unrecorded: Option<JournalError>,
}

/// Sits `session` and records it in `home`'s journal.
pub fn sit(
    session: &Session,
    opts: &PlayOptions,
    record: Record<'_>,
    home: &Home,
) -> Result<Sat, PlayError> {
    let ask = std::io::stdin().is_terminal()
        && journal::ask_mood(home).map_err(|e| PlayError::Journal(e.into()))?;
    if let Some(note) = &session.script.content_note {
        let wrapped = textwrap::fill(&crate::util::text::inert(note), 76);
        let _ = writeln!(std::io::stdout(), "{}\n", textwrap::indent(&wrapped, "  "));
    }
    let mood_before = if ask {
        ask_mood("How do you feel right now")?
    } else {
        None
    };
    let sit = play(session, opts, record.prep)?;
    let mood_after = if ask && sit.ending != Ending::Interrupted {
        ask_mood("And now")?
    } else {
        None
    };
    let line = summary(&sit, record.prep, opts.open_ended);
    let recorded = journal::record_sit(
        home,
        &to_journal(&sit, &record, mood_before, mood_after, opts.open_ended),
        &jiff::ZonedDateTime::now(),
    );
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let unrecorded = match recorded {
        Ok(r) => {
            if let Some(m) = r.line() {
                let _ = writeln!(out, "{m}");
            }
            None
        }
        Err(e) => Some(e),
    };
    Ok(Sat {
        ending: sit.ending,
        unrecorded,
    })
}

fn summary(sit: &Played, prep: u64, open_ended: bool) -> String {
    let practiced = human(sit.practiced.saturating_sub(prep));
    match sit.ending {
        Ending::Finished => format!("{practiced} of stillness. Well done."),
        _ if open_ended && sit.completed => format!("{practiced} of stillness. Well done."),
        _ => format!("{practiced} practised, stopped before the end; it is in your journal."),
    }
}

fn to_journal(
    sit: &Played,
    r: &Record<'_>,
    before: Option<u8>,
    after: Option<u8>,
    open_ended: bool,
) -> journal::Practice {
    let practiced_ms = frames_to_ms(sit.practiced.saturating_sub(r.prep));
    // The journal keeps the start in the zone it happened in.
    let started = Timestamp::try_from(sit.started_at)
        .unwrap_or_else(|_| Timestamp::now())
        .to_zoned_datetime(TimeZone::system());
    journal::Practice {
        session_id: r.id.to_string(),
        session_title: r.title.to_string(),
        started,
        // An open sit has no plan: it lasts as long as it lasts.
        planned_ms: if open_ended {
            practiced_ms
        } else {
            frames_to_ms(sit.planned.saturating_sub(r.prep))
        },
        practiced_ms,
        completed: sit.completed,
        mood_before: before,
        mood_after: after,
        note: None,
    }
}

/// Asks for a 0–10 rating on the terminal; Enter skips.
fn ask_mood(question: &str) -> Result<Option<u8>, PlayError> {
    let stdin = std::io::stdin();
    for _ in 0..3 {
        print!("{question}, from 0 to 10? (Enter skips) ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        if stdin
            .lock()
            .read_line(&mut line)
            .map_err(PlayError::Terminal)?
            == 0
        {
            return Ok(None);
        }
        match journal::parse_mood(&line) {
            Ok(m) => return Ok(m),
            Err(msg) => println!("{msg}"),
        }
    }
    Ok(None)
}
