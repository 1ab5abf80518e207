//! The renderer on scores built by hand: exact frames, block-size invariance, limits.

use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::assets::Pcm;

fn click() -> Arc<Pcm> {
    Arc::new(Pcm::mono(vec![0.0, 0.0, 0.8, 0.0, 0.0]))
}

fn tone(frames: usize, freq: f32, amp: f32) -> Arc<Pcm> {
    Arc::new(Pcm::mono(
        (0..frames)
            .map(|i| (i as f32 * freq * std::f32::consts::TAU / 48_000.0).sin() * amp)
            .collect(),
    ))
}

/// Deterministic noise for an ambient bed in tests.
struct TestBed(u64);

impl AmbientSource for TestBed {
    fn fill(&mut self, out: &mut [f32]) {
        for s in out {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            *s = (self.0 >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
        }
    }
}

#[derive(Clone)]
struct TestHit {
    frame: u64,
    sound: Arc<Pcm>,
    gain: f32,
    narration: bool,
}

fn hit(frame: u64, sound: &Arc<Pcm>, gain: f32, narration: bool) -> TestHit {
    TestHit {
        frame,
        sound: sound.clone(),
        gain,
        narration,
    }
}

/// A score with one slot per hit, all loaded.
fn score(hits: Vec<TestHit>, length: u64, ambient: bool) -> Score {
    let slots = hits.iter().map(|h| Some(h.sound.clone())).collect();
    let hits: Vec<Hit> = hits
        .iter()
        .enumerate()
        .map(|(slot, h)| Hit {
            frame: h.frame,
            slot,
            frames: h.sound.frames() as u64,
            gain: h.gain,
            narration: h.narration,
            stem: if h.narration {
                Stem::Voice
            } else {
                Stem::Bells
            },
        })
        .collect();
    let tail = hits.iter().map(|h| h.frame + h.frames).max().unwrap_or(0);
    let end = tail.clamp(length, length + MAX_RING_OUT);
    let ambient = ambient.then(|| AmbientPlan {
        source: Box::new(TestBed(0x9E3779B97F4A7C15)),
        gain: 0.2,
        fade: 4800,
        duck: 0.3,
    });
    Score {
        hits,
        slots,
        length,
        end,
        ambient,
        max_sounding: 64,
        waits: vec![],
    }
}

fn render(mut r: Renderer, block: usize) -> Vec<f32> {
    render_with(&mut r, block)
}

fn peak_frame(samples: &[f32], from: usize, to: usize) -> usize {
    (from..to)
        .max_by(|&a, &b| samples[2 * a].abs().total_cmp(&samples[2 * b].abs()))
        .unwrap()
}

#[test]
fn clicks_land_on_their_frames() {
    let c = click();
    let frames = [0u64, 1000, 48_007, 100_003];
    let s = score(
        frames.iter().map(|&f| hit(f, &c, 1.0, false)).collect(),
        120_000,
        false,
    );
    let out = render(Renderer::new(s), 4096);
    assert_eq!(out.len(), 2 * 120_000);
    for f in frames {
        let found = peak_frame(&out, f as usize, f as usize + 5);
        assert_eq!(found, f as usize + 2, "click at {f}");
        assert!((out[2 * found] - 0.8).abs() < 1e-6);
        assert_eq!(
            out[2 * found],
            out[2 * found + 1],
            "mono plays on both sides"
        );
    }
}

#[test]
fn the_same_samples_for_any_block_size() {
    let t = tone(30_000, 220.0, 0.5);
    let narration = tone(20_000, 150.0, 0.4);
    let c = click();
    let hits = vec![
        hit(0, &t, 1.0, false),
        hit(777, &c, 0.5, false),
        hit(5_000, &narration, 1.0, true),
        hit(5_000, &c, 1.0, false),
        hit(40_001, &t, 0.7, false),
        hit(40_002, &t, 0.7, false),
    ];
    let make = || Renderer::new(score(hits.clone(), 60_000, true));
    let one = render(make(), 1);
    let sixty_four = render(make(), 64);
    let big = render(make(), 4096);
    assert_eq!(one.len(), big.len());
    assert!(one == sixty_four, "block size 64 differs from 1");
    assert!(one == big, "block size 4096 differs from 1");
}

#[test]
fn the_sum_never_clips() {
    let loud = tone(48_000, 300.0, 0.9);
    let s = score(
        (0..8).map(|i| hit(i, &loud, 1.0, false)).collect(),
        48_000,
        false,
    );
    let out = render(Renderer::new(s), 512);
    let peak = out.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    assert!(peak <= 0.892, "{peak}");
    assert!(peak > 0.8, "the limiter holds the level up: {peak}");
}

#[test]
fn ring_out_is_capped_at_twelve_seconds_and_fades() {
    let long = tone(48_000 * 30, 200.0, 0.5);
    let s = score(vec![hit(0, &long, 1.0, false)], 48_000, false);
    let out = render(Renderer::new(s), 4096);
    assert_eq!(out.len() / 2, 48_000 * 13);
    let tail = &out[out.len() - 200..];
    assert!(
        tail.iter().all(|s| s.abs() < 0.01),
        "the last frames are faded out"
    );
}

#[test]
fn the_bed_ducks_under_narration() {
    let narration = Arc::new(Pcm::mono(vec![0.0; 96_000]));
    let s = score(vec![hit(96_000, &narration, 1.0, true)], 48_000 * 9, true);
    let out = render(Renderer::new(s), 4096);
    let rms = |from: usize, to: usize| {
        (out[2 * from..2 * to].iter().map(|s| s * s).sum::<f32>() / (2 * (to - from)) as f32).sqrt()
    };
    let before = rms(48_000, 90_000);
    let during = rms(130_000, 180_000);
    let after = rms(330_000, 370_000);
    assert!(during < before * 0.4, "{during} vs {before}");
    assert!(after > before * 0.9, "{after} vs {before}");
}

#[test]
fn seeking_fades_what_was_sounding() {
    let t = tone(96_000, 440.0, 0.3);
    let c = click();
    let s = score(
        vec![hit(0, &t, 1.0, false), hit(60_000, &c, 1.0, false)],
        96_000,
        false,
    );
    let mut r = Renderer::new(s);
    let mut buf = vec![0.0; 2 * 1000];
    r.fill(&mut buf);
    r.seek(59_990);
    // The frames mixed ahead for the limiter play first, numbered just before the seek;
    // the position reads the frame sought meanwhile.
    let ahead = super::limiter::LOOKAHEAD;
    assert_eq!(r.position(), 59_990);
    let mut after = vec![0.0; 2 * 600];
    r.fill(&mut after);
    // The tone goes on without a break, then fades over CUT_FADE frames instead of
    // stopping dead...
    let fade = CUT_FADE as usize;
    assert!(
        (after[0] - buf[2 * 999]).abs() < 0.05,
        "no jump at the seek"
    );
    assert!(
        after[2 * (ahead + 20)..2 * (ahead + 40)]
            .iter()
            .any(|s| s.abs() > 0.01),
        "still sounding while it fades"
    );
    assert!(
        after[2 * (ahead + fade)..].iter().all(|s| s.abs() < 1e-6),
        "gone after the fade"
    );
    // ...and the click after the seek point still lands on its frame.
    assert_eq!(peak_frame(&after, ahead + 5, 600), ahead + 10 + 2);
}

#[test]
fn volume_changes_glide() {
    let t = tone(48_000, 440.0, 0.5);
    let s = score(vec![hit(0, &t, 1.0, false)], 48_000, false);
    let mut r = Renderer::new(s);
    let mut a = vec![0.0; 2 * 4800];
    r.fill(&mut a);
    r.set_volume(0.0);
    let mut b = vec![0.0; 2 * 9600];
    r.fill(&mut b);
    let jump = (a[a.len() - 2] - b[0]).abs();
    assert!(jump < 0.1, "{jump}");
    assert!(b[b.len() - 200..].iter().all(|s| s.abs() < 0.01));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any block size gives the same samples, for random scores.
    #[test]
    fn block_size_never_matters(
        starts in proptest::collection::vec((0u64..30_000, 1usize..4000, any::<bool>()), 1..12),
        block in 1usize..3000,
    ) {
        let hits: Vec<TestHit> = starts
            .iter()
            .map(|&(f, len, narr)| hit(f, &tone(len, 100.0 + len as f32, 0.3), 0.8, narr))
            .collect();
        let mut sorted = hits.clone();
        sorted.sort_by_key(|h| h.frame);
        let a = render(Renderer::new(score(sorted.clone(), 32_000, true)), 4096);
        let b = render(Renderer::new(score(sorted, 32_000, true)), block);
        prop_assert!(a == b);
    }
}

#[test]
fn a_sound_loaded_late_starts_part_way_in_and_one_loaded_early_on_time() {
    let c = click();
    let t = tone(48_000, 300.0, 0.5);
    let mut s = score(
        vec![hit(1000, &c, 1.0, false), hit(2000, &t, 1.0, true)],
        60_000,
        false,
    );
    s.slots = vec![None, None];
    let mut r = Renderer::new(s);
    assert!(r.install(0, c.clone()).is_none(), "loaded ahead of its hit");
    let mut a = vec![0.0; 2 * 1500];
    r.fill(&mut a);
    assert_eq!(peak_frame(&a, 900, 1100), 1002, "on its frame");
    // The tone's slot is empty when its hit comes, and filled 500 frames later.
    let mut b = vec![0.0; 2 * 1000];
    r.fill(&mut b);
    assert!(
        b.iter().all(|s| *s == 0.0),
        "nothing plays before it is loaded"
    );
    r.install(1, t.clone());
    let mut d = vec![0.0; 2 * 2000];
    r.fill(&mut d);
    // It starts where it would have been by now, rising over a few ms, not from its start.
    assert!(d[0].abs() < 0.01 && d[2 * 1000].abs() > 0.0);
    assert!(r.release(1).is_some());
    assert!(r.release(1).is_none());
}

/// Issue #19: held at a wait, the renderer keeps its position while the bed goes on and
/// nothing after the wait starts; let go, the timeline goes on from the wait's end, and
/// the sound after the wait plays exactly as it would have without the hold.
#[test]
fn a_live_renderer_holds_at_a_wait_with_the_bed_on_issue_19() {
    let click = click();
    let make = |hold: bool| {
        let mut sc = score(vec![hit(30_000, &click, 1.0, false)], 40_000, true);
        // A wait from 20 000 that renders as 5 000 frames.
        sc.waits = vec![(20_000, 25_000)];
        let mut r = Renderer::new(sc);
        r.hold_at_waits(hold);
        r
    };
    let mut held = make(true);
    let mut buf = vec![0.0; 2 * 500];
    let mut out = vec![];
    while held.position() < 20_000 {
        let n = held.fill(&mut buf);
        out.extend_from_slice(&buf[..2 * n]);
    }
    assert_eq!(held.position(), 20_000);
    // Ten more blocks: the position stands, the bed sounds, and the click has not come.
    let mut wait = vec![];
    for _ in 0..10 {
        let n = held.fill(&mut buf);
        assert_eq!(n, 500);
        wait.extend_from_slice(&buf[..2 * n]);
        assert_eq!(held.position(), 20_000);
        assert!(held.is_waiting());
    }
    assert!(wait.iter().any(|s| s.abs() > 1e-4), "the bed goes on");
    let held_frames = held.held_out();
    assert!(held_frames >= 5_000 - 500, "{held_frames}");
    held.go_on();
    while !held.is_done() {
        let n = held.fill(&mut buf);
        out.extend_from_slice(&buf[..2 * n]);
    }
    assert!(!held.is_waiting());
    // Let go, the timeline goes on from the wait's end: the click comes the held frames
    // later, less the wait's own 5 000 frames, which a held sit does not play.
    let mut free = make(false);
    let plain = render_with(&mut free, 500);
    let peak = |s: &[f32]| {
        s.chunks_exact(2)
            .enumerate()
            .skip(19_000)
            .max_by(|a, b| a.1[0].abs().total_cmp(&b.1[0].abs()))
            .map(|(i, _)| i)
            .unwrap()
    };
    let mut whole = out[..2 * 20_000].to_vec();
    whole.extend_from_slice(&wait);
    whole.extend_from_slice(&out[2 * 20_000..]);
    let later = held.held_out() as usize - 5_000;
    assert_eq!(peak(&whole) - peak(&plain), later);
    // Every held frame, those mixed before the key and handed out after it too.
    assert_eq!((whole.len() - plain.len()) / 2, later);
}

fn render_with(r: &mut Renderer, block: usize) -> Vec<f32> {
    let mut all = vec![];
    let mut buf = vec![0.0; block * 2];
    loop {
        let n = r.fill(&mut buf);
        all.extend_from_slice(&buf[..2 * n]);
        if n < block {
            return all;
        }
    }
}

/// Issue #19: a wait let go just before the end: the sit ends on the session's last frame,
/// the held frames added and the wait's own frames left out, with no silence past it.
#[test]
fn a_wait_let_go_near_the_end_ends_on_the_last_frame_issue_19() {
    let mut sc = score(vec![], 30_000, true);
    sc.waits = vec![(20_000, 28_000)];
    let mut r = Renderer::new(sc);
    r.hold_at_waits(true);
    let mut buf = vec![0.0; 2 * 700];
    let mut total = 0;
    while !r.is_waiting() {
        total += r.fill(&mut buf);
    }
    for _ in 0..3 {
        total += r.fill(&mut buf);
    }
    r.go_on();
    loop {
        let n = r.fill(&mut buf);
        total += n;
        if n < 700 {
            break;
        }
    }
    assert!(r.is_done());
    assert_eq!(r.position(), 30_000);
    assert_eq!(total as u64, 20_000 + r.held_out() + 2_000);
}
