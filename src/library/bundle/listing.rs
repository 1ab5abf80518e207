//! Listing a bundle's entries, from a zip or an unpacked folder, with every name and type
//! checked before anything is inflated.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use zip::{CompressionMethod, ZipArchive, ZipReadOptions};

use super::names::{check_entry_name, fold};
use super::{BundleError, MAX_ENTRIES};

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    File,
    Folder,
}

/// One entry of the bundle, its name checked.
pub(super) struct Entry {
    pub(super) name: String,
    pub(super) kind: Kind,
    /// The entry's index in a zip; unused for a folder.
    pub(super) index: usize,
}

/// Where the entries' bytes come from.
pub(super) enum Archive {
    Zip(Box<ZipArchive<BufReader<File>>>),
    Folder(PathBuf),
}

/// Lists a zip's entries from its central directory, checking names and types; nothing is
/// inflated.
pub(super) fn list_zip(path: &Path) -> Result<(Archive, Vec<Entry>), BundleError> {
    let read_err = |source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    };
    // A FIFO would wait for a writer for ever (#21).
    let mut file = crate::util::file::open_regular(path).map_err(read_err)?;
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
                method: method_name(method),
            });
        }
        entries.push(Entry { name, kind, index });
    }
    check_unique(&entries)?;
    Ok((Archive::Zip(Box::new(zip)), entries))
}

/// Lists a folder holding an unpacked bundle, never following a link.
pub(super) fn list_folder(root: &Path) -> Result<(Archive, Vec<Entry>), BundleError> {
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
pub(super) fn check_unique(entries: &[Entry]) -> Result<(), BundleError> {
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

impl Archive {
    pub(super) fn open(&mut self, entry: &Entry) -> Result<Box<dyn Read + '_>, BundleError> {
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
pub(super) fn open_no_follow(path: &Path) -> std::io::Result<File> {
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

pub(super) fn damaged(entry: &str, e: &std::io::Error) -> BundleError {
    BundleError::Damaged {
        entry: entry.to_string(),
        reason: e.to_string(),
    }
}

pub(super) const S_IFMT: u32 = 0o170_000;
pub(super) const S_IFLNK: u32 = 0o120_000;
pub(super) const S_IFREG: u32 = 0o100_000;
pub(super) const S_IFDIR: u32 = 0o040_000;

pub(super) fn special_kind(mode: u32) -> &'static str {
    match mode {
        0o010_000 => "FIFO",
        0o020_000 => "character device",
        0o060_000 => "block device",
        0o140_000 => "socket",
        _ => "special file",
    }
}

pub(super) fn file_type_kind(ft: &std::fs::FileType) -> &'static str {
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
pub(super) fn declared_entries(file: &mut File) -> std::io::Result<Option<u64>> {
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

/// A zip compression method in words: zip's own `Debug` text says `Unsupported(12)`.
fn method_name(method: CompressionMethod) -> String {
    #[allow(deprecated)] // The variant is how zip hands back a method it does not read.
    let number = match method {
        CompressionMethod::Unsupported(n) => n,
        other => return other.to_string().to_lowercase(),
    };
    let name = match number {
        1 => "shrink",
        2..=5 => "reduce",
        6 | 10 => "implode",
        9 => "Deflate64",
        12 => "bzip2",
        14 => "LZMA",
        20 | 93 => "Zstandard",
        95 => "xz",
        98 => "PPMd",
        99 => "AES encryption",
        _ => return format!("compression method {number}"),
    };
    format!("{name} (compression method {number})")
}

#[cfg(test)]
mod method_tests {
    /// Issue #21: a bzip2 entry was refused as "compressed with Unsupported(12)".
    #[test]
    fn compression_methods_are_named_in_words_issue_21() {
        let name = super::method_name(zip::CompressionMethod::BZIP2);
        assert_eq!(name, "bzip2 (compression method 12)");
        assert_eq!(
            super::method_name(zip::CompressionMethod::ZSTD),
            "Zstandard (compression method 93)"
        );
    }
}
