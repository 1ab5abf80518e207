//! Issue #20: the built-in library in English, Spanish and French, one id per session, and
//! the language chosen from `--language`, then `language` in config.toml, then the locale
//! (LC_ALL, LC_MESSAGES, LANG), falling back to English; `list`, `show --json` and the
//! journal say which was played.

mod common;

use std::path::Path;

use common::*;
use still::library::{self, Origin};

/// `still ARGS…` in `home` with these locale variables set.
fn run_env(home: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = still(home);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args).output().expect("the binary runs").into()
}

fn json_of(r: &Run) -> serde_json::Value {
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn shown(home: &Path, env: &[(&str, &str)], args: &[&str]) -> (String, String) {
    let mut all = vec!["show", "--json"];
    all.extend(args);
    let v = json_of(&run_env(home, env, &all));
    (
        v["language"].as_str().unwrap().to_string(),
        v["title"].as_str().unwrap().to_string(),
    )
}

const SPANISH: &[(&str, &str)] = &[("LANG", "es_ES.UTF-8")];

#[test]
fn every_builtin_session_is_in_every_language_and_checks_issue_20() {
    let mut by_id: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for found in library::all(None) {
        let found = found.unwrap();
        assert_eq!(found.origin, Origin::Builtin);
        let id = still::script::peek_id(&found.source.text).unwrap();
        by_id.entry(id).or_default().push(found.language.clone());
    }
    assert!(by_id.len() >= 15, "{by_id:?}");
    for (id, mut languages) in by_id.clone() {
        languages.sort();
        assert_eq!(languages, ["en", "es", "fr"], "{id}");
    }
    // `check ID` checks every language of it, and says which each line is.
    let ids: Vec<&str> = by_id.keys().map(String::as_str).collect();
    let mut args = vec!["check"];
    args.extend(&ids);
    let r = run(&args);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for language in ["en", "es", "fr"] {
        let n = r
            .stdout
            .lines()
            .filter(|l| l.contains(&format!(", {language}), ")))
            .count();
        assert_eq!(n, ids.len(), "{language}:\n{}", r.stdout);
    }
    assert!(
        r.stdout
            .contains("box-breathing: ok — Respiración cuadrada (box-breathing, es), "),
        "{}",
        r.stdout
    );
    let r = run(&["check", "box-breathing", "--language", "fr"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("Respiration carrée"), "{}", r.stdout);
}

#[test]
fn the_locale_chooses_the_language_lc_all_first_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    assert_eq!(
        shown(h, SPANISH, &["box-breathing"]),
        ("es".into(), "Respiración cuadrada".into())
    );
    assert_eq!(
        shown(
            h,
            &[("LANG", "es_ES.UTF-8"), ("LC_ALL", "fr_FR.UTF-8")],
            &["box-breathing"]
        )
        .0,
        "fr"
    );
    assert_eq!(
        shown(
            h,
            &[("LANG", "es_ES.UTF-8"), ("LC_MESSAGES", "fr_CA")],
            &["box-breathing"]
        )
        .0,
        "fr"
    );
    for locale in ["C", "POSIX", "C.UTF-8", ""] {
        assert_eq!(
            shown(h, &[("LANG", locale)], &["box-breathing"]),
            ("en".into(), "Box breathing".into()),
            "LANG={locale}"
        );
    }
    assert_eq!(shown(h, &[], &["box-breathing"]).0, "en");
    // A language still has no session in falls back to English.
    assert_eq!(
        shown(h, &[("LANG", "de_DE.UTF-8")], &["box-breathing"]).0,
        "en"
    );
}

#[test]
fn config_then_the_language_flag_choose_over_the_locale_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(h.join("config.toml"), "language = \"fr\"\n").unwrap();
    assert_eq!(
        shown(h, SPANISH, &["grounding-54321"]),
        ("fr".into(), "Ancrage 5-4-3-2-1".into())
    );
    assert_eq!(
        shown(h, SPANISH, &["grounding-54321", "--language", "es"]).0,
        "es"
    );
    assert_eq!(
        shown(h, SPANISH, &["grounding-54321", "--language", "en"]).1,
        "5-4-3-2-1 grounding"
    );

    // A language the session lacks, for one run, is an error naming the ones it has.
    let wav = h.join("x.wav");
    let r = run_env(
        h,
        &[],
        &[
            "render",
            "body-scan",
            "--language",
            "de",
            "-o",
            wav.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("'body-scan' is not in 'de': it is in en, es, fr"),
        "{}",
        r.stderr
    );
    assert!(!wav.exists());
    let r = run_env(h, &[], &["play", "body-scan", "--language", "spanish"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--language 'spanish' is not a language code"),
        "{}",
        r.stderr
    );

    // An unknown value in config.toml is located, like any other key's.
    std::fs::write(
        h.join("config.toml"),
        "streaks = true\nlanguage = \"Español\"\n",
    )
    .unwrap();
    let r = run_env(h, &[], &["show", "box-breathing"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{}:2:12: `language` must be a language code",
            h.join("config.toml").display()
        )),
        "{}",
        r.stderr
    );
}

/// A therapist's own session, in English and in Spanish: the same id, its own `language`
/// and its own clips; and one in English only.
fn library_with_translation(home: &Path) {
    let dir = home.join("sessions/calm-arrival");
    std::fs::create_dir_all(&dir).unwrap();
    let script = |title: &str, language: &str, say: &str| {
        format!(
            "format: still/1\ntitle: {title}\nid: calm-arrival\nlanguage: {language}\ntags: [grounding]\nsteps:\n  - say: {say}\n  - pause: 5s\n"
        )
    };
    std::fs::write(
        dir.join("calm-arrival.yaml"),
        script("Calm arrival", "en", "Arrive."),
    )
    .unwrap();
    std::fs::write(
        dir.join("calm-arrival.es.yaml"),
        script("Llegada en calma", "es", "Llega."),
    )
    .unwrap();
    let only = home.join("sessions/english-only.yaml");
    std::fs::write(
        only,
        "format: still/1\ntitle: English only\nlanguage: en\ntags: [grounding]\nsteps:\n  - pause: 5s\n",
    )
    .unwrap();
}

#[test]
fn list_shows_the_sitters_language_first_and_marks_the_others_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    library_with_translation(h);
    let r = run_env(h, SPANISH, &["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(r.stdout.contains("Respiración cuadrada"), "{}", r.stdout);
    assert!(!r.stdout.contains("Box breathing"), "{}", r.stdout);
    assert_eq!(r.stdout.matches("calm-arrival").count(), 1, "{}", r.stdout);
    let line = |id: &str| {
        let at = r
            .stdout
            .lines()
            .position(|l| l.trim_start().starts_with(id));
        at.unwrap_or_else(|| panic!("{id} is not listed:\n{}", r.stdout))
    };
    let calm = &r.stdout.lines().nth(line("calm-arrival")).unwrap();
    assert!(
        calm.contains("Llegada en calma") && !calm.contains('['),
        "{calm}"
    );
    let only = r.stdout.lines().nth(line("english-only")).unwrap();
    assert!(only.contains("English only  [en]"), "{only}");
    // Grounding: the sessions in Spanish first, the English-only one after them.
    for id in ["calm-arrival", "grounding-54321", "feet-on-the-floor"] {
        assert!(line(id) < line("english-only"), "{id}\n{}", r.stdout);
    }

    let v = json_of(&run_env(h, SPANISH, &["list", "--json"]));
    let items = v.as_array().unwrap();
    let item = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(item("box-breathing")["language"], "es");
    assert_eq!(
        item("box-breathing")["languages"],
        serde_json::json!(["en", "es", "fr"])
    );
    assert_eq!(item("calm-arrival")["language"], "es");
    assert_eq!(
        item("calm-arrival")["languages"],
        serde_json::json!(["en", "es"])
    );
    assert_eq!(item("english-only")["language"], "en");
    assert_eq!(item("english-only")["languages"], serde_json::json!(["en"]));
    assert_eq!(
        items.iter().filter(|i| i["id"] == "calm-arrival").count(),
        1
    );

    // In English, no mark: every session has English.
    let r = run_env(h, &[("LANG", "en_GB.UTF-8")], &["list"]);
    assert!(r.stdout.contains("Box breathing"), "{}", r.stdout);
    assert!(!r.stdout.contains("[en]"), "{}", r.stdout);
    assert!(r.stdout.contains("Calm arrival"), "{}", r.stdout);

    // The library's translation is chosen like a built-in one, and a file keeps its own.
    assert_eq!(shown(h, SPANISH, &["calm-arrival"]).1, "Llegada en calma");
    assert_eq!(shown(h, &[], &["calm-arrival"]).1, "Calm arrival");
    assert_eq!(shown(h, SPANISH, &["english-only"]).0, "en");
    let file = h.join("sessions/calm-arrival/calm-arrival.yaml");
    let file = file.to_str().unwrap();
    assert_eq!(shown(h, SPANISH, &[file]).0, "en");
    let r = run_env(h, &[], &["show", file, "--language", "es"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("it is in en"), "{}", r.stderr);
}

#[test]
fn two_scripts_of_one_id_in_one_language_are_refused_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    library_with_translation(h);
    let copy = h.join("sessions/calm-arrival/again.yaml");
    std::fs::copy(h.join("sessions/calm-arrival/calm-arrival.es.yaml"), &copy).unwrap();
    let r = run_env(h, SPANISH, &["show", "calm-arrival"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is the id of 2 scripts"), "{}", r.stderr);
    // In English the session is still one script's alone.
    assert_eq!(shown(h, &[], &["calm-arrival"]).1, "Calm arrival");
    let r = run_env(h, &[], &["list"]);
    assert!(
        r.stderr.contains("have the same id 'calm-arrival' in 'es'"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_journal_keeps_the_language_played_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let script = h.join("pausa.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Una pausa\nlanguage: es\nsteps:\n  - pause: 11s\n",
    )
    .unwrap();
    let r = run_env(
        h,
        &[],
        &["play", script.to_str().unwrap(), "--output", "null"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let log = log_entries(h);
    assert_eq!(log[0]["language"], "es", "{log:?}");
    let r = run_in(h, &["log"]);
    assert!(r.stdout.contains("Una pausa"), "{}", r.stdout);
    assert!(r.stdout.contains("[es]"), "{}", r.stdout);
    // A sit added by hand has no language; export carries the column.
    journal_with_one_entry(h);
    let r = run_in(h, &["export", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let header = r.stdout.lines().next().unwrap();
    assert!(header.ends_with(",stopped_ms,language"), "{header}");
    assert!(r.stdout.lines().any(|l| l.ends_with(",es")), "{}", r.stdout);
}

#[test]
fn an_old_journal_gains_the_language_column_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    journal_with_one_entry(h);
    let file = h.join("journal.sqlite");
    // Back to layout 2, as a still before this issue left it.
    {
        let c = rusqlite::Connection::open(&file).unwrap();
        c.execute_batch("ALTER TABLE entries DROP COLUMN language; PRAGMA user_version = 2;")
            .unwrap();
    }
    let log = log_entries(h);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["language"], serde_json::Value::Null);
    let r = run_in(
        h,
        &["log", "add", "--date", "2026-01-06", "--duration", "5m"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let version: i64 = rusqlite::Connection::open(&file)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 3);
    assert_eq!(log_entries(h).len(), 2);
}

/// French typography reaches captions as written: the narrow no-break space before `?`
/// and inside « », in transcripts and WebVTT alike; the player's plain lines keep it too.
#[test]
fn captions_keep_french_typography_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let r = run_env(h, &[], &["transcript", "stop-pause", "--language", "fr"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Que se passe-t-il dans votre corps\u{202f}?"),
        "{}",
        r.stdout
    );
    let r = run_env(
        h,
        &[],
        &[
            "transcript",
            "leaves-on-a-stream",
            "--language",
            "fr",
            "--format",
            "vtt",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("WEBVTT"), "{}", r.stdout);
    assert!(
        r.stdout.contains("«\u{202f}tu n’y arriveras pas\u{202f}»"),
        "{}",
        r.stdout
    );
    let r = run_env(
        h,
        &[],
        &["transcript", "a-time-you-coped", "--language", "es"],
    );
    assert!(r.stdout.contains("¿Qué hiciste?"), "{}", r.stdout);
}

/// Issue #20: the plain lines (a pipe, `--plain`) speak the session's language, as the
/// screen does, and so does the end of the sit.
#[test]
fn the_plain_lines_speak_the_sessions_language_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("corta.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Corta\nlanguage: es\nsteps:\n  - breathe: { pattern: box, rounds: 1 }\n",
    )
    .unwrap();
    let r = run_env(
        home.path(),
        &[("LANG", "C.UTF-8")],
        &["play", script.to_str().unwrap(), "--output", "null"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for words in [
        "respiración",
        "ronda 1 de 1",
        "inhala 4",
        "sostén 4",
        "exhala 4",
        "cierre",
    ] {
        assert!(r.stdout.contains(words), "{words}:\n{}", r.stdout);
    }
    assert!(r.stdout.contains("de quietud. Bien hecho."), "{}", r.stdout);
    assert!(!r.stdout.contains("breathe"), "{}", r.stdout);
}
