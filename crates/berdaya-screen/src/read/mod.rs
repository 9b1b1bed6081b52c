//! Reading applicant lists, exclusion lists and registry views from files.
//!
//! CSV is read in blocks cut at record boundaries (a newline outside quotes) by one thread
//! while the other cores parse the blocks already read: a 2.5 GB list goes through at disk
//! speed rather than at one core's parsing speed. The header is the first record; the
//! delimiter (`,` `;` or tab) is taken from it. XLSX/XLS (and CSV files whose first line is a
//! title, not a header) go through `berdaya-tabular`, which finds the header under title rows.
//!
//! Row numbers are the operator's: the line of the record in the CSV file (header = line 1)
//! or the worksheet row. Text is UTF-8; a field that is not valid UTF-8 is read as
//! Windows-1252 (old Excel exports).

pub(crate) mod applicants;
pub(crate) mod columns;

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc::sync_channel;

use anyhow::{Context, bail};
use rayon::prelude::*;

pub(crate) use columns::Header;

/// Block size for CSV reading.
const BLOCK: usize = 4 << 20;
/// XLSX rows converted per parallel batch.
const XLSX_BATCH: usize = 65_536;
/// Worksheet rows per part.
const XLSX_PART: usize = 4_096;

/// The cells of one data row.
#[derive(Clone, Copy)]
pub(crate) enum Cells<'a> {
    /// A CSV record and, when the whole record is valid UTF-8, its text (fields are
    /// slices of it, so valid rows are read without a UTF-8 check per field).
    Csv { rec: &'a csv::ByteRecord, text: Option<&'a str> },
    Strs(&'a [String]),
}

impl<'a> Cells<'a> {
    pub(crate) fn csv(rec: &'a csv::ByteRecord) -> Cells<'a> {
        Cells::Csv { rec, text: std::str::from_utf8(rec.as_slice()).ok() }
    }

    /// The trimmed cell in column `col` ("" when the column is absent).
    pub(crate) fn get(self, col: Option<usize>) -> Cow<'a, str> {
        let Some(c) = col else {
            return Cow::Borrowed("");
        };
        match self {
            Cells::Csv { rec, text } => {
                if let Some(s) = text.zip(rec.range(c)).and_then(|(t, r)| t.get(r)) {
                    return Cow::Borrowed(trim(s));
                }
                match rec.get(c) {
                    None => Cow::Borrowed(""),
                    Some(b) => match std::str::from_utf8(b) {
                        Ok(s) => Cow::Borrowed(trim(s)),
                        Err(_) => {
                            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(b);
                            Cow::Owned(s.trim().to_string())
                        }
                    },
                }
            }
            Cells::Strs(v) => Cow::Borrowed(v.get(c).map_or("", |s| trim(s))),
        }
    }

    fn is_blank(self) -> bool {
        match self {
            Cells::Csv { rec, .. } => rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)),
            Cells::Strs(v) => v.iter().all(|s| s.trim().is_empty()),
        }
    }
}

/// `str::trim`, with the usual all-ASCII ends handled without decoding characters.
pub(crate) fn trim(s: &str) -> &str {
    // The ASCII characters with Unicode's White_Space property: tab to carriage return, space.
    let ws = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
    let b = s.as_bytes();
    let start = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |i| i + 1);
    // Only ASCII bytes were dropped, so both ends are character boundaries.
    let t = &s[start..end];
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(f), Some(l)) if !f.is_ascii() || !l.is_ascii() => t.trim(),
        _ => t,
    }
}

/// Read a table. `plan` sees the header first (and says which columns to use, or fails with
/// a message in Bahasa); `convert` turns each row into `T` on any core; batches go to `sink`
/// in file order. Returns the number of data rows.
pub(crate) fn read_table<P, T>(
    path: &Path,
    required: &[&str],
    plan: impl FnOnce(&Header) -> anyhow::Result<P>,
    convert: impl Fn(&P, Cells, u64) -> T + Sync,
    sink: impl FnMut(Vec<T>) -> anyhow::Result<()> + Send,
) -> anyhow::Result<u64>
where
    P: Sync,
    T: Send,
{
    read_table_parts(
        path,
        required,
        plan,
        |_, bytes| Vec::with_capacity(bytes / 128),
        |p, out: &mut Vec<T>, c, line| out.push(convert(p, c, line)),
        sink,
    )
}

