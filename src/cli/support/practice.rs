//! What the journal commands (`log`, `stats`, `calendar`, `export`, `import-log`) share:
//! the home, the config, the one reading of the clock, and their errors → exit code 1.

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

/// The clock and zone, read once per command (`TZ` is honoured).
pub fn now() -> ZonedDateTime {
    ZonedDateTime::now()
}

/// The practice day to report as of: `--as-of YYYY-MM-DD`, else today.
pub fn as_of(arg: Option<&str>, now: &ZonedDateTime, config: &Config) -> Result<Date, Fail> {
    match arg {
        None => Ok(day::today(now, config)),
        Some(text) => date_arg("--as-of", text),
    }
}

/// A `YYYY-MM-DD` argument; a wrong one is bad input (exit 1), naming the flag.
pub fn date_arg(flag: &str, text: &str) -> Result<Date, Fail> {
    day::parse_date(text).ok_or_else(|| {
        Fail::input(format!("{flag} '{text}' is not a date"))
            .hint("write it as YYYY-MM-DD, e.g. 2024-03-05")
    })
}

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
