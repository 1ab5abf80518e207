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
        let xf = (2 * crate::timeline::RATE as usize).min(frames / 4);
        let body = frames - xf;
        // Built in place from the 16-bit clip, never through a second whole copy as floats:
        // a bed at its length limit then costs its floats once (issue #21).
        let mut samples = Vec::with_capacity(2 * body);
        for f in 0..body {
            let (l, r) = pcm.frame(f);
            samples.extend([l, r]);
        }
        // The last `xf` frames fade out over the first `xf`, which fade in.
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
