//! `still calendar`: the last months as a heat map, shaded by minutes practised each day.
//! Shades are characters, so the map reads the same without colour; three months to a
//! row keep it within 80 columns.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use jiff::civil::Date;

use super::entry::Entry;
use super::stats::{day_counts, minutes};
use crate::i18n::{Messages, date, id, num, text};

/// Months side by side; 3 × 20 columns and two gaps of 3 fit in 80.
const PER_ROW: usize = 3;
const BLOCK: usize = 20;
const GAP: &str = "   ";
/// The most months `--months` shows: two years.
pub const MAX_MONTHS: u32 = 24;

/// Minutes at which each shade begins: `░` from 1 minute, `▒` from 10, and so on.
const SHADES: &[(u64, &str)] = &[(1, "░░"), (10, "▒▒"), (20, "▓▓"), (40, "██")];

/// Practice on a day that does not reach `min_minutes`: shown, but not counted.
const SHORT: &str = "◦ ";

/// The map of the `months` months up to and including the one holding `today`. A day
/// counts as `stats` counts it: its sits add up to `min_minutes`. Its words are `words`.
pub fn render(
    entries: &[Entry],
    today: Date,
    months: u32,
    min_minutes: u32,
    words: &Messages,
) -> String {
    let months = months.clamp(1, MAX_MONTHS);
    let first = month_back(today.first_of_month(), months - 1);
    let mut per_day: BTreeMap<Date, u64> = BTreeMap::new();
    for e in entries
        .iter()
        .filter(|e| e.date >= first && e.date <= today)
    {
        *per_day.entry(e.date).or_default() += e.practiced_ms;
    }

    let starts: Vec<Date> = (0..months)
        .map(|i| month_back(today.first_of_month(), months - 1 - i))
        .collect();
    let mut o = String::new();
    for (row, chunk) in starts.chunks(PER_ROW).enumerate() {
        if row > 0 {
            o.push('\n');
        }
        let blocks: Vec<Vec<String>> = chunk
            .iter()
            .map(|&m| month_block(m, today, &per_day, min_minutes, words))
            .collect();
        let height = blocks.iter().map(Vec::len).max().unwrap_or(0);
        for line in 0..height {
            let mut text = String::new();
            for (i, b) in blocks.iter().enumerate() {
                if i > 0 {
                    text.push_str(GAP);
                }
                let cell = b.get(line).map(String::as_str).unwrap_or("");
                let shown = strip_len(cell);
                text.push_str(cell);
                text.push_str(&" ".repeat(BLOCK.saturating_sub(shown)));
            }
            let _ = writeln!(o, "{}", text.trim_end());
        }
    }

    let days = per_day
        .values()
        .filter(|&&ms| day_counts(ms, min_minutes))
        .count();
    let short = per_day
        .values()
        .any(|&ms| ms > 0 && !day_counts(ms, min_minutes));
    let total: u64 = per_day.values().sum();
    let dim = Style::new().dimmed();
    let shades: Vec<_> = (0..SHADES.len())
        .map(|i| (["s1", "s2", "s3", "s4"][i], text(shade(SHADES[i].1))))
        .collect();
    let _ = writeln!(o, "\n{}", words.get(id::CALENDAR_LEGEND, &shades));
    if short {
        let line = words.get(
            id::CALENDAR_SHORT,
            &[("mark", text(SHORT.trim_end())), ("min", num(min_minutes))],
        );
        let _ = writeln!(o, "{line}");
    }
    let summary = words.get(
        id::CALENDAR_SUMMARY,
        &[
            ("days", num(days)),
            ("minutes", num(minutes(total))),
            ("date", text(date::day(words, first))),
        ],
    );
    let _ = writeln!(o, "{dim}{summary}{dim:#}");
    o
}

