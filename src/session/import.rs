//! Installing a bundle from someone else, every step `still import` takes: stage it (names,
//! sizes, checksums, inflating), check the script as `still check` would (decoding every
//! clip), verify it against the manifest, and rename it into the library.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::course::{self, Course, CourseError};
use crate::home::Home;
use crate::library::bundle::{self, BundleError, Installed, Staged};
use crate::library::{self, Occupant};
use crate::script::{Diagnostics, Script};
use crate::session::{self, Session, SessionError};

/// Why a bundle was not installed. Nothing it held is left behind.
#[derive(Debug)]
pub enum ImportError {
    /// Something in the bundle: a name, a size, a checksum, the manifest, a taken id.
    Refused(BundleError),
    /// The staged script has errors, to be shown as `still check` shows them.
    Script(Diagnostics),
    /// Anything else on the way: a clip, the config.
    Session(SessionError),
    /// The file is a session script, not a bundle: it needs no import.
    NotABundle(NotABundle),
    /// A course's bundle whose course could not be read.
    Course(CourseError),
}

/// What a bundle installed: a session, or a course with the sessions it brought.
pub enum Imported {
    Session(Installed, Box<Session>),
    Course {
        installed: Installed,
        course: Course,
        sessions: Vec<Session>,
    },
}

/// [`import`] for a bundle of either kind: a session, or a course with its sessions.
pub fn import_any(path: &Path, home: &Home, replace: bool) -> Result<Imported, ImportError> {
    if let Some(script) = a_script(path) {
        return Err(ImportError::NotABundle(script));
    }
    let staged = bundle::stage(path, home, replace).map_err(ImportError::Refused)?;
    if staged.is_course() {
        return import_course(staged, home, replace);
    }
    import_session(staged, home, replace).map(|(i, s)| Imported::Session(i, Box::new(s)))
}

/// A course's bundle: the course parsed, each session it holds checked as `still check`
/// would, the sessions it does not hold found on this home (built-in ones), no session id
/// taken by another in the library, then the whole folder installed in one rename.
fn import_course(staged: Staged, home: &Home, replace: bool) -> Result<Imported, ImportError> {
    let found = staged
        .course_found()
        .map_err(|e| ImportError::Session(e.into()))?;
    let loaded = course::from_found(found).map_err(|e| match e {
        CourseError::Invalid(d) => ImportError::Script(d),
        e => ImportError::Course(e),
    })?;
    let mut sessions = vec![];
    for found in staged.sessions_found() {
        let s = found
            .map_err(SessionError::from)
            .and_then(|f| session::prepare(f, &[]))
            .and_then(|s| s.check_clips().map(|_| s))
            .map_err(|e| match e {
                SessionError::Script(d) => ImportError::Script(d),
                e => ImportError::Session(e),
            })?;
        sessions.push(s);
    }
    loaded
        .check_sessions(Some(home))
        .map_err(ImportError::Script)?;
    let own = home.sessions().join(&loaded.course.id);
    for s in &sessions {
        let id = &s.script.id;
        let refused = match library::occupant(id, home) {
            None => None,
            Some(Occupant::Folder(p) | Occupant::Script(p)) if replace && p.starts_with(&own) => {
                None
            }
            Some(Occupant::Folder(path)) => Some(BundleError::Taken {
                id: id.clone(),
                path,
            }),
            Some(Occupant::Script(path)) => Some(BundleError::TakenByHand {
                id: id.clone(),
                path,
            }),
            Some(Occupant::Builtin) => Some(BundleError::TakenBuiltin { id: id.clone() }),
        };
        if let Some(e) = refused {
            return Err(ImportError::Refused(e));
        }
    }
    let scripts: Vec<&Script> = sessions.iter().map(|s| &s.script).collect();
    staged
        .verify_course(&loaded.course.id, &scripts)
        .map_err(ImportError::Refused)?;
    let installed = staged
        .install(home, replace)
        .map_err(ImportError::Refused)?;
    Ok(Imported::Course {
        installed,
        course: loaded.course,
        sessions,
    })
}

/// Installs the bundle at `path` (a `.still` file or a folder holding an unpacked one) into
/// `home`'s library; with `replace`, over an installed session of the same id.
pub fn import(
    path: &Path,
    home: &Home,
    replace: bool,
) -> Result<(Installed, Session), ImportError> {
    if let Some(script) = a_script(path) {
        return Err(ImportError::NotABundle(script));
    }
    let staged = bundle::stage(path, home, replace).map_err(ImportError::Refused)?;
    import_session(staged, home, replace)
}

fn import_session(
    staged: Staged,
    home: &Home,
    replace: bool,
) -> Result<(Installed, Session), ImportError> {
    let s = staged
        .found()
        .map_err(SessionError::from)
        .and_then(|f| session::prepare(f, &[]))
        .and_then(|s| s.check_clips().map(|_| s))
        .map_err(|e| match e {
            SessionError::Script(d) => ImportError::Script(d),
            e => ImportError::Session(e),
        })?;
    staged.verify(&s.script).map_err(ImportError::Refused)?;
    let installed = staged
        .install(home, replace)
        .map_err(ImportError::Refused)?;
    Ok((installed, s))
}

/// A session script given to `import`, which takes bundles.
#[derive(Debug, thiserror::Error)]
#[error("{} is a {}, not a bundle", .path.display(), if *.course { "course" } else { "session script" })]
pub struct NotABundle {
    pub path: PathBuf,
    /// A course file rather than a session's script.
    pub course: bool,
}

impl NotABundle {
    pub fn hint(&self) -> String {
        let file = self.path.display().to_string();
        let quoted = crate::util::text::shell_quoted(&file);
        if self.course {
            return format!(
                "a course needs no import: begin it with `still course start {quoted}`; \
                 `still pack {quoted}` makes a bundle of it and its sessions to share"
            );
        }
        format!(
            "a script needs no import: play it with `still play {quoted}`, or copy it into your \
             library's sessions folder to play it by its id; `still pack {quoted}` makes a \
             bundle of it to share"
        )
    }
}

/// `path` as a script, if it is a file that reads as one rather than as a zip.
fn a_script(path: &Path) -> Option<NotABundle> {
    if !path.is_file() {
        return None;
    }
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    let head = &head[..n];
    if head.starts_with(b"PK") {
        return None;
    }
    let text = std::str::from_utf8(head).ok()?;
    let named = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let says = text
        .lines()
        .any(|l| l.trim_start().starts_with("format: still/"));
    let course = library::courses::is_course(text);
    (named || says || course).then(|| NotABundle {
        path: path.to_path_buf(),
        course,
    })
}
