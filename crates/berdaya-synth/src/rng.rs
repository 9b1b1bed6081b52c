//! A small deterministic PRNG (wyrand) and the sampling helpers the generators need.
//!
//! Same seed, same build → same stream. Only the log-normal sampler uses floating-point
//! transcendental functions; their results are rounded to "nice" rupiah amounts, so a
//! different libm could at worst change a rare borderline amount.

/// SplitMix64 finaliser: a good 64-bit mixer for seeds and hash-like derivations.
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// wyrand: one `u64` of state, fast, passes the usual statistical batteries.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(mix64(seed ^ 0x5EED_BE2D_A7A0_0001))
    }

    /// An independent stream for a named purpose (e.g. one per output file).
    pub fn derive(seed: u64, stream: u64) -> Self {
        Rng::new(mix64(seed).wrapping_add(mix64(stream.wrapping_mul(0x2545_F491_4F6C_DD1D))))
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0xA076_1D64_78BD_642F);
        let t = u128::from(self.0) * u128::from(self.0 ^ 0xE703_7ED1_A0B4_28DB);
        ((t >> 64) as u64) ^ (t as u64)
    }

    /// Uniform in `0..n` (`n > 0`; returns 0 for `n == 0`). Lemire's multiply-shift; the
    /// bias is below 2^-40 for the sizes used here.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    #[inline]
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    #[inline]
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.f64() < p
    }

    /// One element of a non-empty slice.
    #[inline]
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// One value from `(value, weight)` pairs (weights need not sum to anything).
    pub fn pick_weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut r = self.below(total.max(1));
        for &(v, w) in items {
            if r < u64::from(w) {
                return v;
            }
            r -= u64::from(w);
        }
        items[items.len() - 1].0
    }

    /// Approximately standard normal: Irwin–Hall sum of four uniforms, rescaled (mean 0,
    /// variance 1, tails cut at ±3.46σ). No transcendental functions: fast and the same on
    /// every platform.
    pub fn normal(&mut self) -> f64 {
        let s = self.f64() + self.f64() + self.f64() + self.f64();
        (s - 2.0) * 1.732_050_807_568_877_2
    }

    /// Log-normal with the given median and log-space sigma.
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
}

/// Cumulative weights for picking among many items (regions) in `O(log n)`.
#[derive(Debug, Clone, Default)]
pub struct Weighted {
    cum: Vec<u64>,
}

impl Weighted {
    pub fn new(weights: impl IntoIterator<Item = u64>) -> Self {
        let mut total = 0u64;
        let cum = weights
            .into_iter()
            .map(|w| {
                total += w.max(1);
                total
            })
            .collect();
        Weighted { cum }
    }

    /// Index of the picked item (0 when there are no items).
    pub fn pick(&self, rng: &mut Rng) -> usize {
        let total = self.cum.last().copied().unwrap_or(0);
        let r = rng.below(total.max(1));
        self.cum.partition_point(|&c| c <= r)
    }
}

/// A keyed pseudo-random permutation of `0..n` (4-round Feistel with cycle walking):
/// stateless, so "exactly k rows of kind X, spread at random" can be decided per row.
#[derive(Debug, Clone)]
pub struct Permutation {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Permutation {
    pub fn new(n: u64, seed: u64) -> Self {
        let bits = 64 - n.max(2).saturating_sub(1).leading_zeros();
        let half_bits = bits.div_ceil(2).max(1);
        let keys = [1, 2, 3, 4].map(|i| mix64(seed ^ (i * 0x9E37_79B9)));
        Permutation { n, half_bits, keys }
    }

    fn round_trip(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut l, mut r) = (x >> self.half_bits, x & mask);
        for k in self.keys {
            let f = mix64(r ^ k) & mask;
            (l, r) = (r, l ^ f);
        }
        (l << self.half_bits) | r
    }

    /// Image of `x` (`x < n`).
    pub fn apply(&self, x: u64) -> u64 {
        let mut y = self.round_trip(x);
        while y >= self.n {
            y = self.round_trip(y);
        }
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_is_a_bijection() {
        for n in [1u64, 2, 3, 17, 1000, 4097] {
            let p = Permutation::new(n, 42);
            let mut seen = vec![false; n as usize];
            for x in 0..n {
                let y = p.apply(x) as usize;
                assert!(!seen[y], "n={n}");
                seen[y] = true;
            }
        }
    }

    #[test]
    fn weighted_pick_respects_weights() {
        let w = Weighted::new([1, 0, 3]);
        let mut rng = Rng::new(7);
        let mut counts = [0u32; 3];
        for _ in 0..40_000 {
            counts[w.pick(&mut rng)] += 1;
        }
        // zero weights are lifted to 1 so that every region can appear
        assert!(counts[2] > 2 * counts[0], "{counts:?}");
        assert!(counts[1] > 0 && counts[1] < counts[0] * 2, "{counts:?}");
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = Rng::new(1);
        for n in [1u64, 2, 10, 365] {
            for _ in 0..1000 {
                assert!(rng.below(n) < n);
            }
        }
    }
}