/// Read a table into parts: rows are cut into parts (a CSV block, or a batch of worksheet
/// rows); each part starts as `new(plan, size)` (size: bytes of the block, or rows) and
/// takes its rows through `row` on any core; the parts go to `sink` in file order. Returns
/// the number of data rows.
pub(crate) fn read_table_parts<P, A>(
    path: &Path,
    required: &[&str],
    plan: impl FnOnce(&Header) -> anyhow::Result<P>,
    new: impl Fn(&P, usize) -> A + Sync,
    row: impl Fn(&P, &mut A, Cells, u64) + Sync,
    mut sink: impl FnMut(A) -> anyhow::Result<()> + Send,
) -> anyhow::Result<u64>
where
    P: Sync,
    A: Send,
{
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let part = Part { new: &new, row: &row };
    if ext != "xlsx" && ext != "xls" && ext != "xlsm" {
        let mut f = File::open(path).with_context(|| format!("membuka {}", path.display()))?;
        let mut first = Vec::new();
        (&mut f).take(1 << 16).read_to_end(&mut first)?;
        if let Some((header, delim, used)) = csv_header(&first)
            && required.iter().all(|r| header.has(r))
        {
            let p = plan(&header)?;
            return read_csv_blocks(f, first, used, delim, &p, &part, &mut sink)
                .with_context(|| format!("membaca {}", path.display()));
        }
    }
    read_with_tabular(path, plan, &part, &mut sink)
}

/// How rows become parts (see [`read_table_parts`]).
struct Part<'f, N, R> {
    new: &'f N,
    row: &'f R,
}

/// Header from the start of a CSV file: (header, delimiter, bytes used incl. line end).
fn csv_header(buf: &[u8]) -> Option<(Header, u8, usize)> {
    let start = if buf.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
    let body = &buf[start..];
    let end = record_end(body)?;
    let line = &body[..end];
    let delim = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delim)
        .from_reader(line);
    let mut rec = csv::ByteRecord::new();
    rdr.read_byte_record(&mut rec).ok()?;
    let names = rec
        .iter()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    Some((Header::new(names), delim, start + end + 1))
}

/// Index of the first newline outside quotes.
fn record_end(buf: &[u8]) -> Option<usize> {
    let mut q = false;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        if buf[i] == b'"' {
            q = !q;
        } else if !q {
            return Some(i);
        }
    }
    None
}

/// (cut, newlines before cut): cut after the last newline outside quotes.
fn last_record_cut(buf: &[u8]) -> Option<(usize, u64)> {
    let mut q = false;
    let mut cut = None;
    let mut lines = 0u64;
    let mut lines_at_cut = 0u64;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        if buf[i] == b'"' {
            q = !q;
        } else {
            lines += 1;
            if !q {
                cut = Some(i + 1);
                lines_at_cut = lines;
            }
        }
    }
    cut.map(|c| (c, lines_at_cut))
}

struct Block {
    bytes: Vec<u8>,
    /// File line number of the block's first byte.
    first_line: u64,
}

fn read_csv_blocks<P, A, N, R>(
    mut f: File,
    first: Vec<u8>,
    used: usize,
    delim: u8,
    plan: &P,
    part: &Part<N, R>,
    sink: &mut (impl FnMut(A) -> anyhow::Result<()> + Send),
) -> anyhow::Result<u64>
where
    P: Sync,
    A: Send,
    N: Fn(&P, usize) -> A + Sync,
    R: Fn(&P, &mut A, Cells, u64) + Sync,
{
    let group = rayon::current_num_threads().max(1) * 2;
    let (tx, rx) = sync_channel::<anyhow::Result<Block>>(group * 2);
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut carry: Vec<u8> = first[used.min(first.len())..].to_vec();
            let mut line = 2u64;
            let mut eof = false;
            loop {
                if !eof {
                    let before = carry.len();
                    carry.resize(before + BLOCK, 0);
                    let mut got = 0;
                    while got < BLOCK {
                        match f.read(&mut carry[before + got..]) {
                            Ok(0) => {
                                eof = true;
                                break;
                            }
                            Ok(n) => got += n,
                            Err(e) => {
                                let _ = tx.send(Err(e.into()));
                                return;
                            }
                        }
                    }
                    carry.truncate(before + got);
                }
                if carry.is_empty() {
                    return;
                }
                let (cut, lines) = if eof {
                    (carry.len(), 0)
                } else {
                    match last_record_cut(&carry) {
                        Some(c) => c,
                        // One record longer than the block: read more before cutting.
                        None => continue,
                    }
                };
                let rest = carry.split_off(cut);
                let bytes = std::mem::replace(&mut carry, rest);
                if tx.send(Ok(Block { bytes, first_line: line })).is_err() {
                    return;
                }
                line += lines;
                if eof && carry.is_empty() {
                    return;
                }
            }
        });
        // Parse one group of blocks on the pool while the previous group goes to the sink
        // (which may be sequential, e.g. inserting into a hash map).
        let mut rows = 0u64;
        let mut pending: Vec<Block> = Vec::with_capacity(group);
        let mut parsed_prev: Vec<anyhow::Result<(A, u64)>> = Vec::new();
        let mut step = |pending: &mut Vec<Block>, prev: Vec<anyhow::Result<(A, u64)>>, rows: &mut u64| {
            let (parsed, sunk) = rayon::join(
                || -> Vec<anyhow::Result<(A, u64)>> {
                    pending.par_iter().map(|b| parse_block(b, delim, plan, part)).collect()
                },
                || -> anyhow::Result<u64> {
                    let mut n = 0u64;
                    for p in prev {
                        let (a, rows) = p?;
                        n += rows;
                        sink(a)?;
                    }
                    Ok(n)
                },
            );
            pending.clear();
            *rows += sunk?;
            Ok::<_, anyhow::Error>(parsed)
        };
        for b in rx {
            pending.push(b?);
            if pending.len() >= group {
                parsed_prev = step(&mut pending, std::mem::take(&mut parsed_prev), &mut rows)?;
            }
        }
        let last = step(&mut pending, std::mem::take(&mut parsed_prev), &mut rows)?;
        step(&mut pending, last, &mut rows)?;
        Ok(rows)
    })
}

