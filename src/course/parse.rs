//! A course's text → a validated [`Course`], through the script format's located YAML tree,
//! so that every problem is reported at file:line:col with a caret, all at once.

use super::model::{Course, Week};
use crate::library::courses::FORMAT;
use crate::script::yaml::{self, NodeId, NodeKind, Scalar, Tree};
use crate::script::{Diagnostic, Diagnostics, SourceFile, Span, values};
use crate::util::suggest::did_you_mean;

/// The keys a course accepts at its top level.
pub const COURSE_KEYS: &[&str] = &[
    "format", "id", "title", "summary", "author", "language", "weeks",
];
/// The keys a week accepts.
pub const WEEK_KEYS: &[&str] = &["title", "text", "sessions"];
/// A course runs at most this many weeks (two years).
pub const MAX_WEEKS: usize = 104;
/// A week assigns at most this many sessions.
pub const MAX_SESSIONS_PER_WEEK: usize = 20;

const WEEK_EXAMPLE: &str =
    "`- { title: Settling, text: What this week practises., sessions: [box-breathing] }`";

/// Parses and validates a course; `default_id` is used when it names no `id`.
pub fn parse(source: &SourceFile, default_id: &str) -> Result<Course, Diagnostics> {
    let fail = |items| {
        Err(Diagnostics {
            source: source.clone(),
            items,
        })
    };
    let (tree, root) = match yaml::parse_located(&source.text) {
        Ok(t) => t,
        Err(e) => return fail(vec![e.diag]),
    };
    let mut reader = Reader {
        tree: &tree,
        diags: vec![],
    };
    let course = reader.course(root, default_id);
    match course {
        Some(c) if reader.diags.is_empty() => Ok(c),
        _ => {
            let mut items = reader.diags;
            if items.is_empty() {
                items.push(Diagnostic::new(
                    Span::file_start(),
                    "the course is not valid",
                ));
            }
            fail(items)
        }
    }
}

struct Reader<'a> {
    tree: &'a Tree,
    diags: Vec<Diagnostic>,
}

struct Field {
    key: String,
    key_span: Span,
    value: NodeId,
}

