//! `still play` in a real terminal (tmux): keys, a frozen screen while paused, and the
//! terminal restored afterwards. Needs tmux (`.ci/run` installs it).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use common::*;

impl Tmux {
    fn start(home: &Path, command: &str) -> Tmux {
        // English whatever the machine's locale: the screens below are the English sessions.
        Tmux::start_in(home, "LC_ALL= LC_MESSAGES= LANG=C.UTF-8", command)
    }

    /// `still COMMAND` with these variables (`NAME=value …`) before it.
    fn start_in(home: &Path, env: &str, command: &str) -> Tmux {
        let shell = format!(
            "cd {root} && {env} STILL_HOME={home} NO_COLOR=1 TZ=UTC {bin} {command}; e=$?; stty -a; echo EXIT=$e; sleep 60",
            root = root().display(),
            home = home.display(),
            bin = env!("CARGO_BIN_EXE_still"),
        );
        Tmux::open(socket(home), &shell)
    }

    /// An interactive shell, with job control, that runs `command` as a user would type it.
    fn shell(home: &Path, command: &str) -> Tmux {
        let t = Tmux::open(socket(home), "bash --norc --noprofile -i");
        t.keys_literally(&format!(
            "cd {root} && LC_ALL= LC_MESSAGES= LANG=C.UTF-8 STILL_HOME={home} NO_COLOR=1 TZ=UTC {bin} {command}; echo EXIT=$?",
            root = root().display(),
            home = home.display(),
            bin = env!("CARGO_BIN_EXE_still"),
        ));
        t.keys("Enter");
        t
    }
}

/// One server per test: named for the process and the test's home.
fn socket(home: &Path) -> String {
    format!(
        "still-test-{}-{}",
        std::process::id(),
        home.file_name().unwrap().to_string_lossy()
    )
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

/// Issue #20: under a Spanish locale the player plays the Spanish session: its title and
/// its words on the screen.
#[test]
fn a_spanish_locale_plays_the_spanish_session_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start_in(
        home.path(),
        "LC_ALL= LC_MESSAGES= LANG=es_ES.UTF-8",
        "play grounding-54321 --output null",
    );
    t.wait_for("Anclaje 5-4-3-2-1", Duration::from_secs(10));
    let screen = t.wait_for("Te doy la bienvenida.", Duration::from_secs(10));
    // The player's own words are Spanish too (issue #20's messages).
    for words in [
        "paso ",
        " · escuchando",
        "espacio pausa",
        "→ siguiente",
        "q terminar",
    ] {
        assert!(screen.contains(words), "{words}:\n{screen}");
    }
    assert!(!screen.contains("step 1 of"), "{screen}");
    t.keys("Space");
    t.wait_for("en pausa", Duration::from_secs(5));
    t.wait_for("espacio reanudar", Duration::from_secs(5));
    t.keys("q");
    let end = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(end.contains("EXIT=0"), "{end}");
    assert!(end.contains("detenida antes del final"), "{end}");
}

/// Issue #20: a timer says nothing of its own, so its screen speaks the sitter's language;
/// under LANG=C it is English.
#[test]
fn a_timer_speaks_the_locales_language_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start_in(
        home.path(),
        "LC_ALL= LC_MESSAGES= LANG=fr_FR.UTF-8",
        "timer 1m --output null",
    );
    let screen = t.wait_for("espace pause", Duration::from_secs(10));
    assert!(screen.contains("q terminer"), "{screen}");
    t.keys("q");
    let end = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(end.contains("EXIT=0"), "{end}");
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), "timer 1m --output null");
    t.wait_for("space pause", Duration::from_secs(10));
    t.keys("q");
    t.wait_for("EXIT=", Duration::from_secs(10));
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
/// sat, and the journal and the end line agree on it. Without a preparation the screen
/// still counts DURATION (`0:03 / 0:10`), then says it is closing, as with one.
#[test]
fn q_during_the_closing_bells_is_a_completed_timer_issue_14() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), "timer 10s --prep 0s --output null");
    t.wait_for(" / 0:10", Duration::from_secs(20));
    t.wait_for("closing · 0:11", Duration::from_secs(20));
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

