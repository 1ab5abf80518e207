//! Every sound a session needs, each made once however often it plays, and when each is
//! made ([`Load`]): clips decoded ([`super::clip`]), built-in bells and cue tones
//! synthesized.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::script::{BuiltinSound, Clip, ClipData, Cue, Phase, Sound};
use crate::timeline::{EventKind, Timeline};

use super::clip::{Passes, clip_pcm};
use super::{AssetError, ClipInfo, Input, Pcm, check_input, synth};

/// The longest clip, in samples at 48 kHz, made in one pass: 8 MB of floats, about 43 s of
/// mono. Longer ones are decoded twice and never held as floats.
const ONE_PASS_SAMPLES: u64 = 2 << 20;

/// How a clip is used: narration is normalized and ducks the bed; other clips keep their level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Narration,
    Sound,
}

/// Which sounds [`Bank::prepare`] makes at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// Everything: rendering to a file, where speed matters and memory is plenty.
    All,
    /// Bells, tones and the ambient clip; narration and other clips are only measured, to be
    /// loaded a little before they play and let go after ([`Bank::load`]). A live sit holds
    /// a few seconds of clips instead of all of them.
    Lean,
    /// Bells, tones and the ambient clip; the other clips are left for the caller to make
    /// with [`Bank::load`], from their files: a render decodes them on helper threads while
    /// it mixes what comes before them.
    Deferred,
    /// Bells and tones; no clip is decoded to keep. What `check`, `pack` and `import` use:
    /// [`Bank::check_unloaded`] then decodes every clip from its file keeping nothing, so
    /// checking holds a packet per core, never a clip (issue #21).
    Check,
}

/// One sound of the session: what it is, its length, and its samples once made.
pub struct Slot {
    pub frames: u64,
    pub pcm: Option<Arc<Pcm>>,
    /// Whether it is left to be loaded later ([`Load::Lean`], [`Load::Deferred`]).
    pub lazy: bool,
    /// A lazy clip's file, read whole: it is decoded from here when it is loaded, so a file
    /// that changes or disappears during the sit changes nothing.
    bytes: Option<Arc<[u8]>>,
    job: Job,
}

/// Every sound a session plays, each once, in the order first heard.
pub struct Bank {
    slots: Vec<Slot>,
    clips: Vec<(Clip, ClipInfo)>,
}

impl Bank {
    /// Prepares every sound `timeline` plays (with [`Load::Lean`] or [`Load::Deferred`],
    /// every sound but the clips left for later). `clips` are the session's probed clips; an
    /// unreadable one fails here, before anything is played. The work is shared among the
    /// machine's cores; each sound is made the same way whichever core makes it.
    pub fn prepare(
        timeline: &Timeline,
        clips: &[(Clip, ClipInfo)],
        load: Load,
    ) -> Result<Bank, AssetError> {
        let mut bank = Bank {
            slots: vec![],
            clips: clips.to_vec(),
        };
        for job in jobs(timeline) {
            let frames = match &job {
                Job::Clip(c, _) => bank.info(c)?.output_frames(),
                _ => 0,
            };
            let lazy = match load {
                Load::All => false,
                Load::Check => matches!(job, Job::Clip(..)),
                Load::Lean | Load::Deferred => job.is_lazy(timeline),
            };
            let bytes = match (&job, load == Load::Lean && lazy) {
                (Job::Clip(c, _), true) => match &c.data {
                    ClipData::File(path) => {
                        Some(Arc::from(std::fs::read(path).map_err(|source| {
                            AssetError::Open {
                                name: c.path.clone(),
                                path: path.clone(),
                                source,
                            }
                        })?))
                    }
                    ClipData::Embedded(_) => None,
                },
                _ => None,
            };
            bank.slots.push(Slot {
                frames,
                pcm: None,
                lazy,
                bytes,
                job,
            });
        }
        let now: Vec<usize> = (0..bank.slots.len())
            .filter(|&i| !bank.slots[i].lazy)
            .collect();
        let made = bank.make_all(&now, true)?;
        for (i, pcm) in now.into_iter().zip(made) {
            let pcm = pcm.expect("kept");
            bank.slots[i].frames = pcm.frames() as u64;
            bank.slots[i].pcm = Some(Arc::new(pcm));
        }
        Ok(bank)
    }

