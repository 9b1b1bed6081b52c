//! Owners applying themselves (pengajuan mandiri), from a phone and without an account: an
//! operator opens a program to the public; a person fills in their data, their business and
//! the documents the program requires, and gets a tracking code that shows where the
//! application stands (and, when it is refused, why).
//!
//! Safeguards: the public may not change registry data. A NIK already registered must come
//! with the same name and birth date as the registry holds (so nobody can put their bank
//! account on another person's application); a new person is registered through the registry
//! service with every NIK check. Everything (owner, application, documents, code, audit rows)
//! is written in one transaction; submissions per network are limited like complaints.

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::aid::applications::{self as apps, Application, Document};
use berdaya_store::aid::{self as programs, Program, self_service as store};
use berdaya_store::{Db, StoreError, audit, businesses, complaints, owners};
use bytes::Bytes;
use chrono::Duration;
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::aid::applications::{check_account, new_row};
use crate::services::aid::rules::doc_label;
use crate::services::aid::{is_cash, json};
use crate::services::complaints::rules::new_code;
use crate::services::registry::input::{BusinessInput, OwnerInput};
use crate::services::registry;
use crate::services::uploads::{image_problem, store_clean};
use crate::storage::{FileKind, FileStorage, sniff};

/// Self-submitted applications one network may send per hour.
pub const SUBMITS_PER_HOUR: i64 = 5;
const HIT_KIND: &str = "aid_submit";

/// Open or close a program to applications from the public (operator, audited).
pub async fn set_open(db: &Db, actor: &Actor, program_id: Uuid, open: bool) -> Result<(), ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let p = programs::get(db, &actor.scope, program_id).await?;
    let mut tx = db.begin().await?;
    store::set_open(&mut tx, p.id, open, actor.user_id, berdaya_store::now()).await?;
    let mut e = actor.audit(if open { "open_self_service" } else { "close_self_service" }, "aid_program", p.id, &p.region);
    e.after = Some(serde_json::json!({ "dibuka": open }));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a program takes applications today: opened, and inside its period.
pub fn accepting(p: &Program, open: bool) -> bool {
    let today = berdaya_store::now().date_naive();
    open && p.mulai.is_none_or(|m| m <= today) && p.selesai.is_none_or(|s| s >= today)
}

/// Programs taking self-submitted applications today.
pub async fn open_programs(db: &Db) -> Result<Vec<Program>, ServiceError> {
    Ok(store::open_programs(db).await?.into_iter().filter(|p| accepting(p, true)).collect())
}

/// A program as the public sees it, when it takes applications.
pub async fn open_program(db: &Db, id: Uuid) -> Result<Program, ServiceError> {
    let p = programs::get(db, &Scope::National, id).await?;
    if !accepting(&p, store::is_open(db, id).await?) {
        return Err(ServiceError::NotFound);
    }
    Ok(p)
}

/// What a person sends.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub owner: OwnerInput,
    pub business: BusinessInput,
    pub bank: String,
    pub no_rekening: String,
    /// (document kind, file name, bytes).
    pub documents: Vec<(String, String, Bytes)>,
    pub honeypot: String,
    pub ip: String,
    pub request_id: String,
}

/// The submitted application and its tracking code.
pub struct Submitted {
    pub application: Application,
    pub code: String,
}

/// The actor the registry and the audit see: the program's agency region, no user.
fn public_actor(p: &Program, ip: &str, request_id: &str) -> Result<Actor, ServiceError> {
    let scope = KodeWilayah::parse(&p.region).ok().and_then(|k| Scope::for_agency(Some(&k)).ok()).unwrap_or(Scope::National);
    Ok(Actor { user_id: None, username: "pengajuan mandiri".into(), role: Role::Operator, scope, request_id: request_id.into(), ip: ip.into() })
}

fn field_of(kind: &str) -> String {
    format!("dok_{kind}")
}

/// Type, size and content of each document, and every required kind present.
fn check_documents(storage: &FileStorage, p: &Program, docs: &[(String, String, Bytes)], f: &mut FieldErrors) {
    for (kind, name, data) in docs {
        match sniff(data, name) {
            Some((FileKind::Image, _)) => {
                if let Some(msg) = image_problem(storage, data, name) {
                    f.add(&field_of(kind), msg);
                }
            }
            Some((FileKind::Pdf, _)) if data.len() <= storage.max_bytes() => {}
            Some((FileKind::Pdf, _)) => f.add(&field_of(kind), format!("Berkas terlalu besar; batasnya {} MB.", storage.max_bytes() / (1024 * 1024))),
            _ => f.add(&field_of(kind), "Unggah foto (JPEG, PNG, WebP) atau PDF."),
        }
    }
    for kind in p.dokumen_wajib.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        if !docs.iter().any(|(k, ..)| k == kind) {
            f.add(&field_of(kind), format!("{} wajib diunggah.", doc_label(kind)));
        }
    }
}

