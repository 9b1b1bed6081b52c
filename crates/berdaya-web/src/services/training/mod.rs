//! Training (pelatihan): programs, batches with sessions and costs, participants and
//! selection, attendance, certificates, follow-ups. One service function per action, each
//! one transaction with its audit row.

pub mod attendance;
pub mod attendance_import;
pub mod bundle;
pub mod certificates;
pub mod followups;
pub mod import;
pub mod input;
pub mod outcomes;
pub mod participants;
pub mod report;
pub mod sheet;

use berdaya_core::teks::search_key;
use berdaya_store::training::batches::{self, Batch, Cost, Session};
use berdaya_store::training::programs::{self, Program};
use berdaya_store::audit::{self, AuditEntry};
use berdaya_store::{Db, StoreError, Tx};
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use input::{BatchFields, BatchInput, CostInput, ProgramFields, ProgramInput, SessionInput, parse_batch, parse_cost, parse_program, parse_session};

pub(crate) fn today() -> NaiveDate {
    berdaya_store::now().date_naive()
}

pub(crate) fn json<T: Serialize>(v: &T) -> Result<serde_json::Value, ServiceError> {
    serde_json::to_value(v).map_err(|e| ServiceError::Other(e.into()))
}

fn stale() -> ServiceError {
    ServiceError::Conflict("Data ini baru saja diubah orang lain. Muat ulang lalu ulangi.".into())
}

fn require_writer(actor: &Actor) -> Result<(), ServiceError> {
    if actor.role.can_write_records() { Ok(()) } else { Err(ServiceError::Forbidden) }
}

