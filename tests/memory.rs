//! Memory stays bounded whatever clips a script names (issue #21): a clip's length is held
//! to what its use allows, from its header and again while it decodes, and `check`, `pack`,
//! `import` and `render` stream clips rather than holding them whole. Each run is measured
//! with `/usr/bin/time -v` (its peak resident memory).
//!
//! The audio is made here: silent FLAC of any length in a few bytes a second (CONSTANT
//! subframes), and a WAV of 4 GiB as a sparse file.

mod common;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::*;
use sha2::{Digest, Sha256};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

/// Every command of this file must stay under this peak resident memory.
const LIMIT_MB: u64 = 100;

/// FLAC of silence: `frames` frames (a whole number of 4096-frame blocks) at 48 kHz, 16-bit,
/// whose STREAMINFO claims `claimed` frames (a header may lie).
fn silent_flac(channels: u8, frames: u64, claimed: u64) -> Vec<u8> {
    const BLOCK: u64 = 4096;
    assert_eq!(frames % BLOCK, 0);
    let mut out = b"fLaC".to_vec();
    // The last metadata block, STREAMINFO, 34 bytes.
    out.extend([0x80, 0, 0, 34]);
    out.extend((BLOCK as u16).to_be_bytes());
    out.extend((BLOCK as u16).to_be_bytes());
    out.extend([0; 6]); // frame sizes unknown
    let packed: u64 = (48_000u64 << 44)
        | (u64::from(channels - 1) << 41)
        | (15 << 36)
        | (claimed & ((1 << 36) - 1));
    out.extend(packed.to_be_bytes());
    out.extend([0; 16]); // no MD5
    for n in 0..frames / BLOCK {
        let start = out.len();
        // Fixed blocks of 4096 (code 12) at 48 kHz (code 10); independent channels, 16-bit.
        out.extend([0xFF, 0xF8, 0xCA, ((channels - 1) << 4) | (4 << 1)]);
        out.extend(utf8_number(n));
        let crc = crc8(&out[start..]);
        out.push(crc);
        for _ in 0..channels {
            // A CONSTANT subframe of value 0.
            out.extend([0, 0, 0]);
        }
        let crc = crc16(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    out
}

/// FLAC's "UTF-8" coding of a frame number.
fn utf8_number(n: u64) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let mut tail = vec![];
    let mut v = n;
    let mut lead_bits = 6u32; // payload bits left in the first byte
    loop {
        tail.push(0x80 | (v & 0x3F) as u8);
        v >>= 6;
        lead_bits -= 1;
        if v < (1 << lead_bits) {
            break;
        }
    }
    let count = tail.len() as u32 + 1;
    let marker = !(0xFFu8 >> count);
    let mut bytes = vec![marker | v as u8];
    bytes.extend(tail.into_iter().rev());
    bytes
}

fn crc8(bytes: &[u8]) -> u8 {
    let mut crc = 0u8;
    for &b in bytes {
        crc ^= b;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x07
            } else {
                crc << 1
            };
        }
    }
    crc
}

