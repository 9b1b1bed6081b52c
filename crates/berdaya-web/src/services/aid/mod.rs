//! Aid programs (bantuan): programs and their rules here; applications, screening, survey,
//! approval, disbursement and budget in the submodules.

pub mod applications;
pub mod approval;
pub mod budget;
pub mod disburse;
pub mod documents;
pub mod pdfs;
pub mod rules;
pub mod screening;
pub mod self_service;
pub mod survey;

use berdaya_core::KodeWilayah;
use berdaya_core::rupiah::Rupiah;
use berdaya_core::tanggal;
use berdaya_store::aid::{self, Program};
use berdaya_store::{Db, StoreError, audit, regions};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use rules::{DOC_KINDS, RuleSet};


pub const KINDS: &[(&str, &str)] = &[
    ("tunai", "Bantuan tunai"),
    ("barang", "Bantuan barang (bahan baku, peralatan, kuota internet)"),
    ("stimulus_modal", "Stimulus modal usaha"),
    ("lainnya", "Lainnya"),
];

pub const FUNDING: &[&str] = &["APBN", "APBD Provinsi", "APBD Kabupaten/Kota", "DAK non-fisik", "CSR/Hibah"];

pub fn kind_label(k: &str) -> &str {
    KINDS.iter().find(|x| x.0 == k).map(|x| x.1).unwrap_or(k)
}

/// Whether a program pays cash (transfer file) or hands over goods (BAST).
pub fn is_cash(jenis: &str) -> bool {
    jenis != "barang"
}

/// One kind of goods in an in-kind program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Item {
    pub nama: String,
    pub satuan: String,
    pub jumlah: i64,
}

/// The program form (and API body), as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProgramInput {
    pub nama: String,
    pub jenis: String,
    pub sumber_dana: String,
    #[serde(deserialize_with = "text_or_number")]
    pub tahun: String,
    #[serde(deserialize_with = "text_or_number")]
    pub pagu: String,
    #[serde(deserialize_with = "text_or_number")]
    pub nilai_per_penerima: String,
    /// dd/mm/yyyy
    pub mulai: String,
    pub selesai: String,
    /// Dotted region code; the agency's region when empty.
    pub target_region: String,
    #[serde(deserialize_with = "text_or_number")]
    pub kuota: String,
    pub dokumen_wajib: Vec<String>,
    /// Goods per recipient, for in-kind aid.
    pub barang: Vec<Item>,
    /// The rule set, berdaya-screen JSON: `{"version":1,"blocks":[{"type":"nik_valid"},…]}`.
    #[schema(value_type = Object)]
    pub aturan: serde_json::Value,
}

/// A form field the API may send as a JSON number or a string (`5000000000`, `"5 M"`).
fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Null => Ok(String::new()),
        other => Err(serde::de::Error::custom(format!("harus angka atau teks, bukan {other}"))),
    }
}

fn parse_money(f: &mut FieldErrors, field: &str, raw: &str) -> i64 {
    match Rupiah::parse(raw.trim()) {
        Ok(r) if r.amount() > 0 => r.amount(),
        Ok(_) => {
            f.add(field, "Isi jumlah lebih dari nol.");
            0
        }
        Err(e) => {
            f.add(field, if raw.trim().is_empty() { "Wajib diisi.".to_string() } else { e.to_string() });
            0
        }
    }
}

fn parse_date(f: &mut FieldErrors, field: &str, raw: &str) -> Option<chrono::NaiveDate> {
    match raw.trim() {
        "" => None,
        s => tanggal::parse_date(s, berdaya_store::now().date_naive()).map_err(|e| f.add(field, e.to_string())).ok(),
    }
}

