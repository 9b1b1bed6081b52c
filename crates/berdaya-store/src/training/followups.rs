//! Satisfaction evaluations and follow-ups (3, 6, 12 months after a batch). A follow-up's
//! figures are written to the registry's `business_snapshots` by the service; this table keeps
//! what was asked and answered.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Db, Result, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Evaluation {
    pub participant_id: Uuid,
    pub batch_id: Uuid,
    pub region: String,
    pub skor_materi: i32,
    pub skor_narasumber: i32,
    pub skor_tempat: i32,
    pub saran: String,
    pub created_at: DateTime<Utc>,
}

/// Insert or replace a participant's evaluation.
pub async fn save_evaluation(tx: &mut Tx, e: &Evaluation) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO training_evaluations (participant_id, batch_id, region, skor_materi, skor_narasumber, skor_tempat, saran, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (participant_id) DO UPDATE SET skor_materi = $4, \
         skor_narasumber = $5, skor_tempat = $6, saran = $7, created_at = $8"
    )
    .bind(e.participant_id)
    .bind(e.batch_id)
    .bind(&e.region)
    .bind(e.skor_materi)
    .bind(e.skor_narasumber)
    .bind(e.skor_tempat)
    .bind(&e.saran)
    .bind(e.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The number of evaluations of a batch and the sums of their scores (materi, narasumber,
/// tempat), so that averages over several batches weigh every response once.
pub async fn evaluation_totals(db: &Db, batch_id: Uuid) -> Result<(i64, [i64; 3])> {
    let r: (i64, Option<i64>, Option<i64>, Option<i64>) = on_db!(db, |p| sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(skor_materi) AS BIGINT), CAST(SUM(skor_narasumber) AS BIGINT), CAST(SUM(skor_tempat) AS BIGINT) \
         FROM training_evaluations WHERE batch_id = $1"
    )
    .bind(batch_id)
    .fetch_one(p)
    .await)?;
    Ok((r.0, [r.1.unwrap_or(0), r.2.unwrap_or(0), r.3.unwrap_or(0)]))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct FollowUp {
    pub id: Uuid,
    pub participant_id: Uuid,
    pub batch_id: Uuid,
    pub region: String,
    /// 3, 6 or 12 months after the batch ended.
    pub bulan: i32,
    pub mulai_usaha: bool,
    pub business_id: Option<Uuid>,
    pub omzet_bulanan: Option<i64>,
    pub tenaga_kerja: Option<i32>,
    /// Milestones reached, as `,nib,pirt,halal,bpom,qris,marketplace,naik_kelas,`.
    pub capaian: String,
    pub catatan: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub const COLS: &str = "id, participant_id, batch_id, region, bulan, mulai_usaha, business_id, omzet_bulanan, tenaga_kerja, \
    capaian, catatan, created_by, created_at";

/// Insert; a second follow-up of the same month for a participant fails with `Conflict`.
pub async fn insert(tx: &mut Tx, f: &FollowUp) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO training_followups (id, participant_id, batch_id, region, bulan, mulai_usaha, business_id, omzet_bulanan, \
         tenaga_kerja, capaian, catatan, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    )
    .bind(f.id)
    .bind(f.participant_id)
    .bind(f.batch_id)
    .bind(&f.region)
    .bind(f.bulan)
    .bind(f.mulai_usaha)
    .bind(f.business_id)
    .bind(f.omzet_bulanan)
    .bind(f.tenaga_kerja)
    .bind(&f.capaian)
    .bind(&f.catatan)
    .bind(f.created_by)
    .bind(f.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Follow-ups recorded for a batch.
pub async fn for_batch(db: &Db, batch_id: Uuid) -> Result<Vec<FollowUp>> {
    let sql = format!("SELECT {COLS} FROM training_followups WHERE batch_id = $1 ORDER BY bulan, created_at");
    Ok(on_db!(db, |p| sqlx::query_as::<_, FollowUp>(sqlx::AssertSqlSafe(sql.as_str())).bind(batch_id).fetch_all(p).await)?)
}
