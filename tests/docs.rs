//! The script format's reference in the repository (`docs/script-format.md`) is kept true:
//! every key the schema knows has a row in one of its tables, every built-in sound and
//! pattern is named, and nothing a user reads links outside the repository (#15).

mod common;

use std::collections::BTreeSet;

use common::*;

fn reference() -> String {
    std::fs::read_to_string(root().join("docs/script-format.md")).unwrap()
}

/// Every property name anywhere in the JSON Schema `still schema` prints.
fn schema_keys() -> BTreeSet<String> {
    fn walk(v: &serde_json::Value, keys: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                    keys.extend(props.keys().cloned());
                }
                map.values().for_each(|v| walk(v, keys));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, keys)),
            _ => {}
        }
    }
    let r = run(&["schema"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut keys = BTreeSet::new();
    walk(&serde_json::from_str(&r.stdout).unwrap(), &mut keys);
    keys
}

#[test]
fn every_key_of_the_schema_has_a_row_in_the_reference_issue_15() {
    let doc = reference();
    let keys = schema_keys();
    assert!(keys.len() > 30, "the schema has its keys: {keys:?}");
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !doc.lines().any(|l| l.starts_with(&format!("| `{k}` |"))))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/script-format.md has no table row for {missing:?}"
    );
}

#[test]
fn every_built_in_sound_and_pattern_is_named_in_the_reference_issue_15() {
    let doc = reference();
    for name in [
        "bowl",
        "rin",
        "gong",
        "chime",
        "wood",
        "brown-noise",
        "pink-noise",
        "rain",
        "ocean",
        "box",
        "4-7-8",
        "coherent",
        "sigh",
        "tone",
        "none",
    ] {
        assert!(
            doc.contains(&format!("`{name}`")),
            "docs/script-format.md names `{name}`"
        );
    }
}

#[test]
fn the_example_at_the_top_of_the_reference_is_a_valid_script_issue_15() {
    let doc = reference();
    let start = doc.find("```yaml\n").unwrap() + "```yaml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Its one clip, so that the example checks as written.
    std::fs::create_dir(dir.path().join("clips")).unwrap();
    std::fs::copy(
        root().join("tests/audio/tone.ogg"),
        dir.path().join("clips/welcome.ogg"),
    )
    .unwrap();
    let path = dir.path().join("example.yaml");
    std::fs::write(&path, &doc[start..end]).unwrap();
    let r = run(&["check", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn nothing_a_user_reads_links_outside_the_repository_issue_15() {
    let mut files = vec![
        root().join("README.md"),
        root().join("docs/script-format.md"),
    ];
    for t in std::fs::read_dir(root().join("src/cli/templates")).unwrap() {
        files.push(t.unwrap().path());
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !text.contains("../shared") && !text.contains("SCRIPT-FORMAT.md"),
            "{} points outside the repository",
            f.display()
        );
    }
}