/// Write the audit row of a change inside the caller's transaction.
pub(crate) async fn audit_change(tx: &mut Tx, mut e: AuditEntry, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> Result<(), ServiceError> {
    e.before = before;
    e.after = after;
    audit::record(tx, e).await?;
    Ok(())
}

/// Commit when the work inside the transaction succeeded, roll back otherwise.
pub(crate) async fn settle<T>(tx: Tx, res: Result<T, ServiceError>) -> Result<T, ServiceError> {
    match res {
        Ok(v) => {
            tx.commit().await?;
            Ok(v)
        }
        Err(e) => {
            tx.rollback().await?;
            Err(e)
        }
    }
}

/// Finish a version-checked update: a lost race is "stale"; otherwise the audit row with
/// before and after, then commit.
async fn finish_update<T: Serialize>(mut tx: Tx, updated: Result<(), StoreError>, e: AuditEntry, before: &T, after: &T) -> Result<(), ServiceError> {
    if let Err(err) = updated {
        tx.rollback().await?;
        return Err(if err.is_conflict() { stale() } else { err.into() });
    }
    audit_change(&mut tx, e, Some(json(before)?), Some(json(after)?)).await?;
    tx.commit().await?;
    Ok(())
}

/// A batch and its program, both inside the actor's scope.
pub async fn batch_with_program(db: &Db, actor: &Actor, id: Uuid) -> Result<(Batch, Program), ServiceError> {
    let b = batches::get(db, &actor.scope, id).await?;
    let p = programs::get(db, &actor.scope, b.program_id).await?;
    Ok((b, p))
}

/// A new program of the actor's agency.
pub async fn create_program(db: &Db, actor: &Actor, agency_id: Uuid, agency_region: &str, input: &ProgramInput) -> Result<Program, ServiceError> {
    require_writer(actor)?;
    let mut f = FieldErrors::default();
    let v = parse_program(input, today(), &mut f);
    f.into_result()?;
    let now = berdaya_store::now();
    let base = Program { id: berdaya_store::new_id(), agency_id, region: agency_region.to_string(), created_by: actor.user_id, created_at: now, updated_at: now, version: 1, ..Default::default() };
    let p = program_with(v, base);
    let mut tx = db.begin().await?;
    programs::insert(&mut tx, &p).await?;
    audit_change(&mut tx, actor.audit("create", "training_program", p.id, &p.region), None, Some(json(&p)?)).await?;
    tx.commit().await?;
    Ok(p)
}

/// The program with the form's fields.
fn program_with(v: ProgramFields, p: Program) -> Program {
    Program {
        kompetensi_norm: search_key(&v.kompetensi),
        judul: v.judul,
        kompetensi: v.kompetensi,
        sumber_dana: v.sumber_dana,
        mata_anggaran: v.mata_anggaran,
        pagu: v.pagu,
        tahun_anggaran: v.tahun_anggaran,
        ..p
    }
}

pub async fn update_program(db: &Db, actor: &Actor, id: Uuid, input: &ProgramInput) -> Result<Program, ServiceError> {
    require_writer(actor)?;
    let mut f = FieldErrors::default();
    let v = parse_program(input, today(), &mut f);
    f.into_result()?;
    let mut tx = db.begin().await?;
    let before = programs::get_for_update(&mut tx, &actor.scope, id).await?;
    let after = program_with(v, Program { updated_at: berdaya_store::now(), version: before.version + 1, ..before.clone() });
    let updated = programs::update(&mut tx, &before, &after).await;
    finish_update(tx, updated, actor.audit("update", "training_program", id, &after.region), &before, &after).await?;
    Ok(after)
}

/// The target region must be inside the actor's scope.
fn check_target_region(actor: &Actor, f: &mut FieldErrors, code: &str) {
    if let Ok(k) = berdaya_core::KodeWilayah::parse(code)
        && !actor.scope.contains(&k)
    {
        f.add("kriteria_wilayah", "Wilayah sasaran di luar wilayah kerja anda.");
    }
}

/// A new batch of a program; one session per day is created with the given hours.
pub async fn create_batch(db: &Db, actor: &Actor, program_id: Uuid, input: &BatchInput) -> Result<Batch, ServiceError> {
    require_writer(actor)?;
    let program = programs::get(db, &actor.scope, program_id).await?;
    let mut f = FieldErrors::default();
    let v = parse_batch(input, today(), &mut f);
    check_target_region(actor, &mut f, &v.kriteria_wilayah);
    f.into_result()?;
    let now = berdaya_store::now();
    let (jam_mulai, jam_selesai) = (v.jam_mulai.clone(), v.jam_selesai.clone());
    let b = with_fields(
        v,
        Batch { id: berdaya_store::new_id(), program_id, region: program.region.clone(), created_by: actor.user_id, created_at: now, updated_at: now, version: 1, ..Default::default() },
    );
    let mut tx = db.begin().await?;
    batches::insert(&mut tx, &b).await?;
    let mut day = b.tanggal_mulai;
    while day <= b.tanggal_selesai {
        let s = Session {
            id: berdaya_store::new_id(),
            batch_id: b.id,
            region: b.region.clone(),
            tanggal: day,
            jam_mulai: jam_mulai.clone(),
            jam_selesai: jam_selesai.clone(),
            topik: String::new(),
            narasumber: String::new(),
        };
        batches::insert_session(&mut tx, &s).await?;
        day = day.succ_opt().ok_or_else(|| ServiceError::Other(anyhow::anyhow!("date overflow")))?;
    }
    audit_change(&mut tx, actor.audit("create", "training_batch", b.id, &b.region), None, Some(json(&b)?)).await?;
    tx.commit().await?;
    Ok(b)
}

/// The batch with the form's fields.
fn with_fields(v: BatchFields, b: Batch) -> Batch {
    Batch {
        nama: v.nama,
        tempat: v.tempat,
        kuota: v.kuota,
        kuota_kecamatan: v.kuota_kecamatan,
        kriteria_wilayah: v.kriteria_wilayah,
        kriteria_sektor: v.kriteria_sektor,
        kriteria_skala: v.kriteria_skala,
        kriteria_jenis: v.kriteria_jenis,
        min_kehadiran: v.min_kehadiran,
        min_post_test: v.min_post_test,
        tanggal_mulai: v.tanggal_mulai,
        tanggal_selesai: v.tanggal_selesai,
        penandatangan_nama: v.penandatangan_nama,
        penandatangan_jabatan: v.penandatangan_jabatan,
        ..b
    }
}

/// Change a batch (sessions are edited separately).
pub async fn update_batch(db: &Db, actor: &Actor, id: Uuid, input: &BatchInput) -> Result<Batch, ServiceError> {
    require_writer(actor)?;
    let mut f = FieldErrors::default();
    let v = parse_batch(input, today(), &mut f);
    check_target_region(actor, &mut f, &v.kriteria_wilayah);
    f.into_result()?;
    let mut tx = db.begin().await?;
    let before = batches::get_for_update(&mut tx, &actor.scope, id).await?;
    let after = with_fields(v, Batch { updated_at: berdaya_store::now(), version: before.version + 1, ..before.clone() });
    let updated = batches::update(&mut tx, &before, &after).await;
    finish_update(tx, updated, actor.audit("update", "training_batch", id, &after.region), &before, &after).await?;
    Ok(after)
}

/// Add a session, or change one when `session_id` is given.
pub async fn save_session(db: &Db, actor: &Actor, batch_id: Uuid, session_id: Option<Uuid>, input: &SessionInput) -> Result<Session, ServiceError> {
    require_writer(actor)?;
    let mut f = FieldErrors::default();
    let v = parse_session(input, today(), &mut f);
    f.into_result()?;
    let mut tx = db.begin().await?;
    let b = batches::get_for_update(&mut tx, &actor.scope, batch_id).await?;
    let s = Session {
        id: session_id.unwrap_or_else(berdaya_store::new_id),
        batch_id,
        region: b.region.clone(),
        tanggal: v.tanggal,
        jam_mulai: v.jam_mulai,
        jam_selesai: v.jam_selesai,
        topik: v.topik,
        narasumber: v.narasumber,
    };
    let action = if session_id.is_some() {
        batches::update_session(&mut tx, &s).await?;
        "update"
    } else {
        batches::insert_session(&mut tx, &s).await?;
        "create"
    };
    audit_change(&mut tx, actor.audit(action, "training_session", s.id, &b.region), None, Some(json(&s)?)).await?;
    tx.commit().await?;
    Ok(s)
}

pub async fn delete_session(db: &Db, actor: &Actor, batch_id: Uuid, session_id: Uuid) -> Result<(), ServiceError> {
    require_writer(actor)?;
    let mut tx = db.begin().await?;
    let b = batches::get_for_update(&mut tx, &actor.scope, batch_id).await?;
    match batches::delete_session(&mut tx, batch_id, session_id).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(ServiceError::NotFound),
        Err(e) => return Err(e.into()),
    }
    audit::record(&mut tx, actor.audit("delete", "training_session", session_id, &b.region)).await?;
    tx.commit().await?;
    Ok(())
}

