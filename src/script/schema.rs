//! The JSON Schema of the script format that `still schema` prints, for editors (VS Code's
//! YAML extension, say) to validate and complete scripts as they are typed.
//!
//! The types below describe the format's surface; their field names are tested against the
//! key tables the validator uses (`keys.rs`), so the schema cannot drift from what `check`
//! accepts. Values that only `check` can judge (a duration's units, a file's existence)
//! are described by patterns and descriptions.

#![allow(dead_code)] // The types exist to generate the schema; nothing constructs them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};

/// A session script for `still`, a guided-mindfulness audio player (format still/1 or
/// its superset still/1.1).
#[derive(JsonSchema)]
#[schemars(title = "still session script", deny_unknown_fields)]
struct ScriptDoc {
    /// The format version: `still/1`, or `still/1.1` for its additions (`chapter`, `note`,
    /// `wait`, pauses inside a line).
    format: FormatDoc,
    /// The name listeners see in `still list` and while playing.
    title: String,
    /// The session's id, used by `still play ID`; lowercase letters, digits and `-`.
    /// Default: the file name without `.yaml`.
    #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
    id: Option<String>,
    /// One sentence on what the practice is for.
    summary: Option<String>,
    author: Option<String>,
    /// The license listeners may use the session under, e.g. `CC-BY-4.0`.
    license: Option<String>,
    /// The language of the narration, a language tag: `en`, `es`, `fr`, `pt-BR`. Scripts
    /// with one `id` in several languages are one session; without it, English.
    #[schemars(regex(pattern = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"))]
    language: Option<String>,
    /// The practice and what it serves, e.g. `[breathing, emotional-regulation]`.
    tags: Option<Vec<String>>,
    /// Shown before the session starts: who should take care, and how.
    content_note: Option<String>,
    note: Option<NoteText>,
    /// Values a listener may change: `still play ID --set rounds=8`.
    params: Option<BTreeMap<String, ParamDoc>>,
    /// A bed of sound under the whole session.
    ambient: Option<AmbientDoc>,
    /// What happens, in order.
    steps: Vec<StepDoc>,
}

#[derive(JsonSchema)]
enum FormatDoc {
    #[serde(rename = "still/1")]
    V1,
    #[serde(rename = "still/1.1")]
    V1_1,
}

/// The title of a chapter of rendered files that starts at this step (still/1.1).
struct ChapterText;

