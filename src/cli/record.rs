//! `still record SCRIPT`

use std::io::IsTerminal;
use std::path::PathBuf;

use super::Exit;
use super::{Fail, out};
use crate::record::{self, Plan, RecordError};
use crate::util::signals::Signals;

/// Record your own voice for a script's say lines, line by line
///
/// Each line is shown; press space to record, speak after the count-in, press space to
/// stop. The take plays back: Enter keeps it, r records it again, s skips the line. Kept
/// takes are trimmed of the silence at both ends and written beside the script as
/// clips/NN-first-words.ogg, and the line's `clip:` is set in the script, its comments and
/// layout kept. Run it again to go on from the first line without a clip; --line N
/// records one line again. Needs a terminal, a microphone and a speaker.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The script file to record (a .yaml file you can write to)
    #[arg(value_name = "SCRIPT")]
    script: PathBuf,

    /// Record this say line again (1 is the first say line in the file)
    #[arg(long, value_name = "N")]
    line: Option<usize>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    if !args.script.is_file() {
        return Err(Fail::input_with(
            Some("give the path of a script file you can write to; `still new NAME` starts one"),
            RecordError::Read {
                path: args.script.clone(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            },
        ));
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Fail::new(
            "still record needs a terminal: it waits for keys as you record",
            Exit::Usage,
        ));
    }
    let plan = Plan {
        path: args.script.clone(),
        line: args.line,
    };
    let signals = Signals::watch();
    let done = match record::record(&plan, &signals) {
        Ok(done) => done,
        Err(RecordError::Script(d)) => return Err(Fail::diagnostics(vec![d])),
        Err(
            e @ (RecordError::NoMicrophone | RecordError::Microphone(_) | RecordError::Speaker(_)),
        ) => {
            return Err(Fail::new(e, Exit::NoAudio)
                .hint("check that a microphone and a speaker are connected and not muted"));
        }
        Err(e @ (RecordError::NoSuchLine { .. } | RecordError::HasPauses(_))) => {
            return Err(Fail::new(e, Exit::Usage));
        }
        Err(e) => return Err(Fail::input(e)),
    };
    let file = args.script.display();
    let mut said = vec![];
    for (n, clip) in &done.recorded {
        said.push(format!("line {n}: {clip}"));
    }
    if done.recorded.is_empty() && !done.stopped && done.skipped.is_empty() {
        said.push(format!(
            "every say line of {file} has a clip; `still record {file} --line N` records one again"
        ));
    } else {
        let n = done.recorded.len();
        said.push(format!(
            "recorded {n} line{} of {file}",
            if n == 1 { "" } else { "s" }
        ));
        if done.to_go > 0 {
            said.push(format!(
                "{} to go: `still record {file}` goes on from the first line without a clip",
                done.to_go
            ));
        }
    }
    if !done.with_pauses.is_empty() {
        let list: Vec<String> = done.with_pauses.iter().map(usize::to_string).collect();
        said.push(format!(
            "not recorded: line {} hold pauses like [2s], which a clip cannot",
            list.join(", ")
        ));
    }
    out::print(&(said.join("\n") + "\n"))?;
    Ok(if done.stopped && signals.received() {
        Exit::Interrupted
    } else {
        Exit::Ok
    })
}
