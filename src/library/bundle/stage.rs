//! Reading a bundle from a stranger. Everything that needs no inflating is checked first
//! (entry count, names, types, the manifest, the sizes it promises, whether the id is free);
//! then every file is inflated to nowhere, counted as it inflates and never past what the
//! manifest promised, and its checksum compared — so a hostile bundle is refused before a
//! byte is written. Only then are the files inflated into a hidden folder inside the
//! library (checked again), which is renamed into place after the caller has checked the
//! script.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use zip::{CompressionMethod, ZipArchive, ZipReadOptions};

use super::names::{check_entry_name, fold};
use super::pack::is_yaml;
use super::{
    BundleError, FORMAT, Hashing, MANIFEST, MAX_ENTRIES, MAX_FILE_BYTES, MAX_MANIFEST_BYTES,
    MAX_TOTAL_BYTES, Manifest,
};
use crate::home::Home;
use crate::library::{self, Found, Occupant, Origin};
use crate::script::{Script, values};

/// A bundle inflated and checked, waiting in a hidden folder inside the library. Dropping
/// it removes the folder (and the library's folders, if staging made them and they are
/// empty).
pub struct Staged {
    pub manifest: Manifest,
    /// The name the bundle was given by, for messages.
    name: String,
    dir: Option<TempDir>,
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

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
}

/// One entry of the bundle, its name checked.
struct Entry {
    name: String,
    kind: Kind,
    /// The entry's index in a zip; unused for a folder.
    index: usize,
}

