//! The business form: name, NIB, KBLI with its edition, region, figures and channels; the
//! scale computed from the figures.

use berdaya_core::KodeWilayah;
use berdaya_core::kbli::{Kbli, KbliVersion};
use berdaya_core::nib::Nib;
use berdaya_core::rupiah::Rupiah;
use berdaya_core::skala::SkalaUsaha;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

use super::{parse_region, trimmed};

/// The business form (and API body).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BusinessInput {
    pub nama_usaha: String,
    pub nib: String,
    pub kbli: String,
    /// KBLI edition of `kbli`: "2020" (when empty) or "2025".
    pub kbli_versi: String,
    pub bentuk_usaha: String,
    pub alamat: String,
    /// Desa/kelurahan (or kecamatan) code of the business; the owner's when empty.
    pub kode_wilayah: String,
    pub lat: String,
    pub lon: String,
    pub tahun_berdiri: String,
    /// Capital in rupiah ("Rp 15.000.000", "15 juta").
    pub modal: String,
    /// Turnover in rupiah; per `periode_omzet`.
    pub omzet: String,
    /// "bulan" or "tahun".
    pub periode_omzet: String,
    pub tk_l: String,
    pub tk_p: String,
    pub produk: String,
    /// Scale the owner reports (mikro/kecil/menengah); the system computes its own.
    pub skala_dilaporkan: String,
    pub kanal_offline: bool,
    pub kanal_marketplace: bool,
    pub kanal_sosmed: bool,
    pub kanal_qris: bool,
    /// The record's version when the form was opened (edits), as for owners.
    pub versi: Option<i32>,
}

impl BusinessInput {
    /// The form as it shows a stored business (edits, and the base an API PATCH is applied to).
    pub fn from_business(b: &berdaya_store::businesses::Business) -> BusinessInput {
        let has = |c: &str| b.kanal.contains(&format!(",{c},"));
        BusinessInput {
            nama_usaha: b.nama_usaha.clone(),
            nib: b.nib.clone(),
            kbli: b.kbli.clone(),
            kbli_versi: b.kbli_version.map(|v| v.to_string()).unwrap_or_default(),
            bentuk_usaha: b.bentuk_usaha.clone(),
            alamat: b.alamat.clone(),
            kode_wilayah: b.region.clone(),
            lat: b.lat.map(|v| v.to_string()).unwrap_or_default(),
            lon: b.lon.map(|v| v.to_string()).unwrap_or_default(),
            tahun_berdiri: b.tahun_berdiri.map(|v| v.to_string()).unwrap_or_default(),
            modal: b.modal.map(|v| v.to_string()).unwrap_or_default(),
            omzet: b.omzet_tahunan.map(|v| v.to_string()).unwrap_or_default(),
            periode_omzet: "tahun".into(),
            tk_l: b.tk_l.map(|v| v.to_string()).unwrap_or_default(),
            tk_p: b.tk_p.map(|v| v.to_string()).unwrap_or_default(),
            produk: b.produk.clone(),
            skala_dilaporkan: b.skala_dilaporkan.clone(),
            kanal_offline: has("offline"),
            kanal_marketplace: has("marketplace"),
            kanal_sosmed: has("sosmed"),
            kanal_qris: has("qris"),
            versi: Some(b.version),
        }
    }

    /// Nothing about a business was entered (the turnover period alone does not count: the
    /// forms preselect it). Anything else typed makes it a business, so figures without a
    /// business name are refused ("Nama usaha wajib diisi.") instead of being dropped.
    pub fn is_empty(&self) -> bool {
        [
            &self.nama_usaha,
            &self.nib,
            &self.kbli,
            &self.bentuk_usaha,
            &self.alamat,
            &self.kode_wilayah,
            &self.lat,
            &self.lon,
            &self.tahun_berdiri,
            &self.modal,
            &self.omzet,
            &self.tk_l,
            &self.tk_p,
            &self.produk,
            &self.skala_dilaporkan,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
            && !(self.kanal_offline || self.kanal_marketplace || self.kanal_sosmed || self.kanal_qris)
    }
}

/// A business's parsed fields.
#[derive(Debug, Clone)]
pub struct BusinessFields {
    pub nama_usaha: String,
    pub nib: Option<Nib>,
    pub kbli: Option<Kbli>,
    pub bentuk_usaha: String,
    pub alamat: String,
    pub region: Option<KodeWilayah>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub tahun_berdiri: Option<i32>,
    pub modal: Option<Rupiah>,
    pub omzet_tahunan: Option<Rupiah>,
    pub tk_l: Option<i32>,
    pub tk_p: Option<i32>,
    pub produk: String,
    pub skala: Option<SkalaUsaha>,
    pub skala_dilaporkan: Option<SkalaUsaha>,
    pub kanal: String,
}

fn money(f: &mut FieldErrors, field: &str, raw: &str) -> Option<Rupiah> {
    match raw.trim() {
        "" => None,
        s => match Rupiah::parse(s) {
            Ok(r) => Some(r),
            Err(e) => {
                f.add(field, e.to_string());
                None
            }
        },
    }
}

fn count(f: &mut FieldErrors, field: &str, raw: &str) -> Option<i32> {
    match raw.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(n) if (0..=100_000).contains(&n) => Some(n),
            _ => {
                f.add(field, "Isi jumlah orang (angka 0 atau lebih).");
                None
            }
        },
    }
}