fn crc16(bytes: &[u8]) -> u16 {
    let mut crc = 0u16;
    for &b in bytes {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x8005
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// Whole blocks of about `seconds` at 48 kHz.
fn frames_of(seconds: u64) -> u64 {
    seconds * 48_000 / 4096 * 4096
}

/// A stereo 16-bit 48 kHz WAV of silence holding `data` bytes of samples, written sparse.
fn sparse_wav(path: &Path, data: u32) {
    let mut head = vec![];
    head.extend(b"RIFF");
    head.extend((data.saturating_add(36)).to_le_bytes());
    head.extend(b"WAVEfmt ");
    head.extend(16u32.to_le_bytes());
    head.extend(1u16.to_le_bytes()); // PCM
    head.extend(2u16.to_le_bytes());
    head.extend(48_000u32.to_le_bytes());
    head.extend((48_000u32 * 4).to_le_bytes());
    head.extend(4u16.to_le_bytes());
    head.extend(16u16.to_le_bytes());
    head.extend(b"data");
    head.extend(data.to_le_bytes());
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(&head).unwrap();
    f.set_len(head.len() as u64 + u64::from(data)).unwrap();
}

/// What one measured run gave.
struct Measured {
    run: Run,
    peak_mb: u64,
}

/// Runs `still ARGS…` under `/usr/bin/time -v`, standard output into `stdout_to` (or
/// discarded), and reads its peak resident memory.
fn measured(home: &Path, args: &[&str], stdout_to: Option<&Path>) -> Measured {
    let mut cmd = still(home);
    cmd.args(args);
    let stdout = match stdout_to {
        Some(p) => Stdio::from(std::fs::File::create(p).unwrap()),
        None => Stdio::null(),
    };
    let (run, peak_mb) = peak_of(cmd, Some(stdout));
    Measured { run, peak_mb }
}

fn assert_small(m: &Measured, what: &str) {
    assert!(
        m.peak_mb < LIMIT_MB,
        "{what}: peak {} MB, over {LIMIT_MB} MB\n{}",
        m.peak_mb,
        m.run.stderr
    );
}

fn say_script(clip: &str) -> String {
    format!("format: still/1\ntitle: Long\nid: long\nsteps:\n  - say: Hello.\n    clip: {clip}\n")
}

/// A `.still` bundle holding `script` as `long.yaml` and `files`, with an honest manifest.
fn bundle(script: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let sha = |b: &[u8]| -> String {
        Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    };
    let mut all: Vec<(&str, &[u8])> = vec![("long.yaml", script.as_bytes())];
    all.extend_from_slice(files);
    all.sort_by_key(|(p, _)| *p);
    let manifest = serde_json::json!({
        "format": "still-bundle/1",
        "id": "long",
        "title": "Long",
        "script": "long.yaml",
        "files": all.iter().map(|(p, b)| serde_json::json!({"path": p, "size": b.len(), "sha256": sha(b)})).collect::<Vec<_>>(),
    });
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().unix_permissions(0o644);
    z.start_file("manifest.json", options).unwrap();
    z.write_all(&serde_json::to_vec_pretty(&manifest).unwrap())
        .unwrap();
    for (p, b) in &all {
        z.start_file(*p, options).unwrap();
        z.write_all(b).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Hidden staging folders left under `dir`, at any depth.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = vec![];
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for e in entries.flatten() {
        let path = e.path();
        if e.file_name().to_string_lossy().starts_with(".import-") {
            found.push(path.clone());
        }
        if path.is_dir() {
            found.extend(leftovers(&path));
        }
    }
    found
}

/// Issue #21: a 6.5 MB FLAC of eleven hours of silence in a bundle made `import` ask for
/// 15 GB and abort, leaving its staging folder; it is refused from its header in small
/// memory, leaving nothing.
#[test]
fn an_eleven_hour_clip_in_a_bundle_is_refused_from_its_header_issue_21() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let frames = frames_of(11 * 3600);
    let flac = silent_flac(1, frames, frames);
    let path = dir.path().join("long.still");
    std::fs::write(
        &path,
        bundle(&say_script("long.flac"), &[("long.flac", &flac)]),
    )
    .unwrap();
    let m = measured(&home, &["import", path.to_str().unwrap()], None);
    assert_eq!(m.run.code, 1, "{}", m.run.stderr);
    assert!(
        m.run
            .stderr
            .contains("long.flac: 11h is too long for a say clip (at most 2 minutes)"),
        "{}",
        m.run.stderr
    );
    assert!(
        m.run
            .stderr
            .contains("split the recording over several say lines"),
        "{}",
        m.run.stderr
    );
    assert_small(&m, "import");
    assert_eq!(leftovers(dir.path()), Vec::<PathBuf>::new());
}

/// Issue #21: a two-hour FLAC needed 4 GB to `check`; a 4 GiB WAV 12.6 GB to `check` or
/// `render`. Both are refused from the header, as a say clip, a bell and a bed alike.
#[test]
fn long_clips_are_refused_from_their_header_in_any_use_issue_21() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let frames = frames_of(2 * 3600);
    std::fs::write(
        dir.path().join("two-hours.flac"),
        silent_flac(1, frames, frames),
    )
    .unwrap();
    sparse_wav(&dir.path().join("huge.wav"), u32::MAX - 63);
    let scripts = [
        (
            "say.yaml",
            say_script("two-hours.flac"),
            "a say clip (at most 2 minutes)",
        ),
        (
            "bell.yaml",
            "format: still/1\ntitle: Bell\nsteps:\n  - bell: huge.wav\n".to_string(),
            "a bell clip (at most 1 minute)",
        ),
        (
            "bed.yaml",
            "format: still/1\ntitle: Bed\nambient: { sound: huge.wav }\nsteps:\n  - pause: 1m\n"
                .to_string(),
            "an ambient clip (at most 1 minute)",
        ),
        (
            "wav.yaml",
            say_script("huge.wav"),
            "huge.wav: 6h 12m 50s is too long for a say clip",
        ),
    ];
    for (name, text, expect) in scripts {
        let script = dir.path().join(name);
        std::fs::write(&script, text).unwrap();
        let script = script.to_str().unwrap();
        let out = dir.path().join("out.wav");
        for args in [
            vec!["check", script],
            vec!["render", script, "-o", out.to_str().unwrap()],
            vec!["render", script, "-o", "-", "--format", "wav"],
        ] {
            let m = measured(&home, &args, None);
            assert_eq!(m.run.code, 1, "{args:?}: {}", m.run.stderr);
            assert!(m.run.stderr.contains(expect), "{args:?}: {}", m.run.stderr);
            assert_small(&m, &format!("{args:?}"));
        }
        assert!(!out.exists());
    }
}

/// Issue #21: a header may lie. A FLAC claiming one minute that holds eleven hours stops
/// decoding just past the minute, in small memory, and is refused as damaged.
#[test]
fn a_header_that_lies_about_its_length_stops_the_decoding_issue_21() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let flac = silent_flac(1, frames_of(11 * 3600), 60 * 48_000);
    std::fs::write(dir.path().join("liar.flac"), flac).unwrap();
    let script = dir.path().join("liar.yaml");
    std::fs::write(&script, say_script("liar.flac")).unwrap();
    let script = script.to_str().unwrap();
    let out = dir.path().join("out.wav");
    for args in [
        vec!["check", script],
        vec!["render", script, "-o", out.to_str().unwrap()],
    ] {
        let m = measured(&home, &args, None);
        assert_eq!(m.run.code, 1, "{args:?}: {}", m.run.stderr);
        assert!(
            m.run
                .stderr
                .contains("liar.flac: the audio is damaged or cut short (it holds more audio than the 1m its header promises)"),
            "{args:?}: {}",
            m.run.stderr
        );
        assert_small(&m, &format!("{args:?}"));
    }
    assert!(!out.exists());
}

