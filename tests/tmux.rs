//! `still play` in a real terminal (tmux): keys, a frozen screen while paused, and the
//! terminal restored afterwards. Needs tmux (`.ci/run` installs it).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(home: &Path, command: &str) -> Tmux {
        let socket = format!(
            "still-test-{}-{}",
            std::process::id(),
            home.file_name().unwrap().to_string_lossy()
        );
        let shell = format!(
            "cd {root} && STILL_HOME={home} NO_COLOR=1 TZ=UTC {bin} {command}; echo EXIT=$?; stty -a; sleep 60",
            root = root().display(),
            home = home.display(),
            bin = env!("CARGO_BIN_EXE_still"),
        );
        let ok = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "80",
                "-y",
                "24",
                &shell,
            ])
            .status()
            .expect("tmux is installed (apt-get install tmux)");
        assert!(ok.success());
        Tmux { socket }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "t"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &str) {
        Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t", keys])
            .status()
            .unwrap();
    }

    fn wait_for(&self, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < limit,
                "waited {limit:?} for {text:?}; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

#[test]
fn space_pauses_with_a_still_screen_and_q_ends_with_the_terminal_restored() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), "play box-breathing --output null");
    t.wait_for("Box breathing", Duration::from_secs(10));
    t.wait_for("0:02 / 4:51", Duration::from_secs(10));
    t.keys("Space");
    let paused = t.wait_for("paused", Duration::from_secs(5));
    assert!(paused.contains("space resume"));
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        t.screen(),
        paused,
        "the screen does not change while paused"
    );
    t.keys("q");
    let end = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(end.contains("EXIT=0"), "{end}");
    // Paused time is not practice: about two seconds were played, too few to record.
    assert!(
        ["1s", "2s", "3s"].iter().any(|s| end.contains(&format!(
            "{s} practised, stopped before the end. Under 10s is not recorded."
        ))),
        "{end}"
    );
    // The terminal is back in cooked mode with echo.
    let words: Vec<&str> = end.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "{end}"
    );
    assert!(
        !words.contains(&"-icanon") && !words.contains(&"-echo"),
        "{end}"
    );
    assert!(log_entries(home.path()).is_empty());
}

#[test]
fn arrows_skip_and_restart_steps_and_ctrl_c_interrupts() {
    let home = tempfile::tempdir().unwrap();
    let show: serde_json::Value =
        serde_json::from_str(&run(&["show", "grounding-54321", "--json"]).stdout).unwrap();
    let steps: Vec<u64> = show["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "step")
        .map(|e| e["start_ms"].as_u64().unwrap() / 1000)
        .collect();
    let n = steps.len();
    let t = Tmux::start(home.path(), "play grounding-54321 --output null");
    t.wait_for(&format!("step 1 of {n}"), Duration::from_secs(10));
    t.keys("Right");
    t.wait_for(&format!("step 2 of {n}"), Duration::from_secs(5));
    // Step 2 is a ten-second line: two seconds in, ← goes back to its start.
    t.wait_for(&format!("0:{:02} / ", steps[1] + 2), Duration::from_secs(5));
    t.keys("Left");
    let s = t.wait_for(&format!("0:{:02} / ", steps[1]), Duration::from_secs(5));
    assert!(s.contains(&format!("step 2 of {n}")), "{s}");
    t.keys("Right");
    t.wait_for(&format!("step 3 of {n}"), Duration::from_secs(5));
    t.keys("c");
    t.wait_for("captions off", Duration::from_secs(5));
    t.keys("m");
    t.wait_for("ambient off", Duration::from_secs(5));
    t.keys("-");
    t.wait_for("volume 90%", Duration::from_secs(5));
    t.keys("C-c");
    let end = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(end.contains("EXIT=130"), "{end}");
    let words: Vec<&str> = end.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "{end}"
    );
}

