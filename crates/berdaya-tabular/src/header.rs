//! Finding the header under title rows, joining two-row headers, and yielding data rows.

use std::collections::VecDeque;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Result, TabularError};
use crate::mapping::is_known_header;
use crate::reader::{Progress, ReadOptions, SourceInfo, TableReader};
use crate::row::{CellKind, RawRow};

/// Rows looked at to find the header.
const SCAN_ROWS: usize = 30;
/// At most this many header rows are joined.
const MAX_HEADER_ROWS: usize = 3;

pub type HeaderOptions = ReadOptions;

/// The header found in a table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// One name per column; header rows joined ("Alamat Kecamatan"); "" for unnamed columns.
    pub columns: Vec<String>,
    /// Source row numbers of the header rows.
    pub rows: Vec<u64>,
    /// Texts of the title rows above the header ("DATA UMKM KOTA BONTANG TAHUN 2023").
    pub title: Vec<String>,
    /// A row of column numbers ("1 2 3 4 …") under the header, skipped.
    pub numbering_row: Option<u64>,
}

/// A table: its header and a stream of data rows (blank rows, repeated headers and
/// numbering rows skipped; a horizontally merged data cell keeps its value only in its
/// first column, a vertically merged one is repeated on every row it covers).
pub struct Table {
    reader: TableReader,
    header: Header,
    pending: VecDeque<RawRow>,
    first_header_cells: Vec<String>,
}

impl Table {
    pub fn open(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<Table> {
        Table::from_reader(TableReader::open(path, opts)?, opts)
    }

    pub fn from_bytes(bytes: Vec<u8>, opts: &ReadOptions) -> Result<Table> {
        Table::from_reader(TableReader::from_bytes(bytes, opts)?, opts)
    }

    pub fn from_reader(mut reader: TableReader, opts: &ReadOptions) -> Result<Table> {
        let mut buffered: Vec<RawRow> = Vec::new();
        let scan = opts
            .header_row
            .map_or(SCAN_ROWS, |r| r as usize + MAX_HEADER_ROWS + 1)
            .max(SCAN_ROWS);
        while buffered.len() < scan {
            match reader.next() {
                Some(row) => {
                    let mut row = row?;
                    row.trim_end();
                    buffered.push(row);
                }
                None => break,
            }
        }
        let start = match opts.header_row {
            Some(n) => buffered
                .iter()
                .position(|r| r.number == n)
                .ok_or(TabularError::HeaderRowNotFound(n))?,
            None => find_header_row(&buffered).ok_or(TabularError::Empty)?,
        };
        let height = match opts.header_rows {
            Some(h) => h.clamp(1, MAX_HEADER_ROWS).min(buffered.len() - start),
            None => header_height(&buffered[start..]),
        };
        let header_rows = &buffered[start..start + height];
        let columns = combine_header_rows(header_rows);
        let title = buffered[..start]
            .iter()
            .filter_map(|r| r.cells.iter().find(|c| !c.is_empty()).cloned())
            .collect::<Vec<_>>();
        let mut next = start + height;
        let mut numbering_row = None;
        if let Some(r) = buffered.get(next)
            && is_numbering_row(r, columns.len())
        {
            numbering_row = Some(r.number);
            next += 1;
        }
        let header = Header {
            columns,
            rows: header_rows.iter().map(|r| r.number).collect(),
            title,
            numbering_row,
        };
        let first_header_cells = header_rows[0].cells.clone();
        let pending: VecDeque<RawRow> = buffered.drain(next..).collect();
        Ok(Table {
            reader,
            header,
            pending,
            first_header_cells,
        })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    pub fn info(&self) -> &SourceInfo {
        self.reader.info()
    }

    pub fn progress(&self) -> Progress {
        self.reader.progress()
    }

    fn is_repeated_header(&self, row: &RawRow) -> bool {
        let filled = row.filled();
        filled >= 2
            && row
                .cells
                .iter()
                .zip(&self.first_header_cells)
                .filter(|(a, b)| !a.is_empty() && a == b)
                .count()
                * 10
                >= filled * 8
    }
}

impl Iterator for Table {
    type Item = Result<RawRow>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut row = match self.pending.pop_front() {
                Some(r) => r,
                None => match self.reader.next()? {
                    Ok(mut r) => {
                        r.trim_end();
                        r
                    }
                    Err(e) => return Some(Err(e)),
                },
            };
            clear_horizontal_merge_copies(&mut row);
            if row.is_blank()
                || self.is_repeated_header(&row)
                || is_numbering_row(&row, self.header.columns.len())
            {
                continue;
            }
            return Some(Ok(row));
        }
    }
}

fn clear_horizontal_merge_copies(row: &mut RawRow) {
    let copies: Vec<usize> = row
        .flags
        .iter()
        .filter_map(|f| match f.kind {
            CellKind::MergedFrom { col, .. } if col != f.col => Some(f.col),
            _ => None,
        })
        .collect();
    if copies.is_empty() {
        return;
    }
    for &c in &copies {
        if let Some(cell) = row.cells.get_mut(c) {
            cell.clear();
        }
    }
    row.flags.retain(|f| !copies.contains(&f.col));
}

