//! `still check FILE…`

use super::Exit;
use super::{Fail, out};
use crate::library;
use crate::session::{self, SessionError};
use crate::timeline::time::human;
use crate::util::text::inert;

/// Check session scripts for errors without playing them
///
/// Every problem in every file is reported at once, as file:line:col with the line, a caret
/// and a hint. Every clip is decoded too, so a damaged or cut-short file is found here.
/// Exits 0 when all scripts are valid, 1 otherwise.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Script files to check (ids of installed sessions work too)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,

    /// Check with a param set to a value, as `play --set` would
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = super::home();
    let voices = session::voices(home.as_ref())?;
    let shared = library::shared_ids(home.as_ref());
    let mut diags = vec![];
    let mut failed = false;
    for file in &args.files {
        let result = library::find(file, home.as_ref())
            .map_err(SessionError::from)
            .and_then(|f| session::prepare_voiced(f, &args.sets, voices.as_ref()))
            // Decoding every clip finds what probing cannot: a file cut short, a damaged stream.
            .and_then(|s| s.check_clips().map(|_| s));
        match result {
            Ok(s) => {
                out::print(&format!(
                    "{}: ok — {} ({}), {}\n",
                    inert(file),
                    inert(&s.script.title),
                    s.script.id,
                    human(s.timeline.length)
                ))?;
                if let Some(w) = s.warnings() {
                    out::warn_at(&w);
                }
                if let Some(shared) = shared.iter().find(|x| x.id == s.script.id) {
                    out::warn(&shared.describe());
                } else if s.origin.kind() == "file" && library::builtin_ids().contains(&s.script.id)
                {
                    out::warn(&format!(
                        "{file} has the id '{}' of a built-in session: in your library it would hide it",
                        s.script.id
                    ));
                }
            }
            Err(SessionError::Script(d)) => diags.push(d),
            Err(SessionError::Library(library::LibraryError::Unreadable(d))) => diags.push(d),
            Err(e) => {
                failed = true;
                Fail::from(e).report();
            }
        }
    }
    if !diags.is_empty() {
        return Err(Fail::diagnostics(diags));
    }
    Ok(if failed { Exit::Input } else { Exit::Ok })
}
