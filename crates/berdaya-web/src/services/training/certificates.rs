//! Certificates: issued to those who completed a batch, numbered per agency and year,
//! verifiable by a random code on the public page, revocable with a reason. Bulk issuing runs
//! as a job with progress.

use berdaya_store::agencies;
use berdaya_store::jobs::{self, Job, NewJob};
use berdaya_store::training::batches::{self, Batch};
use berdaya_store::training::certificates::{self, Certificate};
use berdaya_store::training::participants::{self, ParticipantRow};
use berdaya_store::training::programs::Program;
use berdaya_store::Db;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{attendance, json, require_writer};
use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::worker::JobEnv;
use super::audit_change;

pub const CERT_JOB: &str = "training.certificates";

/// Letters and digits that cannot be mistaken for each other when typed from paper.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A random verification code: 16 symbols of 32 = 80 bits, unguessable.
pub fn new_code() -> Result<String, ServiceError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| ServiceError::Other(anyhow::anyhow!("no system randomness: {e}")))?;
    Ok(b.iter().map(|x| ALPHABET[(x & 31) as usize] as char).collect())
}

/// The printed number: `0007/SERT-PLT/DKUKMP-BTG/2020` (`DINAS` when no code is known).
pub fn format_number(n: i32, agency_code: &str, year: i32) -> String {
    let code = if agency_code.trim().is_empty() { "DINAS".to_string() } else { agency_code.trim().to_uppercase().replace([' ', '/'], "-") };
    format!("{n:04}/SERT-PLT/{code}/{year}")
}

/// Issue the certificate of one participant who completed (numbered in the same transaction).
/// Returns None when it exists already.
pub async fn issue_one(db: &Db, actor: &Actor, agency_id: Uuid, agency_code: &str, b: &Batch, p: &Program, row: &ParticipantRow) -> Result<Option<Certificate>, ServiceError> {
    let mut tx = db.begin().await?;
    if certificates::for_participant(&mut tx, row.id).await?.is_some() {
        tx.rollback().await?;
        return Ok(None);
    }
    let year = b.tanggal_selesai.year();
    let n = certificates::next_number(&mut tx, agency_id, year).await?;
    let c = Certificate {
        id: berdaya_store::new_id(),
        participant_id: row.id,
        batch_id: b.id,
        agency_id,
        region: b.region.clone(),
        tahun: year,
        nomor_urut: n,
        nomor: format_number(n, agency_code, year),
        kode: new_code()?,
        nama: row.nama.clone(),
        judul: p.judul.clone(),
        tanggal: b.tanggal_selesai,
        dicabut_at: None,
        alasan_cabut: String::new(),
        created_at: berdaya_store::now(),
    };
    if let Err(e) = certificates::insert(&mut tx, &c).await {
        tx.rollback().await?;
        // Another issuer won the race for this participant.
        return if e.is_conflict() { Ok(None) } else { Err(e.into()) };
    }
    audit_change(&mut tx, actor.audit("issue", "training_certificate", c.id, &c.region), None, Some(serde_json::json!({"nomor": c.nomor, "participant_id": c.participant_id}))).await?;
    tx.commit().await?;
    Ok(Some(c))
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct IssueSummary {
    pub completed: usize,
    pub issued: usize,
    pub existing: usize,
}

/// Issue certificates to everyone who completed the batch and has none yet.
pub async fn issue_for_batch(db: &Db, actor: &Actor, batch_id: Uuid, mut progress: impl FnMut(usize, usize)) -> Result<IssueSummary, ServiceError> {
    require_writer(actor)?;
    let (b, p) = super::batch_with_program(db, actor, batch_id).await?;
    let agency = agencies::get_unscoped(db, p.agency_id).await?;
    let sessions = batches::sessions(db, batch_id).await?.len();
    let done: Vec<ParticipantRow> = participants::list(db, batch_id).await?.into_iter().filter(|r| attendance::completed(&b, sessions, r)).collect();
    // Without a short name the agency's region code tells agencies' numbers apart.
    let code = if agency.short_name.trim().is_empty() { agency.region.replace('.', "") } else { agency.short_name.clone() };
    let mut s = IssueSummary { completed: done.len(), ..Default::default() };
    for (i, row) in done.iter().enumerate() {
        match issue_one(db, actor, agency.id, &code, &b, &p, row).await? {
            Some(_) => s.issued += 1,
            None => s.existing += 1,
        }
        progress(i + 1, done.len());
    }
    Ok(s)
}

/// What the public page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Valid { nama: String, judul: String, tanggal: NaiveDate },
    Revoked { nama: String, judul: String, tanggal: NaiveDate },
    Unknown,
}

