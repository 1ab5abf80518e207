//! Issue #18 over D-Bus: the real `still play --output null` (paced in real time) on a
//! private session bus (`dbus-run-session`), steered by `playerctl` as media keys would, and
//! logind's sleep inhibitor checked against python-dbusmock's `logind` template on a private
//! bus given to the player as its system bus. Skipped, saying so, where `dbus-run-session`,
//! `playerctl` or `python3-dbusmock` is missing (Debian: `dbus`, `playerctl`,
//! `python3-dbusmock`; `.ci/run` installs them).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::run_in;
use common::tmux::Tmux;

/// A system bus no test may reach: the sleep inhibitor stays off.
const NO_BUS: &str = "unix:path=/nonexistent/still-test-bus";

fn have(program: &str, probe: &[&str]) -> bool {
    Command::new(program)
        .args(probe)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether the tools are here; if not, says which is missing so the skip is seen.
fn tools(logind: bool) -> bool {
    let mut missing = vec![];
    if !have("dbus-run-session", &["--version"]) {
        missing.push("dbus-run-session (Debian: dbus)");
    }
    if !logind && !have("playerctl", &["--version"]) {
        missing.push("playerctl");
    }
    if logind && !have("/usr/bin/python3", &["-c", "import dbusmock"]) {
        missing.push("python3-dbusmock");
    }
    if !missing.is_empty() {
        eprintln!("skipped: {} not installed", missing.join(", "));
    }
    missing.is_empty()
}

/// A private bus from `dbus-run-session`, with `program` running inside it; the bus goes
/// when the program is stopped.
struct Bus {
    session: Child,
    address: String,
    inside: i32,
}

impl Bus {
    /// `script` is run by `sh` inside the bus, as the process whose end ends the bus.
    fn start(script: &str) -> Bus {
        let mut session = Command::new("dbus-run-session")
            .args(["--", "sh", "-c"])
            .arg(format!(
                "echo \"$DBUS_SESSION_BUS_ADDRESS\"; echo $$; exec {script} >/dev/null"
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-run-session runs");
        let mut out = BufReader::new(session.stdout.take().unwrap());
        let mut line = || {
            let mut l = String::new();
            out.read_line(&mut l).unwrap();
            l.trim().to_string()
        };
        let address = line();
        let inside = line().parse().expect("the shell's pid");
        Bus {
            session,
            address,
            inside,
        }
    }

    /// A session bus with nothing else on it.
    fn session() -> Bus {
        Bus::start("sleep 600")
    }

    /// A bus with dbusmock's logind on it, to be a player's system bus.
    fn logind() -> Bus {
        let bus = Bus::start(
            "env DBUS_SYSTEM_BUS_ADDRESS=\"$DBUS_SESSION_BUS_ADDRESS\" /usr/bin/python3 -m dbusmock --template logind",
        );
        let up = until(Duration::from_secs(20), || bus.inhibitors().is_some());
        assert!(up, "dbusmock's logind came up");
        bus
    }

    /// logind's inhibitors, as `ListInhibitors` prints them; `None` before logind is there.
    fn inhibitors(&self) -> Option<String> {
        let out = Command::new("dbus-send")
            .arg(format!("--bus={}", self.address))
            .args([
                "--print-reply",
                "--dest=org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager.ListInhibitors",
            ])
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        // SAFETY: signals the one process this test started inside its bus.
        unsafe { libc::kill(self.inside, libc::SIGTERM) };
        let _ = self.session.wait();
    }
}

/// Whether `what` came true within `limit`, asked every 50 ms.
fn until(limit: Duration, mut what: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if what() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    what()
}

/// `still play SESSION --output null` in the background on `session` (a bus address, or
/// none) with `system` as its system bus.
fn sitting(home: &Path, session: &str, bus: Option<&str>, system: &str) -> Child {
    let mut cmd = common::still(home);
    cmd.args(["play", session, "--output", "null"])
        .env("DBUS_SYSTEM_BUS_ADDRESS", system)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(address) = bus {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", address);
    }
    cmd.spawn().unwrap()
}

/// `playerctl -p PLAYER ARGS…` on `bus`: its standard output, trimmed, if it succeeded.
fn playerctl(bus: &Bus, player: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("playerctl")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .args(["-p", player])
        .args(args)
        .output()
        .expect("playerctl runs");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Where the sit is, in seconds, as the bus says.
fn position(bus: &Bus) -> f64 {
    playerctl(bus, "still", &["position"])
        .and_then(|p| p.parse().ok())
        .expect("a position")
}

fn status_json(home: &Path) -> serde_json::Value {
    serde_json::from_str(&run_in(home, &["status", "--json"]).stdout).unwrap()
}

/// Waits for `child` to end (at most `limit`), returning its exit code and standard output.
fn ended(mut child: Child, limit: Duration) -> (Option<i32>, String) {
    let done = until(limit, || child.try_wait().unwrap().is_some());
    if !done {
        let _ = child.kill();
    }
    let code = child.wait().unwrap().code();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    (done.then_some(code).flatten(), out)
}

#[test]
fn playerctl_shows_and_steers_the_sit_as_its_keys_do_issue_18() {
    if !tools(false) {
        return;
    }
    let bus = Bus::session();
    let home = tempfile::tempdir().unwrap();
    let sit = sitting(home.path(), "box-breathing", Some(&bus.address), NO_BUS);
    let on = until(Duration::from_secs(20), || {
        playerctl(&bus, "still", &["status"]).as_deref() == Some("Playing")
    });
    assert!(on, "the sit is on the bus as org.mpris.MediaPlayer2.still");

    // What a widget shows: the session's title, its author, its length.
    let meta = |key: &str| playerctl(&bus, "still", &["metadata", key]).unwrap();
    assert_eq!(meta("xesam:title"), "Box breathing");
    assert_eq!(meta("xesam:artist"), "The still project");
    let length: i64 = meta("mpris:length").parse().unwrap();
    let shown = run_in(home.path(), &["show", "box-breathing", "--json"]);
    let show: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    let ms = show["duration_ms"].as_i64().unwrap();
    assert!((length / 1000 - ms).abs() <= 1, "{length} µs for {ms} ms");
    let steps: Vec<f64> = show["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "step")
        .map(|e| e["start_ms"].as_f64().unwrap() / 1000.0)
        .collect();

    // A widget follows the status through PropertiesChanged, never asking again.
    let mut follow = Command::new("playerctl")
        .env_clear()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .args(["-p", "still", "--follow", "status"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("playerctl runs");
    std::thread::sleep(Duration::from_millis(300));

    // Pause stops the clock, as space does; the status line agrees.
    assert_eq!(playerctl(&bus, "still", &["pause"]).as_deref(), Some(""));
    assert!(until(Duration::from_secs(2), || {
        playerctl(&bus, "still", &["status"]).as_deref() == Some("Paused")
    }));
    // A pause takes effect at the output's next block: the frames already on their way
    // still count, so the clock is read once they are out (a loaded machine is slow to
    // play them), then must not move.
    std::thread::sleep(Duration::from_millis(400));
    let held = position(&bus);
    std::thread::sleep(Duration::from_millis(1200));
    assert!((position(&bus) - held).abs() < 0.001, "the clock stopped");
    let json = status_json(home.path());
    assert_eq!(json["state"], "paused", "{json}");
    let published = json["position_ms"].as_f64().unwrap() / 1000.0;
    assert!((published - held).abs() < 0.05, "{published} and {held}");

    // play-pause resumes it where it was.
    playerctl(&bus, "still", &["play-pause"]).unwrap();
    std::thread::sleep(Duration::from_millis(1000));
    let resumed = position(&bus);
    assert!(
        resumed > held + 0.5 && resumed < held + 1.6,
        "{held} → {resumed}"
    );
    assert_eq!(status_json(home.path())["state"], "playing");
    std::thread::sleep(Duration::from_millis(500));
    follow.kill().unwrap();
    follow.wait().unwrap();
    let mut followed = String::new();
    follow
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut followed)
        .unwrap();
    assert_eq!(followed, "Playing\nPaused\nPlaying\n", "as --follow saw it");

    // Next moves to the next step, as the skip key does; twice, two steps on.
    for _ in 0..2 {
        let before = position(&bus);
        let next = *steps.iter().find(|&&s| s > before).unwrap();
        playerctl(&bus, "still", &["next"]).unwrap();
        assert!(
            until(Duration::from_secs(2), || position(&bus) >= next),
            "from {before} to the step at {next}"
        );
        assert!(position(&bus) < next + 1.0);
    }
    // Previous goes back to the start of this step.
    std::thread::sleep(Duration::from_millis(1500));
    let step = *steps.iter().rfind(|&&s| s <= position(&bus)).unwrap();
    playerctl(&bus, "still", &["previous"]).unwrap();
    assert!(until(Duration::from_secs(2), || position(&bus) < step + 0.5));

    // Enough to be recorded (10 s practised), then stop: the sit ends as q ends it.
    std::thread::sleep(Duration::from_millis(8500));
    let at = position(&bus);
    playerctl(&bus, "still", &["stop"]).unwrap();
    let (code, out) = ended(sit, Duration::from_secs(10));
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("practised, stopped before the end. It is in your journal."),
        "{out}"
    );
    let entries = common::log_entries(home.path());
    assert_eq!(entries.len(), 1, "{entries:?}");
    let e = &entries[0];
    assert_eq!(e["session"], "box-breathing");
    assert_eq!(e["completed"], false);
    assert!(e["practiced_ms"].as_u64().unwrap() >= 10_000, "{e}");
    let stopped = e["stopped_ms"].as_f64().unwrap() / 1000.0;
    assert!(
        stopped >= at && stopped < at + 1.0,
        "stopped at {stopped}, {at}"
    );
    // Off the bus with the sit.
    assert!(until(Duration::from_secs(2), || playerctl(
        &bus,
        "still",
        &["status"]
    )
    .is_none()));
}

#[test]
fn a_second_sit_takes_an_instance_name_issue_18() {
    if !tools(false) {
        return;
    }
    let bus = Bus::session();
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = sitting(one.path(), "box-breathing", Some(&bus.address), NO_BUS);
    assert!(until(Duration::from_secs(20), || {
        playerctl(&bus, "still", &["status"]).is_some()
    }));
    let second = sitting(two.path(), "feet-on-the-floor", Some(&bus.address), NO_BUS);
    let instance = format!("still.instance{}", second.id());
    assert!(
        until(Duration::from_secs(20), || {
            playerctl(&bus, &instance, &["metadata", "xesam:title"]).as_deref()
                == Some("Feet on the floor")
        }),
        "the second sit is {instance}"
    );
    // The first keeps its name and its own sit.
    assert_eq!(
        playerctl(&bus, "still", &["metadata", "xesam:title"]).as_deref(),
        Some("Box breathing")
    );
    for sit in [first, second] {
        // SAFETY: signals a child this test started.
        unsafe { libc::kill(sit.id() as i32, libc::SIGTERM) };
        let (code, _) = ended(sit, Duration::from_secs(10));
        assert_eq!(code, Some(130));
    }
}

#[test]
fn without_a_session_bus_the_sit_plays_as_before_issue_18() {
    let home = tempfile::tempdir().unwrap();
    let sit = sitting(
        home.path(),
        "feet-on-the-floor",
        Some("unix:path=/nonexistent/still-test-session"),
        NO_BUS,
    );
    assert!(until(Duration::from_secs(20), || {
        status_json(home.path())["state"] == "playing"
    }));
    let from = status_json(home.path())["position_ms"].as_u64().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let to = status_json(home.path())["position_ms"].as_u64().unwrap();
    assert!(to >= from + 1000 && to <= from + 2600, "{from} → {to}");
    // SAFETY: signals a child this test started.
    unsafe { libc::kill(sit.id() as i32, libc::SIGINT) };
    let (code, _) = ended(sit, Duration::from_secs(10));
    assert_eq!(code, Some(130));
}

/// Whether `list` (`ListInhibitors`) holds the lock a sit takes.
fn holds_still(list: &str) -> bool {
    [
        "string \"sleep:idle\"",
        "string \"still\"",
        "string \"a meditation session is playing\"",
        "string \"block\"",
    ]
    .iter()
    .all(|s| list.contains(s))
}

#[test]
fn no_sleep_while_a_sit_plays_and_the_lock_goes_on_every_way_out_issue_18() {
    if !tools(true) {
        return;
    }
    let logind = Bus::logind();
    let nothing = logind.inhibitors().unwrap();
    assert!(!holds_still(&nothing), "{nothing}");

    // Stopped with Ctrl-C (SIGINT).
    let home = tempfile::tempdir().unwrap();
    let sit = sitting(home.path(), "box-breathing", None, &logind.address);
    assert!(
        until(Duration::from_secs(20), || holds_still(
            &logind.inhibitors().unwrap()
        )),
        "the lock is taken while the sit plays"
    );
    // SAFETY: signals a child this test started.
    unsafe { libc::kill(sit.id() as i32, libc::SIGINT) };
    let (code, _) = ended(sit, Duration::from_secs(10));
    assert_eq!(code, Some(130));
    assert!(
        until(Duration::from_secs(5), || !holds_still(
            &logind.inhibitors().unwrap()
        )),
        "released after Ctrl-C"
    );

    // Played to its end.
    let script = home.path().join("short.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Short\nsteps:\n  - pause: 3s\n",
    )
    .unwrap();
    let sit = sitting(home.path(), script.to_str().unwrap(), None, &logind.address);
    assert!(until(Duration::from_secs(20), || holds_still(
        &logind.inhibitors().unwrap()
    )));
    let (code, out) = ended(sit, Duration::from_secs(20));
    assert_eq!(code, Some(0), "{out}");
    assert!(
        until(Duration::from_secs(5), || !holds_still(
            &logind.inhibitors().unwrap()
        )),
        "released at the end"
    );
}

#[test]
fn media_keys_steer_the_sit_on_its_screen_too_issue_18() {
    if !tools(false) || !have("tmux", &["-V"]) {
        return;
    }
    let bus = Bus::session();
    let home = tempfile::tempdir().unwrap();
    let shell = format!(
        "cd {root} && DBUS_SESSION_BUS_ADDRESS='{bus}' DBUS_SYSTEM_BUS_ADDRESS='{none}' STILL_HOME='{home}' NO_COLOR=1 TZ=UTC {bin} play box-breathing --output null; echo EXIT=$?; sleep 60",
        root = common::root().display(),
        bus = bus.address,
        none = NO_BUS,
        home = home.path().display(),
        bin = env!("CARGO_BIN_EXE_still"),
    );
    let tmux = Tmux::open(format!("still-bus-{}", std::process::id()), &shell);
    assert!(until(Duration::from_secs(20), || {
        playerctl(&bus, "still", &["status"]).as_deref() == Some("Playing")
    }));
    // The screen says what the keys would have made it say.
    playerctl(&bus, "still", &["pause"]).unwrap();
    assert!(
        until(Duration::from_secs(3), || tmux.joined().contains("paused")),
        "{}",
        tmux.joined()
    );
    playerctl(&bus, "still", &["play"]).unwrap();
    assert!(
        until(Duration::from_secs(3), || !tmux.joined().contains("paused")),
        "{}",
        tmux.joined()
    );
    playerctl(&bus, "still", &["stop"]).unwrap();
    assert!(
        until(Duration::from_secs(10), || tmux.joined().contains("EXIT=0")),
        "{}",
        tmux.joined()
    );
}

/// The Notify calls python-dbusmock's notification daemon took while `still play SCRIPT
/// --output null` sat to its end on a private session bus, and the play's exit code.
fn notified(home: &Path, script: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let log = tempfile::NamedTempFile::new().unwrap();
    let out = Command::new("dbus-run-session")
        .arg("--")
        .arg("/usr/bin/python3")
        .arg(common::root().join("tests/tools/with_notifications.py"))
        .arg(log.path())
        .arg(env!("CARGO_BIN_EXE_still"))
        .args(["play", script.to_str().unwrap(), "--output", "null"])
        .env("STILL_HOME", home)
        .env("DBUS_SYSTEM_BUS_ADDRESS", NO_BUS)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let calls = serde_json::from_str(&std::fs::read_to_string(log.path()).unwrap())
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), calls)
}

#[test]
fn a_sit_that_comes_to_its_end_says_so_when_notify_is_on_issue_18() {
    if !tools(true) {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("short.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: A short rest\nid: short\nsteps:\n  - pause: 11s\n",
    )
    .unwrap();
    // Off by default: nothing is shown.
    let (code, calls) = notified(home.path(), &script);
    assert_eq!(code, Some(0));
    assert!(calls.is_empty(), "{calls:?}");
    std::fs::write(home.path().join("config.toml"), "notify = true\n").unwrap();
    let (code, calls) = notified(home.path(), &script);
    assert_eq!(code, Some(0));
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["app"], "still");
    assert_eq!(calls[0]["summary"], "A short rest: complete");
    let body = calls[0]["body"].as_str().unwrap();
    assert!(body.contains("of stillness. Well done."), "{body}");
}
