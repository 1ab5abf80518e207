//! The ambient bed under a session: anything that fills stereo frames forever, a
//! synthesized bed or an audio file looped.

use std::sync::Arc;

use crate::assets::Pcm;
use crate::assets::synth::Bed;

/// Something that fills stereo frames forever: a synthesized bed or a looped clip.
pub trait AmbientSource: Send {
    /// Writes the next `out.len() / 2` stereo frames; must not allocate, lock or block, and
    /// must give the same stream however the calls are split.
    fn fill(&mut self, out: &mut [f32]);
}

/// An audio file as an ambient bed: looped with a crossfade so the seam is not heard.
pub struct LoopedClip {
    /// The clip as decoded, shared with the bank: the loop plays its frames from `head`'s
    /// end to `body`, so a bed costs no second copy (a minute of stereo as floats was 22 MB,
    /// on top of its 16-bit samples).
    pcm: Arc<Pcm>,
    /// The loop's first frames, stereo: the clip's tail crossfaded into its head.
    head: Vec<f32>,
    /// Frames in one turn of the loop.
    body: usize,
    /// The next frame to play.
    pos: usize,
}

impl LoopedClip {
    pub fn new(pcm: Arc<Pcm>) -> LoopedClip {
        let frames = pcm.frames();
        let xf = (2 * crate::timeline::RATE as usize).min(frames / 4);
        let body = frames - xf;
        // The last `xf` frames fade out over the first `xf`, which fade in.
        let mut head = Vec::with_capacity(2 * xf);
        for i in 0..xf {
            let t = (i as f32 + 0.5) / xf as f32;
            let (fin, fout) = (
                (t * std::f32::consts::FRAC_PI_2).sin(),
                (t * std::f32::consts::FRAC_PI_2).cos(),
            );
            let (h, tail) = (pcm.frame(i), pcm.frame(body + i));
            head.extend([h.0 * fin + tail.0 * fout, h.1 * fin + tail.1 * fout]);
        }
        LoopedClip {
            pcm,
            head,
            body,
            pos: 0,
        }
    }

    /// Writes frames `self.pos..self.pos + out.len() / 2` of the loop, all within one turn.
    fn copy_run(&self, out: &mut [f32]) {
        let xf = self.head.len() / 2;
        if self.pos < xf {
            out.copy_from_slice(&self.head[2 * self.pos..2 * self.pos + out.len()]);
            return;
        }
        let scale = self.pcm.scale;
        if self.pcm.channels == 1 {
            let from = &self.pcm.samples[self.pos..self.pos + out.len() / 2];
            for (o, &s) in out.chunks_exact_mut(2).zip(from) {
                let v = f32::from(s) * scale;
                o.copy_from_slice(&[v, v]);
            }
        } else {
            let from = &self.pcm.samples[2 * self.pos..2 * self.pos + out.len()];
            for (o, &s) in out.iter_mut().zip(from) {
                *o = f32::from(s) * scale;
            }
        }
    }
}

impl AmbientSource for LoopedClip {
    fn fill(&mut self, out: &mut [f32]) {
        if self.body == 0 {
            out.fill(0.0);
            return;
        }
        let mut rest = out;
        while rest.len() >= 2 {
            let xf = self.head.len() / 2;
            // A run ends where the crossfaded head ends or the turn does.
            let edge = if self.pos < xf { xf } else { self.body };
            let n = (edge - self.pos).min(rest.len() / 2);
            let (now, more) = rest.split_at_mut(2 * n);
            self.copy_run(now);
            self.pos += n;
            if self.pos == self.body {
                self.pos = 0;
            }
            rest = more;
        }
    }
}

impl AmbientSource for Bed {
    fn fill(&mut self, out: &mut [f32]) {
        Bed::fill(self, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loop as it was first built: the whole clip as floats, the tail crossfaded in.
    fn whole_loop(pcm: &Pcm) -> Vec<f32> {
        let frames = pcm.frames();
        let xf = (2 * crate::timeline::RATE as usize).min(frames / 4);
        let body = frames - xf;
        let mut samples: Vec<f32> = (0..body)
            .flat_map(|f| <[f32; 2]>::from(pcm.frame(f)))
            .collect();
        for i in 0..xf {
            let t = (i as f32 + 0.5) / xf as f32;
            let (fin, fout) = (
                (t * std::f32::consts::FRAC_PI_2).sin(),
                (t * std::f32::consts::FRAC_PI_2).cos(),
            );
            let (head, tail) = (pcm.frame(i), pcm.frame(body + i));
            samples[2 * i] = head.0 * fin + tail.0 * fout;
            samples[2 * i + 1] = head.1 * fin + tail.1 * fout;
        }
        samples
    }

    fn clip(channels: usize, frames: usize) -> Pcm {
        let samples = (0..frames * channels)
            .map(|i| ((i * 7919) % 65_521) as i16 ^ 0x1234)
            .collect();
        Pcm {
            channels,
            samples,
            scale: 1.0 / 32_768.0,
        }
    }

    #[test]
    fn a_looped_clip_plays_what_a_whole_float_copy_would_however_split() {
        for (channels, frames) in [(2, 250_000), (1, 250_000), (2, 10), (1, 3)] {
            let pcm = Arc::new(clip(channels, frames));
            let expected = whole_loop(&pcm);
            let turns = 2 * (expected.len() / 2) * 5 / 2;
            let mut looped = LoopedClip::new(pcm.clone());
            let mut got = vec![];
            let mut size = 1;
            while got.len() < turns {
                let mut block = vec![9.0; 2 * size];
                looped.fill(&mut block);
                got.extend(block);
                size = size * 7 % 4099 + 1;
            }
            for (k, g) in got.iter().enumerate() {
                assert_eq!(
                    g.to_bits(),
                    expected[k % expected.len()].to_bits(),
                    "{channels} ch, sample {k}"
                );
            }
        }
    }

    #[test]
    fn an_empty_clip_loops_as_silence() {
        let mut looped = LoopedClip::new(Arc::new(clip(2, 0)));
        let mut block = vec![1.0; 64];
        looped.fill(&mut block);
        assert!(block.iter().all(|&s| s == 0.0));
    }
}
