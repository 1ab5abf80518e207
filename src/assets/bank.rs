//! Every sound a session needs, made ready before the first sample: clips decoded (narration
//! loudness-normalized), built-in bells and cue tones synthesized. Shared buffers, each made
//! once however often it plays.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::script::{BuiltinSound, Clip, Cue, Phase, Sound};
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
    /// unreadable or damaged one fails here, before anything is played. The work is shared
    /// among the machine's cores; each sound is made the same way whichever core makes it.
    pub fn prepare(timeline: &Timeline, clips: &[(Clip, ClipInfo)]) -> Result<Bank, AssetError> {
        let jobs = jobs(timeline);
        let results: Vec<Mutex<Option<Result<Pcm, AssetError>>>> =
            jobs.iter().map(|_| Mutex::new(None)).collect();
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(jobs.len())
            .max(1);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let made = make(job, clips);
                        *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(made);
                    }
                });
            }
        });
        let mut bank = Bank::default();
        // Errors are reported for the first sound in the session's order, whichever finished first.
        for (job, result) in jobs.into_iter().zip(results) {
            let pcm = Arc::new(
                result
                    .into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                    .expect("every job ran")?,
            );
            match job {
                Job::Clip(c, role) => {
                    bank.clips.insert((c.path.clone(), role), pcm);
                }
                Job::Bell(b) => {
                    bank.bells.insert(b, pcm);
                }
                Job::Tone(p, l) => {
                    bank.tones.insert((p, l), pcm);
                }
            }
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

/// One sound to make.
#[derive(Debug, Clone)]
enum Job<'a> {
    Clip(&'a Clip, Role),
    Bell(BuiltinSound),
    Tone(Phase, u64),
}

impl PartialEq for Job<'_> {
    /// The same sound: a clip is the same file in the same role wherever the script names it.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Job::Clip(a, r), Job::Clip(b, s)) => a.path == b.path && r == s,
            (Job::Bell(a), Job::Bell(b)) => a == b,
            (Job::Tone(p, l), Job::Tone(q, m)) => p == q && l == m,
            _ => false,
        }
    }
}

/// Every sound the timeline plays, each once, in the order first heard.
fn jobs<'a>(timeline: &'a Timeline) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job<'a>> = vec![];
    let mut want = |job: Job<'a>| {
        if !jobs.contains(&job) {
            jobs.push(job);
        }
    };
    if let Some(a) = &timeline.ambient
        && let Sound::Clip(c) = &a.sound
    {
        want(Job::Clip(c, Role::Sound));
    }
    for e in &timeline.events {
        match &e.kind {
            EventKind::Say { clip: Some(c), .. } => want(Job::Clip(c, Role::Narration)),
            EventKind::Bell {
                sound: Sound::Clip(c),
                ..
            } => want(Job::Clip(c, Role::Sound)),
            EventKind::Bell {
                sound: Sound::Builtin(b),
                ..
            } => want(Job::Bell(*b)),
            EventKind::Cue {
                phase,
                length,
                cue: Cue::Tone,
            } => want(Job::Tone(*phase, *length)),
            EventKind::Cue { cue: Cue::Bell, .. } => want(Job::Bell(BuiltinSound::Wood)),
            _ => {}
        }
    }
    jobs
}

fn make(job: &Job<'_>, clips: &[(Clip, ClipInfo)]) -> Result<Pcm, AssetError> {
    match *job {
        Job::Clip(clip, role) => {
            let info = clips
                .iter()
                .find(|(k, _)| k.path == clip.path)
                .map(|(_, i)| *i);
            let info = info.ok_or_else(|| AssetError::NoAudio {
                name: clip.path.clone(),
            })?;
            let mut audio = decode(clip, &info)?;
            if role == Role::Narration {
                normalize_narration(&mut audio);
            }
            fade_edges(&mut audio);
            Ok(Pcm::new(audio))
        }
        Job::Bell(b) => Ok(Pcm::mono(synth::bell(b))),
        Job::Tone(p, l) => Ok(Pcm::mono(synth::cue_tone(p, l))),
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
