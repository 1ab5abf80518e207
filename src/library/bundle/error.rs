//! Why a bundle cannot be packed or imported.

use std::path::PathBuf;

use super::names::EntryName;
use super::{MAX_ENTRIES, MAX_FILE_BYTES, MAX_TOTAL_BYTES, describe_bytes};

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The bundle (or a file in a bundle folder) cannot be read.
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file in the library, or the bundle being packed, cannot be written.
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Not a zip file, or a damaged one.
    #[error("it is not a still bundle ({reason})")]
    NotZip { reason: String },
    #[error("it has {count} entries, over the limit of {MAX_ENTRIES}")]
    TooManyEntries { count: String },
    #[error("entry '{entry}': {reason}")]
    BadName { entry: String, reason: EntryName },
    #[error("entry '{entry}' is a symbolic link")]
    Link { entry: String },
    #[error("entry '{entry}' is a {kind}, not a file or a folder")]
    Special { entry: String, kind: &'static str },
    #[error("entry '{entry}' is encrypted")]
    Encrypted { entry: String },
    #[error("entry '{entry}' is compressed with {method}, which still does not read")]
    Compression { entry: String, method: String },
    #[error("entries '{first}' and '{second}' would be the same file on macOS and Windows")]
    SameName { first: String, second: String },
    #[error("it has no manifest.json")]
    NoManifest,
    #[error("manifest.json is not valid: {reason}")]
    BadManifest { reason: String },
    #[error(
        "manifest.json is for format '{found}'; this still reads '{}'",
        super::FORMAT
    )]
    Format { found: String },
    #[error("entry '{entry}' is not listed in manifest.json")]
    NotInManifest { entry: String },
    #[error("manifest.json lists '{path}', which the bundle does not hold")]
    Missing { path: String },
    #[error("manifest.json lists '{path}' twice")]
    Listed { path: String },
    #[error("entry '{entry}' is {}, over the limit of {} for one file", describe_bytes(*.size), describe_bytes(MAX_FILE_BYTES))]
    FileTooLarge { entry: String, size: u64 },
    #[error(
        "entry '{entry}' inflates past {}, the limit for one file (counted while inflating)",
        describe_bytes(MAX_FILE_BYTES)
    )]
    InflatesTooLarge { entry: String },
    #[error("its files add up to {}, over the limit of {} for a bundle", describe_bytes(*.size), describe_bytes(MAX_TOTAL_BYTES))]
    TotalTooLarge { size: u64 },
    #[error("entry '{entry}' inflates to more than the {expected} bytes manifest.json gives")]
    Longer { entry: String, expected: u64 },
    #[error("entry '{entry}' is {actual} bytes, but manifest.json gives {expected}")]
    Size {
        entry: String,
        expected: u64,
        actual: u64,
    },
    #[error(
        "entry '{entry}' does not match its checksum in manifest.json (SHA-256 {actual}, expected {expected})"
    )]
    Checksum {
        entry: String,
        expected: String,
        actual: String,
    },
    #[error("entry '{entry}' cannot be inflated ({reason})")]
    Damaged { entry: String, reason: String },
    #[error("its script '{entry}' is not a .yaml file")]
    ScriptName { entry: String },
    #[error("entry '{entry}' is a .yaml file besides the script '{script}'")]
    SecondScript { entry: String, script: String },
    #[error("manifest.json names the session '{manifest}', but its script names it '{script}'")]
    IdMismatch { manifest: String, script: String },
    #[error("'{id}' is not a session id (lowercase letters, digits and '-')")]
    BadId { id: String },
    #[error("its script does not pass `still check` ({count} problem{}, above)", if *.count == 1 { "" } else { "s" })]
    Check { count: usize },
    #[error("entry '{entry}' is not used by the script")]
    Unused { entry: String },
    #[error("the session '{id}' is already installed, in {}", .path.display())]
    Taken { id: String, path: PathBuf },
    #[error("the session '{id}' is already in your library, as {}, which still did not install", .path.display())]
    TakenByHand { id: String, path: PathBuf },
    #[error("'{id}' is the id of a built-in session")]
    TakenBuiltin { id: String },
    /// Packing: a clip's bytes cannot be had.
    #[error("cannot read '{path}', which the script uses")]
    Clip {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Packing: two files of the session would get the same name.
    #[error("'{first}' and '{second}' would be the same file on macOS and Windows; rename one")]
    PackClash { first: String, second: String },
    /// Packing: the session is bigger than a bundle may be.
    #[error("'{path}' cannot go into a bundle: {reason}")]
    PackLimit { path: String, reason: String },
}

impl BundleError {
    pub fn hint(&self) -> Option<String> {
        use BundleError::*;
        Some(match self {
            NotZip { .. } | NoManifest | Format { .. } => {
                "a bundle is a .still file made by `still pack`; ask whoever sent it for a new one"
                    .into()
            }
            Taken { id, .. } => format!(
                "`still import --replace` replaces it; `still remove {id}` removes it first"
            ),
            TakenByHand { .. } => {
                "move or rename that script (or its folder) yourself, then import again".into()
            }
            TakenBuiltin { .. } => {
                "a bundle cannot take the place of a built-in session; ask its author to give it another id"
                    .into()
            }
            PackClash { .. } => "rename one of the files and the script's path to it".into(),
            Read { .. } | Write { .. } | Clip { .. } => return None,
            _ => "the bundle may be damaged, or made to do harm; nothing was installed".into(),
        })
    }
}
