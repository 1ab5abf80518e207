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

/// #15: the title kept as typed, the id transliterated, the file's own extension kept in
/// any case, and printed commands that work when pasted into a shell.
#[test]
fn new_keeps_the_title_as_typed_and_prints_commands_that_paste_issue_15() {
    let dir = tempfile::tempdir().unwrap();
    let new = |name: &str| {
        Run::from(
            still(dir.path())
                .current_dir(dir.path())
                .args(["new", name])
                .output()
                .unwrap(),
        )
    };
    for (name, file, id, title) in [
        (
            "Atemübung für Kinder",
            "Atemübung für Kinder.yaml",
            "atemubung-fur-kinder",
            "Atemübung für Kinder",
        ),
        ("呼吸", "呼吸.yaml", "hu-xi", "呼吸"),
        ("calm.YAML", "calm.YAML", "calm", "Calm"),
        (
            "Breath: a practice",
            "Breath: a practice.yaml",
            "breath-a-practice",
            "Breath: a practice",
        ),
    ] {
        let r = new(name);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let path = dir.path().join(file);
        assert!(path.is_file(), "{name}: {file} written; {}", r.stdout);
        let r = run_in(dir.path(), &["show", path.to_str().unwrap(), "--json"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let show: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(show["id"], id, "{name}");
        assert_eq!(show["title"], title, "{name}");
    }
    // The next commands, pasted into a shell, name the file written.
    let r = new("Evening Wind-Down");
    let line = r.stdout.lines().find(|l| l.starts_with("Next:")).unwrap();
    let command = line.split('`').nth(1).unwrap();
    assert_eq!(command, "still check 'Evening Wind-Down.yaml'");
    let words = shlex::split(command).unwrap();
    assert!(dir.path().join(&words[2]).is_file(), "{words:?}");
}
