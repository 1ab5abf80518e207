//! Finding a course (`format: still-course/1`): a file, one installed from a bundle
//! (`sessions/ID/*.yaml` beside its sessions), or one built into the binary
//! (`sessions/courses/`). A course file in the library is never taken for a session.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{LibraryError, builtin};
use crate::home::Home;
use crate::script::{self, SourceFile};

/// The format line of a course.
pub const FORMAT: &str = "still-course/1";

/// A course's file, found and read but not yet parsed.
#[derive(Debug, Clone)]
pub struct FoundCourse {
    pub source: SourceFile,
    /// The id the course has when it names none: its file name without `.yaml`.
    pub default_id: String,
    /// `None` for a built-in course.
    pub path: Option<PathBuf>,
}

impl FoundCourse {
    /// Where a course came from, as `course status` and `course.json` say it.
    pub fn origin(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "built-in".to_string(),
        }
    }

    /// The folder whose scripts a course's session ids are looked up in first.
    pub fn folder(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// The course's id without validating it: its `id:`, else the default.
    pub fn quick_id(&self) -> String {
        script::peek_id(&self.source.text).unwrap_or_else(|| self.default_id.clone())
    }
}

/// Whether a text says it is a course: a `format: still-course/…` line near its top.
pub fn is_course(text: &str) -> bool {
    text.lines().take(20).any(|l| {
        let l = l.trim_end();
        l.strip_prefix("format:")
            .map(|v| v.trim().trim_matches(['"', '\'']))
            .is_some_and(|v| v.starts_with("still-course/"))
    })
}

/// Whether the file at `path` is a course, from its first 4 KiB.
pub fn is_course_file(path: &Path) -> bool {
    // A FIFO or a device is no course; the session loader then names it.
    let Ok(file) = crate::util::file::open_regular(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    is_course(&String::from_utf8_lossy(&head))
}

/// Finds a course by path or id: a file; else an installed course; else a built-in one,
/// in English.
pub fn find(reference: &str, home: Option<&Home>) -> Result<FoundCourse, LibraryError> {
    find_in(reference, home, crate::util::language::ENGLISH)
}

/// As [`find`], a built-in course in `language` when it has a translation in it.
pub fn find_in(
    reference: &str,
    home: Option<&Home>,
    language: &str,
) -> Result<FoundCourse, LibraryError> {
    if super::is_path(reference) {
        return read(Path::new(reference), reference.to_string());
    }
    let mut every = with_ids(home, language);
    if let Some(i) = every.iter().position(|(id, _)| id == reference) {
        return Ok(every.swap_remove(i).1);
    }
    let suggestion =
        crate::util::suggest::did_you_mean(reference, every.iter().map(|(id, _)| id.as_str()))
            .map(str::to_string);
    Err(LibraryError::NoCourse {
        reference: reference.to_string(),
        suggestion,
    })
}

/// Every course there is, built-in ones in English.
pub fn all(home: Option<&Home>) -> Vec<FoundCourse> {
    all_in(home, crate::util::language::ENGLISH)
}

/// Every course there is: the installed ones first (one of them shadows a built-in one
/// of its id), then the built-in ones, each in `language` when it has a translation in it
/// (`sessions/courses/LANG/`), else in English.
pub fn all_in(home: Option<&Home>, language: &str) -> Vec<FoundCourse> {
    with_ids(home, language)
        .into_iter()
        .map(|(_, found)| found)
        .collect()
}

/// [`all_in`]'s courses with their ids, each id read (a YAML parse) once.
fn with_ids(home: Option<&Home>, language: &str) -> Vec<(String, FoundCourse)> {
    let mut out: Vec<(String, FoundCourse)> = vec![];
    if let Some(home) = home {
        for path in super::yaml_files(&home.sessions()) {
            if is_course_file(&path)
                && let Ok(found) = read(&path, path.display().to_string())
            {
                out.push((found.quick_id(), found));
            }
        }
    }
    let wanted = crate::util::language::primary(language);
    let builtin: Vec<(&str, String, FoundCourse)> = builtin_courses()
        .map(|(lang, found)| (lang, found.quick_id(), found))
        .collect();
    for (_, id, english) in builtin
        .iter()
        .filter(|(lang, ..)| *lang == crate::util::language::ENGLISH)
    {
        if out.iter().any(|(taken, _)| taken == id) {
            continue;
        }
        let translated = builtin
            .iter()
            .find(|(lang, other, _)| lang.eq_ignore_ascii_case(wanted) && other == id)
            .map_or(english, |(.., found)| found);
        out.push((id.clone(), translated.clone()));
    }
    out
}

/// Every built-in course file and its language: `en` for `sessions/courses/ID.yaml`, the
/// folder's name for `sessions/courses/LANG/ID.yaml`.
pub fn builtin_courses() -> impl Iterator<Item = (&'static str, FoundCourse)> {
    builtin::COURSES.iter().map(|(file, text)| {
        let lang = file
            .split_once('/')
            .map_or(crate::util::language::ENGLISH, |(lang, _)| lang);
        let found = FoundCourse {
            source: SourceFile::new(format!("built-in:courses/{file}"), *text),
            default_id: script::default_id_for(Path::new(file)),
            path: None,
        };
        (lang, found)
    })
}

pub(crate) fn read(path: &Path, name: String) -> Result<FoundCourse, LibraryError> {
    let source = script::read_file(path, &name)?.map_err(LibraryError::Unreadable)?;
    Ok(FoundCourse {
        source,
        default_id: script::default_id_for(path),
        path: Some(path.to_path_buf()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_is_told_by_its_format_line_issue_19() {
        assert!(is_course("format: still-course/1\nid: x\n"));
        assert!(is_course("# a course\nformat: \"still-course/1\"\n"));
        assert!(!is_course("format: still/1\nid: x\n"));
        assert!(!is_course("title: still-course/1\n"));
    }

    /// Issue #20: the built-in course is found in the sitter's language, English standing
    /// in for a language it has no translation in.
    #[test]
    fn the_built_in_course_comes_in_the_sitters_language_issue_20() {
        let language = |lang: &str| {
            let found = find_in("resilience-start", None, lang).unwrap();
            script::peek_language(&found.source.text)
        };
        assert_eq!(language("es_ES.UTF-8").as_deref(), Some("es"));
        assert_eq!(language("fr").as_deref(), Some("fr"));
        assert_eq!(language("de").as_deref(), Some("en"));
        assert_eq!(all_in(None, "fr").len(), all(None).len());
    }

    #[test]
    fn the_built_in_course_is_found_by_its_id_issue_19() {
        let found = find("resilience-start", None).unwrap();
        assert!(found.path.is_none());
        assert!(is_course(&found.source.text));
        assert!(matches!(
            find("resilience-strat", None),
            Err(LibraryError::NoCourse { suggestion: Some(s), .. }) if s == "resilience-start"
        ));
    }
}
