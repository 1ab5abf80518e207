//! Parsing and printing the format's small values: durations, volumes, ids, `${param}`.

use std::time::Duration;

use super::model::{Gain, Pattern, Phase, Value};
use super::source::Span;

pub const FORMAT: &str = "still/1";
/// The superset of [`FORMAT`] that adds chapters and inline pauses, waits and notes (SCRIPT-FORMAT.md, version 1.1).
pub const FORMAT_1_1: &str = "still/1.1";
/// How long a `wait` step lasts in renders, `show` and the timeline when it gives no `render_as`.
pub const DEFAULT_WAIT_RENDER: Duration = Duration::from_secs(5);
/// The longest pause inside a say line: longer silences are `pause` steps.
pub const MAX_INLINE_PAUSE: Duration = Duration::from_secs(60);
/// Ambient fade in and out when a script gives none.
pub const DEFAULT_FADE: Duration = Duration::from_secs(5);
/// Extra attenuation of the ambient bed under narration when a script gives none.
pub const DEFAULT_DUCK_DB: f64 = -8.0;
/// Time between a bell's strikes when a script gives none.
pub const DEFAULT_STRIKE_EVERY: Duration = Duration::from_secs(5);
pub const PATTERN_NAMES: [&str; 4] = ["box", "4-7-8", "coherent", "sigh"];
/// The loudest volume accepted, as a linear gain (+6 dB).
pub const MAX_GAIN: f64 = 2.0;
/// The quietest volume in decibels accepted.
pub const MIN_DB: f64 = -100.0;

/// `${name}` written somewhere in a script.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamRef {
    pub name: String,
    pub span: Span,
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Turns a file name into an id: lowercase, runs of other characters become one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    // Letters beyond ASCII are transliterated ("für" → "fur"), not dropped.
    for c in deunicode::deunicode(name)
        .chars()
        .flat_map(char::to_lowercase)
    {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "session".to_string()
    } else {
        trimmed.to_string()
    }
}

pub fn is_param_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The name in a value that is exactly `${name}`.
pub fn whole_param_ref(text: &str) -> Option<&str> {
    let name = text.trim().strip_prefix("${")?.strip_suffix('}')?;
    Some(name.trim())
}

/// A duration in a script: `30s`, `2m 30s`, `1:30`. A bare number is refused with a
/// suggestion in seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    parse_duration_in(text, "s")
}

/// A duration where a bare number most likely means `unit` (a sit's length means minutes:
/// `still timer 20` suggests `20m`); the number is still refused rather than guessed.
pub fn parse_duration_in(text: &str, unit: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("it is empty".into());
    }
    if text.starts_with('-') {
        return Err("durations cannot be negative".into());
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("it has no unit; did you mean `{text}{unit}`?"));
    }
    parse_length(text)
}

/// `mm:ss` or `h:mm:ss`, as a clock shows a length; `None` when `text` is not written so.
fn clock_length(text: &str) -> Option<Result<Duration, String>> {
    if !text.contains(':') {
        return None;
    }
    let parts: Vec<&str> = text.split(':').collect();
    let numbers: Option<Vec<u64>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let bad = || {
        Err(format!(
            "'{text}' is not a length on a clock; write mm:ss (1:30) or h:mm:ss (1:05:00), or 1m 30s"
        ))
    };
    let Some(n) = numbers else { return Some(bad()) };
    let secs = match n.as_slice() {
        [m, s] if *s < 60 => m * 60 + s,
        [h, m, s] if *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
        _ => return Some(bad()),
    };
    Some(Ok(Duration::from_secs(secs)))
}