impl JsonSchema for ChapterText {
    fn schema_name() -> Cow<'static, str> {
        "Chapter".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "A chapter of rendered files (Opus, Ogg, MP3, FLAC) starts at this step with this title; needs `format: still/1.1`. Without any, still chooses the chapters itself."
        })
    }
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum ParamDoc {
    /// Short for `{ default: VALUE }`.
    Default(ParamValue),
    Full(ParamFull),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ParamFull {
    /// The value used without `--set`; a whole number (`6`) or a duration (`2m`) makes the
    /// param that kind.
    default: ParamValue,
    /// The least value `--set` accepts.
    min: Option<ParamValue>,
    /// The greatest value `--set` accepts.
    max: Option<ParamValue>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum ParamValue {
    Count(i64),
    Duration(DurationText),
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum AmbientDoc {
    /// Just the sound, at its designed level.
    Sound(SoundName),
    Full(AmbientFull),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct AmbientFull {
    /// A built-in bed (`brown-noise`, `pink-noise`, `rain`, `ocean`) or an audio file's path.
    sound: SoundName,
    volume: Option<Volume>,
    /// Fade in at the start and out at the end; default 5s.
    fade: Option<DurationText>,
    /// Extra attenuation while narration plays; default -8dB.
    duck: Option<Volume>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum StepDoc {
    Bell(BellStep),
    Say(SayStep),
    Pause(PauseStep),
    Breathe(BreatheStep),
    Repeat(RepeatStep),
    Wait(WaitStep),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct WaitStep {
    /// Holds a live sit until the listener presses space (still/1.1); lasts `render_as` in
    /// renders and `show`. The text is shown, never spoken.
    wait: WaitDoc,
    chapter: Option<ChapterText>,
    note: Option<NoteText>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum WaitDoc {
    /// What the listener is waiting for, e.g. `Press space when you are ready.`
    Text(String),
    Full(WaitFull),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct WaitFull {
    text: String,
    /// How long the wait lasts in renders, `show` and the timeline; default 5s.
    render_as: Option<DurationText>,
}

/// Text shown with a step (or the session) by `still show` and on the player's screen,
/// never spoken (still/1.1).
struct NoteText;

impl JsonSchema for NoteText {
    fn schema_name() -> Cow<'static, str> {
        "Note".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "Shown by `still show` and on the player's screen (the session's before the sit, a step's with the step); never spoken, never captioned. Needs `format: still/1.1`."
        })
    }
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct BellStep {
    /// A bell: `bowl`, `rin`, `gong`, `chime`, `wood`, an audio file, or `{sound, strikes, every, volume}`.
    bell: BellDoc,
    chapter: Option<ChapterText>,
    note: Option<NoteText>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum BellDoc {
    Sound(SoundName),
    Full(BellFull),
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct BellFull {
    sound: SoundName,
    /// How many times to strike; default 1. The step lasts `strikes × every`.
    strikes: Option<Count>,
    /// Time between strikes; default 5s.
    every: Option<DurationText>,
    volume: Option<Volume>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct SayStep {
    /// The line: its caption and transcript text. `${param}` is replaced by the param's value.
    /// In still/1.1, `[2s]` is a pause inside the line (1ms to 1m, or `[${param}]`), left
    /// out of the caption; `\[` writes a bracket; a line with a `clip` holds none.
    say: String,
    /// A recording of the line (WAV, FLAC, MP3, Ogg Vorbis, Opus or M4A), relative to the script's folder.
    /// Without one the line lasts its reading time.
    clip: Option<String>,
    volume: Option<Volume>,
    chapter: Option<ChapterText>,
    note: Option<NoteText>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct PauseStep {
    /// How long to sit in silence.
    pause: DurationText,
    /// Ring a bell at every whole multiple of this inside the pause.
    bells_every: Option<DurationText>,
    /// The interval bell; default `rin`.
    interval_bell: Option<SoundName>,
    chapter: Option<ChapterText>,
    note: Option<NoteText>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct BreatheStep {
    breathe: BreatheDoc,
    chapter: Option<ChapterText>,
    note: Option<NoteText>,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct BreatheDoc {
    /// `box` (4-4-4-4), `4-7-8`, `coherent` (5.5 in, 5.5 out), `sigh` (2 in, 1 in, 6 out),
    /// or your own `{in, hold, out, rest}`.
    pattern: PatternDoc,
    /// How many breaths; give this or `for`.
    rounds: Option<Count>,
    /// Breathe for about this long (whole cycles, at least one); give this or `rounds`.
    #[serde(rename = "for")]
    for_: Option<DurationText>,
    /// What marks each phase: `tone` (default), `bell` (a wood block) or `none`.
    cue: Option<CueDoc>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum PatternDoc {
    Named(PatternName),
    Custom(PatternFull),
}

#[derive(JsonSchema)]
enum PatternName {
    #[serde(rename = "box")]
    Box,
    #[serde(rename = "4-7-8")]
    FourSevenEight,
    #[serde(rename = "coherent")]
    Coherent,
    #[serde(rename = "sigh")]
    Sigh,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct PatternFull {
    #[serde(rename = "in")]
    in_: DurationText,
    /// May be 0s; default 0s.
    hold: Option<DurationText>,
    out: DurationText,
    /// May be 0s; default 0s.
    rest: Option<DurationText>,
}

#[derive(JsonSchema)]
enum CueDoc {
    #[serde(rename = "tone")]
    Tone,
    #[serde(rename = "bell")]
    Bell,
    #[serde(rename = "none")]
    None,
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct RepeatStep {
    /// How many times, 1 to 1000; repeats nest at most 8 deep.
    repeat: Count,
    steps: Vec<StepDoc>,
    chapter: Option<ChapterText>,
    note: Option<NoteText>,
}

const PARAM_REF: &str = r"\$\{\s*[A-Za-z_][A-Za-z0-9_-]*\s*\}";

/// A duration like `500ms`, `30s`, `2m 30s`, `1h`, or `${param}`.
struct DurationText;

impl JsonSchema for DurationText {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A duration with units: `500ms`, `30s`, `2m 30s`, `1h`; or `${param}`.",
            "pattern": format!(r"^\s*(({PARAM_REF})|([0-9]+\s*[a-zA-Zµ]+\s*)+)$"),
            "examples": ["30s", "2m 30s", "${silence}"],
        })
    }
}

/// A whole number or `${param}`.
struct Count;

impl JsonSchema for Count {
    fn schema_name() -> Cow<'static, str> {
        "Count".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "integer", "minimum": 1 },
                { "type": "string", "pattern": format!("^{PARAM_REF}$") }
            ],
            "description": "A whole number, or `${param}`."
        })
    }
}

/// A gain from 0 to 2, or decibels like `-6dB`.
struct Volume;

impl JsonSchema for Volume {
    fn schema_name() -> Cow<'static, str> {
        "Volume".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "number", "minimum": 0, "maximum": 2 },
                { "type": "string", "pattern": r"^\s*[+-]?[0-9]+(\.[0-9]+)?\s*[dD][bB]\s*$" }
            ],
            "description": "A linear gain from 0 to 2 (1 is unchanged), or decibels from -100dB to +6dB such as `-6dB`."
        })
    }
}

/// A built-in sound's name or an audio file's path.
struct SoundName;

impl JsonSchema for SoundName {
    fn schema_name() -> Cow<'static, str> {
        "Sound".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "A built-in sound (bells: bowl, rin, gong, chime, wood; beds: brown-noise, pink-noise, rain, ocean), or an audio file's path relative to the script's folder.",
            "examples": ["bowl", "rin", "gong", "chime", "wood", "brown-noise", "pink-noise", "rain", "ocean"]
        })
    }
}

