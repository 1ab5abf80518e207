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
