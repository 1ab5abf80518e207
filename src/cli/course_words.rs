//! What `still today`, `still course` and `still play today` say, in one place: plain
//! English now; each function is one message a translation will give an id of its own
//! (`today-heading`, `today-done`, `today-not-done`, `today-nothing`, `today-week`).

use jiff::civil::Date;

/// today-heading: the first line of `still today`.
pub fn heading(day: Date, course: &str, week: usize, weeks: usize, week_title: &str) -> String {
    format!("{day}: {course}, week {week} of {weeks} ({week_title})")
}

/// today-week: what the week practises.
pub fn week(week: usize, title: &str, text: &str) -> String {
    format!("Week {week}: {title}\n{}", indented(text))
}

/// A week's text, indented by two spaces and wrapped to fit 80 columns.
pub fn indented(text: &str) -> String {
    let mut lines: Vec<String> = vec![];
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 76 {
            lines.push(format!("  {line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(format!("  {line}"));
    }
    lines.join("\n")
}

/// today-done: today's practice counts.
pub fn done(sessions: &[String]) -> String {
    format!(
        "Done for today: you sat {}. Well done.",
        sessions.join(" and ")
    )
}

/// today-not-done: nothing of today's yet.
pub fn not_done(next: &str) -> String {
    format!(
        "Not done yet: one sit of any of these counts for today. `still play today` starts {next}."
    )
}

/// today-nothing: no course is being followed.
pub fn nothing() -> &'static str {
    "No course started. `still course start resilience-start` starts a four-week course of the built-in sessions; `still course list` shows every course."
}

/// The course starts later.
pub fn not_yet(course: &str, start: Date, days: i64) -> String {
    let when = if days == 1 {
        "tomorrow".to_string()
    } else {
        format!("in {days} days")
    };
    format!("{course} starts on {start}, {when}. Until then nothing is assigned.")
}

/// The course is over.
pub fn ended(course: &str, last: Date, done: usize, days: usize) -> String {
    format!(
        "{course} ended on {last}; you practised on {done} of its {days} days.\n\
         `still course stop` puts it away; `still course start ID` begins another (`still course list` shows them)."
    )
}

/// `course status`: the days practised.
pub fn tally(week_done: usize, week_so_far: usize, done: usize, so_far: usize) -> String {
    format!(
        "This week: practised on {week_done} of {week_so_far} {}. Overall: {done} of {so_far} {}.",
        days(week_so_far),
        days(so_far)
    )
}

fn days(n: usize) -> &'static str {
    if n == 1 { "day" } else { "days" }
}

/// `course start`: the course is under way.
pub fn started(course: &str, id: &str, weeks: usize, start: Date) -> String {
    format!(
        "Started {course} ({id}): {weeks} {}, from {start}.",
        if weeks == 1 { "week" } else { "weeks" }
    )
}

/// `course start` over another course.
pub fn replaced(old: &str) -> String {
    format!("(This replaces the course you were following, {old}.)")
}

/// `course start`: where to go next.
pub fn start_next() -> &'static str {
    "Each day, `still today` says what is assigned and `still play today` plays it."
}

/// `course stop`.
pub fn stopped(course: &str) -> String {
    format!(
        "Stopped {course}. Your journal keeps every sit; `still course start ID` begins a course again."
    )
}

/// `course stop` with no course.
pub fn nothing_to_stop() -> &'static str {
    "No course is being followed: there is nothing to stop."
}

/// `play today` when today's practice is done already.
pub fn again(session: &str) -> String {
    format!("Today's practice is done; playing {session} again.")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_week_text_wraps_under_80_columns_issue_19() {
        let text = "word ".repeat(40);
        let wrapped = super::indented(&text);
        assert!(wrapped.lines().count() > 1);
        assert!(
            wrapped
                .lines()
                .all(|l| l.starts_with("  ") && l.chars().count() <= 78)
        );
        assert_eq!(super::indented("One line."), "  One line.");
    }
}
