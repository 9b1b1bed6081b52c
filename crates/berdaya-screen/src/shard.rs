//! A map from `u64` keys (NIKs) split into shards by key, so that the civil registry's
//! 17 M rows and the lists' millions are inserted on all cores at once instead of by one
//! thread while the others wait.
//!
//! Rows are first gathered into [`Split`]s (one per block read, on the core that parsed
//! the block), already sorted into their shards; [`ShardedMap::extend`] then fills every
//! shard on its own core from the splits in order. Within a shard the rows keep file order,
//! so "the first row of a NIK wins" holds exactly as with one map filled row by row.

use rayon::prelude::*;

use crate::key::FxMap;

const SHARD_BITS: u32 = 6;
/// Number of shards (a few per core, so that uneven shards still keep every core busy).
pub(crate) const SHARDS: usize = 1 << SHARD_BITS;

/// The shard of a key. The bits come from a mix of their own: taking them from the bits
/// the shard's hasher uses would give every key of a shard the same control byte.
#[inline]
pub(crate) fn shard_of(key: u64) -> usize {
    let x = (key ^ (key >> 31)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((x ^ (x >> 29)) >> (64 - SHARD_BITS)) as usize
}

/// Rows for a [`ShardedMap`], sorted into shards, in the order they were pushed.
#[derive(Debug)]
pub(crate) struct Split<V> {
    by_shard: Vec<Vec<(u64, V)>>,
}

impl<V> Default for Split<V> {
    fn default() -> Self {
        Split {
            by_shard: (0..SHARDS).map(|_| Vec::new()).collect(),
        }
    }
}

impl<V> Split<V> {
    #[inline]
    pub(crate) fn push(&mut self, key: u64, value: V) {
        self.by_shard[shard_of(key)].push((key, value));
    }
}

/// A `u64 → V` map in [`SHARDS`] hash maps.
#[derive(Debug, Clone)]
pub(crate) struct ShardedMap<V> {
    shards: Vec<FxMap<u64, V>>,
}

impl<V> Default for ShardedMap<V> {
    fn default() -> Self {
        ShardedMap {
            shards: (0..SHARDS).map(|_| FxMap::default()).collect(),
        }
    }
}

impl<V> ShardedMap<V> {
    #[inline]
    pub(crate) fn get(&self, key: &u64) -> Option<&V> {
        self.shards[shard_of(*key)].get(key)
    }

    pub(crate) fn len(&self) -> usize {
        self.shards.iter().map(|s| s.len()).sum()
    }

    /// Every key and value, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &V)> {
        self.shards.iter().flat_map(|s| s.iter().map(|(k, v)| (*k, v)))
    }

    /// Insert unless the key is there already (the first value wins); whether it was new.
    pub(crate) fn insert_first(&mut self, key: u64, value: V) -> bool {
        match self.shards[shard_of(key)].entry(key) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(value);
                true
            }
            std::collections::hash_map::Entry::Occupied(_) => false,
        }
    }
}

impl<V: Send> ShardedMap<V> {
    /// Insert the rows of `splits` in order, each shard on its own core, the first value of
    /// a key winning: the same map as [`ShardedMap::insert_first`] row by row.
    /// `value(i, w)` makes the stored value from a row of `splits[i]`.
    pub(crate) fn extend<W: Send>(&mut self, splits: Vec<Split<W>>, value: impl Fn(u32, W) -> V + Sync) {
        // Per shard, its rows from every split (split number, rows), in split order.
        let mut columns: Vec<Vec<(u32, Vec<(u64, W)>)>> = (0..SHARDS).map(|_| Vec::with_capacity(splits.len())).collect();
        for (i, sp) in splits.into_iter().enumerate() {
            for (col, rows) in columns.iter_mut().zip(sp.by_shard) {
                if !rows.is_empty() {
                    col.push((i as u32, rows));
                }
            }
        }
        self.shards.par_iter_mut().zip(columns).for_each(|(map, col)| {
            map.reserve(col.iter().map(|(_, rows)| rows.len()).sum());
            for (i, rows) in col {
                for (k, w) in rows {
                    map.entry(k).or_insert_with(|| value(i, w));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random keys with many repeats, as NIKs listed twice.
    fn keys(n: u64) -> Vec<u64> {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                3_100_000_000_000_000 + x % 50_000
            })
            .collect()
    }

    #[test]
    fn built_in_shards_it_answers_like_one_map_filled_in_order() {
        let ks = keys(120_000);
        let mut plain: FxMap<u64, (u32, usize)> = FxMap::default();
        for (row, &k) in ks.iter().enumerate() {
            plain.entry(k).or_insert((row as u32 / 10_000, row));
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
        let mut sharded = ShardedMap::default();
        sharded.extend(splits, |i, row| (i, row));
        assert_eq!(sharded.len(), plain.len());
        for (k, v) in &plain {
            assert_eq!(sharded.get(k), Some(v), "key {k}");
        }
        assert_eq!(sharded.get(&1), None);
        // Row by row gives the same map.
        let mut one = ShardedMap::default();
        for (row, &k) in ks.iter().enumerate() {
            one.insert_first(k, (row as u32 / 10_000, row));
        }
        for (k, v) in &plain {
            assert_eq!(one.get(k), Some(v));
        }
        assert!(!one.insert_first(ks[0], (0, 0)));
    }

    #[test]
    fn keys_spread_over_every_shard() {
        let mut seen = [0usize; SHARDS];
        for k in keys(64_000) {
            seen[shard_of(k)] += 1;
        }
        // Roughly 781 distinct keys per shard (50,000 distinct keys).
        assert!(seen.iter().all(|&n| n > 500), "{seen:?}");
    }
}
