//! The user's systemd manager, through `systemctl --user`: whether one answers, and the
//! few things a reminder asks of it.

use std::process::{Command, Stdio};

use super::RemindError;
use super::units::TIMER;

/// Whether a systemd user manager answers here: `systemctl` is on `PATH` and
/// `systemctl --user show-environment` succeeds (it fails without a running manager, as
/// in a container or a plain ssh login).
pub fn user_manager() -> bool {
    Command::new("systemctl")
        .args(["--user", "show-environment"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `systemctl --user ARGS…`; its standard output, or an error with the last line it
/// wrote to standard error.
pub fn run(args: &[&str]) -> Result<String, RemindError> {
    let command = format!("systemctl --user {}", args.join(" "));
    let out = Command::new("systemctl")
        .arg("--user")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| RemindError::Systemctl {
            command: command.clone(),
            detail: Some(e.to_string()),
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(RemindError::Systemctl {
            command,
            detail: stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .map(|l| l.trim().to_string()),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// When the timer comes next, as systemd says it (`Thu 2026-12-03 07:30:00 UTC`); `None`
/// when it is not running or systemd does not say.
pub fn next_run() -> Option<String> {
    let out = run(&[
        "show",
        TIMER,
        "--property=NextElapseUSecRealtime",
        "--value",
    ])
    .ok()?;
    let next = out.trim();
    (!next.is_empty() && next != "n/a" && next != "0").then(|| next.to_string())
}