pub fn parse_business(input: &BusinessInput, today: NaiveDate, f: &mut FieldErrors) -> BusinessFields {
    let nama_usaha = trimmed(f, "nama_usaha", &input.nama_usaha, 150);
    if nama_usaha.is_empty() {
        f.add("nama_usaha", "Nama usaha wajib diisi.");
    }
    let nib = match input.nib.trim() {
        "" => None,
        s => Nib::parse(s).map_err(|e| f.add("nib", e.to_string())).ok(),
    };
    let version = match input.kbli_versi.trim() {
        "" | "2020" => Some(KbliVersion::V2020),
        "2025" => Some(KbliVersion::V2025),
        _ => {
            f.add("kbli_versi", "Pilih edisi KBLI 2020 atau 2025.");
            None
        }
    };
    let kbli = match (input.kbli.trim(), version) {
        ("", _) | (_, None) => None,
        (s, Some(v)) => Kbli::parse(s, v).map_err(|e| f.add("kbli", e.to_string())).ok(),
    };
    let tahun_berdiri = match input.tahun_berdiri.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(y) if (1900..=chrono::Datelike::year(&today)).contains(&y) => Some(y),
            _ => {
                f.add("tahun_berdiri", "Tahun berdiri tidak valid.");
                None
            }
        },
    };
    let modal = money(f, "modal", &input.modal);
    let omzet = money(f, "omzet", &input.omzet);
    let omzet_tahunan = match (omzet, input.periode_omzet.trim()) {
        (Some(o), "tahun") => Some(o),
        (Some(o), "bulan") => o.checked_mul(12).or_else(|| {
            f.add("omzet", "Omzet terlalu besar.");
            None
        }),
        (Some(_), "") => {
            f.add("periode_omzet", "Pilih omzet per bulan atau per tahun.");
            None
        }
        (Some(_), _) => {
            f.add("periode_omzet", "Periode omzet harus \"bulan\" atau \"tahun\".");
            None
        }
        (None, _) => None,
    };
    let region = match input.kode_wilayah.trim() {
        "" => None,
        s => parse_region(f, "kode_wilayah_usaha", s),
    };
    let skala_dilaporkan = match input.skala_dilaporkan.trim() {
        "" => None,
        s => SkalaUsaha::parse(s).or_else(|| {
            f.add("skala_dilaporkan", "Pilih mikro, kecil, menengah, atau besar.");
            None
        }),
    };
    let mut kanal = String::from(",");
    for (on, code) in [
        (input.kanal_offline, "offline"),
        (input.kanal_marketplace, "marketplace"),
        (input.kanal_sosmed, "sosmed"),
        (input.kanal_qris, "qris"),
    ] {
        if on {
            kanal.push_str(code);
            kanal.push(',');
        }
    }
    let (lat, lon) = crate::services::coordinates(f, &input.lat, &input.lon);
    BusinessFields {
        nama_usaha,
        bentuk_usaha: trimmed(f, "bentuk_usaha", &input.bentuk_usaha, 60),
        alamat: trimmed(f, "alamat_usaha", &input.alamat, 300),
        lat,
        lon,
        tk_l: count(f, "tk_l", &input.tk_l),
        tk_p: count(f, "tk_p", &input.tk_p),
        produk: trimmed(f, "produk", &input.produk, 500),
        skala: SkalaUsaha::compute(modal, omzet_tahunan),
        kanal: if kanal == "," { String::new() } else { kanal },
        nib,
        kbli,
        region,
        tahun_berdiri,
        modal,
        omzet_tahunan,
        skala_dilaporkan,
    }
}

