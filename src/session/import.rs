//! Installing a bundle from someone else, every step `still import` takes: stage it (names,
//! sizes, checksums, inflating), check the script as `still check` would (decoding every
//! clip), verify it against the manifest, and rename it into the library.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::home::Home;
use crate::library::bundle::{self, BundleError, Installed};
use crate::script::Diagnostics;
use crate::session::{self, Session, SessionError};

/// Why a bundle was not installed. Nothing it held is left behind.
#[derive(Debug)]
pub enum ImportError {
    /// Something in the bundle: a name, a size, a checksum, the manifest, a taken id.
    Refused(BundleError),
    /// The staged script has errors, to be shown as `still check` shows them.
    Script(Diagnostics),
    /// Anything else on the way: a clip, the config.
    Session(SessionError),
    /// The file is a session script, not a bundle: it needs no import.
    NotABundle(NotABundle),
}

/// Installs the bundle at `path` (a `.still` file or a folder holding an unpacked one) into
/// `home`'s library; with `replace`, over an installed session of the same id.
pub fn import(
    path: &Path,
    home: &Home,
    replace: bool,
) -> Result<(Installed, Session), ImportError> {
    if let Some(script) = a_script(path) {
        return Err(ImportError::NotABundle(script));
    }
    let staged = bundle::stage(path, home, replace).map_err(ImportError::Refused)?;
    let s = staged
        .found()
        .map_err(SessionError::from)
        .and_then(|f| session::prepare(f, &[]))
        .and_then(|s| s.check_clips().map(|_| s))
        .map_err(|e| match e {
            SessionError::Script(d) => ImportError::Script(d),
            e => ImportError::Session(e),
        })?;
    staged.verify(&s.script).map_err(ImportError::Refused)?;
    let installed = staged
        .install(home, replace)
        .map_err(ImportError::Refused)?;
    Ok((installed, s))
}

/// A session script given to `import`, which takes bundles.
#[derive(Debug, thiserror::Error)]
#[error("{} is a session script, not a bundle", .path.display())]
pub struct NotABundle {
    pub path: PathBuf,
}

impl NotABundle {
    pub fn hint(&self) -> String {
        let file = self.path.display().to_string();
        let quoted = crate::util::text::shell_quoted(&file);
        format!(
            "a script needs no import: play it with `still play {quoted}`, or copy it into your \
             library's sessions folder to play it by its id; `still pack {quoted}` makes a \
             bundle of it to share"
        )
    }
}

/// `path` as a script, if it is a file that reads as one rather than as a zip.
fn a_script(path: &Path) -> Option<NotABundle> {
    if !path.is_file() {
        return None;
    }
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    let head = &head[..n];
    if head.starts_with(b"PK") {
        return None;
    }
    let text = std::str::from_utf8(head).ok()?;
    let named = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let says = text
        .lines()
        .any(|l| l.trim_start().starts_with("format: still/"));
    (named || says).then(|| NotABundle {
        path: path.to_path_buf(),
    })
}
