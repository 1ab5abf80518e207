//! One sit in the journal, and its flat form for `log --json`, export and import.

use std::hash::{BuildHasher, Hasher};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use serde::{Deserialize, Serialize};

use super::Practice;
use super::day::parse_date;

/// The longest a single sit may last, planned or practised.
pub const MAX_SIT_MS: u64 = 24 * 60 * 60 * 1000;
/// The longest note kept with a sit, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;
/// The longest session id, title, zone name or entry id, in characters.
const MAX_NAME_CHARS: usize = 200;

/// A sit, as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable across machines: export and import match entries by it.
    pub id: String,
    /// When the sit began, as a UTC instant.
    pub started_at: Timestamp,
    /// The IANA zone the sit happened in, when the system knew its name.
    pub zone: Option<String>,
    /// The zone's offset from UTC at `started_at`.
    pub utc_offset: Offset,
    /// The practice date, fixed when the entry was written (see [`super::day`]).
    pub date: Date,
    pub session_id: String,
    pub session_title: String,
    pub planned_ms: u64,
    pub practiced_ms: u64,
    /// Played to the end, rather than stopped early.
    pub completed: bool,
    pub mood_before: Option<u8>,
    pub mood_after: Option<u8>,
    pub note: Option<String>,
    pub source: Source,
    /// Where in its session a sit that stopped early stopped, in ms from the session's
    /// start (`still play --resume` starts there); `None` for a completed or added sit.
    pub stopped_ms: Option<u64>,
    /// The language the session was played in (a tag: `es`), when it is known.
    pub language: Option<String>,
}

/// How an entry came into the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Recorded by the player at the end of a sit.
    Played,
    /// Added by hand with `still log add`, for practice away from the terminal.
    Added,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Played => "played",
            Source::Added => "added",
        }
    }

    pub fn parse(text: &str) -> Option<Source> {
        match text {
            "played" => Some(Source::Played),
            "added" => Some(Source::Added),
            _ => None,
        }
    }
}

/// An entry as `log --json`, `export` and `import-log` write and read it: plain strings and
/// numbers, the same fields in JSON and CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Missing in files written by hand; import then derives one from the content, so
    /// importing the same file twice adds nothing the second time.
    #[serde(default)]
    pub id: Option<String>,
    /// The practice date, `YYYY-MM-DD`.
    pub date: String,
    /// RFC 3339, in UTC: `2024-03-31T05:30:00Z`.
    pub started_at: String,
    #[serde(default)]
    pub zone: Option<String>,
    /// `+01:00`.
    #[serde(default)]
    pub utc_offset: Option<String>,
    /// The session id.
    pub session: String,
    #[serde(default)]
    pub title: Option<String>,
    pub planned_ms: u64,
    pub practiced_ms: u64,
    pub completed: bool,
    #[serde(default)]
    pub mood_before: Option<u8>,
    #[serde(default)]
    pub mood_after: Option<u8>,
    #[serde(default)]
    pub note: Option<String>,
    /// `played` or `added`.
    #[serde(default)]
    pub source: Option<String>,
    /// Where in its session a sit that stopped early stopped, in ms.
    #[serde(default)]
    pub stopped_ms: Option<u64>,
    /// The language the session was played in: `es`.
    #[serde(default)]
    pub language: Option<String>,
}

/// The names of [`Record`]'s fields, in order: the CSV header.
pub const FIELDS: &[&str] = &[
    "id",
    "date",
    "started_at",
    "zone",
    "utc_offset",
    "session",
    "title",
    "planned_ms",
    "practiced_ms",
    "completed",
    "mood_before",
    "mood_after",
    "note",
    "source",
    "stopped_ms",
    "language",
];

impl Entry {
    pub fn to_record(&self) -> Record {
        Record {
            id: Some(self.id.clone()),
            date: self.date.to_string(),
            started_at: self.started_at.to_string(),
            zone: self.zone.clone(),
            utc_offset: Some(format_offset(self.utc_offset)),
            session: self.session_id.clone(),
            title: Some(self.session_title.clone()),
            planned_ms: self.planned_ms,
            practiced_ms: self.practiced_ms,
            completed: self.completed,
            mood_before: self.mood_before,
            mood_after: self.mood_after,
            note: self.note.clone(),
            source: Some(self.source.as_str().to_string()),
            stopped_ms: self.stopped_ms,
            language: self.language.clone(),
        }
    }

