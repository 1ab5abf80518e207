//! `still pack SESSION -o NAME.still`

use std::path::PathBuf;

use super::Exit;
use super::target::{self, Target};
use super::{Fail, out};
use crate::library::bundle::{self, BundleError, describe_bytes};
use crate::session;

/// Pack a session into a .still bundle, to hand to a client
///
/// The bundle is a zip holding the script (as ID.yaml), exactly the audio files it uses and
/// nothing else, and manifest.json with each file's size and SHA-256. The script must pass
/// `still check` first. The same session always packs to the same bytes. Whoever gets it
/// runs `still import NAME.still`. A course packs with the sessions it assigns that are
/// not built in (each as ID.yaml, with its audio).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A script or course file (or the id of a session or course you have)
    #[arg(value_name = "SCRIPT")]
    session: String,

    /// The bundle to write [default: ID.still]
    #[arg(short, long, value_name = "NAME.still")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = super::home();
    if super::pack_course::is_course(&args.session, home.as_ref()) {
        return super::pack_course::run(&args.session, args.output, home.as_ref());
    }
    let pick = super::args::pick(None, home.as_ref())?;
    let s = session::load(&args.session, &[], home.as_ref(), &pick)?;
    // Decoding every clip finds a damaged file before it is handed to anyone; streamed,
    // so a long clip is never held whole (issue #21).
    s.check_clips()?;
    let out = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{}.still", s.script.id)));
    // Never over the script, a clip or still's own files; checked before any work.
    let target = Target::resolve("-o", &out)?;
    target.refuse(&target::session_inputs(&s, home.as_ref()))?;
    let mut writing = target.open(true, &|| false)?;
    let packed = bundle::pack(&s.script, &s.source.text, &out, writing.file()).map_err(|e| {
        let hint = match &e {
            BundleError::Write { .. } => Some("check that the disk has room".to_string()),
            e => e.hint(),
        };
        Fail::input_with(hint, e)
    })?;
    writing.commit()?;
    let voiced = s.voiced;
    let mut note = String::new();
    if voiced > 0 {
        note = format!(
            "note: {voiced} say line{} voiced by your own voice engine; the bundle does not hold those recordings, so they play as captions elsewhere (give each line a `clip:`, or share a render)\n",
            if voiced == 1 { " is" } else { "s are" }
        );
    }
    if target.is_stdout() {
        // Standard output carries the bundle; only the note, on standard error.
        let _ = std::io::Write::write_all(&mut anstream::stderr(), note.as_bytes());
        return Ok(Exit::Ok);
    }
    let mut text = format!(
        "packed {} ({}) into {}: {} file{}, {}\n",
        s.script.id,
        s.script.title,
        out.display(),
        packed.manifest.files.len(),
        if packed.manifest.files.len() == 1 {
            ""
        } else {
            "s"
        },
        describe_bytes(packed.bytes),
    );
    text.push_str(&note);
    text.push_str(&format!(
        "To install it, the client runs: still import {}\n",
        out.display()
    ));
    out::done(&text);
    Ok(Exit::Ok)
}