/// A humantime duration, its errors in still's own words (humantime's are terse:
/// "expected number at 0").
pub fn parse_length(text: &str) -> Result<Duration, String> {
    use humantime::DurationError as E;
    if let Some(clock) = clock_length(text.trim()) {
        return clock;
    }
    let at = |offset: usize| text[..offset.min(text.len())].chars().count() + 1;
    let d = humantime::parse_duration(text).map_err(|e| match e {
        E::Empty => "it is empty".into(),
        E::NumberExpected(0) => "it does not start with a number".into(),
        E::NumberExpected(i) => format!("a number is missing at character {}", at(i)),
        E::InvalidCharacter(i) => match text.get(i..).and_then(|t| t.chars().next()) {
            Some(c) => format!("'{c}' at character {} cannot be part of a duration", at(i)),
            None => "it holds a character that cannot be part of a duration".into(),
        },
        E::UnknownUnit { unit, .. } if unit.is_empty() => "a number has no unit".into(),
        E::UnknownUnit { unit, .. } => format!("'{unit}' is not a unit of time"),
        E::NumberOverflow => "it is too long to count".into(),
    })?;
    // The timeline counts whole frames (about 21 µs); less than a millisecond is a slip.
    if !d.is_zero() && d < Duration::from_millis(1) {
        return Err("it is shorter than a millisecond; write at least 1ms".into());
    }
    Ok(d)
}

/// A duration as the format writes it: `2m 30s`, `500ms`, `1h`.
pub fn format_duration(d: Duration) -> String {
    humantime::format_duration(d).to_string()
}

/// A duration as a listener hears it in a say line: `2 minutes`, `1 minute 30 seconds`.
pub fn spoken_duration(d: Duration) -> String {
    let total = d.as_secs();
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let unit = |n: u64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![];
    if h > 0 {
        parts.push(unit(h, "hour"));
    }
    if m > 0 {
        parts.push(unit(m, "minute"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(unit(s, "second"));
    }
    parts.join(" ")
}

pub fn linear_volume(v: f64) -> Result<Gain, String> {
    if !(0.0..=MAX_GAIN).contains(&v) {
        return Err(format!("{v} is outside 0 to {MAX_GAIN}"));
    }
    Ok(Gain(v as f32))
}

/// `-6dB`, `+3 dB`, `0db`, or a number written as text.
pub fn parse_volume(text: &str) -> Result<Gain, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(num) = lower.strip_suffix("db") {
        let db: f64 = num
            .trim()
            .parse()
            .map_err(|_| format!("'{t}' is not a number of decibels"))?;
        let max_db = 20.0 * MAX_GAIN.log10();
        if !(MIN_DB..=max_db + 1e-9).contains(&db) {
            return Err(format!("{t} is outside {MIN_DB}dB to +6dB"));
        }
        return Ok(Gain::from_db(db));
    }
    match t.parse::<f64>() {
        Ok(v) => linear_volume(v),
        Err(_) => Err(format!("'{t}' is not a volume")),
    }
}

fn secs(s: f64) -> Value<Duration> {
    Value::Lit(Duration::from_secs_f64(s))
}

/// The named breathing patterns of the script format; phases of zero length are left out.
pub fn named_pattern(name: &'static str) -> Pattern {
    let phases = match name {
        "box" => vec![
            (Phase::Inhale, secs(4.0)),
            (Phase::Hold, secs(4.0)),
            (Phase::Exhale, secs(4.0)),
            (Phase::Rest, secs(4.0)),
        ],
        "4-7-8" => vec![
            (Phase::Inhale, secs(4.0)),
            (Phase::Hold, secs(7.0)),
            (Phase::Exhale, secs(8.0)),
        ],
        "coherent" => vec![(Phase::Inhale, secs(5.5)), (Phase::Exhale, secs(5.5))],
        "sigh" => vec![
            (Phase::Inhale, secs(2.0)),
            (Phase::Inhale, secs(1.0)),
            (Phase::Exhale, secs(6.0)),
        ],
        _ => unreachable!("pattern names come from PATTERN_NAMES"),
    };
    Pattern {
        name: Some(name),
        phases,
    }
}

/// A piece of say text: words, a `${name}`, or an inline pause marker (`[2s]`, still/1.1)
/// holding what is written between its brackets, trimmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Lit(String),
    Param(String),
    Marker(String),
}

