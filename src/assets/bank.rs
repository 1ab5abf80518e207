//! Every sound a session needs, made ready before the first sample: clips decoded (narration
//! loudness-normalized), built-in bells and cue tones synthesized. Shared buffers, each made
//! once however often it plays.

use std::collections::HashMap;
use std::sync::Arc;

use crate::script::{BuiltinSound, Clip, Phase, Sound};
use crate::timeline::{EventKind, Timeline};

use super::{AssetError, Audio, ClipInfo, Pcm, decode, normalize_narration, synth};

/// A few milliseconds of fade at both ends of every clip, so a clip cut hard at its edges
/// (or one starting on a non-zero sample) never clicks.
const EDGE_FADE: usize = 96;

/// Something that fills stereo frames forever: a synthesized bed or a looped clip.
pub trait AmbientSource: Send {
    /// Writes the next `out.len() / 2` stereo frames; must not allocate, lock or block, and
    /// must give the same stream however the calls are split.
    fn fill(&mut self, out: &mut [f32]);
}

/// How a clip is used: narration is normalized and ducks the bed; other clips keep their level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Narration,
    Sound,
}

#[derive(Default)]
pub struct Bank {
    clips: HashMap<(String, Role), Arc<Pcm>>,
    bells: HashMap<BuiltinSound, Arc<Pcm>>,
    tones: HashMap<(Phase, u64), Arc<Pcm>>,
}

impl Bank {
    /// Prepares every sound `timeline` plays. `clips` are the session's probed clips; an
    /// unreadable or damaged one fails here, before anything is played.
    pub fn prepare(timeline: &Timeline, clips: &[(Clip, ClipInfo)]) -> Result<Bank, AssetError> {
        let mut bank = Bank::default();
        let info = |c: &Clip| {
            clips
                .iter()
                .find(|(k, _)| k.path == c.path)
                .map(|(_, i)| *i)
        };
        let want_clip = |bank: &mut Bank, clip: &Clip, role: Role| -> Result<(), AssetError> {
            let key = (clip.path.clone(), role);
            if bank.clips.contains_key(&key) {
                return Ok(());
            }
            let i = info(clip).ok_or_else(|| AssetError::NoAudio {
                name: clip.path.clone(),
            })?;
            let mut pcm = decode(clip, &i)?;
            if role == Role::Narration {
                normalize_narration(&mut pcm);
            }
            fade_edges(&mut pcm);
            bank.clips.insert(key, Arc::new(Pcm::new(pcm)));
            Ok(())
        };
        for e in &timeline.events {
            match &e.kind {
                EventKind::Say { clip: Some(c), .. } => want_clip(&mut bank, c, Role::Narration)?,
                EventKind::Bell {
                    sound: Sound::Clip(c),
                    ..
                } => want_clip(&mut bank, c, Role::Sound)?,
                EventKind::Bell {
                    sound: Sound::Builtin(b),
                    ..
                } => {
                    bank.bells
                        .entry(*b)
                        .or_insert_with(|| Arc::new(Pcm::mono(synth::bell(*b))));
                }
                EventKind::Cue {
                    phase,
                    length,
                    cue: crate::script::Cue::Tone,
                } => {
                    bank.tones
                        .entry((*phase, *length))
                        .or_insert_with(|| Arc::new(Pcm::mono(synth::cue_tone(*phase, *length))));
                }
                EventKind::Cue {
                    cue: crate::script::Cue::Bell,
                    ..
                } => {
                    let wood = BuiltinSound::Wood;
                    bank.bells
                        .entry(wood)
                        .or_insert_with(|| Arc::new(Pcm::mono(synth::bell(wood))));
                }
                _ => {}
            }
        }
        if let Some(a) = &timeline.ambient
            && let Sound::Clip(c) = &a.sound
        {
            want_clip(&mut bank, c, Role::Sound)?;
        }
        Ok(bank)
    }

    pub fn clip(&self, clip: &Clip, role: Role) -> Option<Arc<Pcm>> {
        self.clips.get(&(clip.path.clone(), role)).cloned()
    }

    pub fn bell(&self, sound: BuiltinSound) -> Option<Arc<Pcm>> {
        self.bells.get(&sound).cloned()
    }

    pub fn tone(&self, phase: Phase, length: u64) -> Option<Arc<Pcm>> {
        self.tones.get(&(phase, length)).cloned()
    }

    /// Decoded audio held, in bytes.
    pub fn bytes(&self) -> usize {
        let sizes = self
            .clips
            .values()
            .chain(self.bells.values())
            .chain(self.tones.values());
        sizes.map(|p| p.bytes()).sum()
    }
}

fn fade_edges(pcm: &mut Audio) {
    let frames = pcm.frames();
    let n = EDGE_FADE.min(frames / 2);
    let ch = pcm.channels;
    for i in 0..n {
        let g = i as f32 / n as f32;
        for c in 0..ch {
            pcm.samples[i * ch + c] *= g;
            pcm.samples[(frames - 1 - i) * ch + c] *= g;
        }
    }
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

impl AmbientSource for synth::Bed {
    fn fill(&mut self, out: &mut [f32]) {
        synth::Bed::fill(self, out);
    }
}
