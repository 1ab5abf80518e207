//! Writing a bundle: the script, exactly the files it uses, and `manifest.json`. The same
//! session packs to the same bytes: names in a fixed order, fixed times and permissions.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::names::{check_entry_name, fold};
use super::{
    BundleError, FORMAT, FileEntry, Hashing, MANIFEST, MAX_ENTRIES, MAX_FILE_BYTES,
    MAX_TOTAL_BYTES, Manifest, describe_bytes,
};
use crate::script::{ClipData, Script};

/// What [`pack`] wrote.
#[derive(Debug)]
pub struct Packed {
    pub manifest: Manifest,
    /// The bundle's size in bytes.
    pub bytes: u64,
}

/// One file to pack and where its bytes are.
struct Source<'a> {
    name: String,
    data: Data<'a>,
}

enum Data<'a> {
    Memory(&'a [u8]),
    File(PathBuf),
}

impl Source<'_> {
    fn open(&self) -> Result<Box<dyn Read + '_>, BundleError> {
        match &self.data {
            Data::Memory(bytes) => Ok(Box::new(*bytes)),
            Data::File(path) => {
                let file = std::fs::File::open(path).map_err(|source| BundleError::Clip {
                    path: self.name.clone(),
                    source,
                })?;
                // Never read more than a bundle may hold, whatever the file grows to.
                Ok(Box::new(file.take(MAX_FILE_BYTES + 1)))
            }
        }
    }
}

/// Packs `script` (already checked; `text` is its source) into a bundle written to `dest`,
/// an empty file (the caller writes it beside its destination under a temporary name, so
/// that a half-written bundle never appears); `name` is what messages call it. The script is
/// stored as `ID.yaml`, each clip under the path the script gives it.
pub fn pack(
    script: &Script,
    text: &str,
    name: &Path,
    dest: &mut std::fs::File,
) -> Result<Packed, BundleError> {
    let script_name = format!("{}.yaml", script.id);
    let mut sources = vec![Source {
        name: script_name.clone(),
        data: Data::Memory(text.as_bytes()),
    }];
    add_clips(&mut sources, script);
    let head = Head {
        id: script.id.clone(),
        title: script.title.clone(),
        author: script.author.clone(),
        script: script_name,
        sessions: vec![],
    };
    write(head, sources, name, dest)
}

/// A checked session script to pack, and its source text.
pub struct Part<'a> {
    pub script: &'a Script,
    pub text: &'a str,
}

/// A course to pack: its id, title and author, and its source text.
pub struct CourseHead<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub text: &'a str,
}

/// Packs a course (stored as `ID.yaml`) with the session scripts it needs (each as
/// `SESSION.yaml` beside it, listed in the manifest's `sessions`) and their clips. Two
/// sessions may share a clip from the same file; two different files under one name are
/// refused.
pub fn pack_course(
    course: &CourseHead<'_>,
    sessions: &[Part<'_>],
    name: &Path,
    dest: &mut std::fs::File,
) -> Result<Packed, BundleError> {
    let script_name = format!("{}.yaml", course.id);
    let mut sources = vec![Source {
        name: script_name.clone(),
        data: Data::Memory(course.text.as_bytes()),
    }];
    let mut names = vec![];
    for part in sessions {
        let n = format!("{}.yaml", part.script.id);
        sources.push(Source {
            name: n.clone(),
            data: Data::Memory(part.text.as_bytes()),
        });
        names.push(n);
        add_clips(&mut sources, part.script);
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources.dedup_by(|a, b| a.name == b.name && a.data.same(&b.data));
    names.sort();
    let head = Head {
        id: course.id.to_string(),
        title: course.title.to_string(),
        author: course.author.map(str::to_string),
        script: script_name,
        sessions: names,
    };
    write(head, sources, name, dest)
}

/// What the manifest says besides its files.
struct Head {
    id: String,
    title: String,
    author: Option<String>,
    script: String,
    sessions: Vec<String>,
}

fn add_clips<'a>(sources: &mut Vec<Source<'a>>, script: &'a Script) {
    for clip in script.files() {
        let data = match &clip.data {
            ClipData::File(p) => Data::File(p.clone()),
            ClipData::Embedded(bytes) => Data::Memory(bytes),
        };
        sources.push(Source {
            name: clip.path.clone(),
            data,
        });
    }
}

impl Data<'_> {
    /// Whether two sources are the same bytes: one file, or one embedded clip.
    fn same(&self, other: &Data<'_>) -> bool {
        match (self, other) {
            (Data::File(a), Data::File(b)) => a == b,
            (Data::Memory(a), Data::Memory(b)) => a == b,
            _ => false,
        }
    }
}

