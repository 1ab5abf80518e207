//! Voicing say lines with an engine from config.toml (issue #7), using a stand-in engine
//! (`tests/tools/fake_voice.py`: 0.75 s of tone a word, every call logged).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

const SCRIPT: &str = "format: still/1\ntitle: Voiced\nparams:\n  rest: { default: 20s, min: 10s, max: 2m }\nsteps:\n  - say: Welcome, and settle in.\n  - repeat: 2\n    steps:\n      - say: Breathe in slowly.\n      - pause: 1s\n  - say: A recorded line.\n    clip: tone.ogg\n  - say: Rest for ${rest}.\n  - bell: bowl\n";

struct Setup {
    _dir: tempfile::TempDir,
    home: PathBuf,
    script: PathBuf,
    log: PathBuf,
}

/// `SCRIPT` written into `dir` as `name`, beside the clip it names.
fn script_in(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let script = dir.join(name);
    std::fs::write(&script, SCRIPT).unwrap();
    std::fs::copy(root().join("tests/audio/tone.ogg"), dir.join("tone.ogg")).unwrap();
    script
}

impl Setup {
    /// A home whose config names the fake engine with these extra arguments.
    fn new(engine_args: &[&str], extra_config: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let log = dir.path().join("calls.log");
        let mut command = vec![
            "python3".to_string(),
            root()
                .join("tests/tools/fake_voice.py")
                .display()
                .to_string(),
            log.display().to_string(),
        ];
        command.extend(engine_args.iter().map(|s| s.to_string()));
        std::fs::write(
            home.join("config.toml"),
            format!(
                "[voice]\ncommand = {}\nname = \"fake\"\n{extra_config}",
                serde_json::to_string(&command).unwrap()
            ),
        )
        .unwrap();
        let script = script_in(dir.path(), "voiced.yaml");
        Setup {
            _dir: dir,
            home,
            script,
            log,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        let script = self.script.to_str().unwrap();
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "SCRIPT" { script } else { a })
            .collect();
        run_in(&self.home, &args)
    }

    /// The calls the engine has had: (argv, text).
    fn calls(&self) -> Vec<(Vec<String>, String)> {
        let Ok(text) = std::fs::read_to_string(&self.log) else {
            return vec![];
        };
        text.lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                let argv = v["argv"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect();
                (argv, v["text"].as_str().unwrap().to_string())
            })
            .collect()
    }

    fn says(&self, sets: &[&str]) -> Vec<Value> {
        let mut args = vec!["show", "SCRIPT", "--json"];
        args.extend_from_slice(sets);
        let r = self.run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "say")
            .cloned()
            .collect()
    }

    fn cache(&self) -> Vec<String> {
        let dir = self.home.join("cache/voice");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return vec![];
        };
        let mut names: Vec<String> = entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// 0.75 s a word at 24 kHz, in 48 kHz frames.
fn voiced_frames(words: u64) -> u64 {
    (75 * words * 24_000 / 100) * 2
}

