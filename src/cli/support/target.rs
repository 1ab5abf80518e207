//! Where a command's output goes, decided in one place for every command that writes a
//! file the user names (`render -o` and `--captions`, `export -o`, `pack -o`):
//!
//! - `-`, standard output;
//! - a special file (a device, a FIFO, a socket): opened and written in place, never
//!   replaced, never reserved;
//! - a regular file, or none yet: written beside the destination under a temporary name
//!   that carries the writing process's id (`.still-PID-XXXXXX.part`), locked while it is
//!   written, and renamed over the destination only once complete. A file it replaces keeps
//!   its permission bits (and, where the system allows, its owner). Leftovers of writers
//!   that were killed are reclaimed first ([`crate::util::leftover`]).
//!
//! Before any work, an output that is one of the command's inputs (the script, a clip),
//! still's journal or config, or the command's other output is refused, naming both.

use std::fs::{File, Metadata};
use std::io::{Seek, Write};
use std::os::fd::{AsFd, AsRawFd};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::Fail;
use super::exit::Exit;
use crate::home::Home;
use crate::journal::store;
use crate::script::ClipData;
use crate::session::Session;
use crate::util::leftover;

/// An output a command was given, resolved but not yet opened.
#[derive(Debug)]
pub struct Target {
    /// The path as the user gave it, for messages.
    shown: PathBuf,
    /// The option that named it (`-o`, `--captions`).
    flag: &'static str,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Stdout,
    /// A device, FIFO or socket, written in place.
    Special {
        path: PathBuf,
        what: &'static str,
    },
    /// A regular file (`old`, which a link may lead to) or none yet.
    File {
        path: PathBuf,
        old: Option<Metadata>,
    },
}

/// A file the command reads (or keeps), which no output may replace.
pub struct Input {
    /// What it is, for the message: "the script", "a clip the script uses".
    pub what: String,
    pub path: PathBuf,
}

impl Input {
    pub fn new(what: impl Into<String>, path: impl Into<PathBuf>) -> Input {
        Input {
            what: what.into(),
            path: path.into(),
        }
    }
}

/// The files a session's command reads: its script and every clip it uses (and the voice
/// recordings it plays), then still's own files.
pub fn session_inputs(s: &Session, home: Option<&Home>) -> Vec<Input> {
    let mut inputs = vec![];
    match &s.origin {
        crate::library::Origin::File(p) | crate::library::Origin::Library(p) => {
            inputs.push(Input::new("the session's script", p));
        }
        crate::library::Origin::Builtin => {}
    }
    for (clip, _) in &s.clips {
        if let ClipData::File(p) = &clip.data {
            inputs.push(Input::new(format!("the clip '{}'", clip.path), p));
        }
    }
    if let Some(home) = home {
        inputs.extend(home_inputs(home));
    }
    inputs
}

/// still's own files: the journal (with SQLite's files beside it) and the config.
/// A journal command's `-o PATH`, if given, refused where it would replace the journal or
/// any other file of still's (`export`, `report`).
pub fn journal_output(path: Option<&Path>, home: &Home) -> Result<Option<Target>, Fail> {
    let Some(path) = path else {
        return Ok(None);
    };
    let t = Target::resolve("-o", path)?;
    t.refuse(&home_inputs(home))?;
    Ok(Some(t))
}

pub fn home_inputs(home: &Home) -> Vec<Input> {
    let journal = store::path(home);
    let mut inputs = vec![Input::new("still's journal", &journal)];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = journal.clone().into_os_string();
        name.push(suffix);
        inputs.push(Input::new("a file of still's journal", PathBuf::from(name)));
    }
    inputs.push(Input::new("still's config", home.config_file()));
    inputs
}

