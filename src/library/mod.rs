//! Finding a session: a path to a script, or an id among the user's library
//! (`STILL_HOME/sessions`, else the data folder) and the sessions built into the binary.

pub mod builtin;
pub mod bundle;
pub mod practice;

use std::path::{Path, PathBuf};

use crate::home::Home;
use crate::script::{self, DiskFolder, ScriptFolder, SourceFile};

/// Where a session came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary.
    Builtin,
    /// In the user's library, at this path.
    Library(PathBuf),
    /// A script file named on the command line.
    File(PathBuf),
}

impl Origin {
    /// `built-in`, `library` or `file`: how `list` and `show` say where a session came from.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Builtin => "built-in",
            Origin::Library(_) => "library",
            Origin::File(_) => "file",
        }
    }

    /// Whether a library session was installed by `still import`: its folder keeps the
    /// bundle's manifest.
    pub fn is_imported(&self) -> bool {
        match self {
            Origin::Library(path) => path
                .parent()
                .and_then(bundle::Manifest::of_installed)
                .is_some(),
            _ => false,
        }
    }

    /// The script's file, for a session that has one.
    pub fn path(&self) -> Option<PathBuf> {
        match self {
            Origin::Library(p) | Origin::File(p) => Some(p.clone()),
            Origin::Builtin => None,
        }
    }

    /// Where a session came from, as `list` and `show` say it: `imported, by AUTHOR` for a
    /// bundle whose script names its author.
    pub fn describe(&self, author: Option<&str>) -> String {
        match (self.is_imported(), author) {
            (true, Some(a)) => format!("imported, by {a}"),
            (true, None) => "imported".to_string(),
            _ => self.kind().to_string(),
        }
    }
}

/// A session's script, found and read but not yet parsed.
pub struct Found {
    pub source: SourceFile,
    pub default_id: String,
    pub folder: Box<dyn ScriptFolder>,
    pub origin: Origin,
}

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("no session '{reference}'{}", .suggestion.as_ref().map(|s| format!(" — did you mean '{s}'?")).unwrap_or_default())]
    NotFound {
        reference: String,
        suggestion: Option<String>,
    },
    #[error(transparent)]
    Read(#[from] script::ReadError),
    /// The file is too large or not text; the diagnostics say where.
    #[error("{} cannot be read as a script", .0.source.name)]
    Unreadable(script::Diagnostics),
    /// Two or more scripts in the library have this id.
    #[error("'{id}' is the id of {} scripts in your library: {}", .paths.len(), .paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and "))]
    Ambiguous { id: String, paths: Vec<PathBuf> },
    /// `remove` was given the id of a session built into the binary.
    #[error("'{0}' is a built-in session, not one in your library")]
    RemoveBuiltin(String),
    #[error("cannot remove {}", .path.display())]
    Remove {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl LibraryError {
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            LibraryError::NotFound { .. } => {
                Some("`still list` shows the sessions you have; a script file's path ends in .yaml")
            }
            LibraryError::RemoveBuiltin(_) => {
                Some("built-in sessions come with still and cannot be removed")
            }
            LibraryError::Ambiguous { .. } => {
                Some("give one of them another `id:` (or remove one), or play a file by its path")
            }
            _ => None,
        }
    }
}

/// Whether a reference names a file rather than an id.
fn is_path(reference: &str) -> bool {
    reference.contains('/')
        || reference.contains(std::path::MAIN_SEPARATOR)
        || reference.ends_with(".yaml")
        || reference.ends_with(".yml")
        || Path::new(reference).is_file()
}

