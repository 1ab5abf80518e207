//! Finding a session: a path to a script, or an id among the user's library
//! (`STILL_HOME/sessions`, else the data folder) and the sessions built into the binary.
//! One id may have a script in each of several languages (`box-breathing` in English,
//! Spanish and French): a [`Pick`] says which to take.

pub mod builtin;
pub mod bundle;
pub mod courses;
pub mod practice;

use std::path::{Path, PathBuf};

use crate::home::Home;
use crate::script::{self, DiskFolder, ScriptFolder, SourceFile};
use crate::util::language;

/// Which of a session's languages to take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// The sitter's language when the session has it, else English, else its first.
    Prefer(String),
    /// This language, or an error naming the ones the session has (`--language`).
    Only(String),
}

impl Pick {
    /// English when the session has it: what a caller without a sitter takes.
    pub fn english() -> Pick {
        Pick::Prefer(language::ENGLISH.to_string())
    }

    /// The language asked for.
    pub fn language(&self) -> &str {
        match self {
            Pick::Prefer(l) | Pick::Only(l) => l,
        }
    }

    /// Which of `languages` (one per script of a session) to take: the one asked for, or
    /// one of the same language (`es` for `es-MX`); for [`Pick::Prefer`], else English,
    /// else the first. `None` only for [`Pick::Only`] of a language none is in.
    pub fn choose<S: AsRef<str>>(&self, languages: &[S]) -> Option<usize> {
        let want = self.language();
        let find = |f: &dyn Fn(&str) -> bool| languages.iter().position(|l| f(l.as_ref()));
        let exact = find(&|l| l.eq_ignore_ascii_case(want));
        let near = || find(&|l| language::same(l, want));
        match self {
            Pick::Only(_) => exact.or_else(near),
            Pick::Prefer(_) => exact
                .or_else(near)
                .or_else(|| find(&|l| language::same(l, language::ENGLISH)))
                .or((!languages.is_empty()).then_some(0)),
        }
    }
}

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
    /// The script's `language:`, else English: read without validating the whole script.
    pub language: String,
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
    /// `--language` asked for a language the session has no script in.
    #[error("'{reference}' is not in '{wanted}': it is in {}", .has.join(", "))]
    NoLanguage {
        reference: String,
        wanted: String,
        has: Vec<String>,
    },
    /// No course has this id.
    #[error("no course '{reference}'{}", .suggestion.as_ref().map(|s| format!(" — did you mean '{s}'?")).unwrap_or_default())]
    NoCourse {
        reference: String,
        suggestion: Option<String>,
    },
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
            LibraryError::NoCourse { .. } => Some(
                "`still course list` shows the courses you have; a course file's path ends in .yaml",
            ),
            LibraryError::RemoveBuiltin(_) => {
                Some("built-in sessions come with still and cannot be removed")
            }
            LibraryError::Ambiguous { .. } => Some(
                "give one of them another `id:` or `language:` (or remove one), or play a file by its path",
            ),
            LibraryError::NoLanguage { .. } => {
                Some("give --language one of those, or leave it out for your own language")
            }
            _ => None,
        }
    }
}

/// Whether a reference names a file rather than an id.
pub(crate) fn is_path(reference: &str) -> bool {
    reference.contains('/')
        || reference.contains(std::path::MAIN_SEPARATOR)
        || reference.ends_with(".yaml")
        || reference.ends_with(".yml")
        || Path::new(reference).is_file()
}

