//! The owner form: NIK, KK, name, birth, address, contact; NIK mismatches are warnings.

use berdaya_core::nik::{self, JenisKelamin, Nik};
use berdaya_core::KodeWilayah;
use berdaya_core::phone::NoHp;
use berdaya_core::tanggal;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

use super::{parse_region, trimmed};

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

