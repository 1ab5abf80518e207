//! The renderer: pulls stereo frames from a [`Score`]. It is the only clock: every hit
//! starts on its exact frame because blocks are split there, and every gain, fade, duck and
//! limiter step is computed per frame, so any block size gives the same samples. The mix is
//! made [`LOOKAHEAD`] frames ahead of what `fill` hands out, for the true-peak limiter
//! ([`Limiter`]) to see each peak coming; the frames handed out keep their own numbers.

use std::sync::Arc;

use crate::assets::Pcm;
use crate::timeline::RATE;

use super::limiter::{LOOKAHEAD, Limiter};
use super::score::{RING_OUT_FADE, Score, Stem};

/// A few milliseconds of fade wherever a sound is cut short (a skip, the end).
pub const CUT_FADE: u32 = RATE / 200;
/// Ambient ducking: how fast the bed dips under narration and comes back.
const DUCK_ATTACK_S: f64 = 0.25;
const DUCK_RELEASE_S: f64 = 0.9;
/// Changes of volume and mute glide over about this long, so they never click.
const SMOOTH_S: f64 = 0.03;
/// The bed is generated in chunks of this many frames (a buffer made once, up front).
const CHUNK: usize = 1024;

use super::glide::{Glide, coef};
use super::hold::Holds;

struct Sounding {
    sound: Arc<Pcm>,
    pos: usize,
    gain: f32,
    narration: bool,
    stem: Stem,
    /// Frames left of a cut's fade, when the sound is being cut.
    fading: Option<u32>,
    /// Frames left of a fade-in, for a sound that starts late, mid-sound.
    rising: u32,
}

impl Sounding {
    fn remaining(&self) -> usize {
        let left = self.sound.frames() - self.pos;
        match self.fading {
            Some(f) => left.min(f as usize),
            None => left,
        }
    }
}

pub struct Renderer {
    score: Score,
    /// Hits whose sound was not loaded when they were due (live sits only).
    waiting: Vec<usize>,
    /// The next frame to mix.
    pos: u64,
    /// The next frame `fill` hands out: [`LOOKAHEAD`] behind `pos` once primed, and
    /// below 0 for a moment after a seek, while the frames mixed before it play out.
    out_pos: i64,
    primed: bool,
    /// The frame last sought: while the frames mixed before it play out, the position
    /// reads it, so a player that seeks and reads back sees where it went.
    sought: u64,
    /// The mixed frames from `out_pos` to `pos`, not yet handed out or limited.
    carry: Vec<f32>,
    /// Where the gains of the frames that prime the limiter fall: frames before the first.
    sink: Vec<f32>,
    next_hit: usize,
    sounding: Vec<Sounding>,
    duck: Glide,
    duck_attack: f64,
    duck_release: f64,
    limiter: Limiter,
    /// Only this stem is heard, unlimited (`render --stems`); the rest still duck the bed.
    solo: Option<Stem>,
    volume: Glide,
    ambient_level: Glide,
    smooth: f64,
    bed: Vec<f32>,
    /// Where a live sit holds at a wait ([`Holds`]).
    holds: Holds,
    /// Held frames handed out so far, for the clock that does not count them.
    held_out: u64,
}

/// Adds a sound's next `out.len() / 2` frames into `out`, with its gain and any cut fade.
#[inline(always)]
fn mix_sounding(v: &Sounding, out: &mut [f32]) {
    let src = &v.sound.samples;
    let n = out.len() / 2;
    let g = v.gain * v.sound.scale;
    if v.rising > 0 {
        for i in 0..n {
            let (l, r) = v.sound.frame(v.pos + i);
            let rise = (CUT_FADE - v.rising.saturating_sub(i as u32)) as f32 / CUT_FADE as f32;
            let fade = v
                .fading
                .map_or(1.0, |f| (f as usize - i) as f32 / CUT_FADE as f32);
            let g = v.gain * rise * fade;
            out[2 * i] += l * g;
            out[2 * i + 1] += r * g;
        }
        return;
    }
    match (v.sound.channels, v.fading) {
        (1, None) => {
            for (o, &s) in out.chunks_exact_mut(2).zip(&src[v.pos..v.pos + n]) {
                let x = f32::from(s) * g;
                o[0] += x;
                o[1] += x;
            }
        }
        (_, None) => {
            for (o, &s) in out.iter_mut().zip(&src[2 * v.pos..2 * (v.pos + n)]) {
                *o += f32::from(s) * g;
            }
        }
        (_, Some(f)) => {
            for i in 0..n {
                let (l, r) = v.sound.frame(v.pos + i);
                let fade = v.gain * (f as usize - i) as f32 / CUT_FADE as f32;
                out[2 * i] += l * fade;
                out[2 * i + 1] += r * fade;
            }
        }
    }
}

