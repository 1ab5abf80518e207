//! The journal on disk: one SQLite file in WAL mode, `journal.sqlite` in the data folder.
//!
//! - Its layout has a version (`PRAGMA user_version`) and migrations that bring an older
//!   journal up to date inside one transaction; a journal from a newer `still` is read but
//!   never written.
//! - Every write is one `BEGIN IMMEDIATE` transaction, and a busy timeout makes a second
//!   writer wait for the first instead of failing: two terminals writing at once lose
//!   nothing, and a writer killed mid-write leaves only the entries it committed.
//! - A file that is not a journal, or a damaged one, is refused before anything is
//!   written: `still` never overwrites, truncates or "repairs" it.
//! - Whether a journal can be read, and written, is decided once when it is opened, the same
//!   way for every command: its identity, its layout version, its tables, SQLite's page
//!   check and the values of every entry.
//! - Reading needs no write access and leaves no file behind: when every committed entry is
//!   in the main file, it is read as an immutable file (no `-shm` is made), so a read works
//!   on a read-only mount or a full disk. A missing journal reads as empty without creating
//!   one.
//! - Only a regular file is opened: a FIFO in its place would make SQLite wait for ever.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::Offset;
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension as _, TransactionBehavior, params,
};

use super::JournalError;
use super::day::parse_date;
use super::entry::{Entry, Source};
use super::stats::Tally;
use crate::home::Home;

/// The journal layout this `still` writes.
pub const SCHEMA_VERSION: i64 = 3;
/// `PRAGMA application_id`: marks an SQLite file as a still journal ("STLJ").
pub const APPLICATION_ID: i32 = 0x5354_4c4a;
/// How long a writer waits for another to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(20);

/// Migration `i` brings a journal from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: the first layout. STRICT tables refuse a value of the wrong type outright.
    "CREATE TABLE entries (
        id            TEXT PRIMARY KEY NOT NULL,
        started_at_ms INTEGER NOT NULL,
        zone          TEXT,
        utc_offset_s  INTEGER NOT NULL,
        date          TEXT NOT NULL CHECK (length(date) = 10),
        session_id    TEXT NOT NULL,
        session_title TEXT NOT NULL,
        planned_ms    INTEGER NOT NULL CHECK (planned_ms >= 0),
        practiced_ms  INTEGER NOT NULL CHECK (practiced_ms >= 0),
        completed     INTEGER NOT NULL CHECK (completed IN (0, 1)),
        mood_before   INTEGER CHECK (mood_before BETWEEN 0 AND 10),
        mood_after    INTEGER CHECK (mood_after BETWEEN 0 AND 10),
        note          TEXT,
        source        TEXT NOT NULL CHECK (source IN ('played', 'added'))
    ) STRICT;
    CREATE INDEX entries_by_start ON entries (started_at_ms);
    -- Holds every column `still stats` reads, so it scans this small index, not the table.
    CREATE INDEX entries_for_stats
        ON entries (date, practiced_ms, completed, mood_before, mood_after);",
    // 2: where in its session a sit stopped early (`still play --resume` starts there).
    "ALTER TABLE entries ADD COLUMN stopped_ms INTEGER CHECK (stopped_ms >= 0);",
    // 3: the language the session was played in (`es`); NULL for older sits and timers.
    "ALTER TABLE entries ADD COLUMN language TEXT CHECK (length(language) BETWEEN 2 AND 35);",
];

const COLUMNS: &str = "id, started_at_ms, zone, utc_offset_s, date, session_id, session_title, \
     planned_ms, practiced_ms, completed, mood_before, mood_after, note, source, stopped_ms, \
     language";
/// [`COLUMNS`] as a journal of layout 1 (read, not yet migrated) gives them.
const COLUMNS_1: &str = "id, started_at_ms, zone, utc_offset_s, date, session_id, session_title, \
     planned_ms, practiced_ms, completed, mood_before, mood_after, note, source, NULL, NULL";
/// [`COLUMNS`] as a journal of layout 2 gives them.
const COLUMNS_2: &str = "id, started_at_ms, zone, utc_offset_s, date, session_id, session_title, \
     planned_ms, practiced_ms, completed, mood_before, mood_after, note, source, stopped_ms, NULL";

/// Where the journal lives: `journal.sqlite` in the data folder.
pub fn path(home: &Home) -> PathBuf {
    home.data.join("journal.sqlite")
}

/// An open journal.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Its layout version, as found when it was opened (and migrated, for a write).
    version: i64,
}

