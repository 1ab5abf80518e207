//! The two systemd user units a reminder is: `still-remind.timer`, which comes at the
//! reminder's time, and `still-remind.service`, which runs `still remind --fire`. Written
//! into `$XDG_CONFIG_HOME/systemd/user` (default `~/.config/systemd/user`), read back for
//! `--list`, removed by `--off`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{RemindError, Reminder, When};

pub const TIMER: &str = "still-remind.timer";
pub const SERVICE: &str = "still-remind.service";

/// The first line of both files, so a person who finds them knows where they came from.
const WRITTEN_BY: &str = "# Written by `still remind`; `still remind --off` removes it.";

/// Where the user's own units go: `$XDG_CONFIG_HOME/systemd/user`, else
/// `~/.config/systemd/user` (a relative `XDG_CONFIG_HOME` is ignored, as the XDG
/// specification says).
pub fn dir() -> Result<PathBuf, RemindError> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let config = absolute("XDG_CONFIG_HOME")
        .or_else(|| absolute("HOME").map(|h| h.join(".config")))
        .ok_or(RemindError::NoUnitDir)?;
    Ok(config.join("systemd").join("user"))
}

/// The timer: `OnCalendar=` from the reminder's days and time.
pub fn timer(reminder: &Reminder) -> String {
    format!(
        "{WRITTEN_BY}
[Unit]
Description=A reminder to sit with still

[Timer]
OnCalendar={}
# A reminder missed while the machine was off or asleep is not brought back later: an
# invitation to sit at 07:30 means little at noon, or at every wake.
Persistent=false

[Install]
WantedBy=timers.target
",
        reminder.when.on_calendar()
    )
}

/// The service: one run of `still remind --fire`, by the binary's absolute path.
pub fn service(reminder: &Reminder, exe: &Path) -> Result<String, RemindError> {
    let mut words = vec![systemd_word(plain_path(exe)?)];
    words.extend(reminder.fire_args().into_iter().map(systemd_word));
    let environment = match &reminder.still_home {
        Some(home) => format!(
            "Environment={}\n",
            quoted(&format!("STILL_HOME={}", plain_path(home)?).replace('%', "%%"))
        ),
        None => String::new(),
    };
    Ok(format!(
        "{WRITTEN_BY}
[Unit]
Description=A reminder to sit with still

[Service]
Type=oneshot
{environment}ExecStart={}
",
        words.join(" ")
    ))
}

/// `exe` as text on one line, which is all a unit file or a crontab line can hold.
pub fn plain_path(exe: &Path) -> Result<&str, RemindError> {
    exe.to_str()
        .filter(|s| !s.contains(['\n', '\r', '\0']))
        .ok_or_else(|| RemindError::OddPath(exe.to_path_buf()))
}

/// One word of a command line in a unit file: quoted when it holds anything but plain
/// path characters; `%` (a specifier) and `$` (a variable) doubled, as systemd reads them.
fn systemd_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@,=".contains(c));
    let escaped = word.replace('%', "%%").replace('$', "$$");
    if plain {
        return escaped;
    }
    quoted(&escaped)
}

/// `text` in double quotes, its backslashes and quotes escaped.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes both units into `dir` (made if missing), each whole or not at all.
pub fn write(dir: &Path, reminder: &Reminder, exe: &Path) -> Result<(), RemindError> {
    let service = service(reminder, exe)?;
    std::fs::create_dir_all(dir).map_err(|source| RemindError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for (name, text) in [(SERVICE, service.as_str()), (TIMER, &timer(reminder))] {
        let path = dir.join(name);
        let write_err = |source| RemindError::Write {
            path: path.clone(),
            source,
        };
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(write_err)?;
        file.write_all(text.as_bytes()).map_err(write_err)?;
        file.persist(&path).map_err(|e| write_err(e.error))?;
    }
    Ok(())
}

/// What `dir` holds of a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    pub timer: PathBuf,
    pub service: PathBuf,
    /// The timer's `OnCalendar=` as written.
    pub on_calendar: String,
    /// `on_calendar` read back, when it is in the form `still remind` writes.
    pub when: Option<When>,
    /// The session the service names (`--session ID`).
    pub session: Option<String>,
}

