//! `still today`: what the course assigns today and whether it is done; and the session
//! `still play today` plays.

use jiff::civil::Date;
use serde_json::json;

use super::course_words as words;
use super::{Exit, Fail, out, practice};
use crate::course::progress::{self, Sit};
use crate::course::{self, CourseError, Loaded, Standing, state::State};
use crate::i18n::Messages;

/// What your course assigns today, and whether today's practice is done
///
/// A day is done when the journal has a sit that day of one of the sessions assigned to it
/// (played, or added with `still log add --session ID`). `still play today` plays the first
/// of them not yet sat today. Start a course with `still course start`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print JSON: state (none, not-started, on, ended), date, course, title, language,
    /// week, weeks, week_title, week_text, day, assigned, done, done_sessions, next
    #[arg(long)]
    json: bool,

    /// The day to ask about: YYYY-MM-DD, yesterday or a weekday (default: today)
    #[arg(long, value_name = "DAY")]
    as_of: Option<String>,
}

impl From<CourseError> for Fail {
    fn from(e: CourseError) -> Fail {
        match e {
            CourseError::Invalid(d) => Fail::diagnostics(vec![d]),
            e => Fail::input_with(e.hint(), e),
        }
    }
}

/// The course being followed, the journal's sits and the day, read once.
pub(super) struct Context {
    pub day: Date,
    /// The sitter's words.
    pub words: Messages,
    pub current: Option<(Loaded, State)>,
    pub sits: Vec<Sit>,
    home: crate::home::Home,
    language: String,
}

impl Context {
    pub fn read(as_of: Option<&str>) -> Result<Context, Fail> {
        let home = practice::home()?;
        let config = practice::config(&home)?;
        let day = practice::as_of(as_of, &practice::now(), &config)?;
        let words = practice::words(&config);
        let current = course::current(&home, &config.sitter_language())?;
        let sits = match &current {
            None => vec![],
            Some(_) => practice::entries(&home, &config)?
                .into_iter()
                .map(|e| Sit {
                    date: e.date,
                    session: e.session_id,
                })
                .collect(),
        };
        Ok(Context {
            day,
            words,
            current,
            sits,
            language: config.sitter_language(),
            home,
        })
    }

    /// Session `id`'s title in the sitter's language, as `still play today` would find it.
    fn title(&self, loaded: &Loaded, id: &str) -> Option<String> {
        let pick = crate::library::Pick::Prefer(self.language.clone());
        crate::library::find(&loaded.session_reference(id), Some(&self.home), &pick)
            .ok()
            .and_then(|f| crate::script::peek_title(&f.source.text))
    }
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let cx = Context::read(args.as_of.as_deref())?;
    let Some((loaded, state)) = &cx.current else {
        if args.json {
            out::print_json(&json!({ "state": "none", "date": cx.day.to_string() }))?;
        } else {
            words::say(&words::nothing(&cx.words))?;
        }
        return Ok(Exit::Ok);
    };
    let c = &loaded.course;
    let mut view = json!({
        "date": cx.day.to_string(),
        "course": c.id,
        "title": c.title,
        "language": c.language,
        "start": state.start.to_string(),
        "weeks": c.weeks.len(),
    });
    let text = match course::plan::standing(c, state.start, cx.day) {
        Standing::NotYet(days) => {
            view["state"] = json!("not-started");
            words::not_yet(&cx.words, &c.title, state.start, days)
        }
        Standing::Ended(_) => {
            view["state"] = json!("ended");
            let last = progress::course_last_day(c, state.start).unwrap_or(cx.day);
            let p = progress::progress(c, state.start, cx.day, &cx.sits);
            let (done, so_far) = p.map_or((0, 0), |p| (p.done, p.so_far));
            view["days_done"] = json!(done);
            words::ended(&cx.words, &c.title, last, done, so_far)
        }
        Standing::On(a) => {
            let done = progress::done_on(a.sessions, cx.day, &cx.sits);
            let next = next_session(a.sessions, &done);
            view["state"] = json!("on");
            view["week"] = json!(a.week_index + 1);
            view["week_title"] = json!(a.week.title);
            view["week_text"] = json!(a.week.text);
            view["day"] = json!(a.day_in_week + 1);
            view["assigned"] = json!(a.sessions);
            view["done"] = json!(!done.is_empty());
            view["done_sessions"] = json!(done);
            view["next"] = json!(next);
            let mut lines = vec![
                words::heading(
                    &cx.words,
                    cx.day,
                    &c.title,
                    a.week_index + 1,
                    c.weeks.len(),
                    &a.week.title,
                ),
                words::indented(&a.week.text),
                String::new(),
            ];
            for id in a.sessions {
                let title = cx.title(loaded, id).unwrap_or_default();
                lines.push(words::assigned(&cx.words, id, &title, done.contains(id)));
            }
            lines.push(String::new());
            lines.push(if done.is_empty() {
                words::not_done(&cx.words, next)
            } else {
                words::done(&cx.words, &done)
            });
            lines.join("\n")
        }
    };
    if args.json {
        out::print_json(&view)?;
    } else {
        words::say(&text)?;
    }
    Ok(Exit::Ok)
}

/// The first assigned session not sat today; the first of all when every one was.
fn next_session<'a>(assigned: &'a [String], done: &[String]) -> &'a str {
    assigned
        .iter()
        .find(|id| !done.contains(id))
        .or(assigned.first())
        .map_or("", String::as_str)
}

/// What `still play today` plays: the reference (an id, or a script beside the course file)
/// of today's first assigned session not yet sat.
pub fn play_reference() -> Result<String, Fail> {
    let cx = Context::read(None)?;
    let Some((loaded, state)) = &cx.current else {
        return Err(Fail::input("no course is being followed, so nothing is assigned today")
            .hint("`still course start resilience-start` starts the built-in course; `still list` shows sessions to play by id"));
    };
    let c = &loaded.course;
    match course::plan::standing(c, state.start, cx.day) {
        Standing::On(a) => {
            let done = progress::done_on(a.sessions, cx.day, &cx.sits);
            let next = next_session(a.sessions, &done);
            if !done.is_empty() && done.len() == a.sessions.len() {
                words::say(&words::again(&cx.words, next))?;
            }
            Ok(loaded.session_reference(next))
        }
        Standing::NotYet(days) => {
            Err(
                Fail::input(words::not_yet(&cx.words, &c.title, state.start, days))
                    .hint("play any session by its id meanwhile (`still list`)"),
            )
        }
        Standing::Ended(_) => Err(Fail::input(format!(
            "{} has ended: nothing is assigned today",
            c.title
        ))
        .hint("`still course stop` puts it away; `still course start ID` begins another")),
    }
}
