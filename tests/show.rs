//! `still show` and `still list`: the outline, and the JSON other tools rely on.

mod common;

use common::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let r = run(args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("valid JSON")
}

#[test]
fn show_json_has_the_documented_shape() {
    for id in [
        "box-breathing",
        "grounding-54321",
        "silent-sit",
        "tests/scripts/valid/kitchen-sink.yaml",
    ] {
        let v = json(&["show", id, "--json"]);
        assert!(v["id"].is_string() && v["title"].is_string(), "{id}");
        let events = v["events"].as_array().unwrap();
        assert!(!events.is_empty());
        let mut last = 0;
        let mut step_end = 0;
        for e in events {
            let kind = e["kind"].as_str().unwrap();
            assert!(["bell", "say", "cue", "step"].contains(&kind), "{kind}");
            let frame = e["start_frame"].as_u64().unwrap();
            let ms = e["start_ms"].as_u64().unwrap();
            assert!(frame >= last, "{id}: events are sorted");
            assert!(
                (frame as i64 - ms as i64 * 48).abs() <= 24,
                "{id}: start_ms matches start_frame"
            );
            last = frame;
            if kind == "say" {
                assert!(e["text"].is_string());
                assert!(e.get("clip").is_some(), "say events always carry clip");
            }
            if kind == "step" {
                step_end = frame + e["length_frames"].as_u64().unwrap();
            }
        }
        // duration_ms is the end of the last step.
        assert_eq!(v["duration_frames"].as_u64().unwrap(), step_end, "{id}");
        assert_eq!(
            v["duration_ms"].as_u64().unwrap(),
            (step_end + 24) / 48,
            "{id}"
        );
    }
}

#[test]
fn show_json_of_the_format_example_places_every_event() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("box.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Box\nparams:\n  rounds: { default: 2, min: 1, max: 30 }\nsteps:\n  - bell: bowl\n  - say: one two three four five six\n  - pause: 3s\n  - breathe:\n      pattern: box\n      rounds: ${rounds}\n  - pause: 2m\n    bells_every: 1m\n",
    )
    .unwrap();
    let v = json(&[
        "show",
        script.to_str().unwrap(),
        "--json",
        "--set",
        "rounds=1",
    ]);
    let starts: Vec<(String, u64)> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] != "step")
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["start_ms"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("bell", 0),
        ("say", 5000),
        ("cue", 10400),
        ("cue", 14400),
        ("cue", 18400),
        ("cue", 22400),
        ("bell", 86400),
    ];
    let expected: Vec<(String, u64)> = expected.iter().map(|(k, t)| (k.to_string(), *t)).collect();
    assert_eq!(starts, expected);
    assert_eq!(v["duration_ms"], 146_400);
    assert_eq!(v["events"][3]["text"], "one two three four five six");
    assert_eq!(v["events"][3]["clip"], Value::Null);
    assert_eq!(v["id"], "box");
}

