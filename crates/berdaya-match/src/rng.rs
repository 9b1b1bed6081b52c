//! A small seeded generator (SplitMix64): the same seed gives the same sample on every
//! machine and every thread count.

#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

/// A stateless hash of a pair and a seed, uniform in `0..2^64` (for sampling pairs).
pub fn pair_hash(seed: u64, i: u32, j: u32) -> u64 {
    let mut r = SplitMix64::new(seed ^ (u64::from(i) << 32 | u64::from(j)));
    r.next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let a: Vec<u64> = { let mut r = SplitMix64::new(7); (0..5).map(|_| r.below(100)).collect() };
        let b: Vec<u64> = { let mut r = SplitMix64::new(7); (0..5).map(|_| r.below(100)).collect() };
        let c: Vec<u64> = { let mut r = SplitMix64::new(8); (0..5).map(|_| r.below(100)).collect() };
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.iter().all(|x| *x < 100));
    }
}
