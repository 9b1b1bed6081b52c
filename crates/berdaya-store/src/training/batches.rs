//! Batches (angkatan) of a program, their sessions and the real costs booked against them.

use berdaya_core::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct Batch {
    pub id: Uuid,
    pub program_id: Uuid,
    pub region: String,
    pub nama: String,
    pub tempat: String,
    pub kuota: i32,
    /// At most this many selected participants per kecamatan (None: no limit).
    pub kuota_kecamatan: Option<i32>,
    /// Region subtree participants must live in ('' = the whole scope).
    pub kriteria_wilayah: String,
    /// KBLI category letter a participant's business must have ('' = any).
    pub kriteria_sektor: String,
    /// mikro/kecil/menengah ('' = any).
    pub kriteria_skala: String,
    /// '' any, 'usaha' existing business owners, 'calon' calon wirausaha (no business yet).
    pub kriteria_jenis: String,
    /// Minimum attendance in percent of sessions to complete.
    pub min_kehadiran: i32,
    /// Minimum post-test score to complete (None: not required).
    pub min_post_test: Option<i32>,
    pub tanggal_mulai: NaiveDate,
    pub tanggal_selesai: NaiveDate,
    pub penandatangan_nama: String,
    pub penandatangan_jabatan: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

pub const COLS: &str = "id, program_id, region, nama, tempat, kuota, kuota_kecamatan, kriteria_wilayah, kriteria_sektor, \
    kriteria_skala, kriteria_jenis, min_kehadiran, min_post_test, tanggal_mulai, tanggal_selesai, penandatangan_nama, \
    penandatangan_jabatan, created_by, created_at, updated_at, version";

pub async fn insert(tx: &mut Tx, b: &Batch) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO training_batches (id, program_id, region, nama, tempat, kuota, kuota_kecamatan, kriteria_wilayah, \
         kriteria_sektor, kriteria_skala, kriteria_jenis, min_kehadiran, min_post_test, tanggal_mulai, tanggal_selesai, \
         penandatangan_nama, penandatangan_jabatan, created_by, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"
    )
    .bind(b.id)
    .bind(b.program_id)
    .bind(&b.region)
    .bind(&b.nama)
    .bind(&b.tempat)
    .bind(b.kuota)
    .bind(b.kuota_kecamatan)
    .bind(&b.kriteria_wilayah)
    .bind(&b.kriteria_sektor)
    .bind(&b.kriteria_skala)
    .bind(&b.kriteria_jenis)
    .bind(b.min_kehadiran)
    .bind(b.min_post_test)
    .bind(b.tanggal_mulai)
    .bind(b.tanggal_selesai)
    .bind(&b.penandatangan_nama)
    .bind(&b.penandatangan_jabatan)
    .bind(b.created_by)
    .bind(b.created_at)
    .bind(b.updated_at)
    .bind(b.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update(tx: &mut Tx, before: &Batch, after: &Batch) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE training_batches SET nama = $1, tempat = $2, kuota = $3, kuota_kecamatan = $4, kriteria_wilayah = $5, \
         kriteria_sektor = $6, kriteria_skala = $7, kriteria_jenis = $8, min_kehadiran = $9, min_post_test = $10, \
         tanggal_mulai = $11, tanggal_selesai = $12, penandatangan_nama = $13, penandatangan_jabatan = $14, \
         updated_at = $15, version = version + 1 WHERE id = $16 AND version = $17"
    )
    .bind(&after.nama)
    .bind(&after.tempat)
    .bind(after.kuota)
    .bind(after.kuota_kecamatan)
    .bind(&after.kriteria_wilayah)
    .bind(&after.kriteria_sektor)
    .bind(&after.kriteria_skala)
    .bind(&after.kriteria_jenis)
    .bind(after.min_kehadiran)
    .bind(after.min_post_test)
    .bind(after.tanggal_mulai)
    .bind(after.tanggal_selesai)
    .bind(&after.penandatangan_nama)
    .bind(&after.penandatangan_jabatan)
    .bind(after.updated_at)
    .bind(before.id)
    .bind(before.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "training_batches_version".into() });
    }
    Ok(())
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Batch> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Batch, "training_batches", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// The batch row, locked for the rest of the transaction on PostgreSQL (SQLite's
/// `BEGIN IMMEDIATE` already serialises writers): selection decisions read counts after it.
pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Batch> {
    let s = ScopeSql::new(scope);
    let lock = if tx.backend() == crate::Backend::Postgres { " FOR UPDATE" } else { "" };
    let sql = format!("SELECT {COLS} FROM training_batches WHERE id = $1 AND {}{lock}", ScopeSql::cond("region", 2, 3));
    on_tx!(tx, |c| sqlx::query_as::<_, Batch>(AssertSqlSafe(sql.as_str())).bind(id).bind(&s.root).bind(&s.pattern).fetch_optional(c).await)?
        .ok_or(StoreError::NotFound)
}

/// A batch in a list, with its program and counts.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct BatchRow {
    pub id: Uuid,
    pub program_id: Uuid,
    pub judul: String,
    pub nama: String,
    pub tempat: String,
    pub kuota: i32,
    pub tanggal_mulai: NaiveDate,
    pub tanggal_selesai: NaiveDate,
    pub tahun_anggaran: i32,
    pub sumber_dana: String,
    pub peserta: i64,
}

