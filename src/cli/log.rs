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
use crate::journal::{self, amend, day, export, store};
use crate::library;
use crate::script;
use crate::util::language;
use crate::util::text::truncate;

/// Your practice journal: every sit, oldest first
///
/// The journal is kept on this computer only, in journal.sqlite in still's data folder
/// (under STILL_HOME when it is set). `still log add` records practice done away from the
/// terminal. A sit is completed when it reached the end (a session's last step, a timer's
/// closing bells) having played at least nine tenths of what it planned; planned_ms runs from
/// where it started (--from, --resume) and leaves out a timer's preparation and closing
/// bells; stopped_ms is where a sit that was not completed stopped. Sits with under 10s
/// practised are not recorded.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Print a JSON array: id, date, started_at, zone, utc_offset, session, title,
    /// planned_ms, practiced_ms, completed, mood_before, mood_after, note, source, stopped_ms,
    /// language
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
    Remove(RemoveArgs),
    Edit(EditArgs),
}

/// Take back an entry: one added by mistake, or a sit that was not one
///
/// ENTRY is the id `still log` shows in its first column (or more of it). Asks before it
/// removes anything unless --yes is given.
#[derive(clap::Args, Debug)]
struct RemoveArgs {
    /// The entry's id, or its first characters (at least 4)
    #[arg(value_name = "ENTRY")]
    entry: String,

    /// Remove it without asking
    #[arg(long)]
    yes: bool,
}

/// Correct an entry: its length, note, day or time
///
/// ENTRY is the id `still log` shows in its first column (or more of it). Shows the entry
/// before and after, and asks before it changes anything unless --yes is given.
#[derive(clap::Args, Debug)]
struct EditArgs {
    /// The entry's id, or its first characters (at least 4)
    #[arg(value_name = "ENTRY")]
    entry: String,

    /// How long you practised, e.g. 20m
    #[arg(long, value_name = "DURATION")]
    duration: Option<String>,

    /// A few words to remember it by; an empty one ("") removes the note
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,

    /// The day it started: YYYY-MM-DD, today, yesterday or a weekday
    #[arg(long, value_name = "DAY")]
    date: Option<String>,

    /// When it started, HH:MM on a 24-hour clock
    #[arg(long, value_name = "HH:MM")]
    time: Option<String>,

    /// Change it without asking
    #[arg(long)]
    yes: bool,
}

/// Add practice done away from the terminal: a class, a walk, a sit on a cushion
///
/// The time is local time in the current time zone. Without --time the sit is put at
/// 12:00, or now if that is still to come.
#[derive(clap::Args, Debug)]
struct AddArgs {
    /// The day you practised: YYYY-MM-DD, today, yesterday, or a weekday (monday: the
    /// latest Monday, today included)
    #[arg(long, value_name = "DAY")]
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
    match args.action {
        Some(Action::Add(a)) => return add(a, &home),
        Some(Action::Remove(a)) => return remove(a, &home),
        Some(Action::Edit(a)) => return edit(a, &home),
        None => {}
    }
    let config = practice::config(&home)?;
    let mut entries = practice::entries(&home, &config)?;
    let all = entries.len();
    if let Some(n) = args.last {
        entries.drain(..entries.len().saturating_sub(n));
    }
    if args.json {
        out::print_json(&export::to_json(&entries))?;
    } else if entries.is_empty() && all > 0 {
        out::print(&format!(
            "No sits shown (--last {}); the journal holds {all} sit{}.\n",
            args.last.unwrap_or(0),
            if all == 1 { "" } else { "s" }
        ))?;
    } else {
        out::print(&table(&entries, &config))?;
    }
    Ok(Exit::Ok)
}