    /// The wall-clock time the sit started, where it happened.
    pub fn local_start(&self) -> jiff::civil::DateTime {
        self.utc_offset.to_datetime(self.started_at)
    }

    /// Checks the limits every entry keeps, whoever wrote it; the message names the field.
    pub fn check(&self) -> Result<(), String> {
        check_name("id", &self.id)?;
        if !self
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err("`id` may hold only letters, digits, '-' and '_'".into());
        }
        check_name("session", &self.session_id)?;
        check_name("title", &self.session_title)?;
        if let Some(zone) = &self.zone {
            check_name("zone", zone)?;
        }
        if let Some(language) = &self.language
            && crate::util::language::tag(language).as_deref() != Some(language.as_str())
        {
            return Err(format!(
                "`language` is '{language}', not a language code such as es or pt-BR"
            ));
        }
        for (field, ms) in [
            ("planned_ms", self.planned_ms),
            ("practiced_ms", self.practiced_ms),
        ] {
            if ms > MAX_SIT_MS {
                return Err(format!("`{field}` is {ms}, longer than a day"));
            }
        }
        for (field, mood) in [
            ("mood_before", self.mood_before),
            ("mood_after", self.mood_after),
        ] {
            if let Some(m) = mood.filter(|m| *m > 10) {
                return Err(format!("`{field}` is {m}; a mood is rated from 0 to 10"));
            }
        }
        if let Some(note) = &self.note {
            if note.chars().count() > MAX_NOTE_CHARS {
                return Err(format!("`note` is longer than {MAX_NOTE_CHARS} characters"));
            }
            // One line, so that a CSV export keeps one line per entry.
            if note.chars().any(char::is_control) {
                return Err("`note` holds a line break or another control character".into());
            }
        }
        Ok(())
    }
}

impl Entry {
    /// The entry of `sit`, played or added by hand: a new id, and the practice date its start
    /// falls on when days start at `day_starts_at`.
    pub fn new(sit: &Practice, source: Source, day_starts_at: jiff::civil::Time) -> Entry {
        Entry {
            id: new_id(),
            started_at: sit.started.timestamp(),
            zone: sit.started.time_zone().iana_name().map(str::to_string),
            utc_offset: sit.started.offset(),
            date: super::day::practice_date(sit.started.datetime(), day_starts_at),
            session_id: sit.session_id.clone(),
            session_title: title_line(&sit.session_title, &sit.session_id),
            planned_ms: sit.planned_ms,
            practiced_ms: sit.practiced_ms,
            completed: sit.completed,
            mood_before: sit.mood_before,
            mood_after: sit.mood_after,
            note: sit.note.as_deref().and_then(one_line),
            source,
            stopped_ms: sit.stopped_ms,
            language: sit.language.clone(),
        }
    }
}

/// A note as one line: line breaks and other control characters become spaces; an empty
/// note is none.
pub fn one_line(note: &str) -> Option<String> {
    let line: String = note
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.trim();
    (!line.is_empty()).then(|| line.to_string())
}

/// A session title as the journal keeps it: one line, no control characters, at most
/// [`MAX_NAME_CHARS`]; the session id when nothing is left. A sit that was played is
/// recorded whatever its title held (#21), rather than refused by [`Entry::check`].
fn title_line(title: &str, session_id: &str) -> String {
    let line = crate::util::text::truncate(title, MAX_NAME_CHARS);
    if line.is_empty() {
        session_id.to_string()
    } else {
        line
    }
}

fn check_name(field: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err(format!("`{field}` is empty"));
    }
    if value.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "`{field}` is longer than {MAX_NAME_CHARS} characters"
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("`{field}` holds a control character"));
    }
    Ok(())
}

