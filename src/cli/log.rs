//! `still log [--json]` and `still log add`

use std::fmt::Write as _;
use std::time::Duration;

use anstyle::Style;
use jiff::ZonedDateTime;
use jiff::civil::{Date, Time};

use super::Exit;
use super::{Fail, out, practice};
use crate::home::Home;
use crate::home::config::{Config, parse_hh_mm};
use crate::journal::entry::{Entry, MAX_SIT_MS, Source};
use crate::journal::{self, day, export, stats::minutes, store};
use crate::library;
use crate::script;
use crate::util::text::truncate;

/// Your practice journal: every sit, oldest first
///
/// The journal is kept on this computer only, in journal.sqlite in still's data folder
/// (under STILL_HOME when it is set). `still log add` records practice done away from the
/// terminal.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Print a JSON array: id, date, started_at, zone, utc_offset, session, title,
    /// planned_ms, practiced_ms, completed, mood_before, mood_after, note, source
    #[arg(long)]
    json: bool,

    /// Show only the last N entries
    #[arg(long, value_name = "N")]
    last: Option<usize>,

    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    Add(AddArgs),
}

/// Add practice done away from the terminal: a class, a walk, a sit on a cushion
///
/// The time is local time in the current time zone. Without --time the sit is put at
/// 12:00, or now if that is still to come.
#[derive(clap::Args, Debug)]
struct AddArgs {
    /// The day you practised, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: String,

    /// When you started, HH:MM on a 24-hour clock
    #[arg(long, value_name = "HH:MM")]
    time: Option<String>,

    /// How long you practised, e.g. 20m, 1h 15m
    #[arg(long, value_name = "DURATION")]
    duration: String,

    /// The session you followed, if it was one of still's (an id from `still list`)
    #[arg(long, value_name = "ID", default_value = "self-guided")]
    session: String,

    /// A few words to remember it by
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = practice::home()?;
    if let Some(Action::Add(add_args)) = args.action {
        return add(add_args, &home);
    }
    let mut entries = journal::read(&store::path(&home))?;
    if let Some(n) = args.last {
        entries.drain(..entries.len().saturating_sub(n));
    }
    if args.json {
        out::print_json(&export::to_json(&entries))?;
    } else {
        out::print(&table(&entries))?;
    }
    Ok(Exit::Ok)
}

fn table(entries: &[Entry]) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut o = String::new();
    if entries.is_empty() {
        o.push_str(
            "No sits in your journal yet. `still play SESSION` records one; \
             `still log add` adds practice done elsewhere.\n",
        );
        return o;
    }
    let _ = writeln!(
        o,
        "{bold}DATE        START  PRACTISED        SESSION{bold:#}"
    );
    for e in entries {
        let practised = if e.completed {
            length(e.practiced_ms)
        } else {
            format!("{} of {}", length(e.practiced_ms), length(e.planned_ms))
        };
        let mut extra = String::new();
        if e.mood_before.is_some() || e.mood_after.is_some() {
            let m = |v: Option<u8>| v.map_or("–".to_string(), |v| v.to_string());
            let _ = write!(extra, "  mood {}→{}", m(e.mood_before), m(e.mood_after));
        }
        if let Some(note) = &e.note {
            let _ = write!(extra, "  “{}”", truncate(note, 40));
        }
        let by_hand = if e.source == Source::Added {
            format!(" {dim}(added){dim:#}")
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "{}  {}  {:<15}  {}{by_hand}{dim}{extra}{dim:#}",
            e.date,
            e.local_start().strftime("%H:%M"),
            practised,
            truncate(&e.session_title, 34),
        );
    }
    let _ = writeln!(
        o,
        "{dim}{} sit{}{dim:#}",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" }
    );
    o
}

/// `20 min`, `45 s`, `1 h 5 min`.
fn length(ms: u64) -> String {
    if ms < 60_000 {
        return format!("{} s", ms / 1000);
    }
    let m = minutes(ms);
    if m < 60 {
        format!("{m} min")
    } else if m.is_multiple_of(60) {
        format!("{} h", m / 60)
    } else {
        format!("{} h {} min", m / 60, m % 60)
    }
}

