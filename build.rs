//! Embeds the built-in sessions (`sessions/*.yaml`, translations in `sessions/LANG/`), courses (`sessions/courses/`) and their audio (`audio/**`) in the
//! binary, so an installed `still` works from any folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets this"));
    println!("cargo:rerun-if-changed=sessions");
    println!("cargo:rerun-if-changed=audio");

    let mut code = String::from(
        "/// Built-in session scripts: path under `sessions/` (`box-breathing.yaml`, or\n/// `es/box-breathing.yaml` for a translation) and text.\npub static SESSIONS: &[(&str, &str)] = &[\n",
    );
    let mut sessions = vec![];
    let sessions_root = root.join("sessions");
    files(&sessions_root, &mut sessions);
    // Courses (`sessions/courses/`) are not sessions: they get a table of their own.
    let courses_root = sessions_root.join("courses");
    for path in sessions
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && !p.starts_with(&courses_root))
    {
        // The path, not the file name: translations share their English script's name.
        let name = path
            .strip_prefix(&sessions_root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n\n/// Built-in courses: file name under `sessions/courses/` and text.\npub static COURSES: &[(&str, &str)] = &[\n");
    for path in sessions
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && p.starts_with(&courses_root))
    {
        let name = path
            .strip_prefix(&courses_root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n\n/// Audio of the built-in sessions: path under `audio/` and bytes.\npub static AUDIO: &[(&str, &[u8])] = &[\n");
    let mut audio = vec![];
    let audio_root = root.join("audio");
    files(&audio_root, &mut audio);
    for path in audio.iter().filter(|p| {
        p.extension()
            .is_some_and(|e| matches!(e.to_str(), Some("ogg" | "opus" | "wav" | "flac" | "mp3")))
    }) {
        let rel = path
            .strip_prefix(&audio_root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets this")).join("embedded.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
