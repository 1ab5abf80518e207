//! What a mastering engineer would measure on every built-in session (issue #16): the true
//! peak, the narration's loudness and the bells' balance with it. Measured with the
//! `ebur128` crate, which the renderer's limiter does not use (it has its own interpolator),
//! and the lossy files a client plays with ffmpeg's meter where it is installed.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use ebur128::{EbuR128, Mode};

/// Interleaved stereo floats of a 16-bit or float WAV.
fn samples(path: &Path) -> Vec<f32> {
    let mut r = hound::WavReader::open(path).unwrap();
    match r.spec().sample_format {
        hound::SampleFormat::Float => r.samples::<f32>().map(Result::unwrap).collect(),
        hound::SampleFormat::Int => r
            .samples::<i16>()
            .map(|s| f32::from(s.unwrap()) / 32768.0)
            .collect(),
    }
}

struct Measured {
    true_peak_db: f64,
    integrated: f64,
    /// Short-term (3 s) loudness every 100 ms, where above the absolute gate.
    short_term: Vec<f64>,
}

/// `peak`: measure the true peak too (4× oversampling, the slow part): the mix's only.
fn measure(x: &[f32], peak: bool) -> Measured {
    let mode = if peak {
        Mode::I | Mode::S | Mode::TRUE_PEAK
    } else {
        Mode::I | Mode::S
    };
    let mut m = EbuR128::new(2, 48_000, mode).unwrap();
    let mut short_term = vec![];
    for hop in x.chunks(2 * 4_800) {
        m.add_frames_f32(hop).unwrap();
        let s = m.loudness_shortterm().unwrap();
        if s > -70.0 {
            short_term.push(s);
        }
    }
    let tp = if peak {
        (0..2)
            .map(|c| m.true_peak(c).unwrap())
            .fold(0.0f64, f64::max)
    } else {
        f64::NAN
    };
    Measured {
        true_peak_db: 20.0 * tp.log10(),
        integrated: m.loudness_global().unwrap(),
        short_term,
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// ffmpeg's true peak of a file, when ffmpeg is installed.
fn ffmpeg_true_peak(path: &Path) -> Option<f64> {
    let out = Command::new("ffmpeg")
        .args(["-nostats", "-hide_banner", "-i"])
        .arg(path)
        .args(["-af", "ebur128=peak=true", "-f", "null", "-"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let summary = &text[text.rfind("Summary:")?..];
    let line = summary
        .lines()
        .find(|l| l.trim_start().starts_with("Peak:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn builtin_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root().join("sessions"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.strip_suffix(".yaml").map(str::to_owned)
        })
        .collect();
    ids.sort();
    ids
}

/// The loudest volume a session's script gives a bell, in dB (0 at volume 1).
fn loudest_bell_volume_db(id: &str) -> f64 {
    let r = run(&["show", id, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "bell")
        .map(|e| 20.0 * e["volume"].as_f64().unwrap().log10())
        .fold(f64::NEG_INFINITY, f64::max)
}

/// Renders `id` with its stems and measures it; returns its line of the report and what
/// falls short.
fn check(id: &str) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let (mix, parts) = (dir.path().join("mix.wav"), dir.path().join("parts"));
    let r = run(&[
        "render",
        id,
        "-o",
        mix.to_str().unwrap(),
        "--stems",
        parts.to_str().unwrap(),
        "--bits",
        "32f",
    ]);
    assert_eq!(r.code, 0, "{id}: {}", r.stderr);
    let whole = measure(&samples(&mix), true);
    let mut voice = measure(&samples(&parts.join("voice.wav")), false);
    let bells = measure(&samples(&parts.join("bells.wav")), false);
    let narration = median(&mut voice.short_term);
    let loudest_bell = bells
        .short_term
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let mut failures = vec![];
    let line = format!(
        "{id}: {:.2} dBTP, narration {:.1} LUFS (3 s median {:.1}), loudest bell {:.1} LUFS",
        whole.true_peak_db, voice.integrated, narration, loudest_bell
    );
    if whole.true_peak_db > -1.0 {
        failures.push(format!("{id}: true peak {:.2} dBTP", whole.true_peak_db));
    }
    // ffmpeg's own meter checks the peaks of what a client plays, the lossy files, below;
    // here the ebur128 crate's does (a second pass over 20 sessions cost CI a minute).
    // Narration at -18 LUFS, as every clip is brought to, whatever the de-esser took.
    if (voice.integrated + 18.0).abs() > 0.5 {
        failures.push(format!("{id}: narration at {:.2} LUFS", voice.integrated));
    }
    // No bell at volume 1 more than 2 LU from the narration's short-term loudness (a script
    // that turns its bells down is heard that much lower).
    let expected = narration + loudest_bell_volume_db(id);
    if loudest_bell.is_finite() && (loudest_bell - expected).abs() > 2.0 {
        failures.push(format!(
            "{id}: the loudest bell is {:+.1} LU from the narration",
            loudest_bell - expected
        ));
    }
    (line, failures)
}

#[test]
fn every_built_in_session_meets_the_mastering_figures_issue_16() {
    let ids = builtin_ids();
    assert!(ids.len() >= 15);
    // Two at a time: each render is mostly one core's work.
    let results: Vec<(String, Vec<String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = ids
            .chunks(ids.len().div_ceil(2))
            .map(|part| scope.spawn(move || part.iter().map(|id| check(id)).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let report: Vec<&str> = results.iter().map(|(l, _)| l.as_str()).collect();
    let failures: Vec<&String> = results.iter().flat_map(|(_, f)| f).collect();
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{failures:#?}\n{}", report.join("\n"));
}

/// A lossy encoder moves the peaks it is given: an Opus render of a mix held at -1.2 dBTP
/// measured -0.4. Files for a phone (Opus, Vorbis, MP3) are limited lower, so what the
/// client plays stays under -1 dBTP as decoded (issue #16). Spanish box-breathing and
/// body-scan had the highest peaks after encoding.
#[test]
fn lossy_renders_stay_under_minus_one_dbtp_as_decoded_issue_16() {
    if Command::new("ffmpeg").arg("-version").output().is_err() {
        eprintln!("ffmpeg is not installed; .ci/run installs it");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut report = vec![];
    let mut failures = vec![];
    for (id, language) in [("box-breathing", "es"), ("body-scan", "en")] {
        for ext in ["opus", "ogg", "mp3"] {
            let out = dir.path().join(format!("{id}-{language}.{ext}"));
            let r = run(&[
                "render",
                id,
                "--language",
                language,
                "-o",
                out.to_str().unwrap(),
            ]);
            assert_eq!(r.code, 0, "{id} {ext}: {}", r.stderr);
            let tp = ffmpeg_true_peak(&out).expect("ffmpeg measures the file");
            report.push(format!("{id} ({language}) .{ext}: {tp:.1} dBTP"));
            if tp > -1.0 {
                failures.push(format!("{id} ({language}) .{ext}: {tp} dBTP"));
            }
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{failures:#?}");
}