fn table(entries: &[Entry], config: &Config) -> String {
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
        "{bold}ID        DATE        START  PRACTISED        SESSION{bold:#}"
    );
    let mut marked = false;
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
        // The language a sit was played in, when it was not English.
        if let Some(l) = e
            .language
            .as_deref()
            .filter(|l| !language::same(l, language::ENGLISH))
        {
            let _ = write!(extra, "  [{l}]");
        }
        let by_hand = if e.source == Source::Added {
            format!(" {dim}(added){dim:#}")
        } else {
            String::new()
        };
        // DATE is the practice day; a sit before the day starts (day_starts_at) is on the
        // calendar's next day, which the mark says.
        let local = e.local_start();
        let early = local.date() != e.date;
        marked |= early;
        let _ = writeln!(
            o,
            "{dim}{}{dim:#}  {}  {}{} {:<15}  {}{by_hand}{dim}{extra}{dim:#}",
            amend::short_id(&e.id),
            e.date,
            local.strftime("%H:%M"),
            if early { "*" } else { " " },
            practised,
            truncate(&e.session_title, 34),
        );
    }
    if marked {
        let _ = writeln!(
            o,
            "{dim}* on the next calendar day, before your day starts at {}: it counts for the day before{dim:#}",
            config.day_starts_at.strftime("%H:%M")
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

/// `20m`, `45s`, `1h 5m`: the one formatter for lengths ([`crate::util::length`]).
fn length(ms: u64) -> String {
    crate::util::length::length(ms)
}

fn add(args: AddArgs, home: &Home) -> Result<Exit, Fail> {
    let config = practice::config(home)?;
    let now = practice::now();
    // A day as the calendar names it: `today` at 01:30 is today's date, whatever day the
    // practice counts for.
    let date = practice::date_arg("--date", &args.date, now.date())?;
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
        stopped_ms: None,
        language: None,
    };
    let entry = Entry::new(&sit, Source::Added, config.day_starts_at);
    let recorded = journal::add(
        &store::path(home),
        entry,
        &config,
        day::today(&now, &config),
    )?;
    practice::mirror(home, &config);
    // The entry is in the journal: nothing that happens to standard output undoes that.
    out::done(&added_message(&recorded, &config));
    Ok(Exit::Ok)
}

fn remove(args: RemoveArgs, home: &Home) -> Result<Exit, Fail> {
    let path = store::path(home);
    let entry = amend::find(&path, &args.entry)?;
    let config = practice::config(home)?;
    let shown = describe(&entry, &config);
    if !confirmed(args.yes, &format!("  {shown}\nRemove it?"), "log remove")? {
        out::print("Nothing was removed.\n")?;
        return Ok(Exit::Ok);
    }
    amend::remove(&path, &entry)?;
    practice::mirror(home, &config);
    out::print(&format!("Removed {shown}.\n"))?;
    Ok(Exit::Ok)
}

fn edit(args: EditArgs, home: &Home) -> Result<Exit, Fail> {
    let path = store::path(home);
    let old = amend::find(&path, &args.entry)?;
    let config = practice::config(home)?;
    let now = practice::now();
    let mut new = old.clone();
    if let Some(d) = &args.duration {
        let ms = duration(d)?;
        // An entry added by hand was planned as long as it was practised.
        if new.source == Source::Added || new.planned_ms == new.practiced_ms {
            new.planned_ms = ms;
        }
        new.practiced_ms = ms;
    }
    if let Some(note) = &args.note {
        new.note = crate::journal::entry::one_line(note);
    }
    if args.date.is_some() || args.time.is_some() {
        let local = old.local_start();
        let date = match &args.date {
            Some(d) => practice::date_arg("--date", d, now.date())?,
            None => local.date(),
        };
        let time = args
            .time
            .clone()
            .unwrap_or_else(|| local.strftime("%H:%M").to_string());
        let started = start(date, Some(&time), &now)?;
        new.started_at = started.timestamp();
        new.zone = started.time_zone().iana_name().map(str::to_string);
        new.utc_offset = started.offset();
        new.date = day::practice_date(started.datetime(), config.day_starts_at);
    }
    if new == old {
        return Err(Fail::input("nothing to change")
            .hint("give --duration, --note, --date or --time with the new value"));
    }
    let question = format!(
        "  {}\nbecomes\n  {}\nChange it?",
        describe(&old, &config),
        describe(&new, &config)
    );
    if !confirmed(args.yes, &question, "log edit")? {
        out::print("Nothing was changed.\n")?;
        return Ok(Exit::Ok);
    }
    amend::replace(&path, &old, &new)?;
    practice::mirror(home, &config);
    out::print(&format!("Changed: {}.\n", describe(&new, &config)))?;
    Ok(Exit::Ok)
}

/// An entry in a few words: `10 min of Box breathing on Monday 4 March 2024 at 07:30`.
fn describe(e: &Entry, config: &Config) -> String {
    let local = e.local_start();
    let mut o = format!(
        "{} {} of {} on {}, at {}",
        amend::short_id(&e.id),
        length(e.practiced_ms),
        e.session_title,
        e.date.strftime("%a %-d %b %Y"),
        local.strftime("%H:%M")
    );
    if e.date != local.date() {
        let _ = write!(
            o,
            " on {} (before your day starts at {})",
            local.date().strftime("%-d %B"),
            config.day_starts_at.strftime("%H:%M")
        );
    }
    if let Some(n) = &e.note {
        let _ = write!(o, ", “{}”", truncate(n, 40));
    }
    o
}

/// Whether to go ahead: `--yes`, or "y" typed at the terminal. Without a terminal to ask
/// at, nothing is changed unless `--yes` was given.
fn confirmed(yes: bool, question: &str, command: &str) -> Result<bool, Fail> {
    use std::io::{BufRead, IsTerminal, Write};
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Fail::input(format!("`still {command}` asks before it changes the journal, and there is no terminal to ask at"))
            .hint("add --yes to go ahead without asking"));
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
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
            // jiff's own text ("...overflowed: parameter 'Unix timestamp seconds'...") is
            // not for a user; the only cause is a date at the very end of its range.
            .map_err(|_| {
                Fail::input(format!(
                    "--date {date} at {} is past the last moment still can place in time",
                    t.strftime("%H:%M")
                ))
                .hint("`still log add` records practice already done: give a date up to today")
            })
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
            .hint("write a length with its unit, e.g. 20m, 45s, 1h 15m or 25:00")
    };
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(format!("it has no unit; did you mean `{t}m`?")));
    }
    let d: Duration = crate::script::values::parse_length(t).map_err(bad)?;
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
    // The title in the sitter's language, as `list` shows it.
    let pick = library::Pick::Prefer(
        crate::home::config::Config::load(home)
            .map(|c| c.sitter_language())
            .unwrap_or_else(|_| crate::util::language::ENGLISH.to_string()),
    );
    let found = library::find(id, Some(home), &pick)
        .map_err(|e| match e {
            library::LibraryError::NotFound { suggestion, .. } => suggestion,
            _ => None,
        })
        .and_then(|f| match f.origin {
            library::Origin::File(_) => Err(None),
            _ => Ok(f),
        });
    let title = match found {
        Ok(f) => script::parse(&f.source, &f.default_id, f.folder.as_ref())
            .ok()
            .map(|s| s.title),
        Err(suggestion) => {
            // The entry is kept as typed (practice done elsewhere may have no session of
            // still's), but a typo is worth a word.
            let close = suggestion.map_or(String::new(), |s| format!(" (did you mean '{s}'?)"));
            out::warn(&format!(
                "no session '{id}' is known{close}; the entry keeps the name as typed"
            ));
            None
        }
    };
    Ok((id.into(), title.unwrap_or_else(|| id.into())))
}
