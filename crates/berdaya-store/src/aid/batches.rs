//! Batches (usulan penerima) under maker-checker, and recipients (penerima) with the state of
//! their transfer or handover. `aid_recipients` is unique on (program_id, nik): the same NIK
//! is never paid twice in a program, whatever runs concurrently.

use berdaya_core::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Batch {
    pub id: Uuid,
    pub program_id: Uuid,
    pub region: String,
    pub nomor: i32,
    /// diusulkan, disetujui, dikembalikan.
    pub status: String,
    pub jumlah: i32,
    pub total: i64,
    pub diusulkan_oleh: Uuid,
    pub diusulkan_at: DateTime<Utc>,
    pub diputuskan_oleh: Option<Uuid>,
    pub diputuskan_at: Option<DateTime<Utc>>,
    pub catatan: String,
    pub sk_nomor: String,
    pub sk_tanggal: Option<NaiveDate>,
}

const COLS: &str = "id, program_id, region, nomor, status, jumlah, total, diusulkan_oleh, diusulkan_at, diputuskan_oleh, \
    diputuskan_at, catatan, sk_nomor, sk_tanggal";

pub async fn next_number(tx: &mut Tx, program_id: Uuid) -> Result<i32> {
    let n: Option<i32> = on_tx!(tx, |c| sqlx::query_scalar("SELECT MAX(nomor) FROM aid_batches WHERE program_id = $1")
        .bind(program_id)
        .fetch_one(c)
        .await)?;
    Ok(n.unwrap_or(0) + 1)
}

pub async fn insert(tx: &mut Tx, b: &Batch) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO aid_batches (id, program_id, region, nomor, status, jumlah, total, diusulkan_oleh, diusulkan_at, catatan) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    )
    .bind(b.id)
    .bind(b.program_id)
    .bind(&b.region)
    .bind(b.nomor)
    .bind(&b.status)
    .bind(b.jumlah)
    .bind(b.total)
    .bind(b.diusulkan_oleh)
    .bind(b.diusulkan_at)
    .bind(&b.catatan)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Batch> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Batch, "aid_batches", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_tx(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Batch> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Batch, "aid_batches", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn for_program(db: &Db, scope: &Scope, program_id: Uuid) -> Result<Vec<Batch>> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT {COLS} FROM aid_batches WHERE program_id = $1 AND {} ORDER BY nomor", ScopeSql::cond("region", 2, 3));
    Ok(on_db!(db, |p| sqlx::query_as::<_, Batch>(AssertSqlSafe(sql.as_str())).bind(program_id).bind(&s.root).bind(&s.pattern).fetch_all(p).await)?)
}

/// Decide a proposed batch. Only a batch still `diusulkan` changes (a second, concurrent
/// decision finds nothing and gets `Conflict`).
pub async fn decide(tx: &mut Tx, id: Uuid, approve: bool, by: Uuid, note: &str, sk_nomor: &str, sk_tanggal: Option<NaiveDate>) -> Result<()> {
    let status = if approve { "disetujui" } else { "dikembalikan" };
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE aid_batches SET status = $1, diputuskan_oleh = $2, diputuskan_at = $3, catatan = $4, sk_nomor = $5, sk_tanggal = $6 \
         WHERE id = $7 AND status = 'diusulkan'"
    )
    .bind(status)
    .bind(by)
    .bind(crate::now())
    .bind(note)
    .bind(sk_nomor)
    .bind(sk_tanggal)
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "aid_batches_status".into() });
    }
    Ok(())
}

