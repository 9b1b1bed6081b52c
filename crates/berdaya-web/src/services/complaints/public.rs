//! What the public does without signing in: submit a complaint and track it by its code.
//! Spam is held off without third parties: the form's CSRF cookie, a honeypot field, and
//! per-client limits counted in the database (so every app server shares them).

use berdaya_core::{KodeWilayah, Nik, NoHp, Tingkat};
use berdaya_store::complaints::{self, Category, Complaint, Event, Status};
use berdaya_store::{Db, audit, regions};
use bytes::Bytes;
use chrono::Duration;
use serde::Deserialize;

use super::rules::{self, normalize_code};
use super::sla;
use crate::auth::password::secret_hash;
use crate::error::{FieldErrors, ServiceError};
use crate::services::{Actor, text};
use crate::services::aid::documents::store_clean;
use crate::storage::{FileKind, FileStorage};

/// Complaints one client (IP address) may send per hour.
pub const SUBMITS_PER_HOUR: i64 = 5;
/// Unknown codes one client may try per 15 minutes.
pub const LOOKUP_MISSES_PER_15_MIN: i64 = 20;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ComplaintInput {
    /// Optional: empty means anonymous.
    #[serde(default)]
    pub nama: String,
    /// Mobile number or e-mail, for replies (optional).
    #[serde(default)]
    pub kontak: String,
    /// Optional NIK (16 digits).
    #[serde(default)]
    pub nik: String,
    /// bantuan_lambat, data_salah, pelatihan, pungutan_liar or lainnya.
    #[serde(default)]
    pub kategori: String,
    /// Kab/kota code, e.g. `64.74`.
    #[serde(default)]
    pub wilayah: String,
    /// What happened (20–4000 characters).
    #[serde(default)]
    pub isi: String,
}

/// One public submission as it arrives.
pub struct Submission {
    pub input: ComplaintInput,
    /// (file name, bytes) of an optional image or PDF.
    pub attachment: Option<(String, Bytes)>,
    /// The hidden field people never fill.
    pub honeypot: String,
    pub ip: String,
    pub request_id: String,
}

fn public_actor(ip: &str, request_id: &str) -> Actor {
    Actor { username: "publik".into(), ip: ip.into(), request_id: request_id.into(), ..Actor::cli() }
}

struct Checked {
    name: String,
    phone: String,
    email: String,
    nik: String,
    category: Category,
    region: String,
    body: String,
}

fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
        && s.len() <= 254
}

async fn check(db: &Db, i: &ComplaintInput) -> Result<Checked, ServiceError> {
    let mut e = FieldErrors::default();
    let name = text(&i.nama, 100).unwrap_or_else(|m| {
        e.add("nama", m);
        String::new()
    });
    let contact = i.kontak.trim();
    let (mut phone, mut email) = (String::new(), String::new());
    if contact.contains('@') {
        if valid_email(contact) {
            email = contact.to_lowercase();
        } else {
            e.add("kontak", "Alamat email tidak valid, mis. nama@contoh.id.");
        }
    } else if !contact.is_empty() {
        match NoHp::parse(contact) {
            Ok(p) => phone = p.as_str().to_string(),
            Err(err) => e.add("kontak", format!("Nomor HP tidak valid: {err}.")),
        }
    }
    let nik = match i.nik.trim() {
        "" => String::new(),
        n => match Nik::parse(n) {
            Ok(n) => n.as_str().to_string(),
            Err(err) => {
                e.add("nik", format!("NIK tidak valid: {err}."));
                String::new()
            }
        },
    };
    let category = Category::parse(&i.kategori);
    if category.is_none() {
        e.add("kategori", "Pilih kategori pengaduan.");
    }
    let mut region = String::new();
    match KodeWilayah::parse(i.wilayah.trim()) {
        Ok(k) if k.tingkat() == Tingkat::Kabkota => match regions::get(db, &k.dotted()).await? {
            Some(r) if r.retired_version_id.is_none() => region = r.kode,
            _ => e.add("wilayah", "Kabupaten/kota tidak dikenal; pilih dari daftar."),
        },
        _ => e.add("wilayah", "Pilih kabupaten/kota tempat anda tinggal atau berusaha."),
    }
    let body = text(&i.isi, 4000).unwrap_or_else(|m| {
        e.add("isi", m);
        String::new()
    });
    if !e.has("isi") && body.chars().count() < 20 {
        e.add("isi", "Ceritakan pengaduan anda minimal 20 karakter agar petugas dapat menindaklanjutinya.");
    }
    e.into_result()?;
    Ok(Checked { name, phone, email, nik, category: category.unwrap_or(Category::Lainnya), region, body })
}

/// Refuse a client that went over `max` actions of `kind` within `window`.
async fn limit(db: &Db, ip_hash: &str, kind: &str, window: Duration, max: i64, msg: &str) -> Result<(), ServiceError> {
    let n = complaints::hits_since(db, ip_hash, kind, berdaya_store::now() - window).await?;
    if n >= max { Err(ServiceError::TooMany(msg.into())) } else { Ok(()) }
}