impl Target {
    /// What `path` names, for the output option `flag`: `-` is standard output.
    pub fn resolve(flag: &'static str, path: &Path) -> Result<Target, Fail> {
        let shown = path.to_path_buf();
        if path.as_os_str() == "-" {
            return Ok(Target {
                shown,
                flag,
                kind: Kind::Stdout,
            });
        }
        let kind = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(TargetError::Folder { flag, path: shown }.into());
            }
            Ok(m) if m.is_file() => {
                // Through a link, the file it leads to is the one replaced; the link stays.
                let is_link = std::fs::symlink_metadata(path).is_ok_and(|l| l.is_symlink());
                let real = if is_link {
                    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
                } else {
                    path.to_path_buf()
                };
                Kind::File {
                    path: real,
                    old: Some(m),
                }
            }
            Ok(m) => Kind::Special {
                path: path.to_path_buf(),
                what: special_kind(&m),
            },
            // Nothing there (or nothing that can be looked at): a new file, whose creation
            // says what is wrong if anything is.
            Err(_) => Kind::File {
                path: path.to_path_buf(),
                old: None,
            },
        };
        Ok(Target { shown, flag, kind })
    }

    /// The path as the user gave it.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    pub fn is_stdout(&self) -> bool {
        matches!(self.kind, Kind::Stdout)
    }

    /// Whether what is written goes out as it is written (standard output, a FIFO, a
    /// device): there is no complete-or-nothing, so whatever can fail should fail first.
    pub fn is_stream(&self) -> bool {
        !matches!(self.kind, Kind::File { .. })
    }

    /// Refuses this output if it is one of `inputs`, naming both.
    pub fn refuse(&self, inputs: &[Input]) -> Result<(), Fail> {
        let Some(path) = self.path() else {
            return Ok(());
        };
        for input in inputs {
            if same_file(path, &input.path) {
                // Named both ways when the names differ (a link, another spelling).
                let also = if input.path == self.shown {
                    String::new()
                } else {
                    format!(" ({})", input.path.display())
                };
                return Err(TargetError::IsInput {
                    flag: self.flag,
                    output: self.shown.clone(),
                    what: input.what.clone(),
                    also,
                }
                .into());
            }
        }
        Ok(())
    }

    /// Refuses this output if it is the same file as the command's `other` output.
    pub fn refuse_other(&self, other: &Target) -> Result<(), Fail> {
        let same = match (self.path(), other.path()) {
            (None, None) => true,
            (Some(a), Some(b)) => same_file(a, b),
            _ => false,
        };
        if same {
            return Err(TargetError::SameOutput {
                flag: self.flag,
                path: self.shown.clone(),
                other_flag: other.flag,
                other: other.shown.clone(),
            }
            .into());
        }
        Ok(())
    }

    fn path(&self) -> Option<&Path> {
        match &self.kind {
            Kind::Stdout => None,
            Kind::Special { path, .. } | Kind::File { path, .. } => Some(path),
        }
    }

    /// Opens the output to be written. A FIFO waits for its reader, until `stopped` says
    /// to give up. With `seekable`, what is written goes to an unnamed temporary file first
    /// when the output is a stream (a zip is written out of order), and is copied to it at
    /// [`Writing::commit`].
    pub fn open(&self, seekable: bool, stopped: &dyn Fn() -> bool) -> Result<Writing, Fail> {
        let (sink, spool) = match &self.kind {
            Kind::Stdout => {
                let fd = std::io::stdout()
                    .as_fd()
                    .try_clone_to_owned()
                    .map_err(|source| TargetError::Open {
                        path: self.shown.clone(),
                        what: "standard output",
                        source,
                    })?;
                (Sink::Stream(File::from(fd)), seekable)
            }
            Kind::Special { path, what } => (
                Sink::Stream(open_special(path, &self.shown, what, stopped)?),
                seekable,
            ),
            Kind::File { path, old } => (Sink::Temp(temp_beside(path, old.as_ref())?), false),
        };
        let spool = if spool {
            // Unnamed at once: nothing to clean up, whatever happens.
            let dir = std::env::temp_dir();
            let (file, path) =
                create_part(&dir).map_err(|source| TargetError::Create { dir, source })?;
            let _ = std::fs::remove_file(path);
            Some(file)
        } else {
            None
        };
        Ok(Writing {
            sink,
            spool,
            shown: self.shown.clone(),
        })
    }

    /// Writes all of `bytes` to the output: a file appears whole or not at all. A FIFO
    /// waits for its reader until `stopped` says to give up.
    pub fn write_all(&self, bytes: &[u8], stopped: &dyn Fn() -> bool) -> Result<(), Fail> {
        let mut w = self.open(false, stopped)?;
        w.file().write_all(bytes).map_err(|e| w.write_error(e))?;
        w.commit()
    }
}

/// An output being written. Dropped before [`Writing::commit`], it leaves a file output
/// as it was: the temporary file is removed.
pub struct Writing {
    sink: Sink,
    spool: Option<File>,
    shown: PathBuf,
}

enum Sink {
    Stream(File),
    Temp(Temp),
}