impl Store {
    /// Reads the journal at `path` with `f`; `None` when there is none yet (nothing is
    /// created).
    pub fn read<T>(
        path: &Path,
        f: impl Fn(&Store) -> Result<T, JournalError>,
    ) -> Result<Option<T>, JournalError> {
        if !exists(path)? {
            return Ok(None);
        }
        check_header(path)?;
        // With no log holding entries, the main file is the whole journal: read it as an
        // immutable file, which needs no -shm file and so no write access (#21). A writer
        // that came and went meanwhile changes the file; then read it again the usual way.
        if let Some(before) = Quiet::now(path)? {
            let read = Store::open_read(path, true).and_then(|s| f(&s));
            if Quiet::now(path)?.as_ref() == Some(&before) {
                return read.map(Some);
            }
        }
        f(&Store::open_read(path, false)?).map(Some)
    }

    fn open_read(path: &Path, immutable: bool) -> Result<Store, JournalError> {
        let store = if immutable {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI;
            let conn =
                Connection::open_with_flags(immutable_uri(path), flags).map_err(sql_error(path))?;
            Store {
                conn,
                path: path.to_path_buf(),
                version: 0,
            }
        } else {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Store::connect(path, flags)?
        };
        let mut store = store;
        // Reading through a memory map saves a copy of every page a scan touches.
        store
            .conn
            .execute_batch("PRAGMA mmap_size = 268435456")
            .map_err(sql_error(path))?;
        // A newer journal is read, not written.
        store.version = store.verdict()?;
        Ok(store)
    }

    /// Opens the journal to write to it, creating it (and its folder) if there is none.
    /// Refuses a damaged journal, another program's database and a newer journal.
    pub fn open_write(path: &Path) -> Result<Store, JournalError> {
        if !exists(path)? {
            create(path)?;
        }
        check_header(path)?;
        writable_leftovers(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut store = Store::connect(path, flags)?;
        let version = store.verdict()?;
        if version > SCHEMA_VERSION {
            return Err(JournalError::Newer {
                path: path.to_path_buf(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            store.migrate(MIGRATIONS)?;
        }
        store.version = SCHEMA_VERSION;
        Ok(store)
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<Store, JournalError> {
        let conn = Connection::open_with_flags(path, flags).map_err(sql_error(path))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql_error(path))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            version: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Decides what this journal is, the same way for a read and a write: a still journal
    /// with a known layout version, its tables there, its pages sound and every entry's
    /// values readable. Returns its layout version. Checked on every read too: the figures
    /// come from an index, and a damaged table behind it must not pass unnoticed.
    fn verdict(&self) -> Result<i64, JournalError> {
        let version = self.check_identity()?;
        let damaged = |why: String| JournalError::Damaged {
            path: self.path.clone(),
            why,
        };
        if version < 1 {
            return Err(damaged(format!(
                "its layout version (PRAGMA user_version) is {version}, but a still journal's starts at 1"
            )));
        }
        let parts: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema
                 WHERE (type = 'table' AND name = 'entries')
                    OR (type = 'index' AND name = 'entries_for_stats')",
                [],
                |r| r.get(0),
            )
            .map_err(sql_error(&self.path))?;
        if parts != 2 {
            return Err(damaged(
                "its table of entries or their index is missing".into(),
            ));
        }
        // About 25 ms for 100 000 entries.
        self.check_pages()?;
        self.check_values()?;
        Ok(version)
    }

    /// Finds an entry that [`read_entries`] or [`read_tallies`] could not read, so that
    /// `log` and `log add` never disagree on whether a journal is damaged.
    fn check_values(&self) -> Result<(), JournalError> {
        let bad: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM entries
                 WHERE started_at_ms NOT BETWEEN ?1 AND ?2
                    OR utc_offset_s NOT BETWEEN ?3 AND ?4
                    OR date IS NOT date(date)
                    OR planned_ms < 0 OR practiced_ms < 0
                    OR source NOT IN ('played', 'added')
                 LIMIT 1",
                params![
                    Timestamp::MIN.as_millisecond(),
                    Timestamp::MAX.as_millisecond(),
                    Offset::MIN.seconds(),
                    Offset::MAX.seconds(),
                ],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_error(&self.path))?;
        match bad {
            None => Ok(()),
            Some(id) => Err(JournalError::Damaged {
                path: self.path.clone(),
                why: format!(
                    "entry {id} has a value still cannot read (a start, offset, date, duration or source out of range)"
                ),
            }),
        }
    }

    /// Checks that this is a still journal; returns its layout version.
    fn check_identity(&self) -> Result<i64, JournalError> {
        let pragma = |name: &str| -> Result<i64, JournalError> {
            self.conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .map_err(sql_error(&self.path))
        };
        let app = pragma("application_id")?;
        if app != i64::from(APPLICATION_ID) {
            return Err(JournalError::NotAJournal {
                path: self.path.clone(),
                why: "it is an SQLite database, but another program's".into(),
            });
        }
        pragma("user_version")
    }

    /// SQLite's own consistency check of every page, before anything is written.
    fn check_pages(&self) -> Result<(), JournalError> {
        let problems: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("PRAGMA quick_check(5)")
                .map_err(sql_error(&self.path))?;
            stmt.query_map([], |r| r.get::<_, String>(0))
                .map_err(sql_error(&self.path))?
                .collect::<Result<_, _>>()
                .map_err(sql_error(&self.path))?
        };
        if problems.iter().all(|p| p == "ok") {
            return Ok(());
        }
        Err(JournalError::Damaged {
            path: self.path.clone(),
            why: format!("SQLite's check found: {}", problems.join("; ")),
        })
    }

    /// Applies `migrations[version..]` in one transaction, rereading the version inside it
    /// so two processes migrating at once do it only once.
    fn migrate(&mut self, migrations: &[&str]) -> Result<(), JournalError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_error(&path))?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql_error(&path))?;
        let target = migrations.len() as i64;
        // `verdict` refused a version below 1; this reads it again inside the transaction.
        if (1..target).contains(&version) {
            for sql in &migrations[version as usize..] {
                tx.execute_batch(sql).map_err(sql_error(&path))?;
            }
            tx.execute_batch(&format!("PRAGMA user_version = {target}"))
                .map_err(sql_error(&path))?;
        }
        tx.commit().map_err(sql_error(&path))
    }

    /// Every entry, in no particular order.
    pub fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        read_entries(&self.conn, &self.path, self.version)
    }

    /// What the figures need of every entry.
    pub fn tallies(&self) -> Result<Vec<Tally>, JournalError> {
        read_tallies(&self.conn, &self.path)
    }

    /// The id of the session sat most recently, if any sit is recorded.
    pub fn last_session(&self) -> Result<Option<String>, JournalError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT session_id FROM entries ORDER BY started_at_ms DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(sql_error(&self.path))
    }

    /// Runs `f` in one write transaction and commits it; nothing is kept if `f` fails.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Writer<'_>) -> Result<T, JournalError>,
    ) -> Result<T, JournalError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_error(&path))?;
        let value = f(&Writer {
            tx: &tx,
            path: &path,
        })?;
        hold_for_tests();
        tx.commit().map_err(sql_error(&path))?;
        Ok(value)
    }
}