impl Renderer {
    pub fn new(score: Score) -> Renderer {
        let sounding = Vec::with_capacity(score.max_sounding);
        Renderer {
            sounding,
            waiting: Vec::with_capacity(16),
            pos: 0,
            out_pos: 0,
            primed: false,
            sought: 0,
            carry: vec![0.0; 2 * LOOKAHEAD],
            sink: vec![0.0; 2 * LOOKAHEAD],
            next_hit: 0,
            duck: Glide::at(1.0),
            duck_attack: coef(DUCK_ATTACK_S),
            duck_release: coef(DUCK_RELEASE_S),
            limiter: Limiter::new(),
            solo: None,
            volume: Glide::at(1.0),
            ambient_level: Glide::at(1.0),
            smooth: coef(SMOOTH_S),
            bed: vec![0.0; CHUNK * 2],
            holds: Holds::new(score.waits.clone()),
            held_out: 0,
            score,
        }
    }

    /// A renderer whose limiter holds true peaks under `ceiling` instead of [`super::CEILING`]
    /// (linear): [`super::LOSSY_CEILING`] for a mix a lossy encoder takes next.
    pub fn limit_to(mut self, ceiling: f32) -> Renderer {
        self.limiter = Limiter::with_ceiling(ceiling);
        self
    }

    /// A renderer of one stem of the mix: its sounds alone, before the limiter, so the
    /// stems add up to the mix as it is before limiting. The others still duck the bed.
    pub fn solo(mut self, stem: Stem) -> Renderer {
        self.solo = Some(stem);
        self
    }

    /// The frame the next `fill` starts at.
    pub fn position(&self) -> u64 {
        (self.out_pos.max(0) as u64).max(self.sought)
    }

    /// The last frame the next `fill` of `frames` frames mixes: clips heard before it must
    /// be in their slots.
    pub fn mixes_to(&self, frames: u64) -> u64 {
        (self.out_pos.max(0) as u64 + frames + LOOKAHEAD as u64).min(self.score.end)
    }

    /// The end of the last step.
    pub fn length(&self) -> u64 {
        self.score.length
    }

    /// The last frame of sound, ring-out included.
    pub fn end(&self) -> u64 {
        self.score.end
    }

    pub fn is_done(&self) -> bool {
        self.out_pos >= self.score.end as i64 && self.holds.pending() == 0
    }

    /// Makes `wait` steps hold until [`Renderer::go_on`] (a live sit that reads keys).
    pub fn hold_at_waits(&mut self, on: bool) {
        self.holds.enabled = on;
    }

    /// Whether the output stands at a wait, held.
    pub fn is_waiting(&self) -> bool {
        self.holds.waiting(self.out_pos.max(0) as u64)
    }

    /// Lets a held wait go on to the step after it; what sounds goes on sounding.
    pub fn go_on(&mut self) {
        if let Some(resume) = self.holds.release() {
            self.pos = resume;
            self.next_hit = self.score.hits.partition_point(|h| h.frame < resume);
        }
    }

    /// Frames handed out while held at waits, so far: they are not the session's time.
    pub fn held_out(&self) -> u64 {
        self.held_out
    }

    /// Sets the master volume (linear); it glides there.
    pub fn set_volume(&mut self, gain: f32) {
        self.volume.set_target(gain.clamp(0.0, 2.0));
    }

    /// The volume last set (the one it glides to).
    pub fn target_volume(&self) -> f32 {
        self.volume.target()
    }

