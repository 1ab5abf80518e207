//! `still new`: a valid, commented script from a template, never over an existing file.

mod common;

use common::*;

#[test]
fn new_writes_a_valid_script_from_each_template() {
    let dir = tempfile::tempdir().unwrap();
    for (name, template, file, id) in [
        (
            "Evening Wind-Down",
            "breathing",
            "Evening Wind-Down.yaml",
            "evening-wind-down",
        ),
        ("senses", "grounding", "senses.yaml", "senses"),
        ("sit.yaml", "silent", "sit.yaml", "sit"),
        ("empty", "blank", "empty.yaml", "empty"),
    ] {
        let r = still(dir.path())
            .current_dir(dir.path())
            .args(["new", name, "--template", template])
            .output()
            .unwrap();
        let r = Run::from(r);
        assert_eq!(r.code, 0, "{template}: {}", r.stderr);
        assert!(
            r.stdout.starts_with(&format!(
                "wrote {file} (id {id}, from the {template} template)"
            )),
            "{}",
            r.stdout
        );
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=./still.schema.json\n"),
            "{text}"
        );
        assert!(text.contains(&format!("id: {id}")), "{text}");
        let r = run_in(dir.path(), &["check", path.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{template}: {}", r.stderr);
    }
    // Never over an existing file.
    let before = std::fs::read(dir.path().join("senses.yaml")).unwrap();
    let r = Run::from(
        still(dir.path())
            .current_dir(dir.path())
            .args(["new", "senses", "--template", "blank"])
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("cannot write senses.yaml"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("still never writes over a script"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("senses.yaml")).unwrap(),
        before
    );
    // The schema the first line points at is the one `still schema` prints.
    let r = run(&["schema"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("still/1"));
}
