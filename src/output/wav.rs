//! Writing the renderer's stream to a WAV file (hound): 48 kHz stereo, 16-bit PCM by default.
//! The file is written beside its destination under a temporary name and renamed into place
//! only when complete, so a failure never leaves a half-written file under the real name.

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::mix::Renderer;
use crate::timeline::RATE;

/// Sample formats `render --bits` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Bits {
    #[value(name = "16")]
    I16,
    #[value(name = "24")]
    I24,
    #[value(name = "32f")]
    F32,
}

impl Bits {
    pub fn bytes(self) -> u64 {
        match self {
            Bits::I16 => 2,
            Bits::I24 => 3,
            Bits::F32 => 4,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Bits::I16 => "16-bit",
            Bits::I24 => "24-bit",
            Bits::F32 => "32-bit float",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WavError {
    #[error("cannot create a file in {}", .dir.display())]
    Create {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: hound::Error,
    },
    #[error("cannot put the finished file at {}", .path.display())]
    Persist {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} would be {size} bytes, more than a WAV file can hold (4 GiB); this session is {length}", .path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        length: String,
    },
}

impl WavError {
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            WavError::TooLarge { .. } => Some("render a shorter session, or lower --set values"),
            WavError::Create { .. } | WavError::Persist { .. } => {
                Some("check that the folder exists and that you may write there")
            }
            WavError::Write { .. } => Some("check that the disk has room"),
        }
    }
}

/// Frames written per block: large enough to be fast, small enough to keep memory flat.
const BLOCK: usize = 4096;
/// Blocks in flight between the rendering and the writing thread.
const PIPELINE: usize = 4;
const HEADER_BYTES: u64 = 44;

