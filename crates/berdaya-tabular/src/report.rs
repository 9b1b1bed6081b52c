//! The rejected-rows report: the original columns as read, plus "Alasan Penolakan" and the
//! source row number, as XLSX or CSV. An operator can fix the rows in it and import the
//! same file again (the two extra columns map to no field).

use std::io::Write;

use rust_xlsxwriter::{Color, Format};

use crate::error::Result;
use crate::export::{Column, ColumnKind, CsvOptions, ExportWriter, Value};
use crate::header::Header;
use crate::row::RawRow;

pub const REASON_COLUMN: &str = "Alasan Penolakan";
pub const ROW_COLUMN: &str = "Baris di Berkas Asal";

pub struct RejectReport {
    writer: ExportWriter,
    width: usize,
}

fn columns(header: &Header) -> Vec<Column> {
    let mut cols: Vec<Column> = header
        .columns
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let title = if h.is_empty() {
                format!("Kolom {}", i + 1)
            } else {
                h.clone()
            };
            Column::new(title, ColumnKind::Text)
        })
        .collect();
    cols.push(Column::new(REASON_COLUMN, ColumnKind::Text).width(60.0));
    cols.push(Column::new(ROW_COLUMN, ColumnKind::Integer).width(10.0));
    cols
}

impl RejectReport {
    pub fn xlsx(out: Box<dyn Write + Send>, header: &Header) -> Result<Self> {
        let cols = columns(header);
        let width = header.columns.len();
        let mut formats = vec![None; width];
        formats.push(Some(
            Format::new()
                .set_font_color(Color::RGB(0xC00000))
                .set_text_wrap(),
        ));
        let writer = ExportWriter::xlsx_with_formats(out, "Ditolak", cols, formats)?;
        Ok(RejectReport { writer, width })
    }

    pub fn csv(out: Box<dyn Write + Send>, header: &Header, opts: &CsvOptions) -> Result<Self> {
        let writer = ExportWriter::csv(out, columns(header), opts)?;
        Ok(RejectReport {
            writer,
            width: header.columns.len(),
        })
    }

    /// Add a rejected row with its reason (e.g. [`crate::Converted::reason`]).
    pub fn add(&mut self, row: &RawRow, reason: &str) -> Result<()> {
        // Cells beyond the header (data in unnamed columns) are kept too, before the reason.
        let width = self.width.max(row.cells.len());
        let mut values: Vec<Value> = (0..self.width).map(|c| Value::from(row.cell(c))).collect();
        if width > self.width {
            let extra: Vec<&str> = row.cells[self.width..]
                .iter()
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect();
            if let Some(last) = values.last_mut()
                && !extra.is_empty()
            {
                let joined = match last {
                    Value::Text(s) => format!("{s} | {}", extra.join(" | ")),
                    _ => extra.join(" | "),
                };
                *last = Value::Text(joined);
            }
        }
        values.push(Value::from(reason));
        values.push(Value::Int(i64::try_from(row.number).unwrap_or(i64::MAX)));
        self.writer.write_row(&values)
    }

    pub fn rows(&self) -> u64 {
        self.writer.rows()
    }

    pub fn finish(self) -> Result<u64> {
        self.writer.finish()
    }
}