/// Book a real cost against the batch (and so against its program's budget).
pub async fn add_cost(db: &Db, actor: &Actor, batch_id: Uuid, input: &CostInput) -> Result<Cost, ServiceError> {
    require_writer(actor)?;
    let mut f = FieldErrors::default();
    let (tanggal, uraian, jumlah) = parse_cost(input, today(), &mut f);
    f.into_result()?;
    let mut tx = db.begin().await?;
    let b = batches::get_for_update(&mut tx, &actor.scope, batch_id).await?;
    let k = Cost {
        id: berdaya_store::new_id(),
        batch_id,
        region: b.region.clone(),
        tanggal,
        uraian,
        jumlah,
        created_by: actor.user_id,
        created_at: berdaya_store::now(),
    };
    batches::insert_cost(&mut tx, &k).await?;
    audit_change(&mut tx, actor.audit("create", "training_cost", k.id, &b.region), None, Some(json(&k)?)).await?;
    tx.commit().await?;
    Ok(k)
}

/// "27–29 Juli 2020".
pub fn date_range(a: NaiveDate, b: NaiveDate) -> String {
    use chrono::Datelike;
    use berdaya_core::tanggal::fmt_panjang;
    if a == b {
        fmt_panjang(a)
    } else if a.year() == b.year() && a.month() == b.month() {
        format!("{}–{}", a.day(), fmt_panjang(b))
    } else {
        format!("{} – {}", fmt_panjang(a), fmt_panjang(b))
    }
}
