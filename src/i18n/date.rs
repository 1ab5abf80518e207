//! Dates as people read them in each language: `Thursday 3 December 2026`, `jueves, 3 de
//! diciembre de 2026`, `jeudi 3 décembre 2026`; the names come from the message files.

use jiff::civil::Date;

use super::{Messages, id, num, text};

/// The weekday's name: Monday is 1.
pub fn weekday(words: &Messages, d: Date) -> String {
    let i = usize::from(d.weekday().to_monday_zero_offset() as u8);
    words.text(id::WEEKDAYS[i.min(6)])
}

/// The month's name, as it is written inside a sentence (lowercase in Spanish and French).
pub fn month(words: &Messages, d: Date) -> String {
    let i = usize::try_from(d.month() - 1).unwrap_or(0);
    words.text(id::MONTHS[i.min(11)])
}

/// The weekday, the day, the month and the year: the heading of `still stats`.
pub fn long(words: &Messages, d: Date) -> String {
    words.get(
        id::DATE_LONG,
        &[
            ("weekday", text(weekday(words, d))),
            ("day", num(d.day())),
            ("month", text(month(words, d))),
            ("year", text(d.year().to_string())),
        ],
    )
}

/// The day, the month and the year: `3 December 2026`.
pub fn day(words: &Messages, d: Date) -> String {
    words.get(
        id::DATE_DAY,
        &[
            ("day", num(d.day())),
            ("month", text(month(words, d))),
            ("year", text(d.year().to_string())),
        ],
    )
}

/// A month and its year as a heading, its first letter a capital: `Diciembre de 2026`.
pub fn month_heading(words: &Messages, d: Date) -> String {
    capitalized(&words.get(
        id::CALENDAR_MONTH,
        &[
            ("month", text(month(words, d))),
            ("year", text(d.year().to_string())),
        ],
    ))
}

/// `s` with its first letter a capital: a date that opens a line.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_are_written_as_each_language_writes_them_issue_20() {
        let d = date(2026, 12, 3);
        let en = Messages::for_language("en");
        let es = Messages::for_language("es");
        let fr = Messages::for_language("fr");
        assert_eq!(long(&en, d), "Thursday 3 December 2026");
        assert_eq!(long(&es, d), "jueves, 3 de diciembre de 2026");
        assert_eq!(long(&fr, d), "jeudi 3 décembre 2026");
        assert_eq!(day(&en, d), "3 December 2026");
        assert_eq!(day(&es, d), "3 de diciembre de 2026");
        assert_eq!(day(&fr, date(2026, 12, 1)), "1er décembre 2026");
        assert_eq!(month_heading(&en, d), "December 2026");
        assert_eq!(month_heading(&es, d), "Diciembre de 2026");
        assert_eq!(month_heading(&fr, date(2026, 8, 1)), "Août 2026");
        // The year is a year, not a number to be grouped.
        assert!(!day(&en, date(2026, 1, 1)).contains(','));
    }

    #[test]
    fn english_dates_match_the_ones_strftime_wrote() {
        let en = Messages::english();
        for d in [date(2024, 1, 1), date(2024, 2, 29), date(2026, 12, 31)] {
            assert_eq!(long(&en, d), d.strftime("%A %-d %B %Y").to_string());
            assert_eq!(day(&en, d), d.strftime("%-d %B %Y").to_string());
            assert_eq!(month_heading(&en, d), d.strftime("%B %Y").to_string());
        }
    }
}
