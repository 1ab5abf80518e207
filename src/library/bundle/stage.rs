//! Reading a bundle from a stranger. Everything that needs no inflating is checked first
//! (entry count, names, types, the manifest, the sizes it promises, whether the id is free);
//! then every file is inflated to nowhere, counted as it inflates and never past what the
//! manifest promised, and its checksum compared — so a hostile bundle is refused before a
//! byte is written. Only then are the files inflated into a hidden folder inside the
//! library (checked again), which is renamed into place after the caller has checked the
//! script.
//!
//! The hidden folder is named for the importing process (`.import-PID-XXXXXX`) and locked
//! while it lives, as is an installed session renamed aside by `--replace`
//! (`.replaced-ID-PID`): an import killed with SIGKILL leaves them behind, and the next
//! import reclaims them ([`reclaim`]) once that process is gone and the lock is free.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::{BundleError, Hashing, MANIFEST, MAX_FILE_BYTES, MAX_TOTAL_BYTES, Manifest};
use crate::home::Home;
use crate::library::{self, Found, Occupant, Origin};
use crate::script::{Script, values};
use crate::util::leftover;

use super::checks::*;
use super::listing::*;

/// A bundle inflated and checked, waiting in a hidden folder inside the library. Dropping
/// it removes the folder (and the library's folders, if staging made them and they are
/// empty).
pub struct Staged {
    pub manifest: Manifest,
    /// The name the bundle was given by, for messages.
    name: String,
    dir: Option<TempDir>,
    /// The staging folder, open so this process holds its lock while it lives.
    lock: Option<std::fs::File>,
    sessions: PathBuf,
    /// Folders made for the library, innermost first; removed (if empty) on failure.
    made: Vec<PathBuf>,
}

/// Where [`Staged::install`] put a session.
#[derive(Debug)]
pub struct Installed {
    pub id: String,
    pub folder: PathBuf,
    /// Whether an installed session of the same id was replaced.
    pub replaced: bool,
}

/// Reads and checks the bundle at `path` (a `.still` file, or a folder holding an unpacked
/// one) and inflates it into a hidden folder in `home`'s library.
pub fn stage(path: &Path, home: &Home, replace: bool) -> Result<Staged, BundleError> {
    let read_err = |source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    let (mut archive, entries) = if meta.is_dir() {
        list_folder(path)?
    } else if meta.is_file() {
        list_zip(path)?
    } else {
        return Err(BundleError::NotZip {
            reason: "it is not a file or a folder".into(),
        });
    };
    let manifest = read_manifest(&mut archive, &entries)?;
    check_against_manifest(&entries, &manifest)?;
    check_free(&manifest.id, home, replace)?;
    // Inflate everything once to nowhere, counting and hashing: a bomb, a lie in the
    // manifest or a damaged entry is refused before anything is written.
    inflate(&mut archive, &entries, &manifest, None)?;

    let sessions = home.sessions();
    // The folders this import makes (the library, perhaps STILL_HOME itself), outermost
    // last, to be removed again if the import fails.
    let made: Vec<PathBuf> = sessions
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && std::fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect();
    let mut staged = Staged {
        manifest,
        name: path.display().to_string(),
        dir: None,
        lock: None,
        sessions: sessions.clone(),
        made,
    };
    std::fs::create_dir_all(&sessions).map_err(|source| BundleError::Write {
        path: sessions.clone(),
        source,
    })?;
    reclaim(&sessions);
    let dir = tempfile::Builder::new()
        .prefix(&format!(".import-{}-", std::process::id()))
        .tempdir_in(&sessions)
        .map_err(|source| BundleError::Write {
            path: sessions.clone(),
            source,
        })?;
    let root = dir.path().to_path_buf();
    staged.lock = std::fs::File::open(&root).ok();
    if let Some(lock) = &staged.lock {
        leftover::hold(lock);
    }
    staged.dir = Some(dir);
    // Then for real, checking again: the file may have changed since.
    inflate(&mut archive, &entries, &staged.manifest, Some(&root))?;
    let manifest_path = root.join(MANIFEST);
    std::fs::write(&manifest_path, staged.manifest.to_bytes()).map_err(|source| {
        BundleError::Write {
            path: manifest_path,
            source,
        }
    })?;
    Ok(staged)
}

impl Staged {
    fn root(&self) -> &Path {
        self.dir.as_ref().expect("staged").path()
    }

    /// The staged script, found as the library would find it, for the caller to check with
    /// the real parser and decoder. Messages name it `BUNDLE/ID.yaml`.
    pub fn found(&self) -> Result<Found, library::LibraryError> {
        let path = self.root().join(&self.manifest.script);
        let name = format!("{}/{}", self.name, self.manifest.script);
        library::read_file(&path, name, Origin::File)
    }

