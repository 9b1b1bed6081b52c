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

/// The distinct values of one field.
#[derive(Debug, Default)]
pub struct Values {
    pub text: Vec<Box<str>>,
    /// Tokens sorted (names and addresses with several tokens; otherwise equal to `text`).
    pub sorted: Vec<Option<Box<str>>>,
    /// How many records hold the value.
    pub counts: Vec<u32>,
    /// A hash of each value, to compare values of two fields (swapped names) cheaply.
    pub hash: Vec<u64>,
    /// Records holding any value.
    pub non_null: u64,
}

impl Values {
    pub fn sorted(&self, id: u32) -> &str {
        let i = id as usize;
        self.sorted[i].as_deref().unwrap_or(&self.text[i])
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
        (id != NULL).then(|| &*self.values[f].text[id as usize])
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
        b.add_chunk(&recs, &idx, Some(columns.len()));
        Ok(b.finish(n_left.min(ids.len())))
    }
}

struct Builder<'a> {
    config: &'a Config,
    rec_ids: Vec<Box<str>>,
    rows: Vec<u32>,
    maps: Vec<FxHashMap<Box<str>, u32>>,
}

const CHUNK: usize = 1 << 15;

impl<'a> Builder<'a> {
    fn new(config: &'a Config) -> Self {
        Builder { config, rec_ids: Vec::new(), rows: Vec::new(), maps: vec![FxHashMap::default(); config.fields.len()] }
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
            self.add_chunk(&chunk[..filled], &idx, id);
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
    ) {
        let fields = &self.config.fields;
        let normalized: Vec<Vec<Option<String>>> = chunk
            .par_iter()
            .map(|rec| {
                fields
                    .iter()
                    .zip(idx)
                    .map(|(f, cols)| normalize_field(f.kind, cols.iter().map(|&c| rec.get(c).unwrap_or(""))))
                    .collect()
            })
            .collect();
        for (rec, vals) in chunk.iter().zip(normalized) {
            let n = self.rec_ids.len();
            let rid = match id_col {
                Some(c) => rec.get(c).unwrap_or("").trim().to_string(),
                None => (n + 1).to_string(),
            };
            self.rec_ids.push(rid.into_boxed_str());
            for (f, v) in vals.into_iter().enumerate() {
                let id = match v {
                    None => NULL,
                    Some(s) => {
                        let map = &mut self.maps[f];
                        let next = map.len() as u32;
                        *map.entry(s.into_boxed_str()).or_insert(next)
                    }
                };
                self.rows.push(id);
            }
        }
    }

    fn finish(self, n_left: usize) -> Dataset {
        let nf = self.config.fields.len();
        let mut values: Vec<Values> = self
            .maps
            .into_iter()
            .zip(&self.config.fields)
            .map(|(map, f)| {
                let mut text: Vec<Box<str>> = vec![Box::from(""); map.len()];
                for (s, id) in map {
                    text[id as usize] = s;
                }
                let sorted = text
                    .iter()
                    .map(|t| {
                        (matches!(f.kind, FieldKind::Name | FieldKind::Address) && t.contains(' '))
                            .then(|| sorted_tokens(t).into_boxed_str())
                    })
                    .collect();
                let hash = text.iter().map(|t| text_hash(t)).collect();
                Values { counts: vec![0; text.len()], text, sorted, hash, non_null: 0 }
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
    let t = s.trim().to_ascii_lowercase();
    matches!(t.as_str(), "" | "-" | "--" | "nan" | "null" | "none" | "n/a" | "na" | "tidak ada" | "tidak tahu" | "tdk ada")
}

/// Join the columns of a field and normalise the result for its kind.
pub fn normalize_field<'s>(kind: FieldKind, parts: impl Iterator<Item = &'s str>) -> Option<String> {
    let mut raw = String::new();
    for p in parts.filter(|p| !is_placeholder(p)) {
        if !raw.is_empty() {
            raw.push(' ');
        }
        raw.push_str(p.trim());
    }
    if raw.is_empty() {
        return None;
    }
    match kind {
        FieldKind::Name => normalize::normalize_name(&raw),
        FieldKind::Date => normalize::normalize_date(&raw),
        FieldKind::Id => normalize::normalize_digits(&raw),
        FieldKind::Phone => normalize::normalize_phone(&raw),
        FieldKind::Address => normalize::normalize_address(&raw),
        FieldKind::Code | FieldKind::Text => normalize::normalize_code(&raw),
        FieldKind::Region => normalize::normalize_region(&raw),
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