/// One month: its name, the weekday header, then a line per week (Monday first).
fn month_block(
    first: Date,
    today: Date,
    per_day: &BTreeMap<Date, u64>,
    min_minutes: u32,
    words: &Messages,
) -> Vec<String> {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let title = date::month_heading(words, first);
    // Styles wrap only the text, never the padding, so trailing spaces can be trimmed.
    let pad = BLOCK.saturating_sub(title.chars().count()) / 2;
    let mut lines = vec![
        format!("{}{bold}{title}{bold:#}", " ".repeat(pad)),
        format!("{dim}{}{dim:#}", words.text(id::CALENDAR_WEEKDAYS)),
    ];
    let lead = usize::from(first.weekday().to_monday_zero_offset() as u8);
    let mut cells: Vec<String> = vec!["  ".into(); lead];
    let mut day = first;
    while day.month() == first.month() {
        let cell = if day > today {
            // The days still to come are left blank.
            "  ".to_string()
        } else {
            let ms = per_day.get(&day).copied().unwrap_or(0);
            let mins = ms.div_ceil(60_000);
            match SHADES.iter().rev().find(|(from, _)| mins >= *from) {
                Some((_, s)) if day_counts(ms, min_minutes) => shade(s),
                _ if ms > 0 => SHORT.to_string(),
                _ => format!("{dim}·{dim:#} "),
            }
        };
        let cell = if day == today {
            let underline = Style::new().underline();
            let glyph = cell.trim_end();
            let pad = &cell[glyph.len()..];
            format!("{underline}{glyph}{underline:#}{pad}")
        } else {
            cell
        };
        cells.push(cell);
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    for week in cells.chunks(7) {
        lines.push(week.join(" "));
    }
    lines
}

fn shade(s: &str) -> String {
    let green = AnsiColor::Green.on_default();
    format!("{green}{s}{green:#}")
}

/// How many columns `text` takes once ANSI styles are left out.
fn strip_len(text: &str) -> usize {
    anstream::adapter::strip_str(text)
        .map(|piece| piece.chars().count())
        .sum()
}

/// The first of the month `n` months before `first`.
fn month_back(first: Date, n: u32) -> Date {
    first
        .checked_sub(jiff::Span::new().months(i64::from(n)))
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn entry(d: Date, minutes: u64) -> Entry {
        crate::journal::entry::test_entry(d, minutes)
    }

    #[test]
    fn shades_follow_minutes_and_fit_80_columns() {
        let entries = vec![
            entry(date(2024, 3, 1), 5),
            entry(date(2024, 3, 2), 12),
            entry(date(2024, 3, 3), 25),
            entry(date(2024, 3, 4), 45),
            entry(date(2024, 3, 4), 5),
            entry(date(2024, 1, 31), 1),
            entry(date(2023, 12, 31), 60),
        ];
        let map = render(&entries, date(2024, 3, 6), 3, 0, &en());
        let expected = "    January 2024          February 2024            March 2024
Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su
·  ·  ·  ·  ·  ·  ·             ·  ·  ·  ·                ░░ ▒▒ ▓▓
·  ·  ·  ·  ·  ·  ·    ·  ·  ·  ·  ·  ·  ·    ██ ·  ·
·  ·  ·  ·  ·  ·  ·    ·  ·  ·  ·  ·  ·  ·
·  ·  ·  ·  ·  ·  ·    ·  ·  ·  ·  ·  ·  ·
·  ·  ░░               ·  ·  ·  ·

·  none   ░░ under 10 min   ▒▒ 10–19   ▓▓ 20–39   ██ 40 or more
5 days practised, 93 min in all, since 1 January 2024
";
        let plain = strip(&map);
        assert_eq!(plain, expected, "\n{plain}");
        assert!(plain.lines().all(|l| l.chars().count() <= 80));
    }

    #[test]
    fn months_wrap_three_to_a_row() {
        let map = strip(&render(&[], date(2024, 12, 31), 12, 0, &en()));
        assert_eq!(map.matches("Mo Tu").count(), 12);
        assert!(map.starts_with("    January 2024"));
        assert!(map.lines().all(|l| l.chars().count() <= 80));
        assert!(map.contains("0 days practised, 0 min in all"));
    }

    /// #15: with `min_minutes`, a day under it is shown apart and not counted, as `stats`
    /// does not count it.
    #[test]
    fn days_under_min_minutes_are_not_counted_issue_15() {
        let entries = vec![entry(date(2024, 3, 1), 4), entry(date(2024, 3, 2), 6)];
        let map = strip(&render(&entries, date(2024, 3, 6), 1, 5, &en()));
        assert!(map.contains("◦  ░░"), "{map}");
        assert!(map.contains("1 day practised, 10 min in all"), "{map}");
        assert!(map.contains("◦  under 5 min, not counted"), "{map}");
        let map = strip(&render(&entries, date(2024, 3, 6), 1, 0, &en()));
        assert!(map.contains("2 days practised"), "{map}");
        assert!(!map.contains('◦'), "{map}");
    }

    fn strip(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    fn en() -> Messages {
        Messages::english()
    }

    #[test]
    fn the_map_speaks_the_sitters_language_issue_20() {
        let entries = vec![entry(date(2026, 12, 1), 12), entry(date(2026, 11, 30), 4)];
        let fr = strip(&render(
            &entries,
            date(2026, 12, 3),
            2,
            5,
            &Messages::for_language("fr"),
        ));
        assert!(fr.contains("Novembre 2026"), "{fr}");
        assert!(fr.contains("Décembre 2026"), "{fr}");
        assert!(fr.contains("lu ma me je ve sa di"), "{fr}");
        assert!(
            fr.contains("1 jour pratiqué, 16 min en tout, depuis le 1er novembre 2026"),
            "{fr}"
        );
        assert!(fr.contains("◦  moins de 5 min"), "{fr}");
        let es = strip(&render(
            &entries,
            date(2026, 12, 3),
            1,
            0,
            &Messages::for_language("es"),
        ));
        assert!(es.contains("Diciembre de 2026"), "{es}");
        assert!(es.contains("lu ma mi ju vi sá do"), "{es}");
        assert!(es.contains("1 día practicado"), "{es}");
        for map in [&fr, &es] {
            assert!(map.lines().all(|l| l.chars().count() <= 80), "{map}");
        }
    }
}