fn add(args: AddArgs, home: &Home) -> Result<Exit, Fail> {
    let config = practice::config(home)?;
    let now = practice::now();
    let date = practice::date_arg("--date", &args.date)?;
    let length = duration(&args.duration)?;
    let started = start(date, args.time.as_deref(), &now)?;
    let (session_id, session_title) = session(&args.session, home)?;
    let sit = journal::Practice {
        session_id,
        session_title,
        started,
        planned_ms: length,
        practiced_ms: length,
        completed: true,
        mood_before: None,
        mood_after: None,
        note: args.note,
    };
    let entry = Entry::new(&sit, Source::Added, config.day_starts_at);
    let recorded = journal::add(
        &store::path(home),
        entry,
        &config,
        day::today(&now, &config),
    )?;
    // The entry is in the journal: nothing that happens to standard output undoes that.
    out::done(&added_message(&recorded, &config));
    Ok(Exit::Ok)
}

fn added_message(recorded: &journal::Recorded, config: &Config) -> String {
    let e = &recorded.entry;
    let local = e.local_start();
    let mut o = format!(
        "Added {} of {} on {}, at {}",
        length(e.practiced_ms),
        e.session_title,
        e.date.strftime("%A %-d %B %Y"),
        local.strftime("%H:%M"),
    );
    if e.date != local.date() {
        let _ = write!(
            o,
            " on {} (before your day starts at {})",
            local.date().strftime("%-d %B"),
            config.day_starts_at.strftime("%H:%M")
        );
    }
    o.push_str(".\n");
    if let Some(line) = recorded.line() {
        o.push_str(&line);
        o.push('\n');
    }
    o
}

/// The start instant: `date` at `time` (default 12:00, or now if that is still to come)
/// in the current zone. In a gap left by a DST change, the clock time moves forward.
fn start(date: Date, time: Option<&str>, now: &ZonedDateTime) -> Result<ZonedDateTime, Fail> {
    let tz = now.time_zone().clone();
    let at = |t: Time| {
        date.to_datetime(t)
            .to_zoned_datetime(tz.clone())
            .map_err(|e| Fail::input(format!("--date {date}: {e}")))
    };
    let started = match time {
        Some(text) => {
            let (h, m) = parse_hh_mm(text).ok_or_else(|| {
                Fail::input(format!("--time '{text}' is not a time of day"))
                    .hint("write it as HH:MM on a 24-hour clock, e.g. 07:30")
            })?;
            at(Time::new(h as i8, m as i8, 0, 0).expect("checked by parse_hh_mm"))?
        }
        None => {
            let noon = at(Time::new(12, 0, 0, 0).expect("a valid time"))?;
            if noon.timestamp() > now.timestamp() && date == now.date() {
                now.clone()
            } else {
                noon
            }
        }
    };
    if started.timestamp() > now.timestamp() {
        return Err(Fail::input(format!(
            "{} is still to come; `still log add` records practice already done",
            started.strftime("%Y-%m-%d %H:%M")
        )));
    }
    Ok(started)
}

/// A practice length, 1 second to 24 hours. A bare number is refused rather than guessed.
fn duration(text: &str) -> Result<u64, Fail> {
    let bad = |why: String| {
        Fail::input(format!("--duration '{text}': {why}"))
            .hint("write a length with its unit, e.g. 20m, 45s or 1h 15m")
    };
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(format!("it has no unit; did you mean `{t}m`?")));
    }
    let d: Duration = humantime::parse_duration(t).map_err(|e| bad(e.to_string()))?;
    let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    if ms < 1000 {
        return Err(bad("it is shorter than a second".into()));
    }
    if ms > MAX_SIT_MS {
        return Err(bad("it is longer than a day".into()));
    }
    Ok(ms)
}

/// The session's id and title: still's own title when it knows the id, else the id.
fn session(id: &str, home: &Home) -> Result<(String, String), Fail> {
    if id == "self-guided" {
        return Ok((id.into(), "Self-guided practice".into()));
    }
    if id.trim().is_empty() || id.chars().any(char::is_control) {
        return Err(Fail::input(format!("--session '{id}' is not a session id"))
            .hint("use an id from `still list`, or leave --session out"));
    }
    // Only an id is looked up, never a path: a file named here is not opened.
    let title = library::find(id, Some(home))
        .ok()
        .filter(|f| !matches!(f.origin, library::Origin::File(_)))
        .and_then(|f| script::parse(&f.source, &f.default_id, f.folder.as_ref()).ok())
        .map(|s| s.title);
    Ok((id.into(), title.unwrap_or_else(|| id.into())))
}
