//! A sit from its start to the journal: the sound card and the journal looked at first,
//! the content note, the mood before and after (when `ask_mood` is set), the sit played,
//! recorded in the journal, and a line on how it went. `play` and `timer` both sit this
//! way.
//!
//! What goes in the journal:
//! - A sit stopped during the preparation, or with under [`MIN_PRACTICE`] practised, is not
//!   recorded, and the end line says so.
//! - `completed` means the sit reached the end of its practice (a session's last step, a
//!   timer's closing bells) without having skipped more than a tenth of what it set out to
//!   play. The end line praises exactly the sits recorded as completed.
//! - `planned_ms` is what the sit set out to play: from where it started (`--from`) to the
//!   end of the practice. The preparation, the closing bells and the ring-out are not in it.

use std::io::{BufRead, IsTerminal, Write};
use std::ops::Range;
use std::time::SystemTime;

use jiff::{Timestamp, tz::TimeZone};

use super::{Ending, PlayError, PlayOptions, Played, open, play};
use crate::home::Home;
use crate::home::config::Config;
use crate::i18n::{Messages, id, text};
use crate::journal::{self, JournalError};
use crate::session::Session;
use crate::timeline::time::{RATE, frames_to_ms};
use crate::util::length::length;

/// Less practice than this is not recorded: a sit begun by mistake and stopped.
pub const MIN_PRACTICE: u64 = 10 * RATE as u64;

/// How the sit goes to the journal: its id and title, and the frames of the session that
/// are practice (a timer's preparation and closing bells are not).
pub struct Record<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub practice: Range<u64>,
    /// The language the session was played in, when it speaks one.
    pub language: Option<&'a str>,
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
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    // The sound card first: nothing is asked of a sitter who cannot hear the sit.
    let stage = open(opts)?;
    // Then the journal, before the first sound. At a terminal, a journal that cannot be
    // written is said and the sitter may sit unrecorded; without one (a script, a group's
    // `--start-at` sit) it is said on standard error and the sit plays unrecorded: the sit
    // matters more than its record, and nothing claims it was kept.
    let unkept = match journal::check_writable(home) {
        Ok(()) => None,
        Err(e) if terminal => {
            if !sit_unrecorded(&e)? {
                return Err(PlayError::Journal(e));
            }
            Some(id::END_NOT_RECORDED_CHOSEN)
        }
        Err(e) => {
            let mut err = std::io::stderr();
            let _ = writeln!(err, "warning: {e}; this sit will not be recorded");
            if let Some(h) = e.hint() {
                let _ = writeln!(err, "  hint: {h}");
            }
            Some(id::END_NOT_RECORDED_JOURNAL)
        }
    };
    // Read once for the mood question and the end's notification. A config.toml with an
    // error stops a sit that would ask the mood; one that would not ask plays, and the
    // journal says why it cannot record it.
    let config = Config::load(home);
    let notify = config.as_ref().is_ok_and(|c| c.notify);
    let ask = match config {
        Ok(c) => std::io::stdin().is_terminal() && c.ask_mood,
        Err(e) if std::io::stdin().is_terminal() => return Err(PlayError::Journal(e.into())),
        Err(_) => false,
    };
    // The content note, then the session's own note (still/1.1), before the first sound;
    // wrapped to the terminal when it is narrower than 80 columns, so no word is cut.
    let columns = if std::io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))
    } else {
        80
    };
    let width = columns.clamp(24, 80) - 4;
    for note in [&session.script.content_note, &session.timeline.note]
        .into_iter()
        .flatten()
    {
        let wrapped = textwrap::fill(&crate::util::text::inert(note), width);
        let _ = writeln!(std::io::stdout(), "{}\n", textwrap::indent(&wrapped, "  "));
    }
    // Asked before the countdown, and never past the start time.
    let mood_before = if ask {
        ask_mood(
            &opts.words.text(id::MOOD_BEFORE),
            &opts.words,
            opts.start_at,
        )?
    } else {
        None
    };
    // Published for status lines from the first frame; the file goes when the sit ends.
    let status = super::status::Publisher::start(
        home.runtime().join(super::status::FILE),
        stage.controls(),
        super::status::Shown {
            title: session.script.title.clone(),
            id: session.script.id.clone(),
            // The whole session, or a timer's DURATION: what the screen's clock counts.
            span: (record.practice.start, record.practice.end),
            open: opts.open_ended,
        },
    );
    let sit = play(session, opts, stage, record.practice.clone());
    drop(status);
    let sit = sit?;
    let mood_after = if ask && sit.ending != Ending::Interrupted {
        ask_mood(&opts.words.text(id::MOOD_AFTER), &opts.words, None)?
    } else {
        None
    };
    let how = How::of(&sit, &record, opts.open_ended);
    let mut out = std::io::stdout();
    let mut unrecorded = None;
    let kept = match how.verdict {
        Verdict::Record if unkept.is_none() => {
            let practice = to_journal(&sit, &record, &how, mood_before, mood_after);
            match journal::record_sit(home, &practice, &jiff::ZonedDateTime::now()) {
                Ok(r) => Some(r.line_in(&opts.words)),
                Err(e) => {
                    unrecorded = Some(e);
                    None
                }
            }
        }
        _ => None,
    };
    let said = how.line(&opts.words, unkept, unrecorded.is_some());
    let _ = writeln!(out, "{said}");
    let milestone = kept.flatten();
    if let Some(m) = &milestone {
        let _ = writeln!(out, "{m}");
    }
    if how.completed && notify {
        let n = super::notice::finished(
            &opts.words,
            &session.script.title,
            &said,
            milestone.as_deref(),
        );
        super::notice::show(n);
    }
    Ok(Sat {
        ending: sit.ending,
        unrecorded,
    })
}

