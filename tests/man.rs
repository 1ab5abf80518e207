//! The man page: one page for every command, with the sections clap knows nothing of
//! (issue #15).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::*;

fn page() -> String {
    let r = run(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

/// The subcommands' names as clap lists them, nested ones with their parent.
fn subcommands(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{prefix} {}", sub.get_name());
        subcommands(sub, &name, out);
        out.push(name);
    }
}

/// Issue #15: the page refers to no per-command pages and describes every command in a
/// subsection of its own.
#[test]
fn issue_15_man_page_describes_every_command_itself() {
    let page = page();
    assert!(!page.contains("still-play"), "refers to still-play(1)");
    assert!(!page.contains("still\\-play"), "refers to still-play(1)");
    let mut names = vec![];
    subcommands(&still::cli::command(), "still", &mut names);
    assert!(names.len() > 15 && names.contains(&"still log add".to_string()));
    for name in names {
        assert!(
            page.contains(&format!(".SS \"{name}\"\n")),
            "no subsection for {name}"
        );
    }
    // Each command's own options are there, e.g. transcript's --format with its values.
    let transcript = &page[page.find(".SS \"still transcript\"").unwrap()..];
    let transcript = &transcript[..transcript[1..].find(".SS").unwrap()];
    assert!(transcript.contains("\\-\\-format"), "{transcript}");
    assert!(transcript.contains("srt"), "{transcript}");
}

/// Issue #15: keys, environment, files, exit status and examples are sections, with what
/// the code holds: every key the player answers, every exit code.
#[test]
fn issue_15_man_page_has_keys_environment_files_exit_status() {
    let page = page();
    for section in [
        ".SH KEYS",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH \"EXIT STATUS\"",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(&format!("\n{section}\n")), "no {section}");
    }
    let keys = section(&page, ".SH KEYS");
    for key in [
        "space",
        "Right",
        "Left",
        "Esc",
        "Ctrl\\-C",
        "\\fBm\\fR",
        "\\fBc\\fR",
    ] {
        assert!(keys.contains(key), "KEYS lacks {key}:\n{keys}");
    }
    let env = section(&page, ".SH ENVIRONMENT");
    for var in ["STILL_HOME", "NO_COLOR", "TZ"] {
        assert!(env.contains(var), "ENVIRONMENT lacks {var}");
    }
    let files = section(&page, ".SH FILES");
    for file in ["config.toml", "journal.sqlite", "sessions/", "cache/voice/"] {
        assert!(files.contains(file), "FILES lacks {file}");
    }
    let exit = section(&page, ".SH \"EXIT STATUS\"");
    for code in ["0", "1", "2", "3", "130"] {
        assert!(
            exit.contains(&format!(".TP\n\\fB{code}\\fR\n")),
            "EXIT STATUS lacks {code}"
        );
    }
}

/// The text of one section, up to the next.
fn section<'a>(page: &'a str, head: &str) -> &'a str {
    let start = page.find(&format!("\n{head}\n")).unwrap() + 1;
    let rest = &page[start + head.len()..];
    &rest[..rest.find("\n.SH ").unwrap_or(rest.len())]
}

/// Issue #15: every example command sits in no-fill text, so no justification spreads
/// it, and reads with `-` escaped as roff wants.
#[test]
fn issue_15_man_page_examples_are_not_filled() {
    let page = page();
    let examples = section(&page, ".SH EXAMPLES");
    let mut shown = 0;
    for line in examples.lines().filter(|l| l.contains("still ")) {
        if line.starts_with("\\fBstill") {
            shown += 1;
            let before = &examples[..examples.find(line).unwrap()];
            assert!(
                before.rfind(".nf") > before.rfind(".fi"),
                "{line} is not inside .nf/.fi"
            );
        }
    }
    assert!(shown >= 5, "{examples}");
    assert!(examples.contains("box\\-breathing"), "{examples}");
    // No text line may start with a dot or an apostrophe unescaped, or it is a request.
    for line in page.lines() {
        if let Some(request) = line.strip_prefix('.').or_else(|| line.strip_prefix('\'')) {
            let name: String = request
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            assert!(
                [
                    "ie", "el", "TH", "SH", "SS", "TP", "PP", "RS", "RE", "nf", "fi", "ad", "nh",
                    "IP", "br"
                ]
                .contains(&name.as_str()),
                "a text line read as a request: {line}"
            );
        }
    }
}

/// Issue #15: the page as `man` shows it (groff with preconv, as man-db runs it): no
/// warnings, the examples on lines of their own, exactly as typed.
#[test]
fn issue_15_man_page_renders_with_groff() {
    if Command::new("groff").arg("--version").output().is_err() {
        eprintln!("groff is not installed; .ci/run installs it (groff-base)");
        return;
    }
    let page = page();
    let mut child = Command::new("groff")
        // Plain text: no escape sequences, no overstriking for bold or underline.
        .args(["-k", "-man", "-Tutf8", "-ww", "-rLL=80n", "-P-cbou"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // show's help holds a JSON shape with no space to break at; nothing else may warn.
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.contains("can't break line"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    for typed in [
        "still timer 20m --bells-every 5m",
        "still check my-session.yaml",
    ] {
        assert!(
            text.lines().any(|l| l.trim() == typed),
            "{typed} not on a line of its own:\n{text}"
        );
    }
    assert!(text.contains("EXIT STATUS"));
}
