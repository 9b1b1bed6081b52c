//! Form input for owners and businesses, parsed into domain values with messages in Bahasa.

use berdaya_core::nik::{self, JenisKelamin, Nik};
use berdaya_core::{KodeWilayah, Tingkat};
use berdaya_core::kbli::{Kbli, KbliVersion};
use berdaya_core::nib::Nib;
use berdaya_core::phone::NoHp;
use berdaya_core::rupiah::Rupiah;
use berdaya_core::skala::SkalaUsaha;
use berdaya_core::tanggal;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

/// The owner form (and API body). Every field is text as typed; parsing happens here.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct OwnerInput {
    pub nik: String,
    pub no_kk: String,
    pub nama: String,
    /// L or P.
    pub jenis_kelamin: String,
    pub tempat_lahir: String,
    /// dd/mm/yyyy, yyyy-mm-dd or "27 Juli 1980".
    pub tanggal_lahir: String,
    pub alamat: String,
    pub rt_rw: String,
    /// Desa/kelurahan (or kecamatan) code of the address.
    pub kode_wilayah: String,
    pub no_hp: String,
    pub whatsapp: bool,
    pub email: String,
    pub pendidikan: String,
    pub disabilitas: String,
    /// Save even though probable duplicates were shown (the decision is audited).
    pub lanjutkan: bool,
    /// The record's version when the form was opened (edits): a save after someone else's
    /// is refused instead of overwriting it. Left out, the save applies to the current data.
    pub versi: Option<i32>,
}

impl OwnerInput {
    /// The form as it shows a stored owner (edits, and the base an API PATCH is applied to).
    pub fn from_owner(o: &berdaya_store::owners::Owner) -> OwnerInput {
        OwnerInput {
            nik: o.nik.clone(),
            no_kk: o.no_kk.clone(),
            nama: o.nama.clone(),
            jenis_kelamin: o.jenis_kelamin.clone(),
            tempat_lahir: o.tempat_lahir.clone(),
            tanggal_lahir: o.tanggal_lahir.map(tanggal::fmt_dmy).unwrap_or_default(),
            alamat: o.alamat.clone(),
            rt_rw: o.rt_rw.clone(),
            kode_wilayah: o.region.clone(),
            no_hp: o.no_hp.clone(),
            whatsapp: o.whatsapp,
            email: o.email.clone(),
            pendidikan: o.pendidikan.clone(),
            disabilitas: o.disabilitas.clone(),
            lanjutkan: false,
            versi: Some(o.version),
        }
    }
}

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

/// An owner's parsed fields.
#[derive(Debug, Clone)]
pub struct OwnerFields {
    pub nik: Nik,
    pub no_kk: String,
    pub nama: String,
    pub jenis_kelamin: Option<JenisKelamin>,
    pub tempat_lahir: String,
    pub tanggal_lahir: Option<NaiveDate>,
    pub alamat: String,
    pub rt_rw: String,
    pub region: KodeWilayah,
    pub no_hp: Option<NoHp>,
    pub whatsapp: bool,
    pub email: String,
    pub pendidikan: String,
    pub disabilitas: String,
    /// NIK checks that do not block saving (shown to the operator).
    pub warnings: Vec<String>,
}

fn trimmed(f: &mut FieldErrors, field: &str, v: &str, max: usize) -> String {
    let v = v.trim();
    if v.chars().count() > max {
        f.add(field, format!("Maksimal {max} karakter."));
    }
    v.chars().take(max).collect()
}

/// A region code for an address: a kecamatan or desa/kelurahan.
pub fn parse_region(f: &mut FieldErrors, field: &str, raw: &str) -> Option<KodeWilayah> {
    if raw.trim().is_empty() {
        f.add(field, "Pilih desa/kelurahan (atau kecamatan) alamat.");
        return None;
    }
    match KodeWilayah::parse(raw) {
        Ok(k) if matches!(k.tingkat(), Tingkat::Kecamatan | Tingkat::Desakel) => Some(k),
        Ok(_) => {
            f.add(field, "Alamat harus sampai kecamatan atau desa/kelurahan.");
            None
        }
        Err(e) => {
            f.add(field, format!("Kode wilayah tidak valid: {e}."));
            None
        }
    }
}