/// Renders everything `renderer` has left into `path`. `progress` is told the frames done
/// and the total after each block.
pub fn write(
    renderer: &mut Renderer,
    path: &Path,
    bits: Bits,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64, WavError> {
    let total = renderer.end() - renderer.position();
    let size = HEADER_BYTES + total * 2 * bits.bytes();
    if size > u64::from(u32::MAX) {
        let length = crate::timeline::time::human(renderer.end());
        return Err(WavError::TooLarge {
            path: path.to_path_buf(),
            size,
            length,
        });
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".still-render-")
        .suffix(".wav.part")
        .tempfile_in(&dir)
        .map_err(|source| WavError::Create {
            dir: dir.clone(),
            source,
        })?;
    let write_err = |source| WavError::Write {
        path: path.to_path_buf(),
        source,
    };
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: RATE,
        bits_per_sample: match bits {
            Bits::I16 => 16,
            Bits::I24 => 24,
            Bits::F32 => 32,
        },
        sample_format: if bits == Bits::F32 {
            hound::SampleFormat::Float
        } else {
            hound::SampleFormat::Int
        },
    };
    let file = tmp.reopen().map_err(|source| WavError::Create {
        dir: dir.clone(),
        source,
    })?;
    let mut writer =
        hound::WavWriter::new(BufWriter::with_capacity(1 << 16, file), spec).map_err(write_err)?;
    // Rendering and writing run side by side: this thread renders blocks while another
    // quantizes and writes the ones before. Blocks go round between them, never reallocated.
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<(Vec<f32>, usize)>(PIPELINE);
    let (empty_tx, empty_rx) = std::sync::mpsc::sync_channel::<Vec<f32>>(PIPELINE);
    for _ in 0..PIPELINE {
        empty_tx
            .send(vec![0.0f32; BLOCK * 2])
            .expect("the channel has room");
    }
    let done = std::thread::scope(|scope| -> Result<u64, WavError> {
        let writing = scope.spawn(move || -> Result<(), hound::Error> {
            let mut ints = vec![0i32; BLOCK * 2];
            let mut dither = Dither::new();
            for (block, n) in full_rx {
                let samples = &block[..2 * n];
                match bits {
                    Bits::I16 => {
                        dither.quantize(samples, 32_767.0, &mut ints);
                        let mut w = writer.get_i16_writer(samples.len() as u32);
                        for &s in &ints[..samples.len()] {
                            w.write_sample(s as i16);
                        }
                        w.flush()?;
                    }
                    Bits::I24 => {
                        dither.quantize(samples, 8_388_607.0, &mut ints);
                        for &s in &ints[..samples.len()] {
                            writer.write_sample(s)?;
                        }
                    }
                    Bits::F32 => {
                        for &s in samples {
                            writer.write_sample(s)?;
                        }
                    }
                }
                // The renderer may have stopped; then the block is simply dropped.
                let _ = empty_tx.send(block);
            }
            writer.finalize()
        });
        let mut done = 0u64;
        for mut block in empty_rx.iter() {
            let n = renderer.fill(&mut block);
            done += n as u64;
            progress(done, total);
            if full_tx.send((block, n)).is_err() || n < BLOCK {
                break;
            }
        }
        drop(full_tx);
        writing
            .join()
            .expect("the writing thread does not panic")
            .map_err(write_err)?;
        Ok(done)
    })?;
    tmp.persist(path).map_err(|e| WavError::Persist {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(done)
}

/// TPDF dither (±1 LSB, triangular) from a seeded table, so renders stay byte-identical.
/// The table is long (1.4 s of stereo samples) so its period is far below hearing, and
/// reading it keeps the quantizing loop free of dependencies, so it vectorizes.
struct Dither {
    table: Vec<f32>,
    at: usize,
}

const DITHER_TABLE: usize = 1 << 17;

impl Dither {
    fn new() -> Dither {
        let mut state = 0x5DEE_CE66_D1CE_4E5Bu64;
        let scale = 1.0 / (1u32 << 24) as f32;
        let table = (0..DITHER_TABLE)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // The difference of two uniform values: the draw's high and low 24 bits.
                ((state >> 40) as f32 - (state & 0xFF_FFFF) as f32) * scale
            })
            .collect();
        Dither { table, at: 0 }
    }

    /// Scales `samples` to integer full scale with dither, rounds half away from zero and
    /// clamps, into `out`.
    fn quantize(&mut self, samples: &[f32], full: f32, out: &mut [i32]) {
        let mut i = 0;
        while i < samples.len() {
            let take = (samples.len() - i).min(DITHER_TABLE - self.at);
            let noise = &self.table[self.at..self.at + take];
            for ((o, &s), &d) in out[i..i + take]
                .iter_mut()
                .zip(&samples[i..i + take])
                .zip(noise)
            {
                let v = (s * full + d).clamp(-full - 1.0, full);
                let v = if v.is_nan() {
                    0.0
                } else {
                    v + 0.5f32.copysign(v)
                };
                // SAFETY: `v` is finite and within ±(full + 1.5) after the clamp and the NaN
                // check, so it fits an i32. The unchecked conversion lets the loop vectorize.
                *o = unsafe { v.to_int_unchecked::<i32>() };
            }
            i += take;
            self.at = (self.at + take) % DITHER_TABLE;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantizing_rounds_clamps_and_dithers_within_one_step() {
        let mut d = Dither::new();
        let input = [0.0f32, 0.25, -0.25, 0.999, -0.999, 1.5, -1.5, 2.0, -2.0];
        let mut out = [0i32; 9];
        d.quantize(&input, 32_767.0, &mut out);
        for (s, q) in input.iter().zip(out) {
            let exact = (s * 32_767.0).clamp(-32_768.0, 32_767.0);
            assert!((q as f32 - exact).abs() <= 1.5, "{s} → {q}");
            assert!((-32_768..=32_767).contains(&q));
        }
        let mean = d.table.iter().sum::<f32>() / d.table.len() as f32;
        assert!(mean.abs() < 0.01 && d.table.iter().all(|v| v.abs() <= 1.0));
    }

    #[test]
    fn the_dither_continues_across_blocks() {
        let samples = vec![0.1f32; 3 * DITHER_TABLE / 2];
        let (mut a, mut b) = (Dither::new(), Dither::new());
        let mut whole = vec![0; samples.len()];
        a.quantize(&samples, 32_767.0, &mut whole);
        let mut parts = vec![0; samples.len()];
        let (x, y) = parts.split_at_mut(1000);
        b.quantize(&samples[..1000], 32_767.0, x);
        b.quantize(&samples[1000..], 32_767.0, y);
        assert_eq!(whole, parts);
    }
}
