//! What `still today`, `still course` and `still play today` say, in the sitter's language:
//! one function per message of `i18n/LANG/still.ftl`. Course and week titles and texts come
//! from the course file, as written.

use jiff::civil::Date;

use crate::i18n::{Messages, date, id, num, text};

/// today-heading: the first line of `still today`.
pub fn heading(
    words: &Messages,
    day: Date,
    course: &str,
    week: usize,
    weeks: usize,
    week_title: &str,
) -> String {
    words.get(
        id::TODAY_HEADING,
        &[
            ("date", text(date::capitalized(&date::long(words, day)))),
            ("course", text(course)),
            ("week", num(week)),
            ("weeks", num(weeks)),
            ("title", text(week_title)),
        ],
    )
}

/// today-week: a week's title, then what the week practises.
pub fn week(words: &Messages, week: usize, title: &str, week_text: &str) -> String {
    let head = words.get(
        id::TODAY_WEEK,
        &[("week", num(week)), ("title", text(title))],
    );
    format!("{head}\n{}", indented(week_text))
}

/// today-week-of: `course status`'s line for the week under way.
pub fn week_of(words: &Messages, week: usize, weeks: usize, title: &str) -> String {
    words.get(
        id::TODAY_WEEK_OF,
        &[
            ("week", num(week)),
            ("weeks", num(weeks)),
            ("title", text(title)),
        ],
    )
}

/// today-each-day: the sessions any one of which makes a day.
pub fn each_day(words: &Messages, sessions: &[String]) -> String {
    let or = format!(" {} ", words.text(id::TODAY_OR));
    format!(
        "  {}",
        words.get(
            id::TODAY_EACH_DAY,
            &[("sessions", text(sessions.join(&or)))]
        )
    )
}

/// A week's text, indented by two spaces and wrapped to fit 80 columns.
pub fn indented(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    fill(&format!("  {text}"))
}

/// Prints `text` as `still today` and `still course` say things: made inert (a course's
/// words come from a file), each line wrapped to 80 columns.
pub fn say(text: &str) -> Result<(), super::Fail> {
    super::out::print(&format!("{}\n", fill(&crate::util::text::inert(text))))
}

