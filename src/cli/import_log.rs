//! `still import-log FILE`

use std::path::PathBuf;

use super::Exit;
use super::{Fail, out, practice};
use crate::journal::{self, export, store};

/// Add the entries of a file written by `still export` to this journal
///
/// Entries already in the journal (the same id) are left as they are, so importing a
/// file twice adds nothing the second time. All or nothing: if any entry is invalid,
/// every problem is listed and nothing is imported.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A CSV or JSON file from `still export` (JSON when it ends in .json or starts with [)
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = practice::home()?;
    let entries = export::read_file(&args.file)?;
    let done = journal::import(&store::path(&home), &entries)?;
    if done.added > 0 {
        practice::mirror(&home, &practice::config(&home)?);
    }
    let mut line = format!(
        "Imported {} from {}",
        count(done.added),
        args.file.display()
    );
    let mut notes = vec![];
    if done.already_there > 0 {
        notes.push(format!(
            "{} already in the journal",
            count(done.already_there)
        ));
    }
    if done.repeated > 0 {
        notes.push(format!(
            "{} listed a second time in the file",
            count(done.repeated)
        ));
    }
    if !notes.is_empty() {
        line.push_str(&format!(" ({})", notes.join("; ")));
    }
    line.push_str(".\n");
    out::print(&line)?;
    Ok(Exit::Ok)
}

fn count(n: usize) -> String {
    format!("{n} entr{}", if n == 1 { "y" } else { "ies" })
}
