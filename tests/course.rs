//! Courses (issue #19): start one on a day, move through its weeks with `--as-of`, hold
//! the journal's sits against what each day assigns, stop it; pack one in one home and
//! start it in another.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn ok(home: &Path, args: &[&str]) -> String {
    let r = run_in(home, args);
    assert_eq!(r.code, 0, "still {args:?}:\n{}{}", r.stdout, r.stderr);
    r.stdout
}

/// `text` with its lines joined and runs of spaces made one: what it says, however the
/// terminal's 80 columns wrapped it (a no-break space stays).
fn flat(text: &str) -> String {
    text.split([' ', '\n'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn today_json(home: &Path, day: &str) -> Value {
    serde_json::from_str(&ok(home, &["today", "--json", "--as-of", day])).unwrap()
}

fn log_sit(home: &Path, day: &str, session: &str) {
    ok(
        home,
        &[
            "log",
            "add",
            "--date",
            day,
            "--duration",
            "10m",
            "--session",
            session,
        ],
    );
}

fn ok_in(home: &Path, lang: &str, args: &[&str]) -> String {
    let r: Run = still(home)
        .env("LANG", lang)
        .args(args)
        .output()
        .expect("the binary runs")
        .into();
    assert_eq!(
        r.code, 0,
        "LANG={lang} still {args:?}:\n{}{}",
        r.stdout, r.stderr
    );
    r.stdout
}

/// Issue #20: `still today` and `still course` speak the sitter's language; the JSON stays
/// the same in every language, for scripts.
#[test]
fn today_speaks_the_sitters_language_issue_20() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let nothing = ok_in(h, "fr_FR.UTF-8", &["today"]);
    assert!(
        flat(&nothing).starts_with("Aucun cours commencé."),
        "{nothing}"
    );
    let started = ok_in(
        h,
        "es_ES.UTF-8",
        &["course", "start", "resilience-start", "--on", "2024-03-04"],
    );
    assert!(
        flat(&started).contains("4 semanas, desde el 4 de marzo de 2024."),
        "{started}"
    );
    assert!(
        flat(&started).contains("Semana 1: Asentar el cuerpo"),
        "{started}"
    );
    assert!(
        flat(&started).contains("Esta semana practicas la regulación"),
        "{started}"
    );
    assert!(
        flat(&started).contains("Cada día: una práctica de box-breathing o coherent-breathing."),
        "{started}"
    );
    log_sit(h, "2024-03-05", "coherent-breathing");
    let es = ok_in(h, "es_ES.UTF-8", &["today", "--as-of", "2024-03-05"]);
    assert!(
        flat(&es).starts_with("Martes, 5 de marzo de 2024: "),
        "{es}"
    );
    assert!(
        flat(&es).contains(
            "Cuatro semanas para empezar a cultivar la resiliencia, semana 1 de 4 (Asentar el cuerpo)"
        ),
        "{es}"
    );
    assert!(
        flat(&es).contains("Hecho por hoy: has practicado coherent-breathing."),
        "{es}"
    );
    let fr = ok_in(h, "fr_FR.UTF-8", &["today", "--as-of", "2024-03-06"]);
    assert!(flat(&fr).starts_with("Mercredi 6 mars 2024\u{a0}:"), "{fr}");
    assert!(flat(&fr).contains("semaine 1 sur 4"), "{fr}");
    assert!(flat(&fr).contains("Pas encore fait"), "{fr}");
    let status = ok_in(
        h,
        "fr_FR.UTF-8",
        &["course", "status", "--as-of", "2024-03-12"],
    );
    assert!(
        flat(&status).contains("Semaine 2 sur 4\u{a0}: Faire de la place aux pensées"),
        "{status}"
    );
    assert!(
        flat(&status).contains("commencé le 4 mars 2024"),
        "{status}"
    );
    // The language is the config's when it names one.
    std::fs::write(h.join("config.toml"), "language = \"es\"\n").unwrap();
    let from_config = ok_in(h, "fr_FR.UTF-8", &["today", "--as-of", "2024-03-05"]);
    assert!(
        flat(&from_config).contains("Hecho por hoy"),
        "{from_config}"
    );
    // The JSON's keys and ids are the same in every language; the course's own words are
    // its translation's, and `language` says which.
    std::fs::remove_file(h.join("config.toml")).unwrap();
    let english: Value =
        serde_json::from_str(&ok(h, &["today", "--json", "--as-of", "2024-03-05"])).unwrap();
    assert_eq!(english["language"], "en");
    for (lang, tag) in [("es_ES.UTF-8", "es"), ("fr_FR.UTF-8", "fr"), ("C", "en")] {
        let mut json: Value = serde_json::from_str(&ok_in(
            h,
            lang,
            &["today", "--json", "--as-of", "2024-03-05"],
        ))
        .unwrap();
        assert_eq!(json["language"], tag, "LANG={lang}");
        for key in ["title", "week_title", "week_text", "language"] {
            json[key] = english[key].clone();
        }
        assert_eq!(json, english, "LANG={lang}");
    }
    let stopped = ok_in(h, "fr_FR.UTF-8", &["course", "stop"]);
    assert!(flat(&stopped).contains("est arrêté"), "{stopped}");
}

#[test]
fn the_built_in_course_moves_through_its_weeks_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let none = ok(h, &["today"]);
    assert!(flat(&none).contains("No course started"), "{none}");
    assert!(
        flat(&none).contains("still course start resilience-start"),
        "{none}"
    );
    assert_eq!(today_json(h, "2024-03-04")["state"], "none");

    let started = ok(
        h,
        &["course", "start", "resilience-start", "--on", "2024-03-04"],
    );
    assert!(
        flat(&started).contains(
            "Started A four-week start in resilience (resilience-start): 4 weeks, from 4 March 2024."
        ),
        "{started}"
    );
    assert!(
        flat(&started).contains("Week 1: Settling the body"),
        "{started}"
    );
    assert!(flat(&started).contains("regulation"), "{started}");
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(h.join("course.json")).unwrap()).unwrap();
    assert_eq!(state["course"], "resilience-start");
    assert_eq!(state["source"], "built-in");
    assert_eq!(state["start"], "2024-03-04");

    // Before the start: nothing yet.
    let before = today_json(h, "2024-03-02");
    assert_eq!(before["state"], "not-started");

    // Week 1, day 2: nothing sat yet.
    let w1 = today_json(h, "2024-03-05");
    assert_eq!(w1["state"], "on");
    assert_eq!(w1["week"], 1);
    assert_eq!(w1["weeks"], 4);
    assert_eq!(w1["day"], 2);
    assert_eq!(w1["week_title"], "Settling the body");
    assert_eq!(
        w1["assigned"],
        serde_json::json!(["box-breathing", "coherent-breathing"])
    );
    assert_eq!(w1["done"], false);
    assert_eq!(w1["next"], "box-breathing");
    let text = ok(h, &["today", "--as-of", "2024-03-05"]);
    assert!(
        flat(&text).contains(
            "Tuesday 5 March 2024: A four-week start in resilience, week 1 of 4 (Settling the body)"
        ),
        "{text}"
    );
    assert!(flat(&text).contains("Not done yet"), "{text}");

    // A sit of another session does not count; one of the assigned ones does.
    log_sit(h, "2024-03-05", "body-scan");
    assert_eq!(today_json(h, "2024-03-05")["done"], false);
    log_sit(h, "2024-03-05", "coherent-breathing");
    let done = today_json(h, "2024-03-05");
    assert_eq!(done["done"], true);
    assert_eq!(
        done["done_sessions"],
        serde_json::json!(["coherent-breathing"])
    );
    assert_eq!(done["next"], "box-breathing");
    let text = ok(h, &["today", "--as-of", "2024-03-05"]);
    assert!(
        flat(&text).contains("Done for today: you sat coherent-breathing."),
        "{text}"
    );
    // The day after is not done by it.
    assert_eq!(today_json(h, "2024-03-06")["done"], false);

    // Week 2 turns on day 8; week 4 on day 22.
    let w2 = today_json(h, "2024-03-11");
    assert_eq!(
        (w2["week"].clone(), w2["day"].clone()),
        (2.into(), 1.into())
    );
    assert_eq!(w2["assigned"][0], "grounding-54321");
    let w4 = today_json(h, "2024-03-31");
    assert_eq!(
        (w4["week"].clone(), w4["day"].clone()),
        (4.into(), 7.into())
    );
    assert_eq!(w4["assigned"][1], "urge-surfing");

    let status = ok(h, &["course", "status", "--as-of", "2024-03-12"]);
    assert!(
        flat(&status).contains("Week 2 of 4: Making room for thoughts"),
        "{status}"
    );
    assert!(
        flat(&status).contains("This week: practised on 0 of 2 days. Overall: 1 of 9 days."),
        "{status}"
    );

    // After the end.
    let after = today_json(h, "2024-04-01");
    assert_eq!(after["state"], "ended");
    assert_eq!(after["days_done"], 1);
    let text = ok(h, &["today", "--as-of", "2024-04-01"]);
    assert!(flat(&text).contains("ended on 31 March 2024"), "{text}");
    assert!(flat(&text).contains("still course stop"), "{text}");

    let stopped = ok(h, &["course", "stop"]);
    assert!(
        flat(&stopped).contains("Stopped resilience-start."),
        "{stopped}"
    );
    assert!(!h.join("course.json").exists());
    let again = ok(h, &["course", "stop"]);
    assert!(flat(&again).contains("nothing to stop"), "{again}");
    let r = run_in(h, &["play", "today", "--output", "null"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("no course is being followed"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("still course start"), "{}", r.stderr);
}

#[test]
fn course_list_shows_the_built_in_course_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let list = ok(home.path(), &["course", "list"]);
    assert!(list.contains("resilience-start"), "{list}");
    assert!(list.contains("(4 weeks, built-in)"), "{list}");
    // A course is not a session.
    let sessions = ok(home.path(), &["list"]);
    assert!(!sessions.contains("resilience-start"), "{sessions}");
}

/// A therapist's folder: a course and a short session of their own beside it, with a clip.
fn therapist_course(dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("clips")).unwrap();
    std::fs::copy(
        root().join("tests/audio/tone.ogg"),
        dir.join("clips/tone.ogg"),
    )
    .unwrap();
    std::fs::write(
        dir.join("short-sit.yaml"),
        "format: still/1\nid: short-sit\ntitle: A short sit\nsteps:\n  - bell: { sound: wood, every: 1s }\n  - say: Breathe.\n    clip: clips/tone.ogg\n  - pause: 9s\n",
    )
    .unwrap();
    let course = dir.join("for-sam.yaml");
    std::fs::write(
        &course,
        "format: still-course/1\nid: for-sam\ntitle: Two weeks for Sam\nauthor: Jane Doe, LCSW\nweeks:\n  - title: Arriving\n    text: This week practises arriving in the body, once a day.\n    sessions: [short-sit]\n  - title: Widening\n    text: This week widens the breath.\n    sessions: [box-breathing, short-sit]\n",
    )
    .unwrap();
    course
}

