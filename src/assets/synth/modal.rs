//! Modal synthesis: a struck body rings as a sum of exponentially decaying sinusoids (its
//! modes). Each mode here rises over `rise` seconds (the mallet's contact; longer for a gong's
//! bloom) and falls 60 dB in `t60` seconds. Used for every bell.

use super::dsp::{FS, OnePole, db_gain, exp, ln, raised_cosine, sin_turns, t60_factor};
use super::rng::Rng;

/// One mode of a struck body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mode {
    pub freq: f64,
    /// Peak amplitude of this mode's envelope.
    pub amp: f64,
    /// Seconds to fall by 60 dB.
    pub t60: f64,
    /// Time constant of the rise, in seconds: a few ms for a strike, up to seconds for a bloom.
    pub rise: f64,
    /// Starting phase, in turns.
    pub phase: f64,
}

/// How many modes ring side by side in one pass: independent feedback paths keep the
/// processor busy where one alone would wait on each multiply.
const LANES: usize = 4;

/// A mode ready to ring: its envelope's two decays and its phasor's rotation.
#[derive(Debug, Clone, Copy, Default)]
struct Ringing {
    /// The envelope is `e1 − e2`, both starting at `scale`.
    scale: f64,
    d1: f64,
    d2: f64,
    /// cos and sin of the phase step, and of the phase now.
    cw: f64,
    sw: f64,
    c: f64,
    s: f64,
    /// Frames until 100 dB below the peak.
    end: usize,
}

impl Ringing {
    fn new(mode: &Mode) -> Ringing {
        assert!(
            mode.freq < FS * 0.45,
            "a mode at {} Hz would alias",
            mode.freq
        );
        let tau = mode.t60 / ln(1000.0);
        let rise = mode.rise.min(tau * 0.5).max(1.0 / FS);
        // Where the envelope peaks, and its height there, to scale the peak to `amp`.
        let t_peak = ln(tau / rise) * tau * rise / (tau - rise);
        let height = exp(-t_peak / tau) - exp(-t_peak / rise);
        let w = mode.freq / FS;
        Ringing {
            scale: mode.amp / height,
            d1: t60_factor(mode.t60),
            d2: exp(-1.0 / (rise * FS)),
            cw: sin_turns(w + 0.25),
            sw: sin_turns(w),
            c: sin_turns(mode.phase + 0.25),
            s: sin_turns(mode.phase),
            end: ((t_peak + 5.0 * tau * ln(10.0)) * FS) as usize + 1,
        }
    }
}

/// Adds `modes` to `buf`, all from frame 0. Each envelope is `e^(−t/τ) − e^(−t/τ_rise)`,
/// scaled so its peak is the mode's `amp`: it starts at exactly zero, so a strike never clicks.
pub fn add_modes(buf: &mut [f32], modes: &[Mode]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: this CPU has AVX2, as just checked.
        unsafe { add_modes_avx2(buf, modes) };
        return;
    }
    add_modes_any(buf, modes);
}

/// [`add_modes`] compiled for AVX2: the same operations in the same order on wider registers
/// (a bell at a sit's first moment is made before its first sound), so the same samples: no
/// fused multiply-add, which rounds differently.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_modes_avx2(buf: &mut [f32], modes: &[Mode]) {
    add_modes_any(buf, modes);
}

#[inline(always)]
fn add_modes_any(buf: &mut [f32], modes: &[Mode]) {
    let mut all: Vec<Ringing> = modes.iter().map(Ringing::new).collect();
    // Modes of similar length share a pass.
    all.sort_by_key(|r| r.end);
    for group in all.chunks(LANES) {
        let mut r = [Ringing::default(); LANES];
        r[..group.len()].copy_from_slice(group);
        let n = group
            .iter()
            .map(|r| r.end)
            .max()
            .unwrap_or(0)
            .min(buf.len());
        let [d1, d2, cw, sw] = [
            r.map(|r| r.d1),
            r.map(|r| r.d2),
            r.map(|r| r.cw),
            r.map(|r| r.sw),
        ];
        let [mut c, mut s] = [r.map(|r| r.c), r.map(|r| r.s)];
        let [mut e1, mut e2] = [r.map(|r| r.scale), r.map(|r| r.scale)];
        for y in &mut buf[..n] {
            let mut sum = 0.0;
            for k in 0..LANES {
                sum += (e1[k] - e2[k]) * s[k];
                (c[k], s[k]) = (c[k] * cw[k] - s[k] * sw[k], s[k] * cw[k] + c[k] * sw[k]);
                e1[k] *= d1[k];
                e2[k] *= d2[k];
            }
            *y += sum as f32;
        }
    }
}

