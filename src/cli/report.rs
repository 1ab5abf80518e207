//! `still report [--since DAY] [--as-of DAY] [--course ID | --no-course] [--format
//! text|html|csv] [-o FILE] [--name TEXT] [--paper auto|a4|letter]`

use std::path::{Path, PathBuf};

use super::Exit;
use super::target;
use super::{Fail, out, practice};
use crate::course;
use crate::journal::report::{self, CourseLine, Format, Period, Plan, html::Paper};

/// Your record of practice, week by week, to print or send to your therapist
///
/// Each week (Monday to Sunday) shows the days practised, the sits, how many were finished
/// and how many stopped early, the minutes, the mood before and after where you rated it,
/// what you practised and the notes you wrote. Its totals are the figures `still stats`
/// gives for the same days. While you follow a course (`still course start`), each week
/// also shows what the course assigned and how much of it you practised, and the report
/// starts on the course's first day. The HTML is one file that prints on one or two pages
/// for a month: open it in a browser and print it, or save it as PDF.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The first day: YYYY-MM-DD, yesterday or a weekday, counted back from --as-of
    /// (default: the course's first day; without a course, four Monday-to-Sunday weeks,
    /// the last one holding --as-of)
    #[arg(long, value_name = "DAY")]
    since: Option<String>,

    /// The last day: YYYY-MM-DD, yesterday or a weekday (default: today)
    #[arg(long, value_name = "DAY")]
    as_of: Option<String>,

    /// The course whose assignments to show: the id of the course you follow (the
    /// default when you follow one; `still course status` names it)
    #[arg(long, value_name = "ID")]
    course: Option<String>,

    /// Leave the course out: practice only, four weeks unless --since says otherwise
    #[arg(long, conflicts_with = "course")]
    no_course: bool,

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
    let followed = if args.no_course {
        None
    } else {
        followed_course(&home, &config, args.course.as_deref())?
    };
    let period = match args.since.as_deref() {
        None => match &followed {
            Some(c) if c.start > until => {
                return Err(Fail::input(format!(
                    "{} starts on {}, after the report's last day ({until})",
                    c.course.id, c.start
                ))
                .hint("give --as-of a day of the course, or --no-course for practice alone"));
            }
            Some(c) => Period {
                since: c.start,
                until,
            },
            None => Period::weeks_to(until),
        },
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
    let plan = followed.map(|f| Plan {
        days: course::plan(&f.course, f.start, period.since, period.until),
        course: CourseLine {
            title: f.course.title.clone(),
            id: f.course.id.clone(),
            start: f.start,
        },
    });
    let made = report::build(
        &entries,
        &config,
        period,
        plan.as_ref(),
        args.name.as_deref(),
    );
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

/// The course the report holds the journal against, and the day it began.
struct Followed {
    course: course::Course,
    start: jiff::civil::Date,
}

/// The course being followed; with `--course ID`, it must be that one, since only its
/// first day is known.
fn followed_course(
    home: &crate::home::Home,
    config: &crate::home::config::Config,
    wanted: Option<&str>,
) -> Result<Option<Followed>, Fail> {
    let current = course::current(home, &config.sitter_language())?;
    let Some(wanted) = wanted else {
        return Ok(current.map(|(loaded, state)| Followed {
            course: loaded.course,
            start: state.start,
        }));
    };
    match current {
        Some((loaded, state)) if loaded.course.id == wanted || state.course == wanted => {
            Ok(Some(Followed {
                course: loaded.course,
                start: state.start,
            }))
        }
        Some((loaded, _)) => Err(Fail::input(format!(
            "--course '{wanted}' is not the course you follow: that is {} ({})",
            loaded.course.id, loaded.course.title
        ))
        .hint(format!(
            "leave out --course to report on {}; `still course start {wanted} --on DAY` \
             follows the other from the day it began",
            loaded.course.id
        ))),
        None => Err(Fail::input(format!(
            "--course '{wanted}': no course is being followed, so its days are not known"
        ))
        .hint(format!(
            "`still course start {wanted} --on DAY` sets the day it began; \
             leave out --course for practice alone"
        ))),
    }
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