    /// Checks the parsed script against the manifest: the same id, and every file in the
    /// bundle used by the script.
    pub fn verify(&self, script: &Script) -> Result<(), BundleError> {
        if script.id != self.manifest.id {
            return Err(BundleError::IdMismatch {
                manifest: self.manifest.id.clone(),
                script: script.id.clone(),
            });
        }
        let used: Vec<&str> = script.files().iter().map(|c| c.path.as_str()).collect();
        for f in &self.manifest.files {
            if f.path != self.manifest.script && !used.contains(&f.path.as_str()) {
                return Err(BundleError::Unused {
                    entry: f.path.clone(),
                });
            }
        }
        Ok(())
    }

    /// Whether the bundle holds a course (its `script` is a course file).
    pub fn is_course(&self) -> bool {
        library::courses::is_course_file(&self.root().join(&self.manifest.script))
    }

    /// The staged course, for the caller to parse. Messages name it `BUNDLE/ID.yaml`.
    pub fn course_found(&self) -> Result<library::courses::FoundCourse, library::LibraryError> {
        let path = self.root().join(&self.manifest.script);
        let mut found = library::courses::read(&path, self.name_of(&self.manifest.script))?;
        // Its id, when the file names none, is the one it was packed under.
        found.default_id = self.manifest.id.clone();
        Ok(found)
    }

    /// A course bundle's session scripts, each found as a file for the caller to check.
    pub fn sessions_found(&self) -> Vec<Result<Found, library::LibraryError>> {
        self.manifest
            .sessions
            .iter()
            .map(|s| library::read_file(&self.root().join(s), self.name_of(s), Origin::File))
            .collect()
    }

    fn name_of(&self, entry: &str) -> String {
        format!("{}/{}", self.name, entry)
    }

    /// Checks a parsed course and its parsed sessions against the manifest: the course's
    /// id, each session under its own id, and every file used by one of them.
    pub fn verify_course(&self, course_id: &str, sessions: &[&Script]) -> Result<(), BundleError> {
        if course_id != self.manifest.id {
            return Err(BundleError::IdMismatch {
                manifest: self.manifest.id.clone(),
                script: course_id.to_string(),
            });
        }
        for (entry, script) in self.manifest.sessions.iter().zip(sessions) {
            let named = format!("{}.yaml", script.id);
            if *entry != named {
                return Err(BundleError::IdMismatch {
                    manifest: entry.trim_end_matches(".yaml").to_string(),
                    script: script.id.clone(),
                });
            }
        }
        let used: Vec<&str> = sessions
            .iter()
            .flat_map(|s| s.files())
            .map(|c| c.path.as_str())
            .collect();
        for f in &self.manifest.files {
            if f.path != self.manifest.script
                && !self.manifest.sessions.contains(&f.path)
                && !used.contains(&f.path.as_str())
            {
                return Err(BundleError::Unused {
                    entry: f.path.clone(),
                });
            }
        }
        Ok(())
    }

    /// Moves the staged session into the library as `sessions/ID/`, in one rename. With
    /// `replace`, an installed session of the same id is renamed aside first and removed
    /// after; if the second rename fails it is put back.
    pub fn install(mut self, home: &Home, replace: bool) -> Result<Installed, BundleError> {
        let id = self.manifest.id.clone();
        let occupant = check_free(&id, home, replace)?;
        let target = self.sessions.join(&id);
        let write_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| BundleError::Write { path, source }
        };
        // The old session is locked before it is renamed aside, so that a later import
        // can tell an aside left by a killed one from one still in use.
        let mut _aside_lock = None;
        let aside = match occupant {
            Some(Occupant::Folder(old)) => {
                let aside = self
                    .sessions
                    .join(format!(".replaced-{id}-{}", std::process::id()));
                if let Ok(lock) = std::fs::File::open(&old) {
                    leftover::hold(&lock);
                    _aside_lock = Some(lock);
                }
                std::fs::rename(&old, &aside).map_err(write_err(&old))?;
                Some(aside)
            }
            _ => None,
        };
        let staged = self.dir.take().expect("staged").keep();
        if let Err(e) = std::fs::rename(&staged, &target) {
            let _ = std::fs::remove_dir_all(&staged);
            if let Some(aside) = &aside {
                let _ = std::fs::rename(aside, &target);
            }
            return Err(write_err(&target)(e));
        }
        if let Some(aside) = &aside {
            // The new session is in place; an old copy left behind is hidden from the library.
            let _ = std::fs::remove_dir_all(aside);
        }
        self.made.clear();
        Ok(Installed {
            id,
            folder: target,
            replaced: aside.is_some(),
        })
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = dir.close();
        }
        self.lock = None;
        for dir in &self.made {
            // Only removes a folder that is still empty.
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Reclaims what imports killed with SIGKILL left in the library folder `sessions`, once
/// the process named in each is gone and its lock is free: a staging folder
/// (`.import-PID-…`) is removed; a session renamed aside by `--replace` (`.replaced-ID-PID`)
/// is removed if `sessions/ID` was installed, else put back, so the import that was killed
/// leaves the library as it was before it began. A live import's folders are never touched.
fn reclaim(sessions: &Path) {
    let Ok(entries) = std::fs::read_dir(sessions) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let path = entry.path();
        if let Some(pid) = leftover::pid_in(name, ".import-") {
            if leftover::reclaimable(&path, pid, true) {
                let _ = std::fs::remove_dir_all(&path);
            }
        } else if let Some((id, pid)) = name
            .strip_prefix(".replaced-")
            .and_then(|rest| rest.rsplit_once('-'))
            && let Some(pid) = leftover::parse_pid(pid)
            && values::is_valid_id(id)
            && leftover::reclaimable(&path, pid, true)
        {
            let home = sessions.join(id);
            if std::fs::symlink_metadata(&home).is_ok() {
                let _ = std::fs::remove_dir_all(&path);
            } else {
                let _ = std::fs::rename(&path, &home);
            }
        }
    }
}

