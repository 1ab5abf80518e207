//! Moving a journal to another machine: `still export --format csv|json` writes every
//! entry, `still import-log FILE` reads them back. Entries keep their ids, so importing
//! the same file twice, or into the journal it came from, adds nothing twice.

use std::path::{Path, PathBuf};

use super::entry::{Entry, FIELDS, Record};

/// Every problem shown when a file cannot be imported; the rest are counted.
const MAX_SHOWN: usize = 20;

/// The largest file `import-log` reads: some 80 000 entries as CSV, decades of daily sits.
/// Checked while reading, so `/dev/zero` or a FIFO cannot grow memory without end (#21).
pub const MAX_IMPORT_BYTES: u64 = 16 << 20;

/// The longest line `import-log` reads: room for a note of the longest kind, escaped.
pub const MAX_LINE_BYTES: usize = 64 << 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Larger than [`MAX_IMPORT_BYTES`], found before or while reading it.
    #[error("{} is larger than {} MiB, the most import-log reads", .path.display(), MAX_IMPORT_BYTES >> 20)]
    TooLarge { path: PathBuf },
    /// A line longer than [`MAX_LINE_BYTES`].
    #[error("{}: line {line} is longer than {} KiB, the longest import-log reads", .path.display(), MAX_LINE_BYTES >> 10)]
    LongLine { path: PathBuf, line: usize },
    /// The file is not valid CSV or JSON at all.
    #[error("{}: {message}", .path.display())]
    Syntax { path: PathBuf, message: String },
    /// Some entries break the rules; each problem names its line (CSV) or entry (JSON).
    #[error("{} has {} that cannot be imported, so nothing was imported:\n{}", .path.display(), count(.problems.len()), shown(.problems))]
    Entries {
        path: PathBuf,
        problems: Vec<String>,
    },
}

fn count(n: usize) -> String {
    format!("{n} entr{}", if n == 1 { "y" } else { "ies" })
}

fn shown(problems: &[String]) -> String {
    let mut lines: Vec<String> = problems
        .iter()
        .take(MAX_SHOWN)
        .map(|p| format!("  {p}"))
        .collect();
    if problems.len() > MAX_SHOWN {
        lines.push(format!("  … and {} more", problems.len() - MAX_SHOWN));
    }
    lines.join("\n")
}

/// CSV: a header line, then one line per entry (notes are one line, see
/// [`Entry::check`]). Empty fields are absent values.
pub fn to_csv(entries: &[Entry]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(vec![]);
    w.write_record(FIELDS).expect("writing to memory");
    for e in entries {
        w.serialize(e.to_record()).expect("records serialize");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 is UTF-8")
}

/// JSON: an array of records, the same as `still log --json`.
pub fn to_json(entries: &[Entry]) -> serde_json::Value {
    serde_json::Value::Array(
        entries
            .iter()
            .map(|e| serde_json::to_value(e.to_record()).expect("records serialize"))
            .collect(),
    )
}

/// Reads a file written by `still export` (or by hand, in the same form): JSON when it
/// ends in `.json` or starts with `[`, CSV otherwise. All or nothing: any invalid entry
/// fails the whole file, naming every invalid entry.
pub fn read_file(path: &Path) -> Result<Vec<Entry>, ImportError> {
    let bytes = read_capped(path)?;
    let too_long = bytes
        .split(|&b| b == b'\n')
        .position(|line| line.len() > MAX_LINE_BYTES);
    if let Some(i) = too_long {
        return Err(ImportError::LongLine {
            path: path.to_path_buf(),
            line: i + 1,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| ImportError::Syntax {
        path: path.to_path_buf(),
        message: format!(
            "it is not UTF-8 text (byte {} is not)",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('[');
    if json {
        parse_json(text, path)
    } else {
        parse_csv(text, path)
    }
}

/// The file's bytes, at most [`MAX_IMPORT_BYTES`]: a larger file is refused from its size
/// where it has one, and by reading no more than one byte past the limit where it has not
/// (a device, a pipe).
fn read_capped(path: &Path) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let read_err = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let too_large = || ImportError::TooLarge {
        path: path.to_path_buf(),
    };
    // Only a regular file: a FIFO would wait for a writer for ever, a device never ends.
    let file = crate::util::file::open_regular(path).map_err(read_err)?;
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > MAX_IMPORT_BYTES)
    {
        return Err(too_large());
    }
    let mut bytes = vec![];
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

pub fn parse_json(text: &str, path: &Path) -> Result<Vec<Entry>, ImportError> {
    let values: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| ImportError::Syntax {
            path: path.to_path_buf(),
            message: format!(
                "{e} (expected a JSON array of entries, as `still export --format json` writes)"
            ),
        })?;
    let mut entries = vec![];
    let mut problems = vec![];
    for (i, v) in values.into_iter().enumerate() {
        let result = serde_json::from_value::<Record>(v)
            .map_err(|e| e.to_string())
            .and_then(|r| r.to_entry());
        match result {
            Ok(e) => entries.push(e),
            Err(why) => problems.push(format!("entry {}: {why}", i + 1)),
        }
    }
    finish(entries, problems, path)
}

pub fn parse_csv(text: &str, path: &Path) -> Result<Vec<Entry>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Syntax {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?
        .clone();
    let unknown: Vec<&str> = headers.iter().filter(|h| !FIELDS.contains(h)).collect();
    if !unknown.is_empty() {
        return Err(ImportError::Syntax {
            path: path.to_path_buf(),
            message: format!(
                "line 1: unknown column{} {}; the columns are {}",
                if unknown.len() == 1 { "" } else { "s" },
                unknown.join(", "),
                FIELDS.join(",")
            ),
        });
    }
    let mut entries = vec![];
    let mut problems = vec![];
    // Each record names the line it starts on (a quoted note may span lines).
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let why = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        len, expected_len, ..
                    } => format!("it has {len} fields where the header has {expected_len}"),
                    csv::ErrorKind::Utf8 { .. } => "it is not UTF-8 text".into(),
                    _ => "it cannot be read as CSV".into(),
                };
                problems.push(format!("line {line}: {why}"));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        match record.deserialize::<Record>(Some(&headers)) {
            Ok(r) => match r.to_entry() {
                Ok(e) => entries.push(e),
                Err(why) => problems.push(format!("line {line}: {why}")),
            },
            Err(e) => {
                let why = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => {
                        let field = err.field().map(|i| i as usize);
                        let name = field.and_then(|i| headers.get(i)).unwrap_or("a field");
                        let value = field.and_then(|i| record.get(i)).unwrap_or("");
                        field_problem(name, value, err.kind())
                    }
                    _ => "it cannot be read as an entry".into(),
                };
                problems.push(format!("line {line}: {why}"));
            }
        }
    }
    finish(entries, problems, path)
}

