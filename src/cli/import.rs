//! `still import FILE.still|DIR`

use std::path::PathBuf;

use super::Exit;
use super::{Fail, out};
use crate::home::Home;
use crate::library::bundle::BundleError;
use crate::session::import::{self, ImportError, Imported};

/// Install a session bundle (.still) into your library, checking everything first
///
/// Nothing is written until the whole bundle has been checked: every name, size and
/// checksum against its manifest.json, and the script with `still check`. A bundle that
/// fails any check is refused with exit code 1 and leaves nothing behind. A folder holding
/// an unpacked bundle (with its manifest.json) is checked the same way. A course's bundle
/// installs the course with the sessions it holds; then `still course start ID` begins it.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The bundle, or a folder holding an unpacked one
    #[arg(value_name = "FILE.still")]
    bundle: PathBuf,

    /// Replace an installed session with the same id
    #[arg(long)]
    replace: bool,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = Home::from_env().map_err(Fail::input)?;
    let name = args.bundle.display().to_string();
    let refuse = |reason: BundleError| {
        Fail::input_with(
            reason.hint(),
            Refused {
                bundle: name.clone(),
                reason,
            },
        )
    };
    let imported = match import::import_any(&args.bundle, &home, args.replace) {
        Ok(done) => done,
        Err(ImportError::Refused(reason)) => return Err(refuse(reason)),
        Err(ImportError::Script(d)) => {
            let count = d.items.len();
            Fail::diagnostics(vec![d]).report();
            return Err(refuse(BundleError::Check { count }));
        }
        Err(ImportError::Session(e)) => return Err(e.into()),
        Err(ImportError::NotABundle(e)) => {
            let hint = e.hint();
            return Err(Fail::input(e).hint(hint));
        }
        Err(ImportError::Course(e)) => return Err(e.into()),
    };
    let (installed, s) = match imported {
        Imported::Session(installed, s) => (installed, s),
        Imported::Course {
            installed,
            course,
            sessions,
        } => {
            let ids: Vec<&str> = sessions.iter().map(|s| s.script.id.as_str()).collect();
            let held = if ids.is_empty() {
                "its sessions are built in".to_string()
            } else {
                format!("with {}", ids.join(", "))
            };
            out::done(&format!(
                "{} the course {} ({}), {held}, in {}\nStart it with: still course start {}\n",
                if installed.replaced {
                    "replaced"
                } else {
                    "installed"
                },
                installed.id,
                crate::util::text::inert(&course.title),
                installed.folder.display(),
                installed.id,
            ));
            return Ok(Exit::Ok);
        }
    };
    out::done(&format!(
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
    ));
    Ok(Exit::Ok)
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