/// Waits until `f` holds for the screen.
fn wait_until(t: &Tmux, what: &str, limit: Duration, f: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let s = t.screen();
        if f(&s) {
            return s;
        }
        assert!(
            start.elapsed() < limit,
            "waited {limit:?} for {what}; the screen:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn no_line_wider_than(t: &Tmux, width: usize) {
    for l in t.joined().lines() {
        assert!(
            l.chars().count() <= width,
            "a line wrapped at width {width}: {l:?}\n{}",
            t.joined()
        );
    }
}

#[test]
fn issue_14_a_resize_redraws_at_once_and_no_line_ever_wraps() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), "play box-breathing --output null");
    t.wait_for("0:02 / 4:51", Duration::from_secs(10));
    no_line_wider_than(&t, 80);
    t.resize(40, 8);
    // The compact layout, drawn at once: the time and the step, nothing left of the old bar.
    let small = wait_until(&t, "the compact layout", Duration::from_secs(2), |s| {
        s.lines().next().is_some_and(|l| l.ends_with(" / 4:51"))
    });
    assert!(
        small.lines().nth(1).unwrap().starts_with("1/19 "),
        "{small}"
    );
    assert!(
        !small.contains('━') && !small.contains("Box breathing"),
        "{small}"
    );
    no_line_wider_than(&t, 40);
    // Narrower still, and back to a roomy terminal: the full screen, the bar at its new width.
    t.resize(24, 5);
    std::thread::sleep(Duration::from_millis(500));
    no_line_wider_than(&t, 24);
    t.resize(100, 30);
    let wide = t.wait_for("Box breathing", Duration::from_secs(2));
    let bar = wide.lines().find(|l| l.contains(" / 4:51")).unwrap();
    assert_eq!(bar.chars().count(), 100, "{wide}");
    no_line_wider_than(&t, 100);
    t.keys("q");
    t.wait_for("EXIT=0", Duration::from_secs(10));
}

#[test]
fn issue_14_arrows_while_paused_move_and_stay_paused() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), "play grounding-54321 --output null");
    t.wait_for("step 1 of", Duration::from_secs(10));
    t.keys("Space");
    let paused = t.wait_for("paused", Duration::from_secs(5));
    // The paused footer lists what works while paused.
    assert!(
        paused.contains(
            "space resume · → next · ← again · +/− volume · m ambient · c captions · q end"
        ),
        "{paused}"
    );
    t.keys("Right");
    let moved = t.wait_for("step 2 of", Duration::from_secs(5));
    assert!(moved.contains("paused"), "{moved}");
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(t.screen(), moved, "still paused, the clock does not run");
    t.keys("Right");
    t.wait_for("step 3 of", Duration::from_secs(5));
    t.keys("Left");
    std::thread::sleep(Duration::from_millis(700));
    let back = t.screen();
    assert!(
        back.contains("step 3 of") && back.contains("paused"),
        "{back}"
    );
    t.keys("Space");
    wait_until(&t, "playing again", Duration::from_secs(5), |s| {
        s.contains("space pause")
    });
    t.keys("q");
    t.wait_for("EXIT=0", Duration::from_secs(10));
}

#[test]
fn issue_14_ctrl_z_suspends_with_the_terminal_restored_and_fg_redraws() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::shell(home.path(), "play grounding-54321 --output null");
    t.wait_for("0:01 / ", Duration::from_secs(10));
    t.keys("C-z");
    t.wait_for("Stopped", Duration::from_secs(5));
    // The shell has a cooked terminal with echo: what is typed shows.
    t.keys_literally("stty -a | tr ' ' '\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo");
    t.keys("Enter");
    let shell = t.wait_for("icanon echo", Duration::from_secs(5));
    assert!(
        !shell.contains("-icanon") && !shell.contains("-echo "),
        "{shell}"
    );
    t.keys_literally("fg");
    t.keys("Enter");
    // Drawn again, paused, and the keys work.
    let back = wait_until(&t, "the screen again", Duration::from_secs(5), |s| {
        s.contains("5-4-3-2-1 grounding") && s.contains("space resume")
    });
    assert!(back.contains("paused"), "{back}");
    t.keys("Space");
    // It plays on from where it was, past the 10 s a sit needs to be recorded.
    t.wait_for("0:12 / ", Duration::from_secs(20));
    t.keys("q");
    // A stopped job's list is not carried on by the shell after fg: no EXIT line here.
    t.wait_for("stopped before the end", Duration::from_secs(10));
    // The time suspended is not practice.
    let sat = log_entries(home.path())[0]["practiced_ms"]
        .as_u64()
        .unwrap();
    assert!((11_000..=15_000).contains(&sat), "{sat}");
}