/// The temporary file beside a destination; removed when dropped unless it was renamed
/// into place.
struct Temp {
    file: File,
    path: PathBuf,
    dest: PathBuf,
    placed: bool,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Writing {
    /// Where to write.
    pub fn file(&mut self) -> &mut File {
        if let Some(spool) = &mut self.spool {
            return spool;
        }
        match &mut self.sink {
            Sink::Stream(f) => f,
            Sink::Temp(t) => &mut t.file,
        }
    }

    /// Whether the output is a new regular file, whose room may be reserved up front.
    pub fn is_file(&self) -> bool {
        matches!(self.sink, Sink::Temp(_))
    }

    /// The failure to write to this output: a reader that went away stops quietly, as
    /// a closed pipe does everywhere in still.
    pub fn write_error(&self, source: std::io::Error) -> Fail {
        if source.kind() == std::io::ErrorKind::BrokenPipe {
            return Fail::broken_pipe();
        }
        TargetError::Write {
            path: self.shown.clone(),
            source,
        }
        .into()
    }

    /// Finishes the output: a file is renamed into place, a spool copied to its stream.
    pub fn commit(mut self) -> Result<(), Fail> {
        if let Some(mut spool) = self.spool.take() {
            let copied = spool.rewind().and_then(|()| {
                let Sink::Stream(out) = &mut self.sink else {
                    unreachable!("only a stream is spooled")
                };
                std::io::copy(&mut spool, out).map(|_| ())
            });
            copied.map_err(|e| self.write_error(e))?;
        }
        match self.sink {
            Sink::Stream(_) => Ok(()),
            Sink::Temp(mut t) => {
                std::fs::rename(&t.path, &t.dest).map_err(|source| TargetError::Persist {
                    path: self.shown.clone(),
                    source,
                })?;
                t.placed = true;
                Ok(())
            }
        }
    }
}

/// Opens a special file to write in place: never created, truncated or replaced. A FIFO
/// without a reader is waited for, a tenth of a second at a time, so a signal can stop it.
fn open_special(
    path: &Path,
    shown: &Path,
    what: &'static str,
    stopped: &dyn Fn() -> bool,
) -> Result<File, TargetError> {
    let fifo = what == "FIFO";
    let open = || {
        let mut flags = libc::O_NOCTTY | libc::O_CLOEXEC;
        if fifo {
            flags |= libc::O_NONBLOCK;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(flags)
            .open(path)
    };
    let mut said = false;
    let file = loop {
        match open() {
            Ok(f) => break f,
            Err(e) if fifo && e.raw_os_error() == Some(libc::ENXIO) => {
                if stopped() {
                    return Err(TargetError::NoReader {
                        path: shown.to_path_buf(),
                    });
                }
                if !said {
                    said = true;
                    let mut err = anstream::stderr().lock();
                    let _ = writeln!(
                        err,
                        "waiting for a reader on the FIFO {} (Ctrl-C to stop)",
                        shown.display()
                    );
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(source) => {
                return Err(TargetError::Open {
                    path: shown.to_path_buf(),
                    what,
                    source,
                });
            }
        }
    };
    if fifo {
        // Writes block as a pipe's do once it is open.
        // SAFETY: fcntl on an open descriptor with plain integer flags.
        unsafe {
            let fd = file.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    // The name was a special file when it was looked at; if it has become a plain file
    // since, writing in place would overwrite it.
    match file.metadata() {
        Ok(m) if m.is_file() => Err(TargetError::Open {
            path: shown.to_path_buf(),
            what,
            source: std::io::Error::other("it was replaced by a plain file"),
        }),
        _ => Ok(file),
    }
}

/// A temporary file beside `dest`, named for this process and locked, with the permissions
/// (and, where allowed, the owner) of the file it will replace, or those a new file gets.
fn temp_beside(dest: &Path, old: Option<&Metadata>) -> Result<Temp, TargetError> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    reclaim(&dir);
    let create = |source| TargetError::Create {
        dir: dir.clone(),
        source,
    };
    let (file, path) = create_part(&dir).map_err(create)?;
    // From here the file is removed again if anything fails.
    let temp = Temp {
        file,
        path,
        dest: dest.to_path_buf(),
        placed: false,
    };
    leftover::hold(&temp.file);
    if let Some(old) = old {
        let fd = temp.file.as_raw_fd();
        // The owner first: changing it clears the set-id bits the mode then puts back.
        // SAFETY: fchown on an open descriptor; a refusal (not root) leaves it as it is.
        let _ = unsafe { libc::fchown(fd, old.uid(), old.gid()) };
        let mode = std::fs::Permissions::from_mode(old.mode() & 0o7777);
        temp.file.set_permissions(mode).map_err(create)?;
    }
    Ok(temp)
}

/// Creates `.still-PID-XXXXXX.part` in `dir`, new (never through a link, never over a
/// file), with the mode a new file gets: 0666 less the umask, not a temporary file's 0600.
fn create_part(dir: &Path) -> std::io::Result<(File, PathBuf)> {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let mut last = None;
    for attempt in 0u32..64 {
        let mut h = state.build_hasher();
        h.write_u32(attempt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        let mut n = h.finish();
        let tag: String = (0..6)
            .map(|_| {
                let c = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                    [(n % 62) as usize];
                n /= 62;
                c as char
            })
            .collect();
        let path = dir.join(format!(".still-{}-{tag}.part", std::process::id()));
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o666)
            .custom_flags(libc::O_CLOEXEC)
            .open(&path)
        {
            Ok(f) => return Ok((f, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::from(std::io::ErrorKind::AlreadyExists)))
}

/// Removes the `.still-PID-….part` files in `dir` left by writers that were killed, and
/// says so on standard error. A file whose writer is alive, or whose lock is held, stays.
fn reclaim(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.ends_with(".part") {
            continue;
        }
        let Some(pid) = leftover::pid_in(name, ".still-") else {
            continue;
        };
        let path = entry.path();
        if !leftover::reclaimable(&path, pid, false) {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if std::fs::remove_file(&path).is_ok() {
            let mut err = anstream::stderr().lock();
            let _ = writeln!(
                err,
                "note: removed {} ({}), left by a still that was stopped before it finished",
                path.strip_prefix(".").unwrap_or(&path).display(),
                crate::library::bundle::describe_bytes(size)
            );
        }
    }
}

/// Whether `a` and `b` are the same file: the same device and inode when both exist (a
/// link or another name for it counts), else the same place once links are resolved.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        (Err(_), Err(_)) => match (place(a), place(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
        _ => false,
    }
}

/// Where a file that does not exist yet would be: its folder resolved, then its name.
fn place(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(name))
}

fn special_kind(m: &Metadata) -> &'static str {
    let t = m.file_type();
    if t.is_fifo() {
        "FIFO"
    } else if t.is_char_device() {
        "character device"
    } else if t.is_block_device() {
        "block device"
    } else if t.is_socket() {
        "socket"
    } else {
        "special file"
    }
}

/// Why an output cannot be written.
#[derive(Debug, thiserror::Error)]
enum TargetError {
    #[error("{flag} {} is {what}{also}; writing there would destroy it", .output.display())]
    IsInput {
        flag: &'static str,
        output: PathBuf,
        what: String,
        /// The input's own name, when it is not the output's.
        also: String,
    },
    #[error(
        "{flag} {} and {other_flag} {} are the same file",
        .path.display(),
        .other.display()
    )]
    SameOutput {
        flag: &'static str,
        path: PathBuf,
        other_flag: &'static str,
        other: PathBuf,
    },
    #[error("{flag} {} is a folder", .path.display())]
    Folder { flag: &'static str, path: PathBuf },
    #[error("cannot create a file in {}", .dir.display())]
    Create {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open {} (a {what}) to write to it", .path.display())]
    Open {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot put the finished file at {}", .path.display())]
    Persist {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("stopped waiting for a reader on the FIFO {}; nothing was written", .path.display())]
    NoReader { path: PathBuf },
}

impl TargetError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            TargetError::IsInput { flag, .. } => {
                format!(
                    "give {flag} another file; still never writes over a file it reads or keeps"
                )
            }
            TargetError::SameOutput { flag, .. } => {
                format!("give {flag} a file of its own")
            }
            TargetError::Folder { flag, path } => {
                format!(
                    "give {flag} a file name, e.g. {}",
                    path.join("NAME").display()
                )
            }
            TargetError::Create { .. } | TargetError::Persist { .. } => {
                "check that the folder exists and that you may write there".into()
            }
            TargetError::Open { what: "socket", .. } => {
                "a socket cannot be opened as a file; give a file, a FIFO or - for standard output"
                    .into()
            }
            TargetError::Open { .. } => "check that you may write to it".into(),
            TargetError::Write { .. } => "check that the disk has room".into(),
            TargetError::NoReader { .. } => return None,
        })
    }
}