/// Inside a write transaction.
pub struct Writer<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    path: &'a Path,
}

impl Writer<'_> {
    /// What the figures need of every entry, as of this transaction.
    pub fn tallies(&self) -> Result<Vec<Tally>, JournalError> {
        read_tallies(self.tx, self.path)
    }

    /// Every entry, as of this transaction.
    pub fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        read_entries(self.tx, self.path, SCHEMA_VERSION)
    }

    /// Removes the entry with `id`; `false` when there is none.
    pub fn remove(&self, id: &str) -> Result<bool, JournalError> {
        let n = self
            .tx
            .execute("DELETE FROM entries WHERE id = ?1", params![id])
            .map_err(sql_error(self.path))?;
        Ok(n > 0)
    }

    /// Puts `entry` in place of the entry with its id; `false` when there is none.
    pub fn replace(&self, entry: &Entry) -> Result<bool, JournalError> {
        entry.check().map_err(JournalError::Invalid)?;
        if !self.remove(&entry.id)? {
            return Ok(false);
        }
        self.insert(entry)
    }

    /// Adds `entry`; `false` when an entry with its id is already there (it is kept as is).
    pub fn insert(&self, entry: &Entry) -> Result<bool, JournalError> {
        entry.check().map_err(JournalError::Invalid)?;
        let mut stmt = self
            .tx
            .prepare_cached(&format!(
                "INSERT INTO entries ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                 ON CONFLICT (id) DO NOTHING"
            ))
            .map_err(sql_error(self.path))?;
        let n = stmt
            .execute(params![
                entry.id,
                entry.started_at.as_millisecond(),
                entry.zone,
                entry.utc_offset.seconds(),
                entry.date.to_string(),
                entry.session_id,
                entry.session_title,
                entry.planned_ms as i64,
                entry.practiced_ms as i64,
                entry.completed,
                entry.mood_before,
                entry.mood_after,
                entry.note,
                entry.source.as_str(),
                entry.stopped_ms.map(|ms| ms as i64),
                entry.language,
            ])
            .map_err(sql_error(self.path))?;
        Ok(n == 1)
    }
}