/// Finds a session by path or id. An id in the user's library shadows a built-in one
/// (`list` and `check` say so); an id that two library scripts share is refused, naming
/// both.
pub fn find(reference: &str, home: Option<&Home>) -> Result<Found, LibraryError> {
    if is_path(reference) {
        return read_file(Path::new(reference), reference.to_string(), Origin::File);
    }
    let mut ids = vec![];
    let mut matching: Vec<Found> = vec![];
    if let Some(home) = home {
        for path in library_scripts(&home.sessions()) {
            let found = read_file(&path, path.display().to_string(), Origin::Library);
            // An unreadable file in the library must not hide the others; `list` reports it.
            if let Ok(found) = found {
                let id = quick_id(&found);
                if id == reference {
                    matching.push(found);
                } else {
                    ids.push(id);
                }
            }
        }
    }
    if matching.len() > 1 {
        return Err(LibraryError::Ambiguous {
            id: reference.to_string(),
            paths: matching.iter().filter_map(|f| f.origin.path()).collect(),
        });
    }
    if let Some(found) = matching.pop() {
        return Ok(found);
    }
    if let Some(found) = builtins().find(|f| quick_id(f) == reference) {
        return Ok(found);
    }
    ids.extend(builtins().map(|f| quick_id(&f)));
    let suggestion = crate::util::suggest::did_you_mean(reference, ids.iter().map(String::as_str))
        .map(str::to_string);
    Err(LibraryError::NotFound {
        reference: reference.to_string(),
        suggestion,
    })
}

/// An id held by more than one session that `play` could find by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedId {
    pub id: String,
    /// The library's scripts with this id.
    pub paths: Vec<PathBuf>,
    /// Whether a built-in session has it too (hidden by the library's script).
    pub builtin: bool,
}

impl SharedId {
    /// One line saying what the sharing does, for `list` and `check`.
    pub fn describe(&self) -> String {
        let files: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
        match (files.len(), self.builtin) {
            (1, true) => format!(
                "{} has the id '{}' of a built-in session, and hides it; give it another `id:` to keep both",
                files[0], self.id
            ),
            _ => format!(
                "{} have the same id '{}'{}; `still play {}` refuses until one has another `id:`",
                files.join(" and "),
                self.id,
                if self.builtin {
                    ", a built-in session's too"
                } else {
                    ""
                },
                self.id
            ),
        }
    }
}

/// Every id that two library scripts share, or that a library script shares with a
/// built-in session.
pub fn shared_ids(home: Option<&Home>) -> Vec<SharedId> {
    let Some(home) = home else { return vec![] };
    let mut by_id: Vec<(String, Vec<PathBuf>)> = vec![];
    for path in library_scripts(&home.sessions()) {
        if let Ok(found) = read_file(&path, path.display().to_string(), Origin::Library) {
            let id = quick_id(&found);
            match by_id.iter_mut().find(|(i, _)| *i == id) {
                Some((_, paths)) => paths.push(path),
                None => by_id.push((id, vec![path])),
            }
        }
    }
    let builtin_ids: Vec<String> = builtins().map(|f| quick_id(&f)).collect();
    by_id
        .into_iter()
        .filter_map(|(id, paths)| {
            let builtin = builtin_ids.contains(&id);
            (paths.len() > 1 || builtin).then_some(SharedId { id, paths, builtin })
        })
        .collect()
}

/// Every session `play` can find: the user's library first, then the built-in ones that
/// it does not shadow. Files that cannot be read come back as errors, in place.
pub fn all(home: Option<&Home>) -> Vec<Result<Found, LibraryError>> {
    let mut out: Vec<Result<Found, LibraryError>> = vec![];
    let mut ids = vec![];
    if let Some(home) = home {
        for path in library_scripts(&home.sessions()) {
            let found = read_file(&path, path.display().to_string(), Origin::Library);
            if let Ok(f) = &found {
                ids.push(quick_id(f));
            }
            out.push(found);
        }
    }
    out.extend(builtins().filter(|f| !ids.contains(&quick_id(f))).map(Ok));
    out
}

/// The ids of the built-in sessions.
pub fn builtin_ids() -> Vec<String> {
    builtins().map(|f| quick_id(&f)).collect()
}

fn builtins() -> impl Iterator<Item = Found> {
    builtin::SESSIONS.iter().map(|(file, text)| Found {
        source: SourceFile::new(format!("built-in:{file}"), *text),
        default_id: script::default_id_for(Path::new(file)),
        folder: Box::new(builtin::EmbeddedFolder),
        origin: Origin::Builtin,
    })
}

pub(crate) fn read_file(
    path: &Path,
    name: String,
    origin: impl FnOnce(PathBuf) -> Origin,
) -> Result<Found, LibraryError> {
    let source = script::read_file(path, &name)?.map_err(LibraryError::Unreadable)?;
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    Ok(Found {
        source,
        default_id: script::default_id_for(path),
        folder: Box::new(DiskFolder::new(dir)),
        origin: origin(path.to_path_buf()),
    })
}

