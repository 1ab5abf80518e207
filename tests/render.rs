//! `still render` and `still transcript`: exact frames, identical bytes, broken audio.

mod common;

use std::path::Path;

use common::*;

fn read_wav(path: &Path) -> (hound::WavSpec, Vec<i32>) {
    let mut r = hound::WavReader::open(path).unwrap();
    let spec = r.spec();
    let samples = match spec.sample_format {
        hound::SampleFormat::Int => r.samples::<i32>().map(Result::unwrap).collect(),
        hound::SampleFormat::Float => r
            .samples::<f32>()
            .map(|s| (s.unwrap() * 32767.0) as i32)
            .collect(),
    };
    (spec, samples)
}

/// The frame of the loudest left sample in `[from, to)`.
fn peak(samples: &[i32], from: usize, to: usize) -> usize {
    (from..to).max_by_key(|&f| samples[2 * f].abs()).unwrap()
}

fn write_script(dir: &Path, body: &str) -> std::path::PathBuf {
    for f in [
        "click-48k.wav",
        "click-44k.wav",
        "click-early.wav",
        "crest-48k.wav",
        "tone.flac",
        "tone.ogg",
        "tone.mp3",
        "stereo-22k.wav",
    ] {
        std::fs::copy(root().join("tests/audio").join(f), dir.join(f)).unwrap();
    }
    let path = dir.join("s.yaml");
    std::fs::write(
        &path,
        format!("format: still/1\ntitle: Test\nsteps:\n{body}"),
    )
    .unwrap();
    path
}

