//! Streaming CSV rows with the delimiter detected from the first lines.

use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::decode::{DecodingReader, TextEncoding};
use crate::error::Result;
use crate::row::RawRow;

/// Delimiters Dinas files use: comma, semicolon (Excel with Indonesian regional settings),
/// tab (copied from a sheet, or "Teks Unicode"), pipe.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many lines the delimiter sniffer looks at.
const SNIFF_LINES: usize = 60;

/// Rows of a CSV file, read one record at a time.
pub struct CsvRows<R: Read> {
    reader: csv::Reader<BufReader<DecodingReader<R>>>,
    record: csv::StringRecord,
    delimiter: u8,
    encoding: TextEncoding,
    consumed: Arc<AtomicU64>,
}

impl<R: Read> CsvRows<R> {
    pub fn new(input: R, delimiter: Option<u8>, encoding: Option<TextEncoding>) -> Result<Self> {
        let mut decoder = DecodingReader::new(input, encoding)?;
        decoder.unix_line_endings();
        let encoding = decoder.encoding();
        let consumed = decoder.consumed_counter();
        let mut buffered = BufReader::with_capacity(256 * 1024, decoder);
        let delimiter = match delimiter {
            Some(d) => d,
            None => {
                let head = buffered.fill_buf()?;
                sniff_delimiter(&String::from_utf8_lossy(head))
            }
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(buffered);
        Ok(CsvRows {
            reader,
            record: csv::StringRecord::new(),
            delimiter,
            encoding,
            consumed,
        })
    }

    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// Raw bytes of the file read so far.
    pub fn consumed_counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.consumed)
    }

    /// The csv crate reports a record after blank lines at the first blank line; count
    /// back from where the reader stands after the record instead.
    fn record_line(&self) -> u64 {
        let start = self.record.position().map(|p| p.line()).unwrap_or(1);
        let newlines: u64 = self
            .record
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum();
        let after = self.reader.position().line();
        // The decoder ends the text with a newline, so after every record the reader
        // stands on the line after it.
        after.saturating_sub(1).saturating_sub(newlines).max(start)
    }

    pub fn next_row(&mut self) -> Option<Result<RawRow>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let line = self.record_line();
                let cells = self.record.iter().map(clean_cell).collect();
                Some(Ok(RawRow::new(line, cells)))
            }
            Err(e) => Some(Err(e.into())),
        }
    }
}

/// Trim, and drop the leading apostrophe Excel users type to keep a NIK as text
/// ("'6474011505900001").
pub(crate) fn clean_cell(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{a0}');
    let t = match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit() || c == '+') => rest,
        _ => t,
    };
    t.to_string()
}

/// Count a delimiter per line outside double quotes.
fn count_outside_quotes(line: &str, delim: char) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == delim && !in_quotes {
            n += 1;
        }
    }
    n
}

/// Pick the delimiter whose count per line is most consistent over the first lines.
/// Title rows above the header (no delimiter at all) and a last, possibly cut line do
/// not spoil the choice. Ties go to `;`, then `,`, tab, `|`.
pub fn sniff_delimiter(head: &str) -> u8 {
    let mut lines: Vec<&str> = head
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES + 1)
        .collect();
    if lines.len() > 1 && !head.ends_with('\n') {
        lines.pop();
    }
    let order = [b';', b',', b'\t', b'|'];
    let mut best = (b',', 0usize, 0usize);
    for &d in &order {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, d as char))
            .collect();
        // The most frequent non-zero count, and how many lines have it.
        let mut freq: Vec<(usize, usize)> = Vec::new();
        for &c in counts.iter().filter(|c| **c > 0) {
            match freq.iter_mut().find(|(v, _)| *v == c) {
                Some(entry) => entry.1 += 1,
                None => freq.push((c, 1)),
            }
        }
        let Some(&(mode, lines_with_mode)) = freq.iter().max_by_key(|(v, n)| (*n, *v)) else {
            continue;
        };
        let better = lines_with_mode > best.1 || (lines_with_mode == best.1 && mode > best.2);
        if better {
            best = (d, lines_with_mode, mode);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(input: &str) -> Vec<RawRow> {
        let mut r = CsvRows::new(input.as_bytes(), None, None).expect("open");
        std::iter::from_fn(|| r.next_row())
            .collect::<Result<Vec<_>>>()
            .expect("rows")
    }

    #[test]
    fn sniffs_each_delimiter() {
        for d in [",", ";", "\t", "|"] {
            let text = format!("Nama{d}NIK{d}Omzet\nAni{d}6474011505900001{d}1.500.000\n");
            assert_eq!(sniff_delimiter(&text), d.as_bytes()[0], "{d:?}");
        }
    }

    #[test]
    fn semicolon_wins_over_decimal_commas_and_title_rows() {
        let text = "DATA UMKM KOTA BONTANG, TAHUN 2023\n\nNo;Nama;Omzet\n1;Ani;1,5 juta\n2;Budi, S.Pd;2 juta\n3;Citra;3,25 juta\n";
        assert_eq!(sniff_delimiter(text), b';');
    }

    #[test]
    fn line_numbers_count_blank_lines_and_quoted_newlines() {
        let r = rows("Judul\n\nNama,Alamat\n\"Ani\",\"Jl. Mawar\nRT 01\"\nBudi,Jl. Melati\n");
        let numbers: Vec<u64> = r.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 4, 6]);
        assert_eq!(r[2].cells, vec!["Ani", "Jl. Mawar\nRT 01"]);
    }

    #[test]
    fn apostrophe_before_digits_is_dropped() {
        let r = rows("NIK,Nama\n'6474011505900001,O'Neil\n");
        assert_eq!(r[1].cells, vec!["6474011505900001", "O'Neil"]);
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    fn numbers(input: &str) -> Vec<u64> {
        let mut r = CsvRows::new(input.as_bytes(), Some(b','), None).expect("open");
        std::iter::from_fn(|| r.next_row())
            .map(|r| r.expect("row").number)
            .collect()
    }

    #[test]
    fn last_line_without_newline_and_crlf() {
        assert_eq!(numbers("a,b\n\n\nc,d"), vec![1, 4]);
        assert_eq!(numbers("a,b\r\n\r\nc,d\r\ne,f\r\n"), vec![1, 3, 4]);
        assert_eq!(numbers("a,\"x\ny\"\n\nc,d"), vec![1, 4]);
        assert_eq!(numbers("a,b\rc,d\r\re,f"), vec![1, 2, 4]);
    }
}