/// Looks like a number or a date rather than a header word.
fn is_numeric_like(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || " .,-/+()'".contains(c))
        && s.chars().any(|c| c.is_ascii_digit())
}

/// "1 2 3 4 …" (or "(1) (2) …") under a header.
pub(crate) fn is_numbering_row(row: &RawRow, width: usize) -> bool {
    let nums: Vec<Option<u64>> = row
        .cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| {
            c.trim_matches(|ch: char| ch == '(' || ch == ')' || ch == '.')
                .parse::<u64>()
                .ok()
        })
        .collect();
    if nums.len() < 2 || nums.iter().any(Option::is_none) {
        return false;
    }
    let nums: Vec<u64> = nums.into_iter().flatten().collect();
    nums[0] == 1
        && nums.windows(2).all(|w| w[1] > w[0])
        && nums
            .iter()
            .all(|n| *n as usize <= width.max(row.cells.len()) + 1)
}

fn header_score(row: &RawRow, width: usize) -> i64 {
    let mut distinct: Vec<&str> = row
        .cells
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 || is_numbering_row(row, width) {
        return i64::MIN;
    }
    let known = distinct.iter().filter(|c| is_known_header(c)).count() as i64;
    let numeric = distinct.iter().filter(|c| is_numeric_like(c)).count() as i64;
    let texty = distinct.len() as i64 - numeric;
    known * 4 + texty - numeric * 2
}

fn find_header_row(rows: &[RawRow]) -> Option<usize> {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut best: Option<(i64, usize)> = None;
    for (i, r) in rows.iter().enumerate() {
        let s = header_score(r, width);
        if s > i64::MIN && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    let mut start = best
        .map(|(_, i)| i)
        .or_else(|| rows.iter().position(|r| !r.is_blank()))?;
    // The best-scoring row may be the lower row of a two-row header (merged cells copy
    // "Nama", "NIK" … down into it): start at the upper row when it belongs to it.
    while start > 0 && !rows[start - 1].is_blank() && header_height(&rows[start - 1..]) >= 2 {
        start -= 1;
    }
    Some(start)
}

/// Number of different non-empty texts in a row (a merged title counts once).
fn distinct_filled(row: &RawRow) -> usize {
    let mut d: Vec<&str> = row
        .cells
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    d.sort_unstable();
    d.dedup();
    d.len()
}

/// Whether the cell at `c` of a header row belongs to a group spanning several columns:
/// a merged region, or (CSV) a name followed by empty cells.
fn in_group(row: &RawRow, c: usize) -> bool {
    let here = row.cell(c);
    if here.is_empty() {
        return true;
    }
    let copy = |col: usize| {
        row.has_flag(
            col,
            |k| matches!(k, CellKind::MergedFrom { col: o, .. } if *o != col),
        )
    };
    copy(c) || (copy(c + 1) && row.cell(c + 1) == here) || row.cell(c + 1).is_empty()
}

/// How many rows the header has (1–3), starting at `rows[0]`.
fn header_height(rows: &[RawRow]) -> usize {
    let mut height = 1;
    while height < MAX_HEADER_ROWS && height < rows.len() {
        let upper = &rows[height - 1];
        let lower = &rows[height];
        let width = upper.cells.len().max(lower.cells.len());
        if lower.is_blank() || is_numbering_row(lower, width) || distinct_filled(upper) < 2 {
            break;
        }
        let mut under_group = 0;
        let mut fits = true;
        for (c, text) in lower.cells.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let vertical_copy = lower.has_flag(
                c,
                |k| matches!(k, CellKind::MergedFrom { col, .. } if *col == c),
            );
            if vertical_copy || text == upper.cell(c) {
                continue;
            }
            if in_group(upper, c) && !is_numeric_like(text) {
                under_group += 1;
            } else {
                fits = false;
                break;
            }
        }
        if !fits || under_group == 0 {
            break;
        }
        height += 1;
    }
    height
}

/// Join the header rows into one name per column. In an upper row an empty cell over a
/// named lower cell takes the name on its left (a group written without merging).
pub fn combine_header_rows(rows: &[RawRow]) -> Vec<String> {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut filled: Vec<Vec<String>> = rows
        .iter()
        .map(|r| (0..width).map(|c| r.cell(c).to_string()).collect())
        .collect();
    for i in 0..filled.len().saturating_sub(1) {
        for c in 1..width {
            let below = |col: usize| filled[i + 1..].iter().any(|r| !r[col].is_empty());
            if filled[i][c].is_empty() && !filled[i][c - 1].is_empty() && below(c) && below(c - 1) {
                filled[i][c] = filled[i][c - 1].clone();
            }
        }
    }
    (0..width)
        .map(|c| {
            let mut parts: Vec<&str> = Vec::new();
            for r in &filled {
                let p = r[c].as_str();
                if !p.is_empty() && parts.last() != Some(&p) {
                    parts.push(p);
                }
            }
            parts
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}