    /// Decodes every clip not loaded yet, keeping none: what [`Load::Lean`] leaves for later
    /// is still checked whole before the first sample. Memory holds a packet per core, not a
    /// clip: nothing is resampled or kept.
    pub fn check_unloaded(&self) -> Result<(), AssetError> {
        let rest: Vec<usize> = (0..self.slots.len())
            .filter(|&i| self.slots[i].pcm.is_none())
            .collect();
        self.make_all(&rest, false).map(|_| ())
    }

    /// Makes slot `i`'s samples (for a live sit's loader, off the audio thread).
    pub fn load(&self, i: usize) -> Result<Pcm, AssetError> {
        self.make(i, &mut vec![])
    }

    /// [`Bank::load`] for a thread that makes one clip after another (a render's helper):
    /// `scratch` holds a clip's floats while it is measured, and keeps its memory for the
    /// next, instead of each clip touching fresh memory page by page.
    pub fn load_reusing(&self, i: usize, scratch: &mut Vec<f32>) -> Result<Pcm, AssetError> {
        self.make(i, scratch)
    }

    fn make(&self, i: usize, scratch: &mut Vec<f32>) -> Result<Pcm, AssetError> {
        let slot = &self.slots[i];
        match (&slot.job, &slot.bytes) {
            (Job::Clip(clip, role), Some(bytes)) => clip_pcm(
                || Ok(Input::bytes(&clip.path, bytes)),
                &self.info(clip)?,
                *role,
                Passes::Two,
            ),
            _ => make(&slot.job, &self.clips, scratch),
        }
    }

    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }

    /// The slot an event plays, if it plays a sound.
    pub fn slot_of(&self, kind: &EventKind) -> Option<usize> {
        let job = match kind {
            EventKind::Say { clip: Some(c), .. } => Job::Clip(c.clone(), Role::Narration),
            EventKind::Bell {
                sound: Sound::Clip(c),
                ..
            } => Job::Clip(c.clone(), Role::Sound),
            EventKind::Bell {
                sound: Sound::Builtin(b),
                ..
            } => Job::Bell(*b),
            EventKind::Cue {
                phase,
                length,
                cue: Cue::Tone,
            } => Job::Tone(*phase, *length),
            EventKind::Cue { cue: Cue::Bell, .. } => Job::Bell(BuiltinSound::Wood),
            _ => return None,
        };
        self.slots.iter().position(|s| s.job == job)
    }

    /// A clip's samples in a role, if they are loaded (the ambient bed's always are).
    pub fn clip(&self, clip: &Clip, role: Role) -> Option<Arc<Pcm>> {
        let job = Job::Clip(clip.clone(), role);
        self.slots
            .iter()
            .find(|s| s.job == job)
            .and_then(|s| s.pcm.clone())
    }

    /// Decoded audio held, in bytes.
    pub fn bytes(&self) -> usize {
        self.slots
            .iter()
            .filter_map(|s| s.pcm.as_ref())
            .map(|p| p.bytes())
            .sum()
    }

    fn info(&self, clip: &Clip) -> Result<ClipInfo, AssetError> {
        self.clips
            .iter()
            .find(|(k, _)| k.path == clip.path)
            .map(|(_, i)| *i)
            .ok_or_else(|| AssetError::NoAudio {
                name: clip.path.clone(),
            })
    }

    /// Whether slot `i` would make, keeping nothing.
    fn check(&self, i: usize) -> Result<(), AssetError> {
        let slot = &self.slots[i];
        match (&slot.job, &slot.bytes) {
            (Job::Clip(clip, _), Some(bytes)) => {
                check_input(Input::bytes(&clip.path, bytes), &self.info(clip)?).map(drop)
            }
            // Streamed from its file: a clip is never held whole to be checked.
            (Job::Clip(clip, _), None) => {
                check_input(Input::clip(clip)?, &self.info(clip)?).map(drop)
            }
            _ => self.make(i, &mut vec![]).map(drop),
        }
    }

    /// Makes the given slots across the cores; returns them in order when `keep` is set,
    /// else only checks that each would make.
    /// Errors are reported for the first sound in the session's order, whichever finished
    /// first.
    fn make_all(&self, which: &[usize], keep: bool) -> Result<Vec<Option<Pcm>>, AssetError> {
        let results: Vec<Mutex<Option<Made>>> = which.iter().map(|_| Mutex::new(None)).collect();
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(which.len())
            .max(1);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    let mut scratch = vec![];
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&i) = which.get(k) else { break };
                        let made = if keep {
                            self.make(i, &mut scratch).map(Some)
                        } else {
                            self.check(i).map(|()| None)
                        };
                        *results[k].lock().unwrap_or_else(|e| e.into_inner()) = Some(made);
                    }
                });
            }
        });
        results
            .into_iter()
            .map(|r| {
                r.into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                    .expect("every job ran")
            })
            .collect()
    }
}

