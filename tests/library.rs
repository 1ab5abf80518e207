//! The built-in session library (#6): every session checks, renders, has a clip for every
//! say line, and its narration plays at the target loudness; the library covers the
//! practices and resilience components it promises; and a copied binary plays it from any
//! folder. Every session is in English, Spanish and French (#20): each translation has the
//! English one's steps and its own clips, and its narration plays as loud.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use ebur128::{EbuR128, Mode};
use still::assets::{NARRATION_LUFS, decode, loudness};
use still::library::{self, Origin, builtin, practice};
use still::session::{self, Session};
use still::timeline::{EventKind, RATE};

/// Params that shorten the long silent stretches of a session without touching its
/// narration, so the whole library renders in a few seconds.
fn quick_sets(id: &str) -> Vec<String> {
    match id {
        "silent-sit" => vec!["length=1m".into(), "interval=30s".into()],
        "coherent-breathing" => vec!["length=1m".into()],
        _ => vec![],
    }
}

fn builtins(sets: impl Fn(&str) -> Vec<String>) -> Vec<Session> {
    library::all(None)
        .into_iter()
        .map(|found| {
            let found = found.expect("a built-in script reads");
            assert_eq!(found.origin, Origin::Builtin);
            let name = found.source.name.clone();
            // `built-in:box-breathing.yaml`, or `built-in:es/box-breathing.yaml`.
            let id = name
                .trim_start_matches("built-in:")
                .rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".yaml")
                .to_string();
            session::prepare(found, &sets(&id)).unwrap_or_else(|e| match e {
                session::SessionError::Script(d) => panic!("{name}: {}", d.items[0].message),
                other => panic!("{name}: {other}"),
            })
        })
        .collect()
}

#[test]
fn every_session_checks_through_the_binary() {
    let ids: Vec<String> = builtins(|_| vec![])
        .iter()
        .map(|s| s.script.id.clone())
        .collect();
    assert!(ids.len() >= 12, "{ids:?}");
    let mut args = vec!["check"];
    args.extend(ids.iter().map(String::as_str));
    let r = run(&args);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn the_library_covers_its_practices_and_components() {
    let sessions = builtins(|_| vec![]);
    let mut tags = BTreeSet::new();
    let mut total = 0;
    for s in sessions
        .iter()
        .filter(|s| s.script.spoken_language() == "en")
    {
        let sc = &s.script;
        let id = &sc.id;
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id} is lowercase-kebab"
        );
        assert!(
            sc.summary.as_ref().is_some_and(|t| t.len() > 40),
            "{id}: summary"
        );
        assert_eq!(sc.license.as_deref(), Some("CC-BY-4.0"), "{id}: license");
        let p = practice::of(&sc.tags).expect("a practice tag");
        assert!(
            practice::KNOWN.iter().any(|(tag, _)| *tag == p),
            "{id}: its first tag '{p}' is a known practice"
        );
        assert!(sc.tags.len() >= 2, "{id}: a practice and what it serves");
        tags.extend(sc.tags.iter().cloned());
        let minutes = s.timeline.length as f64 / RATE as f64 / 60.0;
        assert!((3.0..=20.0).contains(&minutes), "{id}: {minutes:.1} min");
        total += s.timeline.length;
        // Breath holds and body focus carry a note.
        let text = &s.source.text;
        let holds = ["pattern: box", "pattern: 4-7-8", "pattern: sigh"]
            .iter()
            .any(|p| text.contains(p));
        if holds || p == "body-scan" || p == "urge-surfing" || p == "sleep" {
            assert!(sc.content_note.is_some(), "{id}: content note");
        }
    }
    for want in [
        "grounding",
        "breathing",
        "body-scan",
        "loving-kindness",
        "mindful-pause",
        "urge-surfing",
        "defusion",
        "gratitude",
        "reflection",
        "silent",
        "sleep",
        "emotional-regulation",
        "cognitive-flexibility",
        "social-connection",
        "coping-skills",
        "self-efficacy",
    ] {
        assert!(tags.contains(want), "no session is tagged {want}");
    }
    let minutes = total as f64 / RATE as f64 / 60.0;
    assert!((80.0..=110.0).contains(&minutes), "{minutes:.0} min in all");
}