/// The registered owner of the NIK, when the name and birth date match the registry.
async fn matching_owner(db: &Db, actor: &Actor, input: &OwnerInput, f: &mut FieldErrors) -> Result<Option<owners::Owner>, ServiceError> {
    let nik: String = input.nik.chars().filter(char::is_ascii_digit).collect();
    let Some(id) = owners::owner_for_nik(db, &nik).await? else { return Ok(None) };
    let o = match owners::get(db, &actor.scope, id).await {
        Ok(o) => o,
        Err(StoreError::NotFound) => {
            f.add("nik", "NIK ini terdaftar di wilayah lain. Ajukan ke dinas di wilayah tempat anda terdaftar, atau hubungi dinas.");
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let today = berdaya_store::now().date_naive();
    let dob = berdaya_core::tanggal::parse_date(&input.tanggal_lahir, today).ok();
    let same_name = berdaya_match::normalize::normalize_name(&input.nama) == berdaya_match::normalize::normalize_name(&o.nama);
    if !same_name || dob != o.tanggal_lahir {
        f.add("nik", "NIK ini sudah terdaftar dengan nama atau tanggal lahir lain. Tulis nama dan tanggal lahir persis seperti di e-KTP, atau hubungi dinas untuk memperbaiki data.");
        return Ok(None);
    }
    Ok(Some(o))
}

/// Take a self-submitted application: checks, then owner (when new), application, documents,
/// tracking code and audit rows in one transaction.
pub async fn submit(db: &Db, storage: &FileStorage, program_id: Uuid, s: Submission) -> Result<Submitted, ServiceError> {
    let ip_hash = crate::auth::password::secret_hash(&s.ip);
    if complaints::hits_since(db, &ip_hash, HIT_KIND, berdaya_store::now() - Duration::hours(1)).await? >= SUBMITS_PER_HOUR {
        return Err(ServiceError::TooMany("Terlalu banyak pengajuan terkirim dari jaringan anda dalam satu jam terakhir. Coba lagi nanti, atau datang ke dinas.".into()));
    }
    if !s.honeypot.trim().is_empty() {
        complaints::record_hit(db, &ip_hash, HIT_KIND).await?;
        let mut f = FieldErrors::default();
        f.add("form", "Pengajuan tidak dapat diterima karena formulir terisi secara otomatis. Bila anda manusia, muat ulang halaman lalu kirim lagi.");
        return Err(ServiceError::Invalid(f));
    }
    let p = open_program(db, program_id).await?;
    let actor = public_actor(&p, &s.ip, &s.request_id)?;
    let mut f = FieldErrors::default();
    check_account(&mut f, &s.bank, &s.no_rekening, is_cash(&p.jenis));
    if is_cash(&p.jenis) && s.no_rekening.trim().is_empty() {
        f.add("no_rekening", "Isi nomor rekening untuk penyaluran bantuan tunai.");
    }
    check_documents(storage, &p, &s.documents, &mut f);
    let existing = matching_owner(db, &actor, &s.owner, &mut f).await?;
    let registered = f.0.contains_key("nik") || existing.is_some();
    // A new person goes through every registry check; the public never sees probable
    // duplicates (they are recorded in the audit row for the operator).
    let new_owner = if registered {
        None
    } else {
        let input = OwnerInput { lanjutkan: true, ..s.owner.clone() };
        let business = Some(&s.business).filter(|b| !b.is_empty());
        match registry::prepare_owner(db, &actor, &input, business).await {
            Ok(n) => Some(n),
            Err(ServiceError::Invalid(more)) => {
                for (k, v) in more.0 {
                    f.0.entry(k).or_insert(v);
                }
                None
            }
            Err(ServiceError::DuplicateNik { .. }) => {
                f.add("nik", "NIK ini baru saja didaftarkan. Kirim ulang formulir.");
                None
            }
            Err(e) => return Err(e),
        }
    };
    f.into_result()?;
    let owner = match (&existing, &new_owner) {
        (Some(o), _) => o.clone(),
        (None, Some(n)) => n.owner.clone(),
        (None, None) => return Err(ServiceError::Invalid(FieldErrors::default())),
    };
    let mut code = new_code()?;
    while store::application_for_code(db, &code).await?.is_some() {
        code = new_code()?;
    }
    let mut tx = db.begin().await?;
    let written: Result<Application, ServiceError> = async {
        if let Some(n) = &new_owner {
            registry::insert_owner(&mut tx, &actor, n).await?;
        }
        let business_id = match &new_owner {
            Some(n) => n.business.as_ref().map(|b| b.id),
            None => businesses::for_owner(db, owner.id).await?.first().map(|b| b.id),
        };
        let row = new_row(p.id, &owner, business_id, &s.bank, &s.no_rekening, "mandiri", &actor);
        match apps::insert(&mut tx, &row).await {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => {
                let mut f = FieldErrors::default();
                f.add("nik", "NIK ini sudah mengajukan di program ini. Lihat perkembangannya dengan kode pelacakan yang anda terima.");
                return Err(ServiceError::Invalid(f));
            }
            Err(e) => return Err(e.into()),
        }
        for (kind, name, data) in &s.documents {
            let stored = store_clean(storage, &mut tx, data.clone(), name, &[FileKind::Image, FileKind::Pdf], &row.region, &actor, &field_of(kind)).await?;
            let doc = Document { id: berdaya_store::new_id(), application_id: row.id, region: row.region.clone(), jenis: kind.clone(), file_id: stored.id, created_by: None, created_at: berdaya_store::now() };
            apps::put_document(&mut tx, &doc).await?;
        }
        store::insert_code(&mut tx, row.id, &code, berdaya_store::now()).await?;
        let mut e = actor.audit("create", "aid_application", row.id, &row.region);
        let mut after = json(&row)?;
        after["dokumen"] = serde_json::json!(s.documents.iter().map(|d| d.0.clone()).collect::<Vec<_>>());
        e.after = Some(after);
        audit::record(&mut tx, e).await?;
        Ok(row)
    }
    .await;
    match written {
        Ok(application) => {
            tx.commit().await?;
            complaints::record_hit(db, &ip_hash, HIT_KIND).await?;
            Ok(Submitted { application, code })
        }
        Err(e) => {
            tx.rollback().await?;
            Err(e)
        }
    }
}

/// Where a self-submitted application stands, for its tracking code: no personal data
/// beyond the masked name.
pub struct Tracking {
    pub program: String,
    /// The application's region (for the local time zone).
    pub region: String,
    pub nama: String,
    pub submitted: chrono::DateTime<chrono::Utc>,
    pub stage: &'static str,
    /// Why, when the application was found not eligible.
    pub reason: String,
}

/// Unknown codes one network may try per 15 minutes.
pub const LOOKUP_MISSES_PER_15_MIN: i64 = 20;
const MISS_KIND: &str = "aid_lookup_miss";

/// The application of a tracking code; unknown codes are counted per network and limited,
/// so codes cannot be guessed.
pub async fn track(db: &Db, code: &str, ip: &str) -> Result<Option<Tracking>, ServiceError> {
    let ip_hash = crate::auth::password::secret_hash(ip);
    if complaints::hits_since(db, &ip_hash, MISS_KIND, berdaya_store::now() - Duration::minutes(15)).await? >= LOOKUP_MISSES_PER_15_MIN {
        return Err(ServiceError::TooMany("Terlalu banyak kode yang salah dari jaringan anda. Coba lagi 15 menit lagi.".into()));
    }
    let code = code.trim().to_uppercase().replace([' ', '-'], "");
    let Some(id) = store::application_for_code(db, &code).await? else {
        complaints::record_hit(db, &ip_hash, MISS_KIND).await?;
        return Ok(None);
    };
    let a = apps::get(db, &Scope::National, id).await?;
    let p = programs::get(db, &Scope::National, a.program_id).await?;
    let stage = match (a.status.as_str(), a.keputusan.as_str()) {
        ("berhasil" | "diserahkan", _) => "Bantuan sudah disalurkan.",
        ("menunggu" | "dikirim" | "disetujui", _) => "Disetujui; menunggu penyaluran.",
        ("gagal", _) => "Penyaluran gagal; dinas akan menghubungi anda.",
        ("diusulkan", _) => "Diusulkan untuk ditetapkan pimpinan.",
        (_, "tidak_layak") => "Tidak memenuhi syarat.",
        (_, "perlu_ditinjau") => "Sedang ditinjau petugas.",
        (_, "layak") if a.survei_status == "terverifikasi" => "Memenuhi syarat dan sudah diverifikasi di lapangan.",
        (_, "layak") => "Memenuhi syarat; menunggu verifikasi lapangan.",
        _ => "Diterima; menunggu pemeriksaan syarat.",
    };
    let reason = if a.keputusan == "tidak_layak" { a.alasan.clone() } else { String::new() };
    Ok(Some(Tracking { program: p.nama, region: a.region.clone(), nama: berdaya_core::mask::mask_name(&a.nama), submitted: a.created_at, stage, reason }))
}
