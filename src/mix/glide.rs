//! Gains that glide instead of jumping: volume, mute, ducking. Kept in f64 so the glide
//! really arrives (in f32, a slow glide stalls a few thousandths short of its target, and the
//! mixer could never tell it had settled).

/// A value moving toward its target by a fixed fraction of the distance each frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glide {
    value: f64,
    target: f64,
}

/// Within this of its target, a glide is at its target (-120 dB: far below hearing).
const ARRIVED: f64 = 1e-6;

impl Glide {
    pub fn at(value: f32) -> Glide {
        Glide {
            value: f64::from(value),
            target: f64::from(value),
        }
    }

    pub fn set_target(&mut self, target: f32) {
        self.target = f64::from(target);
    }

    pub fn target(&self) -> f32 {
        self.target as f32
    }

    pub fn value(&self) -> f32 {
        self.value as f32
    }

    pub fn is_settled(&self) -> bool {
        self.value == self.target
    }

    /// Moves one frame toward the target by `coef` of the distance; returns the new value.
    #[inline]
    pub fn step(&mut self, coef: f64) -> f32 {
        self.value += (self.target - self.value) * coef;
        if (self.value - self.target).abs() < ARRIVED {
            self.value = self.target;
        }
        self.value as f32
    }
}

/// The per-frame coefficient of a glide that covers about 63 % of the way in `seconds`.
pub fn coef(seconds: f64) -> f64 {
    1.0 - (-1.0 / (seconds * f64::from(crate::timeline::RATE))).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_glides_arrive_exactly() {
        let mut g = Glide::at(1.0);
        g.set_target(0.316);
        let c = coef(0.9);
        let mut frames = 0;
        while !g.is_settled() {
            g.step(c);
            frames += 1;
            assert!(frames < 48_000 * 30, "a 0.9 s glide settles within 30 s");
        }
        assert_eq!(g.value(), 0.316);
        g.set_target(1.0);
        while !g.is_settled() {
            g.step(c);
        }
        assert_eq!(g.value(), 1.0);
    }
}
