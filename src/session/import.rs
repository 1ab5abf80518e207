//! Installing a bundle from someone else, every step `still import` takes: stage it (names,
//! sizes, checksums, inflating), check the script as `still check` would (decoding every
//! clip), verify it against the manifest, and rename it into the library.

use std::path::Path;

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
}

/// Installs the bundle at `path` (a `.still` file or a folder holding an unpacked one) into
/// `home`'s library; with `replace`, over an installed session of the same id.
pub fn import(
    path: &Path,
    home: &Home,
    replace: bool,
) -> Result<(Installed, Session), ImportError> {
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
