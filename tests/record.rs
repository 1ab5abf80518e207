//! `still record` through a real audio path (issue #19): a PulseAudio null sink's monitor is
//! the microphone, a known sound is played into it with paplay at each prompt, and the kept
//! clip must match what was played; the script's `clip:` lines are set, comments kept.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::pulse::Pulse;
use common::tmux::Tmux;
use common::*;

const RATE: u32 = 48_000;

const SCRIPT: &str = "\
format: still/1
id: talk
title: Talk
# Read slowly.
steps:
  - bell: bowl   # to begin
  - say: First line to read.
  - pause: 2s
  - { say: \"Second line.\" }   # on one line
";

/// A mono chirp from `from` to `to` Hz over `secs`, faded at both ends.
fn chirp(from: f64, to: f64, secs: f64) -> Vec<f32> {
    let n = (f64::from(RATE) * secs) as usize;
    let fade = RATE as usize / 50;
    let mut phase = 0.0f64;
    (0..n)
        .map(|i| {
            let t = i as f64 / n as f64;
            phase += std::f64::consts::TAU * (from + (to - from) * t) / f64::from(RATE);
            let env = (i.min(n - 1 - i) as f64 / fade as f64).min(1.0);
            (0.5 * env * phase.sin()) as f32
        })
        .collect()
}

fn write_wav(path: &Path, samples: &[f32]) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for s in samples {
        w.write_sample((s * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
}

/// A clip decoded by ffmpeg, mono at 48 kHz.
fn decode(path: &Path) -> Vec<f32> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-f", "f32le", "-ac", "1", "-ar", "48000", "-"])
        .output()
        .expect("ffmpeg is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// The normalized correlation of `a` and `b` at `lag` (b shifted right by lag).
fn correlation_at(a: &[f32], b: &[f32], lag: i64) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (i, &x) in a.iter().enumerate() {
        let j = i as i64 - lag;
        if j < 0 || j >= b.len() as i64 {
            continue;
        }
        let y = f64::from(b[j as usize]);
        ab += f64::from(x) * y;
        aa += f64::from(x).powi(2);
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        return 0.0;
    }
    ab / (aa.sqrt() * bb.sqrt())
}

/// The best correlation of `kept` with `played` over lags of ±0.5 s: searched at 8 kHz,
/// then refined at the full rate.
fn best_correlation(kept: &[f32], played: &[f32]) -> f64 {
    let down =
        |x: &[f32]| -> Vec<f32> { x.chunks(6).map(|c| c.iter().sum::<f32>() / 6.0).collect() };
    let (k8, p8) = (down(kept), down(played));
    let coarse = (-4000i64..=4000)
        .step_by(2)
        .max_by(|&x, &y| correlation_at(&k8, &p8, x).total_cmp(&correlation_at(&k8, &p8, y)))
        .unwrap();
    (coarse * 6 - 24..=coarse * 6 + 24)
        .map(|lag| correlation_at(kept, played, lag))
        .fold(f64::MIN, f64::max)
}

fn session(dir: &Path, pulse: &Pulse, home: &Path) -> Tmux {
    let socket = format!("still-record-{}", std::process::id());
    let t = Tmux::open(socket, "bash --norc --noprofile -i");
    t.keys_literally(&format!(
        "cd {dir} && export XDG_RUNTIME_DIR={rt} HOME={rt} STILL_HOME={home} LC_ALL= LANG=C.UTF-8 NO_COLOR=1 TZ=UTC",
        dir = dir.display(),
        rt = pulse.runtime().display(),
        home = home.display(),
    ));
    t.keys("Enter");
    t
}

fn record_line(t: &Tmux, pulse: &Pulse, wav: &Path) {
    t.wait_for("space record", Duration::from_secs(20));
    t.keys("Space");
    t.wait_for("● recording", Duration::from_secs(10));
    let ok = pulse
        .command("paplay")
        .arg("--device=mic")
        .arg(wav)
        .status()
        .unwrap();
    assert!(ok.success(), "paplay played");
    std::thread::sleep(Duration::from_millis(400));
    t.keys("Space");
    t.wait_for("enter keep", Duration::from_secs(20));
    t.keys("Enter");
}

#[test]
fn a_take_from_the_microphone_becomes_the_lines_clip_issue_19() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let script = dir.path().join("talk.yaml");
    std::fs::write(&script, SCRIPT).unwrap();
    let sounds = [chirp(300.0, 1500.0, 1.5), chirp(1400.0, 250.0, 1.2)];
    let wavs = [dir.path().join("up.wav"), dir.path().join("down.wav")];
    for (w, s) in wavs.iter().zip(&sounds) {
        write_wav(w, s);
    }
    let pulse = Pulse::with_sinks(&["speaker", "mic"]);
    let t = session(dir.path(), &pulse, home.path());
    let bin = env!("CARGO_BIN_EXE_still");
    t.keys_literally(&format!("{bin} record talk.yaml; echo EXIT\"\"=$?"));
    t.keys("Enter");
    let first = t.wait_for("line 1 of 2", Duration::from_secs(20));
    assert!(first.contains("First line to read."), "{first}");
    record_line(&t, &pulse, &wavs[0]);
    record_line(&t, &pulse, &wavs[1]);
    let end = t.wait_for("EXIT=", Duration::from_secs(20));
    assert!(end.contains("EXIT=0"), "{end}");
    assert!(end.contains("recorded 2 lines of talk.yaml"), "{end}");

    // The clips are set where the lines are, and nothing else in the file moved.
    let want = SCRIPT
        .replace(
            "  - say: First line to read.\n",
            "  - say: First line to read.\n    clip: clips/01-first-line-to-read.ogg\n",
        )
        .replace(
            "\"Second line.\" }",
            "\"Second line.\", clip: clips/02-second-line.ogg }",
        );
    assert_eq!(std::fs::read_to_string(&script).unwrap(), want);
    for (clip, played) in [
        ("clips/01-first-line-to-read.ogg", &sounds[0]),
        ("clips/02-second-line.ogg", &sounds[1]),
    ] {
        let kept = decode(&dir.path().join(clip));
        let secs = kept.len() as f64 / f64::from(RATE);
        // Trimmed: the sound and a little either side, not the seconds of silence around.
        assert!(
            secs < played.len() as f64 / f64::from(RATE) + 0.8,
            "{clip} is {secs:.2} s"
        );
        let r = best_correlation(&kept, played);
        eprintln!("{clip}: {secs:.2} s, correlation {r:.3}");
        assert!(r > 0.9, "{clip}: correlation {r:.3}");
    }
    let check = run_in(home.path(), &["check", script.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stderr);

    // Again: nothing is left, so it says so; --line 2 records that line again.
    // Each run ends with a marker of its own (the last run's may still be on the screen when
    // the next one is typed), typed as `AGAIN""=` so that the typed line never matches it.
    t.keys_literally(&format!("clear; {bin} record talk.yaml; echo AGAIN\"\"=$?"));
    t.keys("Enter");
    let again = t.wait_for("AGAIN=", Duration::from_secs(20));
    assert!(
        again.contains("every say line of talk.yaml has a clip"),
        "{again}"
    );
    t.keys_literally(&format!(
        "clear; {bin} record talk.yaml --line 2; echo REDO\"\"=$?"
    ));
    t.keys("Enter");
    t.wait_for("line 2 of 2", Duration::from_secs(20));
    record_line(&t, &pulse, &wavs[0]);
    let redo = t.wait_for("REDO=", Duration::from_secs(20));
    assert!(redo.contains("REDO=0"), "{redo}");
    assert_eq!(std::fs::read_to_string(&script).unwrap(), want);
    let kept = decode(&dir.path().join("clips/02-second-line.ogg"));
    let r = best_correlation(&kept, &sounds[0]);
    assert!(r > 0.9, "the redone take is the new sound: {r:.3}");
}

#[test]
fn without_a_terminal_or_a_script_it_says_what_it_needs_issue_19() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("talk.yaml");
    std::fs::write(&script, SCRIPT).unwrap();
    let r = run_in(dir.path(), &["record", script.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("still record needs a terminal"),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["record", "box-breathing"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot read box-breathing"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("still new NAME"), "{}", r.stderr);
}
