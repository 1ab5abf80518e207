//! When a reminder comes: a time of day and a set of weekdays, read as people write them
//! (`07:30`, `mon-fri`, `sat,sun`, `daily`) and written as systemd's `OnCalendar=` and a
//! crontab line's fields.

use super::RemindError;

/// The days of the week, Monday first, as `--days` and systemd spell them.
const NAMES: [(&str, &str, &str); 7] = [
    ("mon", "monday", "Mon"),
    ("tue", "tuesday", "Tue"),
    ("wed", "wednesday", "Wed"),
    ("thu", "thursday", "Thu"),
    ("fri", "friday", "Fri"),
    ("sat", "saturday", "Sat"),
    ("sun", "sunday", "Sun"),
];

/// A time of day on a 24-hour clock, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub hour: u8,
    pub minute: u8,
}

impl At {
    /// `HH:MM` (or `H:MM`) on a 24-hour clock.
    pub fn parse(text: &str) -> Result<At, RemindError> {
        let bad = || RemindError::BadTime(text.to_string());
        let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
        let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(h, 1..=2) || !digits(m, 2..=2) {
            return Err(bad());
        }
        let (hour, minute) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if hour > 23 || minute > 59 {
            return Err(bad());
        }
        Ok(At { hour, minute })
    }
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// Some days of the week; never none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    /// Bit 0 is Monday, bit 6 Sunday.
    bits: u8,
}

impl Days {
    pub const EVERY: Days = Days { bits: 0x7f };

