//! A map from `u64` keys (NIKs, blocking keys) kept as sorted arrays, built on all cores and
//! searched either one key at a time (binary search) or, for a batch of keys sorted first,
//! by walking forward ([`Walker`]).
//!
//! Why not a hash map: the civil registry has 17 M rows and the lists millions; a hash map
//! that size is one random access per lookup, each a cache and TLB miss (expensive in a VM).
//! The CLI sorts the NIKs and name keys of a batch of applicants and walks the arrays
//! forward, so consecutive lookups land close to each other.
//!
//! Built from [`Split`]s (one per block read, on the core that parsed the block) whose rows
//! are already sorted into key ranges; each range is sorted on its own core, and within a
//! range the rows keep their order, so "the first row of a key wins" holds exactly as with
//! rows inserted one by one.

use rayon::prelude::*;

/// Keys are split into ranges by these bits (NIKs are below 2^54: about 140 ranges).
const RANGE_SHIFT: u32 = 46;
const RANGES: usize = 256;

/// The key range of a key (non-decreasing in the key, so ranges concatenate in order).
#[inline]
fn range_of(key: u64) -> usize {
    ((key >> RANGE_SHIFT) as usize).min(RANGES - 1)
}

/// Rows for a [`SortedMap`], sorted into key ranges, in the order they were pushed.
#[derive(Debug)]
pub(crate) struct Split<V> {
    by_range: Vec<Vec<(u64, V)>>,
}

impl<V> Default for Split<V> {
    fn default() -> Self {
        Split {
            by_range: (0..RANGES).map(|_| Vec::new()).collect(),
        }
    }
}

impl<V> Split<V> {
    #[inline]
    pub(crate) fn push(&mut self, key: u64, value: V) {
        self.by_range[range_of(key)].push((key, value));
    }

    /// Change every value pushed so far.
    pub(crate) fn for_each_value(&mut self, mut f: impl FnMut(&mut V)) {
        for r in &mut self.by_range {
            for (_, v) in r {
                f(v);
            }
        }
    }
}

/// `u64 → V` as sorted unique keys and their values.
#[derive(Debug, Clone)]
pub(crate) struct SortedMap<V> {
    keys: Vec<u64>,
    values: Vec<V>,
}

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        SortedMap {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<V> SortedMap<V> {
    /// The position of `key`, if present.
    #[inline]
    pub(crate) fn find(&self, key: u64) -> Option<usize> {
        self.keys.binary_search(&key).ok()
    }

    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<&V> {
        self.find(key).map(|i| &self.values[i])
    }

    /// The value at a position from [`SortedMap::find`] or a [`Walker`].
    #[inline]
    pub(crate) fn value(&self, i: usize) -> &V {
        &self.values[i]
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Every key and value, in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &V)> {
        self.keys.iter().copied().zip(&self.values)
    }

    /// A forward search over the keys.
    pub(crate) fn walker(&self) -> Walker<'_> {
        Walker { keys: &self.keys, at: 0 }
    }

    /// Insert unless the key is there already (the first value wins); whether it was new.
    /// Linear in the size of the map: for many rows use [`SortedMap::extend`].
    pub(crate) fn insert_first(&mut self, key: u64, value: V) -> bool {
        match self.keys.binary_search(&key) {
            Ok(_) => false,
            Err(i) => {
                self.keys.insert(i, key);
                self.values.insert(i, value);
                true
            }
        }
    }

    /// A map from keys already sorted and unique.
    pub(crate) fn from_sorted(keys: Vec<u64>, values: Vec<V>) -> Self {
        debug_assert!(keys.windows(2).all(|w| w[0] < w[1]) && keys.len() == values.len());
        SortedMap { keys, values }
    }
}