/// Says that the journal cannot take the sit and asks whether to sit all the same.
fn sit_unrecorded(e: &JournalError) -> Result<bool, PlayError> {
    let mut err = std::io::stderr();
    let _ = writeln!(err, "The journal cannot take this sit: {e}");
    if let Some(h) = e.hint() {
        let _ = writeln!(err, "  {h}");
    }
    print!("Sit without recording it? [y/N] ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(PlayError::Terminal)?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "Yes"))
}

/// Whether a sit goes in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Record,
    /// Stopped before the practice began (a timer's preparation).
    DuringPreparation,
    /// Under [`MIN_PRACTICE`].
    TooShort,
}

/// What a sit amounted to: the one reading both the journal and the end line use.
struct How {
    practiced: u64,
    planned: u64,
    completed: bool,
    verdict: Verdict,
}

impl How {
    fn of(sit: &Played, r: &Record<'_>, open_ended: bool) -> How {
        let start = sit.from.max(r.practice.start);
        let planned = r
            .practice
            .end
            .saturating_sub(start)
            .saturating_sub(sit.unplanned);
        // Reached the end of the practice, having played at least nine tenths of it (a
        // step played twice counts twice; a skipped one not at all).
        // An open sit has no end to reach: q is how it ends, however soon the second q
        // follows the first.
        let ended = matches!(sit.ending, Ending::Finished | Ending::Quit);
        let reached = ended && (open_ended || sit.position >= r.practice.end);
        let completed = reached && (open_ended || sit.practiced * 10 >= planned * 9);
        let verdict = if sit.position <= r.practice.start && r.practice.start > sit.from {
            Verdict::DuringPreparation
        } else if sit.practiced < MIN_PRACTICE {
            Verdict::TooShort
        } else {
            Verdict::Record
        };
        How {
            practiced: sit.practiced,
            // An open sit has no plan: it lasts as long as it lasts.
            planned: if open_ended { sit.practiced } else { planned },
            completed,
            verdict,
        }
    }

