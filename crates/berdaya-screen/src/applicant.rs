//! An applicant for an aid program, as screening sees it.

use berdaya_core::{JenisKelamin, Rupiah, SkalaUsaha};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One application. Text fields are kept as given (the NIK too: a malformed NIK is itself a
/// finding, "NIK anomali"); screening parses what it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// The applicant's row in the source list (or any stable number the caller chooses);
    /// decisions and "the other row" in reasons refer to it.
    pub row: u64,
    /// NIK as written on the form.
    pub nik: String,
    /// Family card (KK) number, when collected.
    pub no_kk: Option<String>,
    pub name: String,
    pub sex: Option<JenisKelamin>,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    /// Kemendagri code of the registered address (desa/kelurahan, or coarser), dotted or not.
    pub address_region: Option<String>,
    pub business: Business,
    /// Keys of the documents present (e.g. `ktp`, `foto_usaha`, `surat_pernyataan`).
    pub documents: Vec<String>,
}

/// What the applicant declared about the business.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Business {
    /// A registered business exists (NIB, IUMK/SKU or a registry entry).
    pub registered: bool,
    /// Capital (modal usaha, without land and buildings).
    pub capital: Option<Rupiah>,
    /// Annual sales (hasil penjualan tahunan).
    pub annual_sales: Option<Rupiah>,
    /// A scale computed elsewhere (e.g. the registry's); when `None` it is computed from
    /// `capital` and `annual_sales` per PP 7/2021.
    pub scale: Option<SkalaUsaha>,
    /// When the business started.
    pub founded: Option<NaiveDate>,
    /// KBLI code (5 digits) of the main activity.
    pub kbli: Option<String>,
}

impl Business {
    /// The scale screening uses: the given one, else computed from the raw numbers.
    pub fn effective_scale(&self) -> Option<SkalaUsaha> {
        self.scale
            .or_else(|| SkalaUsaha::compute(self.capital, self.annual_sales))
    }
}