/// Two modes a `beat` apart around `m.freq`, the second `balance` times as loud and ringing a
/// little shorter: a slightly asymmetric body splits each mode in two, and the pair beats
/// slowly, the "wah" of a singing bowl.
pub fn pair(rng: &mut Rng, m: Mode, beat: f64, balance: f64) -> [Mode; 2] {
    let a = Mode {
        freq: m.freq - beat / 2.0,
        phase: rng.unit(),
        ..m
    };
    let b = Mode {
        freq: m.freq + beat / 2.0,
        amp: m.amp * balance,
        t60: m.t60 * 0.9,
        phase: rng.unit(),
        ..m
    };
    [a, b]
}

/// The mallet's contact: a short burst of low-passed noise, rising in about half a
/// millisecond and decaying with time constant `decay` seconds.
pub fn add_thump(buf: &mut [f32], rng: &mut Rng, amp: f64, cutoff_hz: f64, decay: f64) {
    let mut lp1 = OnePole::new(cutoff_hz);
    let mut lp2 = OnePole::new(cutoff_hz);
    let d1 = exp(-1.0 / (decay * FS));
    let d2 = exp(-1.0 / (0.0005 * FS));
    let (mut e1, mut e2) = (1.0f64, 1.0f64);
    let end = ((decay * 12.0) * FS) as usize;
    // Two one-poles lose level as the cutoff falls: bring the burst back to about `amp`.
    let gain = amp * (FS / (cutoff_hz * 2.0)).sqrt() * 0.9;
    for y in buf.iter_mut().take(end) {
        let x = lp2.low(lp1.low(rng.bipolar()));
        *y += (gain * (e1 - e2) * f64::from(x)) as f32;
        e1 *= d1;
        e2 *= d2;
    }
}

/// Fades the last `seconds` of `buf` out with a raised cosine, so it ends on exact silence.
pub fn fade_tail(buf: &mut [f32], seconds: f64) {
    let n = ((seconds * FS) as usize).min(buf.len());
    let start = buf.len() - n;
    for (i, y) in buf[start..].iter_mut().enumerate() {
        *y *= raised_cosine(1.0 - (i + 1) as f64 / n as f64) as f32;
    }
}

/// Scales `buf` so that its peak is `peak_db` dBFS.
pub fn normalize(buf: &mut [f32], peak_db: f64) {
    let peak = buf.iter().fold(0.0f32, |m, y| m.max(y.abs()));
    if peak > 0.0 {
        let g = (db_gain(peak_db) / f64::from(peak)) as f32;
        buf.iter_mut().for_each(|y| *y *= g);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_processor_gets_the_same_bell() {
        // `add_modes` takes the AVX2 build where the processor has it; a bell must not
        // differ between machines by a bit.
        let modes: Vec<Mode> = (0..9)
            .map(|i| Mode {
                freq: 180.0 * (1.0 + 1.37 * f64::from(i)),
                amp: 0.1,
                t60: 4.0 / (1.0 + f64::from(i)),
                rise: 0.002,
                phase: 0.1 * f64::from(i),
            })
            .collect();
        let (mut fast, mut any) = (vec![0.0f32; 48_000], vec![0.0f32; 48_000]);
        add_modes(&mut fast, &modes);
        add_modes_any(&mut any, &modes);
        assert!(fast.iter().any(|&y| y != 0.0));
        assert!(
            fast.iter()
                .zip(&any)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
    }

    #[test]
    fn a_mode_peaks_at_its_amplitude_and_decays_at_its_rate() {
        let mut buf = vec![0.0f32; 3 * FS as usize];
        let m = Mode {
            freq: 440.0,
            amp: 0.5,
            t60: 1.0,
            rise: 0.002,
            phase: 0.0,
        };
        add_modes(&mut buf, &[m]);
        assert_eq!(buf[0], 0.0);
        let peak = buf.iter().fold(0.0f32, |m, y| m.max(y.abs()));
        assert!((peak - 0.5).abs() < 0.01, "{peak}");
        // One second after the peak the level is 60 dB down.
        let at = |t: f64| {
            let i = (t * FS) as usize;
            buf[i..i + 200].iter().fold(0.0f32, |m, y| m.max(y.abs()))
        };
        let drop = 20.0 * (at(1.1) / at(0.1)).log10();
        assert!((drop + 60.0).abs() < 1.0, "{drop} dB");
    }

    #[test]
    fn the_tail_fade_ends_in_silence() {
        let mut buf = vec![1.0f32; 1000];
        fade_tail(&mut buf, 500.0 / FS);
        assert_eq!(buf[999], 0.0);
        assert_eq!(buf[499], 1.0);
        assert!(buf[500] > 0.99);
    }
}
