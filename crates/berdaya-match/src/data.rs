//! Records as columns of interned, normalised values.
//!
//! Each field's distinct normalised values are stored once; a record holds one `u32` per
//! field (row-major, so one record's ids share a cache line). Equality is an integer compare
//! and term frequencies are the value counts.

use std::path::Path;

use anyhow::{Context, bail};
use rayon::prelude::*;

use crate::config::{Config, FieldKind, FieldSpec};
use crate::fxhash::FxHashMap;
use crate::normalize::{self, sorted_tokens};

/// Id of a missing value.
pub const NULL: u32 = u32::MAX;

/// The distinct values of one field, stored end to end in one string.
#[derive(Debug, Default)]
pub struct Values {
    arena: String,
    /// End offset of each value in `arena` (a value starts where the previous one ends).
    ends: Vec<u32>,
    /// Tokens sorted (names and addresses with several tokens; otherwise `None`).
    pub sorted: Vec<Option<Box<str>>>,
    /// How many records hold the value.
    pub counts: Vec<u32>,
    /// A hash of each value, to compare values of two fields (swapped names) cheaply.
    pub hash: Vec<u64>,
    /// Records holding any value.
    pub non_null: u64,
}

impl Values {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    #[inline]
    pub fn text(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    /// The value with its tokens sorted.
    pub fn sorted(&self, id: u32) -> &str {
        self.sorted[id as usize].as_deref().unwrap_or_else(|| self.text(id))
    }
}

/// Interns the values of one field while reading: a map from the value's 64-bit hash to its
/// id, with a second map for the (astronomically rare) values whose hash collides.
#[derive(Default)]
struct Interner {
    values: Values,
    by_hash: FxHashMap<u64, u32>,
    collided: FxHashMap<Box<str>, u32>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> anyhow::Result<u32> {
        let h = text_hash(s);
        match self.by_hash.get(&h) {
            Some(&id) if self.values.text(id) == s => Ok(id),
            Some(_) => {
                if let Some(&id) = self.collided.get(s) {
                    return Ok(id);
                }
                let id = self.push(s, h)?;
                self.collided.insert(s.into(), id);
                Ok(id)
            }
            None => {
                let id = self.push(s, h)?;
                self.by_hash.insert(h, id);
                Ok(id)
            }
        }
    }

    fn push(&mut self, s: &str, h: u64) -> anyhow::Result<u32> {
        let v = &mut self.values;
        v.arena.push_str(s);
        let end = u32::try_from(v.arena.len()).map_err(|_| anyhow::anyhow!("more than 4 GB of values in one field"))?;
        v.ends.push(end);
        v.hash.push(h);
        Ok(v.ends.len() as u32 - 1)
    }
}

/// All records of a run: for linking, the left file's records come first.
#[derive(Debug)]
pub struct Dataset {
    pub rec_ids: Vec<Box<str>>,
    /// Number of records from the left (or only) file.
    pub n_left: usize,
    pub fields: Vec<FieldSpec>,
    pub values: Vec<Values>,
    rows: Vec<u32>,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.rec_ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rec_ids.is_empty()
    }

    /// Value id of field `f` for record `r` ([`NULL`] when missing).
    #[inline]
    pub fn id(&self, r: usize, f: usize) -> u32 {
        self.rows[r * self.fields.len() + f]
    }

    pub fn text(&self, r: usize, f: usize) -> Option<&str> {
        let id = self.id(r, f);
        (id != NULL).then(|| self.values[f].text(id))
    }

    /// Read one CSV file (dedup) or two (link; the right file needs the same columns).
    pub fn from_csv(config: &Config, left: &Path, right: Option<&Path>) -> anyhow::Result<Self> {
        let mut b = Builder::new(config);
        b.read(left)?;
        let n_left = b.rec_ids.len();
        if let Some(r) = right {
            b.read(r)?;
        }
        Ok(b.finish(n_left))
    }

    /// Build from in-memory rows (tests, and callers that already hold records):
    /// `rows[i]` are the values of `columns` for record `ids[i]`.
    pub fn from_rows(
        config: &Config,
        columns: &[&str],
        ids: &[&str],
        rows: &[Vec<&str>],
        n_left: usize,
    ) -> anyhow::Result<Self> {
        if ids.len() != rows.len() {
            bail!("{} ids but {} rows", ids.len(), rows.len());
        }
        let header: Vec<String> = columns.iter().map(|c| (*c).to_string()).collect();
        let mut b = Builder::new(config);
        let (idx, _) = b.column_indices(&header)?;
        // The id goes in an extra last column.
        let recs: Vec<csv::StringRecord> = rows
            .iter()
            .zip(ids)
            .map(|(r, id)| {
                let mut rec = csv::StringRecord::from(r.clone());
                rec.push_field(id);
                rec
            })
            .collect();
        b.add_chunk(&recs, &idx, Some(columns.len()))?;
        Ok(b.finish(n_left.min(ids.len())))
    }
}

struct Builder<'a> {
    config: &'a Config,
    rec_ids: Vec<Box<str>>,
    rows: Vec<u32>,
    maps: Vec<Interner>,
}

const CHUNK: usize = 1 << 15;

impl<'a> Builder<'a> {
    fn new(config: &'a Config) -> Self {
        Builder { config, rec_ids: Vec::new(), rows: Vec::new(), maps: (0..config.fields.len()).map(|_| Interner::default()).collect() }
    }