pub fn parse_owner(input: &OwnerInput, today: NaiveDate, f: &mut FieldErrors) -> Option<OwnerFields> {
    let nik = match Nik::parse(&input.nik) {
        Ok(n) => Some(n),
        Err(e) => {
            f.add("nik", e.to_string());
            None
        }
    };
    let nama = trimmed(f, "nama", &input.nama, 120);
    if nama.is_empty() {
        f.add("nama", "Nama wajib diisi.");
    }
    let no_kk: String = input.no_kk.chars().filter(|c| !c.is_whitespace()).collect();
    if !no_kk.is_empty() && (no_kk.len() != 16 || !no_kk.chars().all(|c| c.is_ascii_digit())) {
        f.add("no_kk", "Nomor KK harus 16 digit angka.");
    }
    let jenis_kelamin = match input.jenis_kelamin.trim() {
        "" => None,
        s => match JenisKelamin::parse(s) {
            Some(j) => Some(j),
            None => {
                f.add("jenis_kelamin", "Pilih L (laki-laki) atau P (perempuan).");
                None
            }
        },
    };
    let tanggal_lahir = match input.tanggal_lahir.trim() {
        "" => None,
        s => match tanggal::parse_date(s, today) {
            Ok(d) if d > today => {
                f.add("tanggal_lahir", "Tanggal lahir tidak boleh di masa depan.");
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                f.add("tanggal_lahir", e.to_string());
                None
            }
        },
    };
    let no_hp = match input.no_hp.trim() {
        "" => None,
        s => match NoHp::parse(s) {
            Ok(p) => Some(p),
            Err(e) => {
                f.add("no_hp", e.to_string());
                None
            }
        },
    };
    let email = trimmed(f, "email", &input.email, 120);
    if !email.is_empty() && (!email.contains('@') || email.contains(' ')) {
        f.add("email", "Alamat email tidak valid.");
    }
    let region = parse_region(f, "kode_wilayah", &input.kode_wilayah);
    let fields = OwnerFields {
        no_kk,
        tempat_lahir: trimmed(f, "tempat_lahir", &input.tempat_lahir, 80),
        alamat: trimmed(f, "alamat", &input.alamat, 300),
        rt_rw: trimmed(f, "rt_rw", &input.rt_rw, 20),
        pendidikan: trimmed(f, "pendidikan", &input.pendidikan, 40),
        disabilitas: trimmed(f, "disabilitas", &input.disabilitas, 80),
        whatsapp: input.whatsapp,
        email,
        nama,
        jenis_kelamin,
        tanggal_lahir,
        no_hp,
        warnings: Vec::new(),
        nik: nik?,
        region: region?,
    };
    let mut fields = fields;
    if let Some(j) = fields.jenis_kelamin
        && let Some(w) = nik::check_sex(&fields.nik, j) {
            fields.warnings.push(w.to_string());
        }
    if let Some(d) = fields.tanggal_lahir
        && let Some(w) = nik::check_birth_date(&fields.nik, d) {
            fields.warnings.push(w.to_string());
        }
    Some(fields)
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

fn coord(f: &mut FieldErrors, field: &str, raw: &str, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
    match raw.trim() {
        "" => None,
        s => match s.replace(',', ".").parse::<f64>() {
            Ok(v) if range.contains(&v) => Some(v),
            _ => {
                f.add(field, "Koordinat tidak valid atau di luar wilayah Indonesia (lintang -11,5 s.d. 6,5; bujur 94 s.d. 141,5).");
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
    BusinessFields {
        nama_usaha,
        bentuk_usaha: trimmed(f, "bentuk_usaha", &input.bentuk_usaha, 60),
        alamat: trimmed(f, "alamat_usaha", &input.alamat, 300),
        lat: coord(f, "lat", &input.lat, -11.5..=6.5),
        lon: coord(f, "lon", &input.lon, 94.0..=141.5),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn owner_fields_parse_with_warnings() {
        let mut f = FieldErrors::default();
        let input = OwnerInput {
            nik: "'6474015505900001".into(),
            nama: " Siti Aminah ".into(),
            jenis_kelamin: "L".into(),
            tanggal_lahir: "15/05/1990".into(),
            kode_wilayah: "6474011001".into(),
            no_hp: "0812-3456-7890".into(),
            ..Default::default()
        };
        let o = parse_owner(&input, today(), &mut f).unwrap();
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(o.nama, "Siti Aminah");
        assert_eq!(o.region.dotted(), "64.74.01.1001");
        assert_eq!(o.no_hp.unwrap().as_str(), "+6281234567890");
        assert_eq!(o.warnings.len(), 1, "NIK says woman, form says L: {:?}", o.warnings);
    }

    #[test]
    fn owner_errors_are_per_field_in_bahasa() {
        let mut f = FieldErrors::default();
        let input = OwnerInput { nik: "123".into(), tanggal_lahir: "31/02/1990".into(), no_hp: "abc".into(), ..Default::default() };
        assert!(parse_owner(&input, today(), &mut f).is_none());
        for field in ["nik", "nama", "tanggal_lahir", "no_hp", "kode_wilayah"] {
            assert!(f.has(field), "{field}: {f:?}");
        }
        assert!(f.get("nama").contains("wajib"));
    }

    #[test]
    fn business_scale_is_computed_from_turnover() {
        let mut f = FieldErrors::default();
        let input = BusinessInput {
            nama_usaha: "Keripik Bu Siti".into(),
            modal: "Rp 15.000.000".into(),
            omzet: "250 juta".into(),
            periode_omzet: "bulan".into(),
            kanal_qris: true,
            ..Default::default()
        };
        let b = parse_business(&input, today(), &mut f);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(b.omzet_tahunan, Some(Rupiah::new(3_000_000_000)));
        assert_eq!(b.skala, Some(SkalaUsaha::Kecil), "Rp 3 M a year is kecil");
        assert_eq!(b.kanal, ",qris,");
    }
}