#[test]
fn issue_14_the_open_timer_shows_the_time_sat_and_q_closes_with_the_bells() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), "timer --prep 1s --output null");
    let sitting = t.wait_for("open sit · 0:02", Duration::from_secs(10));
    // No bar, no total, none of the long pause behind the timer; no m or c without a bed
    // or captions.
    assert!(
        !sitting.contains('━') && !sitting.contains(" / "),
        "{sitting}"
    );
    assert!(
        !sitting.contains("pause 11h") && !sitting.contains("11:"),
        "{sitting}"
    );
    assert!(sitting.contains("q close with the bells"), "{sitting}");
    assert!(
        !sitting.contains("m ambient") && !sitting.contains("c captions"),
        "{sitting}"
    );
    // Past the 10 s a sit needs to be recorded.
    t.wait_for("open sit · 0:11", Duration::from_secs(20));
    t.keys("q");
    let closing = t.wait_for("closing with the bells", Duration::from_secs(5));
    assert!(closing.contains("closing · 0:1"), "{closing}");
    assert!(closing.contains("q end now"), "{closing}");
    // The clock runs on while the bells ring.
    t.wait_for("closing · 0:14", Duration::from_secs(5));
    t.keys("Escape");
    let end = t.wait_for("EXIT=", Duration::from_secs(5));
    assert!(end.contains("EXIT=0"), "{end}");
    let e = &log_entries(home.path())[0];
    // Counted up to the first q: about eleven seconds sat, not the bells after it.
    let sat = e["practiced_ms"].as_u64().unwrap();
    assert!((10_500..=12_500).contains(&sat), "{sat}");
}

#[test]
fn issue_14_the_ring_out_says_closing_while_the_clock_runs() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("short.yaml");
    std::fs::write(
        &path,
        "format: still/1\ntitle: Short\nsteps:\n  - pause: 1s\n  - bell: { sound: bowl }\n",
    )
    .unwrap();
    let t = Tmux::start(
        home.path(),
        &format!("play {} --output null", path.display()),
    );
    let first = t.wait_for("closing · 0:0", Duration::from_secs(15));
    assert!(first.contains("q end"), "{first}");
    let seen: String = first
        .lines()
        .find_map(|l| l.split("closing · ").nth(1))
        .unwrap()
        .to_string();
    wait_until(&t, "the clock to run on", Duration::from_secs(5), |s| {
        s.lines()
            .find_map(|l| l.split("closing · ").nth(1))
            .is_some_and(|c| c != seen)
    });
    t.keys("q");
    t.wait_for("EXIT=", Duration::from_secs(10));
}

/// A pty that records every byte written to it: `script` runs the player in one.
fn in_a_pty(
    home: &Path,
    env: &[(&str, &str)],
    args: &str,
    keys_after: Option<(Duration, &str)>,
) -> String {
    use std::io::Write;
    let mut cmd = still(home);
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_still"));
    let mut script = Command::new("script");
    script.env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            script.env(k, v);
        }
    }
    for (k, v) in env {
        script.env(k, v);
    }
    script
        .current_dir(root())
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let _ = &mut cmd;
    let mut child = script.spawn().expect("script runs (util-linux)");
    let mut stdin = child.stdin.take().unwrap();
    if let Some((after, keys)) = keys_after {
        std::thread::sleep(after);
        stdin.write_all(keys.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn issue_14_plain_lines_one_per_event_with_no_cursor_moves() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("plain.yaml");
    std::fs::write(
        &path,
        "format: still/1\ntitle: Plain\nsteps:\n  - say: Settle in.\n  - breathe: { pattern: { in: 1s, hold: 1s, out: 1s, rest: 0s }, rounds: 2 }\n",
    )
    .unwrap();
    let args = format!("play {} --output null", path.display());
    for (env, flag) in [(vec![], " --plain"), (vec![("TERM", "dumb")], "")] {
        let out = in_a_pty(home.path(), &env, &format!("{args}{flag}"), None);
        assert!(
            !out.contains('\u{1b}'),
            "no escape sequence at all: {out:?}"
        );
        let lines: Vec<&str> = out
            .lines()
            .map(|l| l.trim_end_matches('\r').trim_start())
            .collect();
        assert_eq!(lines[0], "Plain · 8s");
        // In order, one line each, at the frame each begins.
        let expected = [
            "0:00  say      Settle in.",
            "0:00    Settle in.",
            "0:02  breathe  1s inhale, 1s hold, 1s exhale ×2, tone cues",
            "0:02    round 1 of 2 · in 1",
            "0:03    hold 1",
            "0:04    out 1",
            "0:05    round 2 of 2 · in 1",
            "0:06    hold 1",
            "0:07    out 1",
            "0:08  closing",
        ];
        assert_eq!(lines[1..=expected.len()], expected, "{lines:#?}");
        assert!(out.contains("of stillness. Well done."), "{out}");
    }
}

#[test]
fn issue_14_plain_keys_say_what_they_did() {
    let home = tempfile::tempdir().unwrap();
    let out = in_a_pty(
        home.path(),
        &[],
        "timer --prep 0s --output null --plain",
        Some((Duration::from_secs(11), "qq")),
    );
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("Open sit · q closes with the bells"), "{out}");
    assert!(
        out.contains("closing with the bells; q again ends now"),
        "{out}"
    );
    let e = &log_entries(home.path())[0];
    let sat = e["practiced_ms"].as_u64().unwrap();
    assert!((10_000..=12_500).contains(&sat), "{sat}");
}

