//! A large CSV is streamed, never held whole: rows come from a generator that is read as
//! the table is iterated.

use std::io::Read;

use berdaya_tabular::{
    ConvertOptions, ReadOptions, Table, TableReader, convert_row, propose_mapping,
};
use chrono::NaiveDate;

/// Produces a semicolon CSV of `rows` owners on demand.
struct Generator {
    next: u64,
    rows: u64,
    buf: Vec<u8>,
    pos: usize,
    produced: u64,
}

impl Generator {
    fn new(rows: u64) -> Self {
        let header = b"DATA UMKM\r\n\r\nNo;Nama Pemilik;NIK;Tgl Lahir;Omzet per Bulan\r\n".to_vec();
        Generator {
            next: 0,
            rows,
            buf: header,
            pos: 0,
            produced: 0,
        }
    }
}

impl Read for Generator {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            if self.next == self.rows {
                return Ok(0);
            }
            self.buf.clear();
            self.pos = 0;
            for _ in 0..1000.min(self.rows - self.next) {
                let i = self.next;
                // Every 1000th row has a bad NIK.
                let nik = if i % 1000 == 999 {
                    "123".to_string()
                } else {
                    format!("647401150590{:04}", i % 9999 + 1)
                };
                self.buf.extend(
                    format!(
                        "{};Pelaku {};{};15/05/1990;Rp {}.000\r\n",
                        i + 1,
                        i,
                        nik,
                        500 + i % 100
                    )
                    .as_bytes(),
                );
                self.next += 1;
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        self.produced += n as u64;
        Ok(n)
    }
}

#[test]
fn hundred_thousand_rows_stream_through_convert() {
    let rows = 100_000;
    let reader = TableReader::from_csv(Box::new(Generator::new(rows)), &ReadOptions::default())
        .expect("open");
    let mut table = Table::from_reader(reader, &ReadOptions::default()).expect("table");
    assert_eq!(table.header().rows, vec![3]);
    let mapping = propose_mapping(&table.header().columns);
    let opts = ConvertOptions {
        today: NaiveDate::from_ymd_opt(2026, 11, 15).expect("date"),
        ..ConvertOptions::default()
    };
    let (mut ok, mut rejected, mut last_line) = (0u64, 0u64, 0u64);
    for row in table.by_ref() {
        let row = row.expect("row");
        assert!(row.number > last_line);
        last_line = row.number;
        if convert_row(&mapping, &row, &opts).is_rejected() {
            rejected += 1;
        } else {
            ok += 1;
        }
    }
    assert_eq!(ok + rejected, rows);
    assert_eq!(rejected, rows / 1000);
    assert_eq!(last_line, rows + 3);
    assert!(table.progress().done > 0);
}
