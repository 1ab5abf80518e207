//! One clip made ready to mix: decoded, narration brought to its loudness, the edges faded,
//! stored as 16-bit samples scaled to the clip's peak.

use super::deess::DeEsser;
use super::loudness::MIN_OWN_RATE;
use super::{AssetError, ClipInfo, Input, Meter, Pcm, Role, gain_of, stream, stream_observed};

/// Two milliseconds of fade at an end of a clip that is not silent there (cut mid-wave), so
/// it never clicks. An end that is already silent is kept exactly, so a bell or a click
/// keeps its attack (issue #16).
const EDGE_FADE: usize = 96;
/// An edge this quiet (-72 dBFS, after the clip's gain) is silent: a step that small is
/// far below hearing.
const SILENT_EDGE: f32 = 1.0 / 4096.0;

/// How many times a clip is decoded to make it ready.
#[derive(Debug)]
pub(super) enum Passes<'s> {
    /// Once, holding it as floats meanwhile (in the buffer given): for a render, where speed
    /// counts.
    One(&'s mut Vec<f32>),
    /// Once to measure it and once to store it, holding no more than the stored clip: for a
    /// live sit, which loads clips while it plays.
    Two,
}

/// Decodes a clip and makes it ready to mix: narration brought to [`NARRATION_LUFS`],
/// the edges faded, stored as 16-bit scaled to its peak. Either number of passes gives the
/// same samples: the same pieces are measured in the same order, and the peak is the one
/// before fading, which `gain × the largest sample` gives exactly.
///
/// [`NARRATION_LUFS`]: super::NARRATION_LUFS
pub(super) fn clip_pcm<'a>(
    open: impl Fn() -> Result<Input<'a>, AssetError>,
    info: &ClipInfo,
    role: Role,
    passes: Passes<'_>,
) -> Result<Pcm, AssetError> {
    let channels = info.channels.min(2);
    let frames = info.output_frames() as usize;
    let own_rate = info.rate >= MIN_OWN_RATE;
    let meter = (role == Role::Narration).then(|| {
        Meter::at(
            channels,
            if own_rate {
                info.rate
            } else {
                crate::timeline::RATE
            },
        )
    });
    // The meter listens either before the rate conversion or after it.
    let (mut before, mut after) = if own_rate {
        (meter, None)
    } else {
        (None, meter)
    };
    let mut largest = 0.0f32;
    // The loudest sample of the first and of the last frame: whether each edge needs a fade.
    let mut edges: Option<(f32, f32)> = None;
    let mut floats = match passes {
        Passes::One(buffer) => {
            buffer.clear();
            buffer.reserve(frames * channels);
            Some(buffer)
        }
        Passes::Two => None,
    };
    let observe = |piece: &[f32]| {
        if let Some(m) = &mut before {
            m.add(piece);
        }
    };
    stream_observed(open()?, info, observe, |piece| {
        if let Some(m) = &mut after {
            m.add(piece);
        }
        largest = piece.iter().fold(largest, |m, s| m.max(s.abs()));
        if piece.len() >= channels {
            let loudest = |frame: &[f32]| frame.iter().fold(0.0f32, |m, s| m.max(s.abs()));
            let last = loudest(&piece[piece.len() - channels..]);
            let first = edges.map_or_else(|| loudest(&piece[..channels]), |(f, _)| f);
            edges = Some((first, last));
        }
        if let Some(f) = floats.as_mut() {
            f.extend_from_slice(piece);
        }
        Ok(())
    })?;
    let meter = before.or(after);
    let gain = meter
        .as_ref()
        .and_then(Meter::narration_gain_db)
        .map(gain_of);
    let peak = gain.map_or(largest, |g| largest * g);
    let (first, last) = edges.unwrap_or_default();
    let fade = |edge: f32| {
        if edge * gain.unwrap_or(1.0) <= SILENT_EDGE {
            0
        } else {
            EDGE_FADE.min(frames / 2)
        }
    };
    let mut store = Quantizer::new(frames, channels, gain, peak, (fade(first), fade(last)));
    if role == Role::Narration {
        store.deess = Some(DeEsser::new(channels));
    }
    match floats {
        Some(f) => store.push(f),
        None => {
            stream(open()?, info, |piece| {
                store.push(piece);
                Ok(())
            })?;
        }
    }
    Ok(store.finish())
}

