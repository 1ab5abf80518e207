//! `still voice SCRIPT`

use std::time::Instant;

use indicatif::ProgressBar;

use super::Exit;
use super::{Fail, out};
use crate::home::Home;
use crate::session::{self, SessionError};
use crate::timeline;
use crate::voice::{Engine, VoiceError, excerpt};

/// Voice a script's say lines that have no clip, with the voice engine in config.toml
///
/// Runs the engine once for each line it has not voiced yet and keeps the recordings in
/// still's data folder (cache/voice/), so `show`, `render` and `play` then use them: a
/// line lasts its recording instead of its reading time. Nothing else runs the engine.
/// A line with a ${param} in it is voiced with the params' defaults, or as --set gives them.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A script file (or the id of a session you have)
    #[arg(value_name = "SCRIPT")]
    session: String,

    /// Voice the lines as this param value makes them, e.g. --set length=20m
    #[arg(long = "set", value_name = "NAME=VALUE")]
    sets: Vec<String>,

    /// Voice every line again, even those already in the cache
    #[arg(long)]
    again: bool,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = Home::from_env().map_err(Fail::input)?;
    let fail = |e: VoiceError| Fail::input_with(e.hint(), e);
    let engine = Engine::from_home(&home)
        .map_err(|e| Fail::from(SessionError::from(e)))?
        .ok_or_else(|| {
            fail(VoiceError::NotConfigured {
                config: home.config_file(),
            })
        })?;
    let cache = engine.cache(&home);
    // The session as it is (checked, params bound); the engine's recordings are not needed.
    let s = session::prepare(
        crate::library::find(
            &args.session,
            Some(&home),
            &super::args::pick(None, Some(&home))?,
        )?,
        &args.sets,
    )?;
    let lines = timeline::unvoiced_lines(&s.script, &args.sets)
        .map_err(|e| Fail::input_with(e.hint(), e))?;
    let missing: Vec<&String> = lines
        .iter()
        .map(|(t, _)| t)
        .filter(|t| args.again || !Engine::is_cached(&cache, t))
        .collect();
    let cached = lines.len() - missing.len();
    // On a pipe the bar is hidden and a line per clip is printed instead.
    let bar = if missing.is_empty() {
        ProgressBar::hidden()
    } else {
        out::progress_bar(missing.len() as u64, "voicing {pos}/{len} {bar:30} {msg}")
    };
    let started = Instant::now();
    for (i, text) in missing.iter().enumerate() {
        bar.set_message(excerpt(text));
        let t0 = Instant::now();
        let path = engine.voice(&cache, text).map_err(|e| {
            bar.abandon();
            fail(e)
        })?;
        if bar.is_hidden() {
            out::print(&format!(
                "voiced {}/{} in {:.1} s: \"{}\" → {}\n",
                i + 1,
                missing.len(),
                t0.elapsed().as_secs_f64(),
                excerpt(text),
                path.display()
            ))?;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let mut text = format!(
        "{}: {} line{} without a clip; voiced {} with `{}`",
        s.script.id,
        lines.len(),
        if lines.len() == 1 { "" } else { "s" },
        missing.len(),
        engine.name(),
    );
    if !missing.is_empty() {
        text.push_str(&format!(" in {:.1} s", started.elapsed().as_secs_f64()));
    }
    if cached > 0 {
        text.push_str(&format!(", {cached} already in the cache"));
    }
    text.push_str(&format!(
        "\nThe recordings are in {}\n",
        cache.dir().display()
    ));
    out::print(&text)?;
    Ok(Exit::Ok)
}