/// Take a complaint from the public: checks, routing to the agency of the region, the
/// attachment, the first event and the audit row in one transaction. Returns the complaint
/// (its `code` is the reporter's tracking code).
pub async fn submit(db: &Db, storage: &FileStorage, s: Submission) -> Result<Complaint, ServiceError> {
    let ip_hash = secret_hash(&s.ip);
    limit(
        db,
        &ip_hash,
        "submit",
        Duration::hours(1),
        SUBMITS_PER_HOUR,
        "Terlalu banyak pengaduan terkirim dari jaringan anda dalam satu jam terakhir. Coba lagi nanti, atau hubungi dinas secara langsung.",
    )
    .await?;
    if !s.honeypot.trim().is_empty() {
        complaints::record_hit(db, &ip_hash, "submit").await?;
        let mut e = FieldErrors::default();
        e.add("form", "Pengaduan tidak dapat diterima karena formulir terisi secara otomatis. Bila anda manusia, muat ulang halaman lalu kirim lagi.");
        return Err(ServiceError::Invalid(e));
    }
    let c = check(db, &s.input).await?;
    let Some(agency) = complaints::route_agency(db, &c.region).await? else {
        let mut e = FieldErrors::default();
        e.add("wilayah", "Belum ada dinas yang melayani wilayah ini di Berdaya.");
        return Err(ServiceError::Invalid(e));
    };
    let mut code = rules::new_code()?;
    while complaints::by_code(db, &code).await?.is_some() {
        code = rules::new_code()?;
    }
    let sla = sla::load(db).await?;
    let now = berdaya_store::now();
    let actor = public_actor(&s.ip, &s.request_id);
    let mut tx = db.begin().await?;
    let attachment = match s.attachment {
        // Type and size checked; images re-encoded without their metadata (a phone photo's
        // GPS position and device), as aid documents are.
        Some((name, data)) => match store_clean(storage, &mut tx, data, &name, &[FileKind::Image, FileKind::Pdf], &c.region, &actor, "lampiran").await {
            Ok(f) => Some(f.id),
            Err(err) => {
                tx.rollback().await?;
                return Err(err);
            }
        },
        None => None,
    };
    let complaint = Complaint {
        id: berdaya_store::new_id(),
        code,
        region: c.region.clone(),
        agency_id: agency.id,
        handling_region: agency.region.clone(),
        escalation_level: 0,
        category: c.category.as_str().into(),
        status: Status::Baru.as_str().into(),
        reporter_name: c.name,
        reporter_phone: c.phone,
        reporter_email: c.email,
        reporter_nik: c.nik,
        body: c.body,
        attachment_file_id: attachment,
        assigned_to: None,
        due_at: sla.due(Status::Baru, now, &c.region),
        first_response_at: None,
        closed_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    complaints::insert(&mut tx, &complaint).await?;
    let mut ev = super::event(&complaint, "submitted", true, "", &agency.name, &actor);
    ev.to_status = complaint.status.clone();
    complaints::insert_event(&mut tx, &ev).await?;
    let mut a = actor.audit("create", "complaint", complaint.id, &complaint.region);
    a.after = Some(serde_json::json!({
        "code": complaint.code, "category": complaint.category, "agency_id": agency.id,
        "anonymous": complaint.reporter_name.is_empty(), "attachment": attachment.is_some(),
    }));
    audit::record(&mut tx, a).await?;
    sla::schedule_check(&mut tx, complaint.due_at).await?;
    tx.commit().await?;
    complaints::record_hit(db, &ip_hash, "submit").await?;
    Ok(complaint)
}

/// What the tracking page shows: no reporter data and no text of the complaint, only where it
/// stands and the public history.
pub struct Tracking {
    pub complaint: Complaint,
    pub events: Vec<Event>,
    pub agency_name: String,
    pub region_name: String,
}

/// Look a complaint up by its code. `Ok(None)` for an unknown code (counted toward the
/// client's limit); a malformed code is an `Invalid` on field `kode`.
pub async fn track(db: &Db, input: &str, ip: &str) -> Result<Option<Tracking>, ServiceError> {
    let code = normalize_code(input).map_err(|m| {
        let mut e = FieldErrors::default();
        e.add("kode", m);
        ServiceError::Invalid(e)
    })?;
    let ip_hash = secret_hash(ip);
    limit(
        db,
        &ip_hash,
        "lookup_miss",
        Duration::minutes(15),
        LOOKUP_MISSES_PER_15_MIN,
        "Terlalu banyak kode yang salah dari jaringan anda. Coba lagi 15 menit lagi.",
    )
    .await?;
    let Some(complaint) = complaints::by_code(db, &code).await? else {
        complaints::record_hit(db, &ip_hash, "lookup_miss").await?;
        return Ok(None);
    };
    let events = complaints::events(db, complaint.id, true).await?;
    let agency_name = berdaya_store::agencies::get_unscoped(db, complaint.agency_id).await?.name;
    let region_name = regions::get(db, &complaint.region).await?.map(|r| r.nama).unwrap_or_else(|| complaint.region.clone());
    Ok(Some(Tracking { complaint, events, agency_name, region_name }))
}
