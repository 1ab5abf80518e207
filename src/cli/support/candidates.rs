//! What Tab offers, asked of the binary at completion time: the ids of the sessions in the
//! library change long after the completion script was installed.

use std::ffi::OsStr;
use std::path::Path;

use clap_complete::engine::{
    ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter,
};

use crate::library;
use crate::script;

/// The subcommands whose `session` argument takes an id or a script file.
const SESSION_COMMANDS: [&str; 5] = ["play", "show", "render", "pack", "transcript"];

/// The subcommands whose `--session` takes only an id.
const ID_COMMANDS: [&str; 1] = ["remind"];

/// The environment variable that switches the binary into answering the shell's completion
/// script; a name of our own so that a `COMPLETE` set for something else does not.
pub const VAR: &str = "STILL_COMPLETE";

/// The clap command with the session completer attached. It is added here rather than on
/// each argument so every command completes the same way.
pub fn command() -> clap::Command {
    let mut cmd = crate::cli::command();
    for name in SESSION_COMMANDS {
        cmd = cmd.mut_subcommand(name, |sub| {
            sub.mut_arg("session", |arg| arg.add(ArgValueCompleter::new(sessions)))
        });
    }
    // `still play today` plays the course's session for today.
    cmd = cmd.mut_subcommand("play", |sub| {
        sub.mut_arg("session", |arg| {
            arg.add(ArgValueCompleter::new(play_sessions))
        })
    });
    cmd = cmd.mut_subcommand("course", |course| {
        course.mut_subcommand("start", |start| {
            start.mut_arg("course", |arg| arg.add(ArgValueCompleter::new(courses)))
        })
    });
    for name in ID_COMMANDS {
        cmd = cmd.mut_subcommand(name, |sub| {
            sub.mut_arg("session", |arg| {
                arg.add(ArgValueCompleter::new(session_ids))
            })
        });
    }
    cmd
}

/// Answers the shell and exits when `STILL_COMPLETE` is set; otherwise returns.
pub fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(command)
        .var(VAR)
        .complete();
}

/// Session ids (built-in and the library's) that start with what was typed, then script
/// files and folders.
fn sessions(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    // Ids have no slash; once one is typed only a path can follow.
    let mut out = if typed.contains('/') {
        vec![]
    } else {
        session_ids(current)
    };
    out.extend(
        PathCompleter::any()
            .filter(is_script_or_folder)
            .complete(current),
    );
    out
}

/// What `play` takes: `today`, then [`sessions`].
fn play_sessions(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut out = vec![];
    if "today".starts_with(current.to_string_lossy().as_ref()) {
        out.push(CompletionCandidate::new("today").help(Some("the course's session".into())));
    }
    out.extend(sessions(current));
    out
}

/// Course ids (built-in and imported) that start with what was typed, then files.
fn courses(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let mut out = vec![];
    if !typed.contains('/') {
        for found in library::courses::all(crate::cli::home().as_ref()) {
            let id = found.quick_id();
            if id.starts_with(typed.as_ref()) {
                let kind = if found.path.is_some() {
                    "imported"
                } else {
                    "built-in"
                };
                out.push(CompletionCandidate::new(id).help(Some(kind.into())));
            }
        }
    }
    out.extend(
        PathCompleter::any()
            .filter(is_script_or_folder)
            .complete(current),
    );
    out
}

/// Session ids (built-in and the library's) that start with what was typed.
fn session_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let mut out = vec![];
    let mut seen = vec![];
    for found in library::all(crate::cli::home().as_ref())
        .into_iter()
        .flatten()
    {
        let id = script::peek_id(&found.source.text).unwrap_or(found.default_id);
        // One id, several languages: offered once.
        if seen.contains(&id) {
            continue;
        }
        seen.push(id.clone());
        if id.starts_with(typed.as_ref()) {
            out.push(CompletionCandidate::new(id).help(Some(found.origin.kind().into())));
        }
    }
    out
}

fn is_script_or_folder(path: &Path) -> bool {
    path.is_dir()
        || matches!(
            path.extension().and_then(OsStr::to_str),
            Some("yaml" | "yml")
        )
}
