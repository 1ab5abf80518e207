//! `still course start|status|stop|list`

use super::course_words as words;
use super::today::Context;
use super::{Exit, Fail, out, practice};
use crate::course::{self, progress, state};
use crate::util::text::inert;

/// Follow a course: weeks of practice, each with its sessions and what it practises
///
/// A course file (`format: still-course/1`) lists weeks, each with the sessions to practise
/// on each of its days. `still course start` begins one (an id from `still course list`, or
/// a file); `still today` says what is assigned and `still play today` plays it. The course
/// being followed is kept in course.json in still's data folder.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    Start(StartArgs),
    Status(StatusArgs),
    Stop(StopArgs),
    List(ListArgs),
}

/// Begin a course, replacing the one being followed
///
/// Every session the course assigns must exist: a script beside the course file, one in
/// your library, or a built-in one.
#[derive(clap::Args, Debug)]
struct StartArgs {
    /// A course id (see `still course list`) or a course file
    #[arg(value_name = "COURSE")]
    course: String,

    /// The first day of week 1: YYYY-MM-DD, today, yesterday or a weekday (default: today)
    #[arg(long, value_name = "DAY")]
    on: Option<String>,
}

/// Where you are in the course: the week, what it practises, the days practised
#[derive(clap::Args, Debug)]
struct StatusArgs {
    /// The day to ask about: YYYY-MM-DD, yesterday or a weekday (default: today)
    #[arg(long, value_name = "DAY")]
    as_of: Option<String>,
}

/// Stop following the course (the journal keeps every sit)
#[derive(clap::Args, Debug)]
struct StopArgs {}

/// The courses there are: built-in and imported
#[derive(clap::Args, Debug)]
struct ListArgs {}

pub fn run(args: Args) -> Result<Exit, Fail> {
    match args.action {
        Action::Start(a) => start(a),
        Action::Status(a) => status(a),
        Action::Stop(_) => stop(),
        Action::List(_) => list(),
    }
}

fn start(args: StartArgs) -> Result<Exit, Fail> {
    let home = practice::home()?;
    let config = practice::config(&home)?;
    let today = crate::journal::day::today(&practice::now(), &config);
    let start = match &args.on {
        Some(text) => practice::date_arg("--on", text, today)?,
        None => today,
    };
    let messages = practice::words(&config);
    let loaded = course::load_in(&args.course, Some(&home), &config.sitter_language())?;
    loaded
        .check_sessions(Some(&home))
        .map_err(|d| Fail::diagnostics(vec![d]))?;
    let old = course::state::read(&home).ok().flatten();
    let source = match &loaded.found.path {
        // Absolute, so that it is found again from any folder.
        Some(p) => std::path::absolute(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        None => "built-in".to_string(),
    };
    let c = &loaded.course;
    state::write(
        &home,
        &state::State {
            course: c.id.clone(),
            source,
            start,
        },
    )?;
    let mut lines = vec![words::started(
        &messages,
        &c.title,
        &c.id,
        c.weeks.len(),
        start,
    )];
    if let Some(old) = old.filter(|o| o.course != c.id || o.start != start) {
        lines.push(words::replaced(&messages, &old.course));
    }
    let first = &c.weeks[0];
    lines.push(String::new());
    lines.push(words::week(&messages, 1, &first.title, &first.text));
    lines.push(words::each_day(&messages, &first.sessions));
    lines.push(String::new());
    lines.push(words::start_next(&messages));
    words::say(&lines.join("\n"))?;
    Ok(Exit::Ok)
}

fn status(args: StatusArgs) -> Result<Exit, Fail> {
    let cx = Context::read(args.as_of.as_deref())?;
    let Some((loaded, state)) = &cx.current else {
        words::say(&words::nothing(&cx.words))?;
        return Ok(Exit::Ok);
    };
    let c = &loaded.course;
    let mut lines = vec![words::status_heading(
        &cx.words,
        &c.title,
        &c.id,
        state.start,
    )];
    match course::plan::standing(c, state.start, cx.day) {
        course::Standing::NotYet(days) => {
            lines.push(words::not_yet(&cx.words, &c.title, state.start, days))
        }
        standing => {
            let p = progress::progress(c, state.start, cx.day, &cx.sits)
                .expect("the course has started");
            let week = &c.weeks[p.week_index];
            if let course::Standing::Ended(_) = standing {
                let last = progress::course_last_day(c, state.start).unwrap_or(cx.day);
                lines.push(words::ended(&cx.words, &c.title, last, p.done, p.so_far));
            } else {
                lines.push(words::week_of(
                    &cx.words,
                    p.week_index + 1,
                    p.weeks,
                    &week.title,
                ));
                lines.push(words::indented(&week.text));
                lines.push(words::tally(
                    &cx.words,
                    p.week_done,
                    p.week_so_far,
                    p.done,
                    p.so_far,
                ));
            }
        }
    }
    words::say(&lines.join("\n"))?;
    Ok(Exit::Ok)
}

fn stop() -> Result<Exit, Fail> {
    let home = practice::home()?;
    let messages = practice::words(&practice::config(&home)?);
    let old = course::state::read(&home).ok().flatten();
    if course::state::remove(&home)? {
        let name = old.map_or_else(|| "the course".to_string(), |s| s.course);
        words::say(&words::stopped(&messages, &name))?;
    } else {
        words::say(&words::nothing_to_stop(&messages))?;
    }
    Ok(Exit::Ok)
}

fn list() -> Result<Exit, Fail> {
    let home = super::home();
    let language = super::args::sitter_language(home.as_ref())?;
    let messages = crate::i18n::Messages::for_language(&language);
    let mut text = String::new();
    for found in crate::library::courses::all_in(home.as_ref(), &language) {
        let built_in = found.path.is_none();
        match course::from_found(found) {
            Ok(l) => {
                let line = words::listed(
                    &messages,
                    &l.course.id,
                    &inert(&l.course.title),
                    l.course.weeks.len(),
                    built_in,
                );
                text.push_str(&words::fill(&line));
                text.push('\n');
            }
            Err(e) => out::warn(&e.to_string()),
        }
    }
    out::print(&text)?;
    Ok(Exit::Ok)
}