pub async fn verify(db: &Db, code: &str) -> Result<Verification, ServiceError> {
    let code = code.trim().to_uppercase();
    if code.len() != 16 || !code.bytes().all(|c| ALPHABET.contains(&c)) {
        return Ok(Verification::Unknown);
    }
    Ok(match certificates::by_code(db, &code).await? {
        None => Verification::Unknown,
        Some(c) if c.dicabut_at.is_some() => Verification::Revoked { nama: c.nama, judul: c.judul, tanggal: c.tanggal },
        Some(c) => Verification::Valid { nama: c.nama, judul: c.judul, tanggal: c.tanggal },
    })
}

/// Revoke a certificate with a reason (audited); the public page then says "dicabut".
pub async fn revoke(db: &Db, actor: &Actor, id: Uuid, reason: &str) -> Result<Certificate, ServiceError> {
    require_writer(actor)?;
    let reason = reason.trim();
    if reason.chars().count() < 5 || reason.chars().count() > 300 {
        let mut f = FieldErrors::default();
        f.add("alasan", "Tulis alasan pencabutan (5–300 karakter).");
        return Err(ServiceError::Invalid(f));
    }
    let mut tx = db.begin().await?;
    let before = certificates::get_for_update(&mut tx, &actor.scope, id).await?;
    if let Err(e) = certificates::revoke(&mut tx, id, reason).await {
        tx.rollback().await?;
        return Err(if e.is_conflict() { ServiceError::Conflict("Sertifikat ini sudah dicabut.".into()) } else { e.into() });
    }
    audit_change(&mut tx, actor.audit("revoke", "training_certificate", id, &before.region), Some(json(&before)?), Some(serde_json::json!({"alasan_cabut": reason}))).await?;
    tx.commit().await?;
    Ok(before)
}

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    batch_id: Uuid,
    /// Scheme and host the QR codes point to (`https://berdaya.example.go.id`).
    #[serde(default)]
    base_url: String,
    user_id: Uuid,
    request_id: String,
    ip: String,
}

/// Where QR codes point to: the configured `public_url`, else the scheme and host of the
/// request that queued the job (https when `secure_cookies`).
pub fn base_url(config: &crate::config::Config, headers: &axum::http::HeaderMap) -> String {
    if let Ok(Some(u)) = config.public_base_url() {
        return u;
    }
    let secure = config.secure_cookies;
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(*c)).collect();
    format!("{}://{host}", if secure { "https" } else { "http" })
}

/// Queue bulk issuing for a batch (one pending job per batch).
pub async fn queue(db: &Db, actor: &Actor, batch_id: Uuid, base_url: &str) -> Result<Uuid, ServiceError> {
    require_writer(actor)?;
    let user_id = actor.user_id.ok_or(ServiceError::Forbidden)?;
    let mut tx = db.begin().await?;
    let b = batches::get_for_update(&mut tx, &actor.scope, batch_id).await?;
    let payload = Payload { batch_id, base_url: base_url.to_string(), user_id, request_id: actor.request_id.clone(), ip: actor.ip.clone() };
    let id = jobs::enqueue(
        &mut tx,
        &NewJob {
            kind: CERT_JOB.into(),
            payload: serde_json::to_value(&payload).map_err(anyhow::Error::from)?,
            region: b.region.clone(),
            created_by: Some(user_id),
            max_attempts: 3,
            dedup_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The job: issue what is missing (idempotent), then the ZIP of the batch's PDFs.
pub async fn run(env: JobEnv, job: Job) -> anyhow::Result<serde_json::Value> {
    let p: Payload = serde_json::from_str(&job.payload)?;
    let import_like = crate::services::import::job::ImportPayload {
        file_id: Uuid::nil(),
        user_id: p.user_id,
        mapping: String::new(),
        request_id: p.request_id.clone(),
        ip: p.ip.clone(),
    };
    let actor = crate::services::import::job::actor_for(&env.db, &import_like).await?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, usize)>();
    let db2 = env.db.clone();
    let id = job.id;
    let reporter = tokio::spawn(async move {
        while let Some((done, total)) = rx.recv().await {
            let _ = jobs::set_progress(&db2, id, done as i64, total as i64).await;
        }
    });
    let summary = issue_for_batch(&env.db, &actor, p.batch_id, |d, t| {
        let _ = tx.send((d, t));
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    drop(tx);
    let _ = reporter.await;
    let mut result = serde_json::json!({"completed": summary.completed, "issued": summary.issued, "existing": summary.existing});
    if let Some((file_id, name)) = super::bundle::zip_for_batch(&env, &actor, job.id, p.batch_id, &p.base_url).await? {
        result["download_file_id"] = serde_json::json!(file_id);
        result["file"] = serde_json::json!(name);
    }
    Ok(result)
}