    /// For each field the positions of its columns; the position of the id column.
    fn column_indices(&self, header: &[String]) -> anyhow::Result<(Vec<Vec<usize>>, Option<usize>)> {
        let pos = |c: &str| header.iter().position(|h| h == c);
        let mut idx = Vec::new();
        for f in &self.config.fields {
            let mut cols = Vec::new();
            for c in &f.columns {
                cols.push(pos(c).with_context(|| format!("column {c:?} (field {}) missing", f.name))?);
            }
            idx.push(cols);
        }
        let id = match &self.config.id_column {
            Some(c) => Some(pos(c).with_context(|| format!("id column {c:?} missing"))?),
            None => None,
        };
        Ok((idx, id))
    }

    fn read(&mut self, path: &Path) -> anyhow::Result<()> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let header: Vec<String> = rdr
            .headers()
            .with_context(|| format!("cannot read the header of {}", path.display()))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect();
        let (idx, id) = self.column_indices(&header).with_context(|| path.display().to_string())?;
        let file_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let start = self.rec_ids.len();
        let mut chunk = vec![csv::StringRecord::new(); CHUNK];
        loop {
            let mut filled = 0;
            while filled < CHUNK {
                let more = rdr.read_record(&mut chunk[filled]).with_context(|| {
                    format!("{}: bad CSV near record {}", path.display(), self.rec_ids.len() + filled + 1)
                })?;
                if !more {
                    break;
                }
                filled += 1;
            }
            if self.rec_ids.len() == start && filled > 0 {
                // Reserve for the whole file from the size of the first chunk.
                let per_record = (rdr.position().byte() / filled as u64).max(1);
                let expected = (file_len / per_record) as usize + 1;
                self.rec_ids.reserve(expected);
                self.rows.reserve(expected * self.config.fields.len());
            }
            self.add_chunk(&chunk[..filled], &idx, id)?;
            if filled < CHUNK {
                return Ok(());
            }
        }
    }

    fn add_chunk(
        &mut self,
        chunk: &[csv::StringRecord],
        idx: &[Vec<usize>],
        id_col: Option<usize>,
    ) -> anyhow::Result<()> {
        // One task per field: normalise the column and intern it on the same thread (values
        // are freed where they were allocated, which keeps the allocator fast).
        let fields = &self.config.fields;
        let ids: Vec<Vec<u32>> = self
            .maps
            .par_iter_mut()
            .zip(fields)
            .zip(idx)
            .map(|((interner, f), cols)| {
                chunk
                    .iter()
                    .map(|rec| {
                        match normalize_field(f.kind, cols.iter().map(|&c| rec.get(c).unwrap_or(""))) {
                            None => Ok(NULL),
                            Some(s) => interner.intern(&s),
                        }
                    })
                    .collect::<anyhow::Result<Vec<u32>>>()
            })
            .collect::<anyhow::Result<Vec<Vec<u32>>>>()?;
        for (r, rec) in chunk.iter().enumerate() {
            let n = self.rec_ids.len();
            let rid = match id_col {
                Some(c) => rec.get(c).unwrap_or("").trim().into(),
                None => (n + 1).to_string().into_boxed_str(),
            };
            self.rec_ids.push(rid);
            for col in &ids {
                self.rows.push(col[r]);
            }
        }
        Ok(())
    }

    fn finish(self, n_left: usize) -> Dataset {
        let nf = self.config.fields.len();
        let mut values: Vec<Values> = self
            .maps
            .into_par_iter()
            .zip(&self.config.fields)
            .map(|(interner, f)| {
                let mut v = interner.values;
                let multi = matches!(f.kind, FieldKind::Name | FieldKind::Address);
                v.sorted = (0..v.len() as u32)
                    .map(|id| {
                        let t = v.text(id);
                        (multi && t.contains(' ')).then(|| sorted_tokens(t).into_boxed_str())
                    })
                    .collect();
                v.counts = vec![0; v.len()];
                v
            })
            .collect();
        for row in self.rows.chunks_exact(nf.max(1)) {
            for (f, &id) in row.iter().enumerate() {
                if id != NULL {
                    values[f].counts[id as usize] += 1;
                    values[f].non_null += 1;
                }
            }
        }
        Dataset { rec_ids: self.rec_ids, n_left, fields: self.config.fields.clone(), values, rows: self.rows }
    }
}

/// Placeholders that mean "no value".
fn is_placeholder(s: &str) -> bool {
    const NONE: [&str; 11] =
        ["", "-", "--", "nan", "null", "none", "n/a", "na", "tidak ada", "tidak tahu", "tdk ada"];
    let t = s.trim();
    t.len() <= 10 && NONE.iter().any(|p| t.eq_ignore_ascii_case(p))
}

/// Join the columns of a field and normalise the result for its kind.
pub fn normalize_field<'s>(kind: FieldKind, mut parts: impl Iterator<Item = &'s str>) -> Option<String> {
    let first = parts.by_ref().find(|p| !is_placeholder(p))?;
    let mut joined = String::new();
    for p in parts.filter(|p| !is_placeholder(p)) {
        if joined.is_empty() {
            joined.push_str(first.trim());
        }
        joined.push(' ');
        joined.push_str(p.trim());
    }
    let raw: &str = if joined.is_empty() { first.trim() } else { &joined };
    match kind {
        FieldKind::Name => normalize::normalize_name(raw),
        FieldKind::Date => normalize::normalize_date(raw),
        FieldKind::Id => normalize::normalize_digits(raw),
        FieldKind::Phone => normalize::normalize_phone(raw),
        FieldKind::Address => normalize::normalize_address(raw),
        FieldKind::Code | FieldKind::Text => normalize::normalize_code(raw),
        FieldKind::Region => normalize::normalize_region(raw),
    }
}

/// A 64-bit hash of a value (FNV-1a, finalised).
pub fn text_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 31;
    h.wrapping_mul(0x94d0_49bb_1331_11eb) ^ (h >> 29)
}
