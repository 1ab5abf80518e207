use super::*;

fn source(tag: &str) -> &'static str {
    FILES.iter().find(|(t, _)| *t == tag).unwrap().1
}

/// The ids a message file defines: each line that starts a message (`id = …`).
fn defined(tag: &str) -> Vec<String> {
    source(tag)
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
        .collect()
}

#[test]
fn every_file_parses_without_errors_issue_20() {
    for (tag, text) in FILES {
        if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
            panic!("i18n/{tag}/still.ftl: {errors:?}");
        }
    }
}

#[test]
fn every_id_is_in_every_language_issue_20() {
    for (tag, _) in FILES {
        let ids = defined(tag);
        let missing: Vec<_> = id::ALL
            .iter()
            .filter(|id| !ids.iter().any(|d| d == *id))
            .collect();
        assert!(missing.is_empty(), "i18n/{tag}/still.ftl lacks {missing:?}");
        let words = Messages::for_language(tag);
        for id in id::ALL {
            assert!(words.has(id), "{tag}: {id}");
            assert!(!words.text(id).is_empty(), "{tag}: {id} is empty");
        }
        // And nothing the code never asks for.
        let stray: Vec<_> = ids
            .iter()
            .filter(|d| !id::ALL.contains(&d.as_str()))
            .collect();
        assert!(
            stray.is_empty(),
            "i18n/{tag}/still.ftl has unused {stray:?}"
        );
    }
}

/// Every const in `id.rs` is in `ALL` once, so the test above covers every message the
/// code asks for (the code names messages only through these consts).
#[test]
fn every_message_the_code_names_is_in_all_issue_20() {
    let code = include_str!("id.rs");
    let mut named = vec![];
    for line in code.lines() {
        let Some(rest) = line.trim().strip_prefix("pub const ") else {
            continue;
        };
        if rest.starts_with("ALL") {
            continue;
        }
        if let Some(value) = rest.split('"').nth(1) {
            named.push(value.to_string());
        }
    }
    named.extend(
        id::WEEKDAYS
            .iter()
            .chain(&id::MONTHS)
            .map(|s| s.to_string()),
    );
    for n in &named {
        assert_eq!(id::ALL.iter().filter(|a| *a == n).count(), 1, "{n} in ALL");
    }
    assert_eq!(named.len(), id::ALL.len());
    // No message is asked for by a bare string outside `id.rs`.
    for (path, text) in code_files() {
        for (n, line) in text.lines().enumerate() {
            let asks = [".text(\"", ".get(\"", ".has(\""];
            assert!(
                !asks.iter().any(|a| line.contains(a)),
                "{path}:{}: name the message through i18n::id",
                n + 1
            );
        }
    }
}

fn code_files() -> Vec<(String, String)> {
    let mut files = vec![];
    let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("i18n/tests.rs")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                // Only the files that use the messages.
                if text.contains("i18n") {
                    files.push((path.display().to_string(), text));
                }
            }
        }
    }
    files
}

#[test]
fn plurals_take_the_right_form_issue_20() {
    let say = |tag: &str, n: u64| Messages::for_language(tag).get(id::STATS_DAYS, &[("n", num(n))]);
    assert_eq!(say("en", 1), "1 day");
    assert_eq!(say("en", 0), "0 days");
    assert_eq!(say("en", 2), "2 days");
    assert_eq!(say("es", 1), "1 día");
    assert_eq!(say("es", 5), "5 días");
    // French counts 0 and 1 as one.
    assert_eq!(say("fr", 0), "0 jour");
    assert_eq!(say("fr", 1), "1 jour");
    assert_eq!(say("fr", 2), "2 jours");
    let sits =
        |tag: &str, n: u64| Messages::for_language(tag).get(id::STATS_SITS_COUNT, &[("n", num(n))]);
    assert_eq!(sits("en", 1), "1 sit");
    assert_eq!(sits("en", 1000), "1000 sits");
    assert_eq!(sits("es", 3), "3 prácticas");
    assert_eq!(sits("fr", 3), "3 séances");
}

#[test]
fn a_missing_message_or_language_falls_back_to_english_issue_20() {
    // A language without a file: English.
    let de = Messages::for_language("de-AT");
    assert_eq!(de.tag(), "en");
    assert_eq!(de.text(id::PAUSED), "paused");
    assert_eq!(Messages::for_language("not a tag").tag(), "en");
    assert_eq!(Messages::for_language("").tag(), "en");
    assert_eq!(Messages::for_language("ES_es").tag(), "es");
    assert_eq!(Messages::for_language("fr-CA").text(id::PAUSED), "en pause");
    // A message a translation lacks: English (here, one no file has: its id).
    let es = Messages::for_language("es");
    assert_eq!(es.text("no-such-message"), "no-such-message");
    assert!(!es.has("no-such-message"));
    // A file that lacks one: English stands in.
    let mut partial = FluentBundle::new_concurrent(vec!["es".parse().unwrap()]);
    partial.set_use_isolating(false);
    let _ = partial.add_resource(FluentResource::try_new("paused = en pausa".into()).unwrap());
    let args = FluentArgs::new();
    assert_eq!(
        format(&partial, id::PAUSED, &args).as_deref(),
        Some("en pausa")
    );
    assert_eq!(format(&partial, id::KEY_END, &args), None);
    assert_eq!(es.get(id::KEY_END, &[]), "q terminar");
}

#[test]
fn arguments_are_filled_without_isolation_marks_issue_20() {
    let fr = Messages::for_language("fr");
    let line = fr.get(
        id::NUDGE_FIRST,
        &[("play", text("still play box-breathing"))],
    );
    assert!(
        line.ends_with("\u{a0}: still play box-breathing"),
        "{line:?}"
    );
    for tag in Messages::languages() {
        let words = Messages::for_language(tag);
        let s = words.get(id::STEP_OF, &[("n", num(2u32)), ("total", num(5u32))]);
        assert!(!s.contains(['\u{2068}', '\u{2069}']), "{s:?}");
    }
    // A missing argument shows its name rather than failing.
    assert!(
        Messages::english().get(id::STEP_OF, &[]).contains("$n")
            || Messages::english().get(id::STEP_OF, &[]).contains("{n}")
    );
}

/// French puts a no-break space before : ; ! ? and inside « »; Spanish and English none.
#[test]
fn french_typography_keeps_its_spaces_issue_20() {
    for line in source("fr").lines().filter(|l| !l.starts_with('#')) {
        for mark in [" :", " ;", " !", " ?", " %", "« ", " »"] {
            assert!(!line.contains(mark), "fr: a plain space in {line:?}");
        }
        for mark in [':', ';', '!', '?'] {
            for (i, _) in line.match_indices(mark) {
                // `[one]`, `-> ` and the id's `=` are syntax; only text follows a word.
                let before = line[..i].chars().last();
                if let Some(c) = before
                    && c.is_alphanumeric()
                    && !line[i..].starts_with("://")
                {
                    panic!("fr: no space before {mark:?} in {line:?}");
                }
            }
        }
    }
}
