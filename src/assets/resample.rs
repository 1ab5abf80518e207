//! Sample-rate conversion to the output rate with rubato's FFT resampler: a fixed ratio,
//! high quality, fed as the clip decodes so the whole input is never held.
//!
//! The chunks, the final partial chunk, the zeros pumped after it and the startup delay
//! trimmed off are exactly those of rubato's `process_all`, so a clip resamples to the same
//! samples whether it streams or not.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

use crate::timeline::RATE;

/// A resampler from `from` Hz to 48 kHz that takes interleaved input in any pieces and hands
/// its output on in pieces.
pub struct Streaming {
    resampler: Fft<f32>,
    channels: usize,
    ratio: f64,
    /// Input not yet resampled; more than one chunk of it is never kept.
    pending: Vec<f32>,
    out: Vec<f32>,
    consumed: usize,
    produced: usize,
    to_trim: usize,
    /// Once the input's end is known: the most frames to pass on in all.
    limit: usize,
}

impl Streaming {
    pub fn new(from: u32, channels: usize) -> Result<Streaming, String> {
        let resampler = Fft::<f32>::new(
            from as usize,
            RATE as usize,
            1024,
            channels,
            FixedSync::Input,
        )
        .map_err(|e| e.to_string())?;
        let out = vec![0.0; resampler.output_frames_max() * channels];
        let to_trim = resampler.output_delay();
        Ok(Streaming {
            ratio: f64::from(RATE) / f64::from(from),
            pending: Vec::with_capacity(2 * resampler.input_frames_max() * channels),
            resampler,
            channels,
            out,
            consumed: 0,
            produced: 0,
            to_trim,
            limit: usize::MAX,
        })
    }

    /// Takes `samples` (interleaved) and passes on what can be resampled so far. A chunk is
    /// resampled only once input beyond it has come, since the last one is treated as partial.
    pub fn push<E>(
        &mut self,
        samples: &[f32],
        emit: &mut impl FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), Wrapped<E>> {
        self.pending.extend_from_slice(samples);
        let chunk = self.resampler.input_frames_next();
        while self.pending.len() / self.channels > chunk {
            self.process(chunk, None, emit)?;
        }
        Ok(())
    }

    /// Resamples what is left and pads with silence up to the length of the whole input
    /// at the output rate, rounded up, as `process_all` does.
    pub fn finish<E>(
        mut self,
        emit: &mut impl FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), Wrapped<E>> {
        let left = self.pending.len() / self.channels;
        let total_in = self.consumed + left;
        self.limit = (self.ratio * total_in as f64).ceil() as usize;
        if left > 0 {
            self.process(left, Some(left), emit)?;
        }
        while self.produced < self.limit {
            self.process(0, Some(0), emit)?;
        }
        Ok(())
    }

    fn process<E>(
        &mut self,
        frames: usize,
        partial: Option<usize>,
        emit: &mut impl FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), Wrapped<E>> {
        let ch = self.channels;
        let input = InterleavedSlice::new(&self.pending[..frames * ch], ch, frames)
            .map_err(|e| Wrapped::Resample(e.to_string()))?;
        let out_frames = self.out.len() / ch;
        let mut output = InterleavedSlice::new_mut(&mut self.out, ch, out_frames)
            .map_err(|e| Wrapped::Resample(e.to_string()))?;
        let indexing = partial.map(|n| Indexing::new().partial_len(n));
        let (used, made) = self
            .resampler
            .process_into_buffer(&input, &mut output, indexing.as_ref())
            .map_err(|e| Wrapped::Resample(e.to_string()))?;
        let used = used.min(frames);
        self.pending.drain(..used * ch);
        self.consumed += used;
        let skip = self.to_trim.min(made);
        self.to_trim -= skip;
        let made = made.min(skip.saturating_add(self.limit.saturating_sub(self.produced)));
        if made > skip {
            self.produced += made - skip;
            emit(&self.out[skip * ch..made * ch]).map_err(Wrapped::Emit)?;
        }
        Ok(())
    }
}

/// A resampling failure, or the error of whoever took the output.
#[derive(Debug)]
pub enum Wrapped<E> {
    Resample(String),
    Emit(E),
}

#[cfg(test)]
mod tests {
    use rubato::audioadapter_buffers::direct::InterleavedSlice;

    use super::*;

    fn streamed(samples: &[f32], channels: usize, from: u32, piece: usize) -> Vec<f32> {
        let mut s = Streaming::new(from, channels).unwrap();
        let mut out = vec![];
        let mut take = |c: &[f32]| -> Result<(), ()> {
            out.extend_from_slice(c);
            Ok(())
        };
        for p in samples.chunks(piece * channels) {
            s.push(p, &mut take).unwrap();
        }
        s.finish(&mut take).unwrap();
        out
    }

    fn tone(from: u32, frames: usize) -> Vec<f32> {
        (0..frames)
            .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / from as f32).sin() * 0.5)
            .collect()
    }

    #[test]
    fn a_tone_keeps_its_pitch_and_length() {
        let from = 44_100;
        let out = streamed(&tone(from, from as usize), 1, from, 1152);
        assert!((out.len() as i64 - 48_000).abs() <= 2, "{}", out.len());
        // Count upward zero crossings in the middle second: 440 Hz stays 440 Hz.
        let mid = &out[4800..43200];
        let crossings = mid.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
        assert!((crossings as i64 - 352).abs() <= 2, "{crossings}");
    }

    #[test]
    fn streaming_in_any_pieces_gives_what_process_all_gives() {
        for (from, frames, channels) in [
            (44_100u32, 30_001usize, 1usize),
            (24_000, 24_000, 2),
            (22_050, 100, 1),
            (96_000, 2048, 2),
        ] {
            let input: Vec<f32> = tone(from, frames * channels);
            let mut whole = Fft::<f32>::new(
                from as usize,
                RATE as usize,
                1024,
                channels,
                FixedSync::Input,
            )
            .unwrap();
            let adapter = InterleavedSlice::new(&input, channels, frames).unwrap();
            let expected = whole
                .process_all(&adapter, frames, None)
                .unwrap()
                .take_data();
            for piece in [1, 576, 1024, 4096, frames] {
                let got = streamed(&input, channels, from, piece);
                assert_eq!(
                    got, expected,
                    "{from} Hz, {frames} frames, {channels} channels, pieces of {piece}"
                );
            }
        }
    }
}
