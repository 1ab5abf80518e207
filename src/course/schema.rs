//! The JSON Schema of the course format that `still schema --course` prints, for editors.
//! Its keys are tested against the tables the parser checks, so the two cannot drift.

use serde_json::{Value, json};

use super::parse::{MAX_SESSIONS_PER_WEEK, MAX_WEEKS};
use crate::library::courses::FORMAT;

pub fn json() -> Value {
    let text = json!({ "type": "string", "minLength": 1 });
    let id = json!({ "type": "string", "pattern": "^[a-z0-9-]+$" });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "still course",
        "description": "A course for `still`: weeks of practice, each with the sessions assigned to its days and a sentence on what it practises (docs/course-format.md).",
        "type": "object",
        "additionalProperties": false,
        "required": ["format", "title", "weeks"],
        "properties": {
            "format": { "const": FORMAT, "description": "The format version: `still-course/1`." },
            "id": { "description": "The course's id, used by `still course start ID`; default: the file name without `.yaml`.", "type": "string", "pattern": "^[a-z0-9-]+$" },
            "title": { "description": "What `still today` and `still course status` call the course.", "type": "string", "minLength": 1 },
            "summary": text.clone(),
            "author": text.clone(),
            "language": { "description": "A language tag (`en`, `es`, `pt-BR`); default `en`.", "type": "string", "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$" },
            "weeks": {
                "description": "The weeks in order; week 1 begins on the day the course starts.",
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_WEEKS,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["title", "text", "sessions"],
                    "properties": {
                        "title": text.clone(),
                        "text": { "description": "A sentence on what the week practises.", "type": "string", "minLength": 1 },
                        "sessions": {
                            "description": "Session ids practised on each day of the week: one sit of any of them counts.",
                            "type": "array",
                            "minItems": 1,
                            "maxItems": MAX_SESSIONS_PER_WEEK,
                            "uniqueItems": true,
                            "items": id
                        }
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::parse::{COURSE_KEYS, WEEK_KEYS};

    fn keys(v: &Value) -> Vec<&str> {
        let mut k: Vec<&str> = v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        k.sort();
        k
    }

    #[test]
    fn the_schema_has_the_keys_the_parser_takes_issue_19() {
        let s = json();
        let mut course = COURSE_KEYS.to_vec();
        course.sort();
        assert_eq!(keys(&s), course);
        let mut week = WEEK_KEYS.to_vec();
        week.sort();
        assert_eq!(keys(&s["properties"]["weeks"]["items"]), week);
    }
}
