//! One journal on every machine: with `sync_dir` set in config.toml, each machine keeps its
//! own SQLite journal as before and, after every change, writes all its entries to a file
//! of its own in that folder (`still-HOST-ID.json`, as `still export --format json` writes
//! them). Reading (`log`, `stats`, `calendar`, `export`) takes the union of the local
//! journal and every machine's file there, each sit once by its id.
//!
//! Why files and not the database itself: a sync tool copies a live SQLite file without its
//! write-ahead log, and two machines writing one database through a sync tool corrupt it.
//! A machine only ever writes its own file, through a temporary file renamed into place, so
//! a sync tool never sees half of one; the copies a sync tool makes when two machines
//! change one file (`… (conflicted copy) ….json`, `.sync-conflict-…`) are read like any
//! other and add nothing twice.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::entry::Entry;
use super::stats::Tally;
use super::{JournalError, export, store};
use crate::home::Home;
use crate::home::config::Config;

/// Every entry this machine can see, oldest first: the local journal's, then those of the
/// files in `sync_dir` that it does not have. Files there that cannot be read are passed
/// over and named in the returned warnings; they never stop a command.
pub fn read(home: &Home, config: &Config) -> Result<(Vec<Entry>, Vec<String>), JournalError> {
    let mut entries = super::read(&store::path(home))?;
    let mut warnings = vec![];
    if let Some(dir) = &config.sync_dir {
        let own = own_file(home, dir);
        let mut seen: HashSet<String> = entries.iter().map(|e| e.id.clone()).collect();
        for file in journal_files(dir) {
            if Some(&file) == own.as_ref() {
                continue;
            }
            match export::read_file(&file) {
                Ok(theirs) => {
                    for e in theirs {
                        if seen.insert(e.id.clone()) {
                            entries.push(e);
                        }
                    }
                }
                Err(e) => warnings.push(format!("skipping {}: {e}", file.display())),
            }
        }
        entries.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    }
    Ok((entries, warnings))
}

/// What the figures need of every entry this machine can see ([`read`]).
pub fn tallies(home: &Home, config: &Config) -> Result<(Vec<Tally>, Vec<String>), JournalError> {
    if config.sync_dir.is_none() {
        return Ok((super::tallies(&store::path(home))?, vec![]));
    }
    let (entries, warnings) = read(home, config)?;
    Ok((entries.iter().map(Tally::from).collect(), warnings))
}

/// The tallies of every entry and the session sat most recently, as [`tallies_and_last`]
/// reads them, with what could not be read from the sync folder.
pub struct TalliesAndLast {
    pub tallies: Vec<Tally>,
    pub last: Option<String>,
    pub warnings: Vec<String>,
}

/// [`tallies`], and the id of the session sat most recently, from one reading of the
/// journal (`still nudge`, at a shell prompt, opens it once).
pub fn tallies_and_last(home: &Home, config: &Config) -> Result<TalliesAndLast, JournalError> {
    if config.sync_dir.is_none() {
        let both = store::Store::read(&store::path(home), |s| {
            Ok((s.tallies()?, s.last_session()?))
        })?;
        let (tallies, last) = both.unwrap_or_default();
        return Ok(TalliesAndLast {
            tallies,
            last,
            warnings: vec![],
        });
    }
    let (entries, warnings) = read(home, config)?;
    Ok(TalliesAndLast {
        tallies: entries.iter().map(Tally::from).collect(),
        // `read` gives them oldest first.
        last: entries.last().map(|e| e.session_id.clone()),
        warnings,
    })
}

/// Writes this machine's entries to its file in `sync_dir`, after a change to the local
/// journal. Nothing to do without `sync_dir`.
pub fn mirror(home: &Home, config: &Config) -> Result<(), SyncError> {
    let Some(dir) = &config.sync_dir else {
        return Ok(());
    };
    let fail = |source| SyncError {
        dir: dir.clone(),
        source,
    };
    if !dir.is_dir() {
        return Err(fail(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the folder does not exist",
        )));
    }
    // One machine's stills take turns: each reads the journal after taking the lock, so
    // the file renamed last holds every change committed before it (a still that read
    // early can never rename its older view over a newer one).
    let _turn = Turn::take(&home.data.join("sync.lock")).map_err(fail)?;
    let entries = super::read(&store::path(home)).map_err(|e| fail(std::io::Error::other(e)))?;
    let path = own_file(home, dir).ok_or_else(|| {
        fail(std::io::Error::other(
            "this machine's name for it cannot be kept in the data folder",
        ))
    })?;
    let mut text =
        serde_json::to_string_pretty(&export::to_json(&entries)).map_err(|e| fail(e.into()))?;
    text.push('\n');
    // A leading dot keeps the half-written file out of every machine's reading.
    let mut tmp = tempfile::Builder::new()
        .prefix(".still-sync-")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.persist(&path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// An exclusive lock on a file, held until dropped.
struct Turn {
    _held: std::fs::File,
}

impl Turn {
    fn take(path: &Path) -> std::io::Result<Turn> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        use std::os::fd::AsRawFd;
        // SAFETY: flock on a file descriptor this value owns; released when it is closed.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Turn { _held: file })
    }
}

/// The sync folder could not be written; the local journal has the change all the same.
#[derive(Debug, thiserror::Error)]
#[error("cannot write this machine's journal to the sync folder {}", .dir.display())]
pub struct SyncError {
    pub dir: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// The journal files in `dir`: `*.json`, not hidden, not a sync tool's temporary file.
fn journal_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(list) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut files: Vec<PathBuf> = list
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            p.is_file()
                && name.ends_with(".json")
                && !name.starts_with('.')
                && !name.starts_with('~')
        })
        .collect();
    files.sort();
    files
}

/// This machine's file in `dir`: named after the host and an id kept in the data folder,
/// so two journals on one host (two `STILL_HOME`s) never share a file.
fn own_file(home: &Home, dir: &Path) -> Option<PathBuf> {
    let id = machine_id(home)?;
    Some(dir.join(format!("still-{}-{id}.json", host_name())))
}

/// A random id made once per data folder (`machine-id`).
fn machine_id(home: &Home) -> Option<String> {
    let path = home.data.join("machine-id");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let id = text.trim();
        if id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(id.to_string());
        }
    }
    let id: String = super::entry::new_id()
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(8)
        .collect();
    std::fs::create_dir_all(&home.data).ok()?;
    // Created once: a second still starting at the same moment keeps the first one's id.
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut f) => {
            f.write_all(format!("{id}\n").as_bytes()).ok()?;
            Some(id)
        }
        Err(_) => std::fs::read_to_string(&path)
            .ok()
            .map(|t| t.trim().to_string()),
    }
}

/// The host's name, lowercase letters, digits and '-' only, for a file name.
fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most `buf.len()` bytes into the buffer it is given.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let raw = if ok {
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        String::new()
    };
    let mut name = String::new();
    for c in raw.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_matches('-');
    if name.is_empty() {
        "machine".into()
    } else {
        name.to_string()
    }
}
