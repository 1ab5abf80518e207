//! A small seeded generator (SplitMix64): the same numbers on every run and on every machine,
//! with no dependency. Not for cryptography; for noise and for choosing partials.

/// SplitMix64 (Steele, Lea and Flood 2014): 64 bits of state, passes BigCrush.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for a sub-stream: seeded from this one, so streams do not overlap in practice.
    pub fn fork(&mut self) -> Rng {
        Rng(self.next_u64())
    }

    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    #[inline]
    pub fn bipolar(&mut self) -> f32 {
        bipolar24((self.next_u64() >> 40) as u32)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

/// Random bits for white noise: four xorshift64 generators side by side (Marsaglia 2003),
/// seeded from a [`Rng`]. Statistically weaker than SplitMix64 and just as good as noise to
/// the ear; four lanes of shifts and exclusive-ors vectorize, so a bed's noise costs a third.
/// Each lane's period is 2⁶⁴ − 1, far beyond any session.
#[derive(Debug, Clone)]
pub struct Lanes([u64; 4]);

impl Lanes {
    pub fn new(rng: &mut Rng) -> Lanes {
        // Never zero: xorshift would stay at zero.
        Lanes(std::array::from_fn(|_| rng.next_u64() | 1))
    }

    /// The next 64 bits of each lane.
    #[inline(always)]
    pub fn next(&mut self) -> [u64; 4] {
        for x in &mut self.0 {
            *x ^= *x << 13;
            *x ^= *x >> 7;
            *x ^= *x << 17;
        }
        self.0
    }
}

/// 24 random bits as a float in [-1, 1), exactly (every value is representable in f32).
#[inline]
fn bipolar24(bits: u32) -> f32 {
    (bits as i32 - (1 << 23)) as f32 * (1.0 / (1 << 23) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_are_independent_and_balanced() {
        let mut lanes = Lanes::new(&mut Rng::new(3));
        let (mut ones, mut same) = ([0u32; 4], 0u32);
        let n = 10_000;
        for _ in 0..n {
            let v = lanes.next();
            for (k, x) in v.iter().enumerate() {
                ones[k] += x.count_ones();
            }
            same += u32::from(v[0] == v[1] || v[1] == v[2] || v[2] == v[3]);
        }
        for o in ones {
            let share = f64::from(o) / (64.0 * f64::from(n));
            assert!((share - 0.5).abs() < 0.005, "{share}");
        }
        assert_eq!(same, 0);
    }

    #[test]
    fn same_seed_same_numbers() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        // SplitMix64's published first output for seed 0.
        assert_eq!(Rng::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn noise_is_bounded_and_centred() {
        let mut r = Rng::new(1);
        let mut sum = 0.0f64;
        let n = 100_000;
        for _ in 0..n {
            let b = r.bipolar();
            assert!((-1.0..1.0).contains(&b));
            sum += f64::from(b);
        }
        assert!((sum / n as f64).abs() < 0.01);
        for _ in 0..1000 {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