/// Finds a session by path or id, in the language `pick` asks for. An id in the user's
/// library shadows a built-in one, all its languages (`list` and `check` say so); an id
/// that two library scripts share in one language is refused, naming both. A file is in
/// its own language: [`Pick::Only`] of another is refused.
pub fn find(reference: &str, home: Option<&Home>, pick: &Pick) -> Result<Found, LibraryError> {
    if is_path(reference) {
        let found = read_file(Path::new(reference), reference.to_string(), Origin::File)?;
        return match pick.choose(&[&found.language]) {
            Some(_) => Ok(found),
            None => Err(no_language(reference, pick, vec![found])),
        };
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
    if !matching.is_empty() {
        let languages: Vec<&str> = matching.iter().map(|f| f.language.as_str()).collect();
        let Some(i) = pick.choose(&languages) else {
            return Err(no_language(reference, pick, matching));
        };
        let chosen = matching[i].language.clone();
        let mut same: Vec<Found> = matching
            .into_iter()
            .filter(|f| f.language == chosen)
            .collect();
        if same.len() > 1 {
            return Err(LibraryError::Ambiguous {
                id: reference.to_string(),
                paths: same.iter().filter_map(|f| f.origin.path()).collect(),
            });
        }
        return Ok(same.remove(0));
    }
    let mut builtin: Vec<Found> = builtins().filter(|f| quick_id(f) == reference).collect();
    if !builtin.is_empty() {
        let languages: Vec<&str> = builtin.iter().map(|f| f.language.as_str()).collect();
        return match pick.choose(&languages) {
            Some(i) => Ok(builtin.swap_remove(i)),
            None => Err(no_language(reference, pick, builtin)),
        };
    }
    ids.extend(builtins().map(|f| quick_id(&f)));
    let suggestion = crate::util::suggest::did_you_mean(reference, ids.iter().map(String::as_str))
        .map(str::to_string);
    Err(LibraryError::NotFound {
        reference: reference.to_string(),
        suggestion,
    })
}

/// Every script of a session, one per language, for `check`: a file alone; an id's
/// scripts in the library (all of them, so `check` sees any that clash), else the built-in
/// ones; `pick` of [`Pick::Only`] keeps the one [`find`] would take.
pub fn find_every(
    reference: &str,
    home: Option<&Home>,
    pick: &Pick,
) -> Result<Vec<Found>, LibraryError> {
    if is_path(reference) || matches!(pick, Pick::Only(_)) {
        return find(reference, home, pick).map(|f| vec![f]);
    }
    let mut library: Vec<Found> = vec![];
    if let Some(home) = home {
        for path in library_scripts(&home.sessions()) {
            if let Ok(found) = read_file(&path, path.display().to_string(), Origin::Library)
                && quick_id(&found) == reference
            {
                library.push(found);
            }
        }
    }
    if !library.is_empty() {
        return Ok(library);
    }
    let builtin: Vec<Found> = builtins().filter(|f| quick_id(f) == reference).collect();
    if builtin.is_empty() {
        return find(reference, home, pick).map(|f| vec![f]);
    }
    Ok(builtin)
}

fn no_language(reference: &str, pick: &Pick, scripts: Vec<Found>) -> LibraryError {
    let mut has: Vec<String> = scripts.into_iter().map(|f| f.language).collect();
    has.sort();
    has.dedup();
    LibraryError::NoLanguage {
        reference: reference.to_string(),
        wanted: pick.language().to_string(),
        has,
    }
}

/// An id held by more than one session that `play` could find by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedId {
    pub id: String,
    /// The library's scripts with this id: in `language` when that is set, else all.
    pub paths: Vec<PathBuf>,
    /// The language two or more of the library's scripts with this id share; `None` when
    /// they are one per language and only hide a built-in session.
    pub language: Option<String>,
    /// Whether a built-in session has it too (hidden by the library's scripts).
    pub builtin: bool,
}