/// Splits say text at `${name}` references and, with `markers`, at `[DURATION]` pauses
/// (`\[` is a literal bracket then). Without `markers` (still/1), only a bracket that
/// holds a duration or a `${name}` is a marker, for the caller to refuse; any other
/// bracket is text, as it always was. Each piece comes with its offset and length in
/// characters, for pointing at it; an error gives the offset and length of what is wrong.
#[allow(clippy::type_complexity)]
pub fn split_text(
    text: &str,
    markers: bool,
) -> Result<Vec<(usize, usize, Piece)>, (usize, usize, String)> {
    let mut parts = vec![];
    let mut lit = String::new();
    let mut lit_start = 0;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let flush = |parts: &mut Vec<_>, lit: &mut String, lit_start: usize, i: usize| {
        if !lit.is_empty() {
            parts.push((lit_start, i - lit_start, Piece::Lit(std::mem::take(lit))));
        }
    };
    while i < chars.len() {
        if chars[i] == '$' && chars.get(i + 1) == Some(&'{') {
            let Some(close) = chars[i + 2..].iter().position(|&c| c == '}') else {
                return Err((i, 2, "`${` is not closed with `}`".into()));
            };
            let name: String = chars[i + 2..i + 2 + close].iter().collect();
            let name = name.trim().to_string();
            if !is_param_name(&name) {
                return Err((i, 2, format!("'{name}' is not a param name")));
            }
            flush(&mut parts, &mut lit, lit_start, i);
            let len = close + 3;
            parts.push((i, len, Piece::Param(name)));
            i += len;
            lit_start = i;
        } else if markers && chars[i] == '\\' && chars.get(i + 1) == Some(&'[') {
            lit.push('[');
            i += 2;
        } else if chars[i] == '[' {
            let close = chars[i + 1..].iter().position(|&c| c == ']');
            let inside: Option<String> = close.map(|c| chars[i + 1..i + 1 + c].iter().collect());
            let is_marker = markers
                || inside
                    .as_deref()
                    .is_some_and(|t| parse_duration(t).is_ok() || whole_param_ref(t).is_some());
            if !is_marker {
                lit.push('[');
                i += 1;
                continue;
            }
            let (Some(close), Some(inside)) = (close, inside) else {
                return Err((
                    i,
                    1,
                    "this `[` is not closed with `]`: an inline pause is written `[2s]`".into(),
                ));
            };
            flush(&mut parts, &mut lit, lit_start, i);
            let len = close + 2;
            parts.push((i, len, Piece::Marker(inside.trim().to_string())));
            i += len;
            lit_start = i;
        } else {
            lit.push(chars[i]);
            i += 1;
        }
    }
    flush(&mut parts, &mut lit, lit_start, chars.len());
    Ok(parts)
}

