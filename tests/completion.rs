//! Tab completion, driven through the real bash script that `still completions bash`
//! prints (issue #15).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// The words bash would complete, one per line: the printed script sourced, then its
/// completion function called as bash calls it, with COMP_WORDS and COMP_CWORD set.
fn bash_complete(home: &Path, cwd: &Path, words: &[&str]) -> Vec<String> {
    let bin = Path::new(env!("CARGO_BIN_EXE_still")).parent().unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source <(still completions bash) || exit 9\n\
         COMP_WORDS=({words})\n\
         COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
         _clap_complete_still still \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = quoted.join(" ")
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .env_clear()
        .env("PATH", path)
        .env("STILL_HOME", home)
        .current_dir(cwd)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// A home with one script in the library, and a folder holding a script, a file that is
/// not one, and a subfolder.
fn setup() -> (tempfile::TempDir, tempfile::TempDir) {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("sessions")).unwrap();
    std::fs::write(
        home.path().join("sessions/evening-calm.yaml"),
        "format: still/1\ntitle: Evening calm\nsteps:\n  - say: Hello.\n",
    )
    .unwrap();
    let cwd = tempfile::tempdir().unwrap();
    std::fs::write(cwd.path().join("mine.yaml"), "format: still/1\n").unwrap();
    std::fs::write(cwd.path().join("notes.txt"), "not a script").unwrap();
    std::fs::create_dir(cwd.path().join("drafts")).unwrap();
    (home, cwd)
}

/// Issue #15: every command that takes a session offers built-in ids, the library's ids
/// and script files, but not other files.
#[test]
fn issue_15_bash_completes_session_ids_and_script_files() {
    let (home, cwd) = setup();
    for command in ["play", "show", "render", "pack", "transcript"] {
        let got = bash_complete(home.path(), cwd.path(), &["still", command, ""]);
        for want in ["box-breathing", "evening-calm", "mine.yaml", "drafts/"] {
            assert!(
                got.iter().any(|w| w == want),
                "{command}: {want} missing from {got:?}"
            );
        }
        assert!(!got.iter().any(|w| w == "notes.txt"), "{command}: {got:?}");
    }
}

/// Issue #15: what was typed narrows the ids, and a path narrows to files.
#[test]
fn issue_15_bash_completion_follows_what_was_typed() {
    let (home, cwd) = setup();
    let got = bash_complete(home.path(), cwd.path(), &["still", "play", "ev"]);
    assert_eq!(got, ["evening-calm"]);
    let got = bash_complete(home.path(), cwd.path(), &["still", "show", "./m"]);
    assert_eq!(got, ["./mine.yaml"]);
}

/// Issue #18: `still remind --session` offers session ids, and no files: it takes only an id.
#[test]
fn remind_session_completes_ids_only_issue_18() {
    let (home, cwd) = setup();
    let got = bash_complete(
        home.path(),
        cwd.path(),
        &["still", "remind", "--at", "07:30", "--session", ""],
    );
    for want in ["box-breathing", "evening-calm"] {
        assert!(got.iter().any(|w| w == want), "{want} missing from {got:?}");
    }
    assert!(
        !got.iter().any(|w| w == "mine.yaml" || w == "drafts/"),
        "{got:?}"
    );
    let got = bash_complete(
        home.path(),
        cwd.path(),
        &["still", "remind", "--session", "ev"],
    );
    assert_eq!(got, ["evening-calm"]);
}

/// Issue #15: `--format` offers its values.
#[test]
fn issue_15_bash_completes_format_values() {
    let (home, cwd) = setup();
    let got = bash_complete(
        home.path(),
        cwd.path(),
        &["still", "transcript", "box-breathing", "--format", ""],
    );
    assert_eq!(got, ["text", "vtt", "srt"]);
    let got = bash_complete(
        home.path(),
        cwd.path(),
        &["still", "export", "--format", ""],
    );
    assert!(got.iter().any(|w| w == "csv"), "{got:?}");
    assert!(got.iter().any(|w| w == "json"), "{got:?}");
}

/// Issue #15: every shell's script calls back into `still`, and the binary answers only
/// when that script asks.
#[test]
fn issue_15_every_shell_gets_a_script_that_asks_still() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains("STILL_COMPLETE"), "{shell}: {}", r.stdout);
    }
    // Outside completion, a `COMPLETE` meant for another program changes nothing.
    let home = tempfile::tempdir().unwrap();
    let out = still(home.path())
        .env("COMPLETE", "bash")
        .args(["list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("box-breathing"));
}