fn read_entries(conn: &Connection, path: &Path, version: i64) -> Result<Vec<Entry>, JournalError> {
    let columns = match version {
        ..=1 => COLUMNS_1,
        2 => COLUMNS_2,
        _ => COLUMNS,
    };
    let mut stmt = conn
        .prepare(&format!("SELECT {columns} FROM entries"))
        .map_err(sql_error(path))?;
    let mut rows = stmt.query([]).map_err(sql_error(path))?;
    let mut entries = vec![];
    while let Some(row) = rows.next().map_err(sql_error(path))? {
        let entry = row_to_entry(row).map_err(|e| match e {
            RowError::Sql(e) => sql_error(path)(e),
            RowError::Value(why) => JournalError::Damaged {
                path: path.to_path_buf(),
                why,
            },
        })?;
        entries.push(entry);
    }
    Ok(entries)
}

fn read_tallies(conn: &Connection, path: &Path) -> Result<Vec<Tally>, JournalError> {
    let mut stmt = conn
        .prepare(
            "SELECT date, practiced_ms, completed, mood_before, mood_after
             FROM entries INDEXED BY entries_for_stats",
        )
        .map_err(sql_error(path))?;
    let mut rows = stmt.query([]).map_err(sql_error(path))?;
    let mut tallies = vec![];
    let damaged = |why: &str| JournalError::Damaged {
        path: path.to_path_buf(),
        why: why.into(),
    };
    while let Some(row) = rows.next().map_err(sql_error(path))? {
        let date = row
            .get_ref(0)
            .and_then(|v| v.as_str().map_err(rusqlite::Error::from))
            .map_err(sql_error(path))?;
        let practiced: i64 = row.get(1).map_err(sql_error(path))?;
        tallies.push(Tally {
            date: parse_date(date).ok_or_else(|| damaged("an entry's date is not YYYY-MM-DD"))?,
            practiced_ms: u64::try_from(practiced)
                .map_err(|_| damaged("an entry's duration is negative"))?,
            completed: row.get(2).map_err(sql_error(path))?,
            mood_before: row.get(3).map_err(sql_error(path))?,
            mood_after: row.get(4).map_err(sql_error(path))?,
        });
    }
    Ok(tallies)
}

enum RowError {
    Sql(rusqlite::Error),
    Value(String),
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> RowError {
        RowError::Sql(e)
    }
}

fn row_to_entry(row: &rusqlite::Row<'_>) -> Result<Entry, RowError> {
    let id: String = row.get(0)?;
    let bad = |what: &str| RowError::Value(format!("entry {id} has {what}"));
    let started_at =
        Timestamp::from_millisecond(row.get(1)?).map_err(|_| bad("a start time out of range"))?;
    let utc_offset =
        Offset::from_seconds(row.get(3)?).map_err(|_| bad("a UTC offset out of range"))?;
    let date = {
        let value = row.get_ref(4)?;
        let text = value.as_str().map_err(rusqlite::Error::from)?;
        parse_date(text).ok_or_else(|| bad("a date that is not YYYY-MM-DD"))?
    };
    let source = {
        let value = row.get_ref(13)?;
        Source::parse(value.as_str().map_err(rusqlite::Error::from)?)
            .ok_or_else(|| bad("an unknown source"))?
    };
    let ms = |i: usize| -> Result<u64, RowError> {
        let v: i64 = row.get(i)?;
        u64::try_from(v).map_err(|_| bad("a negative duration"))
    };
    Ok(Entry {
        started_at,
        zone: row.get(2)?,
        utc_offset,
        date,
        session_id: row.get(5)?,
        session_title: row.get(6)?,
        planned_ms: ms(7)?,
        practiced_ms: ms(8)?,
        completed: row.get(9)?,
        mood_before: row.get(10)?,
        mood_after: row.get(11)?,
        note: row.get(12)?,
        source,
        stopped_ms: row
            .get::<_, Option<i64>>(14)?
            .map(|v| u64::try_from(v).map_err(|_| bad("a negative stop")))
            .transpose()?,
        language: row.get(15)?,
        id,
    })
}

/// Turns an SQLite error into what it means for the journal at `path`.
fn sql_error(path: &Path) -> impl Fn(rusqlite::Error) -> JournalError + '_ {
    move |e| {
        let path = path.to_path_buf();
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) => JournalError::Damaged {
                path,
                why: "SQLite reports the database disk image is malformed".into(),
            },
            Some(ErrorCode::NotADatabase) => JournalError::NotAJournal {
                path,
                why: "it is not an SQLite database".into(),
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => JournalError::Busy {
                path,
                secs: BUSY_TIMEOUT.as_secs(),
            },
            _ => JournalError::Sqlite { path, source: e },
        }
    }
}

