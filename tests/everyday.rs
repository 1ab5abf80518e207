//! Everyday commands without surprises (#15): files that are not what a command expects,
//! and ids that more than one session holds.

mod common;

use std::path::Path;

use common::*;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// #15: `play` of a bundle says what it is and what to run, and prints none of its bytes;
/// `import` of a script says it is a script and how to play it.
#[test]
fn a_bundle_played_and_a_script_imported_are_named_for_what_they_are_issue_15() {
    let home = tempfile::tempdir().unwrap();
    let script = write(
        home.path(),
        "evening.yaml",
        "format: still/1\ntitle: Evening\nsteps:\n  - bell: rin\n",
    );
    let bundle = home.path().join("evening.still");
    let r = run_in(
        home.path(),
        &["pack", &script, "-o", bundle.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = run_in(
        home.path(),
        &["play", bundle.to_str().unwrap(), "--output", "null"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("this is a session bundle"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("still import"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("PK"),
        "no bytes of the zip: {}",
        r.stderr
    );
    assert!(
        r.stderr.chars().all(|c| c == '\n' || !c.is_control()),
        "nothing but text: {:?}",
        r.stderr
    );
    let r = run_in(home.path(), &["check", bundle.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("this is a session bundle"),
        "{}",
        r.stderr
    );

    let r = run_in(home.path(), &["import", &script]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("is a session script, not a bundle"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("still play"), "{}", r.stderr);
    assert!(!r.stderr.contains("EOCD"), "{}", r.stderr);
    assert!(!home.path().join("sessions").exists(), "nothing installed");

    // An audio file where a script was expected.
    let r = run_in(
        home.path(),
        &[
            "show",
            &root().join("tests/audio/tone.ogg").display().to_string(),
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("this is an audio file, not a script"),
        "{}",
        r.stderr
    );
}

/// #15: a library script with a built-in's id is named by `list` and `check`; two with one
/// id are named both, and the id is refused with both paths.
#[test]
fn ids_held_twice_are_never_silent_issue_15() {
    let home = tempfile::tempdir().unwrap();
    let lib = home.path().join("sessions");
    std::fs::create_dir_all(&lib).unwrap();
    let mine = write(
        &lib,
        "my-box.yaml",
        "format: still/1\ntitle: My box\nid: box-breathing\nsteps:\n  - bell: rin\n",
    );
    let r = run_in(home.path(), &["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{mine} has the id 'box-breathing' of a built-in session, and hides it"
        )),
        "{}",
        r.stderr
    );
    let r = run_in(home.path(), &["check", &mine]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("hides it"), "{}", r.stderr);
    // The library's script plays, as documented.
    let r = run_in(home.path(), &["show", "box-breathing", "--json"]);
    let show: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(show["title"], "My box");

    let calm_a = write(
        &lib,
        "calm.yaml",
        "format: still/1\ntitle: Calm A\nsteps:\n  - bell: rin\n",
    );
    std::fs::create_dir(lib.join("calm")).unwrap();
    let calm_b = write(
        &lib.join("calm"),
        "calm.yaml",
        "format: still/1\ntitle: Calm B\nsteps:\n  - bell: bowl\n",
    );
    let r = run_in(home.path(), &["list"]);
    assert!(
        r.stderr
            .contains(&format!("{calm_a} and {calm_b} have the same id 'calm'"))
            || r.stderr
                .contains(&format!("{calm_b} and {calm_a} have the same id 'calm'")),
        "{}",
        r.stderr
    );
    let r = run_in(home.path(), &["show", "calm"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains("'calm' is the id of 2 scripts"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&calm_a) && r.stderr.contains(&calm_b),
        "{}",
        r.stderr
    );
}