/// Batches of a program proposed and not yet decided: (count of applications, total value).
pub async fn pending(db: &Db, program_id: Uuid) -> Result<(i64, i64)> {
    let row: (i64, i64) = on_db!(db, |p| sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(jumlah), 0) AS BIGINT), CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM aid_batches \
         WHERE program_id = $1 AND status = 'diusulkan'"
    )
    .bind(program_id)
    .fetch_one(p)
    .await)?;
    Ok(row)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Recipient {
    pub id: Uuid,
    pub program_id: Uuid,
    pub region: String,
    pub application_id: Uuid,
    pub batch_id: Uuid,
    pub nik: String,
    pub nama: String,
    pub bank: String,
    pub no_rekening: String,
    pub nilai: i64,
    /// menunggu, dikirim, berhasil, gagal, dikembalikan, diserahkan.
    pub status: String,
    pub referensi: String,
    pub percobaan: i32,
    pub catatan: String,
    pub foto_serah_id: Option<Uuid>,
    pub diserahkan_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const RCOLS: &str = "id, program_id, region, application_id, batch_id, nik, nama, bank, no_rekening, nilai, status, referensi, \
    percobaan, catatan, foto_serah_id, diserahkan_at, created_at, updated_at";

/// Insert a recipient; the same NIK twice in a program is `Conflict` (aid_recipients_program_nik).
pub async fn insert_recipient(tx: &mut Tx, r: &Recipient) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO aid_recipients (id, program_id, region, application_id, batch_id, nik, nama, bank, no_rekening, nilai, \
         status, referensi, percobaan, catatan, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, '', $13, $13)"
    )
    .bind(r.id)
    .bind(r.program_id)
    .bind(&r.region)
    .bind(r.application_id)
    .bind(r.batch_id)
    .bind(&r.nik)
    .bind(&r.nama)
    .bind(&r.bank)
    .bind(&r.no_rekening)
    .bind(r.nilai)
    .bind(&r.status)
    .bind(&r.referensi)
    .bind(r.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn recipients(db: &Db, scope: &Scope, program_id: Uuid, batch_id: Option<Uuid>) -> Result<Vec<Recipient>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT {RCOLS} FROM aid_recipients WHERE program_id = $1 AND {} AND ($4 IS NULL OR batch_id = $4) ORDER BY nama, id",
        ScopeSql::cond("region", 2, 3)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Recipient>(AssertSqlSafe(sql.as_str()))
        .bind(program_id)
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(batch_id)
        .fetch_all(p)
        .await)?)
}

pub async fn recipient_tx(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Recipient> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Recipient, "aid_recipients", RCOLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// Recipient by its transfer reference within a program.
pub async fn recipient_by_ref(tx: &mut Tx, program_id: Uuid, referensi: &str) -> Result<Option<Recipient>> {
    let sql = format!("SELECT {RCOLS} FROM aid_recipients WHERE program_id = $1 AND referensi = $2");
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, Recipient>(AssertSqlSafe(sql.as_str())).bind(program_id).bind(referensi).fetch_optional(c).await)?)
}

/// Move a recipient from one of `from` states to `to` (returns whether it moved).
pub async fn set_status(tx: &mut Tx, id: Uuid, from: &[&str], to: &str, note: &str, bump_attempt: bool) -> Result<bool> {
    let list = from.iter().map(|s| format!("'{}'", s.replace('\'', ""))).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "UPDATE aid_recipients SET status = $1, catatan = $2, updated_at = $3, percobaan = percobaan + $4 WHERE id = $5 AND status IN ({list})"
    );
    let n = on_tx!(tx, |c| sqlx::query(AssertSqlSafe(sql.as_str()))
        .bind(to)
        .bind(note)
        .bind(crate::now())
        .bind(i32::from(bump_attempt))
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// In-kind goods handed over, with the photo taken at the handover.
pub async fn mark_handed_over(tx: &mut Tx, id: Uuid, photo: Uuid) -> Result<bool> {
    let now = crate::now();
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE aid_recipients SET status = 'diserahkan', foto_serah_id = $1, diserahkan_at = $2, updated_at = $2 \
         WHERE id = $3 AND status = 'menunggu'"
    )
    .bind(photo)
    .bind(now)
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn set_totals(tx: &mut Tx, id: Uuid, jumlah: i32, total: i64) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("UPDATE aid_batches SET jumlah = $1, total = $2 WHERE id = $3")
        .bind(jumlah)
        .bind(total)
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
