//! Courses (`format: still-course/1`, docs/course-format.md): weeks of practice, each with
//! the sessions assigned and a sentence on what it practises. [`parse`] checks a course
//! with located errors; [`plan`] says what is assigned on a day (pure: the caller passes
//! the day in); [`progress`] holds a day's sits against it; [`state`] is `course.json`, the
//! course being followed.

pub mod model;
pub mod parse;
pub mod plan;
pub mod progress;
pub mod schema;
pub mod state;

use std::path::PathBuf;

pub use model::{Course, Week};
pub use plan::{Assigned, Standing, assigned_on, plan};

use crate::home::Home;
use crate::library::courses::{self, FoundCourse};
use crate::library::{self, LibraryError, Pick};
use crate::script::{Diagnostic, Diagnostics};

#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    #[error(transparent)]
    Library(#[from] LibraryError),
    /// The course has errors, shown as `still check` shows them.
    #[error("{} is not a valid course", .0.source.name)]
    Invalid(Diagnostics),
    #[error("cannot write {}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} cannot be read: {reason}", .path.display())]
    State { path: PathBuf, reason: String },
}

impl CourseError {
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            CourseError::Library(e) => e.hint(),
            CourseError::State { .. } => {
                Some("`still course stop` removes it; then start the course again")
            }
            _ => None,
        }
    }
}

/// A course found and parsed.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub course: Course,
    pub found: FoundCourse,
}

/// Finds (a file, an installed id, a built-in id) and parses a course, a built-in one in
/// English.
pub fn load(reference: &str, home: Option<&Home>) -> Result<Loaded, CourseError> {
    load_in(reference, home, crate::util::language::ENGLISH)
}

/// As [`load`], a built-in course in `language` when it has a translation in it.
pub fn load_in(
    reference: &str,
    home: Option<&Home>,
    language: &str,
) -> Result<Loaded, CourseError> {
    let found = courses::find_in(reference, home, language)?;
    from_found(found)
}

/// Parses a course already found.
pub fn from_found(found: FoundCourse) -> Result<Loaded, CourseError> {
    let course = parse::parse(&found.source, &found.default_id).map_err(CourseError::Invalid)?;
    Ok(Loaded { course, found })
}

/// The course that `course.json` names, with its state; `None` when none was started. A
/// built-in course is read in `language` when it has a translation in it: the same weeks
/// and sessions, in the sitter's words.
pub fn current(home: &Home, language: &str) -> Result<Option<(Loaded, state::State)>, CourseError> {
    let Some(state) = state::read(home)? else {
        return Ok(None);
    };
    let reference = if state.source == "built-in" {
        state.course.as_str()
    } else {
        state.source.as_str()
    };
    // A file moved away since: the installed or built-in course of that id still serves.
    let loaded = load_in(reference, Some(home), language).or_else(|e| match e {
        CourseError::Library(_) if reference != state.course => {
            load_in(&state.course, Some(home), language)
        }
        e => Err(e),
    })?;
    Ok(Some((loaded, state)))
}

impl Loaded {
    /// What `still play` is given for session `id` of this course: the script beside the
    /// course file that has the id, else the id itself (the library, then built-in).
    pub fn session_reference(&self, id: &str) -> String {
        self.found
            .folder()
            .and_then(|dir| library::find_in_folder(dir, id))
            .map_or_else(|| id.to_string(), |p| p.display().to_string())
    }

    /// Every session the course assigns, found as `still play` would find it: an id that
    /// names none is an error at the place it is written.
    pub fn check_sessions(&self, home: Option<&Home>) -> Result<(), Diagnostics> {
        let mut items = vec![];
        for week in &self.course.weeks {
            for (id, span) in week.sessions.iter().zip(&week.spans) {
                let reference = self.session_reference(id);
                if let Err(e) = library::find(&reference, home, &Pick::english()) {
                    let d = match e {
                        LibraryError::NotFound { suggestion, .. } => Diagnostic::new(
                            *span,
                            match suggestion {
                                Some(s) => format!("no session '{id}' — did you mean '{s}'?"),
                                None => format!("no session '{id}'"),
                            },
                        )
                        .hint("`still list` shows the sessions there are; a script beside the course file counts too"),
                        e => Diagnostic::new(*span, e.to_string()).maybe_hint(e.hint().map(str::to_string)),
                    };
                    items.push(d);
                }
            }
        }
        if items.is_empty() {
            return Ok(());
        }
        Err(Diagnostics {
            source: self.found.source.clone(),
            items,
        })
    }
}
