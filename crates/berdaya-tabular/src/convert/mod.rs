//! Turning a mapped row into a typed owner/business draft plus problems in Bahasa.
//!
//! Errors reject the row (no NIK, a NIK that is not a NIK, no name); everything else that
//! cannot be read is a warning: the value is dropped, the row is kept, and the operator
//! sees why. Region names are carried as raw text for the caller to resolve.

mod business;
pub mod cells;
mod owner;

use std::collections::HashSet;
use std::sync::OnceLock;

use berdaya_core::{
    JenisKelamin, Kbli, KbliVersion, KodeWilayah, Nib, Nik, NoHp, Rupiah, SkalaUsaha,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::mapping::Mapping;
use crate::row::{CellKind, RawRow};
use crate::schema::{Field, FieldKind};

/// One input row as an owner (and, when any business column is filled, a business).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OwnerRow {
    /// Source row number (1-based, as in the file).
    pub row_number: u64,
    pub owner: OwnerDraft,
    pub business: Option<BusinessDraft>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OwnerDraft {
    pub nik: Option<Nik>,
    /// 16 digits.
    pub no_kk: Option<String>,
    pub nama: Option<String>,
    pub jenis_kelamin: Option<JenisKelamin>,
    pub tempat_lahir: Option<String>,
    pub tanggal_lahir: Option<NaiveDate>,
    pub alamat: Option<String>,
    pub rt_rw: Option<String>,
    pub kode_desa: Option<KodeWilayah>,
    /// Raw desa/kelurahan text (name or code) for the caller to resolve.
    pub desa: Option<String>,
    /// Raw kecamatan text (name or code) for the caller to resolve.
    pub kecamatan: Option<String>,
    pub no_hp: Option<NoHp>,
    pub email: Option<String>,
    pub pendidikan: Option<String>,
    pub disabilitas: Option<bool>,
    pub disabilitas_jenis: Option<String>,
    pub catatan: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BusinessDraft {
    pub nama_usaha: Option<String>,
    pub nib: Option<Nib>,
    pub kbli: Option<Kbli>,
    pub sektor: Option<String>,
    pub bentuk_usaha: Option<String>,
    pub alamat_usaha: Option<String>,
    pub tahun_berdiri: Option<i32>,
    pub modal: Option<Rupiah>,
    pub omzet_bulanan: Option<Rupiah>,
    /// As given, or 12 × the monthly turnover (then `omzet_tahunan_dihitung`).
    pub omzet_tahunan: Option<Rupiah>,
    pub omzet_tahunan_dihitung: bool,
    pub tenaga_kerja: Option<u32>,
    pub tenaga_kerja_l: Option<u32>,
    pub tenaga_kerja_p: Option<u32>,
    pub produk: Option<String>,
    /// The scale the owner reported.
    pub skala_dilaporkan: Option<SkalaUsaha>,
    /// The scale per PP 7/2021 from capital and annual turnover.
    pub skala: Option<SkalaUsaha>,
}

/// A problem with one field of one row, in Bahasa Indonesia.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: Option<Field>,
    /// 0-based source column.
    pub column: Option<usize>,
    pub message: String,
}

/// The result of converting one row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Converted {
    pub row: OwnerRow,
    /// Any error rejects the row.
    pub errors: Vec<Problem>,
    /// Warnings keep the row; shown on the result page.
    pub warnings: Vec<Problem>,
}

