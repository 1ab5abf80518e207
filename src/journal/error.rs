//! What can go wrong with the journal, and what to do about it.

use std::path::{Path, PathBuf};

use crate::home::config::ConfigError;

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The file or its folder cannot be read or written.
    #[error("cannot use the journal {}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not an SQLite database, or is another program's database.
    #[error("{} is not a still journal: {why}", .path.display())]
    NotAJournal { path: PathBuf, why: String },
    /// The file is a journal, but damaged: cut short, or its pages do not add up.
    #[error("the journal {} is damaged: {why}", .path.display())]
    Damaged { path: PathBuf, why: String },
    /// The journal was written by a newer `still` that changed its layout.
    #[error(
        "the journal {} was written by a newer version of still (journal version {found}; this still knows versions up to {known}), so this still does not write to it",
        .path.display()
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// Another `still` kept the journal locked for longer than the busy timeout.
    #[error("the journal {} is busy: another still has been writing to it for {secs} s", .path.display())]
    Busy { path: PathBuf, secs: u64 },
    /// Any other error from SQLite.
    #[error("cannot use the journal {}", .path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// An entry that breaks the journal's limits (a mood of 12, a sit longer than a day).
    #[error("{0}")]
    Invalid(String),
    /// No entry has this id, or an id starting with it.
    #[error("no entry '{reference}' in the journal")]
    NoEntry { reference: String },
    /// Several entries' ids start with this.
    #[error("'{reference}' starts the ids of {count} entries")]
    AmbiguousEntry { reference: String, count: usize },
    /// The entry changed between reading it and writing (another still edited it).
    #[error("the entry {id} changed while it was being edited")]
    Changed { id: String },
}

impl JournalError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            JournalError::NotAJournal { path, .. } | JournalError::Damaged { path, .. } => {
                let p = path.display();
                Some(format!(
                    "still has not changed the file and will not write to it. Restore it from \
                     a backup, or move it aside, with any -wal and -shm file beside it, and \
                     still starts a new journal: mv '{p}' '{p}.damaged'. Entries exported \
                     earlier with `still export` can be read back with `still import-log FILE`."
                ))
            }
            JournalError::Newer { .. } => Some(
                "install the newer still to add to this journal; `still log`, `still stats` \
                 and `still export` here still read it"
                    .into(),
            ),
            JournalError::Busy { .. } => {
                Some("try again when the other still has finished writing".into())
            }
            JournalError::Config(e) => e.hint(),
            JournalError::NoEntry { .. } => Some(
                "`still log` shows each entry's id in its first column; give it, or its first \
                 characters"
                    .into(),
            ),
            JournalError::AmbiguousEntry { .. } => {
                Some("give more of the id; `still log --json` shows them whole".into())
            }
            JournalError::Changed { .. } => Some("look at `still log` and try again".into()),
            JournalError::Io { path, source }
                if source.kind() == std::io::ErrorKind::InvalidInput =>
            {
                let p = path.display();
                Some(format!(
                    "the journal is a regular file; move what is there aside and still starts a \
                     new journal: mv '{p}' '{p}.aside'"
                ))
            }
            JournalError::Io { path, .. } | JournalError::Sqlite { path, .. } => {
                let folder = path.parent().unwrap_or(path).display();
                Some(format!(
                    "check that {folder} is a folder you can write to (STILL_HOME moves it) \
                     and that its disk has room; nothing in the journal was changed"
                ))
            }
            _ => None,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            JournalError::Io { path, .. }
            | JournalError::NotAJournal { path, .. }
            | JournalError::Damaged { path, .. }
            | JournalError::Newer { path, .. }
            | JournalError::Busy { path, .. }
            | JournalError::Sqlite { path, .. } => Some(path),
            JournalError::Config(_)
            | JournalError::Invalid(_)
            | JournalError::NoEntry { .. }
            | JournalError::AmbiguousEntry { .. }
            | JournalError::Changed { .. } => None,
        }
    }
}
