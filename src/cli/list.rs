//! `still list`

use std::fmt::Write as _;

use anstyle::Style;
use serde_json::json;

use super::Exit;
use super::{Fail, out};
use crate::library::{self, Origin, practice};
use crate::session::{self, Session, SessionError};
use crate::timeline::time::frames_to_ms;
use crate::util::language;
use crate::util::length::with_ring_out;

/// List the sessions you can play: built-in ones and your library
///
/// Each session says where it came from: built into still, imported from a bundle (with
/// who made it, when the script names an author), or put in your library by hand. Each is
/// shown in your language (`language` in config.toml, else your locale) when it has it,
/// those first; the others are marked with the language they are shown in.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print a JSON array: id, title, summary, tags, practice, duration_ms, ring_out_ms,
    /// source, imported, author, language (the one shown), languages (all it has)
    #[arg(long)]
    json: bool,
}

/// A session as listed: the script in the language shown, and every language it has.
struct Listed {
    session: Session,
    languages: Vec<String>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = super::home();
    let voices = session::voices(home.as_ref())?;
    let pick = super::args::pick(None, home.as_ref())?;
    let mut sessions: Vec<Listed> = vec![];
    for offered in library::offered(home.as_ref(), &pick) {
        let result = offered.map_err(SessionError::from).and_then(|o| {
            let languages = o.languages;
            session::prepare_voiced(o.found, &[], voices.as_ref())
                .map(|session| Listed { session, languages })
        });
        match result {
            Ok(s) => sessions.push(s),
            // A broken script in the library must not hide the others.
            Err(e) => {
                let name = match &e {
                    SessionError::Script(d) => d.source.name.clone(),
                    other => other.to_string(),
                };
                out::warn(&format!(
                    "skipping {name}: it has errors; `still check {name}` shows them"
                ));
            }
        }
    }
    // Never silent about an id that is not one session's alone.
    for shared in library::shared_ids(home.as_ref()) {
        out::warn(&shared.describe());
    }
    let sitter = pick.language();
    // The sitter's language first; a stable sort keeps the library's order within each.
    sessions.sort_by_key(|l| !language::same(l.session.script.spoken_language(), sitter));
    if args.json {
        let items: Vec<serde_json::Value> = sessions
            .iter()
            .map(|l| {
                let s = &l.session;
                json!({
                    "id": s.script.id,
                    "title": s.script.title,
                    "summary": s.script.summary,
                    "tags": s.script.tags,
                    "practice": practice::of(&s.script.tags),
                    "duration_ms": frames_to_ms(s.timeline.length),
                    "ring_out_ms": frames_to_ms(s.ring_out()),
                    "source": s.origin.kind(),
                    "path": match &s.origin { Origin::Library(p) | Origin::File(p) => Some(p.display().to_string()), Origin::Builtin => None },
                    "imported": s.origin.is_imported(),
                    "author": s.script.author,
                    "language": s.script.spoken_language(),
                    "languages": l.languages,
                })
            })
            .collect();
        out::print_json(&serde_json::Value::Array(items))?;
        return Ok(Exit::Ok);
    }
    let sessions: Vec<&Session> = sessions.iter().map(|l| &l.session).collect();
    out::print(&table(&sessions, sitter))?;
    Ok(Exit::Ok)
}

/// Sessions grouped by practice (their first tag), a heading for each, then one line per
/// session: id, length and title, marked `[fr]` when not in the sitter's language.
fn table(sessions: &[&Session], sitter: &str) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut o = String::new();
    if sessions.is_empty() {
        o.push_str("No sessions found.\n");
        return o;
    }
    let id_width = sessions
        .iter()
        .map(|s| s.script.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let length =
        |s: &Session| with_ring_out(frames_to_ms(s.timeline.length), frames_to_ms(s.ring_out()));
    let len_width = sessions
        .iter()
        .map(|s| length(s).chars().count())
        .max()
        .unwrap_or(7);
    let mut groups: Vec<(Option<&str>, Vec<&Session>)> = vec![];
    for &s in sessions {
        let p = practice::of(&s.script.tags);
        match groups.iter_mut().find(|(g, _)| *g == p) {
            Some((_, members)) => members.push(s),
            None => groups.push((p, vec![s])),
        }
    }
    // A stable sort: within a practice, sessions keep the order they were found in.
    groups.sort_by_key(|(p, _)| practice::rank(*p));
    for (i, (p, members)) in groups.iter().enumerate() {
        if i > 0 {
            o.push('\n');
        }
        let heading = p.map_or_else(|| "Other".to_string(), practice::label);
        let _ = writeln!(o, "{bold}{heading}{bold:#}");
        for s in members {
            let from = match s.origin {
                Origin::Builtin => String::new(),
                _ => format!(
                    "  {dim}({}){dim:#}",
                    s.origin.describe(s.script.author.as_deref())
                ),
            };
            let spoken = s.script.spoken_language();
            let other = if language::same(spoken, sitter) {
                String::new()
            } else {
                format!("  {dim}[{spoken}]{dim:#}")
            };
            let _ = writeln!(
                o,
                "  {:<id_width$}  {:<len_width$}  {}{other}{from}",
                s.script.id,
                length(s),
                s.script.title
            );
        }
    }
    let _ = writeln!(
        o,
        "\n{dim}Play one with `still play ID`; `still show ID` tells what it is for.{dim:#}"
    );
    o
}