/// What making one sound gave: its samples if they were to be kept, or why it failed.
type Made = Result<Option<Pcm>, AssetError>;

/// One sound to make.
#[derive(Debug, Clone)]
enum Job {
    Clip(Clip, Role),
    Bell(BuiltinSound),
    Tone(Phase, u64),
}

impl Job {
    /// Whether a live sit may load this sound as it goes: every clip but an ambient one
    /// (the bed loops from the first frame to the last).
    fn is_lazy(&self, timeline: &Timeline) -> bool {
        match self {
            Job::Clip(c, _) => {
                !matches!(&timeline.ambient, Some(a) if matches!(&a.sound, Sound::Clip(b) if b.path == c.path))
            }
            _ => false,
        }
    }
}

impl PartialEq for Job {
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
fn jobs(timeline: &Timeline) -> Vec<Job> {
    let mut jobs: Vec<Job> = vec![];
    let mut want = |job: Job| {
        if !jobs.contains(&job) {
            jobs.push(job);
        }
    };
    if let Some(a) = &timeline.ambient
        && let Sound::Clip(c) = &a.sound
    {
        want(Job::Clip(c.clone(), Role::Sound));
    }
    for e in &timeline.events {
        match &e.kind {
            EventKind::Say { clip: Some(c), .. } => want(Job::Clip(c.clone(), Role::Narration)),
            EventKind::Bell {
                sound: Sound::Clip(c),
                ..
            } => want(Job::Clip(c.clone(), Role::Sound)),
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

fn make(job: &Job, clips: &[(Clip, ClipInfo)], scratch: &mut Vec<f32>) -> Result<Pcm, AssetError> {
    match *job {
        Job::Clip(ref clip, role) => {
            let info = clips
                .iter()
                .find(|(k, _)| k.path == clip.path)
                .map(|(_, i)| *i);
            let info = info.ok_or_else(|| AssetError::NoAudio {
                name: clip.path.clone(),
            })?;
            // One pass holds the clip as floats too, twice its stored size: worth it for the
            // short clips most sessions have, not for a long one (issue #21).
            let samples = info
                .output_frames()
                .saturating_mul(info.channels.min(2) as u64);
            let passes = if samples <= ONE_PASS_SAMPLES {
                Passes::One(scratch)
            } else {
                Passes::Two
            };
            clip_pcm(|| Input::clip(clip), &info, role, passes)
        }
        Job::Bell(b) => Ok(Pcm::mono(synth::bell(b))),
        Job::Tone(p, l) => Ok(Pcm::mono(synth::cue_tone(p, l))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::probe_input;

    fn both_ways(path: &str, role: Role) -> (Pcm, Pcm) {
        let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let bytes = std::fs::read(&full).unwrap();
        let open = || Ok(Input::bytes(path, &bytes));
        let info = probe_input(open().unwrap()).unwrap();
        let one = clip_pcm(open, &info, role, Passes::One(&mut vec![7.0])).unwrap();
        let two = clip_pcm(open, &info, role, Passes::Two).unwrap();
        (one, two)
    }

    #[test]
    fn a_live_sit_loads_the_same_samples_a_render_does() {
        for path in [
            "tests/audio/tone.ogg",
            "tests/audio/tone.flac",
            "tests/audio/tone.mp3",
            "tests/audio/stereo-22k.wav",
            "tests/audio/click-44k.wav",
            "audio/body-scan/01-welcome-afd302.ogg",
        ] {
            for role in [Role::Narration, Role::Sound] {
                let (one, two) = both_ways(path, role);
                assert_eq!(one, two, "{path} as {role:?}");
                assert!(one.frames() > 0);
            }
        }
    }

    #[test]
    fn stored_clips_fade_in_and_out_and_keep_their_peak() {
        let (pcm, _) = both_ways("tests/audio/tone.ogg", Role::Sound);
        let ch = pcm.channels;
        assert_eq!(pcm.samples[..ch], vec![0; ch][..], "starts from silence");
        assert_eq!(
            pcm.samples[pcm.samples.len() - ch..],
            vec![0; ch][..],
            "ends in silence"
        );
        let top = pcm.samples.iter().map(|s| s.unsigned_abs()).max().unwrap();
        assert!(
            top >= 32_000,
            "the loudest sample uses the full 16 bits: {top}"
        );
    }
}
