//! Decoded audio, ready to mix.

/// Audio at the output rate (48 kHz): one or two channels, interleaved. Mono stays mono
/// in memory (narration usually is) and is spread to both sides when mixed.
#[derive(Debug, Clone, PartialEq)]
pub struct Pcm {
    pub channels: usize,
    pub samples: Vec<f32>,
}

impl Pcm {
    pub fn mono(samples: Vec<f32>) -> Pcm {
        Pcm {
            channels: 1,
            samples,
        }
    }

    pub fn frames(&self) -> usize {
        self.samples.len() / self.channels.max(1)
    }

    /// The sample pair at `frame`, mono spread to both channels.
    #[inline]
    pub fn frame(&self, frame: usize) -> (f32, f32) {
        if self.channels == 1 {
            let s = self.samples[frame];
            (s, s)
        } else {
            (self.samples[2 * frame], self.samples[2 * frame + 1])
        }
    }

    pub fn peak(&self) -> f32 {
        self.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()))
    }
}
