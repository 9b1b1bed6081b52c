//! Participants of a batch: selected (peserta), waitlisted (cadangan, ordered by antrean) or
//! withdrawn (mundur). One person once per batch is a table constraint.

use berdaya_core::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::rules::{self, Placement};
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Participant {
    pub id: Uuid,
    pub batch_id: Uuid,
    pub owner_id: Uuid,
    /// The batch's region (scope).
    pub region: String,
    /// Where the person lives, and its kecamatan (for the quota per kecamatan).
    pub owner_region: String,
    pub kecamatan: String,
    pub status: String,
    pub antrean: Option<i32>,
    pub pre_test: Option<i32>,
    pub post_test: Option<i32>,
    /// Shown to the operator, e.g. the same competency attended in the last 24 months.
    pub peringatan: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const COLS: &str = "id, batch_id, owner_id, region, owner_region, kecamatan, status, antrean, pre_test, post_test, \
    peringatan, created_by, created_at, updated_at";

/// The kecamatan part (`PP.KK.CC`) of a region code.
pub fn kecamatan_of(region: &str) -> String {
    region.split('.').take(3).collect::<Vec<_>>().join(".")
}

/// Insert; the same person twice in a batch fails with `Conflict`.
pub async fn insert(tx: &mut Tx, p: &Participant) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO training_participants (id, batch_id, owner_id, region, owner_region, kecamatan, status, antrean, \
         pre_test, post_test, peringatan, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    )
    .bind(p.id)
    .bind(p.batch_id)
    .bind(p.owner_id)
    .bind(&p.region)
    .bind(&p.owner_region)
    .bind(&p.kecamatan)
    .bind(&p.status)
    .bind(p.antrean)
    .bind(p.pre_test)
    .bind(p.post_test)
    .bind(&p.peringatan)
    .bind(p.created_by)
    .bind(p.created_at)
    .bind(p.updated_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Participant> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Participant, "training_participants", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Participant> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Participant, "training_participants", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// Is this person in the batch already (any status)?
pub async fn exists(tx: &mut Tx, batch_id: Uuid, owner_id: Uuid) -> Result<bool> {
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar("SELECT COUNT(*) FROM training_participants WHERE batch_id = $1 AND owner_id = $2")
        .bind(batch_id)
        .bind(owner_id)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

/// Selected participants in the batch, and of them those in `kecamatan`.
pub async fn selected_counts(tx: &mut Tx, batch_id: Uuid, kecamatan: &str) -> Result<(i64, i64)> {
    let row: (i64, Option<i64>) = on_tx!(tx, |c| sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(CASE WHEN kecamatan = $2 THEN 1 ELSE 0 END) AS BIGINT) FROM training_participants \
         WHERE batch_id = $1 AND status = 'peserta'"
    )
    .bind(batch_id)
    .bind(kecamatan)
    .fetch_one(c)
    .await)?;
    Ok((row.0, row.1.unwrap_or(0)))
}

/// The next waitlist position.
pub async fn next_antrean(tx: &mut Tx, batch_id: Uuid) -> Result<i32> {
    let v: Option<i32> = on_tx!(tx, |c| sqlx::query_scalar("SELECT MAX(antrean) FROM training_participants WHERE batch_id = $1")
        .bind(batch_id)
        .fetch_one(c)
        .await)?;
    Ok(v.unwrap_or(0) + 1)
}

pub async fn set_status(tx: &mut Tx, id: Uuid, status: &str, antrean: Option<i32>) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("UPDATE training_participants SET status = $1, antrean = $2, updated_at = $3 WHERE id = $4")
        .bind(status)
        .bind(antrean)
        .bind(crate::now())
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Promote the first waitlisted participants (by antrean) while the batch has room, skipping
/// those whose kecamatan is at its quota. Returns who was promoted.
pub async fn promote_waitlist(tx: &mut Tx, batch_id: Uuid, quota: i32, quota_per_kecamatan: Option<i32>) -> Result<Vec<Participant>> {
    let sql = format!("SELECT {COLS} FROM training_participants WHERE batch_id = $1 AND status = 'cadangan' ORDER BY antrean, id");
    let waiting = on_tx!(tx, |c| sqlx::query_as::<_, Participant>(AssertSqlSafe(sql.as_str())).bind(batch_id).fetch_all(c).await)?;
    let mut promoted = Vec::new();
    for w in waiting {
        let (total, in_kec) = selected_counts(tx, batch_id, &w.kecamatan).await?;
        if total >= i64::from(quota) {
            break;
        }
        if rules::place(total, quota, in_kec, quota_per_kecamatan) == Placement::Selected {
            set_status(tx, w.id, rules::SELECTED, None).await?;
            promoted.push(w);
        }
    }
    Ok(promoted)
}

pub async fn set_scores(tx: &mut Tx, batch_id: Uuid, id: Uuid, pre: Option<i32>, post: Option<i32>) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("UPDATE training_participants SET pre_test = $1, post_test = $2, updated_at = $3 WHERE id = $4 AND batch_id = $5")
        .bind(pre)
        .bind(post)
        .bind(crate::now())
        .bind(id)
        .bind(batch_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A participant with the owner's details, for lists and reports.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ParticipantRow {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub status: String,
    pub antrean: Option<i32>,
    pub pre_test: Option<i32>,
    pub post_test: Option<i32>,
    pub peringatan: String,
    pub kecamatan: String,
    pub nama: String,
    pub nik: String,
    pub no_hp: String,
    pub jenis_kelamin: String,
    pub tanggal_lahir: Option<NaiveDate>,
    /// Sessions attended.
    pub hadir: i64,
    /// Has at least one business in the registry.
    pub usaha: i64,
}

/// Everyone in a batch: selected first (by name), then the waitlist in order, then withdrawn.
pub async fn list(db: &Db, batch_id: Uuid) -> Result<Vec<ParticipantRow>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, ParticipantRow>(
        "SELECT t.id, t.owner_id, t.status, t.antrean, t.pre_test, t.post_test, t.peringatan, t.kecamatan, o.nama, o.nik, \
         o.no_hp, o.jenis_kelamin, o.tanggal_lahir, \
         (SELECT COUNT(*) FROM training_attendance a WHERE a.participant_id = t.id) AS hadir, \
         (SELECT COUNT(*) FROM businesses b WHERE b.owner_id = t.owner_id) AS usaha \
         FROM training_participants t JOIN owners o ON o.id = t.owner_id WHERE t.batch_id = $1 \
         ORDER BY CASE t.status WHEN 'peserta' THEN 0 WHEN 'cadangan' THEN 1 ELSE 2 END, t.antrean, o.nama_norm, t.id"
    )
    .bind(batch_id)
    .fetch_all(p)
    .await)?)
}