fn exists(path: &Path) -> Result<bool, JournalError> {
    path.try_exists().map_err(|source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Looks at the file's first 100 bytes (SQLite's header) before SQLite opens it, so that an
/// empty, foreign or cut-short file is refused with a clear reason and left untouched.
fn check_header(path: &Path) -> Result<(), JournalError> {
    let io = |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let not_journal = |why: &str| JournalError::NotAJournal {
        path: path.to_path_buf(),
        why: why.into(),
    };
    let damaged = |why: &str| JournalError::Damaged {
        path: path.to_path_buf(),
        why: why.into(),
    };
    let mut file = crate::util::file::open_regular(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len == 0 {
        // SQLite would treat an empty file as a new database and write one into it.
        return Err(damaged("the file is empty"));
    }
    let mut header = [0u8; 100];
    let mut got = 0;
    while got < header.len() {
        match file.read(&mut header[got..]).map_err(io)? {
            0 => break,
            n => got += n,
        }
    }
    if !header.starts_with(b"SQLite format 3\0") {
        return Err(not_journal("it is not an SQLite database"));
    }
    if got < header.len() {
        return Err(damaged("the file ends inside its header"));
    }
    let be32 = |at: usize| u32::from_be_bytes(header[at..at + 4].try_into().unwrap());
    if be32(68) != APPLICATION_ID as u32 {
        return Err(not_journal(
            "it is an SQLite database, but another program's",
        ));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    // The page count is only valid when the two change counters agree; and while a
    // write-ahead log holds pages, the main file may lawfully be shorter.
    let wal_len = std::fs::metadata(wal_path(path))
        .map(|m| m.len())
        .unwrap_or(0);
    if be32(24) == be32(92) && wal_len == 0 && len < pages * page_size {
        return Err(damaged(&format!(
            "the file is {len} bytes but its header says {}: it has been cut short",
            pages * page_size
        )));
    }
    Ok(())
}

fn wal_path(path: &Path) -> PathBuf {
    beside(path, "-wal")
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The journal's file as it stands while no log holds entries; `None` while one does.
/// Two equal snapshots around a read mean no writer changed the file during it: a writer
/// makes the log, and folding it back writes the main file.
#[derive(Debug, PartialEq, Eq)]
struct Quiet {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Quiet {
    fn now(path: &Path) -> Result<Option<Quiet>, JournalError> {
        if std::fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 0) {
            return Ok(None);
        }
        let m = std::fs::metadata(path).map_err(|source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Some(Quiet {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            inode: {
                use std::os::unix::fs::MetadataExt as _;
                (m.dev(), m.ino())
            },
        }))
    }
}

/// `file:` URI of `path` opened as immutable: SQLite then takes no locks and makes no -shm
/// file. Every byte but the unreserved ones is percent-encoded, so any path survives.
fn immutable_uri(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt as _;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut uri = String::from("file:");
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// A read by an older still left -wal and -shm files that its owner cannot write (they take
/// the journal's permissions, and it was 0400 at the time), and every later write failed.
/// Give them back the journal's own permissions; a file that is not ours is left alone.
#[cfg(unix)]
fn writable_leftovers(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let Ok(journal) = std::fs::metadata(path) else {
        return;
    };
    let mode = journal.permissions().mode() & 0o666;
    if mode & 0o200 == 0 {
        return;
    }
    for leftover in [wal_path(path), beside(path, "-shm")] {
        if let Ok(m) = std::fs::metadata(&leftover)
            && m.is_file()
            && m.permissions().mode() & 0o200 == 0
        {
            let _ = std::fs::set_permissions(&leftover, std::fs::Permissions::from_mode(mode));
        }
    }
}

#[cfg(not(unix))]
fn writable_leftovers(_: &Path) {}

/// Creates a new, empty journal at `path` without ever exposing a half-made file: it is
/// built under a temporary name beside it and linked into place only if `path` is still
/// free (another `still` may have created it meanwhile; then that one is used).
fn create(path: &Path) -> Result<(), JournalError> {
    let io = |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    };
    // A log left behind by a journal that was moved away would be replayed into the new
    // one by SQLite, which cannot tell that it belongs to another file.
    let wal = wal_path(path);
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(JournalError::Damaged {
            path: wal,
            why: "this write-ahead log is here without the journal it belongs to".into(),
        });
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(
        ".{name}.new-{}-{}",
        std::process::id(),
        &super::entry::new_id()[..8]
    ));
    // Errors name the journal, not the temporary file the user never sees.
    let made = (|| {
        let mut conn = Connection::open(&tmp).map_err(sql_error(path))?;
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA journal_mode = WAL;"
        ))
        .map_err(sql_error(path))?;
        let tx = conn.transaction().map_err(sql_error(path))?;
        for sql in MIGRATIONS {
            tx.execute_batch(sql).map_err(sql_error(path))?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
            .map_err(sql_error(path))?;
        tx.commit().map_err(sql_error(path))?;
        // Closing the last connection checkpoints the log into the file and removes it,
        // so the one file holds the whole new journal.
        conn.close().map_err(|(_, e)| sql_error(path)(e))
    })();
    let linked = made
        .and_then(|()| private(&tmp).map_err(io))
        .and_then(|()| match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            // File systems without hard links: a rename, which cannot check that `path` is
            // still free, so look first.
            Err(_) if !path.exists() => std::fs::rename(&tmp, path).map_err(io),
            Err(_) => Ok(()),
        });
    for leftover in [tmp.clone(), wal_path(&tmp)] {
        let _ = std::fs::remove_file(leftover);
    }
    linked
}

/// Moods and notes are nobody else's business: the journal is readable by its owner only
/// (SQLite gives its -wal and -shm files the same permissions).
#[cfg(unix)]
fn private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn private(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(debug_assertions)]
fn hold_for_tests() {
    // Lets the integration tests kill a writer at a known point: after its rows are
    // written, before they are committed. Debug builds only.
    if let Some(ms) = std::env::var_os("STILL_TEST_HOLD_WRITE_MS") {
        eprintln!("holding the write");
        let ms = ms.to_string_lossy().parse().unwrap_or(60_000);
        std::thread::sleep(Duration::from_millis(ms));
    }
}

#[cfg(not(debug_assertions))]
fn hold_for_tests() {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::entry::new_id;
    use jiff::civil::date;

    fn entry(n: u32) -> Entry {
        Entry {
            id: new_id(),
            started_at: Timestamp::from_second(1_700_000_000 + i64::from(n) * 86_400).unwrap(),
            zone: Some("Europe/Berlin".into()),
            utc_offset: Offset::from_hours(1).unwrap(),
            date: date(2023, 11, 14),
            session_id: "box-breathing".into(),
            session_title: "Box breathing".into(),
            planned_ms: 600_000,
            practiced_ms: 420_000,
            completed: false,
            mood_before: Some(3),
            mood_after: None,
            note: Some("rain outside".into()),
            source: Source::Played,
            stopped_ms: Some(123_456),
            language: Some("fr".into()),
        }
    }

    #[test]
    fn a_missing_journal_reads_as_none_and_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/journal.sqlite");
        assert!(Store::read(&p, Store::entries).unwrap().is_none());
        assert!(!p.exists());
        assert!(!p.parent().unwrap().exists());
    }

    #[test]
    fn entries_round_trip_and_ids_are_unique() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("data/journal.sqlite");
        let mut s = Store::open_write(&p).unwrap();
        let e = entry(0);
        assert!(s.write(|w| w.insert(&e)).unwrap());
        assert!(!s.write(|w| w.insert(&e)).unwrap(), "same id: kept once");
        drop(s);
        let leftovers: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".new-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        assert_eq!(Store::read(&p, Store::entries).unwrap().unwrap(), vec![e]);
        let mode: String = Connection::open(&p)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_failed_write_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.sqlite");
        let mut s = Store::open_write(&p).unwrap();
        let r = s.write(|w| {
            w.insert(&entry(1))?;
            Err::<(), _>(JournalError::Invalid("stop".into()))
        });
        assert!(r.is_err());
        let mut bad = entry(2);
        bad.mood_after = Some(11);
        assert!(matches!(
            s.write(|w| w.insert(&bad)),
            Err(JournalError::Invalid(_))
        ));
        assert!(s.entries().unwrap().is_empty());
    }

    #[test]
    fn migrations_run_once_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.sqlite");
        drop(Store::open_write(&p).unwrap());
        let mut s = Store::open_write(&p).unwrap();
        let next = [
            MIGRATIONS[0],
            MIGRATIONS[1],
            MIGRATIONS[2],
            "ALTER TABLE entries ADD COLUMN posture TEXT",
        ];
        s.migrate(&next).unwrap();
        s.migrate(&next).unwrap();
        let v: i64 = s
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 4);
        // A newer journal still reads, but is not written.
        s.write(|w| w.insert(&entry(3))).unwrap();
        drop(s);
        assert_eq!(Store::read(&p, Store::entries).unwrap().unwrap().len(), 1);
        assert!(matches!(
            Store::open_write(&p),
            Err(JournalError::Newer {
                found: 4,
                known: 3,
                ..
            })
        ));
    }

    /// Issue #14: a journal of layout 1 (before sits knew where they stopped) reads as it
    /// is, and is brought to layout 2 by the next write, its entries kept.
    #[test]
    fn a_first_layout_journal_reads_and_migrates_issue_14() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.sqlite");
        {
            let conn = Connection::open(&p).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA journal_mode = WAL; {} PRAGMA user_version = 1;",
                MIGRATIONS[0]
            ))
            .unwrap();
            conn.execute(
                &format!(
                    "INSERT INTO entries ({}) VALUES ('a', 0, NULL, 0, '1970-01-01', 's', 'S', 1000, 1000, 1, NULL, NULL, NULL, 'played')",
                    COLUMNS.trim_end_matches(", stopped_ms, \
     language")
                ),
                [],
            )
            .unwrap();
        }
        let old = Store::read(&p, Store::entries).unwrap().unwrap();
        assert_eq!(old.len(), 1);
        assert_eq!(old[0].stopped_ms, None);
        let mut s = Store::open_write(&p).unwrap();
        s.write(|w| w.insert(&entry(4))).unwrap();
        let v: i64 = s
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        drop(s);
        let all = Store::read(&p, Store::entries).unwrap().unwrap();
        assert_eq!(all.len(), 2);
        assert!(all.iter().any(|e| e.stopped_ms == Some(123_456)));
    }

    /// Issue #20: a journal of layout 2 (before sits knew their language) reads as it is,
    /// its sits without a language, and the next write brings it to layout 3 and keeps
    /// the language of the sit it writes.
    #[test]
    fn a_second_layout_journal_gains_the_language_column_issue_20() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.sqlite");
        {
            let conn = Connection::open(&p).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA journal_mode = WAL; {} {} PRAGMA user_version = 2;",
                MIGRATIONS[0], MIGRATIONS[1]
            ))
            .unwrap();
            conn.execute(
                "INSERT INTO entries (id, started_at_ms, zone, utc_offset_s, date, session_id, session_title, planned_ms, practiced_ms, completed, mood_before, mood_after, note, source, stopped_ms) VALUES ('a', 0, NULL, 0, '1970-01-01', 's', 'S', 1000, 1000, 1, NULL, NULL, NULL, 'played', 500)",
                [],
            )
            .unwrap();
        }
        let old = Store::read(&p, Store::entries).unwrap().unwrap();
        assert_eq!(old.len(), 1);
        assert_eq!(
            (old[0].stopped_ms, old[0].language.as_deref()),
            (Some(500), None)
        );
        let mut s = Store::open_write(&p).unwrap();
        s.write(|w| w.insert(&entry(4))).unwrap();
        let v: i64 = s
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 3);
        drop(s);
        let mut all = Store::read(&p, Store::entries).unwrap().unwrap();
        all.sort_by_key(|e| e.id != "a");
        assert_eq!(all[0].language, None);
        assert_eq!(all[1].language.as_deref(), Some("fr"));
    }

    #[test]
    fn foreign_and_broken_files_are_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let cases: &[(&str, &[u8], &str)] = &[
            ("empty", b"", "the file is empty"),
            ("text", b"my notes\n", "not an SQLite database"),
            ("header", b"SQLite format 3\0abc", "ends inside its header"),
        ];
        for (name, bytes, why) in cases {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            for result in [
                Store::open_write(&p).map(|_| ()),
                Store::read(&p, Store::entries).map(|_| ()),
            ] {
                let e = result.unwrap_err();
                assert!(e.to_string().contains(why), "{name}: {e}");
                assert!(e.hint().unwrap().contains("mv '"), "{name}");
            }
            assert_eq!(&std::fs::read(&p).unwrap(), bytes, "{name}");
        }
        let p = dir.path().join("other.sqlite");
        Connection::open(&p)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let e = Store::open_write(&p).err().unwrap();
        assert!(e.to_string().contains("another program's"), "{e}");
    }

    /// Issue #21: a layout version below 1 made writers panic (-1) or fail quoting the
    /// whole `CREATE TABLE` (0), and an entry `log` could not read was still written to by
    /// `log add`. Reading and writing now reach the same verdict when the file is opened.
    #[test]
    fn one_verdict_on_open_for_reads_and_writes_issue_21() {
        let dir = tempfile::tempdir().unwrap();
        let cases: &[(&str, &str, &str)] = &[
            (
                "minus-one",
                "PRAGMA user_version = -1",
                "layout version (PRAGMA user_version) is -1",
            ),
            (
                "zero",
                "PRAGMA user_version = 0",
                "layout version (PRAGMA user_version) is 0",
            ),
            (
                "no-table",
                "DROP TABLE entries",
                "table of entries or their index is missing",
            ),
            (
                "far-future",
                "UPDATE entries SET started_at_ms = 9223372036854775807",
                "a value still cannot read",
            ),
            (
                "bad-day",
                "UPDATE entries SET date = '2024-02-30'",
                "a value still cannot read",
            ),
        ];
        for (name, sql, why) in cases {
            let p = dir.path().join(format!("{name}.sqlite"));
            let mut s = Store::open_write(&p).unwrap();
            s.write(|w| w.insert(&entry(0))).unwrap();
            drop(s);
            Connection::open(&p).unwrap().execute_batch(sql).unwrap();
            let before = std::fs::read(&p).unwrap();
            let read = Store::read(&p, Store::entries).map(|_| ()).unwrap_err();
            let tallies = Store::read(&p, Store::tallies).map(|_| ()).unwrap_err();
            let write = Store::open_write(&p).map(|_| ()).unwrap_err();
            for e in [&read, &tallies, &write] {
                assert!(matches!(e, JournalError::Damaged { .. }), "{name}: {e}");
                assert!(e.to_string().contains(why), "{name}: {e}");
                assert!(!e.to_string().contains("CREATE"), "{name}: {e}");
            }
            assert_eq!(std::fs::read(&p).unwrap(), before, "{name}: left untouched");
        }
    }

    /// Issue #21: a read made -wal and -shm files (with the journal's permissions, 0400 if
    /// it was read-only then) that every later write tripped on; and it needed a folder it
    /// could write to, so a full disk or a read-only mount could not be read. A read now
    /// opens the file as immutable and leaves nothing beside it.
    #[test]
    fn a_read_leaves_no_files_beside_the_journal_issue_21() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.sqlite");
        let mut s = Store::open_write(&p).unwrap();
        s.write(|w| w.insert(&entry(0))).unwrap();
        drop(s);
        let names = || -> Vec<String> {
            let mut n: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        assert_eq!(names(), ["journal.sqlite"]);
        assert_eq!(Store::read(&p, Store::entries).unwrap().unwrap().len(), 1);
        assert_eq!(Store::read(&p, Store::tallies).unwrap().unwrap().len(), 1);
        assert_eq!(names(), ["journal.sqlite"], "a read made files");
        // While a writer holds the journal open its log is there: the read goes through
        // SQLite's locking and sees what was committed.
        let mut w = Store::open_write(&p).unwrap();
        w.conn
            .execute_batch("PRAGMA wal_autocheckpoint = 0")
            .unwrap();
        w.write(|w| w.insert(&entry(1))).unwrap();
        assert!(std::fs::metadata(wal_path(&p)).unwrap().len() > 0);
        assert_eq!(Store::read(&p, Store::entries).unwrap().unwrap().len(), 2);
        drop(w);
        assert_eq!(names(), ["journal.sqlite"]);
    }

    /// Issue #21: -wal and -shm files left unwritable by an older still's read are given the
    /// journal's permissions back before a write, instead of failing it.
    #[cfg(unix)]
    #[test]
    fn unwritable_leftovers_of_a_read_are_mended_before_a_write_issue_21() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("journal.sqlite");
        drop(Store::open_write(&p).unwrap());
        for suffix in ["-wal", "-shm"] {
            let leftover = beside(&p, suffix);
            std::fs::write(&leftover, b"").unwrap();
            std::fs::set_permissions(&leftover, std::fs::Permissions::from_mode(0o400)).unwrap();
        }
        let mut s = Store::open_write(&p).unwrap();
        s.write(|w| w.insert(&entry(0))).unwrap();
        for suffix in ["-wal", "-shm"] {
            if let Ok(m) = std::fs::metadata(beside(&p, suffix)) {
                assert_eq!(m.permissions().mode() & 0o777, 0o600, "{suffix}");
            }
        }
        drop(s);
        assert_eq!(Store::read(&p, Store::entries).unwrap().unwrap().len(), 1);
    }

    #[test]
    fn immutable_uris_keep_any_path() {
        assert_eq!(
            immutable_uri(Path::new("/a b/j?#%.sqlite")),
            "file:/a%20b/j%3F%23%25.sqlite?immutable=1"
        );
    }
}
