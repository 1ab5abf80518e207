//! `--set NAME=VALUE` → a value for every param, defaults filling the rest.

use std::time::Duration;

use crate::script::values::{format_duration, parse_duration};
use crate::script::{ParamKind, Script};
use crate::util::suggest::did_you_mean;

use super::TimelineError;

/// A param's value for one compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Int(i64),
    Duration(Duration),
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bound::Int(n) => write!(f, "{n}"),
            Bound::Duration(d) => write!(f, "{}", format_duration(*d)),
        }
    }
}

/// Every param of `script` with its value: the last `--set` naming it, else its default.
pub fn bind(script: &Script, sets: &[String]) -> Result<Vec<(String, Bound)>, TimelineError> {
    let mut values: Vec<(String, Bound)> = script
        .params
        .iter()
        .map(|p| {
            let v = match p.kind {
                ParamKind::Int { default, .. } => Bound::Int(default),
                ParamKind::Duration { default, .. } => Bound::Duration(default),
            };
            (p.name.clone(), v)
        })
        .collect();
    for set in sets {
        let Some((name, value)) = set.split_once('=') else {
            return Err(TimelineError::MalformedSet(set.clone()));
        };
        let (name, value) = (name.trim(), value.trim());
        let Some(param) = script.param(name) else {
            let known: Vec<String> = script.params.iter().map(|p| p.name.clone()).collect();
            let suggestion =
                did_you_mean(name, known.iter().map(String::as_str)).map(str::to_string);
            return Err(TimelineError::UnknownParam {
                name: name.to_string(),
                suggestion,
                known,
            });
        };
        let bad = |reason: String| TimelineError::BadValue {
            name: name.to_string(),
            value: value.to_string(),
            reason,
        };
        let bound = match param.kind {
            ParamKind::Int { min, max, .. } => {
                let n: i64 = value
                    .parse()
                    .map_err(|_| bad(format!("'{name}' is a whole number")))?;
                check_range(n, min, max, |v| v.to_string()).map_err(bad)?;
                Bound::Int(n)
            }
            ParamKind::Duration { min, max, .. } => {
                let d = parse_duration(value)
                    .map_err(|e| bad(format!("'{name}' is a duration like 2m or 30s; {e}")))?;
                check_range(d, min, max, format_duration).map_err(bad)?;
                Bound::Duration(d)
            }
        };
        if let Some(slot) = values.iter_mut().find(|(n, _)| n == name) {
            slot.1 = bound;
        }
    }
    Ok(values)
}

fn check_range<T: PartialOrd + Copy>(
    v: T,
    min: Option<T>,
    max: Option<T>,
    show: impl Fn(T) -> String,
) -> Result<(), String> {
    let out = min.is_some_and(|lo| v < lo) || max.is_some_and(|hi| v > hi);
    if !out {
        return Ok(());
    }
    Err(match (min, max) {
        (Some(lo), Some(hi)) => {
            format!("out of range; it may be from {} to {}", show(lo), show(hi))
        }
        (Some(lo), None) => format!("out of range; it may be {} or more", show(lo)),
        (None, Some(hi)) => format!("out of range; it may be at most {}", show(hi)),
        (None, None) => unreachable!(),
    })
}
