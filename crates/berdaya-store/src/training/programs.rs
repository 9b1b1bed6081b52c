//! Training programs: title, competency, funding source, budget line and ceiling (pagu).

use berdaya_core::Scope;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct Program {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub region: String,
    pub judul: String,
    pub kompetensi: String,
    /// `search_key` of the competency: what "the same competency" means for the 24-month warning.
    pub kompetensi_norm: String,
    /// apbn, dak_nonfisik, apbd_provinsi, apbd_kabkota, lainnya.
    pub sumber_dana: String,
    pub mata_anggaran: String,
    pub pagu: i64,
    pub tahun_anggaran: i32,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

pub const COLS: &str = "id, agency_id, region, judul, kompetensi, kompetensi_norm, sumber_dana, mata_anggaran, pagu, \
    tahun_anggaran, created_by, created_at, updated_at, version";

pub async fn insert(tx: &mut Tx, p: &Program) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO training_programs (id, agency_id, region, judul, kompetensi, kompetensi_norm, sumber_dana, \
         mata_anggaran, pagu, tahun_anggaran, created_by, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    )
    .bind(p.id)
    .bind(p.agency_id)
    .bind(&p.region)
    .bind(&p.judul)
    .bind(&p.kompetensi)
    .bind(&p.kompetensi_norm)
    .bind(&p.sumber_dana)
    .bind(&p.mata_anggaran)
    .bind(p.pagu)
    .bind(p.tahun_anggaran)
    .bind(p.created_by)
    .bind(p.created_at)
    .bind(p.updated_at)
    .bind(p.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Replace the editable fields (optimistic on `before.version`).
pub async fn update(tx: &mut Tx, before: &Program, after: &Program) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE training_programs SET judul = $1, kompetensi = $2, kompetensi_norm = $3, sumber_dana = $4, \
         mata_anggaran = $5, pagu = $6, tahun_anggaran = $7, updated_at = $8, version = version + 1 \
         WHERE id = $9 AND version = $10"
    )
    .bind(&after.judul)
    .bind(&after.kompetensi)
    .bind(&after.kompetensi_norm)
    .bind(&after.sumber_dana)
    .bind(&after.mata_anggaran)
    .bind(after.pagu)
    .bind(after.tahun_anggaran)
    .bind(after.updated_at)
    .bind(before.id)
    .bind(before.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "training_programs_version".into() });
    }
    Ok(())
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Program> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Program, "training_programs", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Program> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Program, "training_programs", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// Programs in scope, newest fiscal year first.
pub async fn list(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<Program>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT {COLS} FROM training_programs WHERE {} ORDER BY tahun_anggaran DESC, judul, id LIMIT $3",
        ScopeSql::cond("region", 1, 2)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Program>(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).bind(limit).fetch_all(p).await)?)
}
