//! The stages chained: find → parse → probe clips → compile, in one call ([`load`]), and
//! the renderers built from the result. [`import`] chains the same stages for a bundle.

pub mod import;

use crate::assets::{self, AssetError, Bank, ClipInfo, ClipUse, Load};
use crate::home::Home;
use crate::library::{self, Found, LibraryError, Origin};
use crate::mix::{self, Renderer};
use crate::script::{self, Clip, Diagnostic, Diagnostics, Script, SourceFile};
use crate::timeline::crowding::{CLEARANCE_MS, crowding};
use crate::timeline::{self, ClipLengths, Timeline, TimelineError, Voiced};
use crate::voice;

/// A session ready to show, render or play.
pub struct Session {
    pub script: Script,
    pub timeline: Timeline,
    pub source: SourceFile,
    pub origin: Origin,
    /// Every clip the script names, with what probing found, and the voice engine's
    /// recordings of say lines without one.
    pub clips: Vec<(Clip, ClipInfo)>,
    /// How many say lines without a clip play a voice engine's recording.
    pub voiced: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Library(#[from] LibraryError),
    /// Problems located in the script: its own, its clips', its limits'.
    #[error("{} has {} error{}", .0.source.name, .0.items.len(), if .0.items.len() == 1 { "" } else { "s" })]
    Script(Diagnostics),
    /// Problems with the `--set` values given.
    #[error(transparent)]
    Timeline(TimelineError),
    /// `config.toml`, read for the voice engine, is wrong.
    #[error(transparent)]
    Config(#[from] crate::home::config::ConfigError),
}

/// Finds, checks and compiles a session by path or id, in the language `pick` asks for.
/// Say lines without a clip use the configured voice engine's cached recordings, if there
/// are any.
pub fn load(
    reference: &str,
    sets: &[String],
    home: Option<&Home>,
    pick: &library::Pick,
) -> Result<Session, SessionError> {
    let found = library::find(reference, home, pick)?;
    let voices = voices(home)?;
    prepare_voiced(found, sets, voices.as_ref())
}

/// The cache of the voice engine `home`'s config names, if it names one.
pub fn voices(home: Option<&Home>) -> Result<Option<voice::Cache>, SessionError> {
    let Some(home) = home else { return Ok(None) };
    Ok(voice::Engine::from_home(home)?.map(|e| e.cache(home)))
}

/// Checks and compiles a session that has been found; say lines without a clip last
/// their reading time.
pub fn prepare(found: Found, sets: &[String]) -> Result<Session, SessionError> {
    prepare_voiced(found, sets, None)
}

/// Checks and compiles a session that has been found. A say line without a clip plays
/// its recording in `voices` if there is one (never running the engine), else lasts its
/// reading time.
pub fn prepare_voiced(
    found: Found,
    sets: &[String],
    voices: Option<&voice::Cache>,
) -> Result<Session, SessionError> {
    let script = script::parse(&found.source, &found.default_id, found.folder.as_ref())
        .map_err(SessionError::Script)?;
    let mut diags = vec![];
    let mut clips: Vec<(Clip, ClipInfo)> = vec![];
    // Every path the script writes gets its length (the timeline and the bank look clips
    // up by path), but a file reached by two paths (a link in the folder) is probed once.
    let mut failed = vec![];
    for clip in script.files() {
        if failed.contains(&&clip.data) {
            continue;
        }
        if let Some(info) = clips.iter().find(|(c, _)| c.data == clip.data).map(|c| c.1) {
            clips.push((clip.clone(), info));
            continue;
        }
        match assets::probe(clip) {
            Ok(info) => clips.push((clip.clone(), info)),
            Err(e) => {
                failed.push(&clip.data);
                diags.push(Diagnostic::new(clip.span, e.to_string()).hint(e.hint()));
            }
        }
    }
    // Each clip within what its use allows, from its header, before anything is decoded
    // (issue #21); a clip used twice the same way is reported once, where first written.
    let mut refused = vec![];
    for (clip, use_) in assets::clip_uses(&script) {
        let Some((_, info)) = clips.iter().find(|(c, _)| c.path == clip.path) else {
            continue;
        };
        if let Err(e) = use_.check(&clip.path, info)
            && !refused.contains(&(&clip.path, use_))
        {
            refused.push((&clip.path, use_));
            diags.push(Diagnostic::new(clip.span, e.to_string()).hint(e.hint()));
        }
    }
    let located = |items| {
        SessionError::Script(Diagnostics {
            source: found.source.clone(),
            items,
        })
    };
    if !diags.is_empty() {
        return Err(located(diags));
    }
    let mut voiced = Voiced::new();
    if let Some(cache) = voices
        // Bad `--set` values are reported by the compile below.
        && let Ok(lines) = timeline::unvoiced_lines(&script, sets)
    {
        for (text, span) in lines {
            // A cached recording that cannot be read (or is too long to play) is passed over: the line keeps its
            // reading time, and `still voice` records it again.
            if let Some(clip) = cache.clip(&text, span)
                && let Ok(info) = assets::probe(&clip)
                && ClipUse::Say.check(&clip.path, &info).is_ok()
            {
                clips.push((clip.clone(), info));
                voiced.insert(text, clip);
            }
        }
    }
    let lengths: ClipLengths = clips
        .iter()
        .map(|(c, info)| (c.path.clone(), info.output_frames()))
        .collect();
    let timeline = match timeline::compile_voiced(&script, sets, &lengths, &voiced) {
        Ok(t) => t,
        Err(e) => {
            return Err(match e.span() {
                Some(span) => located(vec![
                    Diagnostic::new(span, e.to_string()).maybe_hint(e.hint()),
                ]),
                None => SessionError::Timeline(e),
            });
        }
    };
    Ok(Session {
        script,
        timeline,
        source: found.source,
        origin: found.origin,
        clips,
        voiced: voiced.len(),
    })
}

impl Session {
    /// Decodes and synthesizes every sound, then builds the renderer: everything that can
    /// fail does so here, before the first sample.
    pub fn renderer(&self) -> Result<Renderer, SessionError> {
        let bank =
            Bank::prepare(&self.timeline, &self.clips, Load::All).map_err(|e| self.located(e))?;
        let score = mix::score(&self.timeline, &bank, mix::seed_for(&self.script.id));
        Ok(Renderer::new(score))
    }

    /// One renderer per stem of the mix (voice, bells, cues, bed: [`mix::Stem`]), each its
    /// sounds alone before the limiter, sharing the clips decoded once.
    pub fn stem_renderers(&self) -> Result<Vec<(mix::Stem, Renderer)>, SessionError> {
        let bank =
            Bank::prepare(&self.timeline, &self.clips, Load::All).map_err(|e| self.located(e))?;
        let seed = mix::seed_for(&self.script.id);
        Ok(mix::Stem::ALL
            .iter()
            .map(|&stem| {
                let score = mix::score(&self.timeline, &bank, seed);
                (stem, Renderer::new(score).solo(stem))
            })
            .collect())
    }

    /// Decodes every clip keeping nothing, to find what probing cannot (a file cut short, a
    /// damaged stream): what `check`, `pack` and `import` need. Memory holds a packet per
    /// core however long the clips (issue #21).
    pub fn check_clips(&self) -> Result<(), SessionError> {
        let bank =
            Bank::prepare(&self.timeline, &self.clips, Load::Check).map_err(|e| self.located(e))?;
        bank.check_unloaded().map_err(|e| self.located(e))
    }

    /// The renderer for a render to a file, started before its clips are decoded: bells and
    /// tones are made now, clips on helper threads as the render goes ([`mix::Feed`]). A clip
    /// that cannot be decoded stops the render; [`Session::located`] points at it. True
    /// peaks are held under `ceiling` (linear): [`mix::CEILING`], or [`mix::LOSSY_CEILING`]
    /// for a file whose encoder moves peaks.
    pub fn render_feed(&self, ceiling: f32) -> Result<mix::Feed, SessionError> {
        self.render_feed_ahead(mix::AHEAD_BYTES, ceiling)
    }

    /// [`Session::render_feed`] with its helpers held to `ahead_limit` bytes of clips made
    /// ahead of the renderer, and its true peaks under `ceiling`.
    pub(crate) fn render_feed_ahead(
        &self,
        ahead_limit: usize,
        ceiling: f32,
    ) -> Result<mix::Feed, SessionError> {
        let bank = Bank::prepare(&self.timeline, &self.clips, Load::Deferred)
            .map_err(|e| self.located(e))?;
        let score = mix::score(&self.timeline, &bank, mix::seed_for(&self.script.id));
        let renderer = Renderer::new(score).limit_to(ceiling);
        Ok(mix::Feed::start(renderer, bank, ahead_limit))
    }

    /// How long sound rings on after the last step ends (a bell's decay, a clip's tail),
    /// at most [`mix::MAX_RING_OUT`]: worked out from the sounds' lengths, none made.
    pub fn ring_out(&self) -> u64 {
        use crate::script::{BuiltinSound, Cue, Sound};
        use crate::timeline::EventKind;
        let t = &self.timeline;
        let sound_frames = |sound: &Sound| match sound {
            Sound::Builtin(b) => assets::synth::bell_frames(*b),
            Sound::Clip(c) => self
                .clips
                .iter()
                .find(|(k, _)| k == c)
                .map_or(0, |(_, info)| info.output_frames()),
        };
        let tail = t
            .events
            .iter()
            .map(|e| {
                e.frame
                    + match &e.kind {
                        EventKind::Bell { sound, .. } => sound_frames(sound),
                        EventKind::Say { length, .. } => *length,
                        EventKind::Cue { cue: Cue::Bell, .. } => {
                            assets::synth::bell_frames(BuiltinSound::Wood)
                        }
                        EventKind::Cue { length, .. } => *length,
                        EventKind::Step { .. } => 0,
                    }
            })
            .max()
            .unwrap_or(0);
        tail.clamp(t.length, t.length + mix::MAX_RING_OUT) - t.length
    }

    /// The renderer for a live sit, and the bank its loader fills it from: bells and tones
    /// are made now, clips are read now, checked whole by the loader beside the first
    /// seconds of sound, and decoded into the renderer only shortly before they play (see
    /// `mix::Loader`).
    pub fn live_renderer(&self) -> Result<(Renderer, Bank), SessionError> {
        // The clips left for later are checked beside the first seconds of sound, by the
        // live loader (`Loader::spawn`), not before the first sample.
        let bank =
            Bank::prepare(&self.timeline, &self.clips, Load::Lean).map_err(|e| self.located(e))?;
        let score = mix::score(&self.timeline, &bank, mix::seed_for(&self.script.id));
        Ok((Renderer::new(score), bank))
    }

    /// What is worth fixing but does not stop the session: each line that runs into a bell
    /// strike or a breathing cue ([`crowding`]), at the line's step.
    pub fn warnings(&self) -> Option<Diagnostics> {
        let items: Vec<Diagnostic> = crowding(&self.timeline)
            .into_iter()
            .map(|c| {
                let when = match c.gap() {
                    Some(g) => format!(
                        "{:.1} s before {}",
                        g as f64 / f64::from(crate::timeline::RATE),
                        c.sound
                    ),
                    None => format!("after {} has begun", c.sound),
                };
                Diagnostic::new(
                    c.span,
                    format!(
                        "warning: this line ends {when} at {}",
                        precise_clock(c.strike)
                    ),
                )
                .hint(format!(
                    "leave at least {:.1} s between them: a shorter line, or a `pause` before the next step",
                    CLEARANCE_MS as f64 / 1000.0
                ))
            })
            .collect();
        (!items.is_empty()).then(|| Diagnostics {
            source: self.source.clone(),
            items,
        })
    }

    /// An audio problem, pointed at where the script names the file.
    pub fn located(&self, e: AssetError) -> SessionError {
        let span = self
            .clips
            .iter()
            .find(|(c, _)| c.path == e.name())
            .map_or(self.script.steps_span, |(c, _)| c.span);
        SessionError::Script(Diagnostics {
            source: self.source.clone(),
            items: vec![Diagnostic::new(span, e.to_string()).hint(e.hint())],
        })
    }
}

/// A session from `script`, written into `dir` beside copies of the test clips `tone.ogg`
/// and `click-48k.wav`.
#[cfg(test)]
pub(crate) fn with_test_clips(dir: &std::path::Path, script: &str) -> Session {
    let audio = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/audio");
    for f in ["tone.ogg", "click-48k.wav"] {
        std::fs::copy(audio.join(f), dir.join(f)).unwrap();
    }
    let path = dir.join("s.yaml");
    std::fs::write(&path, script).unwrap();
    load(path.to_str().unwrap(), &[], None, &library::Pick::english()).unwrap()
}

/// `m:ss.s`: a moment to a tenth of a second, for warnings about what sounds when.
fn precise_clock(frame: u64) -> String {
    let tenths =
        (frame * 10 + u64::from(crate::timeline::RATE) / 2) / u64::from(crate::timeline::RATE);
    format!("{}:{:04.1}", tenths / 600, (tenths % 600) as f64 / 10.0)
}
