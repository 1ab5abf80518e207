//! Taking back or correcting an entry, found by its id or the first characters of it (the
//! short id `still log` shows). Nothing is changed unless the entry is the one that was
//! shown: it is read, the caller asks the user, then the change is written in one
//! transaction that checks the entry is still as it was.

use std::path::Path;

use super::JournalError;
use super::entry::Entry;
use super::store::Store;

/// How many characters of an id `still log` shows.
pub const SHORT_ID: usize = 8;
/// The fewest characters of an id that find an entry: fewer would too often match several.
pub const MIN_REFERENCE: usize = 4;

/// The short form of an entry's id, as `still log` shows it.
pub fn short_id(id: &str) -> &str {
    id.get(..SHORT_ID).unwrap_or(id)
}

/// The entry of the journal at `path` whose id is `reference` or starts with it.
pub fn find(path: &Path, reference: &str) -> Result<Entry, JournalError> {
    let wanted = reference.trim().to_ascii_lowercase();
    let none = || JournalError::NoEntry {
        reference: reference.to_string(),
    };
    if wanted.chars().count() < MIN_REFERENCE {
        return Err(none());
    }
    let mut found: Vec<Entry> = super::read(path)?
        .into_iter()
        .filter(|e| e.id.to_ascii_lowercase().starts_with(&wanted))
        .collect();
    match found.len() {
        0 => Err(none()),
        1 => Ok(found.remove(0)),
        count => Err(JournalError::AmbiguousEntry {
            reference: reference.to_string(),
            count,
        }),
    }
}

/// Removes `entry`, if it is still as it was read.
pub fn remove(path: &Path, entry: &Entry) -> Result<(), JournalError> {
    let mut store = Store::open_write(path)?;
    store.write(|w| {
        unchanged(w.entries()?, entry)?;
        w.remove(&entry.id)?;
        Ok(())
    })
}

/// Puts `new` in place of `old` (the same id), if `old` is still as it was read.
pub fn replace(path: &Path, old: &Entry, new: &Entry) -> Result<(), JournalError> {
    let mut store = Store::open_write(path)?;
    store.write(|w| {
        unchanged(w.entries()?, old)?;
        w.replace(new)?;
        Ok(())
    })
}

fn unchanged(entries: Vec<Entry>, was: &Entry) -> Result<(), JournalError> {
    match entries.into_iter().find(|e| e.id == was.id) {
        Some(now) if now == *was => Ok(()),
        _ => Err(JournalError::Changed { id: was.id.clone() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(minutes: u64) -> Entry {
        let mut e = crate::journal::entry::test_entry(jiff::civil::date(2024, 3, 5), minutes);
        e.started_at = "2024-03-05T07:00:00Z".parse().unwrap();
        e
    }

    /// #15: an entry is found by its short id, removed, and replaced; an entry that
    /// changed since it was read is not touched.
    #[test]
    fn entries_are_found_by_short_id_removed_and_replaced_issue_15() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sqlite");
        let (a, b) = (entry(10), entry(20));
        crate::journal::import(&path, &[a.clone(), b.clone()]).unwrap();
        let found = find(&path, short_id(&a.id)).unwrap();
        assert_eq!(found, a);
        assert!(matches!(
            find(&path, "zzzz"),
            Err(JournalError::NoEntry { .. })
        ));
        assert!(matches!(
            find(&path, "ab"),
            Err(JournalError::NoEntry { .. })
        ));

        let mut longer = a.clone();
        longer.practiced_ms = 15 * 60_000;
        replace(&path, &a, &longer).unwrap();
        assert_eq!(find(&path, &a.id).unwrap(), longer);
        // `a` as first read is no longer what the journal holds.
        assert!(matches!(
            remove(&path, &a),
            Err(JournalError::Changed { .. })
        ));
        remove(&path, &longer).unwrap();
        let left = crate::journal::read(&path).unwrap();
        assert_eq!(left, [b]);
    }
}
