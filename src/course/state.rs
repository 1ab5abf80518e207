//! `course.json` in the data folder: the course being followed and the day it started.
//! Written whole to a temporary file and renamed into place, so it is never half there.

use std::path::PathBuf;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::CourseError;
use crate::home::Home;

/// The state's file name in the data folder.
pub const FILE: &str = "course.json";

/// The course being followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// The course's id.
    pub course: String,
    /// `built-in`, or the path of the course file.
    pub source: String,
    /// The first day of week 1.
    pub start: Date,
}

/// The file's form: the date as `YYYY-MM-DD`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    course: String,
    source: String,
    start: String,
}

pub fn path(home: &Home) -> PathBuf {
    home.data.join(FILE)
}

/// The course being followed, if any.
pub fn read(home: &Home) -> Result<Option<State>, CourseError> {
    let path = path(home);
    // The state is a small JSON file; a FIFO or a device there is refused, not waited on.
    let bytes = match crate::util::file::read_regular(&path, 1024 * 1024) {
        Ok(Some(b)) => b,
        Ok(None) => {
            return Err(CourseError::State {
                path,
                reason: "it is larger than 1 MiB, far more than a course's state".into(),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(CourseError::Io { path, source }),
    };
    let bad = |reason: String| CourseError::State {
        path: path.clone(),
        reason,
    };
    let raw: Raw = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    let start = raw
        .start
        .parse::<Date>()
        .ok()
        .ok_or_else(|| bad(format!("start '{}' is not a date", raw.start)))?;
    Ok(Some(State {
        course: raw.course,
        source: raw.source,
        start,
    }))
}

/// Writes the state, replacing any before it.
pub fn write(home: &Home, state: &State) -> Result<(), CourseError> {
    let path = path(home);
    let io = |path: &PathBuf| {
        let path = path.clone();
        move |source| CourseError::Io { path, source }
    };
    std::fs::create_dir_all(&home.data).map_err(io(&home.data))?;
    let tmp = home
        .data
        .join(format!(".{FILE}.{}.tmp", std::process::id()));
    let raw = Raw {
        course: state.course.clone(),
        source: state.source.clone(),
        start: state.start.to_string(),
    };
    let mut text = serde_json::to_vec_pretty(&raw).expect("the state serializes");
    text.push(b'\n');
    std::fs::write(&tmp, text).map_err(io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        CourseError::Io {
            path: path.clone(),
            source,
        }
    })
}

/// Removes the state; `false` when there was none.
pub fn remove(home: &Home) -> Result<bool, CourseError> {
    let path = path(home);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(CourseError::Io { path, source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_round_trips_and_is_removed_issue_19() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home {
            data: dir.path().join("data"),
            config: dir.path().to_path_buf(),
        };
        assert_eq!(read(&home).unwrap(), None);
        let state = State {
            course: "resilience-start".into(),
            source: "built-in".into(),
            start: jiff::civil::date(2024, 3, 4),
        };
        write(&home, &state).unwrap();
        let text = std::fs::read_to_string(path(&home)).unwrap();
        assert!(text.contains("\"start\": \"2024-03-04\""), "{text}");
        assert_eq!(read(&home).unwrap(), Some(state));
        assert!(remove(&home).unwrap());
        assert!(!remove(&home).unwrap());
        std::fs::write(path(&home), "{").unwrap();
        assert!(matches!(read(&home), Err(CourseError::State { .. })));
    }
}
