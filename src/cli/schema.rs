//! `still schema`

use super::Exit;
use super::{Fail, out};

/// Print the JSON Schema of session scripts, for editors to validate and complete them
///
/// Save it (`still schema > still.schema.json`) and put
/// `# yaml-language-server: $schema=./still.schema.json` on a script's first line.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_: Args) -> Result<Exit, Fail> {
    out::print_json(&crate::script::schema::json())?;
    Ok(Exit::Ok)
}
