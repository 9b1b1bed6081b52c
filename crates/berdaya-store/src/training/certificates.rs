//! Certificates: numbered per agency and year without gaps or duplicates (a counter row
//! taken with `UPDATE … RETURNING` in the issuing transaction, which serialises issuers on
//! both databases; the unique (agency, year, number) constraint is the backstop), and found
//! by their random verification code on the public page.

use berdaya_core::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Certificate {
    pub id: Uuid,
    pub participant_id: Uuid,
    pub batch_id: Uuid,
    pub agency_id: Uuid,
    pub region: String,
    pub tahun: i32,
    pub nomor_urut: i32,
    /// The printed number, e.g. `0007/SERT-PLT/DKUKMP-BTG/2020`.
    pub nomor: String,
    /// Verification code in the QR's URL (`/sertifikat/{kode}`).
    pub kode: String,
    pub nama: String,
    pub judul: String,
    pub tanggal: NaiveDate,
    pub dicabut_at: Option<DateTime<Utc>>,
    pub alasan_cabut: String,
    pub created_at: DateTime<Utc>,
}

pub const COLS: &str = "id, participant_id, batch_id, agency_id, region, tahun, nomor_urut, nomor, kode, nama, judul, tanggal, \
    dicabut_at, alasan_cabut, created_at";

/// Take the next number of `agency_id` in `tahun` (1, 2, 3, …) inside `tx`.
pub async fn next_number(tx: &mut Tx, agency_id: Uuid, tahun: i32) -> Result<i32> {
    on_tx!(tx, |c| sqlx::query("INSERT INTO certificate_counters (agency_id, tahun, last_no) VALUES ($1, $2, 0) ON CONFLICT (agency_id, tahun) DO NOTHING")
        .bind(agency_id)
        .bind(tahun)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let n: i32 = on_tx!(tx, |c| sqlx::query_scalar(
        "UPDATE certificate_counters SET last_no = last_no + 1 WHERE agency_id = $1 AND tahun = $2 RETURNING last_no"
    )
    .bind(agency_id)
    .bind(tahun)
    .fetch_one(c)
    .await)?;
    Ok(n)
}

pub async fn insert(tx: &mut Tx, k: &Certificate) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO training_certificates (id, participant_id, batch_id, agency_id, region, tahun, nomor_urut, nomor, kode, \
         nama, judul, tanggal, dicabut_at, alasan_cabut, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    )
    .bind(k.id)
    .bind(k.participant_id)
    .bind(k.batch_id)
    .bind(k.agency_id)
    .bind(&k.region)
    .bind(k.tahun)
    .bind(k.nomor_urut)
    .bind(&k.nomor)
    .bind(&k.kode)
    .bind(&k.nama)
    .bind(&k.judul)
    .bind(k.tanggal)
    .bind(k.dicabut_at)
    .bind(&k.alasan_cabut)
    .bind(k.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The certificate of a participant, if issued (inside a transaction).
pub async fn for_participant(tx: &mut Tx, participant_id: Uuid) -> Result<Option<Certificate>> {
    let sql = format!("SELECT {COLS} FROM training_certificates WHERE participant_id = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, Certificate>(AssertSqlSafe(sql.as_str())).bind(participant_id).fetch_optional(c).await)?)
}

/// Public lookup by verification code (no scope: the page shows only name, training, date).
pub async fn by_code(db: &Db, kode: &str) -> Result<Option<Certificate>> {
    let sql = format!("SELECT {COLS} FROM training_certificates WHERE kode = $1");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Certificate>(AssertSqlSafe(sql.as_str())).bind(kode).fetch_optional(p).await)?)
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Certificate> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Certificate, "training_certificates", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn revoke(tx: &mut Tx, id: Uuid, reason: &str) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query("UPDATE training_certificates SET dicabut_at = $1, alasan_cabut = $2 WHERE id = $3 AND dicabut_at IS NULL")
        .bind(crate::now())
        .bind(reason)
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "training_certificates_revoked".into() });
    }
    Ok(())
}

/// Certificates of a batch in number order (scope-checked).
pub async fn for_batch(db: &Db, scope: &Scope, batch_id: Uuid) -> Result<Vec<Certificate>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT {COLS} FROM training_certificates WHERE batch_id = $1 AND {} ORDER BY tahun, nomor_urut",
        ScopeSql::cond("region", 2, 3)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Certificate>(AssertSqlSafe(sql.as_str())).bind(batch_id).bind(&s.root).bind(&s.pattern).fetch_all(p).await)?)
}

pub async fn for_id(db: &Db, scope: &Scope, id: Uuid) -> Result<Certificate> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Certificate, "training_certificates", COLS, scope, id))?.ok_or(StoreError::NotFound)
}