/// Issue #21: clips at their limits (ten different say clips of 2 minutes, a bed and a bell
/// of 1 minute, all stereo) are checked, packed, imported and rendered, to a
/// file and to standard output, each under 100 MB. Holding them all whole took 320 MB to
/// check and 340 MB to render to standard output.
#[test]
fn clips_at_their_limits_check_pack_import_and_render_in_small_memory_issue_21() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let folder = dir.path().join("s");
    std::fs::create_dir_all(&folder).unwrap();
    // The longest whole blocks within each limit.
    let say = silent_flac(2, 120 * 48_000 / 4096 * 4096, 120 * 48_000 / 4096 * 4096);
    let bell = silent_flac(2, 60 * 48_000 / 4096 * 4096, 60 * 48_000 / 4096 * 4096);
    std::fs::write(folder.join("bed.flac"), &bell).unwrap();
    std::fs::write(folder.join("bell.flac"), &bell).unwrap();
    let mut text = "format: still/1\ntitle: At the limits\nid: limits\nambient: { sound: bed.flac, volume: -20dB }\nsteps:\n".to_string();
    for i in 0..10 {
        std::fs::write(folder.join(format!("say-{i}.flac")), &say).unwrap();
        text.push_str(&format!(
            "  - bell: bell.flac\n  - say: Line {i}.\n    clip: say-{i}.flac\n"
        ));
    }
    let script = folder.join("limits.yaml");
    std::fs::write(&script, &text).unwrap();
    let script = script.to_str().unwrap();
    let packed = dir.path().join("limits.still");
    let rendered = dir.path().join("limits.wav");
    let streamed = dir.path().join("streamed.wav");
    let steps: Vec<(Vec<&str>, Option<&Path>)> = vec![
        (vec!["check", script], None),
        (vec!["pack", script, "-o", packed.to_str().unwrap()], None),
        (vec!["import", packed.to_str().unwrap()], None),
        (vec!["check", "limits"], None),
        (
            vec!["render", script, "-o", rendered.to_str().unwrap()],
            None,
        ),
        (
            vec!["render", "limits", "-o", "-", "--format", "wav"],
            Some(&streamed),
        ),
    ];
    for (args, to) in steps {
        let m = measured(&home, &args, to);
        assert_eq!(m.run.code, 0, "{args:?}: {}", m.run.stderr);
        assert_small(&m, &format!("{args:?}"));
    }
    // About 20 minutes and more of 48 kHz stereo, the same either way.
    let len = std::fs::metadata(&rendered).unwrap().len();
    assert!(len > 20 * 60 * 48_000 * 4, "{len}");
    assert_eq!(
        std::fs::read(&rendered).unwrap(),
        std::fs::read(&streamed).unwrap()
    );
}