#[test]
fn show_prints_an_outline_with_start_times() {
    let r = run(&[
        "show",
        "silent-sit",
        "--set",
        "length=20m",
        "--set",
        "interval=10m",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_goldens(vec![golden("tests/golden/show/silent-sit.txt", &r.stdout)]);
}

#[test]
fn unknown_sessions_and_params_are_explained() {
    let r = run(&["show", "box-breath"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("error: no session 'box-breath' — did you mean 'box-breathing'?"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: `still list`"));
    let r = run(&["show", "box-breathing", "--set", "round=3"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("--set round: the session has no param 'round'"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("did you mean 'rounds'?"));
    let r = run(&["show", "box-breathing", "--set", "rounds"]);
    assert!(
        r.stderr.contains("`--set rounds` is not NAME=VALUE"),
        "{}",
        r.stderr
    );
}

#[test]
fn list_json_names_every_session_and_its_source() {
    let home = tempfile::tempdir().unwrap();
    let mine = home.path().join("sessions/evening");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("evening.yaml"), "format: still/1\ntitle: My evening sit\ntags: [silent]\nsteps:\n  - bell: bowl\n  - pause: 5m\n").unwrap();
    // A broken script in the library is skipped with a warning, not fatal.
    std::fs::write(
        home.path().join("sessions/broken.yaml"),
        "format: still/1\n",
    )
    .unwrap();
    let r = run_in(home.path(), &["list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("warning: skipping"), "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let items = v.as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    for id in ["evening", "box-breathing", "grounding-54321", "silent-sit"] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    let evening = items.iter().find(|i| i["id"] == "evening").unwrap();
    assert_eq!(evening["source"], "library");
    assert_eq!(evening["duration_ms"], 305_000);
    for i in items {
        for key in ["id", "title", "summary", "tags", "duration_ms", "source"] {
            assert!(i.get(key).is_some(), "{key} in {i}");
        }
    }
    // And the library session plays by id.
    let r = run_in(home.path(), &["show", "evening", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn list_prints_a_table() {
    let r = run(&["list"]);
    assert_eq!(r.code, 0);
    // Grouped by practice: a heading, then each session indented with its length.
    assert!(r.stdout.starts_with("Grounding\n  "), "{}", r.stdout);
    let breathing = r
        .stdout
        .split("\n\n")
        .find(|g| g.starts_with("Breathing\n"));
    let breathing = breathing.expect("a breathing group");
    assert!(breathing.contains("  box-breathing "), "{breathing}");
    assert!(breathing.contains("Box breathing"), "{breathing}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let home = tempfile::tempdir().unwrap();
    let mut child = still(home.path())
        .args(["schema"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.code().is_some());
}

/// Issue #14: one rounding rule and one way of writing a length: `list`, `show` and the
/// player's clock agree (box breathing's 4:51 is 4m 51s everywhere), the ring-out is shown
/// apart, and in `show` each start plus its length is the next start.
#[test]
fn list_and_show_write_lengths_one_way_issue_14() {
    let list = run(&["list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let row = list
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("box-breathing "))
        .unwrap()
        .to_string();
    assert!(row.contains(" 4m 51s, then 12s of ring-out "), "{row}");
    let json: Value = serde_json::from_str(&run(&["list", "--json"]).stdout).unwrap();
    let entry = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "box-breathing")
        .unwrap();
    assert_eq!(entry["ring_out_ms"], 12_000);

    for id in ["box-breathing", "grounding-54321", "silent-sit"] {
        let show = run(&["show", id]);
        assert_eq!(show.code, 0, "{}", show.stderr);
        let clock = |t: &str| -> u64 {
            let parts: Vec<u64> = t.split(':').map(|p| p.parse().unwrap()).collect();
            parts.iter().fold(0, |a, p| a * 60 + p)
        };
        let secs = |l: &str| -> u64 {
            l.split(' ')
                .map(|p| match p.split_at(p.len() - 1) {
                    (n, "h") => n.parse::<u64>().unwrap() * 3600,
                    (n, "m") => n.parse::<u64>().unwrap() * 60,
                    (n, "s") => n.parse::<u64>().unwrap(),
                    _ => panic!("{l}"),
                })
                .sum()
        };
        // Top-level rows: a start, a kind, a detail, and the length at the end.
        let rows: Vec<(u64, u64)> = show
            .stdout
            .lines()
            .filter(|l| {
                let at = l.get(..8).unwrap_or("").trim();
                at.contains(':')
                    && at.chars().all(|c| c.is_ascii_digit() || c == ':')
                    && l.get(10..)
                        .is_some_and(|r| !r.starts_with(' ') && !r.starts_with("end"))
            })
            .filter_map(|l| {
                let start = clock(l[..8].trim());
                let tail = l.rsplit("  ").next()?.trim();
                (!tail.is_empty() && tail != "end").then(|| (start, secs(tail)))
            })
            .collect();
        let end = show
            .stdout
            .lines()
            .find_map(|l| match l.split_whitespace().collect::<Vec<_>>()[..] {
                [at, "end"] => Some(clock(at)),
                _ => None,
            })
            .unwrap();
        assert!(rows.len() > 3, "{id}: {rows:?}");
        for (i, (start, len)) in rows.iter().enumerate() {
            let next = rows.get(i + 1).map_or(end, |r| r.0);
            assert_eq!(start + len, next, "{id}, row {i}:\n{}", show.stdout);
        }
    }
}

/// Issue #19: notes (the session's and a step's) are shown by `show` and its JSON, never
/// as a say event or a caption; a wait is a step of its `render_as`; a line's inline
/// pauses are out of its label and its parts are say events on their frames.
#[test]
fn show_prints_notes_waits_and_the_parts_of_a_line_issue_19() {
    let r = run(&["show", "tests/scripts/valid/therapist.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("notes:   Invite clients to keep their eyes open if closing them"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("note: Slow the pace here if the client is anxious."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("say      Breathe in… and let it go."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("wait     Press space when you are ready to go on."),
        "{}",
        r.stdout
    );
    let j: serde_json::Value = serde_json::from_str(
        &run(&["show", "--json", "tests/scripts/valid/therapist.yaml"]).stdout,
    )
    .unwrap();
    assert_eq!(
        j["note"],
        "Invite clients to keep their eyes open if closing them feels unsafe."
    );
    let events = j["events"].as_array().unwrap();
    let step = |kind: &str| -> Vec<&serde_json::Value> {
        events
            .iter()
            .filter(|e| e["kind"] == "step" && e["step"] == kind)
            .collect()
    };
    assert_eq!(
        step("say")[0]["note"],
        "Slow the pace here if the client is anxious."
    );
    let waits = step("wait");
    assert_eq!(waits.len(), 2);
    assert_eq!(waits[0]["length_ms"], 5000);
    assert_eq!(waits[1]["length_ms"], 8000);
    assert_eq!(waits[1]["label"], "Open your eyes when you are ready.");
    let says: Vec<&serde_json::Value> = events.iter().filter(|e| e["kind"] == "say").collect();
    assert_eq!(says[0]["text"], "Breathe in…");
    assert_eq!(says[1]["text"], "and let it go.");
    assert_eq!(
        says[1]["start_frame"].as_u64().unwrap(),
        says[0]["start_frame"].as_u64().unwrap()
            + says[0]["length_frames"].as_u64().unwrap()
            + 96_000
    );
    assert!(
        says.iter()
            .all(|e| !e["text"].as_str().unwrap().contains("note")),
        "a note is never said"
    );
    let transcript = run(&["transcript", "tests/scripts/valid/therapist.yaml"]).stdout;
    assert!(
        transcript.contains("Breathe in… and let it go.\n"),
        "{transcript}"
    );
    assert!(
        !transcript.contains("Invite") && !transcript.contains("Press space"),
        "{transcript}"
    );
}