impl Converted {
    pub fn is_rejected(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The errors joined for the "Alasan Penolakan" column.
    pub fn reason(&self) -> String {
        self.errors
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn warning_text(&self) -> String {
        self.warnings
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertOptions {
    /// Reference date for two-digit years and plausibility checks (usually today).
    pub today: NaiveDate,
    /// Reject rows without a NIK (default). Off for lists of calon wirausaha without KTP data.
    pub require_nik: bool,
    pub kbli_version: KbliVersion,
    /// Warn when the NIK's kecamatan is not in the embedded Kemendagri list.
    pub check_nik_kecamatan: bool,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        ConvertOptions {
            today: chrono::Utc::now().date_naive(),
            require_nik: true,
            kbli_version: KbliVersion::V2020,
            check_nik_kecamatan: true,
        }
    }
}

/// One mapped cell.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell<'a> {
    pub col: usize,
    pub text: &'a str,
    pub numeric: bool,
    pub long_number: bool,
    pub imprecise: bool,
    pub excel_date: bool,
    pub unit: Option<i64>,
}

pub(crate) struct Ctx<'a> {
    pub mapping: &'a Mapping,
    pub row: &'a RawRow,
    pub opts: &'a ConvertOptions,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl<'a> Ctx<'a> {
    /// The first non-blank mapped cell of a field.
    pub fn cell(&mut self, field: Field) -> Option<Cell<'a>> {
        let cells = self.cells(field);
        cells.into_iter().next()
    }

    /// Every non-blank mapped cell of a field, in column order.
    pub fn cells(&mut self, field: Field) -> Vec<Cell<'a>> {
        let row = self.row;
        let mut out = Vec::new();
        for cm in self.mapping.columns_for(field) {
            let text = row.cell(cm.index);
            if cells::is_blank_marker(text) {
                continue;
            }
            let has = |p: fn(&CellKind) -> bool| row.has_flag(cm.index, p);
            let cell = Cell {
                col: cm.index,
                text,
                numeric: has(|k| matches!(k, CellKind::Number)),
                long_number: has(|k| matches!(k, CellKind::LongNumber)),
                imprecise: has(|k| matches!(k, CellKind::ImpreciseNumber)),
                excel_date: has(|k| matches!(k, CellKind::ExcelDate { .. })),
                unit: cm.unit,
            };
            if cell.excel_date
                && !matches!(
                    field.kind(),
                    FieldKind::Date | FieldKind::PlaceAndDate | FieldKind::Year
                )
            {
                self.warn(
                    field,
                    &cell,
                    format!(
                        "{} terbaca sebagai tanggal oleh Excel ({}); periksa isinya",
                        field.label(),
                        text
                    ),
                );
            }
            out.push(cell);
        }
        out
    }

    /// Text of a plain text field, spaces collapsed; multi fields joined.
    pub fn text(&mut self, field: Field) -> Option<String> {
        let parts: Vec<String> = self
            .cells(field)
            .iter()
            .map(|c| cells::collapse_spaces(c.text))
            .collect();
        let sep = if field == Field::Produk { ", " } else { "; " };
        (!parts.is_empty()).then(|| parts.join(sep))
    }

    pub fn error(&mut self, field: Field, cell: Option<&Cell<'_>>, message: impl Into<String>) {
        self.errors.push(Problem {
            field: Some(field),
            column: cell.map(|c| c.col),
            message: message.into(),
        });
    }

    pub fn warn(&mut self, field: Field, cell: &Cell<'_>, message: impl Into<String>) {
        self.warnings.push(Problem {
            field: Some(field),
            column: Some(cell.col),
            message: message.into(),
        });
    }

    pub fn warn_row(&mut self, field: Option<Field>, message: impl Into<String>) {
        self.warnings.push(Problem {
            field,
            column: None,
            message: message.into(),
        });
    }
}

/// Convert one data row with a mapping.
pub fn convert_row(mapping: &Mapping, row: &RawRow, opts: &ConvertOptions) -> Converted {
    let mut ctx = Ctx {
        mapping,
        row,
        opts,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let owner = owner::read_owner(&mut ctx);
    let business = business::read_business(&mut ctx);
    Converted {
        row: OwnerRow {
            row_number: row.number,
            owner,
            business,
        },
        errors: ctx.errors,
        warnings: ctx.warnings,
    }
}

/// Kecamatan codes (6 digits) of the embedded Kemendagri list.
pub(crate) fn known_kecamatan(code: &KodeWilayah) -> bool {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        berdaya_core::refdata::wilayah_rows()
            .filter(|r| r.tingkat == "kecamatan")
            .map(|r| r.kode.replace('.', ""))
            .collect()
    })
    .contains(code.digits())
}
