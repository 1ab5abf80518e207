//! Writing the renderer's stream to a WAV file: 48 kHz stereo, 16-bit PCM by default. The
//! header is the one hound writes (a test holds them equal), or RF64 past 4 GiB, which hound
//! cannot write; the samples are converted a block at a time in loops that vectorize. Where
//! the file lives is the caller's (the command line writes a regular file beside its
//! destination under a temporary name and renames it into place only when complete, and
//! writes a device or FIFO in place); this writes what it is given.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::mix::Frames;
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

    pub fn bits(self) -> u16 {
        match self {
            Bits::I16 => 16,
            Bits::I24 => 24,
            Bits::F32 => 32,
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
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("the render was interrupted, so {} was not written", .path.display())]
    Interrupted { path: PathBuf },
}

impl WavError {
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            WavError::Write { .. } => Some("check that the disk has room"),
            WavError::Interrupted { .. } => None,
        }
    }

    /// The system's error under a write error, if that is what it is.
    pub fn io(&self) -> Option<&std::io::Error> {
        match self {
            WavError::Write { source, .. } => source.downcast_ref(),
            WavError::Interrupted { .. } => None,
        }
    }
}

/// Frames written per block: large enough to be fast, small enough to keep memory flat.
pub(super) const BLOCK: usize = 1 << 15;
/// Blocks in flight between the rendering and the writing thread.
const PIPELINE: usize = 4;