#[test]
fn a_packed_course_imports_and_starts_on_a_second_home_issue_19() {
    let therapist = tempfile::tempdir().unwrap();
    let client = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let course = therapist_course(work.path());
    let course = course.to_str().unwrap();

    let checked = ok(therapist.path(), &["check", course]);
    assert!(
        flat(&checked)
            .contains("ok — Two weeks for Sam (for-sam), a course of 2 weeks and 2 sessions"),
        "{checked}"
    );

    let bundle = work.path().join("for-sam.still");
    let packed = run_in(
        therapist.path(),
        &["pack", course, "-o", bundle.to_str().unwrap()],
    );
    assert_eq!(packed.code, 0, "{}", packed.stderr);
    assert!(
        packed.stderr.contains("packed the course for-sam")
            || packed.stdout.contains("packed the course for-sam"),
        "{}{}",
        packed.stdout,
        packed.stderr
    );

    let imported = run_in(client.path(), &["import", bundle.to_str().unwrap()]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let said = format!("{}{}", imported.stdout, imported.stderr);
    assert!(said.contains("installed the course for-sam"), "{said}");
    assert!(said.contains("still course start for-sam"), "{said}");
    let installed = client.path().join("sessions/for-sam");
    assert!(installed.join("for-sam.yaml").is_file());
    assert!(installed.join("short-sit.yaml").is_file());
    assert!(installed.join("clips/tone.ogg").is_file());
    // The built-in session stays out of the bundle.
    assert!(!installed.join("box-breathing.yaml").exists());
    let m: Value =
        serde_json::from_str(&std::fs::read_to_string(installed.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["sessions"], serde_json::json!(["short-sit.yaml"]));

    // The client's library has the session, not the course.
    let list = ok(client.path(), &["list"]);
    assert!(list.contains("short-sit"), "{list}");
    assert!(!list.contains("for-sam"), "{list}");
    let courses = ok(client.path(), &["course", "list"]);
    assert!(courses.contains("for-sam"), "{courses}");

    let started = ok(
        client.path(),
        &["course", "start", "for-sam", "--on", "2024-03-04"],
    );
    assert!(
        flat(&started).contains("Started Two weeks for Sam (for-sam): 2 weeks"),
        "{started}"
    );
    let w2 = today_json(client.path(), "2024-03-12");
    assert_eq!(w2["week"], 2);
    assert_eq!(
        w2["assigned"],
        serde_json::json!(["box-breathing", "short-sit"])
    );

    // Importing it again is refused; --replace installs it over itself.
    let again = run_in(client.path(), &["import", bundle.to_str().unwrap()]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    let replaced = run_in(
        client.path(),
        &["import", bundle.to_str().unwrap(), "--replace"],
    );
    assert_eq!(replaced.code, 0, "{}", replaced.stderr);
}

#[test]
fn play_today_plays_the_course_session_and_today_counts_it_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let course = therapist_course(work.path());
    ok(home.path(), &["course", "start", course.to_str().unwrap()]);
    let before: Value = serde_json::from_str(&ok(home.path(), &["today", "--json"])).unwrap();
    assert_eq!(before["done"], false);
    assert_eq!(before["next"], "short-sit");
    let r = run_in(home.path(), &["play", "today", "--output", "null"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("A short sit"), "{}", r.stdout);
    let after: Value = serde_json::from_str(&ok(home.path(), &["today", "--json"])).unwrap();
    assert_eq!(after["done"], true, "{after}");
}

#[test]
fn a_course_naming_a_missing_session_is_refused_at_start_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let r = run_in(
        home.path(),
        &[
            "course",
            "start",
            "tests/scripts/broken/course-unknown-session.yaml",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("no session 'box-breath' — did you mean 'box-breathing'?")
            || r.stderr.contains("week 2 has no `text`"),
        "{}",
        r.stderr
    );
    assert!(!home.path().join("course.json").exists());
    let bad = run_in(home.path(), &["course", "start", "no-such-course"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("no course 'no-such-course'"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_course_bundle_whose_session_id_is_taken_is_refused_issue_19() {
    let therapist = tempfile::tempdir().unwrap();
    let client = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let course = therapist_course(work.path());
    let bundle = work.path().join("for-sam.still");
    ok(
        therapist.path(),
        &[
            "pack",
            course.to_str().unwrap(),
            "-o",
            bundle.to_str().unwrap(),
        ],
    );
    // The client already has a session of that id, by hand.
    std::fs::create_dir_all(client.path().join("sessions")).unwrap();
    std::fs::write(
        client.path().join("sessions/mine.yaml"),
        "format: still/1\nid: short-sit\ntitle: Mine\nsteps:\n  - pause: 1m\n",
    )
    .unwrap();
    let r = run_in(client.path(), &["import", bundle.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("short-sit"), "{}", r.stderr);
    assert!(!client.path().join("sessions/for-sam").exists());
    // A course file handed to import is told apart from a bundle.
    let r = run_in(client.path(), &["import", course.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("is a course, not a bundle"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("still course start"), "{}", r.stderr);
}

#[test]
fn play_completes_today_and_course_start_completes_course_ids_issue_19() {
    let home = tempfile::tempdir().unwrap();
    let complete = |words: &[&str]| {
        let out = still(home.path())
            .env("STILL_COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .env("_CLAP_COMPLETE_COMP_TYPE", "9")
            .env("_CLAP_COMPLETE_SPACE", "true")
            .env("_CLAP_IFS", "\n")
            .arg("--")
            .args(words)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(complete(&["still", "play", "to"]).contains("today"));
    assert!(complete(&["still", "play", "box"]).contains("box-breathing"));
    assert!(complete(&["still", "course", "start", "res"]).contains("resilience-start"));
}