/// Where the entries' bytes come from.
enum Archive {
    Zip(Box<ZipArchive<BufReader<File>>>),
    Folder(PathBuf),
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
        sessions: sessions.clone(),
        made,
    };
    std::fs::create_dir_all(&sessions).map_err(|source| BundleError::Write {
        path: sessions.clone(),
        source,
    })?;
    let dir = tempfile::Builder::new()
        .prefix(".import-")
        .tempdir_in(&sessions)
        .map_err(|source| BundleError::Write {
            path: sessions.clone(),
            source,
        })?;
    let root = dir.path().to_path_buf();
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
        let aside = match occupant {
            Some(Occupant::Folder(old)) => {
                let aside = self
                    .sessions
                    .join(format!(".replaced-{id}-{}", std::process::id()));
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
        for dir in &self.made {
            // Only removes a folder that is still empty.
            let _ = std::fs::remove_dir(dir);
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

/// Lists a zip's entries from its central directory, checking names and types; nothing is
/// inflated.
fn list_zip(path: &Path) -> Result<(Archive, Vec<Entry>), BundleError> {
    let read_err = |source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(read_err)?;
    // A central directory is read whole into memory: refuse a huge one before that.
    if let Some(count) = declared_entries(&mut file).map_err(read_err)?
        && count > MAX_ENTRIES as u64
    {
        return Err(BundleError::TooManyEntries {
            count: count.to_string(),
        });
    }
    file.seek(SeekFrom::Start(0)).map_err(read_err)?;
    let zip = ZipArchive::new(BufReader::new(file)).map_err(|e| BundleError::NotZip {
        reason: e.to_string(),
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(BundleError::TooManyEntries {
            count: zip.len().to_string(),
        });
    }
    if zip.has_duplicate_names() {
        return Err(BundleError::NotZip {
            reason: "two entries have the same name".into(),
        });
    }
    let mut entries = vec![];
    for index in 0..zip.len() {
        let e = zip.by_index_data(index).map_err(|e| BundleError::NotZip {
            reason: e.to_string(),
        })?;
        let raw = String::from_utf8_lossy(e.name_raw()).into_owned();
        let name = std::str::from_utf8(e.name_raw())
            .map_err(|_| BundleError::BadName {
                entry: raw.clone(),
                reason: super::EntryName::NotUtf8,
            })
            .and_then(|n| {
                check_entry_name(n).map_err(|reason| BundleError::BadName {
                    entry: raw.clone(),
                    reason,
                })
            })?
            .to_string();
        let mode = e.unix_mode().unwrap_or(0);
        let kind = match mode & S_IFMT {
            S_IFLNK => return Err(BundleError::Link { entry: raw }),
            0 | S_IFREG | S_IFDIR => {
                if e.is_dir() {
                    Kind::Folder
                } else if mode & S_IFMT == S_IFDIR {
                    // A folder by its mode but not by its name: ambiguous, so refused.
                    return Err(BundleError::Special {
                        entry: raw,
                        kind: "folder whose name does not end in '/'",
                    });
                } else {
                    Kind::File
                }
            }
            other => {
                return Err(BundleError::Special {
                    entry: raw,
                    kind: special_kind(other),
                });
            }
        };
        if e.encrypted() {
            return Err(BundleError::Encrypted { entry: raw });
        }
        let method = e.compression();
        if kind == Kind::File
            && method != CompressionMethod::Stored
            && method != CompressionMethod::Deflated
        {
            return Err(BundleError::Compression {
                entry: raw,
                method: format!("{method:?}"),
            });
        }
        entries.push(Entry { name, kind, index });
    }
    check_unique(&entries)?;
    Ok((Archive::Zip(Box::new(zip)), entries))
}

/// Lists a folder holding an unpacked bundle, never following a link.
fn list_folder(root: &Path) -> Result<(Archive, Vec<Entry>), BundleError> {
    let mut entries = vec![];
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let read_err = |source| BundleError::Read {
            path: dir.clone(),
            source,
        };
        let mut children: Vec<_> = std::fs::read_dir(&dir)
            .map_err(read_err)?
            .collect::<Result<_, _>>()
            .map_err(read_err)?;
        children.sort_by_key(|c| c.file_name());
        for child in children {
            let os_name = child.file_name();
            let raw = format!("{prefix}{}", os_name.to_string_lossy());
            let Some(part) = os_name.to_str() else {
                return Err(BundleError::BadName {
                    entry: raw,
                    reason: super::EntryName::NotUtf8,
                });
            };
            let name = format!("{prefix}{part}");
            check_entry_name(&name).map_err(|reason| BundleError::BadName {
                entry: raw.clone(),
                reason,
            })?;
            let meta =
                std::fs::symlink_metadata(child.path()).map_err(|source| BundleError::Read {
                    path: child.path(),
                    source,
                })?;
            let ft = meta.file_type();
            let kind = if ft.is_symlink() {
                return Err(BundleError::Link { entry: raw });
            } else if ft.is_dir() {
                stack.push((child.path(), format!("{name}/")));
                Kind::Folder
            } else if ft.is_file() {
                Kind::File
            } else {
                return Err(BundleError::Special {
                    entry: raw,
                    kind: file_type_kind(&ft),
                });
            };
            entries.push(Entry {
                name,
                kind,
                index: 0,
            });
            if entries.len() > MAX_ENTRIES {
                return Err(BundleError::TooManyEntries {
                    count: format!("over {MAX_ENTRIES}"),
                });
            }
        }
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    check_unique(&entries)?;
    Ok((Archive::Folder(root.to_path_buf()), entries))
}

/// No two entries may name the same file where case is ignored, and no file may also be
/// a folder (`clips` and `clips/a.wav`).
fn check_unique(entries: &[Entry]) -> Result<(), BundleError> {
    let mut seen: HashMap<String, (&str, Kind)> = HashMap::new();
    for e in entries {
        if let Some((first, _)) = seen.insert(fold(&e.name), (&e.name, e.kind)) {
            return Err(BundleError::SameName {
                first: first.to_string(),
                second: e.name.clone(),
            });
        }
    }
    for e in entries {
        for (i, _) in e.name.match_indices('/') {
            if let Some((file, Kind::File)) = seen.get(&fold(&e.name[..i])) {
                return Err(BundleError::SameName {
                    first: file.to_string(),
                    second: e.name.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Reads and checks `manifest.json`, inflating at most [`MAX_MANIFEST_BYTES`] of it.
fn read_manifest(archive: &mut Archive, entries: &[Entry]) -> Result<Manifest, BundleError> {
    let entry = entries
        .iter()
        .find(|e| e.name == MANIFEST && e.kind == Kind::File)
        .ok_or(BundleError::NoManifest)?;
    let mut bytes = vec![];
    {
        let mut reader = archive.open(entry)?;
        (&mut reader)
            .take(MAX_MANIFEST_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(MANIFEST, &e))?;
    }
    let bad = |reason: String| BundleError::BadManifest { reason };
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(bad("it is larger than 1 MiB".into()));
    }
    // The format first, so that a newer bundle is named as such rather than as invalid.
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
        && let Some(format) = v.get("format").and_then(|f| f.as_str())
        && format != FORMAT
    {
        return Err(BundleError::Format {
            found: format.to_string(),
        });
    }
    let m: Manifest = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    if m.format != FORMAT {
        return Err(BundleError::Format { found: m.format });
    }
    if !values::is_valid_id(&m.id) {
        return Err(BundleError::BadId { id: m.id });
    }
    if m.files.len() >= MAX_ENTRIES {
        return Err(bad(format!("it lists {} files", m.files.len())));
    }
    let mut total = 0u64;
    let mut listed = std::collections::HashSet::new();
    for f in &m.files {
        check_entry_name(&f.path).map_err(|reason| BundleError::BadName {
            entry: f.path.clone(),
            reason,
        })?;
        if f.path.ends_with('/') || f.path == MANIFEST {
            return Err(bad(format!("it lists '{}' as a file", f.path)));
        }
        if !listed.insert(fold(&f.path)) {
            return Err(BundleError::Listed {
                path: f.path.clone(),
            });
        }
        if f.sha256.len() != 64
            || !f
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(bad(format!(
                "the sha256 of '{}' is not 64 lowercase hex digits",
                f.path
            )));
        }
        if f.size > MAX_FILE_BYTES {
            return Err(BundleError::FileTooLarge {
                entry: f.path.clone(),
                size: f.size,
            });
        }
        total = total.saturating_add(f.size);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(BundleError::TotalTooLarge { size: total });
    }
    if !is_yaml(&m.script) || m.script.contains('/') {
        return Err(BundleError::ScriptName {
            entry: m.script.clone(),
        });
    }
    if !m.files.iter().any(|f| f.path == m.script) {
        return Err(bad(format!(
            "its script '{}' is not among its files",
            m.script
        )));
    }
    if let Some(f) = m
        .files
        .iter()
        .find(|f| f.path != m.script && is_yaml(&f.path))
    {
        return Err(BundleError::SecondScript {
            entry: f.path.clone(),
            script: m.script.clone(),
        });
    }
    Ok(m)
}

/// Every file entry is in the manifest and every listed file is an entry; a folder entry
/// must hold a listed file.
fn check_against_manifest(entries: &[Entry], m: &Manifest) -> Result<(), BundleError> {
    let listed: BTreeMap<&str, ()> = m.files.iter().map(|f| (f.path.as_str(), ())).collect();
    for e in entries {
        if e.name == MANIFEST {
            continue;
        }
        let known = match e.kind {
            Kind::File => listed.contains_key(e.name.as_str()),
            Kind::Folder => {
                let prefix = format!("{}/", e.name);
                listed.keys().any(|p| p.starts_with(&prefix))
            }
        };
        if !known {
            return Err(BundleError::NotInManifest {
                entry: e.name.clone(),
            });
        }
    }
    for f in &m.files {
        if !entries
            .iter()
            .any(|e| e.kind == Kind::File && e.name == f.path)
        {
            return Err(BundleError::Missing {
                path: f.path.clone(),
            });
        }
    }
    Ok(())
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

impl Archive {
    fn open(&mut self, entry: &Entry) -> Result<Box<dyn Read + '_>, BundleError> {
        match self {
            Archive::Zip(zip) => {
                let options = ZipReadOptions::new().enforce_header_consistency(true);
                let file = zip
                    .by_index_with_options(entry.index, options)
                    .map_err(|e| BundleError::Damaged {
                        entry: entry.name.clone(),
                        reason: e.to_string(),
                    })?;
                Ok(Box::new(file))
            }
            Archive::Folder(root) => {
                let path = root.join(&entry.name);
                let file = open_no_follow(&path).map_err(|source| BundleError::Read {
                    path: path.clone(),
                    source,
                })?;
                Ok(Box::new(file))
            }
        }
    }
}

/// Opens a regular file without following a link at its last component, and checks what
/// was opened (the folder may have changed since it was listed).
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("it is no longer a regular file"));
    }
    Ok(file)
}

fn damaged(entry: &str, e: &std::io::Error) -> BundleError {
    BundleError::Damaged {
        entry: entry.to_string(),
        reason: e.to_string(),
    }
}

const S_IFMT: u32 = 0o170_000;
const S_IFLNK: u32 = 0o120_000;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;

fn special_kind(mode: u32) -> &'static str {
    match mode {
        0o010_000 => "FIFO",
        0o020_000 => "character device",
        0o060_000 => "block device",
        0o140_000 => "socket",
        _ => "special file",
    }
}

fn file_type_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "FIFO";
        }
        if ft.is_char_device() {
            return "character device";
        }
        if ft.is_block_device() {
            return "block device";
        }
        if ft.is_socket() {
            return "socket";
        }
    }
    let _ = ft;
    "special file"
}

/// The entry count the end of central directory record gives (its ZIP64 form when the
/// record says so), read from the file's last 64 KiB; `None` if there is no such record,
/// which the zip reader then reports.
fn declared_entries(file: &mut File) -> std::io::Result<Option<u64>> {
    let len = file.seek(SeekFrom::End(0))?;
    let tail_len = len.min(65_535 + 22);
    file.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0u8; tail_len as usize];
    file.read_exact(&mut tail)?;
    let Some(at) = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
    else {
        return Ok(None);
    };
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([tail[i], tail[i + 1]]));
    let count = u16_at(at + 10);
    if count != 0xffff {
        return Ok(Some(count));
    }
    // ZIP64: the locator sits just before the record and points at the ZIP64 record.
    if at < 20 || tail[at - 20..at - 16] != [0x50, 0x4b, 0x06, 0x07] {
        return Ok(Some(count));
    }
    let offset = u64::from_le_bytes(tail[at - 12..at - 4].try_into().expect("8 bytes"));
    if offset.saturating_add(56) > len {
        return Ok(None);
    }
    let mut record = [0u8; 56];
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(&mut record)?;
    if record[..4] != [0x50, 0x4b, 0x06, 0x06] {
        return Ok(None);
    }
    Ok(Some(u64::from_le_bytes(
        record[32..40].try_into().expect("8 bytes"),
    )))
}
