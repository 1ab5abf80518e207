//! `still report [--since DAY] [--as-of DAY] [--format text|html|csv] [-o FILE] [--name TEXT]
//! [--paper auto|a4|letter]`

use std::path::{Path, PathBuf};

use super::Exit;
use super::target;
use super::{Fail, out, practice};
use crate::journal::report::{self, Format, Period, html::Paper};

/// Your record of practice, week by week, to print or send to your therapist
///
/// Each week (Monday to Sunday) shows the days practised, the sits, how many were finished
/// and how many stopped early, the minutes, the mood before and after where you rated it,
/// what you practised and the notes you wrote. Its totals are the figures `still stats`
/// gives for the same days. The HTML is one file that prints on one or two pages for a
/// month: open it in a browser and print it, or save it as PDF.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The first day: YYYY-MM-DD, yesterday or a weekday, counted back from --as-of
    /// (default: four Monday-to-Sunday weeks, the last one holding --as-of)
    #[arg(long, value_name = "DAY")]
    since: Option<String>,

    /// The last day: YYYY-MM-DD, yesterday or a weekday (default: today)
    #[arg(long, value_name = "DAY")]
    as_of: Option<String>,

    /// text, html or csv (default: from -o's extension, else text)
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<Format>,

    /// Write to this file instead of standard output (.txt, .html, .csv)
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Your name, for the report's heading
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,

    /// The paper the HTML is laid out for: auto leaves it to the printer
    #[arg(long, value_enum, value_name = "PAPER", default_value_t = Paper::Auto)]
    paper: Paper,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = practice::home()?;
    let output = target::journal_output(args.output.as_deref(), &home)?;
    let format = choose(args.format, args.output.as_deref())?;
    if args.paper != Paper::Auto && format != Format::Html {
        out::warn("--paper lays out the HTML report only; it changes nothing here");
    }
    let config = practice::config(&home)?;
    let until = practice::as_of(args.as_of.as_deref(), &practice::now(), &config)?;
    let period = match args.since.as_deref() {
        None => Period::weeks_to(until),
        Some(text) => {
            let since = practice::date_arg("--since", text, until)?;
            if since > until {
                return Err(Fail::input(format!(
                    "--since '{text}' ({since}) is after the report's last day ({until})"
                ))
                .hint("give a --since on or before --as-of (which is today unless given)"));
            }
            Period { since, until }
        }
    };
    let entries = practice::entries(&home, &config)?;
    if entries.is_empty() {
        out::warn(
            "your journal is empty: `still play SESSION` records a sit, \
             `still log add` adds practice done elsewhere",
        );
    }
    let made = report::build(&entries, &config, period, None, args.name.as_deref());
    let text = match format {
        Format::Text => report::text::render(&made),
        Format::Html => report::html::render(&made, args.paper),
        Format::Csv => report::csv::render(&made),
    };
    match output {
        Some(t) if !t.is_stdout() => {
            t.write_all(text.as_bytes(), &|| false)?;
            if format == Format::Html {
                eprintln!(
                    "Wrote {}: open it in a browser to print it or save it as PDF.",
                    t.shown().display()
                );
            }
        }
        _ => out::print(&text)?,
    }
    Ok(Exit::Ok)
}

/// `--format`, else what `-o`'s name says, else text.
fn choose(format: Option<Format>, output: Option<&Path>) -> Result<Format, Fail> {
    if let Some(f) = format {
        return Ok(f);
    }
    let Some(path) = output.filter(|p| *p != Path::new("-")) else {
        return Ok(Format::Text);
    };
    Format::from_path(path).ok_or_else(|| {
        let what = match path.extension() {
            Some(e) => format!("'.{}' is not", e.to_string_lossy()),
            None => "a name without an extension is not".to_string(),
        };
        let pdf = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        let fail = Fail::input(format!(
            "cannot tell what to write to {}: {what} a format the report comes in",
            path.display()
        ));
        if pdf {
            fail.hint("write .html and print it to PDF from a browser (Print → Save as PDF)")
        } else {
            fail.hint("name the file .txt, .html or .csv, or give --format text|html|csv")
        }
    })
}
