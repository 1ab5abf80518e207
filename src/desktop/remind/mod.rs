//! The daily reminder `still remind` sets: when it comes ([`schedule`]), the systemd user
//! timer and service that bring it ([`units`]), and the user manager asked to run them
//! ([`systemctl`]); without one, the crontab line that does the same.

pub mod schedule;
pub mod systemctl;
pub mod units;

use std::path::{Path, PathBuf};

pub use schedule::{At, Days, When};

/// A reminder: when, and the session it names (`None`: the one sat last, chosen as it
/// fires).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub when: When,
    pub session: Option<String>,
    /// The `STILL_HOME` it was set with, an absolute path: the timer reads that journal
    /// (whether today counts, the session sat last), not the platform's.
    pub still_home: Option<PathBuf>,
}

impl Reminder {
    /// The arguments after the binary that show the reminder: `remind --fire [--session ID]`.
    pub fn fire_args(&self) -> Vec<&str> {
        let mut args = vec!["remind", "--fire"];
        if let Some(id) = &self.session {
            args.extend(["--session", id.as_str()]);
        }
        args
    }

    /// The line to add with `crontab -e` where there is no systemd user manager:
    /// `30 7 * * 1-5 /path/to/still remind --fire`. A `%` in the path is escaped: cron reads
    /// a bare one as a line break.
    pub fn cron_line(&self, exe: &Path) -> Result<String, RemindError> {
        let quote = |path: &Path| -> Result<String, RemindError> {
            let text = units::plain_path(path)?;
            Ok(shlex::try_quote(text)
                .map_err(|_| odd_path(text))?
                .into_owned())
        };
        let mut words = vec![];
        if let Some(home) = &self.still_home {
            words.push(format!("STILL_HOME={}", quote(home)?));
        }
        words.push(quote(exe)?);
        words.extend(self.fire_args().into_iter().map(String::from));
        Ok(format!(
            "{} {}",
            self.when.cron_fields(),
            words.join(" ").replace('%', "\\%")
        ))
    }
}

fn odd_path(exe: &str) -> RemindError {
    RemindError::OddPath(PathBuf::from(exe))
}

#[derive(Debug, thiserror::Error)]
pub enum RemindError {
    /// `--at` is not `HH:MM` on a 24-hour clock.
    #[error("--at '{0}' is not a time of day")]
    BadTime(String),
    /// `--days` names no day, or something that is not a day.
    #[error("--days '{value}': {why}")]
    BadDays { value: String, why: String },
    /// Neither `XDG_CONFIG_HOME` nor `HOME` says where the user's units go.
    #[error("cannot tell where systemd's user units go: neither XDG_CONFIG_HOME nor HOME is set")]
    NoUnitDir,
    /// The running binary's path cannot be told.
    #[error("cannot tell where this still binary is")]
    NoExe(#[source] std::io::Error),
    /// The binary's path cannot be written into a unit file or a crontab line.
    #[error("the path of this still binary ({}) cannot be written into a timer: it is not plain text on one line", .0.display())]
    OddPath(PathBuf),
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot remove {}", .path.display())]
    Remove {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// systemctl ran and said no; its last line of standard error is kept.
    #[error("`{command}` failed{}", .detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    Systemctl {
        command: String,
        detail: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crontab_line_runs_the_binary_by_its_path_issue_18() {
        let r = Reminder {
            when: When {
                at: At::parse("07:30").unwrap(),
                days: Days::parse("mon-fri").unwrap(),
            },
            session: Some("body-scan".into()),
            still_home: None,
        };
        assert_eq!(
            r.cron_line(Path::new("/usr/bin/still")).unwrap(),
            "30 7 * * 1-5 /usr/bin/still remind --fire --session body-scan"
        );
        let plain = Reminder {
            session: None,
            ..r.clone()
        };
        assert_eq!(
            plain
                .cron_line(Path::new("/opt/my tools/50%/still"))
                .unwrap(),
            "30 7 * * 1-5 '/opt/my tools/50\\%/still' remind --fire"
        );
        assert!(plain.cron_line(Path::new("/opt/a\nb/still")).is_err());
        let own_home = Reminder {
            still_home: Some("/home/ana/still files".into()),
            ..plain
        };
        assert_eq!(
            own_home.cron_line(Path::new("/usr/bin/still")).unwrap(),
            "30 7 * * 1-5 STILL_HOME='/home/ana/still files' /usr/bin/still remind --fire"
        );
    }
}
