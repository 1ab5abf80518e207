//! The keys each part of a script accepts. The lowering checks against these tables and the
//! JSON Schema is tested against them, so the two cannot drift apart.

pub const SCRIPT: &[&str] = &[
    "format",
    "title",
    "id",
    "summary",
    "author",
    "license",
    "language",
    "tags",
    "content_note",
    "note",
    "params",
    "ambient",
    "steps",
];
pub const PARAM: &[&str] = &["default", "min", "max"];
pub const AMBIENT: &[&str] = &["sound", "volume", "fade", "duck"];
pub const BELL: &[&str] = &["sound", "strikes", "every", "volume"];
pub const BREATHE: &[&str] = &["pattern", "rounds", "for", "cue"];
pub const PATTERN: &[&str] = &["in", "hold", "out", "rest"];

pub const STEP_KINDS: &[&str] = &["bell", "say", "pause", "breathe", "repeat", "wait"];
pub const WAIT: &[&str] = &["text", "render_as"];
// `chapter` and `note` (still/1.1) may be written on any step.
const BELL_STEP: &[&str] = &["bell", "chapter", "note"];
const SAY_STEP: &[&str] = &["say", "clip", "volume", "chapter", "note"];
const PAUSE_STEP: &[&str] = &["pause", "bells_every", "interval_bell", "chapter", "note"];
const BREATHE_STEP: &[&str] = &["breathe", "chapter", "note"];
const REPEAT_STEP: &[&str] = &["repeat", "steps", "chapter", "note"];
const WAIT_STEP: &[&str] = &["wait", "chapter", "note"];

/// The keys a step of `kind` may have beside its kind key.
pub fn step_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "bell" => BELL_STEP,
        "say" => SAY_STEP,
        "pause" => PAUSE_STEP,
        "breathe" => BREATHE_STEP,
        "repeat" => REPEAT_STEP,
        "wait" => WAIT_STEP,
        _ => &[],
    }
}

/// A one-line example of a step, for hints.
pub fn step_example(kind: &str) -> &'static str {
    match kind {
        "bell" => "bell: bowl",
        "say" => "say: Let your eyes close.",
        "breathe" => "breathe: { pattern: box, rounds: 6 }",
        "repeat" => "repeat: 3",
        "wait" => "wait: Press space when you are ready.",
        _ => "pause: 30s",
    }
}

/// A hint for a key that belongs one level in or out of where it was written.
pub fn misplaced_hint(key: &str, context: &str) -> Option<String> {
    let inside =
        |parent: &str, example: &str| Some(format!("`{key}` goes inside `{parent}`: {example}"));
    match (key, context) {
        ("volume" | "strikes" | "every" | "sound", "a bell step") => inside(
            "bell",
            "`bell: { sound: bowl, strikes: 3, every: 5s, volume: -6dB }`",
        ),
        ("pattern" | "rounds" | "for" | "cue", "a breathe step") => inside(
            "breathe",
            "`breathe: { pattern: box, rounds: 6, cue: tone }`",
        ),
        ("in" | "hold" | "out" | "rest", "breathe") => inside(
            "pattern",
            "`pattern: { in: 4s, hold: 2s, out: 6s, rest: 0s }`",
        ),
        ("bells_every" | "interval_bell", _) => Some(format!(
            "`{key}` belongs to a pause step: `- pause: 10m` with `bells_every: 2m`"
        )),
        // A course written with a session's format line.
        ("weeks", "a script") => Some(
            "`weeks` is a course's: a course's first line is `format: still-course/1` \
             (docs/course-format.md)"
                .into(),
        ),
        ("clip", _) => {
            Some("`clip` belongs to a say step: `- say: ...` with `clip: clips/line.ogg`".into())
        }
        _ => None,
    }
}
