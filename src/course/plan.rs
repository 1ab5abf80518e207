//! Which sessions a course assigns on a day: pure functions of the course, the day it
//! started and the day asked about. The caller reads the clock (or `--as-of`) once.

use jiff::civil::Date;

use super::model::{Course, Week};

/// What a course assigns on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Assigned<'a> {
    /// 0 for the first week.
    pub week_index: usize,
    /// 0 for the week's first day.
    pub day_in_week: usize,
    pub week: &'a Week,
    pub sessions: &'a [String],
}

/// Where a day falls against a course started on `start`.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing<'a> {
    /// The course starts later: in this many days.
    NotYet(i64),
    On(Assigned<'a>),
    /// The course ended this many days before (1: its last day was yesterday).
    Ended(i64),
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    // `until` in days cannot fail between two civil dates: jiff's range is far smaller
    // than what a span of days holds.
    from.until(to).map_or(0, |s| i64::from(s.get_days()))
}

/// Where `day` falls in `course` started on `start`.
pub fn standing(course: &Course, start: Date, day: Date) -> Standing<'_> {
    let n = days_between(start, day);
    if n < 0 {
        return Standing::NotYet(-n);
    }
    if n >= course.days() {
        return Standing::Ended(n - course.days() + 1);
    }
    let week_index = (n / 7) as usize;
    let week = &course.weeks[week_index];
    Standing::On(Assigned {
        week_index,
        day_in_week: (n % 7) as usize,
        week,
        sessions: &week.sessions,
    })
}

/// What `course` started on `start` assigns on `day`: nothing before it starts or after it ends.
pub fn assigned_on(course: &Course, start: Date, day: Date) -> Option<Assigned<'_>> {
    match standing(course, start, day) {
        Standing::On(a) => Some(a),
        _ => None,
    }
}

/// Each day from `from` to `to` (both included) that the course assigns, with its sessions.
pub fn plan(course: &Course, start: Date, from: Date, to: Date) -> Vec<(Date, Vec<String>)> {
    let first = from.max(start);
    let mut out = vec![];
    let mut day = first;
    while day <= to {
        match assigned_on(course, start, day) {
            Some(a) => out.push((day, a.sessions.to_vec())),
            None if day > start => break,
            None => {}
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    out
}

/// The days from `from` to `to` (both included).
pub fn days_in(from: Date, to: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(from), |d| d.tomorrow().ok()).take_while(move |d| *d <= to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::model::Week;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn course(weeks: usize) -> Course {
        Course {
            id: "c".into(),
            title: "C".into(),
            summary: None,
            author: None,
            language: "en".into(),
            weeks: (0..weeks)
                .map(|i| Week {
                    title: format!("W{i}"),
                    text: "t".into(),
                    sessions: vec![format!("s{i}")],
                    spans: vec![],
                })
                .collect(),
        }
    }

    #[test]
    fn weeks_turn_every_seventh_day_issue_19() {
        let c = course(4);
        let start = date(2024, 2, 26);
        assert_eq!(assigned_on(&c, start, start).unwrap().week_index, 0);
        assert_eq!(
            assigned_on(&c, start, date(2024, 3, 3)).unwrap().week_index,
            0
        );
        let leap = assigned_on(&c, start, date(2024, 3, 4)).unwrap();
        assert_eq!((leap.week_index, leap.day_in_week), (1, 0));
        assert_eq!(leap.sessions, ["s1"]);
        assert_eq!(
            assigned_on(&c, start, date(2024, 3, 24))
                .unwrap()
                .week_index,
            3
        );
        assert_eq!(standing(&c, start, date(2024, 3, 25)), Standing::Ended(1));
        assert_eq!(standing(&c, start, date(2024, 2, 24)), Standing::NotYet(2));
    }

    #[test]
    fn a_plan_holds_only_the_days_of_the_course_issue_19() {
        let c = course(1);
        let start = date(2024, 1, 10);
        let p = plan(&c, start, date(2024, 1, 1), date(2024, 1, 31));
        assert_eq!(p.len(), 7);
        assert_eq!(p[0].0, start);
        assert_eq!(p[6].0, date(2024, 1, 16));
        assert!(plan(&c, start, date(2024, 1, 12), date(2024, 1, 11)).is_empty());
        assert_eq!(
            plan(&c, start, date(2024, 1, 12), date(2024, 1, 13)).len(),
            2
        );
    }

    proptest! {
        #[test]
        fn the_week_is_the_days_since_start_over_seven_issue_19(
            weeks in 1usize..12, offset in -400i64..400, base in 0i64..20_000
        ) {
            let c = course(weeks);
            let start = date(1990, 1, 1).checked_add(jiff::Span::new().days(base)).unwrap();
            let day = start.checked_add(jiff::Span::new().days(offset)).unwrap();
            match assigned_on(&c, start, day) {
                Some(a) => {
                    prop_assert!(offset >= 0 && offset < weeks as i64 * 7);
                    prop_assert_eq!(a.week_index as i64, offset / 7);
                    prop_assert_eq!(a.day_in_week as i64, offset % 7);
                    prop_assert_eq!(a.sessions, &c.weeks[a.week_index].sessions[..]);
                }
                None => prop_assert!(offset < 0 || offset >= weeks as i64 * 7),
            }
            let from = start.checked_sub(jiff::Span::new().days(3)).unwrap();
            let to = start.checked_add(jiff::Span::new().days(weeks as i64 * 7 + 3)).unwrap();
            prop_assert_eq!(plan(&c, start, from, to).len(), weeks * 7);
        }
    }
}