/// Batches of the same competency this person was selected for that ended on or after
/// `since` (other than `batch_id`): "judul — angkatan (tanggal selesai)".
pub async fn same_competency_since(tx: &mut Tx, owner_id: Uuid, kompetensi_norm: &str, since: NaiveDate, batch_id: Uuid) -> Result<Vec<(String, String, NaiveDate)>> {
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, (String, String, NaiveDate)>(
        "SELECT p.judul, b.nama, b.tanggal_selesai FROM training_participants t \
         JOIN training_batches b ON b.id = t.batch_id JOIN training_programs p ON p.id = b.program_id \
         WHERE t.owner_id = $1 AND p.kompetensi_norm = $2 AND b.tanggal_selesai >= $3 AND t.batch_id <> $4 \
         AND t.status = 'peserta' ORDER BY b.tanggal_selesai DESC"
    )
    .bind(owner_id)
    .bind(kompetensi_norm)
    .bind(since)
    .bind(batch_id)
    .fetch_all(c)
    .await)?)
}

/// Ids of the selected participants of a batch (inside a transaction).
pub async fn selected_ids(tx: &mut Tx, batch_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("SELECT id FROM training_participants WHERE batch_id = $1 AND status = 'peserta'")
        .bind(batch_id)
        .fetch_all(c)
        .await)?)
}

/// (id, post-test) of the selected participants of a batch (inside a transaction).
pub async fn selected_post_tests(tx: &mut Tx, batch_id: Uuid) -> Result<Vec<(Uuid, Option<i32>)>> {
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, (Uuid, Option<i32>)>(
        "SELECT id, post_test FROM training_participants WHERE batch_id = $1 AND status = 'peserta'"
    )
    .bind(batch_id)
    .fetch_all(c)
    .await)?)
}
