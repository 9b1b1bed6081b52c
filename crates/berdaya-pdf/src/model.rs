//! The data each document is rendered from. Plain values: the caller decides what to show
//! (e.g. whether a NIK is masked); this crate only lays it out.

use std::sync::Arc;

use berdaya_core::Rupiah;
use chrono::NaiveDate;

/// Image bytes (PNG or JPEG). An `Arc` so that one logo is shared by a whole batch
/// without copies; [`crate::certificates`] decodes a shared logo only once.
pub type ImageBytes = Arc<[u8]>;

/// The letterhead (kop surat) of the issuing agency.
#[derive(Debug, Clone, Default)]
pub struct Kop {
    /// Agency logo, scaled to fit the kop height, placed left of the text.
    pub logo: Option<ImageBytes>,
    /// Agency lines, top to bottom, e.g. `["PEMERINTAH KOTA BONTANG",
    /// "DINAS KOPERASI, USAHA KECIL DAN MENENGAH"]`. The last line is the largest and bold.
    pub lines: Vec<String>,
    /// Address/contact line under the agency name (`Jl. ... Telp. ... Bontang 75311`);
    /// lists, BAST and reports print it; the certificate does not.
    pub address: Option<String>,
}

/// The person who signs: title (jabatan), name and optional NIP.
#[derive(Debug, Clone, Default)]
pub struct Signatory {
    /// Position, may contain `\n` for more lines, e.g. `"Kepala Dinas Koperasi, UKM\nKota Bontang"`.
    pub title: String,
    /// Full name with degrees, printed bold and underlined.
    pub name: String,
    /// NIP of a civil servant (printed as `NIP. ...` under the name), if any.
    pub nip: Option<String>,
    /// Rank line printed between name and NIP, e.g. `"Pembina Tk. I (IV/b)"`.
    pub rank: Option<String>,
}

/// Place, date and signatory of a document (`Bontang, 29 Juli 2020` above the title).
#[derive(Debug, Clone)]
pub struct SignatureBlock {
    pub place: String,
    pub date: NaiveDate,
    pub signatory: Signatory,
}

/// Page orientation (A4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// One training certificate (A4 landscape).
#[derive(Debug, Clone)]
pub struct CertificateDoc {
    /// Agency logo and lines; the address is not printed on a certificate.
    pub kop: Kop,
    /// Certificate number, e.g. `"001/SERT-PMMP/DKUKM/2020"`.
    pub number: String,
    /// Name of the participant as it should appear.
    pub participant_name: String,
    /// Optional line under the name (e.g. business name or `"Kota Bontang"`).
    pub participant_detail: Option<String>,
    /// Training title, e.g. `"Pelatihan Manajemen Mutu Produksi"`.
    pub training_title: String,
    /// Competency or topic, printed as `Kompetensi: ...`.
    pub competency: Option<String>,
    /// First and last day of the training (the same date for one day).
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// Venue and city, e.g. `"Hotel Bintang Sintuk, Bontang"`.
    pub venue: String,
    /// Where and when it is signed, and by whom.
    pub signature: SignatureBlock,
    /// Public verification URL encoded in the QR code and printed beneath it.
    pub verify_url: String,
}

/// A table column: header text, relative width and alignment.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    /// Relative width; the table fills the page width in these proportions.
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(header: impl Into<String>, width: f32, align: Align) -> Self {
        Column {
            header: header.into(),
            width,
            align,
        }
    }
}

/// The totals row at the end of a table: `label` (e.g. `"JUMLAH"`) spans the first
/// `label_span` columns, `cells` fill the remaining columns (empty strings stay empty).
#[derive(Debug, Clone)]
pub struct TotalsRow {
    pub label: String,
    pub label_span: usize,
    pub cells: Vec<String>,
}

/// An official list with kop surat: approved aid recipients, attendance lists.
#[derive(Debug, Clone)]
pub struct ListDoc {
    pub kop: Kop,
    pub orientation: Orientation,
    /// Title, printed bold and centred, e.g. `"DAFTAR PENERIMA BANTUAN ..."`.
    pub title: String,
    /// Lines under the title, e.g. `"Lampiran SK Nomor 500/123/DKUKM/2024"`.
    pub subtitles: Vec<String>,
    pub columns: Vec<Column>,
    /// Cells per row, one per column. Long texts wrap inside their cell.
    pub rows: Vec<Vec<String>>,
    pub totals: Option<TotalsRow>,
    /// Signature block after the table (on the last page).
    pub signature: Option<SignatureBlock>,
}

/// One party of a handover (Pihak Pertama / Pihak Kedua).
#[derive(Debug, Clone, Default)]
pub struct Party {
    pub name: String,
    /// Label of the identity number: `"NIP"` for an official, `"NIK"` for a recipient.
    pub id_label: String,
    /// The number exactly as it should be printed (the caller masks it if needed).
    pub id_number: Option<String>,
    /// Position (jabatan) or role, e.g. `"Kepala Bidang UMKM"`, `"Pemilik Usaha Kue Bu Ani"`.
    pub position: String,
    pub address: Option<String>,
}

/// One line of goods handed over.
#[derive(Debug, Clone)]
pub struct BastItem {
    /// Goods (barang), e.g. `"Mesin jahit portable"`.
    pub name: String,
    pub quantity: u64,
    /// Unit (satuan), e.g. `"unit"`, `"kg"`, `"paket"`.
    pub unit: String,
    /// Total value of this line in rupiah.
    pub value: Rupiah,
}

/// A handover receipt (Berita Acara Serah Terima) for one recipient.
#[derive(Debug, Clone)]
pub struct BastDoc {
    pub kop: Kop,
    /// BAST number, e.g. `"027/BAST/DKUKM/VIII/2024"`.
    pub number: String,
    /// Date of the handover; written out in words (`Senin tanggal dua puluh enam ...`).
    pub date: NaiveDate,
    /// Place (city) of the handover and of the signatures.
    pub place: String,
    /// Aid program the goods come from, e.g. `"Bantuan Peralatan Usaha Tahun 2024"`.
    pub program: String,
    /// Pihak Pertama: the official handing over.
    pub first_party: Party,
    /// Pihak Kedua: the recipient.
    pub second_party: Party,
    pub items: Vec<BastItem>,
    /// Statement after the items; `None` uses the standard text.
    pub statement: Option<String>,
    /// Print a "Meterai 10.000" box at the recipient's signature.
    pub materai: bool,
}

/// One horizontal bar: label, value (bar length) and the text printed after the bar.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

impl Bar {
    /// A bar for a count: the text is the number with Indonesian thousands dots.
    pub fn count(label: impl Into<String>, n: i64) -> Self {
        Bar {
            label: label.into(),
            value: n as f64,
            text: Rupiah::new(n).format_number(),
        }
    }
}

/// A section of a report.
#[derive(Debug, Clone)]
pub enum Section {
    /// A two-column table of key figures (label, value).
    Figures {
        heading: String,
        rows: Vec<(String, String)>,
    },
    /// A horizontal bar chart drawn as vectors.
    Bars { heading: String, bars: Vec<Bar> },
    /// A paragraph of text.
    Text { heading: String, text: String },
}

/// A simple report (A4 portrait): kop optional, title, subtitles, sections.
#[derive(Debug, Clone)]
pub struct ReportDoc {
    pub kop: Option<Kop>,
    pub title: String,
    pub subtitles: Vec<String>,
    pub sections: Vec<Section>,
    /// Footer text on each page left of the page number, e.g. `"Dicetak 24/11/2026"`.
    pub footer: Option<String>,
}