impl Record {
    /// The entry this record describes; the message names the field that is wrong.
    pub fn to_entry(&self) -> Result<Entry, String> {
        let date = parse_date(&self.date)
            .ok_or_else(|| format!("`date` is '{}'; expected YYYY-MM-DD", self.date))?;
        let started_at: Timestamp = self.started_at.parse().map_err(|_| {
            format!(
                "`started_at` is '{}'; expected an RFC 3339 instant such as 2024-03-31T05:30:00Z",
                self.started_at
            )
        })?;
        let zone = self.zone.clone().filter(|z| !z.is_empty());
        let utc_offset = match self.utc_offset.as_deref().filter(|o| !o.is_empty()) {
            Some(text) => parse_offset(text).ok_or_else(|| {
                format!("`utc_offset` is '{text}'; expected a UTC offset such as +01:00")
            })?,
            // Files written by hand may leave it out: the zone, when this machine knows it,
            // says what it was.
            None => zone
                .as_deref()
                .and_then(|z| TimeZone::get(z).ok())
                .map(|tz| tz.to_offset(started_at))
                .unwrap_or(Offset::UTC),
        };
        let source = match self.source.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Source::parse(s)
                .ok_or_else(|| format!("`source` is '{s}'; expected `played` or `added`"))?,
            None => Source::Added,
        };
        let id = match self.id.as_deref().filter(|s| !s.is_empty()) {
            Some(id) => id.to_string(),
            None => content_id(&self.started_at, &self.session, self.practiced_ms),
        };
        let entry = Entry {
            id,
            started_at,
            zone,
            utc_offset,
            date,
            session_id: self.session.clone(),
            session_title: self
                .title
                .clone()
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| self.session.clone()),
            planned_ms: self.planned_ms,
            practiced_ms: self.practiced_ms,
            completed: self.completed,
            mood_before: self.mood_before,
            mood_after: self.mood_after,
            note: self.note.clone().filter(|n| !n.is_empty()),
            source,
            stopped_ms: self.stopped_ms,
            // A tag in any case is taken in its usual one (`ES` → `es`); `check` refuses
            // what is not a tag.
            language: self
                .language
                .as_deref()
                .filter(|l| !l.is_empty())
                .map(|l| crate::util::language::tag(l).unwrap_or_else(|| l.to_string())),
        };
        entry.check()?;
        Ok(entry)
    }
}

/// `+01:00`, `-03:30`, `+00:00`; seconds only when the offset has them (old LMT zones).
pub fn format_offset(offset: Offset) -> String {
    let s = offset.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let a = s.unsigned_abs();
    let (h, m, sec) = (a / 3600, a / 60 % 60, a % 60);
    if sec == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{sec:02}")
    }
}

/// Parses what [`format_offset`] writes, and `Z`.
pub fn parse_offset(text: &str) -> Option<Offset> {
    if text == "Z" {
        return Some(Offset::UTC);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let parts: Vec<&str> = rest.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
        return None;
    }
    let n = |p: &str| p.parse::<i32>().ok();
    let (h, m) = (n(parts[0])?, n(parts[1])?);
    let sec = parts.get(2).map_or(Some(0), |p| n(p))?;
    if h > 25 || m > 59 || sec > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60 + sec)).ok()
}

/// A new random id in the form of a UUID (version 4), for an entry written on this machine.
/// An entry added by hand on `date`, `minutes` long, for tests.
#[cfg(test)]
pub(crate) fn test_entry(date: Date, minutes: u64) -> Entry {
    Entry {
        id: new_id(),
        started_at: jiff::Timestamp::UNIX_EPOCH,
        zone: None,
        utc_offset: Offset::UTC,
        date,
        session_id: "s".into(),
        session_title: "s".into(),
        planned_ms: minutes * 60_000,
        practiced_ms: minutes * 60_000,
        completed: true,
        mood_before: None,
        mood_after: None,
        note: None,
        source: Source::Added,
        stopped_ms: None,
        language: None,
    }
}

