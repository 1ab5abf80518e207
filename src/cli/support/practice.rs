//! What the journal commands (`log`, `stats`, `calendar`, `export`, `import-log`) share:
//! the home, the config, the one reading of the clock, and their errors → exit code 1.

use crate::i18n::Messages;
use jiff::ZonedDateTime;
use jiff::civil::Date;

use super::Fail;
use crate::home::Home;
use crate::home::config::{Config, ConfigError};
use crate::journal::export::ImportError;
use crate::journal::{JournalError, day};

/// `STILL_HOME` or the platform folders; the journal commands cannot work without one.
pub fn home() -> Result<Home, Fail> {
    Home::from_env()
        .map_err(|e| Fail::input(e).hint("set STILL_HOME to the folder for still's files"))
}

pub fn config(home: &Home) -> Result<Config, Fail> {
    Ok(Config::load(home)?)
}

/// The words said to the sitter: in `language` from config.toml, else the locale's.
pub fn words(config: &Config) -> Messages {
    Messages::for_language(&config.sitter_language())
}

/// The clock and zone, read once per command (`TZ` is honoured).
pub fn now() -> ZonedDateTime {
    crate::util::clock::now()
}

/// The practice day to report as of: `--as-of DAY`, else today.
pub fn as_of(arg: Option<&str>, now: &ZonedDateTime, config: &Config) -> Result<Date, Fail> {
    let today = day::today(now, config);
    match arg {
        None => Ok(today),
        Some(text) => date_arg("--as-of", text, today),
    }
}

/// A day as a person says it: `YYYY-MM-DD`, `today`, `yesterday`, or a weekday (`monday`,
/// `mon`: the latest such day, today included), counted from `today`. A wrong one is bad
/// input (exit 1), naming the flag.
pub fn date_arg(flag: &str, text: &str, today: Date) -> Result<Date, Fail> {
    let word = text.trim().to_ascii_lowercase();
    let relative = match word.as_str() {
        "today" => Some(0),
        "yesterday" => Some(1),
        w => WEEKDAYS
            .iter()
            .position(|(full, short)| w == *full || w == *short)
            .map(|i| {
                let wanted = i as i8;
                let now = today.weekday().to_monday_zero_offset();
                i64::from((now - wanted).rem_euclid(7))
            }),
    };
    if let Some(days_back) = relative {
        return today
            .checked_sub(jiff::Span::new().days(days_back))
            .map_err(|_| Fail::input(format!("{flag} '{text}' is before the calendar's start")));
    }
    day::parse_date(text).ok_or_else(|| {
        Fail::input(format!("{flag} '{text}' is not a date")).hint(
            "write it as YYYY-MM-DD (e.g. 2024-03-05), today, yesterday or a weekday (monday)",
        )
    })
}

const WEEKDAYS: [(&str, &str); 7] = [
    ("monday", "mon"),
    ("tuesday", "tue"),
    ("wednesday", "wed"),
    ("thursday", "thu"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
];

impl From<JournalError> for Fail {
    fn from(e: JournalError) -> Fail {
        Fail::input_with(e.hint(), e)
    }
}

impl From<ConfigError> for Fail {
    fn from(e: ConfigError) -> Fail {
        JournalError::Config(e).into()
    }
}

impl From<ImportError> for Fail {
    fn from(e: ImportError) -> Fail {
        let hint = match &e {
            ImportError::Entries { .. } | ImportError::Syntax { .. } => Some(
                "import-log reads what `still export --format csv|json` writes; \
                 `still log --json` shows the fields",
            ),
            ImportError::TooLarge { .. } | ImportError::LongLine { .. } => Some(
                "import-log reads what `still export` writes: at most 16 MiB, lines of at most \
                 64 KiB; split a larger file, or check that FILE is the export you meant",
            ),
            ImportError::Read { .. } => None,
        };
        let fail = Fail::input(e);
        match hint {
            Some(h) => fail.hint(h),
            None => fail,
        }
    }
}

/// Every entry this machine sees: the local journal and, with `sync_dir`, every machine's
/// file there. A file there that cannot be read is named on standard error and passed over.
pub fn entries(home: &Home, config: &Config) -> Result<Vec<crate::journal::Entry>, Fail> {
    let (entries, warnings) = crate::journal::sync::read(home, config)?;
    warn_all(&warnings);
    Ok(entries)
}

/// What the figures need of every entry this machine sees ([`entries`]).
pub fn tallies(home: &Home, config: &Config) -> Result<Vec<crate::journal::Tally>, Fail> {
    let (tallies, warnings) = crate::journal::sync::tallies(home, config)?;
    warn_all(&warnings);
    Ok(tallies)
}

/// [`tallies`], and the session sat most recently, from one reading of the journal.
pub fn tallies_and_last(
    home: &Home,
    config: &Config,
) -> Result<(Vec<crate::journal::Tally>, Option<String>), Fail> {
    let read = crate::journal::sync::tallies_and_last(home, config)?;
    warn_all(&read.warnings);
    Ok((read.tallies, read.last))
}

/// After a change to the journal: this machine's entries to the sync folder. The change
/// is made whatever happens here, so a failure is a warning, not an error.
pub fn mirror(home: &Home, config: &Config) {
    if let Err(e) = crate::journal::sync::mirror(home, config) {
        let cause = std::error::Error::source(&e).map_or(String::new(), |s| format!(": {s}"));
        warn_all(&[format!("{e}{cause}; the local journal has the change")]);
    }
}

fn warn_all(warnings: &[String]) {
    warnings.iter().for_each(|w| super::out::warn(w));
}
