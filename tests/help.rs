//! Help text, completions, the man page and the schema, from the same clap definitions.

mod common;

use common::*;

#[test]
fn help_texts_match_their_goldens() {
    let mut results = vec![];
    let top = run(&["--help"]);
    assert_eq!(top.code, 0);
    results.push(golden("tests/golden/help/still.txt", &top.stdout));
    for sub in [
        "play",
        "timer",
        "today",
        "course",
        "list",
        "show",
        "check",
        "render",
        "transcript",
        "new",
        "voice",
        "pack",
        "import",
        "remove",
        "schema",
        "completions",
        "man",
    ] {
        let r = run(&[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub}");
        results.push(golden(&format!("tests/golden/help/{sub}.txt"), &r.stdout));
    }
    assert_goldens(results);
}

#[test]
fn usage_errors_exit_2() {
    let r = run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Usage:"));
    let r = run(&["dance"]);
    assert_eq!(r.code, 2);
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}");
        assert!(r.stdout.contains("still"), "{shell}");
    }
    let r = run(&["man"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH still"),
        "{}",
        &r.stdout[..200]
    );
    assert!(r.stdout.contains("check"));
}

#[test]
fn schema_is_json_schema_for_the_format() {
    let r = run(&["schema"]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(
        v["properties"]["format"]["allOf"][0]["$ref"],
        "#/definitions/FormatDoc"
    );
    assert_eq!(
        v["properties"]["id"]["type"], "string",
        "optional keys are left out, never null"
    );
    assert!(!r.stdout.contains("\"null\""), "no value may be null");
    assert_eq!(v["definitions"]["FormatDoc"]["enum"][0], "still/1");
    assert!(
        v["definitions"]["StepDoc"]["anyOf"]
            .as_array()
            .unwrap()
            .len()
            == 6
    );
}
