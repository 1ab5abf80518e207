//! Small building blocks shared by the bells and tones: a portable sine, fades, decay factors and
//! a one-pole filter. None allocates.

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

/// `x.floor()` without a call into the maths library (which `f64::floor` is on plain x86-64).
#[inline]
fn floor(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x { t - 1.0 } else { t }
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
    (-(1000f64.ln()) / (t60 * FS)).exp()
}

/// The coefficient of a one-pole low-pass at `hz`: `y += a·(x − y)`.
pub fn one_pole_coef(hz: f64) -> f32 {
    (1.0 - (-std::f64::consts::TAU * hz / FS).exp()) as f32
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

#[cfg(test)]
mod tests {
    use super::*;

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
