//! Aid (bantuan): programs here; applications, exclusion lists, batches and recipients in
//! the submodules. Every table carries the region of its record and every read takes a
//! `&Scope`, like the registry.

pub mod applications;
pub mod batches;
pub mod exclusion;
pub mod self_service;

use berdaya_core::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Program {
    pub id: Uuid,
    /// The agency's region (who runs the program).
    pub region: String,
    pub nama: String,
    /// tunai, barang, stimulus_modal, lainnya.
    pub jenis: String,
    pub sumber_dana: String,
    pub tahun: i32,
    pub pagu: i64,
    pub nilai_per_penerima: i64,
    pub mulai: Option<NaiveDate>,
    pub selesai: Option<NaiveDate>,
    /// Region whose residents may apply (the program's region or a part of it).
    pub target_region: String,
    pub kuota: i32,
    /// Comma-separated document kinds (ktp, foto_usaha, surat_pernyataan, …).
    pub dokumen_wajib: String,
    /// JSON list of goods for in-kind aid: `[{"nama","satuan","jumlah"}]`.
    pub barang: String,
    /// The eligibility rules as JSON.
    pub aturan: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

pub(crate) const COLS: &str = "id, region, nama, jenis, sumber_dana, tahun, pagu, nilai_per_penerima, mulai, selesai, target_region, \
    kuota, dokumen_wajib, barang, aturan, created_by, created_at, updated_at, version";

pub async fn insert(tx: &mut Tx, p: &Program) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO aid_programs (id, region, nama, jenis, sumber_dana, tahun, pagu, nilai_per_penerima, mulai, selesai, \
         target_region, kuota, dokumen_wajib, barang, aturan, created_by, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    )
    .bind(p.id)
    .bind(&p.region)
    .bind(&p.nama)
    .bind(&p.jenis)
    .bind(&p.sumber_dana)
    .bind(p.tahun)
    .bind(p.pagu)
    .bind(p.nilai_per_penerima)
    .bind(p.mulai)
    .bind(p.selesai)
    .bind(&p.target_region)
    .bind(p.kuota)
    .bind(&p.dokumen_wajib)
    .bind(&p.barang)
    .bind(&p.aturan)
    .bind(p.created_by)
    .bind(p.created_at)
    .bind(p.updated_at)
    .bind(p.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Replace a program's fields (optimistic on `before.version`).
pub async fn update(tx: &mut Tx, before: &Program, p: &Program) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE aid_programs SET nama = $1, jenis = $2, sumber_dana = $3, tahun = $4, pagu = $5, nilai_per_penerima = $6, \
         mulai = $7, selesai = $8, target_region = $9, kuota = $10, dokumen_wajib = $11, barang = $12, aturan = $13, \
         updated_at = $14, version = version + 1 WHERE id = $15 AND version = $16"
    )
    .bind(&p.nama)
    .bind(&p.jenis)
    .bind(&p.sumber_dana)
    .bind(p.tahun)
    .bind(p.pagu)
    .bind(p.nilai_per_penerima)
    .bind(p.mulai)
    .bind(p.selesai)
    .bind(&p.target_region)
    .bind(p.kuota)
    .bind(&p.dokumen_wajib)
    .bind(&p.barang)
    .bind(&p.aturan)
    .bind(p.updated_at)
    .bind(p.id)
    .bind(before.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "aid_programs_version".into() });
    }
    Ok(())
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Program> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Program, "aid_programs", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_tx(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Program> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Program, "aid_programs", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// Programs in scope, newest year first.
pub async fn list(db: &Db, scope: &Scope) -> Result<Vec<Program>> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT {COLS} FROM aid_programs WHERE {} ORDER BY tahun DESC, nama, id", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_as::<_, Program>(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).fetch_all(p).await)?)
}

/// Money per program. Committed: every recipient's value, including transfers that failed or
/// came back (`gagal`, `dikembalikan`): they wait to be retried, so that money is still owed and
/// not free for new recipients (there is no cancelling a recipient; if one is added, its status
/// leaves the sum here). Realised: paid or handed over. `menunggu_ulang`: the part of committed
/// waiting for a retry.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct BudgetRow {
    pub program_id: Uuid,
    pub committed: i64,
    pub realised: i64,
    pub recipients: i64,
    pub menunggu_ulang: i64,
}

pub async fn budget(db: &Db, scope: &Scope) -> Result<Vec<BudgetRow>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT program_id, \
           CAST(COALESCE(SUM(nilai), 0) AS BIGINT) AS committed, \
           CAST(COALESCE(SUM(CASE WHEN status IN ('berhasil', 'diserahkan') THEN nilai ELSE 0 END), 0) AS BIGINT) AS realised, \
           COUNT(*) AS recipients, \
           CAST(COALESCE(SUM(CASE WHEN status IN ('gagal', 'dikembalikan') THEN nilai ELSE 0 END), 0) AS BIGINT) AS menunggu_ulang \
         FROM aid_recipients WHERE {} GROUP BY program_id",
        ScopeSql::cond("region", 1, 2)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, BudgetRow>(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).fetch_all(p).await)?)
}
