//! `still schema`

use super::Exit;
use super::{Fail, out};

/// Print the JSON Schema of session scripts, for editors to validate and complete them
///
/// Save it (`still schema > still.schema.json`) and put
/// `# yaml-language-server: $schema=./still.schema.json` on a script's first line.
/// `--course` prints the schema of courses (`format: still-course/1`) instead.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The schema of course files instead of session scripts
    #[arg(long)]
    course: bool,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    if args.course {
        out::print_json(&crate::course::schema::json())?;
        return Ok(Exit::Ok);
    }
    out::print_json(&crate::script::schema::json())?;
    Ok(Exit::Ok)
}
