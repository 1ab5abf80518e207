//! The desktop (issue #18): `still remind`, a daily notification that invites a sit.
//!
//! A systemd user manager does not run in a container or on CI, so the tests that set a
//! reminder put a stand-in `systemctl` first on PATH that notes what it was asked; the unit
//! files themselves go through the real `systemd-analyze verify`. The notification goes to
//! python-dbusmock's notification-daemon template on a bus of the test's own
//! (`dbus-run-session`, `tests/tools/with_notifications.py`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, golden, still};

const BIN: &str = env!("CARGO_BIN_EXE_still");

/// A home, a config folder for the units, and a folder for the stand-in `systemctl`.
struct Desk {
    home: tempfile::TempDir,
    config: tempfile::TempDir,
    bin: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            home: tempfile::tempdir().unwrap(),
            config: tempfile::tempdir().unwrap(),
            bin: tempfile::tempdir().unwrap(),
        }
    }

    fn units(&self) -> PathBuf {
        self.config.path().join("systemd/user")
    }

    fn log(&self) -> PathBuf {
        self.bin.path().join("systemctl.log")
    }

    /// A `systemctl` that notes each call and answers as a running user manager would;
    /// with `manager = false`, as `systemctl` does where none runs.
    fn systemctl(&self, manager: bool) {
        let script = if manager {
            format!(
                "#!/bin/sh\necho \"$*\" >> '{}'\ncase \"$*\" in\n  *NextElapseUSecRealtime*) echo 'Thu 2026-12-03 07:30:00 UTC' ;;\nesac\nexit 0\n",
                self.log().display()
            )
        } else {
            "#!/bin/sh\necho 'Failed to connect to bus: No medium found' >&2\nexit 1\n".into()
        };
        let path = self.bin.path().join("systemctl");
        std::fs::write(&path, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// A `systemctl` with a running user manager that refuses `enable`.
    fn systemctl_refusing_enable(&self) {
        let path = self.bin.path().join("systemctl");
        let script = "#!/bin/sh\ncase \"$*\" in\n  *enable*) echo 'Failed to enable unit: Access denied' >&2; exit 1 ;;\nesac\nexit 0\n";
        std::fs::write(&path, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// `still ARGS…` with the units' folder in XDG_CONFIG_HOME and only the stand-in's
    /// folder on PATH (so the real `systemctl`, if any, is never asked).
    fn still(&self, args: &[&str]) -> Run {
        let mut cmd = still(self.home.path());
        cmd.env("PATH", self.bin.path())
            .env("XDG_CONFIG_HOME", self.config.path())
            .args(args);
        cmd.output().unwrap().into()
    }

    /// What the stand-in `systemctl` was asked, one call a line.
    fn asked(&self) -> Vec<String> {
        std::fs::read_to_string(self.log())
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect()
    }

    fn unit(&self, name: &str) -> String {
        std::fs::read_to_string(self.units().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

/// The value of `key` in a unit's text.
fn value<'a>(unit: &'a str, key: &str) -> &'a str {
    unit.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key}= in:\n{unit}"))
}

/// `systemd-analyze verify` on the two units, when it is installed; its complaints.
fn verify(units: &Path) -> Option<String> {
    let runtime = tempfile::tempdir().unwrap();
    let out = Command::new("systemd-analyze")
        // --user needs a runtime folder; --man=no and --generators=no keep it from
        // looking for man pages and running generators that a container lacks.
        .args(["verify", "--user", "--man=no", "--generators=no"])
        .arg(units.join("still-remind.timer"))
        .arg(units.join("still-remind.service"))
        .env("XDG_RUNTIME_DIR", runtime.path())
        .env("XDG_CONFIG_HOME", units.parent()?.parent()?)
        .output();
    let out = match out {
        Ok(out) => out,
        Err(_) => {
            eprintln!(
                "note: systemd-analyze is not installed (Debian package `systemd`); the units were not verified"
            );
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    Some(if out.status.success() {
        stderr
    } else {
        format!("exit {:?}: {stderr}", out.status.code())
    })
}

#[test]
fn the_units_carry_the_days_and_time_asked_for_issue_18() {
    let cases = [
        ("mon-fri", "Mon..Fri *-*-* 07:30:00", "on mon-fri"),
        ("sat,sun", "Sat,Sun *-*-* 07:30:00", "on sat,sun"),
        ("daily", "*-*-* 07:30:00", "every day"),
        ("every day", "*-*-* 07:30:00", "every day"),
        ("Wednesday", "Wed *-*-* 07:30:00", "on wed"),
        (
            "mon,wed-fri",
            "Mon,Wed..Fri *-*-* 07:30:00",
            "on mon,wed-fri",
        ),
    ];
    for (days, calendar, said) in cases {
        let desk = Desk::new();
        desk.systemctl(true);
        let r = desk.still(&["remind", "--at", "07:30", "--days", days]);
        assert_eq!(r.code, 0, "{days}: {}", r.stderr);
        let timer = desk.unit("still-remind.timer");
        assert_eq!(value(&timer, "OnCalendar"), calendar, "{days}");
        assert_eq!(value(&timer, "Persistent"), "false");
        assert_eq!(value(&timer, "WantedBy"), "timers.target");
        let service = desk.unit("still-remind.service");
        assert_eq!(value(&service, "Type"), "oneshot");
        assert_eq!(value(&service, "ExecStart"), format!("{BIN} remind --fire"));
        // The timer reads the journal this reminder was set with.
        assert_eq!(
            value(&service, "Environment"),
            format!("\"STILL_HOME={}\"", desk.home.path().display())
        );
        assert_eq!(
            desk.asked(),
            [
                "--user show-environment",
                "--user daemon-reload",
                "--user enable --now still-remind.timer",
                "--user show still-remind.timer --property=NextElapseUSecRealtime --value",
            ],
            "{days}"
        );
        assert!(
            r.stdout.starts_with(&format!(
                "A reminder at 07:30 {said}, naming the session you sat last (else box-breathing).\nWrote still-remind.timer and still-remind.service in {}.\n",
                desk.units().display()
            )),
            "{days}: {}",
            r.stdout
        );
        assert!(
            r.stdout
                .contains("Enabled still-remind.timer; next: Thu 2026-12-03 07:30:00 UTC."),
            "{}",
            r.stdout
        );
        if let Some(complaints) = verify(&desk.units()) {
            assert_eq!(complaints, "", "{days}: systemd-analyze verify");
        }
    }
}

#[test]
fn a_named_session_is_in_the_service_and_setting_again_replaces_issue_18() {
    let desk = Desk::new();
    desk.systemctl(true);
    let r = desk.still(&["remind", "--at", "7:05", "--session", "body-scan"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        value(&desk.unit("still-remind.service"), "ExecStart"),
        format!("{BIN} remind --fire --session body-scan")
    );
    assert_eq!(
        value(&desk.unit("still-remind.timer"), "OnCalendar"),
        "*-*-* 07:05:00"
    );
    if let Some(complaints) = verify(&desk.units()) {
        assert_eq!(complaints, "", "systemd-analyze verify");
    }
    let again = desk.still(&["remind", "--at", "21:00", "--days", "sat,sun"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        value(&desk.unit("still-remind.timer"), "OnCalendar"),
        "Sat,Sun *-*-* 21:00:00"
    );
    assert_eq!(
        value(&desk.unit("still-remind.service"), "ExecStart"),
        format!("{BIN} remind --fire")
    );
    // A running timer is restarted, so it works out its next time from the new schedule.
    assert!(
        desk.asked()
            .contains(&"--user restart still-remind.timer".to_string()),
        "{:?}",
        desk.asked()
    );
}

#[test]
fn a_refusal_from_systemd_is_said_after_what_was_done_issue_18() {
    let desk = Desk::new();
    desk.systemctl_refusing_enable();
    let r = desk.still(&["remind", "--at", "07:30"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.ends_with("Reloaded systemd's user units.\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains(
            "error: `systemctl --user enable --now still-remind.timer` failed: Failed to enable unit: Access denied"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("`still remind --off` removes them"),
        "{}",
        r.stderr
    );
    let off = desk.still(&["remind", "--off"]);
    assert_eq!(off.code, 0, "{}", off.stderr);
    assert!(!desk.units().join("still-remind.timer").exists());
}

#[test]
fn without_xdg_config_home_the_units_go_under_home_issue_18() {
    let desk = Desk::new();
    desk.systemctl(true);
    let mut cmd = still(desk.home.path());
    cmd.env("PATH", desk.bin.path())
        .env("HOME", desk.config.path())
        .args(["remind", "--at", "07:30"]);
    let r: Run = cmd.output().unwrap().into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        desk.config
            .path()
            .join(".config/systemd/user/still-remind.timer")
            .is_file()
    );
}

#[test]
fn without_systemd_the_crontab_line_is_printed_and_nothing_written_issue_18() {
    // No systemctl at all, and one that finds no user manager (a container with the
    // package installed): both print the line and write nothing.
    for manager in [None, Some(false)] {
        let desk = Desk::new();
        if let Some(m) = manager {
            desk.systemctl(m);
        }
        let r = desk.still(&[
            "remind",
            "--at",
            "07:30",
            "--days",
            "mon-fri",
            "--session",
            "body-scan",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.contains(&format!(
                "\n30 7 * * 1-5 STILL_HOME={} {BIN} remind --fire --session body-scan\n",
                desk.home.path().display()
            )),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains("crontab -e"), "{}", r.stdout);
        assert_eq!(
            std::fs::read_dir(desk.config.path()).unwrap().count(),
            0,
            "nothing is written without systemd"
        );
        let daily = desk.still(&["remind", "--at", "18:45"]);
        assert!(
            daily.stdout.contains(&format!(
                "\n45 18 * * * STILL_HOME={} {BIN} remind --fire\n",
                desk.home.path().display()
            )),
            "{}",
            daily.stdout
        );
        let weekend = desk.still(&["remind", "--at", "09:00", "--days", "sat,sun"]);
        assert!(
            weekend.stdout.contains("\n0 9 * * 0,6 "),
            "{}",
            weekend.stdout
        );
    }
}

#[test]
fn list_shows_the_reminder_and_off_removes_it_issue_18() {
    let desk = Desk::new();
    desk.systemctl(true);
    let none = desk.still(&["remind", "--list"]);
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert_eq!(
        none.stdout,
        "No reminder is set; `still remind --at 07:30` sets one.\n"
    );
    let set = desk.still(&[
        "remind",
        "--at",
        "07:30",
        "--days",
        "mon-fri",
        "--session",
        "body-scan",
    ]);
    assert_eq!(set.code, 0, "{}", set.stderr);
    let units = desk.units();
    let list = desk.still(&["remind", "--list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert_eq!(
        list.stdout,
        format!(
            "A reminder at 07:30 on mon-fri: still play body-scan.\n  next: Thu 2026-12-03 07:30:00 UTC\n  files: {}, {}\n",
            units.join("still-remind.timer").display(),
            units.join("still-remind.service").display()
        )
    );
    std::fs::remove_file(desk.log()).unwrap();
    let off = desk.still(&["remind", "--off"]);
    assert_eq!(off.code, 0, "{}", off.stderr);
    assert_eq!(
        desk.asked(),
        [
            "--user show-environment",
            "--user disable --now still-remind.timer",
            "--user daemon-reload",
        ]
    );
    assert!(
        off.stdout
            .contains("Stopped and disabled still-remind.timer."),
        "{}",
        off.stdout
    );
    assert!(!units.join("still-remind.timer").exists());
    assert!(!units.join("still-remind.service").exists());
    let list = desk.still(&["remind", "--list"]);
    assert!(
        list.stdout.starts_with("No reminder is set"),
        "{}",
        list.stdout
    );
    let again = desk.still(&["remind", "--off"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stdout, "No reminder was set; nothing to remove.\n");
}

#[test]
fn bad_times_and_days_are_refused_by_name_issue_18() {
    let desk = Desk::new();
    desk.systemctl(true);
    for (args, code, says) in [
        (
            &["--at", "25:00"][..],
            1,
            "--at '25:00' is not a time of day",
        ),
        (&["--at", "7am"], 1, "--at '7am' is not a time of day"),
        (
            &["--at", "07:30", "--days", "funday"],
            1,
            "'funday' is not a day",
        ),
        (
            &["--at", "07:30", "--days", "mon-fry"],
            1,
            "'fry' is not a day",
        ),
        (
            &["--at", "07:30", "--days", ""],
            1,
            "--days '': it names no day",
        ),
        (
            &["--at", "07:30", "--session", "nope"],
            1,
            "no session 'nope'",
        ),
        (
            &["--at", "07:30", "--session", "../x.yaml"],
            1,
            "not a session id",
        ),
        (&[], 2, "Usage:"),
        (&["--days", "mon-fri"], 2, "Usage:"),
        (&["--list", "--session", "body-scan"], 2, "Usage:"),
        (&["--list", "--off"], 2, "Usage:"),
    ] {
        let mut all = vec!["remind"];
        all.extend(args);
        let r = desk.still(&all);
        assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
    assert!(
        !desk.units().exists(),
        "nothing written for a refused reminder"
    );
    assert!(desk.asked().is_empty(), "{:?}", desk.asked());
}

/// Runs `still remind --fire ARGS…` beside the mock notification daemon: the run, and the
/// Notify calls the mock took. `None` (with a note) where dbus-run-session or
/// python3-dbusmock is missing.
fn fire(home: &Path, args: &[&str]) -> Option<(Run, Vec<serde_json::Value>)> {
    let python = ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import dbusmock"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let (Some(python), true) = (
        python,
        Command::new("dbus-run-session")
            .arg("--version")
            .output()
            .is_ok(),
    ) else {
        eprintln!(
            "note: skipped: dbus-run-session or python3-dbusmock is not installed (Debian packages `dbus`, `python3-dbusmock`)"
        );
        return None;
    };
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut cmd = still(home);
    cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    let envs: Vec<(String, String)> = cmd
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_str()?.into(), v?.to_str()?.into())))
        .collect();
    let mut run = Command::new("dbus-run-session");
    run.env_clear()
        .envs(envs)
        .current_dir(common::root())
        .arg("--")
        .arg(python)
        .arg(common::root().join("tests/tools/with_notifications.py"))
        .arg(log.path())
        .arg(BIN)
        .args(["remind", "--fire"])
        .args(args);
    let r: Run = run.output().unwrap().into();
    let calls = serde_json::from_str(&std::fs::read_to_string(log.path()).unwrap())
        .unwrap_or_else(|e| panic!("{e}: {}", r.stderr));
    Some((r, calls))
}

#[test]
fn fire_invites_a_sit_through_the_notification_service_issue_18() {
    let home = tempfile::tempdir().unwrap();
    let Some((r, calls)) = fire(home.path(), &[]) else {
        return;
    };
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "", "a timer's run prints nothing");
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(call["app"], "still");
    assert_eq!(call["summary"], "Time for a sit");
    assert_eq!(call["body"], "still play box-breathing");
    assert_eq!(call["icon"], "appointment-soon");
    assert_eq!(call["expire"], -1, "as the desktop is set to");
    // The session named, else the one sat last.
    let (_, calls) = fire(home.path(), &["--session", "body-scan"]).unwrap();
    assert_eq!(calls[0]["body"], "still play body-scan");
    let r = common::run_in(
        home.path(),
        &[
            "log",
            "add",
            "--date",
            "yesterday",
            "--duration",
            "10m",
            "--session",
            "body-scan",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, calls) = fire(home.path(), &[]).unwrap();
    assert_eq!(calls[0]["body"], "still play body-scan");
}

#[test]
fn fire_says_nothing_once_today_counts_issue_18() {
    let home = tempfile::tempdir().unwrap();
    let r = common::run_in(
        home.path(),
        &["log", "add", "--date", "today", "--duration", "10m"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let Some((r, calls)) = fire(home.path(), &["--session", "body-scan"]) else {
        return;
    };
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert!(calls.is_empty(), "{calls:?}");
}

#[test]
fn fire_without_a_session_bus_is_one_quiet_line_issue_18() {
    let home = tempfile::tempdir().unwrap();
    let socket = home.path().join("no-bus");
    let r: Run = still(home.path())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", socket.display()),
        )
        .args(["remind", "--fire"])
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "still remind: no session bus to show a notification on; nothing shown\n"
    );
}

#[test]
fn fire_with_a_bus_but_no_notification_service_says_so_issue_18() {
    if Command::new("dbus-run-session")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: skipped: dbus-run-session is not installed (Debian package `dbus`)");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let r: Run = Command::new("dbus-run-session")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("STILL_HOME", home.path())
        .env("NO_COLOR", "1")
        .args(["--", BIN, "remind", "--fire"])
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: no notification service"),
        "{}",
        r.stderr
    );
}

#[test]
fn remind_help_matches_its_golden_issue_18() {
    let home = tempfile::tempdir().unwrap();
    let r = common::run_in(home.path(), &["remind", "--help"]);
    assert_eq!(r.code, 0);
    common::assert_goldens(vec![golden("tests/golden/help/remind.txt", &r.stdout)]);
}