    /// The end line, in `words`. `unkept` (a message id) says why a sit is not recorded
    /// when the journal could not take it before the sit; `failed` when the journal refused
    /// the entry (its error is shown after this line).
    fn line(&self, words: &Messages, unkept: Option<&str>, failed: bool) -> String {
        let practiced = length(frames_to_ms(self.practiced));
        let head = words.get(
            if self.completed {
                id::END_WELL_DONE
            } else {
                id::END_STOPPED
            },
            &[("time", text(practiced))],
        );
        let tail = match self.verdict {
            Verdict::DuringPreparation => return words.text(id::END_IN_PREPARATION),
            Verdict::TooShort => id::END_TOO_SHORT,
            Verdict::Record if unkept.is_some() => unkept.unwrap_or_default(),
            Verdict::Record if failed => id::END_COULD_NOT_RECORD,
            Verdict::Record if self.completed => return head,
            Verdict::Record => id::END_IN_JOURNAL,
        };
        format!("{head} {}", words.text(tail))
    }
}

fn to_journal(
    sit: &Played,
    r: &Record<'_>,
    how: &How,
    before: Option<u8>,
    after: Option<u8>,
) -> journal::Practice {
    // The journal keeps the start in the zone it happened in.
    let started = Timestamp::try_from(sit.started_at)
        .unwrap_or_else(|_| Timestamp::now())
        .to_zoned_datetime(TimeZone::system());
    journal::Practice {
        session_id: r.id.to_string(),
        session_title: r.title.to_string(),
        started,
        planned_ms: frames_to_ms(how.planned),
        practiced_ms: frames_to_ms(how.practiced),
        completed: how.completed,
        mood_before: before,
        mood_after: after,
        note: None,
        // Where `--resume` starts the next sit of this session.
        stopped_ms: (!how.completed).then(|| frames_to_ms(sit.position)),
        language: r.language.map(str::to_string),
    }
}

