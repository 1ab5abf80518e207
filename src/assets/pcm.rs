//! Audio ready to mix, kept compact: sessions hold minutes of narration in memory.

/// Decoded audio at the output rate (48 kHz): one or two channels, interleaved, as floats.
/// What decoding gives and what loudness and fades work on, before it is stored as [`Pcm`].
#[derive(Debug, Clone, PartialEq)]
pub struct Audio {
    pub channels: usize,
    pub samples: Vec<f32>,
}

impl Audio {
    pub fn frames(&self) -> usize {
        self.samples.len() / self.channels.max(1)
    }
}

/// Audio stored as 16-bit integers scaled to its own peak (half the memory of floats, and
/// 96 dB below the peak at worst), with the scale that turns them back into floats. Mono
/// stays mono and is spread to both sides when mixed.
#[derive(Debug, Clone, PartialEq)]
pub struct Pcm {
    pub channels: usize,
    pub samples: Vec<i16>,
    /// The float value of one integer step.
    pub scale: f32,
}

impl Pcm {
    pub fn new(audio: Audio) -> Pcm {
        let peak = audio.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        if peak == 0.0 || !peak.is_finite() {
            return Pcm {
                channels: audio.channels,
                samples: vec![0; audio.samples.len()],
                scale: 0.0,
            };
        }
        let to_int = 32_767.0 / peak;
        // Rounds half away from zero, as `f32::round` does, without its call per sample (a
        // bell's samples are quantized before a sit's first sound).
        let samples = audio
            .samples
            .iter()
            .map(|s| {
                let v = s * to_int;
                (v + 0.5f32.copysign(v)) as i16
            })
            .collect();
        Pcm {
            channels: audio.channels,
            samples,
            scale: peak / 32_767.0,
        }
    }

    pub fn mono(samples: Vec<f32>) -> Pcm {
        Pcm::new(Audio {
            channels: 1,
            samples,
        })
    }

    pub fn frames(&self) -> usize {
        self.samples.len() / self.channels.max(1)
    }

    /// The sample pair at `frame`, mono spread to both channels.
    #[inline]
    pub fn frame(&self, frame: usize) -> (f32, f32) {
        if self.channels == 1 {
            let s = f32::from(self.samples[frame]) * self.scale;
            (s, s)
        } else {
            (
                f32::from(self.samples[2 * frame]) * self.scale,
                f32::from(self.samples[2 * frame + 1]) * self.scale,
            )
        }
    }

    pub fn peak(&self) -> f32 {
        self.samples
            .iter()
            .map(|s| s.unsigned_abs())
            .max()
            .map_or(0.0, |m| f32::from(m) * self.scale)
    }

    pub fn bytes(&self) -> usize {
        self.samples.len() * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storing_keeps_the_peak_exact_and_the_rest_within_a_step() {
        let samples: Vec<f32> = (0..1000)
            .map(|i| ((i as f32) * 0.01).sin() * 0.37)
            .collect();
        let pcm = Pcm::mono(samples.clone());
        assert!((pcm.peak() - 0.37).abs() < 1e-4);
        for (i, s) in samples.iter().enumerate() {
            assert!((pcm.frame(i).0 - s).abs() <= pcm.scale);
        }
        assert_eq!(Pcm::mono(vec![0.0; 4]).frame(2), (0.0, 0.0));
    }
}
