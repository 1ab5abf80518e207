//! A course's days held against the sits in the journal. A day is done when the journal
//! has a sit that day of one of the sessions assigned that day; any other sit does not
//! count for the course. Pure: the caller passes the day and the sits in.

use jiff::civil::Date;

use super::model::Course;
use super::plan::{self, Standing};

/// One sit as the course sees it: its practice day and its session's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sit {
    pub date: Date,
    pub session: String,
}

/// The assigned sessions sat on `day`, each once, in the order the week lists them.
pub fn done_on(assigned: &[String], day: Date, sits: &[Sit]) -> Vec<String> {
    assigned
        .iter()
        .filter(|id| sits.iter().any(|s| s.date == day && &s.session == *id))
        .cloned()
        .collect()
}

/// How far a course has come by a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// 0 for the first week.
    pub week_index: usize,
    pub weeks: usize,
    /// Days of this week done, and the days of it so far (`day` included).
    pub week_done: usize,
    pub week_so_far: usize,
    /// The same over the whole course.
    pub done: usize,
    pub so_far: usize,
}

/// The course's progress on `day`, a day of the course; `None` before it starts. A day
/// after the end counts the whole course, its last week as "this week".
pub fn progress(course: &Course, start: Date, day: Date, sits: &[Sit]) -> Option<Progress> {
    let last = course_last_day(course, start)?;
    let (week_index, day) = match plan::standing(course, start, day) {
        Standing::NotYet(_) => return None,
        Standing::On(a) => (a.week_index, day),
        Standing::Ended(_) => (course.weeks.len() - 1, last),
    };
    let week_start = start
        .checked_add(jiff::Span::new().days(week_index as i64 * 7))
        .ok()?;
    let count = |from: Date| {
        let mut so_far = 0;
        let mut done = 0;
        for (d, assigned) in plan::plan(course, start, from, day) {
            so_far += 1;
            if !done_on(&assigned, d, sits).is_empty() {
                done += 1;
            }
        }
        (done, so_far)
    };
    let (week_done, week_so_far) = count(week_start);
    let (done, so_far) = count(start);
    Some(Progress {
        week_index,
        weeks: course.weeks.len(),
        week_done,
        week_so_far,
        done,
        so_far,
    })
}

/// The course's last day.
pub fn course_last_day(course: &Course, start: Date) -> Option<Date> {
    start
        .checked_add(jiff::Span::new().days(course.days() - 1))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::Week;
    use jiff::civil::date;

    fn course() -> Course {
        let week = |s: &str| Week {
            title: "w".into(),
            text: "t".into(),
            sessions: vec![s.into(), "extra".into()],
            spans: vec![],
        };
        Course {
            id: "c".into(),
            title: "C".into(),
            summary: None,
            author: None,
            language: "en".into(),
            weeks: vec![week("a"), week("b")],
        }
    }

    fn sit(d: Date, s: &str) -> Sit {
        Sit {
            date: d,
            session: s.into(),
        }
    }

    #[test]
    fn only_an_assigned_session_that_day_counts_issue_19() {
        let c = course();
        let start = date(2024, 3, 4);
        let sits = [
            sit(date(2024, 3, 4), "a"),
            sit(date(2024, 3, 4), "extra"),
            sit(date(2024, 3, 5), "b"),
            sit(date(2024, 3, 11), "b"),
            sit(date(2024, 3, 12), "a"),
        ];
        assert_eq!(
            done_on(&c.weeks[0].sessions, date(2024, 3, 4), &sits),
            ["a", "extra"]
        );
        assert!(done_on(&c.weeks[0].sessions, date(2024, 3, 5), &sits).is_empty());
        let p = progress(&c, start, date(2024, 3, 12), &sits).unwrap();
        assert_eq!(
            (p.week_index, p.week_done, p.week_so_far, p.done, p.so_far),
            (1, 1, 2, 2, 9)
        );
        let end = progress(&c, start, date(2024, 5, 1), &sits).unwrap();
        assert_eq!((end.week_index, end.week_so_far, end.so_far), (1, 7, 14));
        assert_eq!(progress(&c, start, date(2024, 3, 3), &sits), None);
    }
}
