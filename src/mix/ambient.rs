//! The ambient bed under a session: anything that fills stereo frames forever, a
//! synthesized bed or an audio file looped.

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
    /// Stereo, with the tail already crossfaded into the head.
    samples: Vec<f32>,
    pos: usize,
}

impl LoopedClip {
    pub fn new(pcm: &Pcm) -> LoopedClip {
        let frames = pcm.frames();
        let stereo: Vec<f32> = (0..frames)
            .flat_map(|f| {
                let (l, r) = pcm.frame(f);
                [l, r]
            })
            .collect();
        let xf = (2 * crate::timeline::RATE as usize).min(frames / 4);
        let body = frames - xf;
        let mut samples = stereo[..2 * body].to_vec();
        // The last `xf` frames fade out over the first `xf`, which fade in.
        for i in 0..xf {
            let t = (i as f32 + 0.5) / xf as f32;
            let (fin, fout) = (
                (t * std::f32::consts::FRAC_PI_2).sin(),
                (t * std::f32::consts::FRAC_PI_2).cos(),
            );
            for c in 0..2 {
                samples[2 * i + c] = stereo[2 * i + c] * fin + stereo[2 * (body + i) + c] * fout;
            }
        }
        if samples.is_empty() {
            samples = vec![0.0, 0.0];
        }
        LoopedClip { samples, pos: 0 }
    }
}

impl AmbientSource for LoopedClip {
    fn fill(&mut self, out: &mut [f32]) {
        for s in out.iter_mut() {
            *s = self.samples[self.pos];
            self.pos += 1;
            if self.pos == self.samples.len() {
                self.pos = 0;
            }
        }
    }
}

impl AmbientSource for Bed {
    fn fill(&mut self, out: &mut [f32]) {
        Bed::fill(self, out);
    }
}
