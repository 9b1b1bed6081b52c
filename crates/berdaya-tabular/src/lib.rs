//! Streaming CSV/XLSX reading and writing, column mapping, row-level error reports.
//!
//! The import job uses it in this order:
//! 1. [`Table::open`] (or [`Table::from_reader`]) reads a CSV/XLSX/XLS, finds the header
//!    under any title rows and yields data rows with their source row numbers;
//! 2. [`propose_mapping`] maps the header texts to [`Field`]s; the operator corrects it
//!    and may save it as JSON;
//! 3. [`convert_row`] turns each row into an [`OwnerRow`] draft plus errors (row rejected)
//!    and warnings (row kept), all in Bahasa Indonesia;
//! 4. [`RejectReport`] writes the rejected rows with their reason as XLSX or CSV;
//!    [`ExportWriter`] writes any list as CSV or XLSX.
//!
//! Decisions:
//! - CSV is streamed (64 KiB decode blocks, one record at a time); XLSX/XLS sheets are
//!   loaded whole by calamine. Encoding: BOM decides, else valid UTF-8, else Windows-1252;
//!   stray invalid bytes in a UTF-8 file are read as Windows-1252 instead of failing.
//! - Row numbers are the operator's: CSV line of the record's start, Excel row.
//! - Numbers from Excel come back as plain digits; 16+ digit whole numbers are flagged
//!   ([`CellKind::LongNumber`]; Excel keeps 15 significant digits) and beyond 2^53 flagged
//!   imprecise (the NIK is then rejected); dates come back as ISO text flagged
//!   [`CellKind::ExcelDate`] with the serial.
//! - Merged cells: filled across and down for header rows; in data rows only downward
//!   merges repeat (a kecamatan merged over its rows), sideways copies are cleared.
//! - A bare "Omzet" header is taken as monthly with low confidence and a note; "bulan"/
//!   "tahun" words decide otherwise. Annual turnover = 12 × monthly when only monthly is given.
//! - Errors (row rejected): missing/invalid NIK (unless `require_nik` is off), missing name.
//!   Everything else unreadable is a warning and the value is dropped.

pub mod convert;
pub mod dedup;
pub mod error;
pub mod export;
pub mod header;
pub mod mapping;
pub mod reader;
pub mod report;
pub mod row;
pub mod schema;

pub use convert::{
    BusinessDraft, ConvertOptions, Converted, OwnerDraft, OwnerRow, Problem, convert_row,
};
pub use dedup::{InFileDuplicates, Seen};
pub use error::{Result, TabularError};
pub use export::{Column, ColumnKind, CsvOptions, ExportFormat, ExportWriter, Value};
pub use header::{Header, HeaderOptions, Table};
pub use mapping::{ColumnMapping, Mapping, MappingError, propose_mapping};
pub use reader::{Progress, ReadOptions, SourceFormat, SourceInfo, TableReader, TextEncoding};
pub use report::RejectReport;
pub use row::{CellFlag, CellKind, RawRow};
pub use schema::{FIELDS, Field, FieldGroup, FieldKind, FieldSpec};
