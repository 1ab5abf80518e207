//! Practice days: which calendar date a sit belongs to, and which day "today" is.
//!
//! A sit belongs to the local date on the wall clock where it happened, moved back a day
//! when it started before `day_starts_at` (with 04:00, a sit at 01:30 counts for the day
//! before). The date is worked out once, when the sit is written, and stored: flying to
//! another zone later never moves a sit to another day.

use jiff::ZonedDateTime;
use jiff::civil::{Date, DateTime, Time};

use crate::home::config::Config;

/// The practice date of a sit that started at `local` wall-clock time.
pub fn practice_date(local: DateTime, day_starts_at: Time) -> Date {
    if local.time() < day_starts_at {
        // `yesterday` fails only on the first day jiff can represent.
        local.date().yesterday().unwrap_or(local.date())
    } else {
        local.date()
    }
}

/// The practice day it is at `now`: the CLI reads the clock and zone once and asks this.
pub fn today(now: &ZonedDateTime, config: &Config) -> Date {
    practice_date(now.datetime(), config.day_starts_at)
}

/// The Monday of the week holding `date` (weeks run Monday to Sunday, as in ISO 8601).
pub fn week_start(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

/// Parses `YYYY-MM-DD` strictly (the form the journal stores and `--date` takes).
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let mut n = 0i32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + i32::from(c - b'0');
        }
        Some(n)
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    Date::new(y as i16, m as i8, d as i8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_sit_before_the_day_starts_counts_for_the_day_before() {
        let four = Time::new(4, 0, 0, 0).unwrap();
        let d = date(2024, 3, 5);
        assert_eq!(practice_date(d.at(1, 30, 0, 0), four), date(2024, 3, 4));
        assert_eq!(practice_date(d.at(3, 59, 59, 0), four), date(2024, 3, 4));
        assert_eq!(practice_date(d.at(4, 0, 0, 0), four), d);
        assert_eq!(practice_date(d.at(0, 0, 0, 0), Time::midnight()), d);
        assert_eq!(
            practice_date(date(2024, 3, 1).at(0, 10, 0, 0), four),
            date(2024, 2, 29),
            "across a month end in a leap year"
        );
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(date(2024, 3, 6)), date(2024, 3, 4));
        assert_eq!(week_start(date(2024, 3, 4)), date(2024, 3, 4));
        assert_eq!(week_start(date(2024, 3, 10)), date(2024, 3, 4));
        assert_eq!(week_start(date(2024, 1, 3)), date(2024, 1, 1));
        assert_eq!(week_start(date(2023, 1, 1)), date(2022, 12, 26));
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(parse_date("2024-02-29"), Some(date(2024, 2, 29)));
        for bad in [
            "2023-02-29",
            "2024-2-29",
            "2024-02-29T",
            "24-02-29",
            "2024/02/29",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