/// What is wrong with one field of a CSV entry, in words (the parser's own are terse:
/// "invalid digit found in string").
fn field_problem(name: &str, value: &str, kind: &csv::DeserializeErrorKind) -> String {
    use csv::DeserializeErrorKind as K;
    let wanted = match kind {
        K::ParseInt(_) => "a whole number",
        K::ParseFloat(_) => "a number",
        K::ParseBool(_) => "true or false",
        K::UnexpectedEndOfRow => return format!("`{name}` is missing: the line ends before it"),
        K::InvalidUtf8(_) => return format!("`{name}` is not UTF-8 text"),
        K::Message(_) | K::Unsupported(_) => "a value of its kind (see `still log --json`)",
    };
    format!("`{name}` is '{value}'; it must be {wanted}")
}

fn finish(
    entries: Vec<Entry>,
    problems: Vec<String>,
    path: &Path,
) -> Result<Vec<Entry>, ImportError> {
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(ImportError::Entries {
            path: path.to_path_buf(),
            problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::entry::{Source, new_id};
    use jiff::civil::date;

    fn entry(note: Option<&str>) -> Entry {
        Entry {
            id: new_id(),
            started_at: "2024-03-31T00:30:00Z".parse().unwrap(),
            zone: Some("Europe/Berlin".into()),
            utc_offset: jiff::tz::Offset::from_hours(1).unwrap(),
            date: date(2024, 3, 30),
            session_id: "silent-sit".into(),
            session_title: "A silent sit, with bells".into(),
            planned_ms: 1_200_000,
            practiced_ms: 754_321,
            completed: false,
            mood_before: Some(0),
            mood_after: Some(10),
            note: note.map(str::to_string),
            source: Source::Played,
            stopped_ms: Some(754_321),
            language: Some("es".into()),
        }
    }

    #[test]
    fn csv_and_json_round_trip() {
        let entries = vec![entry(Some("quiet, \"deep\" — ünïcode")), entry(None)];
        let csv = to_csv(&entries);
        assert_eq!(csv.lines().count(), 3, "{csv}");
        assert!(csv.starts_with("id,date,started_at,zone,utc_offset,session,title,planned_ms,"));
        assert_eq!(parse_csv(&csv, Path::new("x.csv")).unwrap(), entries);
        let json = serde_json::to_string(&to_json(&entries)).unwrap();
        assert_eq!(parse_json(&json, Path::new("x.json")).unwrap(), entries);
    }

    #[test]
    fn a_minimal_csv_written_by_hand_imports() {
        let csv = "date,started_at,session,planned_ms,practiced_ms,completed\n\
                   2024-01-02,2024-01-02T07:00:00Z,yoga,1800000,1800000,true\n";
        let e = parse_csv(csv, Path::new("x.csv")).unwrap();
        assert_eq!(e[0].session_title, "yoga");
        assert_eq!(e[0].id, parse_csv(csv, Path::new("x.csv")).unwrap()[0].id);
    }

    #[test]
    fn every_bad_entry_is_named() {
        let csv = "date,started_at,session,planned_ms,practiced_ms,completed\n\
                   2024-01-02,2024-01-02T07:00:00Z,yoga,1800000,1800000,true\n\
                   2024-13-02,2024-01-02T07:00:00Z,yoga,1800000,1800000,true\n\
                   2024-01-03,2024-01-03T07:00:00Z,yoga,-5,1800000,true\n\
                   2024-01-04,2024-01-04T07:00:00Z,yoga,5,5,maybe\n";
        let e = parse_csv(csv, Path::new("x.csv")).unwrap_err().to_string();
        assert!(
            e.starts_with("x.csv has 3 entries that cannot be imported"),
            "{e}"
        );
        assert!(e.contains("line 3: `date` is '2024-13-02'"), "{e}");
        assert!(e.contains("line 4: `planned_ms`"), "{e}");
        assert!(e.contains("line 5: `completed`"), "{e}");
        let e = parse_csv("date,when\n", Path::new("x.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown column when"), "{e}");
        let e = parse_json("[{\"date\": \"2024-01-01\"}]", Path::new("x.json"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("entry 1: missing field `started_at`"), "{e}");
        let e = parse_json("{", Path::new("x.json"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("x.json: ") && e.contains("expected a JSON array"),
            "{e}"
        );
    }
}
