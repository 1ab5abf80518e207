//! Session bundles (`.still` files): a zip holding a script, exactly the audio files it
//! refers to, and `manifest.json` with every file's size and SHA-256.
//!
//! [`pack`] writes one; [`stage`] reads one from a stranger, trusting nothing in it: every
//! name, type, size and checksum is checked (inflating to nowhere, counted as it inflates)
//! before the files are inflated into a hidden folder inside the library. The caller then
//! checks the script with the
//! real parser and clip decoder ([`Staged::found`], [`Staged::verify`]), and
//! [`Staged::install`] renames the folder into place in one step. A refused bundle leaves
//! nothing behind: the hidden folder is removed when the [`Staged`] value is dropped.

mod checks;
mod error;
mod listing;
mod names;
mod pack;
mod stage;

use std::io::Write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use crate::util::hex;
pub use error::BundleError;
pub use names::{EntryName, check_entry_name};
pub use pack::{CourseHead, Packed, Part, pack, pack_course};
pub use stage::{Installed, Staged, stage};

/// The `format` of the manifests this version writes and reads.
pub const FORMAT: &str = "still-bundle/1";
/// The manifest's name inside a bundle.
pub const MANIFEST: &str = "manifest.json";
/// The most entries (files and folders, the manifest among them) a bundle may hold.
pub const MAX_ENTRIES: usize = 1000;
/// The most one file may inflate to.
pub const MAX_FILE_BYTES: u64 = 200 * MIB;
/// The most all files together may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 1024 * MIB;
/// The most `manifest.json` may hold; 1 000 entries need far less.
pub const MAX_MANIFEST_BYTES: u64 = MIB;

const MIB: u64 = 1024 * 1024;

/// `manifest.json`: what the bundle holds and how to check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// The session's id; the script names the same one.
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    /// The script's path among `files`.
    pub script: String,
    /// Every file in the bundle except the manifest, sorted by path.
    pub files: Vec<FileEntry>,
    /// A course's bundle: `script` is the course, and these its session scripts among
    /// `files`; left out for a session's bundle, whose manifest stays as it was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<String>,
}

/// One file in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Relative, `/`-separated; see [`check_entry_name`].
    pub path: String,
    /// Bytes, uncompressed.
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
}

impl Manifest {
    /// The manifest of an installed session (its folder's `manifest.json`), if it has one:
    /// what `list` shows of where an imported session came from.
    pub fn of_installed(folder: &std::path::Path) -> Option<Manifest> {
        let text = std::fs::read(folder.join(MANIFEST)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// The JSON written into a bundle: pretty, keys in a fixed order, a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("a manifest serializes");
        out.push(b'\n');
        out
    }
}

/// A writer that hashes and counts what passes through it.
pub(crate) struct Hashing<W> {
    pub inner: W,
    pub hasher: Sha256,
    pub bytes: u64,
}

impl<W: Write> Hashing<W> {
    pub fn new(inner: W) -> Hashing<W> {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    pub fn finish(self) -> (W, u64, String) {
        (self.inner, self.bytes, hex(&self.hasher.finalize()))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `1.5 MiB`-style sizes for messages.
pub fn describe_bytes(n: u64) -> String {
    if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}