/// Turns a clip's samples, in pieces, into [`Pcm`]: gain, edge fades, 16 bits.
struct Quantizer {
    frames: usize,
    channels: usize,
    /// Frames of fade at the start and at the end (0 for an end already silent).
    fade_in: usize,
    fade_out: usize,
    gain: Option<f32>,
    /// Narration's de-esser, after the gain and before the fades, and the piece it works on.
    deess: Option<DeEsser>,
    scratch: Vec<f32>,
    to_int: f32,
    scale: f32,
    samples: Vec<i16>,
}

impl Quantizer {
    fn new(
        frames: usize,
        channels: usize,
        gain: Option<f32>,
        peak: f32,
        (fade_in, fade_out): (usize, usize),
    ) -> Quantizer {
        let silent = peak == 0.0 || !peak.is_finite();
        Quantizer {
            frames,
            channels,
            fade_in,
            fade_out,
            gain,
            deess: None,
            scratch: Vec::new(),
            to_int: if silent { 0.0 } else { 32_767.0 / peak },
            scale: if silent { 0.0 } else { peak / 32_767.0 },
            samples: Vec::with_capacity(frames * channels),
        }
    }

    fn push(&mut self, piece: &[f32]) {
        let gain = self.gain.unwrap_or(1.0);
        match self.deess.as_mut() {
            // Stereo: the gain, then the de-esser, over the whole piece. Its level follows
            // the clip in order, so either number of passes gives the same samples.
            Some(deess) if self.channels == 2 => {
                let mut scratch = std::mem::take(&mut self.scratch);
                scratch.clear();
                scratch.extend_from_slice(piece);
                deess.block(&mut scratch, gain);
                self.store(&scratch, 1.0);
                self.scratch = scratch;
            }
            // Mono, most narration: de-essed as it is stored.
            _ => self.store(piece, gain),
        }
    }

    /// Stores samples times `gain` (a mono clip's through its de-esser), fading the edges.
    fn store(&mut self, piece: &[f32], gain: f32) {
        let (fade_in, fade_out, ch) = (self.fade_in, self.fade_out, self.channels);
        let to_int = self.to_int;
        // Rounds half away from zero; within ±32 767.5 by the choice of `to_int`.
        let store = move |v: f32| {
            let v = v * to_int;
            (v + 0.5f32.copysign(v)) as i16
        };
        let mut rest = piece;
        while !rest.is_empty() {
            let k = self.samples.len() / ch;
            let deess = self.deess.as_mut().filter(|_| ch == 1);
            // The few milliseconds of fade at each end, so a clip never starts or stops with
            // a click, frame by frame; the middle, where most frames are, in one tight loop.
            if k < fade_in || k + fade_out >= self.frames {
                let fade = edge_fade(k, self.frames, fade_in, fade_out);
                let (frame, more) = rest.split_at(ch.min(rest.len()));
                let mut level = deess.map(|d| move |s: f32| d.mono(s * gain));
                for &s in frame {
                    let v = level.as_mut().map_or(s * gain, |l| l(s));
                    self.samples.push(store(v * fade));
                }
                rest = more;
            } else {
                let middle = (self.frames - fade_out - k) * ch;
                let (now, more) = rest.split_at(middle.min(rest.len()));
                match deess {
                    // Most of the narration: one loop the de-esser's state never leaves.
                    Some(d) => {
                        let at = self.samples.len();
                        self.samples.resize(at + now.len(), 0);
                        d.mono_into(now, gain, &mut self.samples[at..], store);
                    }
                    // Multiplying by a gain of 1 changes nothing.
                    None => self.samples.extend(now.iter().map(|&s| store(s * gain))),
                }
                rest = more;
            }
        }
    }

    fn finish(self) -> Pcm {
        Pcm {
            channels: self.channels,
            samples: self.samples,
            scale: self.scale,
        }
    }
}

/// The fade at frame `k` of `frames`: rising over the first `fade_in` frames, falling over
/// the last `fade_out`, 1 between. An edge with no fade keeps its samples exactly.
fn edge_fade(k: usize, frames: usize, fade_in: usize, fade_out: usize) -> f32 {
    if k < fade_in {
        k as f32 / fade_in as f32
    } else if k + fade_out >= frames && fade_out > 0 {
        frames.saturating_sub(k + 1) as f32 / fade_out as f32
    } else {
        1.0
    }
}
