//! Errors of reading and writing tables. Messages are in Bahasa Indonesia because the
//! import page shows them to the operator as they are.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum TabularError {
    #[error("berkas tidak dapat dibaca: {0}")]
    Io(#[from] std::io::Error),
    #[error("format CSV rusak di baris {line}: {message}")]
    Csv { line: u64, message: String },
    #[error("berkas Excel tidak dapat dibaca: {0}")]
    Spreadsheet(String),
    #[error("lembar kerja \"{0}\" tidak ada di berkas")]
    SheetNotFound(String),
    #[error("berkas tidak berisi data")]
    Empty,
    #[error("format berkas tidak dikenali (gunakan CSV, XLSX atau XLS)")]
    UnknownFormat,
    #[error("baris judul kolom {0} tidak ada di berkas")]
    HeaderRowNotFound(u64),
    #[error("gagal menulis berkas Excel: {0}")]
    XlsxWrite(String),
    #[error("gagal menulis berkas CSV: {0}")]
    CsvWrite(String),
}

impl From<csv::Error> for TabularError {
    fn from(e: csv::Error) -> Self {
        let line = e.position().map(|p| p.line()).unwrap_or(0);
        match e.into_kind() {
            csv::ErrorKind::Io(io) => TabularError::Io(io),
            other => TabularError::Csv {
                line,
                message: format!("{other:?}"),
            },
        }
    }
}

impl From<calamine::Error> for TabularError {
    fn from(e: calamine::Error) -> Self {
        TabularError::Spreadsheet(e.to_string())
    }
}

impl From<rust_xlsxwriter::XlsxError> for TabularError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        TabularError::XlsxWrite(e.to_string())
    }
}

pub type Result<T, E = TabularError> = std::result::Result<T, E>;