impl SharedId {
    /// One line saying what the sharing does, for `list` and `check`.
    pub fn describe(&self) -> String {
        let files: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
        match &self.language {
            None => format!(
                "{} {} the id '{}' of a built-in session, and {} it in every language; give {} another `id:` to keep both",
                files.join(" and "),
                if files.len() == 1 { "has" } else { "have" },
                self.id,
                if files.len() == 1 { "hides" } else { "hide" },
                if files.len() == 1 { "it" } else { "them" },
            ),
            Some(language) => format!(
                "{} have the same id '{}' in '{language}'{}; `still play {}` refuses until one has another `id:` or `language:`",
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

/// Every id that two library scripts share in one language, or that the library shares
/// with a built-in session.
pub fn shared_ids(home: Option<&Home>) -> Vec<SharedId> {
    let Some(home) = home else { return vec![] };
    let mut by_id: Vec<(String, Vec<(String, PathBuf)>)> = vec![];
    for path in library_scripts(&home.sessions()) {
        if let Ok(found) = read_file(&path, path.display().to_string(), Origin::Library) {
            let id = quick_id(&found);
            let entry = (found.language, path);
            match by_id.iter_mut().find(|(i, _)| *i == id) {
                Some((_, paths)) => paths.push(entry),
                None => by_id.push((id, vec![entry])),
            }
        }
    }
    let builtin_ids: Vec<String> = builtins().map(|f| quick_id(&f)).collect();
    let mut out = vec![];
    for (id, scripts) in by_id {
        let builtin = builtin_ids.contains(&id);
        let mut clashed = false;
        let mut languages: Vec<&str> = scripts.iter().map(|(l, _)| l.as_str()).collect();
        languages.sort();
        languages.dedup();
        for language in languages {
            let paths: Vec<PathBuf> = scripts
                .iter()
                .filter(|(l, _)| l == language)
                .map(|(_, p)| p.clone())
                .collect();
            if paths.len() > 1 {
                clashed = true;
                out.push(SharedId {
                    id: id.clone(),
                    paths,
                    language: Some(language.to_string()),
                    builtin,
                });
            }
        }
        if builtin && !clashed {
            out.push(SharedId {
                id,
                paths: scripts.into_iter().map(|(_, p)| p).collect(),
                language: None,
                builtin,
            });
        }
    }
    out
}

/// One session as `list` offers it: its script in the language chosen, and the languages
/// it has.
pub struct Offered {
    pub found: Found,
    /// Every language the session has a script in, sorted.
    pub languages: Vec<String>,
}

/// Every session `play` can find, once per id, in the language `pick` prefers: the user's
/// library first, then the built-in ones that it does not shadow. Files that cannot be
/// read come back as errors, in place.
pub fn offered(home: Option<&Home>, pick: &Pick) -> Vec<Result<Offered, LibraryError>> {
    // Scripts of one id gathered where the id first appears; an unreadable file stays put.
    let mut slots: Vec<Result<(String, Vec<Found>), LibraryError>> = vec![];
    for found in all(home) {
        match found {
            Err(e) => slots.push(Err(e)),
            Ok(found) => {
                let id = quick_id(&found);
                let same_place = |f: &Found| {
                    matches!(
                        (&f.origin, &found.origin),
                        (Origin::Builtin, Origin::Builtin)
                            | (Origin::Library(_), Origin::Library(_))
                    )
                };
                match slots.iter_mut().find_map(|s| match s {
                    Ok((i, scripts)) if *i == id && same_place(&scripts[0]) => Some(scripts),
                    _ => None,
                }) {
                    Some(scripts) => scripts.push(found),
                    None => slots.push(Ok((id, vec![found]))),
                }
            }
        }
    }
    slots
        .into_iter()
        .map(|slot| {
            let (_, mut scripts) = slot?;
            let mut languages: Vec<String> = scripts.iter().map(|f| f.language.clone()).collect();
            let i = Pick::Prefer(pick.language().to_string())
                .choose(&languages)
                .unwrap_or(0);
            languages.sort();
            languages.dedup();
            Ok(Offered {
                found: scripts.swap_remove(i),
                languages,
            })
        })
        .collect()
}

/// Every script `play` can find, each language of a session on its own: the user's
/// library first, then the built-in ones that it does not shadow. Files that cannot be
/// read come back as errors, in place.
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

/// The ids of the built-in sessions, each once.
pub fn builtin_ids() -> Vec<String> {
    let mut ids: Vec<String> = vec![];
    for id in builtins().map(|f| quick_id(&f)) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn builtins() -> impl Iterator<Item = Found> {
    builtin::SESSIONS.iter().map(|(file, text)| Found {
        source: SourceFile::new(format!("built-in:{file}"), *text),
        default_id: script::default_id_for(Path::new(file)),
        folder: Box::new(builtin::EmbeddedFolder),
        origin: Origin::Builtin,
        language: language_of(text),
    })
}

fn language_of(text: &str) -> String {
    script::peek_language(text).unwrap_or_else(|| language::ENGLISH.to_string())
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
        language: language_of(&source.text),
        source,
        default_id: script::default_id_for(path),
        folder: Box::new(DiskFolder::new(dir)),
        origin: origin(path.to_path_buf()),
    })
}

/// Script files in the library: `*.yaml` directly in it, and in each folder inside it;
/// a course there (installed beside its sessions) is not a session.
fn library_scripts(dir: &Path) -> Vec<PathBuf> {
    let mut files = yaml_files(dir);
    files.retain(|p| !courses::is_course_file(p));
    files
}

/// `*.yaml` and `*.yml` files directly in `dir` and in each visible folder inside it.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
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
    let scripts = library_scripts(&sessions);
    let in_folder = |p: &&PathBuf| p.parent() == Some(folder);
    let id_of = |p: &PathBuf| {
        read_file(p, p.display().to_string(), Origin::Library)
            .ok()
            .map(|f| quick_id(&f))
    };
    // A folder holding other sessions' scripts too keeps them: only this session's
    // scripts (one per language) go.
    let shared = scripts
        .iter()
        .filter(in_folder)
        .any(|p| id_of(p).as_deref() != Some(id));
    if folder == sessions || shared {
        for p in scripts
            .iter()
            .filter(|p| p.parent() == Some(folder) && id_of(p).as_deref() == Some(id))
        {
            std::fs::remove_file(p).map_err(failed(p))?;
        }
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

/// The script directly in `dir` whose id is `id` (not a course): a course's sessions are
/// looked up beside it first, so that a course and its scripts can sit in one folder.
pub fn find_in_folder(dir: &Path, id: &str) -> Option<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return None;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                && !courses::is_course_file(p)
        })
        .collect();
    paths.sort();
    paths.into_iter().find(|p| {
        read_file(p, p.display().to_string(), Origin::File).is_ok_and(|f| quick_id(&f) == id)
    })
}