/// Check the input and build the row (`id`, region and audit fields from the caller).
async fn parse_program(db: &Db, actor: &Actor, input: &ProgramInput, f: &mut FieldErrors) -> Result<Option<Program>, ServiceError> {
    let nama = input.nama.trim().to_string();
    if nama.is_empty() {
        f.add("nama", "Nama program wajib diisi.");
    } else if nama.chars().count() > 150 {
        f.add("nama", "Maksimal 150 karakter.");
    }
    if !KINDS.iter().any(|k| k.0 == input.jenis) {
        f.add("jenis", "Pilih jenis bantuan.");
    }
    if !FUNDING.contains(&input.sumber_dana.as_str()) {
        f.add("sumber_dana", "Pilih sumber dana.");
    }
    let tahun = match input.tahun.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => y,
        _ => {
            f.add("tahun", "Tahun anggaran tidak valid.");
            0
        }
    };
    let pagu = parse_money(f, "pagu", &input.pagu);
    let nilai = parse_money(f, "nilai_per_penerima", &input.nilai_per_penerima);
    if pagu > 0 && nilai > pagu {
        f.add("nilai_per_penerima", "Nilai per penerima melebihi pagu.");
    }
    let mulai = parse_date(f, "mulai", &input.mulai);
    let selesai = parse_date(f, "selesai", &input.selesai);
    if let (Some(a), Some(b)) = (mulai, selesai)
        && b < a
    {
        f.add("selesai", "Tanggal selesai sebelum tanggal mulai.");
    }
    let kuota = match input.kuota.trim().replace('.', "").parse::<i32>() {
        Ok(k) if k > 0 => k,
        _ => {
            f.add("kuota", "Isi kuota penerima (angka lebih dari nol).");
            0
        }
    };
    if pagu > 0 && nilai > 0 && kuota > 0 && nilai.saturating_mul(i64::from(kuota)) > pagu {
        f.add("kuota", format!("Kuota × nilai per penerima (Rp {}) melebihi pagu.", crate::html::ribuan(nilai.saturating_mul(i64::from(kuota)))));
    }
    let agency_root = actor.scope.root().unwrap_or_default();
    let target = if input.target_region.trim().is_empty() { agency_root.clone() } else { input.target_region.trim().to_string() };
    match KodeWilayah::parse(&target) {
        Ok(k) if actor.scope.contains(&k) && regions::get(db, &k.dotted()).await?.is_some() => {}
        _ if target.is_empty() => {}
        _ => f.add("target_region", "Wilayah sasaran harus kode wilayah di dalam wilayah kerja anda."),
    }
    for d in &input.dokumen_wajib {
        if !DOC_KINDS.iter().any(|k| k.0 == d) {
            f.add("dokumen_wajib", "Jenis dokumen tidak dikenal.");
        }
    }
    let mut items = Vec::new();
    for it in &input.barang {
        if it.nama.trim().is_empty() || it.satuan.trim().is_empty() || it.jumlah <= 0 {
            f.add("barang", "Setiap barang perlu nama, satuan, dan jumlah lebih dari nol.");
        } else {
            items.push(Item { nama: it.nama.trim().into(), satuan: it.satuan.trim().into(), jumlah: it.jumlah });
        }
    }
    if input.jenis == "barang" && items.is_empty() {
        f.add("barang", "Bantuan barang perlu daftar barang (nama, satuan, jumlah per penerima).");
    }
    let rules = if input.aturan.is_null() {
        rules::empty()
    } else {
        match rules::parse(&input.aturan.to_string()) {
            Ok(r) => r,
            Err(e) => {
                f.add("aturan", e);
                rules::empty()
            }
        }
    };
    if !f.is_empty() {
        return Ok(None);
    }
    let now = berdaya_store::now();
    Ok(Some(Program {
        id: Uuid::nil(),
        region: agency_root,
        nama,
        jenis: input.jenis.clone(),
        sumber_dana: input.sumber_dana.clone(),
        tahun,
        pagu,
        nilai_per_penerima: nilai,
        mulai,
        selesai,
        target_region: target,
        kuota,
        dokumen_wajib: input.dokumen_wajib.join(","),
        barang: serde_json::to_string(&items).map_err(anyhow::Error::from)?,
        aturan: rules.to_json(),
        created_by: actor.user_id,
        created_at: now,
        updated_at: now,
        version: 1,
    }))
}

pub async fn create_program(db: &Db, actor: &Actor, input: &ProgramInput) -> Result<Program, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    let parsed = parse_program(db, actor, input, &mut f).await?;
    f.into_result()?;
    let Some(mut p) = parsed else { return Err(ServiceError::Invalid(FieldErrors::default())) };
    p.id = berdaya_store::new_id();
    let mut tx = db.begin().await?;
    aid::insert(&mut tx, &p).await?;
    let mut e = actor.audit("create", "aid_program", p.id, &p.region);
    e.after = Some(serde_json::to_value(&p).map_err(anyhow::Error::from)?);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(p)
}

pub async fn update_program(db: &Db, actor: &Actor, id: Uuid, input: &ProgramInput) -> Result<Program, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    let parsed = parse_program(db, actor, input, &mut f).await?;
    f.into_result()?;
    let Some(mut p) = parsed else { return Err(ServiceError::Invalid(FieldErrors::default())) };
    let mut tx = db.begin().await?;
    let before = aid::get_tx(&mut tx, &actor.scope, id).await?;
    p.id = id;
    p.region = before.region.clone();
    p.created_at = before.created_at;
    p.created_by = before.created_by;
    p.version = before.version + 1;
    match aid::update(&mut tx, &before, &p).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            tx.rollback().await?;
            return Err(ServiceError::Conflict("Program ini baru saja diubah orang lain. Muat ulang lalu ulangi.".into()));
        }
        Err(e) => return Err(e.into()),
    }
    let mut e = actor.audit("update", "aid_program", id, &p.region);
    e.before = Some(serde_json::to_value(&before).map_err(anyhow::Error::from)?);
    e.after = Some(serde_json::to_value(&p).map_err(anyhow::Error::from)?);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(p)
}

pub fn items(p: &Program) -> Vec<Item> {
    serde_json::from_str(&p.barang).unwrap_or_default()
}

pub fn rule_set(p: &Program) -> RuleSet {
    rules::parse(&p.aturan).unwrap_or_else(|_| rules::empty())
}

pub fn json<T: Serialize>(v: &T) -> Result<serde_json::Value, ServiceError> {
    serde_json::to_value(v).map_err(|e| ServiceError::Other(e.into()))
}