/// Script files in the library: `*.yaml` directly in it, and in each folder inside it.
fn library_scripts(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    // Names starting with '.' are hidden: an import being staged, a session being removed.
    let visible = |p: &PathBuf| {
        p.file_name()
            .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
    };
    let mut entries: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(visible)
        .collect();
    entries.sort();
    let is_script =
        |p: &Path| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml");
    for path in entries {
        if path.is_dir() {
            if let Ok(inner) = std::fs::read_dir(&path) {
                let mut inner: Vec<PathBuf> = inner
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| is_script(p))
                    .collect();
                inner.sort();
                out.extend(inner);
            }
        } else if is_script(&path) {
            out.push(path);
        }
    }
    out
}

/// A session's id without validating the whole script: its `id:`, else the default.
fn quick_id(found: &Found) -> String {
    script::peek_id(&found.source.text).unwrap_or_else(|| found.default_id.clone())
}

/// What holds an id that a bundle would install under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Occupant {
    /// `sessions/ID`, which an import with `--replace` may replace.
    Folder(PathBuf),
    /// Another script in the library with that id (or a file at `sessions/ID`).
    Script(PathBuf),
    /// A built-in session.
    Builtin,
}

/// Who has `id` already, if anyone.
pub fn occupant(id: &str, home: &Home) -> Option<Occupant> {
    let sessions = home.sessions();
    let own = sessions.join(id);
    if let Ok(meta) = std::fs::symlink_metadata(&own) {
        return Some(if meta.is_dir() {
            Occupant::Folder(own)
        } else {
            Occupant::Script(own)
        });
    }
    for path in library_scripts(&sessions) {
        if let Ok(found) = read_file(&path, path.display().to_string(), Origin::Library)
            && quick_id(&found) == id
        {
            return Some(Occupant::Script(path));
        }
    }
    builtins()
        .any(|f| quick_id(&f) == id)
        .then_some(Occupant::Builtin)
}

/// What [`remove`] removed.
#[derive(Debug)]
pub struct Removed {
    pub id: String,
    /// The session's folder, or its script when it lay loose in the library.
    pub path: PathBuf,
}

/// Removes a session from the user's library: its folder (`sessions/NAME/`, moved aside
/// first so that a half-deleted session is never found), or its script alone when it lies
/// loose in the library or shares its folder with other sessions.
pub fn remove(id: &str, home: &Home) -> Result<Removed, LibraryError> {
    let sessions = home.sessions();
    let mut ids = vec![];
    let mut script = None;
    for path in library_scripts(&sessions) {
        if let Ok(found) = read_file(&path, path.display().to_string(), Origin::Library) {
            let found_id = quick_id(&found);
            if found_id == id {
                script = Some(path);
                break;
            }
            ids.push(found_id);
        }
    }
    let Some(script) = script else {
        if builtins().any(|f| quick_id(&f) == id) {
            return Err(LibraryError::RemoveBuiltin(id.to_string()));
        }
        let suggestion = crate::util::suggest::did_you_mean(id, ids.iter().map(String::as_str))
            .map(str::to_string);
        return Err(LibraryError::NotFound {
            reference: id.to_string(),
            suggestion,
        });
    };
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LibraryError::Remove { path, source }
    };
    let folder = script.parent().expect("a library script is in a folder");
    // A folder holding other sessions' scripts too keeps them: only this script goes.
    let shared = library_scripts(&sessions)
        .iter()
        .any(|p| p != &script && p.parent() == Some(folder));
    if folder == sessions || shared {
        std::fs::remove_file(&script).map_err(failed(&script))?;
        return Ok(Removed {
            id: id.to_string(),
            path: script,
        });
    }
    let aside = sessions.join(format!(".removing-{id}-{}", std::process::id()));
    std::fs::rename(folder, &aside).map_err(failed(folder))?;
    std::fs::remove_dir_all(&aside).map_err(failed(&aside))?;
    Ok(Removed {
        id: id.to_string(),
        path: folder.to_path_buf(),
    })
}