/// An error and its causes on one line: `a: b: c`.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units_only() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m 30s").unwrap(), Duration::from_secs(150));
        assert_eq!(parse_duration("1h").unwrap(), Duration::from_secs(3600));
        assert!(parse_duration("30").unwrap_err().contains("`30s`"));
        assert!(parse_duration("-5s").is_err());
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn volumes_are_linear_or_decibels() {
        assert_eq!(parse_volume("0dB").unwrap(), Gain(1.0));
        assert!((parse_volume("-6dB").unwrap().0 - 0.501).abs() < 1e-3);
        assert!((parse_volume("+6 dB").unwrap().0 - 1.995).abs() < 1e-3);
        assert_eq!(parse_volume("0.5").unwrap(), Gain(0.5));
        assert!(parse_volume("+7dB").is_err());
        assert!(parse_volume("-200dB").is_err());
        assert!(parse_volume("loud").is_err());
        assert!(linear_volume(2.5).is_err());
        assert!(linear_volume(-0.1).is_err());
    }

    #[test]
    fn ids_and_slugs() {
        assert!(is_valid_id("box-breathing"));
        assert!(!is_valid_id("Box"));
        assert!(!is_valid_id(""));
        assert_eq!(slug("Box Breathing (v2)"), "box-breathing-v2");
        assert_eq!(slug("???"), "session");
        // #15: lengths as a clock shows them, and none under a millisecond.
        assert_eq!(parse_duration("1:30"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1:05:00"), Ok(Duration::from_secs(3900)));
        assert!(parse_duration("1:75").unwrap_err().contains("mm:ss"));
        assert!(parse_duration("1:").unwrap_err().contains("mm:ss"));
        assert!(
            parse_duration("1ns")
                .unwrap_err()
                .contains("shorter than a millisecond")
        );
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("1ms"), Ok(Duration::from_millis(1)));
        assert!(parse_duration_in("20", "m").unwrap_err().contains("`20m`"));
        assert!(parse_duration("20").unwrap_err().contains("`20s`"));
        // #15: transliterated, not dropped; the fallback only when nothing is left.
        assert_eq!(slug("Atemübung für Kinder"), "atemubung-fur-kinder");
        assert_eq!(slug("呼吸"), "hu-xi");
        assert_eq!(slug("Évening Wind-Down"), "evening-wind-down");
    }

    #[test]
    fn say_text_splits_at_params() {
        let parts = split_text("Sit for ${silence}, then ${ rounds } more.", false).unwrap();
        let texts: Vec<&Piece> = parts.iter().map(|(_, _, p)| p).collect();
        assert_eq!(
            texts,
            [
                &Piece::Lit("Sit for ".into()),
                &Piece::Param("silence".into()),
                &Piece::Lit(", then ".into()),
                &Piece::Param("rounds".into()),
                &Piece::Lit(" more.".into())
            ]
        );
        assert_eq!(parts[1].0, 8);
        assert!(split_text("costs ${5", false).is_err());
        assert!(split_text("a ${bad name} b", false).is_err());
        assert_eq!(split_text("$5 and {braces}", false).unwrap().len(), 1);
    }

    #[test]
    fn inline_pauses_split_a_line_and_a_backslash_writes_a_bracket_issue_19() {
        let pieces = |t: &str| -> Vec<Piece> {
            split_text(t, true)
                .unwrap()
                .into_iter()
                .map(|(_, _, p)| p)
                .collect()
        };
        assert_eq!(
            pieces("Breathe in… [2s] and let it go."),
            [
                Piece::Lit("Breathe in… ".into()),
                Piece::Marker("2s".into()),
                Piece::Lit(" and let it go.".into())
            ]
        );
        assert_eq!(pieces("a [ ${gap} ] b")[1], Piece::Marker("${gap}".into()));
        assert_eq!(pieces(r"a \[sic] b"), [Piece::Lit("a [sic] b".into())]);
        let marker = split_text("one [2s] two", true).unwrap();
        assert_eq!((marker[1].0, marker[1].1), (4, 4));
        // An unclosed bracket is an error at the bracket.
        assert_eq!(split_text("one [2s two", true).unwrap_err().0, 4);
        // Under still/1, only a bracket that would be a pause is a marker (to be refused);
        // other brackets and backslashes stay text, as they always were.
        assert_eq!(
            split_text(r"[sic] \[x] [", false).unwrap(),
            [(0, 12, Piece::Lit(r"[sic] \[x] [".into()))]
        );
        assert_eq!(
            split_text("a [2s] b", false).unwrap()[1].2,
            Piece::Marker("2s".into())
        );
    }

    #[test]
    fn spoken_durations_read_naturally() {
        assert_eq!(spoken_duration(Duration::from_secs(120)), "2 minutes");
        assert_eq!(
            spoken_duration(Duration::from_secs(90)),
            "1 minute 30 seconds"
        );
        assert_eq!(spoken_duration(Duration::from_secs(3600)), "1 hour");
    }
}
