//! Arbitrary bytes as a bundle from a stranger, through every step `still import` takes:
//! stage (names, sizes, checksums, inflating), the real parser, each clip held to the
//! decoded-length limit of its use (a say clip, a bell, a bed: issue #21) and then decoded
//! streaming as `still check` does, the manifest check, and the install rename. A hostile bundle must be refused with an error
//! and leave nothing behind; it must never panic, hang or write outside the library.
//!
//! An even first byte feeds the rest as the `.still` zip itself. An odd one feeds the rest
//! as a script, packed into an unpacked bundle (a folder) with a correct manifest and a
//! short Ogg clip beside it, so mutations reach the checks past the checksums.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use still::home::Home;
use still::library::bundle::{self, FileEntry, Manifest};

const CLIP: &[u8] = include_bytes!("../../tests/audio/tone.ogg");

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let place = tempfile::tempdir().expect("a temporary folder");
    let home = Home {
        data: place.path().join("home"),
        config: place.path().join("home"),
    };
    let bundle = place.path().join("in.still");
    if mode % 2 == 0 {
        std::fs::write(&bundle, rest).expect("write the bundle");
    } else if !unpacked(&bundle, rest) {
        return;
    }
    if !import(&bundle, &home) {
        assert!(!home.data.exists(), "a refused bundle left {:?}", home.data);
    }
    // Nothing but the library may have been written, and a refusal leaves no library.
    for entry in std::fs::read_dir(place.path()).expect("list the place") {
        let name = entry.expect("an entry").file_name();
        assert!(name == "in.still" || name == "home", "wrote {name:?} outside the library");
    }
});

/// `still import`'s steps; true when the bundle was installed.
fn import(path: &Path, home: &Home) -> bool {
    match still::session::import::import(path, home, false) {
        Ok((installed, _)) => {
            assert!(installed.folder.starts_with(home.sessions()));
            true
        }
        Err(_) => false,
    }
}

/// Lays `script` out as an unpacked bundle at `dir` with an honest manifest; false when the
/// script has no usable id to name it by.
fn unpacked(dir: &Path, script: &[u8]) -> bool {
    let id = id_of(script).unwrap_or_else(|| "fuzz".to_string());
    if bundle::check_entry_name(&format!("{id}.yaml")).is_err() {
        return false;
    }
    std::fs::create_dir_all(dir.join("clips")).expect("make the bundle");
    let script_name = format!("{id}.yaml");
    std::fs::write(dir.join(&script_name), script).expect("write the script");
    std::fs::write(dir.join("clips/tone.ogg"), CLIP).expect("write the clip");
    let entry = |path: &str, bytes: &[u8]| FileEntry {
        path: path.to_string(),
        size: bytes.len() as u64,
        sha256: bundle::hex(&Sha256::digest(bytes)),
    };
    let mut files = vec![entry("clips/tone.ogg", CLIP), entry(&script_name, script)];
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest {
        format: bundle::FORMAT.to_string(),
        id,
        title: "Fuzz".to_string(),
        author: None,
        script: script_name,
        files,
        sessions: vec![],
    };
    std::fs::write(dir.join(bundle::MANIFEST), manifest.to_bytes()).expect("write the manifest");
    true
}

/// The `id:` a script's text names on a line of its own, if any.
fn id_of(script: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(script).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("id:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        .filter(|v| !v.is_empty())
}