#[test]
fn lines_are_voiced_once_and_their_recordings_set_the_timeline() {
    let s = Setup::new(&["{out}"], "");
    // Before: reading time, and showing never runs the engine.
    let before = s.says(&[]);
    assert_eq!(
        before[0]["length_ms"], 2000,
        "4 words read in 1.6 s, at least 2 s"
    );
    assert!(before.iter().all(|e| e.get("voiced").is_none()));
    assert!(s.calls().is_empty(), "show ran the engine");

    let r = s.run(&["voice", "SCRIPT"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("voiced 1/3 in "), "{}", r.stdout);
    assert!(
        lines[0].contains("\"Welcome, and settle in.\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("voiced: 3 lines without a clip; voiced 3 with `fake`"),
        "{}",
        r.stdout
    );
    let calls = s.calls();
    let texts: Vec<&str> = calls.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Welcome, and settle in.\n",
            "Breathe in slowly.\n",
            "Rest for 20 seconds.\n"
        ],
        "each line once, repeats too, params as words"
    );
    // The text comes on stdin only, and {out} is a path in the cache.
    for (argv, _) in &calls {
        assert_eq!(argv.len(), 3, "{argv:?}");
        assert!(argv[2].contains("cache/voice/.voicing-"), "{argv:?}");
    }
    let cache = s.cache();
    assert_eq!(cache.len(), 3, "{cache:?}");
    assert!(
        cache.iter().all(|n| n.len() == 68 && n.ends_with(".wav")),
        "{cache:?}"
    );

    // After: the recordings' real lengths; the recorded clip is untouched.
    let after = s.says(&[]);
    let want = [
        (voiced_frames(4), true),
        (voiced_frames(3), true),
        (voiced_frames(3), true),
        (48_000, false),
        (voiced_frames(4), true),
    ];
    assert_eq!(after.len(), want.len());
    for (e, (frames, voiced)) in after.iter().zip(want) {
        assert_eq!(e["length_frames"], frames, "{e}");
        assert_eq!(e.get("voiced").is_some(), voiced, "{e}");
        if voiced {
            assert_eq!(e["clip"], Value::Null, "{e}");
        }
    }

    // A second run finds them all in the cache; showing, listing and rendering never call it.
    let r = s.run(&["voice", "SCRIPT"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("voiced 0 with `fake`, 3 already in the cache"),
        "{}",
        r.stdout
    );
    let wav = s.home.join("out.wav");
    let r = s.run(&["render", "SCRIPT", "-o", wav.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    s.run(&["list"]);
    s.run(&["check", "SCRIPT"]);
    assert_eq!(s.calls().len(), 3);

    // Another param value is another text: only that line is voiced.
    let r = s.run(&["voice", "SCRIPT", "--set", "rest=30s"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s.calls().last().unwrap().1, "Rest for 30 seconds.\n");
    assert_eq!(s.calls().len(), 4);
    assert!(s.says(&["--set", "rest=30s"])[4].get("voiced").is_some());
    assert!(s.says(&["--set", "rest=40s"])[4].get("voiced").is_none());

    // `pack` says the bundle will not carry these recordings.
    let bundle = s.home.join("v.still");
    let r = s.run(&["pack", "SCRIPT", "-o", bundle.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("note: 3 say lines are voiced by your own voice engine"),
        "{}",
        r.stdout
    );

    // Without an engine in the config, the cache is not used: lines are captions again.
    std::fs::remove_file(s.home.join("config.toml")).unwrap();
    assert_eq!(s.says(&[]), before);
}

#[test]
fn an_engine_may_write_its_wav_to_standard_output() {
    let s = Setup::new(&["-"], "");
    let r = s.run(&["voice", "SCRIPT"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s.cache().len(), 3);
    assert_eq!(s.says(&[])[0]["length_frames"], voiced_frames(4));
}

#[test]
fn a_failing_engine_is_named_with_what_it_said() {
    let s = Setup::new(&["{out}", "fail"], "");
    let r = s.run(&["voice", "SCRIPT"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("the voice engine `python3 ")
            && r.stderr.contains("fake_voice.py")
            && r.stderr
                .contains("failed (exit code 3) on \"Welcome, and settle in.\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("error: model 'af_heart' not found"),
        "{}",
        r.stderr
    );
    assert!(
        s.cache().is_empty(),
        "nothing half-written: {:?}",
        s.cache()
    );

    let s = Setup::new(&["{out}", "garbage"], "");
    let r = s.run(&["voice", "SCRIPT"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("wrote something that is not audio"),
        "{}",
        r.stderr
    );
    assert!(s.cache().is_empty(), "{:?}", s.cache());

    let s = Setup::new(&["{out}", "silent"], "");
    let r = s.run(&["voice", "SCRIPT"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("wrote no audio for"), "{}", r.stderr);

    let s = Setup::new(&["{out}"], "");
    std::fs::write(
        s.home.join("config.toml"),
        "[voice]\ncommand = [\"/nonexistent/engine\", \"{out}\"]\n",
    )
    .unwrap();
    let r = s.run(&["voice", "SCRIPT"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("cannot run the voice engine `/nonexistent/engine {out}`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_slow_engine_is_stopped_at_its_timeout() {
    let s = Setup::new(&["{out}", "sleep"], "timeout = \"1s\"\n");
    let started = Instant::now();
    let r = s.run(&["voice", "SCRIPT"]);
    let took = started.elapsed();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("took longer than 1s on \"Welcome, and settle in.\" and was stopped"),
        "{}",
        r.stderr
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(s.cache().is_empty());
}

#[test]
fn voicing_without_an_engine_says_how_to_set_one() {
    let dir = tempfile::tempdir().unwrap();
    let script = script_in(dir.path(), "s.yaml");
    let r = run_in(dir.path(), &["voice", script.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("no voice engine is set in "),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: add a [voice] table to config.toml"),
        "{}",
        r.stderr
    );
    let cfg: &Path = &dir.path().join("config.toml");
    std::fs::write(cfg, "[voice]\ncomand = [\"x\"]\n").unwrap();
    let r = run_in(dir.path(), &["voice", script.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("unknown key 'voice.comand' — did you mean 'command'?"),
        "{}",
        r.stderr
    );
}

/// The pid the stand-in engine wrote for the `sleep 60` it left running.
fn left_pid(s: &Setup) -> i32 {
    let path = PathBuf::from(format!("{}.pid", s.log.display()));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no {}", path.display()))
        .trim()
        .parse()
        .unwrap()
}

/// Whether `pid` still runs (a zombie waiting for its reaper counts as ended).
fn runs(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
    })
}

/// Waits up to 10 s for `pid` to end; whether it did.
fn ends(pid: i32) -> bool {
    let start = Instant::now();
    while runs(pid) && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    !runs(pid)
}

/// Issue #21: the timeout covered only the engine's exit, so an engine that exited 0 leaving
/// `sleep 60 &` holding standard error made `still voice` wait the minute out with a 3 s
/// timeout. The whole exchange is timed: at 3 s the engine's process group is killed, the
/// sleep with it, and the message says what was left.
#[test]
fn an_engine_leaving_a_program_on_its_stderr_is_stopped_at_the_timeout_issue_21() {
    let s = Setup::new(&["{out}", "linger"], "timeout = \"3s\"\n");
    let started = Instant::now();
    let r = s.run(&["voice", "SCRIPT"]);
    let took = started.elapsed();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("took longer than 3s on \"Welcome, and settle in.\" and was stopped; it had exited, but a program it started kept its standard error open"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: an engine must not leave programs running"),
        "{}",
        r.stderr
    );
    // Far short of the sleep's minute, however loaded the machine.
    assert!(took < Duration::from_secs(40), "{took:?}");
    assert!(
        ends(left_pid(&s)),
        "the sleep it left was killed with its group"
    );
    assert!(s.cache().is_empty());
}

/// Issue #21: a program that leaves the engine's session (`setsid`) is out of reach of a
/// process group's kill; still says so plainly instead of waiting on it.
#[test]
fn a_program_that_leaves_the_engines_session_is_named_as_out_of_reach_issue_21() {
    let s = Setup::new(&["{out}", "escape"], "timeout = \"2s\"\n");
    let started = Instant::now();
    let r = s.run(&["voice", "SCRIPT"]);
    let took = started.elapsed();
    let pid = left_pid(&s);
    let still_ran = runs(pid);
    // The test ends what still could not.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("and was stopped; a program it started left its session and still holds its standard error: still cannot stop a program that leaves its own session"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: find it with `ps -eo pid,sid,args`"),
        "{}",
        r.stderr
    );
    assert!(
        still_ran,
        "the escaped sleep was out of reach, as the message says"
    );
    assert!(took < Duration::from_secs(40), "{took:?}");
    assert!(s.cache().is_empty());
}

/// Issue #21: 600 MB of an engine's standard error were held whole; now only a short tail is
/// kept while reading, and the message quotes its last lines.
#[test]
fn a_flood_of_standard_error_is_kept_as_a_short_tail_issue_21() {
    let s = Setup::new(&["{out}", "flood"], "");
    let mut cmd = still(&s.home);
    cmd.args(["voice", s.script.to_str().unwrap()]);
    let (r, peak_mb) = peak_of(cmd, None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("failed (exit code 4)"), "{}", r.stderr);
    assert!(
        r.stderr.contains("    error: the last words"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.len() < 10_000,
        "{} bytes of message",
        r.stderr.len()
    );
    assert!(peak_mb < 64, "peak {peak_mb} MB");
}

/// Issue #21: a recording longer than a say clip may be is refused when it is made.
#[test]
fn a_recording_longer_than_a_say_clip_is_refused_issue_21() {
    let s = Setup::new(&["{out}", "long"], "");
    let r = s.run(&["voice", "SCRIPT"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("wrote a recording too long to play for \"Welcome, and settle in.\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("at most 2 minutes"), "{}", r.stderr);
    assert!(s.cache().is_empty());
}

/// Issue #19: a line with an inline pause is voiced part by part, and renders with each
/// part on the frame the timeline gives it: the silence between is exactly the marker's.
#[test]
fn a_line_with_a_pause_is_voiced_in_parts_and_renders_on_exact_frames_issue_19() {
    let s = Setup::new(&["{out}"], "");
    std::fs::write(
        &s.script,
        "format: still/1.1\ntitle: Parts\nsteps:\n  - say: \"One two. [2s] Three.\"\n",
    )
    .unwrap();
    let r = s.run(&["voice", "SCRIPT"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let texts: Vec<String> = s.calls().into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["One two.\n", "Three.\n"], "each part on its own");
    let says = s.says(&[]);
    let starts: Vec<u64> = says
        .iter()
        .map(|e| e["start_frame"].as_u64().unwrap())
        .collect();
    let first = voiced_frames(2);
    assert_eq!(starts, [0, first + 96_000]);
    assert!(says.iter().all(|e| e["voiced"] == true), "{says:?}");

    let wav = s.home.join("parts.wav");
    let r = s.run(&["render", "SCRIPT", "-o", wav.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut reader = hound::WavReader::open(&wav).unwrap();
    let left: Vec<i32> = reader
        .samples::<i32>()
        .map(Result::unwrap)
        .step_by(2)
        .collect();
    // Where the sound begins: the first frame above a whisper from `from` on.
    let onset = |from: usize| from + left[from..].iter().position(|s| s.abs() > 30).unwrap();
    assert!(onset(0) < 48, "the first part starts the line");
    // The first part's tone ends, then two seconds of silence, then the second part.
    let end_of_first = first as usize;
    assert!(
        left[end_of_first + 480..starts[1] as usize]
            .iter()
            .all(|s| s.abs() <= 30),
        "silence between the parts"
    );
    let second = onset(end_of_first + 480);
    assert!(
        (starts[1] as usize..starts[1] as usize + 24).contains(&second),
        "the second part starts on its frame {}: heard at {second}",
        starts[1]
    );
}