/// Each line of `text` wrapped to 80 columns, its continuation as indented as the line: a
/// course's long title or a long message stays readable in a terminal of 80 columns.
pub fn fill(text: &str) -> String {
    text.lines()
        .map(|line| {
            let indent = &line[..line.len() - line.trim_start().len()];
            // Ids such as `resilience-start` are not broken at their hyphens.
            let options = textwrap::Options::new(80)
                .subsequent_indent(indent)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            textwrap::wrap(line, options).join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One assigned session in `still today`'s list: its id (what `still play` takes), its
/// title, and a mark when sat today; within 80 columns.
pub fn assigned(words: &Messages, id: &str, title: &str, done: bool) -> String {
    let mark = if done {
        words.text(id::TODAY_DONE_MARK)
    } else {
        String::new()
    };
    let title = crate::util::text::truncate(title, 36);
    format!("  {id:<22} {title:<37} {mark}")
        .trim_end()
        .to_string()
}

/// today-done: today's practice counts.
pub fn done(words: &Messages, sessions: &[String]) -> String {
    let and = format!(" {} ", words.text(id::TODAY_AND));
    words.get(id::TODAY_DONE, &[("sessions", text(sessions.join(&and)))])
}

/// today-not-done: nothing of today's yet.
pub fn not_done(words: &Messages, next: &str) -> String {
    words.get(id::TODAY_NOT_DONE, &[("next", text(next))])
}

/// today-nothing: no course is being followed.
pub fn nothing(words: &Messages) -> String {
    words.text(id::TODAY_NOTHING)
}

/// today-not-yet: the course starts later.
pub fn not_yet(words: &Messages, course: &str, start: Date, days: i64) -> String {
    words.get(
        id::TODAY_NOT_YET,
        &[
            ("course", text(course)),
            ("date", text(date::day(words, start))),
            ("days", num(days)),
        ],
    )
}

/// today-ended and today-ended-next: the course is over.
pub fn ended(words: &Messages, course: &str, last: Date, done: usize, days: usize) -> String {
    let over = words.get(
        id::TODAY_ENDED,
        &[
            ("course", text(course)),
            ("date", text(date::day(words, last))),
            ("done", num(done)),
            ("days", num(days)),
        ],
    );
    format!("{over}\n{}", words.text(id::TODAY_ENDED_NEXT))
}

/// course-status-heading: the course, its id and its first day.
pub fn status_heading(words: &Messages, course: &str, course_id: &str, start: Date) -> String {
    words.get(
        id::COURSE_STATUS_HEADING,
        &[
            ("course", text(course)),
            ("id", text(course_id)),
            ("date", text(date::day(words, start))),
        ],
    )
}

/// course-tally: `course status`'s days practised.
pub fn tally(
    words: &Messages,
    week_done: usize,
    week_so_far: usize,
    done: usize,
    so_far: usize,
) -> String {
    words.get(
        id::COURSE_TALLY,
        &[
            ("week_done", num(week_done)),
            ("week_so_far", num(week_so_far)),
            ("done", num(done)),
            ("so_far", num(so_far)),
        ],
    )
}

/// course-started: the course is under way.
pub fn started(
    words: &Messages,
    course: &str,
    course_id: &str,
    weeks: usize,
    start: Date,
) -> String {
    words.get(
        id::COURSE_STARTED,
        &[
            ("course", text(course)),
            ("id", text(course_id)),
            ("weeks", num(weeks)),
            ("date", text(date::day(words, start))),
        ],
    )
}

/// course-replaced: `course start` over another course.
pub fn replaced(words: &Messages, old: &str) -> String {
    words.get(id::COURSE_REPLACED, &[("old", text(old))])
}

/// course-start-next: where to go next.
pub fn start_next(words: &Messages) -> String {
    words.text(id::COURSE_START_NEXT)
}

/// course-stopped.
pub fn stopped(words: &Messages, course: &str) -> String {
    words.get(id::COURSE_STOPPED, &[("course", text(course))])
}

/// course-nothing-to-stop.
pub fn nothing_to_stop(words: &Messages) -> String {
    words.text(id::COURSE_NOTHING_TO_STOP)
}

/// course-list-built-in and course-list-imported: a course's line in `course list`.
pub fn listed(
    words: &Messages,
    course_id: &str,
    title: &str,
    weeks: usize,
    built_in: bool,
) -> String {
    let what = if built_in {
        id::COURSE_LIST_BUILT_IN
    } else {
        id::COURSE_LIST_IMPORTED
    };
    format!(
        "{course_id:<24} {title} {}",
        words.get(what, &[("weeks", num(weeks))])
    )
}

/// today-again: `play today` when today's practice is done already.
pub fn again(words: &Messages, session: &str) -> String {
    words.get(id::TODAY_AGAIN, &[("session", text(session))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_text_wraps_under_80_columns_issue_19() {
        let text = "word ".repeat(40);
        let wrapped = indented(&text);
        assert!(wrapped.lines().count() > 1);
        assert!(
            wrapped
                .lines()
                .all(|l| l.starts_with("  ") && l.chars().count() <= 78)
        );
        assert_eq!(indented("One line."), "  One line.");
        let long = format!(
            "Friday 4 December 2026: {}, week 1 of 4 (Settling)",
            "word ".repeat(12)
        );
        let filled = fill(&format!("{long}\n  {}", "x ".repeat(50)));
        assert!(filled.lines().count() == 4, "{filled}");
        assert!(filled.lines().all(|l| l.chars().count() <= 80), "{filled}");
        assert!(
            filled.lines().nth(3).unwrap().starts_with("  x"),
            "{filled}"
        );
    }

    /// Issue #20: `still today` speaks the sitter's language, plurals and dates included.
    #[test]
    fn today_speaks_english_spanish_and_french_issue_20() {
        let day = Date::new(2024, 3, 5).unwrap();
        let en = Messages::english();
        let es = Messages::for_language("es_ES.UTF-8");
        let fr = Messages::for_language("fr");
        assert_eq!(
            heading(&en, day, "A start", 1, 4, "Settling"),
            "Tuesday 5 March 2024: A start, week 1 of 4 (Settling)"
        );
        assert_eq!(
            heading(&es, day, "Un inicio", 1, 4, "Asentarse"),
            "Martes, 5 de marzo de 2024: Un inicio, semana 1 de 4 (Asentarse)"
        );
        assert_eq!(
            heading(&fr, day, "Un début", 1, 4, "S’installer"),
            "Mardi 5 mars 2024\u{a0}: «\u{a0}Un début\u{a0}», semaine 1 sur 4 (S’installer)"
        );
        let two = ["body-scan".to_string(), "box-breathing".to_string()];
        assert_eq!(
            done(&es, &two),
            "Hecho por hoy: has practicado body-scan y box-breathing. Bien hecho."
        );
        assert_eq!(
            not_yet(&en, "A", day, 1),
            "A starts on 5 March 2024, tomorrow. Until then nothing is assigned."
        );
        assert!(not_yet(&fr, "A", day, 3).contains("dans 3 jours"));
        assert_eq!(
            tally(&en, 1, 1, 1, 9),
            "This week: practised on 1 of 1 day. Overall: 1 of 9 days."
        );
        assert!(tally(&es, 0, 2, 1, 9).contains("0 de 2 días"));
        assert_eq!(
            assigned(&fr, "body-scan", "Scan corporel", true),
            format!("  {:<22} {:<37} faite", "body-scan", "Scan corporel")
        );
        assert_eq!(
            assigned(&en, "body-scan", "Body scan", false),
            "  body-scan              Body scan"
        );
        assert!(
            assigned(&en, "x", &"long ".repeat(30), true)
                .chars()
                .count()
                <= 80
        );
    }
}