    /// `daily` (`every day`), `weekdays`, `weekends`, or days and ranges of days by name
    /// (`mon`, `monday`, `mon-fri`, `fri-mon`, `sat,sun`, `mon,wed-fri`), in any case.
    pub fn parse(text: &str) -> Result<Days, RemindError> {
        let bad = |why: &str| RemindError::BadDays {
            value: text.to_string(),
            why: why.to_string(),
        };
        let words = text.trim().to_ascii_lowercase();
        match words
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "daily" | "every day" | "everyday" => return Ok(Days::EVERY),
            "weekdays" => return Ok(Days { bits: 0x1f }),
            "weekends" => return Ok(Days { bits: 0x60 }),
            _ => {}
        }
        if words.trim().is_empty() {
            return Err(bad("it names no day"));
        }
        let mut bits = 0u8;
        for part in words.split(',').map(str::trim) {
            if part.is_empty() {
                return Err(bad("a day is missing between commas"));
            }
            let (from, to) = match part.split_once("..").or_else(|| part.split_once('-')) {
                Some((a, b)) => (a.trim(), b.trim()),
                None => (part, part),
            };
            let day = |name: &str| {
                NAMES
                    .iter()
                    .position(|(short, long, _)| name == *short || name == *long)
                    .ok_or_else(|| bad(&format!("'{name}' is not a day")))
            };
            let (a, b) = (day(from)?, day(to)?);
            // A range may wrap past Sunday: fri-mon is Friday to Monday.
            let mut d = a;
            loop {
                bits |= 1 << d;
                if d == b {
                    break;
                }
                d = (d + 1) % 7;
            }
        }
        Ok(Days { bits })
    }

    fn has(self, day: usize) -> bool {
        self.bits & (1 << day) != 0
    }

    /// Runs of consecutive days in `order` (indices into [`NAMES`]).
    fn runs(self, order: &[usize]) -> Vec<(usize, usize)> {
        let mut runs: Vec<(usize, usize)> = vec![];
        for (i, &d) in order.iter().enumerate() {
            if !self.has(d) {
                continue;
            }
            match runs.last_mut() {
                Some((_, end)) if i > 0 && *end == order[i - 1] => {
                    *end = d;
                }
                _ => runs.push((d, d)),
            }
        }
        runs
    }

    /// Runs joined by `sep` for a range and commas between: a run of two is two names.
    fn spell(self, order: &[usize], sep: &str, name: impl Fn(usize) -> String) -> String {
        self.runs(order)
            .into_iter()
            .map(|(a, b)| {
                let len = (b + 7 - a) % 7 + 1;
                match len {
                    1 => name(a),
                    2 => format!("{},{}", name(a), name(b)),
                    _ => format!("{}{sep}{}", name(a), name(b)),
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// As `--days` takes it back: `every day`, `mon-fri`, `sat,sun`, `mon,wed-fri`.
    pub fn words(self) -> String {
        if self == Days::EVERY {
            return "every day".into();
        }
        self.spell(&[0, 1, 2, 3, 4, 5, 6], "-", |d| NAMES[d].0.into())
    }

    /// systemd's weekday list (`Mon..Fri`, `Sat,Sun`); `None` for every day.
    fn systemd(self) -> Option<String> {
        (self != Days::EVERY)
            .then(|| self.spell(&[0, 1, 2, 3, 4, 5, 6], "..", |d| NAMES[d].2.into()))
    }

    /// A crontab line's day-of-week field: `*`, `1-5`, `0,6` (cron counts Sunday as 0).
    fn cron(self) -> String {
        if self == Days::EVERY {
            return "*".into();
        }
        let cron_number = |d: usize| ((d + 1) % 7).to_string();
        self.spell(&[6, 0, 1, 2, 3, 4, 5], "-", cron_number)
    }

    /// The days systemd's weekday list names (the inverse of [`Days::systemd`]).
    fn from_systemd(list: &str) -> Option<Days> {
        let mut bits = 0u8;
        for part in list.split(',') {
            let day = |n: &str| NAMES.iter().position(|(_, _, s)| n.eq_ignore_ascii_case(s));
            let (a, b) = match part.split_once("..") {
                Some((a, b)) => (day(a)?, day(b)?),
                None => (day(part)?, day(part)?),
            };
            if b < a {
                return None;
            }
            (a..=b).for_each(|d| bits |= 1 << d);
        }
        (bits != 0).then_some(Days { bits })
    }
}

/// When a reminder comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub at: At,
    pub days: Days,
}

impl When {
    /// systemd's calendar event: `Mon..Fri *-*-* 07:30:00`, or `*-*-* 07:30:00` daily.
    pub fn on_calendar(&self) -> String {
        let time = format!("*-*-* {}:00", self.at);
        match self.days.systemd() {
            Some(days) => format!("{days} {time}"),
            None => time,
        }
    }

    /// Reads back what [`When::on_calendar`] wrote; `None` for anything else.
    pub fn from_on_calendar(text: &str) -> Option<When> {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let (days, date, time) = match parts.as_slice() {
            [date, time] => (Days::EVERY, *date, *time),
            [days, date, time] => (Days::from_systemd(days)?, *date, *time),
            _ => return None,
        };
        let hm = time.strip_suffix(":00")?;
        if date != "*-*-*" {
            return None;
        }
        Some(When {
            at: At::parse(hm).ok()?,
            days,
        })
    }

    /// A crontab line's five time fields: `30 7 * * 1-5`.
    pub fn cron_fields(&self) -> String {
        format!(
            "{} {} * * {}",
            self.at.minute,
            self.at.hour,
            self.days.cron()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(text: &str) -> Days {
        Days::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn days_as_people_write_them_issue_18() {
        assert_eq!(days("mon-fri"), days("weekdays"));
        assert_eq!(days("Monday..Friday"), days("mon-fri"));
        assert_eq!(days("sat,sun"), days("weekends"));
        assert_eq!(days("every day"), Days::EVERY);
        assert_eq!(days(" Daily "), Days::EVERY);
        assert_eq!(days("mon-sun"), Days::EVERY);
        assert_eq!(days("fri-mon").words(), "mon,fri-sun");
        assert_eq!(days("wed").words(), "wed");
        assert_eq!(days("mon, wed-fri").words(), "mon,wed-fri");
        assert_eq!(days("sun,sat").words(), "sat,sun");
        for bad in ["", "mon,,fri", "funday", "mon-funday", "mon fri", "7"] {
            assert!(Days::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn times_on_a_24_hour_clock_issue_18() {
        assert_eq!(At::parse("07:30").unwrap().to_string(), "07:30");
        assert_eq!(At::parse("7:05").unwrap().to_string(), "07:05");
        assert_eq!(At::parse("23:59").unwrap().to_string(), "23:59");
        for bad in [
            "24:00", "07:60", "7", "7:5", "07.30", "7am", "-1:30", "007:30", "",
        ] {
            assert!(At::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn calendar_and_cron_agree_and_read_back_issue_18() {
        let cases = [
            ("mon-fri", "Mon..Fri *-*-* 07:30:00", "30 7 * * 1-5"),
            ("sat,sun", "Sat,Sun *-*-* 07:30:00", "30 7 * * 0,6"),
            ("daily", "*-*-* 07:30:00", "30 7 * * *"),
            ("tue", "Tue *-*-* 07:30:00", "30 7 * * 2"),
            ("fri-mon", "Mon,Fri..Sun *-*-* 07:30:00", "30 7 * * 0,1,5,6"),
            (
                "mon,wed-fri",
                "Mon,Wed..Fri *-*-* 07:30:00",
                "30 7 * * 1,3-5",
            ),
        ];
        for (text, calendar, cron) in cases {
            let when = When {
                at: At::parse("07:30").unwrap(),
                days: days(text),
            };
            assert_eq!(when.on_calendar(), calendar, "{text}");
            assert_eq!(when.cron_fields(), cron, "{text}");
            assert_eq!(When::from_on_calendar(calendar), Some(when), "{text}");
        }
        assert_eq!(When::from_on_calendar("hourly"), None);
        assert_eq!(When::from_on_calendar("Mon 2026-*-* 07:30:00"), None);
    }
}