impl From<TargetError> for Fail {
    fn from(e: TargetError) -> Fail {
        let code = match e {
            TargetError::NoReader { .. } => Exit::Interrupted,
            _ => Exit::Input,
        };
        let hint = e.hint();
        let fail = Fail::new(e, code);
        match hint {
            Some(h) => fail.hint(h),
            None => fail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_the_same_through_a_link_or_another_name() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        std::fs::write(&a, "x").unwrap();
        std::os::unix::fs::symlink(&a, dir.path().join("link")).unwrap();
        std::fs::hard_link(&a, dir.path().join("hard")).unwrap();
        assert!(same_file(&a, &dir.path().join("link")));
        assert!(same_file(&a, &dir.path().join("hard")));
        assert!(same_file(
            &dir.path().join("new.wav"),
            &dir.path().join(".").join("new.wav")
        ));
        assert!(!same_file(&a, &dir.path().join("new.wav")));
    }

    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_failed_write_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        fn ok<T>(r: Result<T, Fail>) -> T {
            r.unwrap_or_else(|_| panic!("the output can be written"))
        }
        let t = ok(Target::resolve("-o", &path));
        let mut w = ok(t.open(false, &|| false));
        w.file().write_all(b"half").unwrap();
        drop(w);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        ok(t.write_all(b"new", &|| false));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o7777, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