/// Whether `id` may be installed: refused if a built-in session has it, or a library
/// session other than `sessions/ID/` (which `replace` allows replacing).
fn check_free(id: &str, home: &Home, replace: bool) -> Result<Option<Occupant>, BundleError> {
    if !values::is_valid_id(id) {
        return Err(BundleError::BadId { id: id.to_string() });
    }
    match library::occupant(id, home) {
        None => Ok(None),
        Some(Occupant::Builtin) => Err(BundleError::TakenBuiltin { id: id.to_string() }),
        Some(Occupant::Script(path)) => Err(BundleError::TakenByHand {
            id: id.to_string(),
            path,
        }),
        Some(Occupant::Folder(path)) if !replace => Err(BundleError::Taken {
            id: id.to_string(),
            path,
        }),
        Some(o) => Ok(Some(o)),
    }
}

/// Inflates every listed file into `root` (or nowhere), each counted as it inflates and
/// never read past the size the manifest gives it, then compares its size and checksum.
fn inflate(
    archive: &mut Archive,
    entries: &[Entry],
    m: &Manifest,
    root: Option<&Path>,
) -> Result<(), BundleError> {
    let mut total = 0u64;
    for f in &m.files {
        let entry = entries
            .iter()
            .find(|e| e.kind == Kind::File && e.name == f.path)
            .expect("checked against the manifest");
        let dest = root.map_or_else(PathBuf::new, |r| r.join(&f.path));
        let write_err = |source| BundleError::Write {
            path: dest.clone(),
            source,
        };
        let out: Box<dyn Write> = match root {
            None => Box::new(std::io::sink()),
            Some(_) => {
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent).map_err(write_err)?;
                }
                // `create_new`: never through a link, never over a file.
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&dest)
                    .map_err(write_err)?;
                Box::new(std::io::BufWriter::new(file))
            }
        };
        let mut hashing = Hashing::new(out);
        let cap = f.size.min(MAX_FILE_BYTES);
        {
            let reader = archive.open(entry)?;
            let mut limited = reader.take(cap + 1);
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = match limited.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(damaged(&f.path, &e)),
                };
                hashing.write_all(&buf[..n]).map_err(write_err)?;
                total += n as u64;
                if hashing.bytes > cap {
                    return Err(if cap >= MAX_FILE_BYTES {
                        BundleError::InflatesTooLarge {
                            entry: f.path.clone(),
                        }
                    } else {
                        BundleError::Longer {
                            entry: f.path.clone(),
                            expected: f.size,
                        }
                    });
                }
                if total > MAX_TOTAL_BYTES {
                    return Err(BundleError::TotalTooLarge { size: total });
                }
            }
        }
        let (mut out, size, sha256) = hashing.finish();
        out.flush().map_err(write_err)?;
        if size != f.size {
            return Err(BundleError::Size {
                entry: f.path.clone(),
                expected: f.size,
                actual: size,
            });
        }
        if sha256 != f.sha256 {
            return Err(BundleError::Checksum {
                entry: f.path.clone(),
                expected: f.sha256.clone(),
                actual: sha256,
            });
        }
    }
    Ok(())
}