fn parse_block<P, A, N, R>(b: &Block, delim: u8, plan: &P, part: &Part<N, R>) -> anyhow::Result<(A, u64)>
where
    N: Fn(&P, usize) -> A,
    R: Fn(&P, &mut A, Cells, u64),
{
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(&b.bytes[..]);
    let mut rec = csv::ByteRecord::new();
    let mut out = (part.new)(plan, b.bytes.len());
    let mut rows = 0u64;
    // Lines are counted from byte offsets: the csv reader does not count blank lines.
    let (mut seen, mut line) = (0usize, b.first_line);
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let mut at = rec.position().map_or(seen, |p| p.byte() as usize).min(b.bytes.len());
                // The position may point at blank lines skipped before the record.
                while at < b.bytes.len() && matches!(b.bytes[at], b'\n' | b'\r') {
                    at += 1;
                }
                if at > seen {
                    line += memchr::memchr_iter(b'\n', &b.bytes[seen..at]).count() as u64;
                    seen = at;
                }
                let cells = Cells::csv(&rec);
                if !cells.is_blank() {
                    (part.row)(plan, &mut out, cells, line);
                    rows += 1;
                }
            }
            Err(e) => bail!("CSV rusak sekitar baris {}: {e}", b.first_line),
        }
    }
    Ok((out, rows))
}

fn read_with_tabular<P, A, N, R>(
    path: &Path,
    plan: impl FnOnce(&Header) -> anyhow::Result<P>,
    part: &Part<N, R>,
    sink: &mut impl FnMut(A) -> anyhow::Result<()>,
) -> anyhow::Result<u64>
where
    P: Sync,
    A: Send,
    N: Fn(&P, usize) -> A + Sync,
    R: Fn(&P, &mut A, Cells, u64) + Sync,
{
    let opts = berdaya_tabular::ReadOptions::default();
    let table = berdaya_tabular::Table::open(path, &opts)
        .map_err(|e| anyhow::anyhow!("membaca {}: {e}", path.display()))?;
    let header = Header::new(table.header().columns.clone());
    let p = plan(&header)?;
    let mut rows = 0u64;
    let mut batch: Vec<berdaya_tabular::RawRow> = Vec::with_capacity(XLSX_BATCH);
    let mut flush = |batch: &mut Vec<berdaya_tabular::RawRow>| -> anyhow::Result<()> {
        let parts: Vec<A> = batch
            .par_chunks(XLSX_PART)
            .map(|rows| {
                let mut a = (part.new)(&p, rows.len());
                for r in rows {
                    (part.row)(&p, &mut a, Cells::Strs(&r.cells), r.number);
                }
                a
            })
            .collect();
        batch.clear();
        parts.into_iter().try_for_each(&mut *sink)
    };
    for row in table {
        let row = row.map_err(|e| anyhow::anyhow!("membaca {}: {e}", path.display()))?;
        batch.push(row);
        rows += 1;
        if batch.len() >= XLSX_BATCH {
            flush(&mut batch)?;
        }
    }
    flush(&mut batch)?;
    Ok(rows)
}