/// Asks for a 0–10 rating on the terminal; Enter skips. With a `deadline` (`--start-at`),
/// an answer not given by then is skipped, so the sit starts on time.
fn ask_mood(
    question: &str,
    words: &Messages,
    deadline: Option<SystemTime>,
) -> Result<Option<u8>, PlayError> {
    let stdin = std::io::stdin();
    for _ in 0..3 {
        print!("{question} ");
        let _ = std::io::stdout().flush();
        if let Some(at) = deadline
            && !line_ready_by(at)
        {
            println!("\n{}", words.text(id::MOOD_SKIPPED));
            return Ok(None);
        }
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

/// Waits until a whole line has been typed on the terminal or `at` comes; on the deadline,
/// what was typed so far is dropped, so it does not reach the player as keys.
#[cfg(unix)]
fn line_ready_by(at: SystemTime) -> bool {
    loop {
        let Ok(left) = at.duration_since(SystemTime::now()) else {
            // SAFETY: discards the terminal's pending input on descriptor 0.
            unsafe { libc::tcflush(0, libc::TCIFLUSH) };
            return false;
        };
        let mut fd = libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = i32::try_from(left.as_millis().clamp(1, 1000)).unwrap_or(1000);
        // SAFETY: one valid pollfd, for the length of the call.
        if unsafe { libc::poll(&mut fd, 1, ms) } > 0 {
            return true;
        }
    }
}

#[cfg(not(unix))]
fn line_ready_by(_: SystemTime) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = RATE as u64;

    fn en() -> Messages {
        Messages::english()
    }

    fn played(from: u64, position: u64, practiced: u64, ending: Ending) -> Played {
        Played {
            started_at: SystemTime::UNIX_EPOCH,
            from,
            position,
            practiced,
            unplanned: 0,
            ending,
        }
    }

    fn record(practice: Range<u64>) -> Record<'static> {
        Record {
            id: "x",
            title: "X",
            practice,
            language: None,
        }
    }

    #[test]
    fn completed_means_the_end_was_reached_with_little_skipped_issue_14() {
        let r = record(0..300 * S);
        let done = How::of(&played(0, 312 * S, 300 * S, Ending::Finished), &r, false);
        assert!(done.completed);
        assert_eq!(done.line(&en(), None, false), "5m of stillness. Well done.");
        // Skipping 90 % and playing the rest to the end is not a completed sit.
        let skipped = How::of(&played(0, 312 * S, 30 * S, Ending::Finished), &r, false);
        assert!(!skipped.completed);
        assert_eq!(
            skipped.line(&en(), None, false),
            "30s practised, stopped before the end. It is in your journal."
        );
        // q before the end: not completed, and the line agrees.
        let quit = How::of(&played(0, 299 * S, 299 * S, Ending::Quit), &r, false);
        assert!(!quit.completed);
        assert!(
            quit.line(&en(), None, false)
                .contains("stopped before the end")
        );
        // Started at 4m with --from: the last minute, played whole, is a completed sit.
        let from = How::of(
            &played(240 * S, 300 * S, 60 * S, Ending::Finished),
            &r,
            false,
        );
        assert!(from.completed);
        assert_eq!(from.planned, 60 * S);
    }

    #[test]
    fn a_timer_is_complete_once_its_closing_bells_begin_issue_14() {
        // 10 s of preparation, 60 s of sitting, then the closing bells.
        let r = record(10 * S..70 * S);
        let q_in_closing = How::of(&played(0, 72 * S, 60 * S, Ending::Quit), &r, false);
        assert!(q_in_closing.completed);
        assert_eq!(q_in_closing.planned, 60 * S);
        assert_eq!(
            q_in_closing.line(&en(), None, false),
            "1m of stillness. Well done."
        );
        let in_prep = How::of(&played(0, 5 * S, 0, Ending::Quit), &r, false);
        assert_eq!(in_prep.verdict, Verdict::DuringPreparation);
        assert_eq!(
            in_prep.line(&en(), None, false),
            "Stopped during the preparation: not recorded."
        );
    }

    #[test]
    fn an_open_sit_closed_with_q_is_complete_issue_14() {
        // An open timer: 10 s to settle, then up to 12 h that q cuts short.
        let r = record(10 * S..12 * 3600 * S);
        // The second q came before the jump to the closing bells was heard.
        let closed = How::of(&played(0, 40 * S, 30 * S, Ending::Quit), &r, true);
        assert!(closed.completed);
        assert_eq!(closed.planned, 30 * S);
        assert!(closed.line(&en(), None, false).ends_with("Well done."));
        // Ctrl-C is not a close.
        let cut = How::of(&played(0, 40 * S, 30 * S, Ending::Interrupted), &r, true);
        assert!(!cut.completed);
    }

    #[test]
    fn under_ten_seconds_is_not_recorded_and_says_so_issue_14() {
        let r = record(0..300 * S);
        let short = How::of(
            &played(0, 7 * S, 7 * S - 480, Ending::Interrupted),
            &r,
            false,
        );
        assert_eq!(short.verdict, Verdict::TooShort);
        assert_eq!(
            short.line(&en(), None, false),
            "6s practised, stopped before the end. Under 10s is not recorded."
        );
        let ok = How::of(&played(0, 11 * S, 11 * S, Ending::Quit), &r, false);
        assert_eq!(ok.verdict, Verdict::Record);
        assert_eq!(
            ok.line(&en(), Some(id::END_NOT_RECORDED_CHOSEN), false),
            "11s practised, stopped before the end. Not recorded, as you chose."
        );
    }

    #[test]
    fn the_end_line_speaks_the_sitters_language_issue_20() {
        let r = record(0..300 * S);
        let done = How::of(&played(0, 312 * S, 300 * S, Ending::Finished), &r, false);
        let es = Messages::for_language("es");
        let fr = Messages::for_language("fr");
        assert_eq!(done.line(&es, None, false), "5m de quietud. Bien hecho.");
        assert_eq!(done.line(&fr, None, false), "5m de quiétude. Très bien.");
        let quit = How::of(&played(0, 30 * S, 30 * S, Ending::Quit), &r, false);
        assert_eq!(
            quit.line(&es, None, false),
            "30s de práctica, detenida antes del final. Está en tu diario."
        );
    }
}