/// Batches in scope (optionally of one program), newest first.
pub async fn list(db: &Db, scope: &Scope, program: Option<Uuid>, limit: i64) -> Result<Vec<BatchRow>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT b.id, b.program_id, p.judul, b.nama, b.tempat, b.kuota, b.tanggal_mulai, b.tanggal_selesai, p.tahun_anggaran, \
         p.sumber_dana, (SELECT COUNT(*) FROM training_participants t WHERE t.batch_id = b.id AND t.status = 'peserta') AS peserta \
         FROM training_batches b JOIN training_programs p ON p.id = b.program_id \
         WHERE {} AND ($3 IS NULL OR b.program_id = $3) ORDER BY b.tanggal_mulai DESC, b.id LIMIT $4",
        ScopeSql::cond("b.region", 1, 2)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, BatchRow>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(program)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Session {
    pub id: Uuid,
    pub batch_id: Uuid,
    pub region: String,
    pub tanggal: NaiveDate,
    /// "08:00"
    pub jam_mulai: String,
    pub jam_selesai: String,
    pub topik: String,
    pub narasumber: String,
}

const SESSION_COLS: &str = "id, batch_id, region, tanggal, jam_mulai, jam_selesai, topik, narasumber";

pub async fn insert_session(tx: &mut Tx, s: &Session) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO training_sessions (id, batch_id, region, tanggal, jam_mulai, jam_selesai, topik, narasumber) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(s.id)
    .bind(s.batch_id)
    .bind(&s.region)
    .bind(s.tanggal)
    .bind(&s.jam_mulai)
    .bind(&s.jam_selesai)
    .bind(&s.topik)
    .bind(&s.narasumber)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update_session(tx: &mut Tx, s: &Session) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE training_sessions SET tanggal = $1, jam_mulai = $2, jam_selesai = $3, topik = $4, narasumber = $5 \
         WHERE id = $6 AND batch_id = $7"
    )
    .bind(s.tanggal)
    .bind(&s.jam_mulai)
    .bind(&s.jam_selesai)
    .bind(&s.topik)
    .bind(&s.narasumber)
    .bind(s.id)
    .bind(s.batch_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Remove a session and the attendance recorded for it.
pub async fn delete_session(tx: &mut Tx, batch_id: Uuid, id: Uuid) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("DELETE FROM training_attendance WHERE session_id = $1 AND batch_id = $2")
        .bind(id)
        .bind(batch_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let n = on_tx!(tx, |c| sqlx::query("DELETE FROM training_sessions WHERE id = $1 AND batch_id = $2")
        .bind(id)
        .bind(batch_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Sessions of a batch in time order (the batch was checked against the scope by the caller).
pub async fn sessions(db: &Db, batch_id: Uuid) -> Result<Vec<Session>> {
    let sql = format!("SELECT {SESSION_COLS} FROM training_sessions WHERE batch_id = $1 ORDER BY tanggal, jam_mulai, id");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Session>(AssertSqlSafe(sql.as_str())).bind(batch_id).fetch_all(p).await)?)
}

pub async fn sessions_tx(tx: &mut Tx, batch_id: Uuid) -> Result<Vec<Session>> {
    let sql = format!("SELECT {SESSION_COLS} FROM training_sessions WHERE batch_id = $1 ORDER BY tanggal, jam_mulai, id");
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, Session>(AssertSqlSafe(sql.as_str())).bind(batch_id).fetch_all(c).await)?)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Cost {
    pub id: Uuid,
    pub batch_id: Uuid,
    pub region: String,
    pub tanggal: NaiveDate,
    pub uraian: String,
    pub jumlah: i64,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_cost(tx: &mut Tx, k: &Cost) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO training_costs (id, batch_id, region, tanggal, uraian, jumlah, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(k.id)
    .bind(k.batch_id)
    .bind(&k.region)
    .bind(k.tanggal)
    .bind(&k.uraian)
    .bind(k.jumlah)
    .bind(k.created_by)
    .bind(k.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn costs(db: &Db, batch_id: Uuid) -> Result<Vec<Cost>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, Cost>(
        "SELECT id, batch_id, region, tanggal, uraian, jumlah, created_by, created_at FROM training_costs \
         WHERE batch_id = $1 ORDER BY tanggal, created_at, id"
    )
    .bind(batch_id)
    .fetch_all(p)
    .await)?)
}

/// Real cost booked on every batch of a program (its budget realisation).
pub async fn program_spent(db: &Db, program_id: Uuid) -> Result<i64> {
    let v: Option<i64> = on_db!(db, |p| sqlx::query_scalar(
        "SELECT CAST(SUM(k.jumlah) AS BIGINT) FROM training_costs k JOIN training_batches b ON b.id = k.batch_id WHERE b.program_id = $1"
    )
    .bind(program_id)
    .fetch_one(p)
    .await)?;
    Ok(v.unwrap_or(0))
}

/// Batches in scope created by `user` (the operator's own, for the follow-up queue).
pub async fn created_by(db: &Db, scope: &Scope, user: Uuid) -> Result<Vec<Batch>> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT {COLS} FROM training_batches WHERE created_by = $1 AND {} ORDER BY tanggal_selesai", ScopeSql::cond("region", 2, 3));
    Ok(on_db!(db, |p| sqlx::query_as::<_, Batch>(AssertSqlSafe(sql.as_str())).bind(user).bind(&s.root).bind(&s.pattern).fetch_all(p).await)?)
}
