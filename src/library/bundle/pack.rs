//! Writing a bundle: the script, exactly the files it uses, and `manifest.json`. The same
//! session packs to the same bytes: names in a fixed order, fixed times and permissions.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

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

/// Packs `script` (already checked; `text` is its source) into a bundle at `out`, written
/// through a temporary file beside it so that a half-written bundle never appears. The
/// script is stored as `ID.yaml`, each clip under the path the script gives it.
pub fn pack(script: &Script, text: &str, out: &Path) -> Result<Packed, BundleError> {
    let script_name = format!("{}.yaml", script.id);
    let mut sources = vec![Source {
        name: script_name.clone(),
        data: Data::Memory(text.as_bytes()),
    }];
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
    check_names(&sources, &script_name)?;
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
        id: script.id.clone(),
        title: script.title.clone(),
        author: script.author.clone(),
        script: script_name,
        files,
    };

    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let write_err = |source| BundleError::Write {
        path: out.to_path_buf(),
        source,
    };
    let tmp = tempfile::Builder::new()
        .prefix(".still-pack-")
        .tempfile_in(&dir)
        .map_err(write_err)?;
    let mut zip = ZipWriter::new(std::io::BufWriter::new(tmp));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644)
        .large_file(false);
    let zip_err = |e: zip::result::ZipError| write_err(std::io::Error::other(e));
    zip.start_file(MANIFEST, options).map_err(zip_err)?;
    zip.write_all(&manifest.to_bytes()).map_err(write_err)?;
    for (s, entry) in sources.iter().zip(&manifest.files) {
        zip.start_file(s.name.as_str(), options).map_err(zip_err)?;
        let mut hashing = Hashing::new(&mut zip);
        std::io::copy(&mut s.open()?, &mut hashing).map_err(write_err)?;
        let (_, size, sha256) = hashing.finish();
        if size != entry.size || sha256 != entry.sha256 {
            return Err(BundleError::Clip {
                path: s.name.clone(),
                source: std::io::Error::other("the file changed while it was being packed"),
            });
        }
    }
    let buffered = zip.finish().map_err(zip_err)?;
    let tmp = buffered
        .into_inner()
        .map_err(|e| write_err(e.into_error()))?;
    let bytes = tmp.as_file().metadata().map_err(write_err)?.len();
    tmp.persist(out).map_err(|e| write_err(e.error))?;
    Ok(Packed { manifest, bytes })
}

/// Every name must be one [`super::stage`] accepts, and unique even where case is ignored.
fn check_names(sources: &[Source<'_>], script_name: &str) -> Result<(), BundleError> {
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
        if s.name != script_name && is_yaml(&s.name) {
            return Err(BundleError::PackLimit {
                path: s.name.clone(),
                reason: "only the script may be a .yaml file".into(),
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