#[test]
fn clicks_land_on_their_frames_even_from_a_44_1_khz_file() {
    let dir = tempfile::tempdir().unwrap();
    // Steps: 1 s pause, a 48 kHz click, 0.5 s pause, a 44.1 kHz click, then the same clicks
    // as narration (normalized, ducking) with odd offsets.
    let script = write_script(
        dir.path(),
        "  - pause: 1s\n  - bell: { sound: click-48k.wav, every: 250ms }\n  - pause: 500ms\n  - bell: { sound: click-44k.wav, every: 250ms }\n  - pause: 333ms\n  - say: one\n    clip: click-44k.wav\n  - pause: 1s\n",
    );
    let out = dir.path().join("out.wav");
    let r = run(&[
        "render",
        script.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (spec, s) = read_wav(&out);
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (48_000, 2, 16)
    );
    // Each click sits 2400 frames (50 ms) into its clip.
    let expected = [
        48_000 + 2400,
        48_000 + 12_000 + 24_000 + 2400,
        48_000 + 12_000 + 24_000 + 12_000 + 15_984 + 2400,
    ];
    for f in expected {
        assert_eq!(
            peak(&s, f - 1000, f + 1000),
            f,
            "a click belongs at frame {f}"
        );
    }
}

#[test]
fn a_clip_keeps_its_attack_and_only_a_cut_edge_is_faded_issue_16() {
    let dir = tempfile::tempdir().unwrap();
    let script = write_script(
        dir.path(),
        "  - pause: 1s\n  - bell: click-early.wav\n  - pause: 1s\n  - bell: crest-48k.wav\n  - pause: 1s\n",
    );
    let out = dir.path().join("out.wav");
    let r = run(&[
        "render",
        script.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, s) = read_wav(&out);
    // The knock peaks 10 frames into its file: so it does in the render, and its first
    // frames are the file's own (to the render's ±1 LSB of dither), not faded in.
    let strike = 48_000;
    assert_eq!(peak(&s, strike - 100, strike + 500), strike + 10);
    let (_, file) = read_wav(&dir.path().join("click-early.wav"));
    for i in 0..60 {
        let (got, want) = (s[2 * (strike + i)], file[i]);
        assert!(
            (got - want).abs() <= 2,
            "frame {i}: {got}, the file has {want}"
        );
    }
    // The tone cut on its crest starts faded in, not with a jump to half scale...
    // A bell step rings for 5 s, then the second pause.
    let crest = strike + 240_000 + 48_000;
    assert!(s[2 * crest].abs() < 200, "{}", s[2 * crest]);
    assert!(s[2 * (crest + 48)].abs() > 3_000, "then rises within 2 ms");
    // ...and ends faded out.
    assert!(
        s[2 * (crest + 4_799)].abs() < 200,
        "{}",
        s[2 * (crest + 4_799)]
    );
}

#[test]
fn stems_are_as_long_as_the_mix_and_add_up_to_it_issue_16() {
    let dir = tempfile::tempdir().unwrap();
    let script = write_script(
        dir.path(),
        "  - say: one\n    clip: tone.ogg\n  - bell: rin\n  - breathe: { pattern: box, rounds: 1, cue: tone }\n  - pause: 2s\n    bells_every: 1s\n",
    );
    // A bed under it all.
    let text = std::fs::read_to_string(&script).unwrap();
    let text = text.replace("steps:", "ambient: { sound: rain, volume: -20dB }\nsteps:");
    std::fs::write(&script, text).unwrap();
    let (mix, stems) = (dir.path().join("mix.wav"), dir.path().join("parts"));
    let r = run(&[
        "render",
        script.to_str().unwrap(),
        "-o",
        mix.to_str().unwrap(),
        "--stems",
        stems.to_str().unwrap(),
        "--bits",
        "32f",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, m) = read_wav(&mix);
    let read = |name: &str| {
        let mut r = hound::WavReader::open(stems.join(format!("{name}.wav"))).unwrap();
        r.samples::<f32>().map(Result::unwrap).collect::<Vec<f32>>()
    };
    let mut mixf = hound::WavReader::open(&mix).unwrap();
    let mixf: Vec<f32> = mixf.samples::<f32>().map(Result::unwrap).collect();
    assert_eq!(mixf.len(), m.len());
    let parts: Vec<Vec<f32>> = ["voice", "bells", "cues", "bed"].map(read).into();
    for (name, p) in ["voice", "bells", "cues", "bed"].iter().zip(&parts) {
        assert_eq!(p.len(), mixf.len(), "{name} is as long as the mix");
        assert!(p.iter().any(|s| s.abs() > 0.01), "{name} has its sound");
    }
    // Where the limiter has nothing to do, the stems add up to the mix.
    let mut compared = 0;
    for i in 0..mixf.len() {
        let sum: f32 = parts.iter().map(|p| p[i]).sum();
        if sum.abs() < 0.5 {
            assert!(
                (sum - mixf[i]).abs() < 1e-5,
                "sample {i}: {sum} vs {}",
                mixf[i]
            );
            compared += 1;
        }
    }
    assert!(compared > mixf.len() * 9 / 10);
    assert!(r.stderr.contains("bells.wav") || r.stdout.contains("bells.wav"));

    // Alone, --stems needs no -o.
    let only = dir.path().join("only");
    let r = run(&[
        "render",
        script.to_str().unwrap(),
        "--stems",
        only.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(only.join("voice.wav").is_file() && !dir.path().join("only.wav").exists());
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.wav"), dir.path().join("b.wav"));
    for out in [&a, &b] {
        let r = run(&[
            "render",
            "tests/scripts/valid/kitchen-sink.yaml",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(x.len() > 1_000_000);
    assert!(x == y, "two renders differ");
}

#[test]
fn every_format_decodes_to_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let script = write_script(
        dir.path(),
        "  - say: flac\n    clip: tone.flac\n  - say: ogg\n    clip: tone.ogg\n  - say: mp3\n    clip: tone.mp3\n  - say: stereo\n    clip: stereo-22k.wav\n",
    );
    let r = run(&["show", script.to_str().unwrap(), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let lengths: Vec<u64> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "say")
        .map(|e| e["length_frames"].as_u64().unwrap())
        .collect();
    // One second at 44.1 kHz is 48 000 frames at 48 kHz. An MP3 without a LAME header
    // (sox writes none) keeps its encoder delay and padding: within two MP3 frames.
    assert_eq!(&lengths[..2], &[48_000, 48_000]);
    assert!(
        (lengths[2] as i64 - 48_000).abs() <= 2 * 1254,
        "{}",
        lengths[2]
    );
    assert_eq!(lengths[3], 48_000);
    let out = dir.path().join("out.wav");
    let r = run(&[
        "render",
        script.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--bits",
        "24",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (spec, s) = read_wav(&out);
    assert_eq!(spec.bits_per_sample, 24);
    // The tone is there: loud in the middle of the first clip.
    assert!(s[2 * 24_000].abs() > 0 || s[2 * 24_001].abs() > 0);
}

#[test]
fn broken_audio_files_are_refused_by_name() {
    let cases = [
        ("empty.wav", "the file is empty"),
        ("header-only.wav", "damaged or cut short"),
        (
            "truncated.wav",
            "it holds 900 of the 4800 frames its header promises",
        ),
        ("no-frames.wav", "holds no audio"),
        ("text.ogg", "not an audio file"),
        ("picture.wav", "not an audio file"),
        ("random.mp3", "not an audio file"),
        ("damaged.ogg", "damaged or cut short"),
        ("truncated.flac", "damaged or cut short"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (file, why) in cases {
        std::fs::copy(
            root().join("tests/audio/broken").join(file),
            dir.path().join(file),
        )
        .unwrap();
        let script = dir.path().join("s.yaml");
        std::fs::write(
            &script,
            format!("format: still/1\ntitle: T\nsteps:\n  - say: x\n    clip: {file}\n"),
        )
        .unwrap();
        let out = dir.path().join("out.wav");
        for cmd in ["render", "check"] {
            let mut args = vec![cmd, script.to_str().unwrap()];
            if cmd == "render" {
                args.extend(["-o", out.to_str().unwrap()]);
            }
            let r = run(&args);
            assert_eq!(r.code, 1, "{cmd} {file}: {}", r.stderr);
            assert!(
                r.stderr.contains(&format!(":5:11: {file}: ")),
                "{cmd} {file}: {}",
                r.stderr
            );
            assert!(r.stderr.contains(why), "{cmd} {file}: {}", r.stderr);
            assert!(!r.stderr.contains("panicked"));
        }
        assert!(!out.exists(), "no output file is left behind for {file}");
    }
    // A real FLAC named .mp3 is recognized by its content and plays.
    std::fs::copy(
        root().join("tests/audio/broken/flac-named.mp3"),
        dir.path().join("flac-named.mp3"),
    )
    .unwrap();
    let script = dir.path().join("ok.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: T\nsteps:\n  - say: x\n    clip: flac-named.mp3\n",
    )
    .unwrap();
    assert_eq!(run(&["check", script.to_str().unwrap()]).code, 0);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".part"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files are cleaned up");
}

/// Issue #3: a render starts mixing while later clips still decode. A clip that fails to
/// decode far into the session still stops the render with the same located message, the
/// first broken clip in the session's order is the one named, and no file is left.
#[test]
fn a_clip_that_fails_late_in_a_render_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["truncated.wav", "truncated.flac"] {
        std::fs::copy(
            root().join("tests/audio/broken").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let script = write_script(
        dir.path(),
        "  - say: first\n    clip: tone.ogg\n  - pause: 20m\n  - say: late\n    clip: truncated.wav\n  - pause: 5m\n  - say: later\n    clip: truncated.flac\n",
    );
    let out = dir.path().join("out.wav");
    let r = run(&[
        "render",
        script.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(":8:11: truncated.wav: "),
        "the first broken clip, located: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("holds 900 of the 4800 frames"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("truncated.flac"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".wav.part") || n == "out.wav")
        .collect();
    assert!(left.is_empty(), "nothing is left behind: {left:?}");
}

#[test]
fn render_writes_captions_beside_the_audio() {
    let dir = tempfile::tempdir().unwrap();
    let (wav, vtt, srt) = (
        dir.path().join("g.wav"),
        dir.path().join("g.vtt"),
        dir.path().join("g.srt"),
    );
    let r = run(&[
        "render",
        "grounding-54321",
        "-o",
        wav.to_str().unwrap(),
        "--captions",
        vtt.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with(&format!("wrote {}: 4m 3s + 3s ring-out", wav.display())),
        "{}",
        r.stdout
    );
    let text = std::fs::read_to_string(&vtt).unwrap();
    assert_eq!(
        text,
        run(&["transcript", "grounding-54321", "--format", "vtt"]).stdout
    );
    let r = run(&[
        "render",
        "grounding-54321",
        "-o",
        wav.to_str().unwrap(),
        "--captions",
        srt.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0);
    assert!(
        std::fs::read_to_string(&srt)
            .unwrap()
            .starts_with("1\n00:00:05,000 --> ")
    );
}

#[test]
fn transcripts_match_their_goldens() {
    let mut results = vec![];
    for format in ["text", "vtt", "srt"] {
        let r = run(&["transcript", "grounding-54321", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        results.push(golden(
            &format!("tests/golden/transcript/grounding-54321.{format}"),
            &r.stdout,
        ));
    }
    assert_goldens(results);
}

#[test]
fn an_unwritable_destination_is_named() {
    let r = run(&[
        "render",
        "silent-sit",
        "--set",
        "length=1m",
        "-o",
        "/nonexistent-dir/x.wav",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("cannot create a file in /nonexistent-dir"),
        "{}",
        r.stderr
    );
}
