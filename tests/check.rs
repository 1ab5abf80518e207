//! `still check`: every rule of the format, reported as golden diagnostics.

mod common;

use common::*;

fn broken_scripts() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/scripts/broken"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

#[test]
fn broken_scripts_match_their_golden_diagnostics() {
    let names = broken_scripts();
    assert!(names.len() >= 25, "the corpus covers every rule");
    let mut results = vec![];
    for name in names {
        let path = format!("tests/scripts/broken/{name}");
        let r = run(&["check", &path]);
        assert_eq!(r.code, 1, "{path} should be refused:\n{}", r.stderr);
        assert!(r.stdout.is_empty(), "{path}: {}", r.stdout);
        assert!(!r.stderr.contains("panicked"), "{path}: {}", r.stderr);
        // The first line names the file, line and column.
        assert!(
            r.stderr.starts_with(&format!("{path}:")),
            "{path}: {}",
            r.stderr
        );
        results.push(golden(
            &format!(
                "tests/golden/check/{}.stderr",
                name.trim_end_matches(".yaml")
            ),
            &r.stderr,
        ));
    }
    assert_goldens(results);
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let r = run(&["check", "tests/scripts/broken/several-errors.yaml"]);
    let located = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("tests/scripts/broken/several-errors.yaml:"))
        .count();
    assert!(located >= 9, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("unknown step 'bel' — did you mean 'bell'?")
    );
}