/// The schema as JSON (draft-07, which editors support most widely).
pub fn json() -> serde_json::Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<ScriptDoc>();
    let mut value = serde_json::to_value(schema).expect("a schema is JSON");
    forbid_null(&mut value);
    value
}

/// Optional keys are left out of a script, never written empty (`id:` alone is an error),
/// so the `null` that schemars allows for `Option` fields is taken out again.
fn forbid_null(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(options)) = map.get_mut(key) {
                    options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                }
            }
            map.values_mut().for_each(forbid_null);
        }
        Value::Array(items) => items.iter_mut().for_each(forbid_null),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::keys;
    use serde_json::Value;

    fn props(schema: &Value, def: &str) -> Vec<String> {
        let obj = if def == "ScriptDoc" {
            schema
        } else {
            &schema["definitions"][def]
        };
        let mut keys: Vec<String> = obj["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{def} has properties"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut k: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    }

    #[test]
    fn schema_keys_match_what_check_accepts() {
        let s = super::json();
        assert_eq!(props(&s, "ScriptDoc"), sorted(keys::SCRIPT));
        assert_eq!(props(&s, "ParamFull"), sorted(keys::PARAM));
        assert_eq!(props(&s, "AmbientFull"), sorted(keys::AMBIENT));
        assert_eq!(props(&s, "BellFull"), sorted(keys::BELL));
        assert_eq!(props(&s, "BreatheDoc"), sorted(keys::BREATHE));
        assert_eq!(props(&s, "PatternFull"), sorted(keys::PATTERN));
        assert_eq!(props(&s, "WaitFull"), sorted(keys::WAIT));
        for (def, kind) in [
            ("BellStep", "bell"),
            ("SayStep", "say"),
            ("PauseStep", "pause"),
            ("BreatheStep", "breathe"),
            ("RepeatStep", "repeat"),
            ("WaitStep", "wait"),
        ] {
            assert_eq!(props(&s, def), sorted(keys::step_keys(kind)), "{def}");
        }
    }

    #[test]
    fn schema_is_closed_and_names_required_keys() {
        let s = super::json();
        assert_eq!(s["additionalProperties"], Value::Bool(false));
        let required: Vec<&str> = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(required, ["format", "title", "steps"]);
        assert_eq!(s["definitions"]["SayStep"]["required"][0], "say");
    }
}
