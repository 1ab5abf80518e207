//! The JSON view of a compiled session that `still show --json` prints (DESIGN.md).

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::script::{Cue, Script};

use super::time::{RATE, frames_to_ms};
use super::{Bound, EventKind, Timeline};

#[derive(Serialize)]
struct Show<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    tags: &'a [String],
    content_note: Option<&'a str>,
    /// The language the session is spoken in (its `language:`, else `en`).
    language: &'a str,
    /// The session's note (still/1.1); left out when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    source: &'a str,
    sample_rate: u32,
    duration_ms: u64,
    duration_frames: u64,
    params: Map<String, Value>,
    ambient: Option<Value>,
    events: Vec<Value>,
}

/// The session as JSON: `{"id","title","duration_ms","events":[{"kind","start_ms","start_frame",…}]}`.
pub fn show(script: &Script, timeline: &Timeline, source: &str) -> Value {
    let params = timeline
        .params
        .iter()
        .map(|(name, b)| {
            let v = match b {
                Bound::Int(n) => json!(n),
                Bound::Duration(_) => json!(b.to_string()),
            };
            (name.clone(), v)
        })
        .collect();
    let ambient = timeline.ambient.as_ref().map(|a| {
        json!({
            "sound": a.sound.label(),
            "volume": round3(a.gain.0),
            "fade_ms": frames_to_ms(a.fade),
            "duck": round3(a.duck.0),
        })
    });
    let events = timeline
        .events
        .iter()
        .map(|e| event(timeline, e.frame, &e.kind))
        .collect();
    let show = Show {
        id: &script.id,
        title: &script.title,
        summary: script.summary.as_deref(),
        tags: &script.tags,
        content_note: script.content_note.as_deref(),
        language: script.spoken_language(),
        note: timeline.note.as_deref(),
        source,
        sample_rate: RATE,
        duration_ms: frames_to_ms(timeline.length),
        duration_frames: timeline.length,
        params,
        ambient,
        events,
    };
    serde_json::to_value(show).expect("plain data serializes")
}

fn event(timeline: &Timeline, frame: u64, kind: &EventKind) -> Value {
    let mut v =
        json!({ "kind": kind.name(), "start_ms": frames_to_ms(frame), "start_frame": frame });
    let m = v.as_object_mut().expect("an object");
    let mut length = |frames: u64| {
        m.insert("length_ms".into(), json!(frames_to_ms(frames)));
        m.insert("length_frames".into(), json!(frames));
    };
    match kind {
        EventKind::Step { index } => {
            let s = &timeline.steps[*index];
            length(s.length);
            m.insert("index".into(), json!(index));
            m.insert("step".into(), json!(s.kind));
            m.insert("label".into(), json!(s.label));
            if let Some((pass, of)) = s.round {
                m.insert("round".into(), json!([pass, of]));
            }
            if let Some(note) = &s.note {
                m.insert("note".into(), json!(note));
            }
        }
        EventKind::Bell { sound, gain } => {
            m.insert("sound".into(), json!(sound.label()));
            m.insert("volume".into(), json!(round3(gain.0)));
        }
        EventKind::Say {
            text,
            clip,
            length: l,
            gain,
            voiced,
        } => {
            length(*l);
            m.insert("text".into(), json!(text));
            // A voice engine's recording is not a file of the session's: no clip to name.
            let clip = clip.as_ref().filter(|_| !voiced).map(|c| c.path.as_str());
            m.insert("clip".into(), json!(clip));
            if *voiced {
                m.insert("voiced".into(), json!(true));
            }
            m.insert("volume".into(), json!(round3(gain.0)));
        }
        EventKind::Cue {
            phase,
            length: l,
            cue,
        } => {
            length(*l);
            m.insert("phase".into(), json!(phase.name()));
            let sound = match cue {
                Cue::Tone => Some("tone"),
                Cue::Bell => Some("wood"),
                Cue::None => None,
            };
            m.insert("sound".into(), json!(sound));
        }
    }
    v
}

fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}