    /// Mutes or unmutes the ambient bed; it glides.
    pub fn set_ambient(&mut self, on: bool) {
        self.ambient_level.set_target(if on { 1.0 } else { 0.0 });
    }

    /// Puts a sound in its slot (a live sit's loader, ahead of its hits); returns what was
    /// there, for the caller to drop off the audio thread. A hit that found its slot empty
    /// in the last moments starts now, part way in, with a short fade-in.
    pub fn install(&mut self, slot: usize, pcm: Arc<Pcm>) -> Option<Arc<Pcm>> {
        let old = self.score.slots.get_mut(slot)?.replace(pcm);
        let mut k = 0;
        while k < self.waiting.len() {
            let h = &self.score.hits[self.waiting[k]];
            if h.slot != slot {
                k += 1;
                continue;
            }
            let late = self.pos.saturating_sub(h.frame);
            if late < h.frames {
                let (gain, narration, stem) = (h.gain, h.narration, h.stem);
                self.start_sounding(slot, late as usize, gain, (narration, stem), CUT_FADE);
            }
            self.waiting.swap_remove(k);
        }
        old
    }

    /// Empties a slot the session no longer needs; returns its sound for the caller to drop
    /// off the audio thread. Sounds still playing it keep their own reference.
    pub fn release(&mut self, slot: usize) -> Option<Arc<Pcm>> {
        self.score.slots.get_mut(slot)?.take()
    }

    /// When each slot is heard ([`Score::heard`]).
    pub fn heard(&self) -> Vec<super::Heard> {
        self.score.heard()
    }

    /// Whether slot `slot` holds a sound now.
    #[cfg(test)]
    pub(crate) fn holds(&self, slot: usize) -> bool {
        self.score.slots.get(slot).is_some_and(Option::is_some)
    }

    /// How many slots the score has.
    pub fn slot_count(&self) -> usize {
        self.score.slots.len()
    }

    /// Jumps to `frame`: what is sounding fades out over a few ms, and hits from `frame` on
    /// play as usual. Hits before `frame` are skipped. The frames already mixed play first,
    /// numbered as the ones just before `frame`, so the sound goes on without a break into
    /// the fade and `frame` is heard on its own number.
    pub fn seek(&mut self, frame: u64) {
        let frame = frame.min(self.score.end);
        for v in &mut self.sounding {
            v.fading = Some(v.fading.map_or(CUT_FADE, |f| f.min(CUT_FADE)));
        }
        self.pos = frame;
        self.sought = frame;
        self.out_pos = if self.primed {
            frame as i64 - LOOKAHEAD as i64
        } else {
            frame as i64
        };
        self.next_hit = self.score.hits.partition_point(|h| h.frame < frame);
        self.waiting.clear();
        self.holds.seek(frame);
    }

    /// Fills `out` (stereo, interleaved) with the next frames, limited, and returns how many
    /// it made; past the end the rest is silence and the count is short.
    pub fn fill(&mut self, out: &mut [f32]) -> usize {
        let mut carry = std::mem::take(&mut self.carry);
        if !self.primed {
            self.primed = true;
            self.mix(&mut carry);
            if self.solo.is_none() {
                let mut sink = std::mem::take(&mut self.sink);
                self.limiter.run(&carry, &mut sink);
                self.sink = sink;
            }
        }
        // Held frames are still to go out; a released hold's wait is not played at all.
        let left = ((self.score.end as i64 - self.out_pos).max(0) as u64 + self.holds.pending())
            .saturating_sub(self.holds.skipping()) as usize;
        let n = (out.len() / 2).min(left);
        let k = n.min(LOOKAHEAD);
        // The first frames are in hand; the rest are mixed straight into `out`, each limited
        // once the frames LOOKAHEAD after it are mixed.
        out[..2 * k].copy_from_slice(&carry[..2 * k]);
        carry.copy_within(2 * k.., 0);
        let mut done = 0;
        while done + LOOKAHEAD < n {
            let len = (n - LOOKAHEAD - done).min(CHUNK);
            let (from, to) = (LOOKAHEAD + done, LOOKAHEAD + done + len);
            self.mix(&mut out[2 * from..2 * to]);
            if self.solo.is_none() {
                self.limiter.run_within(out, done, from, len);
            }
            done += len;
        }
        let fresh = &mut carry[2 * (LOOKAHEAD - k)..];
        self.mix(fresh);
        if self.solo.is_none() {
            self.limiter.run(fresh, &mut out[2 * (n - k)..2 * n]);
        }
        self.carry = carry;
        // Frames numbered below 0 (just after a seek near the start) are before any hold.
        let early = (-self.out_pos).clamp(0, n as i64);
        self.out_pos += early;
        let (to, held) = self
            .holds
            .hand_out(self.out_pos as u64, n as u64 - early as u64);
        self.held_out += held;
        self.out_pos = to as i64;
        out[2 * n..].fill(0.0);
        n
    }