/// SIGTERM and SIGHUP to a player drawing in raw mode: the partial sit is kept, exit 130,
/// and the terminal is back in cooked mode with echo (#8).
#[test]
fn sigterm_and_sighup_in_a_terminal_restore_it_and_keep_the_sit() {
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let home = tempfile::tempdir().unwrap();
        let t = Tmux::start(home.path(), "play grounding-54321 --output null");
        // Past the 10 s a sit needs to be recorded.
        t.wait_for("0:11 / ", Duration::from_secs(20));
        let pids = processes_with(&format!("STILL_HOME={}", home.path().display()));
        assert!(!pids.is_empty(), "the player is running");
        for pid in pids {
            // SAFETY: kill has no memory effects; a pid gone by now only gives ESRCH.
            unsafe { libc::kill(pid as i32, signal) };
        }
        let end = t.wait_for("EXIT=", Duration::from_secs(10));
        assert!(end.contains("EXIT=130"), "signal {signal}: {end}");
        let words: Vec<&str> = end.split_whitespace().collect();
        assert!(
            words.contains(&"icanon") && words.contains(&"echo") && !words.contains(&"-echo"),
            "signal {signal} left the terminal raw: {end}"
        );
        let log = run_in(home.path(), &["log", "--json"]);
        let v: serde_json::Value = serde_json::from_str(&log.stdout).unwrap();
        assert_eq!(v[0]["completed"], false, "signal {signal}");
        assert!(
            v[0]["practiced_ms"].as_u64().unwrap() >= 10_000,
            "signal {signal}"
        );
    }
}

/// A terminal that goes away mid-sit (a closed window) ends the sit, keeps it in the
/// journal, and leaves no process spinning behind.
#[test]
fn a_closed_terminal_ends_the_sit_and_keeps_it() {
    let home = tempfile::tempdir().unwrap();
    {
        let t = Tmux::start(home.path(), "play grounding-54321 --output null");
        t.wait_for("0:11 / ", Duration::from_secs(20));
    } // Dropping the tmux server closes the terminal under the player.
    let start = Instant::now();
    loop {
        let log = run_in(home.path(), &["log", "--json"]);
        let v: serde_json::Value = serde_json::from_str(&log.stdout).unwrap_or_default();
        if let Some(e) = v.get(0) {
            assert_eq!(e["completed"], false);
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the sit was journaled once the terminal closed"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        processes_with(&format!("STILL_HOME={}", home.path().display())),
        Vec::<u32>::new(),
        "a player was left running"
    );
}

fn write(home: &Path, name: &str, text: &str) -> String {
    let path = home.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Issue #14: with `ask_mood`, `--start-at` asks before the countdown, and a rating not
/// given by the start time is skipped: the sit starts on its minute, never late. The
/// countdown names the session; the journal's start is the first frame.
#[test]
fn start_at_asks_the_mood_first_and_never_starts_late_issue_14() {
    // --start-at is a time today: within four minutes of midnight (UTC here), wait for it.
    let day = jiff::Timestamp::now().as_second().rem_euclid(86_400);
    if day > 86_400 - 240 {
        std::thread::sleep(Duration::from_secs((86_400 - day + 1) as u64));
    }
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.toml"), "ask_mood = true\n").unwrap();
    let script = write(
        home.path(),
        "short.yaml",
        "format: still/1\ntitle: Short\nsteps:\n  - pause: 11s\n",
    );
    let now = jiff::Timestamp::now();
    let mut start = now.as_second() - now.as_second().rem_euclid(60) + 60;
    if start - now.as_second() < 8 {
        start += 60;
    }
    let at = jiff::Timestamp::from_second(start).unwrap();
    let hhmm = at.strftime("%H:%M").to_string();
    let t = Tmux::start(
        home.path(),
        &format!("play {script} --output null --start-at {hhmm}"),
    );
    let asked = t.wait_for("How do you feel right now", Duration::from_secs(10));
    assert!(!asked.contains("starts in"), "{asked}");
    // No answer: at the start time the question gives way to the sit.
    t.wait_for("it is time to start", Duration::from_secs(75));
    t.wait_for("And now", Duration::from_secs(20));
    t.keys("Enter");
    let end = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(end.contains("EXIT=0"), "{end}");
    let e = &log_entries(home.path())[0];
    assert_eq!(e["mood_before"], serde_json::Value::Null);
    let started: jiff::Timestamp = e["started_at"].as_str().unwrap().parse().unwrap();
    let late = started.as_millisecond() - at.as_millisecond();
    assert!((0..1000).contains(&late), "started {started} for {at}");

    // Answered: the countdown follows, naming the session.
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.toml"), "ask_mood = true\n").unwrap();
    let later = jiff::Timestamp::now().as_second() + 120;
    let hhmm = jiff::Timestamp::from_second(later)
        .unwrap()
        .strftime("%H:%M")
        .to_string();
    let t = Tmux::start(
        home.path(),
        &format!("play {script} --output null --start-at {hhmm}"),
    );
    t.wait_for("How do you feel right now", Duration::from_secs(10));
    t.keys("7");
    t.keys("Enter");
    t.wait_for("Short starts in ", Duration::from_secs(5));
    t.keys("q");
    let end = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(end.contains("EXIT=130"), "{end}");
}

/// Issue #14: at a terminal, a journal that cannot take the sit is said before the sit,
/// with the offer to sit unrecorded; the end line then says it was not recorded.
#[test]
fn a_damaged_journal_offers_to_sit_unrecorded_issue_14() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("journal.sqlite"), "my notes\n").unwrap();
    let script = write(
        home.path(),
        "short.yaml",
        "format: still/1\ntitle: Short\nsteps:\n  - pause: 11s\n",
    );
    let t = Tmux::start(home.path(), &format!("play {script} --output null"));
    let asked = t.wait_for("Sit without recording it? [y/N]", Duration::from_secs(10));
    assert!(
        asked.contains("The journal cannot take this sit"),
        "{asked}"
    );
    assert!(!asked.contains("0:00 / "), "{asked}");
    t.keys("N");
    t.keys("Enter");
    let end = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(end.contains("EXIT=1"), "{end}");
    assert!(!end.contains("0:00 / "), "nothing was played: {end}");

    // Another home (another tmux server), the same damaged journal.
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("journal.sqlite"), "my notes\n").unwrap();
    let t = Tmux::start(home.path(), &format!("play {script} --output null"));
    t.wait_for("Sit without recording it? [y/N]", Duration::from_secs(10));
    t.keys("y");
    t.keys("Enter");
    let end = t.wait_for("EXIT=", Duration::from_secs(25));
    assert!(end.contains("EXIT=0"), "{end}");
    assert!(
        end.contains("11s of stillness. Well done. Not recorded, as you chose."),
        "{end}"
    );
    assert_eq!(
        std::fs::read(home.path().join("journal.sqlite")).unwrap(),
        b"my notes\n"
    );
}

