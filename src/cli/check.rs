//! `still check FILE…`

use super::Exit;
use super::{Fail, out};
use crate::library;
use crate::session::{self, SessionError};
use crate::timeline::time::human;
use crate::util::text::inert;

/// Check session scripts for errors without playing them
///
/// Every problem in every file is reported at once, as file:line:col with the line, a caret
/// and a hint. Every clip is decoded too, so a damaged or cut-short file is found here.
/// Exits 0 when all scripts are valid, 1 otherwise. A course file (`format: still-course/1`)
/// is checked as a course, every session it assigns looked up.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Script files to check (ids of installed sessions work too: every language of one)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,

    /// Check a session id in this language only (es, fr, …)
    #[arg(long, value_name = "LANG")]
    language: Option<String>,

    /// Check with a param set to a value, as `play --set` would
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = super::home();
    let voices = session::voices(home.as_ref())?;
    let shared = library::shared_ids(home.as_ref());
    let mut diags = vec![];
    let mut failed = false;
    let pick = match &args.language {
        Some(l) => super::args::pick(Some(l), home.as_ref())?,
        None => library::Pick::english(),
    };
    for file in &args.files {
        if super::pack_course::is_course(file, home.as_ref()) {
            for found in course_files(file, home.as_ref()) {
                check_course(file, found, home.as_ref(), &mut diags, &mut failed);
            }
            continue;
        }
        let scripts = match library::find_every(file, home.as_ref(), &pick) {
            Ok(scripts) => scripts.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
        let several = scripts.len() > 1;
        for found in scripts {
            check_one(
                file,
                found,
                several,
                &args,
                &voices,
                &shared,
                &mut diags,
                &mut failed,
            )?;
        }
    }
    if !diags.is_empty() {
        return Err(Fail::diagnostics(diags));
    }
    Ok(if failed { Exit::Input } else { Exit::Ok })
}

/// The course `file` names: a built-in id is every language it comes in.
fn course_files(
    file: &str,
    home: Option<&crate::home::Home>,
) -> Vec<Result<library::courses::FoundCourse, library::LibraryError>> {
    let found = library::courses::find(file, home);
    match &found {
        Ok(f) if f.path.is_none() => library::courses::builtin_courses()
            .filter(|(_, c)| c.quick_id() == file)
            .map(|(_, c)| Ok(c))
            .collect(),
        _ => vec![found],
    }
}

/// Checks a course: its own rules, then that every session it assigns can be found.
fn check_course(
    file: &str,
    found: Result<library::courses::FoundCourse, library::LibraryError>,
    home: Option<&crate::home::Home>,
    diags: &mut Vec<crate::script::Diagnostics>,
    failed: &mut bool,
) {
    let loaded = match found
        .map_err(crate::course::CourseError::from)
        .and_then(crate::course::from_found)
    {
        Ok(l) => l,
        Err(crate::course::CourseError::Invalid(d)) => return diags.push(d),
        Err(crate::course::CourseError::Library(library::LibraryError::Unreadable(d))) => {
            return diags.push(d);
        }
        Err(e) => {
            *failed = true;
            Fail::from(e).report();
            return;
        }
    };
    if let Err(d) = loaded.check_sessions(home) {
        return diags.push(d);
    }
    let c = &loaded.course;
    let weeks = c.weeks.len();
    let sessions = c.session_ids().len();
    let _ = out::print(&format!(
        "{}: ok — {} ({}{}), a course of {weeks} week{} and {sessions} session{}\n",
        inert(file),
        inert(&c.title),
        c.id,
        // A built-in course comes in several languages: the line says which.
        if loaded.found.path.is_none() {
            format!(", {}", c.language)
        } else {
            String::new()
        },
        if weeks == 1 { "" } else { "s" },
        if sessions == 1 { "" } else { "s" },
    ));
}

/// Checks one script; `several`: the reference named a session in several languages, so
/// the line says which.
#[allow(clippy::too_many_arguments)]
fn check_one(
    file: &str,
    found: Result<library::Found, library::LibraryError>,
    several: bool,
    args: &Args,
    voices: &Option<crate::voice::Cache>,
    shared: &[library::SharedId],
    diags: &mut Vec<crate::script::Diagnostics>,
    failed: &mut bool,
) -> Result<(), Fail> {
    let result = found
        .map_err(SessionError::from)
        .and_then(|f| session::prepare_voiced(f, &args.sets, voices.as_ref()))
        // Decoding every clip finds what probing cannot: a file cut short, a damaged stream.
        .and_then(|s| s.check_clips().map(|_| s));
    match result {
        Ok(s) => {
            let language = if several {
                format!(", {}", s.script.spoken_language())
            } else {
                String::new()
            };
            out::print(&format!(
                "{}: ok — {} ({}{language}), {}\n",
                inert(file),
                inert(&s.script.title),
                s.script.id,
                human(s.timeline.length)
            ))?;
            if let Some(w) = s.warnings() {
                out::warn_at(&w);
            }
            if let Some(shared) = shared.iter().find(|x| x.id == s.script.id) {
                out::warn(&shared.describe());
            } else if s.origin.kind() == "file" && library::builtin_ids().contains(&s.script.id) {
                out::warn(&format!(
                    "{file} has the id '{}' of a built-in session: in your library it would hide it",
                    s.script.id
                ));
            }
        }
        Err(SessionError::Script(d)) => diags.push(d),
        Err(SessionError::Library(library::LibraryError::Unreadable(d))) => diags.push(d),
        Err(e) => {
            *failed = true;
            Fail::from(e).report();
        }
    }
    Ok(())
}
