//! Small building blocks shared by the bells, tones and beds: portable maths (sine, exp, ln),
//! one-pole filters, a slow random drift and a soft safety limiter. None allocates.

use crate::timeline::RATE;

/// The output rate as a float, for turning hertz and seconds into per-frame steps.
pub const FS: f64 = RATE as f64;

/// `sin(2π·turns)` by a polynomial (error below 1e-9), so that synthesized sound is the same
/// on every machine whatever its maths library does.
#[inline]
pub fn sin_turns(turns: f64) -> f64 {
    let t = turns - floor(turns + 0.5); // [-0.5, 0.5)
    let t = if t > 0.25 {
        0.5 - t
    } else if t < -0.25 {
        -0.5 - t
    } else {
        t
    }; // [-0.25, 0.25], same sine
    let x = t * std::f64::consts::TAU;
    let x2 = x * x;
    x * (1.0
        - x2 / 6.0
            * (1.0
                - x2 / 20.0
                    * (1.0
                        - x2 / 42.0 * (1.0 - x2 / 72.0 * (1.0 - x2 / 110.0 * (1.0 - x2 / 156.0))))))
}

/// ln 2 in two parts (Cody and Waite): `k·LN2_HI` is exact for the `k` met here.
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);

/// `e^x` from additions, multiplications and one division only, so that every machine gets the
/// same bits (the maths library's `exp` may differ in the last bit between platforms). Relative
/// error below 1e-15.
pub fn exp(x: f64) -> f64 {
    if x < -708.0 {
        return 0.0;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    let k = floor(x * std::f64::consts::LOG2_E + 0.5);
    let r = (x - k * LN2_HI) - k * LN2_LO; // |r| ≤ 0.35
    let mut p = 1.0;
    for n in (1..=13).rev() {
        p = 1.0 + r * p / f64::from(n);
    }
    p * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

/// The natural logarithm of a positive, normal `x`, portable like [`exp`] (error below 1e-15).
pub fn ln(x: f64) -> f64 {
    debug_assert!(x.is_normal() && x > 0.0, "ln of {x}");
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7FF) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut p = 0.0;
    for n in (1..=10).rev() {
        p = 1.0 / f64::from(2 * n - 1) + s2 * p;
    }
    let e = e as f64;
    e * LN2_HI + (e * LN2_LO + 2.0 * s * p)
}

/// A gain from decibels: `10^(db/20)`.
pub fn db_gain(db: f64) -> f64 {
    exp(db * std::f64::consts::LN_10 / 20.0)
}

/// `x.floor()` without a call into the maths library (which `f64::floor` is on plain x86-64).
#[inline]
fn floor(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x { t - 1.0 } else { t }
}

/// 0 → 0, 1 → 1, flat at both ends.
#[inline(always)]
pub fn smoothstep(x: f32) -> f32 {
    let x = x.clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// A raised-cosine gain going 0 → 1 as `x` goes 0 → 1 (flat at both ends, so no click).
#[inline]
pub fn raised_cosine(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    0.5 - 0.5 * sin_turns(0.25 + 0.5 * x)
}

/// The per-frame factor of an exponential decay that falls 60 dB in `t60` seconds.
pub fn t60_factor(t60: f64) -> f64 {
    exp(-ln(1000.0) / (t60 * FS))
}

/// The coefficient of a one-pole low-pass at `hz`: `y += a·(x − y)`.
pub fn one_pole_coef(hz: f64) -> f32 {
    (1.0 - exp(-std::f64::consts::TAU * hz / FS)) as f32
}

/// A one-pole low-pass (6 dB per octave); `x − low-pass` is its high-pass. Written
/// `y = p·y + a·x` so that only one multiply and one add lie on the feedback path.
#[derive(Debug, Clone, Copy)]
pub struct OnePole {
    a: f32,
    p: f32,
    y: f32,
}

impl OnePole {
    pub fn new(hz: f64) -> OnePole {
        let a = one_pole_coef(hz);
        OnePole {
            a,
            p: 1.0 - a,
            y: 0.0,
        }
    }

    #[inline]
    pub fn low(&mut self, x: f32) -> f32 {
        self.y = self.p * self.y + self.a * x;
        self.y
    }
}

/// Four one-pole low-passes side by side. Each update is the same three operations on four
/// lanes, which the optimizer turns into SIMD: two stereo filters for the price of one.
#[derive(Debug, Clone, Copy)]
pub struct Poles4 {
    a: [f32; 4],
    p: [f32; 4],
    y: [f32; 4],
}

impl Poles4 {
    pub fn new(hz: [f64; 4]) -> Poles4 {
        let a = hz.map(one_pole_coef);
        Poles4 {
            a,
            p: a.map(|a| 1.0 - a),
            y: [0.0; 4],
        }
    }

    /// Four filters `y = pole·y + input·x` with any coefficients.
    pub fn with(pole: [f32; 4], input: [f32; 4]) -> Poles4 {
        Poles4 {
            a: input,
            p: pole,
            y: [0.0; 4],
        }
    }

    #[inline(always)]
    pub fn low(&mut self, x: [f32; 4]) -> [f32; 4] {
        let (p, a, y) = (self.p, self.a, self.y);
        self.y = std::array::from_fn(|k| p[k] * y[k] + a[k] * x[k]);
        self.y
    }
}

/// Eight one-pole low-passes side by side, as [`Poles4`]: one AVX2 instruction per step where
/// the processor has it, so the rain's many layers cost what a few would.
#[derive(Debug, Clone, Copy)]
pub struct Poles8 {
    a: [f32; 8],
    p: [f32; 8],
    y: [f32; 8],
}

impl Poles8 {
    pub fn new(hz: [f64; 8]) -> Poles8 {
        let a = hz.map(one_pole_coef);
        Poles8::with(a.map(|a| 1.0 - a), a)
    }

    /// Eight filters `y = pole·y + input·x` with any coefficients.
    pub fn with(pole: [f32; 8], input: [f32; 8]) -> Poles8 {
        Poles8 {
            a: input,
            p: pole,
            y: [0.0; 8],
        }
    }

    #[inline(always)]
    pub fn low(&mut self, x: [f32; 8]) -> [f32; 8] {
        let (p, a, y) = (self.p, self.a, self.y);
        self.y = std::array::from_fn(|k| p[k] * y[k] + a[k] * x[k]);
        self.y
    }
}

/// A slow random movement in [-1, 1]: glides (smoothstep) from one random target to the next,
/// each glide lasting a random time between `min_s` and `max_s` seconds. Never repeats.
/// Read once per block ([`Drift::advance`]): it moves far too slowly to need more.
#[derive(Debug, Clone)]
pub struct Drift {
    rng: super::rng::Rng,
    from: f32,
    to: f32,
    pos: u32,
    len: u32,
    min_s: f32,
    max_s: f32,
    /// Each target on the other side of zero from the last, at least 0.4 from it.
    swing: bool,
}

impl Drift {
    pub fn new(rng: super::rng::Rng, min_s: f32, max_s: f32) -> Drift {
        Drift::build(rng, min_s, max_s, false)
    }

    /// A drift that swings: up, then down, then up again, each time by a random amount.
    /// Over any stretch of a few glides it averages near zero, which a drift to random
    /// targets need not: a gust's level moves a lot from second to second but little from
    /// one half minute to the next.
    pub fn swinging(rng: super::rng::Rng, min_s: f32, max_s: f32) -> Drift {
        Drift::build(rng, min_s, max_s, true)
    }

    fn build(mut rng: super::rng::Rng, min_s: f32, max_s: f32, swing: bool) -> Drift {
        let from = rng.bipolar();
        let mut d = Drift {
            rng,
            from,
            to: from,
            pos: 0,
            len: 1,
            min_s,
            max_s,
            swing,
        };
        d.next_target();
        d
    }

    fn next_target(&mut self) {
        self.from = self.to;
        let u = self.rng.bipolar();
        self.to = if self.swing {
            (0.4 + 0.6 * u.abs()).copysign(-self.from)
        } else {
            u
        };
        let secs = self.min_s + (self.max_s - self.min_s) * (0.5 + 0.5 * self.rng.bipolar());
        self.len = ((secs * RATE as f32) as u32).max(1);
    }

    /// The value now, then moves on by `frames`.
    #[inline(always)]
    pub fn advance(&mut self, frames: u32) -> f32 {
        let v = self.from + (self.to - self.from) * smoothstep(self.pos as f32 / self.len as f32);
        self.pos += frames;
        while self.pos >= self.len {
            self.pos -= self.len;
            self.next_target();
        }
        v
    }
}

/// Below this magnitude [`soft_limit`] changes nothing.
pub const KNEE: f32 = 0.75;

/// The largest magnitude in `samples`, in eight lanes so it vectorizes.
#[inline(always)]
pub fn peak(samples: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let chunks = samples.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (m, s) in lanes.iter_mut().zip(c) {
            let a = s.abs();
            *m = if a > *m { a } else { *m };
        }
    }
    let tail = rest.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    lanes.iter().fold(tail, |m, &l| m.max(l))
}

/// Leaves samples below 0.75 untouched and bends larger ones smoothly towards, never to, 1.0:
/// a safety net so that no synthesized sample can reach full scale. Branch-free, so that a
/// loop of it vectorizes.
#[inline(always)]
pub fn soft_limit(x: f32) -> f32 {
    let a = x.abs();
    // Capped so that rounding cannot carry the result to 1.0.
    let u = ((a - KNEE).max(0.0) / (1.0 - KNEE)).min(1e5);
    (a.min(KNEE) + (1.0 - KNEE) * u / (1.0 + u)).copysign(x)
}

#[cfg(test)]
mod tests {
    use super::super::rng::Rng;
    use super::*;

    #[test]
    fn the_portable_exp_and_ln_match_the_library() {
        for i in -3000..3000 {
            let x = f64::from(i) * 0.0173;
            let (want, got) = (x.exp(), exp(x));
            assert!(
                (got - want).abs() <= want * 2e-15,
                "exp({x}): {got} vs {want}"
            );
        }
        for i in 1..3000 {
            let x = f64::from(i) * 0.0137;
            for x in [x, 1.0 / x, x * 1e6] {
                let (want, got) = (x.ln(), ln(x));
                assert!(
                    (got - want).abs() <= 2e-15 * want.abs().max(1.0),
                    "ln({x}): {got}"
                );
            }
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(ln(1.0), 0.0);
        assert!((db_gain(-6.0) - 0.501_187_233_627_272_2).abs() < 1e-15);
    }

    #[test]
    fn the_portable_sine_matches_the_library_sine() {
        for i in -2000..2000 {
            let t = f64::from(i) * 0.001_37;
            let want = (t * std::f64::consts::TAU).sin();
            assert!((sin_turns(t) - want).abs() < 1e-9, "at {t}");
        }
        assert!((raised_cosine(0.0)).abs() < 1e-12 && (raised_cosine(1.0) - 1.0).abs() < 1e-12);
        assert!((raised_cosine(0.5) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn the_limiter_passes_quiet_samples_and_never_reaches_full_scale() {
        assert_eq!(soft_limit(0.5), 0.5);
        assert_eq!(soft_limit(-0.75), -0.75);
        for x in [0.8f32, 1.0, 2.0, 100.0, 1e30] {
            let y = soft_limit(x);
            assert!(y > 0.75 && y < 1.0, "{x} → {y}");
            assert_eq!(soft_limit(-x), -y);
        }
    }

    #[test]
    fn drift_moves_slowly_within_bounds() {
        let mut d = Drift::new(Rng::new(3), 0.5, 1.0);
        let mut last = d.advance(1);
        let (mut lo, mut hi) = (last, last);
        for _ in 0..RATE * 5 / 16 {
            let v = d.advance(16);
            assert!((-1.0..=1.0).contains(&v));
            assert!((v - last).abs() < 4e-3, "a jump from {last} to {v}");
            lo = lo.min(v);
            hi = hi.max(v);
            last = v;
        }
        assert!(hi - lo > 0.3, "it should move: {lo}..{hi}");
    }

    #[test]
    fn a_swinging_drift_crosses_zero_on_every_glide() {
        let mut d = Drift::swinging(Rng::new(5), 0.5, 1.0);
        let mut crossings = 0;
        let mut last = d.advance(16);
        let mut sum = 0.0f64;
        let steps = RATE * 60 / 16;
        for _ in 0..steps {
            let v = d.advance(16);
            assert!((-1.0..=1.0).contains(&v));
            crossings += usize::from((v > 0.0) != (last > 0.0));
            sum += f64::from(v);
            last = v;
        }
        // 60 s of glides of 0.5 to 1 s: one crossing each.
        assert!((60..=120).contains(&crossings), "{crossings} crossings");
        assert!(
            (sum / f64::from(steps)).abs() < 0.1,
            "mean {}",
            sum / f64::from(steps)
        );
    }

    #[test]
    fn filters_pass_what_they_should() {
        // A low-pass settles to a constant.
        let mut lp = OnePole::new(100.0);
        let mut z = 0.0;
        for _ in 0..RATE {
            z = lp.low(1.0);
        }
        assert!((z - 1.0).abs() < 1e-3);
    }
}