/// Issue #19: a `wait` holds a real sit until space: the clock stands still and says
/// waiting, the text and the step's note are on the screen, the hold outlasts the wait's
/// `render_as`, and after space the next step comes at once. Waiting is not practice.
#[test]
fn a_wait_holds_the_sit_until_space_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let script = write(
        home.path(),
        "wait.yaml",
        "format: still/1.1\ntitle: Waiting\nnote: For the guide.\nambient: { sound: brown-noise }\nsteps:\n  - pause: 6s\n    note: Settle in first.\n  - wait: Press space when you are ready.\n  - pause: 6s\n",
    );
    let t = Tmux::start(home.path(), &format!("play {script} --output null"));
    let first = t.wait_for("step 1 of 3", Duration::from_secs(20));
    assert!(first.contains("note: Settle in first."), "{first}");
    let held = t.wait_for("waiting · 0:06 / 0:17", Duration::from_secs(20));
    assert!(held.contains("Press space when you are ready."), "{held}");
    assert!(held.contains("step 2 of 3"), "{held}");
    assert!(held.contains("space go on"), "{held}");
    // Longer than the wait's 5 s in renders: still held, the clock still.
    std::thread::sleep(Duration::from_secs(7));
    let still = t.screen();
    assert!(still.contains("waiting · 0:06 / 0:17"), "{still}");
    t.keys("Space");
    // The next step comes at once, from the wait's end.
    let next = t.wait_for("step 3 of 3", Duration::from_secs(3));
    assert!(!next.contains("waiting"), "{next}");
    assert!(next.contains(" / 0:17"), "{next}");
    let end = t.wait_for("EXIT=", Duration::from_secs(20));
    assert!(end.contains("EXIT=0"), "{end}");
    let e = &log_entries(home.path())[0];
    // Both pauses are practice; the wait (held or rendered) is not.
    assert_eq!(e["practiced_ms"], 12_000, "{e}");
    assert_eq!(e["completed"], true, "{e}");
}

/// Issue #19: q ends a sit held at a wait, and → skips the wait.
#[test]
fn q_and_skip_work_during_a_wait_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let script = write(
        home.path(),
        "wait.yaml",
        "format: still/1.1\ntitle: Waiting\nsteps:\n  - wait: First wait.\n  - wait: Second wait.\n  - pause: 30s\n",
    );
    let t = Tmux::start(home.path(), &format!("play {script} --output null"));
    t.wait_for("First wait.", Duration::from_secs(20));
    t.wait_for("waiting · 0:00", Duration::from_secs(5));
    t.keys("Right");
    let second = t.wait_for("Second wait.", Duration::from_secs(5));
    assert!(second.contains("step 2 of 3"), "{second}");
    t.wait_for("waiting · 0:05", Duration::from_secs(5));
    t.keys("q");
    let end = t.wait_for("EXIT=", Duration::from_secs(10));
    assert!(end.contains("EXIT=0"), "{end}");
}

/// Issue #19: `--plain` says a line with an inline pause once, whole, says a step's note
/// and a wait, holds at the wait until space, and goes on from the wait's end.
#[test]
fn plain_lines_say_the_whole_line_the_note_and_the_wait_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("plain.yaml");
    std::fs::write(
        &path,
        "format: still/1.1\ntitle: Parts\nsteps:\n  - say: One two. [1s] Three.\n    note: Look up.\n  - wait: Ready?\n  - pause: 1s\n",
    )
    .unwrap();
    let out = in_a_pty(
        home.path(),
        &[],
        &format!("play {} --output null --plain", path.display()),
        Some((Duration::from_secs(6), " ")),
    );
    let lines: Vec<&str> = out
        .lines()
        .map(|l| l.trim_end_matches('\r').trim_start())
        .collect();
    assert_eq!(lines[0], "Parts · 9s");
    let expected = [
        "0:00  say      One two. Three.",
        "0:00    note: Look up.",
        "0:00    One two. Three.",
        "0:03  wait     Ready?",
        "0:03    waiting: space goes on",
        "0:03  going on",
        "0:08  pause    1s",
        "0:09  closing",
    ];
    assert_eq!(lines[1..=expected.len()], expected, "{lines:#?}");
}