fn write(
    head: Head,
    mut sources: Vec<Source<'_>>,
    name: &Path,
    dest: &mut std::fs::File,
) -> Result<Packed, BundleError> {
    let script_name = head.script.clone();
    let mut scripts: Vec<&str> = vec![&script_name];
    scripts.extend(head.sessions.iter().map(String::as_str));
    check_names(&sources, &scripts)?;
    sources.sort_by(|a, b| a.name.cmp(&b.name));

    // First pass: sizes and checksums for the manifest, which comes first in the zip.
    let mut files = vec![];
    let mut total = 0u64;
    for s in &sources {
        let mut hashing = Hashing::new(std::io::sink());
        std::io::copy(&mut s.open()?, &mut hashing).map_err(|source| BundleError::Clip {
            path: s.name.clone(),
            source,
        })?;
        let (_, size, sha256) = hashing.finish();
        if size > MAX_FILE_BYTES {
            return Err(BundleError::PackLimit {
                path: s.name.clone(),
                reason: format!("it is over {}", describe_bytes(MAX_FILE_BYTES)),
            });
        }
        total += size;
        files.push(FileEntry {
            path: s.name.clone(),
            size,
            sha256,
        });
    }
    if total > MAX_TOTAL_BYTES {
        return Err(BundleError::PackLimit {
            path: script_name,
            reason: format!(
                "its files add up to {}, over the limit of {}",
                describe_bytes(total),
                describe_bytes(MAX_TOTAL_BYTES)
            ),
        });
    }
    let manifest = Manifest {
        format: FORMAT.to_string(),
        id: head.id,
        title: head.title,
        author: head.author,
        script: head.script,
        files,
        sessions: head.sessions,
    };

    let write_err = |source| BundleError::Write {
        path: name.to_path_buf(),
        source,
    };
    let open = Rc::new(Cell::new(true));
    let gate = Gate {
        inner: &mut *dest,
        open: open.clone(),
        at: 0,
        end: 0,
    };
    let mut zip = ZipWriter::new(std::io::BufWriter::new(gate));
    let written = write_zip(&mut zip, &manifest, &sources, &write_err);
    if let Err(e) = written {
        // The zip writer finishes an archive when it is dropped, and prints its own words
        // if that fails; a failed bundle is discarded instead, silently.
        open.set(false);
        drop(zip);
        return Err(e);
    }
    let buffered = zip.finish().map_err(|e| zip_error(e, &write_err))?;
    buffered
        .into_inner()
        .map_err(|e| write_err(e.into_error()))?;
    let bytes = dest.stream_position().map_err(write_err)?;
    Ok(Packed { manifest, bytes })
}

/// The manifest, then every file.
fn write_zip<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    manifest: &Manifest,
    sources: &[Source<'_>],
    write_err: &dyn Fn(std::io::Error) -> BundleError,
) -> Result<(), BundleError> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644)
        .large_file(false);
    let zip_err = |e| zip_error(e, write_err);
    zip.start_file(MANIFEST, options).map_err(zip_err)?;
    zip.write_all(&manifest.to_bytes()).map_err(write_err)?;
    for (s, entry) in sources.iter().zip(&manifest.files) {
        zip.start_file(s.name.as_str(), options).map_err(zip_err)?;
        let mut hashing = Hashing::new(&mut *zip);
        std::io::copy(&mut s.open()?, &mut hashing).map_err(write_err)?;
        let (_, size, sha256) = hashing.finish();
        if size != entry.size || sha256 != entry.sha256 {
            return Err(BundleError::Clip {
                path: s.name.clone(),
                source: std::io::Error::other("the file changed while it was being packed"),
            });
        }
    }
    Ok(())
}

/// The zip writer's error as the system's own when it is one (a full disk), so the message
/// reads `cannot write NAME`, caused by the system's words, never the library's.
fn zip_error(
    e: zip::result::ZipError,
    write_err: &dyn Fn(std::io::Error) -> BundleError,
) -> BundleError {
    match e {
        zip::result::ZipError::Io(io) => write_err(io),
        other => write_err(std::io::Error::other(other.to_string())),
    }
}

/// The bundle's file, until a failure closes it (the first failed write, or the caller
/// giving up): then writes and seeks go nowhere, so the zip writer's last words on drop
/// neither fail nor touch the file.
struct Gate<'a> {
    inner: &'a mut std::fs::File,
    open: Rc<Cell<bool>>,
    /// Where the writer is once the file is closed, and the furthest it has been.
    at: u64,
    end: u64,
}

impl Write for Gate<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = if self.open.get() {
            self.inner
                .write(buf)
                .inspect_err(|_| self.open.set(false))?
        } else {
            buf.len()
        };
        self.at += n as u64;
        self.end = self.end.max(self.at);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.open.get() {
            self.inner.flush().inspect_err(|_| self.open.set(false))
        } else {
            Ok(())
        }
    }
}

impl Seek for Gate<'_> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        if self.open.get() {
            let at = self.inner.seek(pos).inspect_err(|_| self.open.set(false))?;
            (self.at, self.end) = (at, self.end.max(at));
            return Ok(at);
        }
        let to = match pos {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::Current(d) => self.at.checked_add_signed(d),
            SeekFrom::End(d) => self.end.checked_add_signed(d),
        };
        self.at = to.unwrap_or(self.at);
        Ok(self.at)
    }
}

/// Every name must be one [`super::stage`] accepts, and unique even where case is ignored.
fn check_names(sources: &[Source<'_>], scripts: &[&str]) -> Result<(), BundleError> {
    let script_name = scripts[0];
    if sources.len() + 1 > MAX_ENTRIES {
        return Err(BundleError::PackLimit {
            path: script_name.to_string(),
            reason: format!("it uses over {} files", MAX_ENTRIES - 2),
        });
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    seen.insert(fold(MANIFEST), MANIFEST);
    for s in sources {
        if let Err(reason) = check_entry_name(&s.name) {
            return Err(BundleError::PackLimit {
                path: s.name.clone(),
                reason: reason.to_string(),
            });
        }
        if !scripts.contains(&s.name.as_str()) && is_yaml(&s.name) {
            return Err(BundleError::PackLimit {
                path: s.name.clone(),
                reason: "only the scripts may be .yaml files".into(),
            });
        }
        if let Some(first) = seen.insert(fold(&s.name), &s.name) {
            return Err(BundleError::PackClash {
                first: first.to_string(),
                second: s.name.clone(),
            });
        }
    }
    // A file may not also be a folder: `clips` and `clips/a.wav`.
    for s in sources {
        for (i, _) in s.name.match_indices('/') {
            if let Some(file) = seen.get(&fold(&s.name[..i])) {
                return Err(BundleError::PackClash {
                    first: file.to_string(),
                    second: s.name.clone(),
                });
            }
        }
    }
    Ok(())
}

pub(super) fn is_yaml(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}
