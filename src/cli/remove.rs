//! `still remove ID`

use super::Exit;
use super::{Fail, out};
use crate::home::Home;
use crate::library;

/// Remove a session from your library (one you imported or put there)
///
/// Deletes the session's folder in the library, or its script if it lies there on its own.
/// Built-in sessions cannot be removed.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The session's id (see `still list`)
    #[arg(value_name = "ID")]
    id: String,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = Home::from_env().map_err(Fail::input)?;
    let removed = library::remove(&args.id, &home)?;
    out::done(&format!(
        "removed {}: deleted {}\n",
        removed.id,
        removed.path.display()
    ));
    Ok(Exit::Ok)
}