impl Reader<'_> {
    fn course(&mut self, root: NodeId, default_id: &str) -> Option<Course> {
        let fields = self.fields(root, "a course")?;
        let get = |key: &str| fields.iter().find(|f| f.key == key);
        // A session script given where a course is wanted gets one error, not one per key.
        if let Some(f) = get("format")
            && get("steps").is_some()
            && get("weeks").is_none()
            && self
                .string(f.value, "format")
                .is_some_and(|t| t.starts_with("still/"))
        {
            self.error(
                Diagnostic::new(
                    self.span(f.value),
                    "this is a session script, not a course",
                )
                .hint(format!(
                    "`still play FILE` plays it; a course (`format: {FORMAT}`) names sessions by id in its `weeks` (docs/course-format.md)"
                )),
            );
            return None;
        }
        self.check_keys(&fields, COURSE_KEYS, "a course");

        match get("format") {
            None => self.error(
                Diagnostic::new(Span::file_start(), format!("missing `format: {FORMAT}`"))
                    .hint(format!("the first line of a course is `format: {FORMAT}`")),
            ),
            Some(f) => match self.string(f.value, "format") {
                Some(text) if text == FORMAT => {}
                Some(text) => {
                    let hint = if text.starts_with("still/") && get("weeks").is_some() {
                        format!(
                            "this reads as a course (it has `weeks`); a course's first line is `format: {FORMAT}`"
                        )
                    } else {
                        format!("this version of still reads courses in `format: {FORMAT}`")
                    };
                    self.error(
                        Diagnostic::new(self.span(f.value), format!("unsupported format '{text}'"))
                            .hint(hint),
                    );
                }
                None => {}
            },
        }

        let title = match get("title") {
            None => {
                self.error(
                    Diagnostic::new(Span::file_start(), "missing `title`")
                        .hint("add `title: ...`: the name `still course status` shows"),
                );
                None
            }
            Some(f) => self.text(f.value, "title"),
        };
        let id = match get("id") {
            None => Some(values::slug(default_id)),
            Some(f) => self.id(f.value, "id"),
        };
        let summary = get("summary").and_then(|f| self.text(f.value, "summary"));
        let author = get("author").and_then(|f| self.text(f.value, "author"));
        let language = match get("language") {
            None => Some(crate::util::language::ENGLISH.to_string()),
            Some(f) => self.text(f.value, "language").and_then(|text| {
                let tag = crate::util::language::tag(&text);
                if tag.is_none() {
                    self.error(
                        Diagnostic::new(
                            self.span(f.value),
                            format!("language '{text}' is not a language tag"),
                        )
                        .hint("write a language code such as `en`, `es`, `fr` or `pt-BR`"),
                    );
                }
                tag
            }),
        };
        let weeks = match get("weeks") {
            None => {
                self.error(
                    Diagnostic::new(Span::file_start(), "missing `weeks`")
                        .hint(format!("a course is a list of weeks: {WEEK_EXAMPLE}")),
                );
                None
            }
            Some(f) => self.weeks(f.value),
        };
        Some(Course {
            id: id?,
            title: title?,
            summary,
            author,
            language: language?,
            weeks: weeks?,
        })
    }

    fn weeks(&mut self, id: NodeId) -> Option<Vec<Week>> {
        let items = self.seq(id, "`weeks`")?;
        if items.is_empty() {
            self.error(
                Diagnostic::new(self.span(id), "`weeks` is empty")
                    .hint(format!("a course needs at least one week: {WEEK_EXAMPLE}")),
            );
            return None;
        }
        if items.len() > MAX_WEEKS {
            self.error(
                Diagnostic::new(
                    self.span(items[MAX_WEEKS]),
                    format!("a course runs at most {MAX_WEEKS} weeks"),
                )
                .hint("split a longer plan into several courses"),
            );
            return None;
        }
        let mut weeks = vec![];
        let mut ok = true;
        for (i, item) in items.into_iter().enumerate() {
            match self.week(item, i + 1) {
                Some(w) => weeks.push(w),
                None => ok = false,
            }
        }
        ok.then_some(weeks)
    }

    fn week(&mut self, id: NodeId, number: usize) -> Option<Week> {
        let what = format!("week {number}");
        let fields = self.fields(id, &what)?;
        self.check_keys(&fields, WEEK_KEYS, "a week");
        let get = |key: &str| fields.iter().find(|f| f.key == key);
        let need = |this: &mut Self, key: &str, hint: &str| match get(key) {
            Some(f) => this.text(f.value, &format!("the {key} of {what}")),
            None => {
                this.error(
                    Diagnostic::new(this.span(id), format!("{what} has no `{key}`"))
                        .hint(hint.to_string()),
                );
                None
            }
        };
        let title = need(self, "title", "give the week a short `title: ...`");
        let text = need(
            self,
            "text",
            "add `text: ...`: a sentence on what the week practises, shown when it begins",
        );
        let sessions = match get("sessions") {
            None => {
                self.error(
                    Diagnostic::new(self.span(id), format!("{what} has no `sessions`")).hint(
                        "list the sessions to practise each day: `sessions: [box-breathing]`",
                    ),
                );
                None
            }
            Some(f) => self.sessions(f.value, &what),
        };
        let (sessions, spans) = sessions?;
        Some(Week {
            title: title?,
            text: text?,
            sessions,
            spans,
        })
    }

    fn sessions(&mut self, id: NodeId, week: &str) -> Option<(Vec<String>, Vec<Span>)> {
        let items = self.seq(id, &format!("the sessions of {week}"))?;
        if items.is_empty() {
            self.error(
                Diagnostic::new(self.span(id), format!("{week} assigns no sessions"))
                    .hint("list at least one session id: `sessions: [box-breathing]`"),
            );
            return None;
        }
        if items.len() > MAX_SESSIONS_PER_WEEK {
            self.error(Diagnostic::new(
                self.span(items[MAX_SESSIONS_PER_WEEK]),
                format!("a week assigns at most {MAX_SESSIONS_PER_WEEK} sessions"),
            ));
            return None;
        }
        let mut ids: Vec<String> = vec![];
        let mut spans = vec![];
        let mut ok = true;
        for item in items {
            match self.id(item, "a session id") {
                Some(s) if ids.contains(&s) => {
                    self.error(
                        Diagnostic::new(
                            self.span(item),
                            format!("'{s}' is listed twice in {week}"),
                        )
                        .hint("each session is listed once a week"),
                    );
                    ok = false;
                }
                Some(s) => {
                    ids.push(s);
                    spans.push(self.span(item));
                }
                None => ok = false,
            }
        }
        ok.then_some((ids, spans))
    }

    fn id(&mut self, id: NodeId, what: &str) -> Option<String> {
        let text = self.string(id, what)?;
        if values::is_valid_id(&text) {
            return Some(text);
        }
        self.error(
            Diagnostic::new(
                self.span(id),
                format!("{what} '{text}' may hold only lowercase letters, digits and '-'"),
            )
            .hint(format!("try `{}`", values::slug(&text))),
        );
        None
    }

    fn fields(&mut self, id: NodeId, what: &str) -> Option<Vec<Field>> {
        let NodeKind::Map(entries) = &self.tree.node(id).kind else {
            let found = self.tree.describe(id);
            self.error(Diagnostic::new(
                self.span(id),
                format!("{what} must be a mapping of `key: value` lines, found {found}"),
            ));
            return None;
        };
        let mut out: Vec<Field> = vec![];
        for &(k, v) in entries {
            let key_span = self.span(k);
            let Some(Scalar::Str(key)) = self.tree.scalar(k) else {
                self.error(Diagnostic::new(
                    key_span,
                    format!("a key in {what} must be a plain word"),
                ));
                continue;
            };
            if let Some(first) = out.iter().find(|f| f.key == key) {
                let first_span = first.key_span;
                self.error(
                    Diagnostic::new(key_span, format!("duplicate key '{key}'"))
                        .hint("each key may appear once; remove one of them")
                        .note(first_span, "first written here"),
                );
                continue;
            }
            out.push(Field {
                key: key.to_string(),
                key_span,
                value: v,
            });
        }
        Some(out)
    }

    fn check_keys(&mut self, fields: &[Field], allowed: &[&str], context: &str) {
        for f in fields {
            if allowed.contains(&f.key.as_str()) {
                continue;
            }
            let message = match did_you_mean(&f.key, allowed.iter().copied()) {
                Some(g) => format!("unknown key '{}' in {context} — did you mean '{g}'?", f.key),
                None => format!("unknown key '{}' in {context}", f.key),
            };
            let hint = if context == "a course" && (f.key == "steps" || f.key == "days") {
                format!("a course is planned in `weeks`: {WEEK_EXAMPLE}")
            } else {
                let keys: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
                format!("{context} takes {}", keys.join(", "))
            };
            self.error(Diagnostic::new(f.key_span, message).hint(hint));
        }
    }

    fn seq(&mut self, id: NodeId, what: &str) -> Option<Vec<NodeId>> {
        match &self.tree.node(id).kind {
            NodeKind::Seq(items) => Some(items.clone()),
            _ => {
                let found = self.tree.describe(id);
                self.error(
                    Diagnostic::new(
                        self.span(id),
                        format!("{what} must be a list, found {found}"),
                    )
                    .hint("write a list with one `- ` entry per line"),
                );
                None
            }
        }
    }

    /// Text shown to people: trimmed, not empty, no control characters.
    fn text(&mut self, id: NodeId, what: &str) -> Option<String> {
        let span = self.span(id);
        let text = match (&self.tree.node(id).kind, self.tree.scalar(id)) {
            (_, Some(Scalar::Null)) | (NodeKind::Seq(_) | NodeKind::Map(_), _) => {
                let found = self.tree.describe(id);
                self.error(Diagnostic::new(
                    span,
                    format!("{what} must be text, found {found}"),
                ));
                return None;
            }
            (NodeKind::Scalar { text, .. }, _) => text.trim().to_string(),
        };
        if text.is_empty() {
            self.error(Diagnostic::new(span, format!("{what} is empty")));
            return None;
        }
        // Shown on a terminal: an escape sequence in a week's text would act on it.
        if let Some(c) = text
            .chars()
            .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        {
            self.error(
                Diagnostic::new(
                    span,
                    format!("{what} holds a control character (U+{:04X})", u32::from(c)),
                )
                .hint("write plain text"),
            );
            return None;
        }
        Some(text)
    }

    /// A name: text that does not read as a number, a boolean or nothing.
    fn string(&mut self, id: NodeId, what: &str) -> Option<String> {
        match self.tree.scalar(id) {
            Some(Scalar::Str(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => {
                let found = self.tree.describe(id);
                self.error(Diagnostic::new(
                    self.span(id),
                    format!("{what} must be a name, found {found}"),
                ));
                None
            }
        }
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn span(&self, id: NodeId) -> Span {
        self.tree.span(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Course, Diagnostics> {
        parse(&SourceFile::new("c.yaml", text), "c")
    }

    fn messages(text: &str) -> Vec<String> {
        parse_text(text)
            .unwrap_err()
            .items
            .into_iter()
            .map(|d| format!("{}:{} {}", d.span.start.line, d.span.start.col, d.message))
            .collect()
    }

    const GOOD: &str = "format: still-course/1\nid: two\ntitle: Two weeks\nweeks:\n  - title: One\n    text: Breathe.\n    sessions: [box-breathing]\n  - title: Two\n    text: Notice.\n    sessions: [grounding-54321, body-scan]\n";

    /// Issue #19: a session script given to `course start` was eight errors, one per key,
    /// and a hint that it had `weeks`; it is one error that says what it is.
    #[test]
    fn a_session_script_given_as_a_course_is_one_error_issue_19() {
        let session = "format: still/1\ntitle: Calm\ntags: [x]\nsteps:\n  - pause: 1m\n";
        assert_eq!(
            messages(session),
            ["1:9 this is a session script, not a course"]
        );
        let course = GOOD.replace("still-course/1", "still/1");
        let d = parse_text(&course).unwrap_err();
        assert_eq!(d.items.len(), 1);
        assert!(
            d.items[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("it has `weeks`")
        );
    }

    #[test]
    fn a_course_parses_into_its_weeks_issue_19() {
        let c = parse_text(GOOD).unwrap();
        assert_eq!(c.id, "two");
        assert_eq!(c.language, "en");
        assert_eq!(c.weeks.len(), 2);
        assert_eq!(c.weeks[1].sessions, ["grounding-54321", "body-scan"]);
        assert_eq!(
            c.session_ids(),
            ["box-breathing", "grounding-54321", "body-scan"]
        );
        assert_eq!(c.days(), 14);
    }

    #[test]
    fn every_problem_is_located_issue_19() {
        let text = "format: still/1\ntitle: T\nsteps: []\nweeks:\n  - title: One\n    txt: Breathe.\n    sessions: []\n";
        assert_eq!(
            messages(text),
            [
                "3:1 unknown key 'steps' in a course",
                "1:9 unsupported format 'still/1'",
                "6:5 unknown key 'txt' in a week — did you mean 'text'?",
                "5:5 week 1 has no `text`",
                "7:15 week 1 assigns no sessions",
            ]
        );
        assert_eq!(
            messages("format: still-course/1\ntitle: T\nweeks: []\n"),
            ["3:8 `weeks` is empty"]
        );
    }

    #[test]
    fn a_session_listed_twice_or_a_bad_id_is_refused_issue_19() {
        let text = "format: still-course/1\ntitle: T\nweeks:\n  - { title: A, text: B, sessions: [calm, calm, Bad_Id] }\n";
        assert_eq!(
            messages(text),
            [
                "4:43 'calm' is listed twice in week 1",
                "4:49 a session id 'Bad_Id' may hold only lowercase letters, digits and '-'",
            ]
        );
    }

    #[test]
    fn the_built_in_course_parses_issue_19() {
        for (file, text) in crate::library::builtin::COURSES {
            let c = parse(&SourceFile::new(*file, *text), "x").unwrap();
            assert!(c.weeks.iter().all(|w| !w.text.is_empty()));
        }
    }

    /// Issue #20: a translation of a built-in course is the same course in other words: its
    /// id, weeks and sessions are the English one's, and its `language` is its folder's.
    #[test]
    fn a_translated_course_keeps_the_english_weeks_issue_20() {
        let courses: Vec<(&str, crate::course::Course)> =
            crate::library::courses::builtin_courses()
                .map(|(lang, f)| (lang, parse(&f.source, &f.default_id).unwrap()))
                .collect();
        let mut translations = 0;
        for (lang, c) in &courses {
            assert_eq!(&c.language, lang, "{}", c.id);
            let (_, english) = courses
                .iter()
                .find(|(l, e)| *l == "en" && e.id == c.id)
                .unwrap_or_else(|| panic!("{lang}/{}: no English course of that id", c.id));
            let sessions = |c: &crate::course::Course| {
                c.weeks
                    .iter()
                    .map(|w| w.sessions.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(sessions(c), sessions(english), "{lang}/{}", c.id);
            if *lang != "en" {
                translations += 1;
                assert_ne!(c.title, english.title, "{lang}/{}: translated", c.id);
                for (w, e) in c.weeks.iter().zip(&english.weeks) {
                    assert_ne!(w.text, e.text, "{lang}/{}: translated", c.id);
                }
            }
        }
        assert!(
            translations >= 2,
            "the built-in course in Spanish and French"
        );
    }
}