/// The reminder installed in `dir`, if its timer is there.
pub fn read(dir: &Path) -> Result<Option<Installed>, RemindError> {
    let timer = dir.join(TIMER);
    let service = dir.join(SERVICE);
    let read = |path: &Path| match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(RemindError::Read {
            path: path.to_path_buf(),
            source,
        }),
    };
    let Some(timer_text) = read(&timer)? else {
        return Ok(None);
    };
    let on_calendar = value(&timer_text, "OnCalendar").unwrap_or_default();
    let session = read(&service)?
        .and_then(|text| value(&text, "ExecStart"))
        .and_then(|exec| {
            let words: Vec<&str> = exec.split_whitespace().collect();
            let at = words.iter().position(|w| *w == "--session")?;
            words.get(at + 1).map(|id| id.trim_matches('"').to_string())
        });
    Ok(Some(Installed {
        timer,
        service,
        when: When::from_on_calendar(&on_calendar),
        on_calendar,
        session,
    }))
}

/// The last `KEY=value` of a unit file's text.
fn value(text: &str, key: &str) -> Option<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix(key)?.trim_start().strip_prefix('='))
        .map(|v| v.trim().to_string())
        .next_back()
}

/// Removes both units, and the link that enabling the timer made if it is left: the paths
/// of what was there.
pub fn remove(dir: &Path) -> Result<Vec<PathBuf>, RemindError> {
    let mut removed = vec![];
    let wants = dir.join("timers.target.wants").join(TIMER);
    for path in [dir.join(TIMER), dir.join(SERVICE), wants] {
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(RemindError::Remove { path, source }),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desktop::remind::{At, Days};

    fn reminder(days: &str, session: Option<&str>) -> Reminder {
        Reminder {
            when: When {
                at: At::parse("07:30").unwrap(),
                days: Days::parse(days).unwrap(),
            },
            session: session.map(String::from),
            still_home: None,
        }
    }

    #[test]
    fn unit_words_are_quoted_as_systemd_reads_them_issue_18() {
        assert_eq!(systemd_word("/usr/bin/still"), "/usr/bin/still");
        assert_eq!(systemd_word("/opt/my still"), "\"/opt/my still\"");
        assert_eq!(systemd_word("/opt/100%/still"), "\"/opt/100%%/still\"");
        assert_eq!(systemd_word("/opt/$HOME/a\"b"), "\"/opt/$$HOME/a\\\"b\"");
    }

    #[test]
    fn units_are_written_read_back_and_removed_issue_18() {
        let dir = tempfile::tempdir().unwrap();
        let units = dir.path().join("systemd/user");
        let r = reminder("sat,sun", Some("body-scan"));
        write(&units, &r, Path::new("/usr/bin/still")).unwrap();
        let service = std::fs::read_to_string(units.join(SERVICE)).unwrap();
        assert!(
            service.contains("\nExecStart=/usr/bin/still remind --fire --session body-scan\n"),
            "{service}"
        );
        let found = read(&units).unwrap().unwrap();
        assert_eq!(found.on_calendar, "Sat,Sun *-*-* 07:30:00");
        assert_eq!(found.when, Some(r.when));
        assert_eq!(found.session.as_deref(), Some("body-scan"));
        std::fs::create_dir(units.join("timers.target.wants")).unwrap();
        std::os::unix::fs::symlink(
            units.join(TIMER),
            units.join("timers.target.wants").join(TIMER),
        )
        .unwrap();
        assert_eq!(remove(&units).unwrap().len(), 3);
        assert_eq!(read(&units).unwrap(), None);
        assert!(remove(&units).unwrap().is_empty());
    }
}