#[test]
fn every_say_line_has_a_clip_and_every_clip_is_used() {
    let sessions = builtins(|_| vec![]);
    let mut used = BTreeSet::new();
    for s in &sessions {
        let mut says = 0;
        for e in &s.timeline.events {
            if let EventKind::Say { text, clip, .. } = &e.kind {
                says += 1;
                let clip = clip
                    .as_ref()
                    .unwrap_or_else(|| panic!("{}: no clip for {text:?}", s.script.id));
                let folder = match s.script.spoken_language() {
                    "en" => format!("{}/", s.script.id),
                    other => format!("{other}/{}/", s.script.id),
                };
                assert!(
                    clip.path.starts_with(&folder),
                    "{}: {} lives in the session's own folder, {folder}",
                    s.script.id,
                    clip.path
                );
                used.insert(clip.path.clone());
            }
        }
        assert!(says > 0, "{}", s.script.id);
        for (clip, info) in &s.clips {
            assert_eq!(info.channels, 1, "{} is mono", clip.path);
            // English in Ogg Vorbis; the translations in Ogg Opus, a third of the size.
            let ending = if s.script.spoken_language() == "en" {
                ".ogg"
            } else {
                ".opus"
            };
            assert!(
                clip.path.ends_with(ending),
                "{} ends in {ending}",
                clip.path
            );
        }
    }
    let embedded: BTreeSet<String> = builtin::AUDIO.iter().map(|(p, _)| p.to_string()).collect();
    let orphans: Vec<_> = embedded.difference(&used).collect();
    assert!(orphans.is_empty(), "clips no line uses: {orphans:?}");
    let bytes: usize = builtin::AUDIO.iter().map(|(_, b)| b.len()).sum();
    assert!(bytes <= 25 << 20, "audio/ is {} MB", bytes >> 20);
}

/// Issue #20: each built-in session is in English, Spanish and French, and a translation
/// is the English session with its words changed: the same steps, params, bed and bells,
/// line for line, and its own title and summary (and content note where the English has
/// one).
#[test]
fn every_translation_keeps_the_english_steps_issue_20() {
    let sessions = builtins(|_| vec![]);
    let english: Vec<&Session> = sessions
        .iter()
        .filter(|s| s.script.spoken_language() == "en")
        .collect();
    assert!(english.len() >= 15);
    let shape = |s: &Session| -> Vec<String> {
        s.timeline
            .events
            .iter()
            .map(|e| match &e.kind {
                EventKind::Say { .. } => "say".to_string(),
                other => format!("{other:?}"),
            })
            .collect()
    };
    for en in english {
        let id = &en.script.id;
        for language in ["es", "fr"] {
            let tr = sessions
                .iter()
                .find(|s| s.script.id == *id && s.script.spoken_language() == language)
                .unwrap_or_else(|| panic!("{id} has no '{language}' script"));
            let what = format!("{id} in {language}");
            let params = |s: &Session| {
                s.script
                    .params
                    .iter()
                    .map(|p| format!("{} {:?}", p.name, p.kind))
                    .collect::<Vec<_>>()
            };
            assert_eq!(params(tr), params(en), "{what}: params");
            assert_eq!(tr.script.ambient, en.script.ambient, "{what}: bed");
            assert_eq!(tr.script.tags, en.script.tags, "{what}: tags stay English");
            assert_eq!(tr.script.steps.len(), en.script.steps.len(), "{what}");
            // Events at other frames (lines last their own clips), but the same ones in
            // the same order: every bell, breath cue and pause the English has.
            let (a, b) = (shape(en), shape(tr));
            assert_eq!(a.len(), b.len(), "{what}: events");
            let kinds = |v: &[String]| {
                v.iter()
                    .map(|k| k.split(['{', '(', ' ']).next().unwrap().to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(kinds(&a), kinds(&b), "{what}: events");
            assert_ne!(tr.script.title, en.script.title, "{what}: title translated");
            assert_ne!(
                tr.script.summary, en.script.summary,
                "{what}: summary translated"
            );
            assert_eq!(
                tr.script.content_note.is_some(),
                en.script.content_note.is_some(),
                "{what}: content note"
            );
            if let Some(note) = &en.script.content_note {
                assert_ne!(
                    tr.script.content_note.as_ref(),
                    Some(note),
                    "{what}: content note translated"
                );
            }
        }
    }
}

/// Renders each session as it plays (bed, bells and all) and measures the narration where
/// it sounds: only the frames inside say lines, through one EBU R128 meter per session.
/// As recorded, the clips measure about −22 LUFS (−19 as they play on both channels), so
/// this fails if the player's normalization stops working (the end of the test makes sure
/// that stays true); and each session is measured on its own, so a session whose clips
/// were far off would show.
#[test]
fn every_session_renders_with_its_narration_at_the_target_loudness() {
    let started = Instant::now();
    let mut report = vec![];
    let mut failures = vec![];
    let mut measured: Vec<(String, String, f64)> = vec![];
    for s in builtins(quick_sets) {
        let id = s.script.id.clone();
        let spans: Vec<(u64, u64)> = s
            .timeline
            .events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Say { length, .. } => Some((e.frame, e.frame + length)),
                _ => None,
            })
            .collect();
        let mut renderer = s.renderer().expect("the session's sounds are made");
        let mut meter = EbuR128::new(2, RATE, Mode::I).unwrap();
        let mut buf = vec![0f32; 2 * 4096];
        let mut pos = 0u64;
        let mut peak = 0f32;
        loop {
            let n = renderer.fill(&mut buf) as u64;
            if n == 0 {
                break;
            }
            for &(a, b) in &spans {
                let (from, to) = (a.max(pos), b.min(pos + n));
                if from < to {
                    let slice = &buf[2 * (from - pos) as usize..2 * (to - pos) as usize];
                    meter.add_frames_f32(slice).unwrap();
                }
            }
            peak = buf[..2 * n as usize]
                .iter()
                .fold(peak, |m, v| m.max(v.abs()));
            pos += n;
        }
        assert_eq!(pos, renderer.end(), "{id}: rendered to its end");
        assert!(peak <= 1.0, "{id}: peak {peak}");
        let lufs = meter.loudness_global().unwrap();
        let language = s.script.spoken_language().to_string();
        report.push(format!("{id} ({language}): {lufs:.2} LUFS"));
        if (lufs - NARRATION_LUFS).abs() > 1.0 {
            failures.push(format!("{id} ({language}): narration at {lufs:.2} LUFS"));
        }
        measured.push((id, language, lufs));
    }
    eprintln!("{}\n{:?}", report.join("\n"), started.elapsed());
    // Issue #20: a translation's narration plays as loud as the English session's, within
    // half a loudness unit.
    for (id, language, lufs) in measured.iter().filter(|(_, l, _)| l != "en") {
        let (_, _, en) = measured
            .iter()
            .find(|(i, l, _)| i == id && l == "en")
            .unwrap_or_else(|| panic!("{id} has no English script"));
        if (lufs - en).abs() > 0.5 {
            failures.push(format!(
                "{id} ({language}): narration at {lufs:.2} LUFS, the English at {en:.2}"
            ));
        }
    }
    // The test only means something while the clips as recorded are off target: as they
    // play (mono on both channels), without normalization.
    let s = builtins(|_| vec![]).remove(0);
    let (clip, info) = &s.clips[0];
    let raw = loudness(&decode(clip, info).unwrap()).unwrap() + 3.0103;
    assert!(
        (raw - NARRATION_LUFS).abs() > 1.0,
        "{} plays at {raw:.1} LUFS unnormalized: this test no longer sees normalization",
        clip.path
    );
    assert!(
        failures.is_empty(),
        "target {NARRATION_LUFS} ± 1 LU:\n{}",
        failures.join("\n")
    );
}