    /// Mixes the next `out.len() / 2` frames from `pos`; past the end, silence.
    fn mix(&mut self, out: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: this CPU has AVX2, as just checked.
            unsafe { self.mix_avx2(out) };
            return;
        }
        self.mix_any(out);
    }

    /// [`Renderer::mix`] compiled for AVX2: the same operations in the same order on wider
    /// registers, so the same samples on every machine (no fused multiply-add, which rounds
    /// differently); the sums over a span run twice as wide.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn mix_avx2(&mut self, out: &mut [f32]) {
        self.mix_any(out);
    }

    #[inline(always)]
    fn mix_any(&mut self, out: &mut [f32]) {
        let frames = out.len() / 2;
        let mut done = 0;
        while done < frames && self.pos < self.score.end {
            if self.holds.holds_at(self.pos) {
                // Held at a wait: what sounds rings on and the bed goes on; the timeline
                // stands still, and nothing from the wait's frame on starts.
                let n = (frames - done).min(CHUNK);
                self.render(&mut out[2 * done..2 * (done + n)]);
                self.holds.mixed(n as u64);
                done += n;
                continue;
            }
            self.start_hits();
            let next = self
                .score
                .hits
                .get(self.next_hit)
                .map_or(self.score.end, |h| h.frame)
                .min(self.score.end)
                .min(
                    self.holds
                        .boundary()
                        .filter(|&w| w > self.pos)
                        .unwrap_or(u64::MAX),
                );
            let n = ((next - self.pos) as usize).min(frames - done).min(CHUNK);
            if n == 0 {
                break; // cannot happen: hits at `pos` were just started
            }
            self.render(&mut out[2 * done..2 * (done + n)]);
            self.pos += n as u64;
            done += n;
        }
        out[2 * done..].fill(0.0);
    }

    fn start_hits(&mut self) {
        while let Some(hit) = self.score.hits.get(self.next_hit) {
            if hit.frame > self.pos {
                break;
            }
            let (slot, gain, narration, stem) = (hit.slot, hit.gain, hit.narration, hit.stem);
            if self.score.slots[slot].is_some() {
                self.start_sounding(slot, 0, gain, (narration, stem), 0);
            } else if self.waiting.len() < self.waiting.capacity() {
                // Not loaded yet (a live sit that jumped ahead): it starts when it arrives.
                self.waiting.push(self.next_hit);
            }
            self.next_hit += 1;
        }
    }

    fn start_sounding(
        &mut self,
        slot: usize,
        pos: usize,
        gain: f32,
        (narration, stem): (bool, Stem),
        rising: u32,
    ) {
        let Some(sound) = self.score.slots[slot].clone() else {
            return;
        };
        if self.sounding.len() == self.sounding.capacity() {
            // Never reached by sane scripts; dropping the oldest keeps `fill` allocation-free.
            self.sounding.remove(0);
        }
        self.sounding.push(Sounding {
            sound,
            pos,
            gain,
            narration,
            stem,
            fading: None,
            rising,
        });
    }

    /// Renders one span in which no hit starts.
    #[inline(always)]
    fn render(&mut self, out: &mut [f32]) {
        let n = out.len() / 2;
        out.fill(0.0);
        // Narration that is playing keeps playing through the span until its own end.
        let narration_until = self
            .sounding
            .iter()
            .filter(|v| v.narration)
            .map(|v| self.pos + v.remaining() as u64)
            .max()
            .unwrap_or(0);

        // Sounds, summed in the order they started (so the sums never depend on the block size).
        for v in &mut self.sounding {
            let len = v.remaining().min(n);
            if self.solo.is_none_or(|s| s == v.stem) {
                mix_sounding(v, &mut out[..2 * len]);
            }
            v.pos += len;
            v.rising = v.rising.saturating_sub(len as u32);
            if let Some(f) = &mut v.fading {
                *f -= len as u32;
            }
        }
        self.sounding.retain(|v| v.remaining() > 0);

        // The ring-out's last stretch fades everything that still sounds.
        let (length, end) = (self.score.length, self.score.end);
        let fade_len = RING_OUT_FADE.min(end - length);
        if fade_len > 0 && self.pos + n as u64 > end - fade_len {
            for i in 0..n {
                let f = self.pos + i as u64;
                if f >= end - fade_len {
                    let g = (end - f) as f32 / fade_len as f32;
                    out[2 * i] *= g;
                    out[2 * i + 1] *= g;
                }
            }
        }

        if self.score.ambient.is_some() && self.solo.is_none_or(|s| s == Stem::Bed) {
            self.mix_ambient(out, narration_until);
        }

        // Master volume, per frame while it glides; the limiter follows in `fill`.
        if self.volume.is_settled() {
            let volume = self.volume.value();
            if volume != 1.0 {
                out.iter_mut().for_each(|s| *s *= volume);
            }
            return;
        }
        let (mut glide, smooth) = (self.volume, self.smooth);
        for frame in out.chunks_exact_mut(2) {
            let volume = glide.step(smooth);
            frame[0] *= volume;
            frame[1] *= volume;
        }
        self.volume = glide;
    }

    #[inline(always)]
    fn mix_ambient(&mut self, out: &mut [f32], narration_until: u64) {
        let Some(plan) = self.score.ambient.as_mut() else {
            return;
        };
        let n = out.len() / 2;
        let bed = &mut self.bed[..2 * n];
        plan.source.fill(bed);
        let end = self.score.end;
        let fade = plan.fade.max(1);
        // Most of a session is outside the fades with the duck at rest: one gain for the
        // whole span, the same value the per-frame loop would compute frame by frame.
        let (first, last) = (self.pos, self.pos + n as u64 - 1);
        let target_at = |f: u64| if f < narration_until { plan.duck } else { 1.0 };
        let settled = first >= fade
            && last <= end.saturating_sub(fade)
            && target_at(first) == target_at(last)
            && self.duck.is_settled()
            && self.duck.target() == target_at(first)
            && self.ambient_level.is_settled();
        if settled {
            let g = plan.gain * self.duck.value() * self.ambient_level.value();
            for (o, b) in out.iter_mut().zip(bed.iter()) {
                *o += b * g;
            }
            return;
        }
        // Away from the ends the envelope is exactly 1, so it is not computed there.
        let in_fades = first < fade || last + fade > end;
        // The glides are copied out and written back, so the loop keeps them in registers
        // rather than waiting on memory each frame.
        let (mut duck_glide, mut level_glide) = (self.duck, self.ambient_level);
        let (attack, release, smooth) = (self.duck_attack, self.duck_release, self.smooth);
        for i in 0..n {
            let f = self.pos + i as u64;
            let env = if in_fades {
                let fade_in = (f as f32 / fade as f32).min(1.0);
                let fade_out = ((end - f) as f32 / fade as f32).min(1.0);
                // Equal-power-ish curves: a slow start and a gentle tail.
                (fade_in * fade_out).powi(2)
            } else {
                1.0
            };
            let target = target_at(f);
            let rate = if target < duck_glide.value() {
                attack
            } else {
                release
            };
            duck_glide.set_target(target);
            let duck = duck_glide.step(rate);
            // A settled glide's step gives its value unchanged, so it is not taken.
            let level = if level_glide.is_settled() {
                level_glide.value()
            } else {
                level_glide.step(smooth)
            };
            let g = plan.gain * env * duck * level;
            out[2 * i] += bed[2 * i] * g;
            out[2 * i + 1] += bed[2 * i + 1] * g;
        }
        (self.duck, self.ambient_level) = (duck_glide, level_glide);
    }
}
