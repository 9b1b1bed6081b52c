//! berdaya-pdf: the PDF documents of Berdaya, as plain data in and PDF bytes out.
//!
//! - [`certificate`] / [`certificates`]: training certificate, A4 landscape, with a QR code
//!   (vector modules) for the public verification URL.
//! - [`list`]: an official list with kop surat (approved aid recipients, attendance), a
//!   table whose header repeats on each page, totals row, `Halaman 1 dari 3`, signature.
//! - [`bast`] / [`basts`]: Berita Acara Serah Terima (handover receipt), one recipient per
//!   page.
//! - [`report`]: a simple report with key-figure tables and horizontal bar charts.
//!
//! No database, no web: callers fetch and format what they want shown (masking personal
//! data is their decision) and store or send the bytes. Fonts (Liberation Sans, SIL OFL 1.1)
//! are embedded in the binary and subset into each PDF. Rendering never panics on bad
//! input: an unreadable logo or inconsistent table gives a [`PdfError`] whose message is in
//! Bahasa Indonesia, fit to show an operator.

mod bast;
mod canvas;
mod certificate;
mod fonts;
mod kop;
mod list;
mod model;
mod qr;
mod report;
mod table;
pub mod words;

pub use model::*;
pub use qr::{QrMatrix, qr_matrix};

/// Why a document could not be rendered. Messages are for Dinas operators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// The logo (or another image) is not a readable PNG or JPEG.
    #[error("gambar logo tidak dapat dibaca: {0}; unggah berkas PNG atau JPEG")]
    InvalidImage(String),
    /// The data does not fit the document (e.g. a row with the wrong number of cells).
    #[error("data dokumen tidak lengkap atau tidak sesuai: {0}")]
    Invalid(String),
    /// The QR code could not be made (e.g. the URL is far too long).
    #[error("kode QR tidak dapat dibuat: {0}")]
    Qr(String),
    /// The embedded font could not be loaded (a broken build).
    #[error("{0}")]
    Font(String),
    /// The PDF writer failed.
    #[error("PDF gagal disusun: {0}")]
    Render(String),
}

/// One training certificate (A4 landscape) as PDF bytes.
pub fn certificate(doc: &CertificateDoc) -> Result<Vec<u8>, PdfError> {
    certificate::render_one(doc, &mut certificate::LogoCache::default())
}

/// Many certificates, one PDF each (in the order given), e.g. for a ZIP of a whole batch.
/// The fonts are parsed once per process and a logo shared by the documents (the same
/// bytes) is decoded once for the whole batch. Stops at the first error.
pub fn certificates(docs: &[CertificateDoc]) -> Result<Vec<Vec<u8>>, PdfError> {
    let mut cache = certificate::LogoCache::default();
    docs.iter()
        .map(|d| certificate::render_one(d, &mut cache))
        .collect()
}

/// An official list with kop surat as PDF bytes.
pub fn list(doc: &ListDoc) -> Result<Vec<u8>, PdfError> {
    list::render(doc)
}

/// One handover receipt (BAST) as PDF bytes.
pub fn bast(doc: &BastDoc) -> Result<Vec<u8>, PdfError> {
    basts(std::slice::from_ref(doc))
}

/// Many handover receipts in one PDF, each recipient starting on a new page.
pub fn basts(docs: &[BastDoc]) -> Result<Vec<u8>, PdfError> {
    bast::render(docs)
}

/// A simple report (A4 portrait) as PDF bytes.
pub fn report(doc: &ReportDoc) -> Result<Vec<u8>, PdfError> {
    report::render(doc)
}