/// Renders everything `renderer` has left into `file` (named `name` in messages): plain
/// WAV, or, for a session too long for WAV's 4 GiB, RF64 (EBU Tech 3306, which sox, ffmpeg
/// and most editors read). With `reserve_room` (a new regular file) the whole file's room is
/// reserved before the first sample; a device or a FIFO is only written. `progress` is told
/// the frames done and the total after each block, and stops the render by returning
/// false: then [`WavError::Interrupted`], and the caller discards what was written.
pub fn write(
    renderer: &mut dyn Frames,
    file: &mut std::fs::File,
    name: &Path,
    reserve_room: bool,
    bits: Bits,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<u64, WavError> {
    let frames = renderer.end() - renderer.position();
    let write_err = |source: Box<dyn std::error::Error + Send + Sync>| WavError::Write {
        path: name.to_path_buf(),
        source,
    };
    if reserve_room {
        let len = header(frames, bits).len() as u64 + frames * 2 * bits.bytes();
        reserve(file, len).map_err(|e| write_err(e.into()))?;
    }
    // Blocks are large, so they go to the file as they are, without another buffer.
    let done = write_stream(renderer, file, bits, progress).map_err(write_err)?;
    if done < frames {
        return Err(WavError::Interrupted {
            path: name.to_path_buf(),
        });
    }
    Ok(done)
}

/// Reserves the room for the whole file before the first sample, where the system can: a
/// disk without room fails at once instead of near the end, and the file system lays the
/// file out in one piece. Where reserving is not supported, the file grows as it is written.
fn reserve(file: &std::fs::File, len: u64) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let Ok(len) = libc::off_t::try_from(len) else {
            return Ok(());
        };
        // SAFETY: fallocate reads only its arguments; the descriptor is open for writing.
        if unsafe { libc::fallocate(file.as_raw_fd(), 0, 0, len) } != 0 {
            let e = std::io::Error::last_os_error();
            if matches!(
                e.raw_os_error(),
                Some(libc::ENOSPC | libc::EFBIG | libc::EDQUOT)
            ) {
                return Err(e);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, len);
    Ok(())
}

/// Renders everything `renderer` has left to `out` as a WAV stream: the header first (the
/// length is known before the first sample, so no seeking back), then the samples, little-
/// endian as WAV has them. A file and a stream get the same bytes.
pub fn write_stream(
    renderer: &mut dyn Frames,
    out: &mut (dyn Write + Send),
    bits: Bits,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    out.write_all(&header(renderer.end() - renderer.position(), bits))?;
    let mut ints = vec![0i32; BLOCK * 2];
    let mut bytes = vec![0u8; BLOCK * 2 * bits.bytes() as usize];
    let mut dither = Dither::new();
    let done = pipeline(
        renderer,
        progress,
        |samples: &[f32]| -> std::io::Result<()> {
            let width = bits.bytes() as usize;
            let bytes = &mut bytes[..samples.len() * width];
            let ints = &mut ints[..samples.len()];
            match bits {
                Bits::I16 => {
                    dither.quantize(samples, 32_767.0, ints);
                    for (b, &s) in bytes.chunks_exact_mut(2).zip(ints.iter()) {
                        b.copy_from_slice(&(s as i16).to_le_bytes());
                    }
                }
                Bits::I24 => {
                    dither.quantize(samples, 8_388_607.0, ints);
                    for (b, &s) in bytes.chunks_exact_mut(3).zip(ints.iter()) {
                        b.copy_from_slice(&s.to_le_bytes()[..3]);
                    }
                }
                Bits::F32 => {
                    for (b, &s) in bytes.chunks_exact_mut(4).zip(samples) {
                        b.copy_from_slice(&s.to_le_bytes());
                    }
                }
            }
            out.write_all(bytes)
        },
    )?;
    out.flush()?;
    Ok(done)
}

/// The header of `frames` stereo frames at 48 kHz: plain WAV (as hound writes it) when the
/// data fits 4 GiB, RF64 when it does not.
fn header(frames: u64, bits: Bits) -> Vec<u8> {
    let block_align = 2 * bits.bits() / 8;
    let data = frames * u64::from(block_align);
    // The fmt chunk hound writes: plain PCM for 16 bits, WAVE_FORMAT_EXTENSIBLE (front left
    // and right; PCM or IEEE float) for 24 bits and float.
    let mut fmt = Vec::with_capacity(48);
    fmt.extend(b"fmt ");
    let extensible = bits != Bits::I16;
    fmt.extend(if extensible { 40u32 } else { 16u32 }.to_le_bytes());
    fmt.extend(if extensible { 0xFFFEu16 } else { 1u16 }.to_le_bytes());
    fmt.extend(2u16.to_le_bytes());
    fmt.extend(RATE.to_le_bytes());
    fmt.extend((RATE * u32::from(block_align)).to_le_bytes());
    fmt.extend(block_align.to_le_bytes());
    fmt.extend(bits.bits().to_le_bytes());
    if extensible {
        fmt.extend(22u16.to_le_bytes());
        fmt.extend(bits.bits().to_le_bytes());
        fmt.extend(3u32.to_le_bytes());
        let sub_format: u8 = if bits == Bits::F32 { 3 } else { 1 };
        fmt.extend([
            sub_format, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71,
        ]);
    }
    let mut h = Vec::with_capacity(80);
    if let Ok(data32) = u32::try_from(data)
        && let Some(riff) = data32.checked_add(4 + fmt.len() as u32 + 8)
    {
        h.extend(b"RIFF");
        h.extend(riff.to_le_bytes());
        h.extend(b"WAVE");
        h.extend(fmt);
        h.extend(b"data");
        h.extend(data32.to_le_bytes());
    } else {
        let riff_size = 4 + (8 + 28) + fmt.len() as u64 + 8 + data;
        h.extend(b"RF64");
        h.extend(u32::MAX.to_le_bytes());
        h.extend(b"WAVE");
        h.extend(b"ds64");
        h.extend(28u32.to_le_bytes());
        h.extend(riff_size.to_le_bytes());
        h.extend(data.to_le_bytes());
        h.extend(frames.to_le_bytes());
        h.extend(0u32.to_le_bytes());
        h.extend(fmt);
        h.extend(b"data");
        h.extend(u32::MAX.to_le_bytes());
    }
    h
}

/// Rendering and writing run side by side: this thread renders blocks while another hands
/// the ones before to `sink`. Blocks go round between them, never reallocated.
pub(super) fn pipeline<E: Send>(
    renderer: &mut dyn Frames,
    progress: &mut dyn FnMut(u64, u64) -> bool,
    mut sink: impl FnMut(&[f32]) -> Result<(), E> + Send,
) -> Result<u64, E> {
    let total = renderer.end() - renderer.position();
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<(Vec<f32>, usize)>(PIPELINE);
    let (empty_tx, empty_rx) = std::sync::mpsc::sync_channel::<Vec<f32>>(PIPELINE);
    for _ in 0..PIPELINE {
        empty_tx
            .send(vec![0.0f32; BLOCK * 2])
            .expect("the channel has room");
    }
    std::thread::scope(|scope| {
        let writing = scope.spawn(move || -> Result<(), E> {
            for (block, n) in full_rx {
                sink(&block[..2 * n])?;
                // The renderer may have stopped; then the block is simply dropped.
                let _ = empty_tx.send(block);
            }
            Ok(())
        });
        let mut done = 0u64;
        for mut block in empty_rx.iter() {
            let n = renderer.fill(&mut block);
            done += n as u64;
            let go_on = progress(done, total);
            if full_tx.send((block, n)).is_err() || n < BLOCK || !go_on {
                break;
            }
        }
        drop(full_tx);
        writing.join().expect("the writing thread does not panic")?;
        Ok(done)
    })
}

/// TPDF dither (±1 LSB, triangular) from a seeded table, so renders stay byte-identical.
/// The table is long (1.4 s of stereo samples) so its period is far below hearing, and
/// reading it keeps the quantizing loop free of dependencies, so it vectorizes.
pub(super) struct Dither {
    table: Vec<f32>,
    at: usize,
}

const DITHER_TABLE: usize = 1 << 17;

impl Dither {
    pub(super) fn new() -> Dither {
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
    pub(super) fn quantize(&mut self, samples: &[f32], full: f32, out: &mut [i32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: this CPU has AVX2, as just checked.
            unsafe { self.quantize_avx2(samples, full, out) };
            return;
        }
        self.quantize_any(samples, full, out);
    }

    /// [`Dither::quantize`] compiled for AVX2: the same operations, eight samples at a time.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn quantize_avx2(&mut self, samples: &[f32], full: f32, out: &mut [i32]) {
        self.quantize_any(samples, full, out);
    }

    #[inline(always)]
    fn quantize_any(&mut self, samples: &[f32], full: f32, out: &mut [i32]) {
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
    fn long_sessions_get_an_rf64_header() {
        let short = header(48_000, Bits::I16);
        assert_eq!(&short[..4], b"RIFF");
        assert_eq!(short.len(), 44);
        assert_eq!(
            u32::from_le_bytes(short[40..44].try_into().unwrap()),
            192_000
        );
        let frames = 12 * 3600 * 48_000u64;
        let long = header(frames, Bits::I16);
        assert_eq!(&long[..4], b"RF64");
        assert_eq!(&long[12..16], b"ds64");
        let riff = u64::from_le_bytes(long[20..28].try_into().unwrap());
        let data = u64::from_le_bytes(long[28..36].try_into().unwrap());
        assert_eq!(data, frames * 4);
        assert_eq!(riff, long.len() as u64 - 8 + data);
        assert_eq!(&long[long.len() - 8..long.len() - 4], b"data");
        assert_eq!(
            header(1000, Bits::I24).len(),
            68,
            "extensible fmt, as hound writes it"
        );
    }

    #[test]
    fn headers_are_the_ones_hound_writes() {
        for bits in [Bits::I16, Bits::I24, Bits::F32] {
            let frames = 1000u32;
            let mut file = std::io::Cursor::new(vec![]);
            let spec = hound::WavSpec {
                channels: 2,
                sample_rate: RATE,
                bits_per_sample: bits.bits(),
                sample_format: if bits == Bits::F32 {
                    hound::SampleFormat::Float
                } else {
                    hound::SampleFormat::Int
                },
            };
            let mut w = hound::WavWriter::new(&mut file, spec).unwrap();
            for _ in 0..2 * frames {
                match bits {
                    Bits::F32 => w.write_sample(0.0f32).unwrap(),
                    _ => w.write_sample(0i32).unwrap(),
                }
            }
            w.finalize().unwrap();
            let hound = file.into_inner();
            let ours = header(u64::from(frames), bits);
            assert_eq!(hound[..ours.len()], ours[..], "{bits:?}");
            assert_eq!(
                hound.len() as u64,
                ours.len() as u64 + u64::from(frames) * 2 * bits.bytes()
            );
        }
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
