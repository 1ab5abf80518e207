//! What `play` and `timer` share: asking the mood, playing, recording the sit in the
//! journal, and saying how it went, with the exit code (0, 3 no audio, 130 interrupted).

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use jiff::ZonedDateTime;

use super::Fail;
use crate::journal;
use crate::player::{self, Ending, PlayError, PlayOptions, Sit};
use crate::session::Session;
use crate::timeline::time::{frames_to_ms, human};

/// How the sit goes to the journal: its id and title, and frames at the start that are
/// preparation rather than practice (the timer's countdown).
pub struct Record<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub prep: u64,
}

pub fn run(
    session: &Session,
    opts: &PlayOptions,
    record: Record<'_>,
    retry: &str,
) -> Result<ExitCode, Fail> {
    let home = super::practice::home()?;
    let ask = std::io::stdin().is_terminal() && journal::ask_mood(&home)?;
    if let Some(note) = &session.script.content_note {
        let wrapped = textwrap::fill(note, 76);
        let _ = writeln!(std::io::stdout(), "{}\n", textwrap::indent(&wrapped, "  "));
    }
    let mood_before = if ask {
        ask_mood("How do you feel right now")?
    } else {
        None
    };
    let started = ZonedDateTime::now();
    let sit = match player::play(session, opts) {
        Ok(sit) => sit,
        Err(PlayError::Session(e)) => return Err(e.into()),
        Err(PlayError::NoDevice { source, said }) => {
            let mut hint =
                format!("play without sound, with the visual pacer: {retry} --output null");
            if let Some(first) = said.lines().find(|l| !l.trim().is_empty()) {
                hint = format!("{hint}\n  the audio system said: {}", first.trim());
            }
            return Err(Fail::new(source, 3).hint(hint));
        }
        Err(PlayError::Cancelled) => return Ok(ExitCode::from(130)),
        Err(e @ PlayError::Terminal(_)) => return Err(Fail::input(e)),
    };
    let mood_after = if ask && sit.ending != Ending::Interrupted {
        ask_mood("And now")?
    } else {
        None
    };
    let line = summary(&sit, record.prep, opts.open_ended);
    let recorded = journal::record_sit(
        &home,
        &to_journal(
            &sit,
            &record,
            started,
            mood_before,
            mood_after,
            opts.open_ended,
        ),
        &ZonedDateTime::now(),
    );
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    match recorded {
        Ok(r) => {
            if let Some(m) = r.line() {
                let _ = writeln!(out, "{m}");
            }
        }
        // The sit happened even if the journal cannot take it: say so, keep the exit code.
        Err(e) => {
            Fail::from(e).report();
        }
    }
    Ok(match sit.ending {
        Ending::Interrupted => ExitCode::from(130),
        Ending::DeviceLost => {
            Fail::new(DeviceGone, 3)
                .hint("the sit so far is in the journal; check the sound output and start again")
                .report();
            ExitCode::from(3)
        }
        Ending::Finished | Ending::Quit => ExitCode::SUCCESS,
    })
}

#[derive(Debug, thiserror::Error)]
#[error("the audio output stopped during the sit")]
struct DeviceGone;

fn summary(sit: &Sit, prep: u64, open_ended: bool) -> String {
    let practiced = human(sit.practiced.saturating_sub(prep));
    match sit.ending {
        Ending::Finished => format!("{practiced} of stillness. Well done."),
        _ if open_ended && sit.completed => format!("{practiced} of stillness. Well done."),
        _ => format!("{practiced} practised, stopped before the end; it is in your journal."),
    }
}

fn to_journal(
    sit: &Sit,
    r: &Record<'_>,
    started: ZonedDateTime,
    before: Option<u8>,
    after: Option<u8>,
    open_ended: bool,
) -> journal::Sit {
    let practiced_ms = frames_to_ms(sit.practiced.saturating_sub(r.prep));
    journal::Sit {
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
fn ask_mood(question: &str) -> Result<Option<u8>, Fail> {
    let stdin = std::io::stdin();
    for _ in 0..3 {
        print!("{question}, from 0 to 10? (Enter skips) ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 {
            return Ok(None);
        }
        match journal::parse_mood(&line) {
            Ok(m) => return Ok(m),
            Err(msg) => println!("{msg}"),
        }
    }
    Ok(None)
}

/// `--start-at HH:MM`: that minute today, in local time.
pub fn start_at(text: &str) -> Result<std::time::SystemTime, Fail> {
    let bad = || {
        Fail::input(format!("--start-at '{text}' is not a time"))
            .hint("write it as HH:MM in 24-hour time, e.g. --start-at 18:30")
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (i8, i8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    let time = jiff::civil::Time::new(h, m, 0, 0).map_err(|_| bad())?;
    let now = ZonedDateTime::now();
    let target = now
        .date()
        .to_datetime(time)
        .to_zoned_datetime(now.time_zone().clone())
        .map_err(|_| bad())?;
    if target.timestamp() < now.timestamp() {
        return Err(Fail::input(format!(
            "--start-at {text} has already passed today (it is {})",
            now.strftime("%H:%M:%S")
        ))
        .hint("give a time later today"));
    }
    std::time::SystemTime::try_from(target.timestamp()).map_err(|_| bad())
}
