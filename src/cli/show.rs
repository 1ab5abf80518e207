//! `still show SESSION`

use std::fmt::Write as _;

use anstyle::Style;

use super::Exit;
use super::args::SessionArgs;
use super::{Fail, out};
use crate::library::practice;
use crate::script::{ParamKind, Sound, values::format_duration};
use crate::session::Session;
use crate::timeline::json;
use crate::timeline::time::{clock, frames_to_ms, human};
use crate::util::length::{between, with_ring_out};
use crate::util::text::truncate;

/// Show what a session does: its purpose, outline and length
///
/// The outline lists each step with the time it starts. With --json, prints the compiled
/// timeline: {"id","title","duration_ms","events":[{"kind","start_ms","start_frame",…}]}
/// where kind is bell, say, cue or step.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    session: SessionArgs,

    /// Print the timeline as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let s = args.session.load()?;
    if args.json {
        out::print_json(&json::show(&s.script, &s.timeline, s.origin.kind()))?;
    } else {
        out::print(&outline(&s, width()))?;
    }
    Ok(Exit::Ok)
}

fn width() -> usize {
    if out::is_terminal() {
        crossterm::terminal::size()
            .map(|(w, _)| usize::from(w))
            .unwrap_or(80)
            .clamp(40, 120)
    } else {
        80
    }
}

/// The readable outline: header, purpose, then one line per step as written.
pub fn outline(s: &Session, width: usize) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let script = &s.script;
    let t = &s.timeline;
    let mut o = String::new();
    let _ = writeln!(o, "{bold}{}{bold:#}", script.title);
    // What the practice is and how long it takes come first; the summary says what it is for.
    let kind = practice::of(&script.tags)
        .map(|p| format!("{} · ", practice::label(p)))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "{kind}{} · {dim}{} · {}{dim:#}",
        with_ring_out(frames_to_ms(t.length), frames_to_ms(s.ring_out())),
        script.id,
        s.origin.describe(script.author.as_deref()),
    );
    if let Some(summary) = &script.summary {
        o.push_str(&textwrap::fill(summary, width.saturating_sub(1)));
        o.push('\n');
    }
    o.push('\n');
    let wrap = |label: &str, text: &str| {
        let opts = textwrap::Options::new(width.saturating_sub(1))
            .initial_indent(label)
            .subsequent_indent("         ");
        textwrap::fill(text, opts) + "\n"
    };
    if !script.tags.is_empty() {
        o.push_str(&wrap("tags:    ", &script.tags.join(", ")));
    }
    if let Some(note) = &script.content_note {
        o.push_str(&wrap("note:    ", note));
    }
    if let Some(note) = &script.note {
        o.push_str(&wrap("notes:   ", note));
    }
    if !script.params.is_empty() {
        let params: Vec<String> = script
            .params
            .iter()
            .map(|p| {
                let value = t
                    .params
                    .iter()
                    .find(|(n, _)| *n == p.name)
                    .map(|(_, b)| b.to_string())
                    .unwrap_or_default();
                let range = match &p.kind {
                    ParamKind::Int { min, max, .. } => {
                        range(min.map(|v| v.to_string()), max.map(|v| v.to_string()))
                    }
                    ParamKind::Duration { min, max, .. } => {
                        range(min.map(format_duration), max.map(format_duration))
                    }
                };
                format!("{} = {value}{range}", p.name)
            })
            .collect();
        o.push_str(&wrap("params:  ", &params.join(", ")));
        let _ = writeln!(o, "         {dim}change them with --set NAME=VALUE{dim:#}");
    }
    if let Some(a) = &t.ambient {
        let name = match &a.sound {
            Sound::Builtin(b) => b.name().to_string(),
            Sound::Clip(c) => c.path.clone(),
        };
        let fade = human(a.fade);
        o.push_str(&wrap(
            "ambient: ",
            &format!(
                "{name} at {}, fading over {fade}, {} under narration",
                db(a.gain.0),
                db(a.duck.0)
            ),
        ));
    }
    if !script.tags.is_empty()
        || script.content_note.is_some()
        || script.note.is_some()
        || !script.params.is_empty()
        || t.ambient.is_some()
    {
        o.push('\n');
    }
    let detail_width = width.saturating_sub(8 + 2 + 8 + 1 + 10).max(10);
    for row in &t.outline {
        let indent = "  ".repeat(row.depth);
        let room = detail_width.saturating_sub(indent.len());
        let _ = writeln!(
            o,
            "{:>8}  {indent}{:<8} {:<room$} {dim}{:>9}{dim:#}",
            clock(row.start),
            row.kind,
            truncate(&row.detail, room),
            between(
                frames_to_ms(row.start),
                frames_to_ms(row.start + row.length)
            ),
        );
        if let Some(note) = &row.note {
            // A step's note (still/1.1) under its row, where the detail starts.
            let _ = writeln!(
                o,
                "{:>8}  {indent}{:<8} {dim}{}{dim:#}",
                "",
                "",
                truncate(
                    &format!("note: {note}"),
                    detail_width.saturating_sub(indent.len()) + 10
                )
            );
        }
    }
    let _ = writeln!(o, "{:>8}  {dim}end{dim:#}", clock(t.length));
    o
}

fn range(min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!(" ({lo} to {hi})"),
        (Some(lo), None) => format!(" (at least {lo})"),
        (None, Some(hi)) => format!(" (at most {hi})"),
        (None, None) => String::new(),
    }
}

fn db(gain: f32) -> String {
    if gain <= 0.0 {
        "silence".into()
    } else {
        format!("{:+.0} dB", 20.0 * gain.log10())
    }
}
