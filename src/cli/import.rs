//! `still import FILE.still|DIR`

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Fail, out};
use crate::home::Home;
use crate::library::bundle::{self, BundleError};
use crate::session::{self, SessionError};

/// Install a session bundle (.still) into your library, checking everything first
///
/// Nothing is written until the whole bundle has been checked: every name, size and
/// checksum against its manifest.json, and the script with `still check`. A bundle that
/// fails any check is refused with exit code 1 and leaves nothing behind. A folder holding
/// an unpacked bundle (with its manifest.json) is checked the same way.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The bundle, or a folder holding an unpacked one
    #[arg(value_name = "FILE.still")]
    bundle: PathBuf,

    /// Replace an installed session with the same id
    #[arg(long)]
    replace: bool,
}

pub fn run(args: Args) -> Result<ExitCode, Fail> {
    let home = Home::from_env().map_err(Fail::input)?;
    let name = args.bundle.display().to_string();
    let refuse = |reason: BundleError| {
        let hint = reason.hint();
        let f = Fail::input(Refused {
            bundle: name.clone(),
            reason,
        });
        match hint {
            Some(h) => f.hint(h),
            None => f,
        }
    };
    let staged = bundle::stage(&args.bundle, &home, args.replace).map_err(refuse)?;
    let checked = staged
        .found()
        .map_err(SessionError::from)
        .and_then(|f| session::prepare(f, &[]))
        .and_then(|s| s.renderer().map(|_| s));
    let s = match checked {
        Ok(s) => s,
        Err(SessionError::Script(d)) => {
            let count = d.items.len();
            Fail::diagnostics(vec![d]).report();
            return Err(refuse(BundleError::Check { count }));
        }
        Err(e) => return Err(e.into()),
    };
    staged.verify(&s.script).map_err(refuse)?;
    let installed = staged.install(&home, args.replace).map_err(refuse)?;
    out::print(&format!(
        "{} {} ({}) in {}\nPlay it with: still play {}\n",
        if installed.replaced {
            "replaced"
        } else {
            "installed"
        },
        installed.id,
        s.script.title,
        installed.folder.display(),
        installed.id,
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// A refused bundle: its name, then why.
#[derive(Debug)]
struct Refused {
    bundle: String,
    reason: BundleError,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} was not imported: {}", self.bundle, self.reason)
    }
}

impl std::error::Error for Refused {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.reason)
    }
}
