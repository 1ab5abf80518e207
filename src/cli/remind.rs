//! `still remind --at HH:MM [--days DAYS] [--session ID]`, `--list`, `--off`, `--fire`: a
//! daily desktop notification that invites a sit, from a systemd user timer (or a crontab
//! line where there is no systemd).

use super::Exit;
use super::nudge::{figures, is_plain_id, suggested};
use super::{Fail, out, practice};
use crate::desktop::notify::{self, Notice, NotifyError};
use crate::desktop::remind::units::{self, TIMER};
use crate::desktop::remind::{At, Days, RemindError, Reminder, When, systemctl};
use crate::journal;
use crate::library;

/// A daily desktop notification, at a time you choose, that invites a sit
///
/// Nothing is set until you ask: `still remind --at 07:30 --days mon-fri` writes a systemd user timer and its service
/// (still-remind.timer and still-remind.service in ~/.config/systemd/user, or under
/// XDG_CONFIG_HOME) and enables it. At that time it shows "Time for a sit — still play
/// box-breathing", naming the --session you gave, else the session you sat last; it shows
/// nothing once today counts. Where systemd's user manager is not running, nothing is written:
/// it prints the line to add with `crontab -e` instead. Setting it again replaces it.
#[derive(clap::Args, Debug)]
#[command(group(
    clap::ArgGroup::new("action")
        .required(true)
        .args(["at", "list", "off", "fire"])
))]
pub struct Args {
    /// The time of day, HH:MM on a 24-hour clock (e.g. 07:30)
    #[arg(long, value_name = "HH:MM")]
    at: Option<String>,

    /// Which days: mon-fri, sat,sun, daily (or "every day"), or days by name (mon,wed)
    /// [default: daily]
    #[arg(long, value_name = "DAYS", requires = "at")]
    days: Option<String>,

    /// The session the reminder names (an id from `still list`); without it, the session
    /// you sat last, else box-breathing
    #[arg(long, value_name = "ID", conflicts_with_all = ["list", "off"])]
    session: Option<String>,

    /// Show the reminder that is set: its time, days, session and next run
    #[arg(long)]
    list: bool,

    /// Stop the reminder and remove its files
    #[arg(long)]
    off: bool,

    /// Show the notification now, as the timer does (nothing once today counts)
    #[arg(long)]
    fire: bool,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    if args.fire {
        return fire(args.session.as_deref());
    }
    if args.list {
        return list();
    }
    if args.off {
        return off();
    }
    let at = args.at.as_deref().unwrap_or_default();
    let when = When {
        at: At::parse(at)?,
        days: args.days.as_deref().map_or(Ok(Days::EVERY), Days::parse)?,
    };
    if let Some(id) = &args.session {
        check_session(id)?;
    }
    // The timer runs in systemd's environment, not this shell's: it is told the home.
    let still_home = std::env::var_os("STILL_HOME")
        .filter(|h| !h.is_empty())
        .map(|h| std::path::absolute(&h))
        .transpose()?;
    set(Reminder {
        when,
        session: args.session,
        still_home,
    })
}

/// A session the reminder can name: a library id `still play` finds.
fn check_session(id: &str) -> Result<(), Fail> {
    if !is_plain_id(id) {
        return Err(Fail::input(format!("--session '{id}' is not a session id"))
            .hint("name a session by its id, as `still list` shows it (e.g. box-breathing)"));
    }
    library::find(id, super::home().as_ref(), &library::Pick::english())?;
    Ok(())
}

fn set(reminder: Reminder) -> Result<Exit, Fail> {
    let exe = std::env::current_exe().map_err(RemindError::NoExe)?;
    if !systemctl::user_manager() {
        let line = reminder.cron_line(&exe)?;
        out::print(&format!(
            "systemd's user manager is not running here, so nothing was installed.\n\
             To be reminded by cron instead, add this line with `crontab -e`:\n\n{line}\n"
        ))?;
        return Ok(Exit::Ok);
    }
    let dir = units::dir()?;
    let replacing = units::read(&dir)?.is_some();
    units::write(&dir, &reminder, &exe)?;
    let mut report = format!(
        "A reminder {}.\nWrote {TIMER} and {} in {}.\n",
        described(&reminder.when, reminder.session.as_deref()),
        units::SERVICE,
        dir.display(),
    );
    ask(&report, &["daemon-reload"])?;
    report.push_str("Reloaded systemd's user units.\n");
    ask(&report, &["enable", "--now", TIMER])?;
    if replacing {
        // A timer already running keeps the time it worked out until it is restarted.
        ask(&report, &["restart", TIMER])?;
    }
    let next = systemctl::next_run().map_or(String::new(), |n| format!("; next: {n}"));
    report.push_str(&format!("Enabled {TIMER}{next}.\n"));
    report.push_str("`still remind --list` shows it; `still remind --off` removes it.\n");
    out::done(&report);
    Ok(Exit::Ok)
}