/// The binary copied to an empty folder and run from another, with an empty STILL_HOME,
/// still lists, shows, renders and plays the library: sessions and audio are inside it.
#[test]
fn a_copied_binary_plays_the_library_from_any_folder() {
    let bin_dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let bin = bin_dir.path().join("still");
    std::fs::copy(env!("CARGO_BIN_EXE_still"), &bin).unwrap();
    let still = |args: &[&str]| -> Run {
        cmd(&bin, home.path(), elsewhere.path())
            .args(args)
            .output()
            .unwrap()
            .into()
    };

    let r = still(&["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    for heading in ["Grounding", "Breathing", "Body scan", "Sleep"] {
        assert!(r.stdout.contains(&format!("{heading}\n")), "{}", r.stdout);
    }
    let r = still(&["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert!(items.len() >= 12);
    let scan = items.iter().find(|i| i["id"] == "body-scan").unwrap();
    assert_eq!(scan["practice"], "body-scan");
    assert_eq!(scan["source"], "built-in");

    let r = still(&["show", "body-scan"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "Body scan");
    assert!(
        lines[1].starts_with("Body scan · ") && lines[1].contains("m "),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("Move your attention"), "{}", lines[2]);

    let wav = elsewhere.path().join("stop.wav");
    let r = still(&["render", "stop-pause", "-o", "stop.wav"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let reader = hound::WavReader::open(&wav).unwrap();
    assert!(reader.duration() > 3 * 60 * RATE, "{}", reader.duration());

    // Play past the 10 s a sit needs to be recorded (null output, real time), then stop it
    // like Ctrl-C.
    let child = cmd(&bin, home.path(), elsewhere.path())
        .args(["play", "physiological-sigh", "--output", "null"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(11_500));
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(130),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("The physiological sigh"), "{stdout}");
    let r = still(&["log", "--json"]);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(log[0]["session"], "physiological-sigh");
    assert!(log[0]["practiced_ms"].as_u64().unwrap() >= 10_000, "{log}");
}

fn cmd(bin: &Path, home: &Path, cwd: &Path) -> Command {
    let mut c = Command::new(bin);
    c.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("STILL_HOME", home)
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .current_dir(cwd);
    c
}