/// Issue #14: skipping most of a session to its end is not a completed sit, and the end
/// line says what the journal says.
#[test]
fn skipping_most_of_a_session_is_not_completed_issue_14() {
    let home = tempfile::tempdir().unwrap();
    let script = write(
        home.path(),
        "two.yaml",
        "format: still/1\ntitle: Two\nsteps:\n  - pause: 12s\n  - pause: 1m\n",
    );
    let t = Tmux::start(home.path(), &format!("play {script} --output null"));
    t.wait_for("0:12 / 1:12", Duration::from_secs(20));
    t.keys("Right");
    let end = t.wait_for("EXIT=", Duration::from_secs(20));
    assert!(end.contains("EXIT=0"), "{end}");
    assert!(
        end.contains("12s practised, stopped before the end. It is in your journal."),
        "{end}"
    );
    let e = &log_entries(home.path())[0];
    assert_eq!(e["completed"], false);
    assert_eq!(e["planned_ms"], 72_000);
}

/// Issue #14: q during a timer's closing bells ends a sit that is complete: DURATION was
/// sat, and the journal and the end line agree on it.
#[test]
fn q_during_the_closing_bells_is_a_completed_timer_issue_14() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), "timer 10s --prep 0s --output null");
    t.wait_for("0:11 / 0:25", Duration::from_secs(20));
    t.keys("q");
    let end = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(end.contains("EXIT=0"), "{end}");
    assert!(end.contains("10s of stillness. Well done."), "{end}");
    let e = &log_entries(home.path())[0];
    assert_eq!(e["completed"], true);
    assert_eq!(e["planned_ms"], 10_000);
    assert_eq!(e["practiced_ms"], 10_000);
}

/// Processes whose environment holds `entry`.
fn processes_with(entry: &str) -> Vec<u32> {
    let mut found = vec![];
    for dir in std::fs::read_dir("/proc").unwrap().filter_map(|e| e.ok()) {
        let Ok(pid) = dir.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Ok(env) = std::fs::read(dir.path().join("environ"))
            && env.split(|&b| b == 0).any(|v| v == entry.as_bytes())
        {
            found.push(pid);
        }
    }
    found
}