#[test]
fn valid_scripts_and_built_in_sessions_pass() {
    let r = run(&[
        "check",
        "tests/scripts/valid/kitchen-sink.yaml",
        "box-breathing",
        "grounding-54321",
        "silent-sit",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A file, then each built-in id in each of its languages (#20).
    assert_eq!(r.stdout.lines().count(), 1 + 3 * 3, "{}", r.stdout);
    assert!(r.stdout.starts_with("tests/scripts/valid/kitchen-sink.yaml: ok — Everything the format allows (kitchen-sink), 3m 31s\n"));
}

#[test]
fn a_line_that_runs_into_a_cue_or_a_bell_is_a_warning_issue_16() {
    let path = "tests/scripts/warn/crowded.yaml";
    let r = run(&["check", path]);
    assert_eq!(r.code, 0, "a warning does not fail the check: {}", r.stderr);
    assert!(r.stdout.starts_with(&format!("{path}: ok")), "{}", r.stdout);
    assert_goldens(vec![golden(
        "tests/golden/check/crowded.warning",
        &r.stderr,
    )]);
}

#[test]
fn no_built_in_session_has_a_line_running_into_a_strike_issue_16() {
    let ids: Vec<String> = std::fs::read_dir(root().join("sessions"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.strip_suffix(".yaml").map(str::to_owned)
        })
        .collect();
    assert!(ids.len() >= 15);
    let mut args = vec!["check".to_string()];
    args.extend(ids);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn every_file_is_checked_even_after_a_broken_one() {
    let r = run(&[
        "check",
        "tests/scripts/broken/unknown-step.yaml",
        "tests/scripts/valid/kitchen-sink.yaml",
        "tests/scripts/broken/bad-id.yaml",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("kitchen-sink.yaml: ok"));
    assert!(r.stderr.contains("unknown-step.yaml:4:5:"));
    assert!(r.stderr.contains("bad-id.yaml:3:5:"));
    assert!(r.stderr.contains("error: 3 problems in 2 files"));
}

#[test]
fn a_missing_file_is_named() {
    let r = run(&["check", "nowhere/session.yaml"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("error: cannot read nowhere/session.yaml\n  caused by: No such file"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_with_set_values_checks_their_bounds() {
    let r = run(&["check", "box-breathing", "--set", "rounds=99"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("--set rounds=99: out of range; it may be from 2 to 30"),
        "{}",
        r.stderr
    );
    let r = run(&["check", "box-breathing", "--set", "rounds=3"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_script_folder_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/scripts/broken/clips/text.ogg"),
        outside.path().join("secret.ogg"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.ogg"),
        dir.path().join("clip.ogg"),
    )
    .unwrap();
    let script = dir.path().join("s.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: T\nsteps:\n  - say: Hi\n    clip: clip.ogg\n",
    )
    .unwrap();
    let r = run(&["check", script.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(":5:11: clip 'clip.ogg':"), "{}", r.stderr);
    assert!(
        r.stderr.contains("outside the script's folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_mebibyte_of_noise_and_an_oversized_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Printable noise that is valid UTF-8, so the YAML parser itself has to refuse it.
    let mut state = 0x2545F4914F6CDD1Du64;
    let noise: String = (0..1024 * 1024 - 1)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let alphabet = b" -:{}[]&*!|>'\"%@`#,?abc\n\t";
            alphabet[(state % alphabet.len() as u64) as usize] as char
        })
        .collect();
    let noisy = dir.path().join("noise.yaml");
    std::fs::write(&noisy, noise).unwrap();
    let r = run(&["check", noisy.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"));

    // A script of exactly 1 MiB is within the limit; one byte more is not.
    let head = "format: still/1\ntitle: Padded\nsteps:\n  - pause: 1s\n#";
    let padded = dir.path().join("padded.yaml");
    std::fs::write(
        &padded,
        format!("{head}{}", "#".repeat(1024 * 1024 - head.len())),
    )
    .unwrap();
    let r = run(&["check", padded.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let big = dir.path().join("big.yaml");
    std::fs::write(&big, "#".repeat(1024 * 1024 + 1)).unwrap();
    let r = run(&["check", big.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("the file is larger than 1 MiB"),
        "{}",
        r.stderr
    );
}

/// Issue #15: after a YAML error, the problems in the rest of the file are still reported,
/// and none that the misindented line itself might settle.
#[test]
fn issue_15_problems_after_a_yaml_error_are_reported() {
    let path = "tests/scripts/broken/indent-then-more.yaml";
    let r = run(&["check", path]);
    assert_eq!(r.code, 1);
    let located: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{path}:")))
        .collect();
    assert_eq!(located.len(), 3, "{}", r.stderr);
    assert!(
        located[0].contains(":7:4: the indentation is off"),
        "{}",
        r.stderr
    );
    assert!(
        located[1].contains(":8:12: pause 'a while'"),
        "{}",
        r.stderr
    );
    assert!(
        located[2].contains(":9:5: unknown step 'bel'"),
        "{}",
        r.stderr
    );
    // The param defined on the left-out line is not reported as unknown where it is used.
    let r = run(&["check", "tests/scripts/broken/indent-params.yaml"]);
    assert!(
        r.stderr.contains("error: 1 problem in 1 file"),
        "{}",
        r.stderr
    );
    // A refusal (an alias bomb) is not read past.
    let r = run(&["check", "tests/scripts/broken/alias-bomb.yaml"]);
    assert!(
        r.stderr.contains("error: 1 problem in 1 file"),
        "{}",
        r.stderr
    );
}

/// Issue #19: each still/1.1 feature under `format: still/1` is refused, named, with the
/// format to write; the new mistakes have their goldens (checked with the whole corpus).
#[test]
fn each_still_1_1_feature_under_still_1_is_named_issue_19() {
    for (name, feature) in [
        ("inline-pause-in-still-1", "a pause inside a line (`[2s]`)"),
        ("wait-in-still-1", "the `wait` step"),
        ("note-in-still-1", "`note`"),
        ("chapter-in-still-1", "`chapter`"),
    ] {
        let r = run(&["check", &format!("tests/scripts/broken/{name}.yaml")]);
        assert_eq!(r.code, 1, "{name}");
        assert!(
            r.stderr
                .contains(&format!("{feature} is a still/1.1 feature")),
            "{name}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("write `format: still/1.1`"), "{name}");
    }
    for name in ["inline-pauses", "wait"] {
        assert!(
            root()
                .join(format!("tests/golden/check/{name}.stderr"))
                .is_file(),
            "{name} has its golden"
        );
    }
}

/// Issue #19: a still/1.1 script with every addition passes.
#[test]
fn a_still_1_1_script_with_pauses_waits_and_notes_passes_issue_19() {
    let r = run(&["check", "tests/scripts/valid/therapist.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