/// One step asked of systemd while setting a reminder; if it fails, what was already done
/// is said before the error.
fn ask(done: &str, args: &[&str]) -> Result<(), Fail> {
    systemctl::run(args).map(drop).map_err(|e| {
        out::done(done);
        Fail::from(e).hint("the unit files are written; `still remind --off` removes them")
    })
}

/// `at 07:30 on mon-fri: still play body-scan`.
fn described(when: &When, session: Option<&str>) -> String {
    let days = match when.days.words().as_str() {
        "every day" => "every day".to_string(),
        d => format!("on {d}"),
    };
    let names = match session {
        Some(id) => format!(": still play {id}"),
        None => ", naming the session you sat last (else box-breathing)".into(),
    };
    format!("at {} {days}{names}", when.at)
}

fn list() -> Result<Exit, Fail> {
    let dir = units::dir()?;
    let Some(installed) = units::read(&dir)? else {
        out::print("No reminder is set; `still remind --at 07:30` sets one.\n")?;
        return Ok(Exit::Ok);
    };
    let what = match &installed.when {
        Some(when) => described(when, installed.session.as_deref()),
        None => format!("OnCalendar={}", installed.on_calendar),
    };
    let mut text = format!("A reminder {what}.\n");
    if systemctl::user_manager() {
        match systemctl::next_run() {
            Some(next) => text.push_str(&format!("  next: {next}\n")),
            None => text.push_str(&format!(
                "  not running: `systemctl --user enable --now {TIMER}` starts it\n"
            )),
        }
    }
    text.push_str(&format!(
        "  files: {}, {}\n",
        installed.timer.display(),
        installed.service.display()
    ));
    out::print(&text)?;
    Ok(Exit::Ok)
}

fn off() -> Result<Exit, Fail> {
    let dir = units::dir()?;
    let systemd = systemctl::user_manager();
    let installed = units::read(&dir)?.is_some();
    let mut report = String::new();
    if systemd && installed {
        systemctl::run(&["disable", "--now", TIMER])?;
        report.push_str(&format!("Stopped and disabled {TIMER}.\n"));
    }
    let removed = units::remove(&dir)?;
    for path in &removed {
        report.push_str(&format!("Removed {}.\n", path.display()));
    }
    if systemd && !removed.is_empty() {
        systemctl::run(&["daemon-reload"])?;
        report.push_str("Reloaded systemd's user units.\n");
    }
    if removed.is_empty() {
        report.push_str("No reminder was set; nothing to remove.\n");
    }
    if !systemd {
        report.push_str("If you added still's line to your crontab, `crontab -e` removes it.\n");
    }
    out::done(&report);
    Ok(Exit::Ok)
}

/// What the timer runs: the notification, unless today already counts.
fn fire(session: Option<&str>) -> Result<Exit, Fail> {
    let home = practice::home()?;
    let config = practice::config(&home)?;
    let today = journal::day::today(&practice::now(), &config);
    let (stats, last) = figures(&home, &config, today)?;
    if stats.practiced_today {
        return Ok(Exit::Ok);
    }
    if let Some(id) = session.filter(|id| !is_plain_id(id)) {
        return Err(Fail::input(format!("--session '{id}' is not a session id")));
    }
    let session = session.unwrap_or_else(|| suggested(last.as_deref()));
    let notice = Notice {
        icon: "appointment-soon",
        ..Notice::new("Time for a sit", format!("still play {session}"))
    };
    match notify::send(&notice) {
        Ok(_) => Ok(Exit::Ok),
        // A timer that fires where no desktop is (a console, a machine left at the login
        // screen) has nobody to tell: one line for its journal, not a failed unit.
        Err(e @ NotifyError::NoBus(_)) => {
            eprintln!("still remind: {e}; nothing shown");
            Ok(Exit::Ok)
        }
        Err(e @ NotifyError::NoService(_)) => Err(Fail::input(e).hint(
            "a desktop shows notifications through its own service (GNOME and KDE have one; \
             elsewhere dunst or mako); none is running on this session bus",
        )),
        Err(e) => Err(Fail::input(e)),
    }
}

impl From<RemindError> for Fail {
    fn from(e: RemindError) -> Fail {
        let hint = match &e {
            RemindError::BadTime(_) => {
                Some("write it as HH:MM on a 24-hour clock, e.g. 07:30 or 18:45")
            }
            RemindError::BadDays { .. } => {
                Some("e.g. --days mon-fri, --days sat,sun, --days daily, --days mon,wed,fri")
            }
            RemindError::NoUnitDir => Some("set HOME, or XDG_CONFIG_HOME to your config folder"),
            _ => None,
        };
        Fail::input_with(hint, e)
    }
}
