//! `still export --format csv|json`

use super::Exit;
use super::target;
use super::{Fail, out, practice};
use crate::journal::export::{self, Format};

/// Write the whole journal as CSV or JSON, to move it to another machine or keep a copy
///
/// CSV has a header line, then one line per entry; JSON is an array, as `still log --json`
/// prints. `still import-log FILE` reads either back without duplicating entries.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// csv or json
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Format,

    /// Write to this file instead of standard output
    #[arg(long, short, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = practice::home()?;
    // Checked before the journal is read: an export never replaces the journal (or any of
    // still's files).
    let output = target::journal_output(args.output.as_deref(), &home)?;
    let config = practice::config(&home)?;
    let entries = practice::entries(&home, &config)?;
    let text = match args.format {
        Format::Csv => export::to_csv(&entries),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&export::to_json(&entries))
                .expect("JSON values serialize");
            t.push('\n');
            t
        }
    };
    match output {
        Some(t) if !t.is_stdout() => t.write_all(text.as_bytes(), &|| false)?,
        _ => out::print(&text)?,
    }
    Ok(Exit::Ok)
}