pub fn new_id() -> String {
    // The standard library seeds each `RandomState` from the operating system's random
    // source; mixing in the time and process id keeps ids apart even if it did not.
    let mut bytes = [0u8; 16];
    for (i, half) in bytes.chunks_mut(8).enumerate() {
        let mut h = std::hash::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.write_u32(std::process::id());
        h.write_usize(i);
        half.copy_from_slice(&h.finish().to_le_bytes());
    }
    uuid(bytes, 4)
}

/// An id derived from what a record says, for records that come without one: the same sit
/// imported twice gets the same id. Shaped as a UUID of version 8 (custom).
pub fn content_id(started_at: &str, session: &str, practiced_ms: u64) -> String {
    let text = format!("{started_at}\u{1f}{session}\u{1f}{practiced_ms}");
    // FNV-1a with two offset bases: stable on every platform and Rust version, unlike
    // the standard library's hasher.
    let fnv = |basis: u64| {
        text.bytes().fold(basis, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&fnv(0xcbf2_9ce4_8422_2325).to_be_bytes());
    bytes[8..].copy_from_slice(&fnv(0x6c62_272e_07bb_0142).to_be_bytes());
    uuid(bytes, 8)
}

fn uuid(mut b: [u8; 16], version: u8) -> String {
    b[6] = (b[6] & 0x0f) | (version << 4);
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            id: None,
            date: "2024-03-31".into(),
            started_at: "2024-03-31T01:30:00+01:00".into(),
            zone: Some("Europe/Berlin".into()),
            utc_offset: None,
            session: "box-breathing".into(),
            title: None,
            planned_ms: 600_000,
            practiced_ms: 600_000,
            completed: true,
            mood_before: Some(4),
            mood_after: None,
            note: Some(String::new()),
            source: None,
            stopped_ms: None,
            language: None,
        }
    }

    #[test]
    fn a_record_fills_in_what_it_leaves_out() {
        let e = record().to_entry().unwrap();
        assert_eq!(e.started_at.to_string(), "2024-03-31T00:30:00Z");
        assert_eq!(format_offset(e.utc_offset), "+01:00");
        assert_eq!(e.session_title, "box-breathing");
        assert_eq!(e.note, None);
        assert_eq!(e.source, Source::Added);
        assert_eq!(
            e.id,
            record().to_entry().unwrap().id,
            "ids from content are stable"
        );
        assert_eq!(e.id, "1a5db61e-d870-809a-bb0c-5daa9b1bae01");
        let back = e.to_record().to_entry().unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn wrong_fields_are_named() {
        let bad = |f: fn(&mut Record)| {
            let mut r = record();
            f(&mut r);
            r.to_entry().unwrap_err()
        };
        assert!(bad(|r| r.date = "31.03.2024".into()).starts_with("`date`"));
        assert!(bad(|r| r.started_at = "2024-03-31 01:30".into()).starts_with("`started_at`"));
        assert!(bad(|r| r.utc_offset = Some("1".into())).starts_with("`utc_offset`"));
        assert!(bad(|r| r.mood_before = Some(11)).starts_with("`mood_before`"));
        assert!(bad(|r| r.practiced_ms = MAX_SIT_MS + 1).starts_with("`practiced_ms`"));
        assert!(bad(|r| r.session = " ".into()).starts_with("`session`"));
        assert!(bad(|r| r.id = Some("a b".into())).starts_with("`id`"));
        assert!(bad(|r| r.source = Some("robot".into())).starts_with("`source`"));
    }

    #[test]
    fn offsets_round_trip() {
        for s in [0, 3600, -12600, 20700, 3601] {
            let o = Offset::from_seconds(s).unwrap();
            assert_eq!(parse_offset(&format_offset(o)), Some(o), "{s}");
        }
        assert_eq!(
            format_offset(Offset::from_seconds(-12600).unwrap()),
            "-03:30"
        );
        assert_eq!(parse_offset("Z"), Some(Offset::UTC));
        assert_eq!(parse_offset("+1:00"), None);
    }

    #[test]
    fn new_ids_differ_and_look_like_uuids() {
        let a = new_id();
        let b = new_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }
}
