//! A validated course: weeks of practice, each with the sessions assigned and a few words
//! on what the week practises.

use crate::script::Span;

/// A course (`format: still-course/1`), every field checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub author: Option<String>,
    /// A language tag; `en` when the file names none.
    pub language: String,
    /// At least one.
    pub weeks: Vec<Week>,
}

/// Seven days of a course: on each, one sit of any of `sessions` is the day's practice.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    pub title: String,
    /// What the week practises, shown when it begins and by `course status`.
    pub text: String,
    /// Session ids, at least one, each once.
    pub sessions: Vec<String>,
    /// Where each of `sessions` is written, for an error about one that does not exist.
    pub spans: Vec<Span>,
}

impl Course {
    /// Every session id the course names, each once, in the order first named.
    pub fn session_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = vec![];
        for id in self.weeks.iter().flat_map(|w| &w.sessions) {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        ids
    }

    /// How many days the course runs: seven a week.
    pub fn days(&self) -> i64 {
        self.weeks.len() as i64 * 7
    }
}
