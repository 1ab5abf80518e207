//! Renders every built-in sound to a WAV file (32-bit float, 48 kHz), to look at and listen to:
//! `cargo run --example synth_render -- OUT_DIR [BED_SECONDS] [ONLY_THIS_SOUND]`, then e.g.
//! `sox OUT_DIR/bowl.wav -n stats` and `sox OUT_DIR/bowl.wav -n spectrogram -o bowl.png`.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use still::assets::synth::{Bed, bell, cue_tone};
use still::script::{BuiltinSound, Phase};

/// Seconds this thread has spent on a CPU (Linux), else wall time: the machine may be busy.
fn cpu_seconds(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

/// A minimal WAV writer: IEEE float samples, interleaved.
fn write_wav(path: &Path, channels: u16, samples: &[f32]) -> std::io::Result<()> {
    let rate = 48_000u32;
    let data_len = (samples.len() * 4) as u32;
    let mut out = Vec::with_capacity(samples.len() * 4 + 58);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(50 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&18u32.to_le_bytes());
    out.extend_from_slice(&3u16.to_le_bytes()); // IEEE float
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * u32::from(channels) * 4).to_le_bytes());
    out.extend_from_slice(&(channels * 4).to_le_bytes());
    out.extend_from_slice(&32u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // no extension
    out.extend_from_slice(b"fact");
    out.extend_from_slice(&4u32.to_le_bytes());
    out.extend_from_slice(&((samples.len() / usize::from(channels)) as u32).to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    std::fs::File::create(path)?.write_all(&out)
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "synth-out".into());
    let bed_secs: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60.0);
    let only = args.next();
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    for b in BuiltinSound::BELLS.into_iter().filter(|b| wanted(b.name())) {
        let t = Instant::now();
        let buf = bell(b);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{:12} {:6.2} s  rendered in {ms:6.1} ms",
            b.name(),
            buf.len() as f64 / 48e3
        );
        write_wav(&dir.join(format!("{}.wav", b.name())), 1, &buf)?;
    }
    let cues = [
        (Phase::Inhale, 4.0),
        (Phase::Exhale, 6.0),
        (Phase::Exhale, 12.0),
    ];
    for (phase, secs) in cues.into_iter().filter(|_| wanted("cue")) {
        let t = Instant::now();
        let buf = cue_tone(phase, (secs * 48e3) as u64);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let name = format!("cue-{}-{secs}s", phase.name());
        println!(
            "{name:12} {:6.2} s  rendered in {ms:6.1} ms",
            buf.len() as f64 / 48e3
        );
        write_wav(&dir.join(format!("{name}.wav")), 1, &buf)?;
    }
    for b in BuiltinSound::BEDS.into_iter().filter(|b| wanted(b.name())) {
        let mut buf = vec![0.0f32; 2 * (bed_secs * 48e3) as usize];
        // The fastest of three runs, in CPU time: the machine may be busy with other work.
        let mut secs = f64::MAX;
        let wall = Instant::now();
        for _ in 0..3 {
            let mut bed = Bed::new(b, 1);
            let t = cpu_seconds(wall);
            for chunk in buf.chunks_mut(2 * 512) {
                bed.fill(chunk);
            }
            secs = secs.min(cpu_seconds(wall) - t);
        }
        println!(
            "{:12} {bed_secs:6.2} s  rendered in {:6.1} ms ({:.1} ns per frame)",
            b.name(),
            secs * 1e3,
            secs * 1e9 / (bed_secs * 48e3)
        );
        write_wav(&dir.join(format!("{}.wav", b.name())), 2, &buf)?;
    }
    Ok(())
}