impl<V: Send> SortedMap<V> {
    /// Add the rows of `splits` in order, the first value of a key winning (rows already in
    /// the map came first): the same map as [`SortedMap::insert_first`] row by row. Each key
    /// range is sorted on its own core.
    pub(crate) fn extend(&mut self, splits: Vec<Split<V>>) {
        let mut ranges: Vec<Vec<Vec<(u64, V)>>> = (0..RANGES).map(|_| Vec::with_capacity(splits.len() + 1)).collect();
        if !self.keys.is_empty() {
            let mut old = Split::default();
            for (k, v) in std::mem::take(&mut self.keys).into_iter().zip(std::mem::take(&mut self.values)) {
                old.push(k, v);
            }
            for (r, rows) in ranges.iter_mut().zip(old.by_range) {
                r.push(rows);
            }
        }
        for sp in splits {
            for (r, rows) in ranges.iter_mut().zip(sp.by_range) {
                if !rows.is_empty() {
                    r.push(rows);
                }
            }
        }
        let sorted: Vec<(Vec<u64>, Vec<V>)> = ranges
            .into_par_iter()
            .map(|parts| {
                let mut rows: Vec<(u64, V)> = Vec::with_capacity(parts.iter().map(Vec::len).sum());
                for p in parts {
                    rows.extend(p);
                }
                // Stable: equal keys stay in the order pushed, and the first one is kept.
                rows.sort_by_key(|r| r.0);
                rows.dedup_by_key(|r| r.0);
                rows.into_iter().unzip()
            })
            .collect();
        let n = sorted.iter().map(|s| s.0.len()).sum();
        self.keys.reserve(n);
        self.values.reserve(n);
        for (k, v) in sorted {
            self.keys.extend(k);
            self.values.extend(v);
        }
    }
}

/// Finds keys given in non-decreasing order, each search starting where the last ended
/// (a galloping search: near keys cost a few comparisons on memory just read).
pub(crate) struct Walker<'a> {
    keys: &'a [u64],
    at: usize,
}

impl Walker<'_> {
    /// The position of `key`, which must be at least the key of the previous call.
    #[inline]
    pub(crate) fn find(&mut self, key: u64) -> Option<usize> {
        let keys = self.keys;
        let mut lo = self.at;
        let mut step = 1;
        let mut hi = lo;
        while hi < keys.len() && keys[hi] < key {
            lo = hi + 1;
            hi += step;
            step *= 2;
        }
        let hi = hi.min(keys.len());
        let i = lo + keys[lo..hi].partition_point(|&k| k < key);
        self.at = i;
        (i < keys.len() && keys[i] == key).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// Pseudo-random NIK-like keys with many repeats, spread over the ranges.
    fn keys(n: u64) -> Vec<u64> {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                1_100_000_000_000_000 + (x % 50_000) * 170_000_000_000
            })
            .collect()
    }

    #[test]
    fn built_in_ranges_it_answers_like_one_map_filled_in_order() {
        let ks = keys(120_000);
        let mut plain: HashMap<u64, usize> = HashMap::new();
        for (row, &k) in ks.iter().enumerate() {
            plain.entry(k).or_insert(row);
        }
        let splits: Vec<Split<usize>> = ks
            .chunks(10_000)
            .enumerate()
            .map(|(c, chunk)| {
                let mut s = Split::default();
                for (o, &k) in chunk.iter().enumerate() {
                    s.push(k, c * 10_000 + o);
                }
                s
            })
            .collect();
        let mut sorted = SortedMap::default();
        sorted.extend(splits);
        assert_eq!(sorted.len(), plain.len());
        assert!(sorted.keys.windows(2).all(|w| w[0] < w[1]));
        for (k, v) in &plain {
            assert_eq!(sorted.get(*k), Some(v), "key {k}");
        }
        assert_eq!(sorted.get(1), None);
        assert_eq!(sorted.get(u64::MAX), None);
        // Row by row, and in two rounds, give the same map.
        let mut one = SortedMap::default();
        for (row, &k) in ks.iter().take(3_000).enumerate() {
            one.insert_first(k, row);
        }
        assert!(!one.insert_first(ks[0], 0));
        let mut two = SortedMap::default();
        for half in ks[..3_000].chunks(1_500).enumerate() {
            let mut s = Split::default();
            for (o, &k) in half.1.iter().enumerate() {
                s.push(k, half.0 * 1_500 + o);
            }
            two.extend(vec![s]);
        }
        assert_eq!(one.keys, two.keys);
        assert_eq!(one.values, two.values);
    }

    #[test]
    fn a_walker_finds_sorted_keys_like_a_binary_search() {
        let mut m = SortedMap::default();
        let mut s = Split::default();
        for k in keys(20_000) {
            s.push(k, k / 3);
        }
        s.push(u64::MAX, 7);
        m.extend(vec![s]);
        let mut probes = keys(5_000);
        probes.extend([0, 5, u64::MAX, u64::MAX - 1, 1_100_000_000_000_001]);
        probes.sort_unstable();
        let mut w = m.walker();
        for p in probes {
            assert_eq!(w.find(p), m.find(p), "{p}");
        }
    }
}
