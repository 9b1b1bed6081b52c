//! Businesses (usaha), their permits and dated snapshots of turnover and workers.

use berdaya_core::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

mod list;
pub use list::{BusinessFilter, BusinessRow, SearchTerm, list};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Business {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub kabkota: String,
    pub region: String,
    pub nama_usaha: String,
    pub nama_norm: String,
    pub owner_nama_norm: String,
    pub nib: String,
    pub kbli: String,
    pub kbli_version: Option<i32>,
    pub sektor: String,
    pub bentuk_usaha: String,
    pub alamat: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub tahun_berdiri: Option<i32>,
    pub modal: Option<i64>,
    pub omzet_tahunan: Option<i64>,
    pub tk_l: Option<i32>,
    pub tk_p: Option<i32>,
    pub produk: String,
    pub skala: String,
    pub skala_dilaporkan: String,
    /// Sales channels as `,offline,marketplace,sosmed,qris,` (each present or not).
    pub kanal: String,
    /// Permits held as `,nib,pirt,halal,bpom,merek,` (derived from `business_permits` and NIB).
    pub izin: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// The columns of `business_snapshots`, in the order the bulk writers give them.
pub const SNAPSHOT_COLS: &str = "id, business_id, region, tanggal, modal, omzet_tahunan, tk_l, tk_p, skala, sumber, created_at";

pub const COLS: &str = "id, owner_id, kabkota, region, nama_usaha, nama_norm, owner_nama_norm, nib, kbli, kbli_version, \
    sektor, bentuk_usaha, alamat, lat, lon, tahun_berdiri, modal, omzet_tahunan, tk_l, tk_p, produk, skala, \
    skala_dilaporkan, kanal, izin, created_by, created_at, updated_at, version";

pub async fn insert(tx: &mut Tx, b: &Business) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO businesses (id, owner_id, kabkota, region, nama_usaha, nama_norm, owner_nama_norm, nib, kbli, \
         kbli_version, sektor, bentuk_usaha, alamat, lat, lon, tahun_berdiri, modal, omzet_tahunan, tk_l, tk_p, produk, \
         skala, skala_dilaporkan, kanal, izin, created_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, \
         $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)"
    )
    .bind(b.id)
    .bind(b.owner_id)
    .bind(&b.kabkota)
    .bind(&b.region)
    .bind(&b.nama_usaha)
    .bind(&b.nama_norm)
    .bind(&b.owner_nama_norm)
    .bind(&b.nib)
    .bind(&b.kbli)
    .bind(b.kbli_version)
    .bind(&b.sektor)
    .bind(&b.bentuk_usaha)
    .bind(&b.alamat)
    .bind(b.lat)
    .bind(b.lon)
    .bind(b.tahun_berdiri)
    .bind(b.modal)
    .bind(b.omzet_tahunan)
    .bind(b.tk_l)
    .bind(b.tk_p)
    .bind(&b.produk)
    .bind(&b.skala)
    .bind(&b.skala_dilaporkan)
    .bind(&b.kanal)
    .bind(&b.izin)
    .bind(b.created_by)
    .bind(b.created_at)
    .bind(b.updated_at)
    .bind(b.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    crate::search_index::index_businesses(tx, std::slice::from_ref(b)).await
}

pub async fn update(tx: &mut Tx, before: &Business, after: &Business) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE businesses SET kabkota = $1, region = $2, nama_usaha = $3, nama_norm = $4, owner_nama_norm = $5, nib = $6, \
         kbli = $7, kbli_version = $8, sektor = $9, bentuk_usaha = $10, alamat = $11, lat = $12, lon = $13, \
         tahun_berdiri = $14, modal = $15, omzet_tahunan = $16, tk_l = $17, tk_p = $18, produk = $19, skala = $20, \
         skala_dilaporkan = $21, kanal = $22, izin = $23, updated_at = $24, version = version + 1 WHERE id = $25 AND version = $26"
    )
    .bind(&after.kabkota)
    .bind(&after.region)
    .bind(&after.nama_usaha)
    .bind(&after.nama_norm)
    .bind(&after.owner_nama_norm)
    .bind(&after.nib)
    .bind(&after.kbli)
    .bind(after.kbli_version)
    .bind(&after.sektor)
    .bind(&after.bentuk_usaha)
    .bind(&after.alamat)
    .bind(after.lat)
    .bind(after.lon)
    .bind(after.tahun_berdiri)
    .bind(after.modal)
    .bind(after.omzet_tahunan)
    .bind(after.tk_l)
    .bind(after.tk_p)
    .bind(&after.produk)
    .bind(&after.skala)
    .bind(&after.skala_dilaporkan)
    .bind(&after.kanal)
    .bind(&after.izin)
    .bind(after.updated_at)
    .bind(after.id)
    .bind(before.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "businesses_version".into() });
    }
    crate::search_index::index_businesses(tx, std::slice::from_ref(after)).await
}

/// Keep the owner's name key on their businesses in step (the list sorts by it).
pub async fn set_owner_name(tx: &mut Tx, owner_id: Uuid, nama_norm: &str) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("UPDATE businesses SET owner_nama_norm = $1 WHERE owner_id = $2")
        .bind(nama_norm)
        .bind(owner_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    crate::search_index::reindex_owner(tx, owner_id).await
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Business> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Business, "businesses", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Business> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Business, "businesses", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// An owner's businesses (the owner was already checked to be in scope).
pub async fn for_owner(db: &Db, owner_id: Uuid) -> Result<Vec<Business>> {
    let sql = format!("SELECT {COLS} FROM businesses WHERE owner_id = $1 ORDER BY created_at");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Business>(AssertSqlSafe(sql.as_str())).bind(owner_id).fetch_all(p).await)?)
}

/// Same business name in the same desa (probable duplicate at entry).
pub async fn same_name_in_region(db: &Db, region: &str, nama_norm: &str, limit: i64) -> Result<Vec<Business>> {
    let sql = format!("SELECT {COLS} FROM businesses WHERE region = $1 AND nama_norm = $2 LIMIT $3");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Business>(AssertSqlSafe(sql.as_str()))
        .bind(region)
        .bind(nama_norm)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

pub async fn count(db: &Db, scope: &Scope) -> Result<i64> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT COUNT(*) FROM businesses WHERE {}", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_scalar(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).fetch_one(p).await)?)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Permit {
    pub id: Uuid,
    pub business_id: Uuid,
    pub region: String,
    pub jenis: String,
    pub nomor: String,
    pub tanggal_terbit: Option<NaiveDate>,
    pub berlaku_sampai: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_permit(tx: &mut Tx, p: &Permit) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO business_permits (id, business_id, region, jenis, nomor, tanggal_terbit, berlaku_sampai, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(p.id)
    .bind(p.business_id)
    .bind(&p.region)
    .bind(&p.jenis)
    .bind(&p.nomor)
    .bind(p.tanggal_terbit)
    .bind(p.berlaku_sampai)
    .bind(p.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The permits of a business, oldest first.
const PERMITS_OF: &str = "SELECT id, business_id, region, jenis, nomor, tanggal_terbit, berlaku_sampai, created_at \
    FROM business_permits WHERE business_id = $1 ORDER BY created_at";

pub async fn permits(db: &Db, business_id: Uuid) -> Result<Vec<Permit>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, Permit>(PERMITS_OF)
    .bind(business_id)
    .fetch_all(p)
    .await)?)
}

/// The permits of a business, inside the caller's transaction (after its row is locked, so
/// none is added meanwhile).
pub async fn permits_tx(tx: &mut Tx, business_id: Uuid) -> Result<Vec<Permit>> {
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, Permit>(PERMITS_OF)
    .bind(business_id)
    .fetch_all(c)
    .await)?)
}

/// One permit (any scope: the caller checks its business against the actor's scope).
pub async fn permit(db: &Db, id: Uuid) -> Result<Permit> {
    on_db!(db, |p| sqlx::query_as::<_, Permit>(
        "SELECT id, business_id, region, jenis, nomor, tanggal_terbit, berlaku_sampai, created_at FROM business_permits WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(p)
    .await)?
    .ok_or(StoreError::NotFound)
}

/// Delete a permit; `NotFound` when it is already gone (removed meanwhile by someone else).
pub async fn delete_permit(tx: &mut Tx, id: Uuid) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query("DELETE FROM business_permits WHERE id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Snapshot {
    pub id: Uuid,
    pub business_id: Uuid,
    pub region: String,
    pub tanggal: NaiveDate,
    pub modal: Option<i64>,
    pub omzet_tahunan: Option<i64>,
    pub tk_l: Option<i32>,
    pub tk_p: Option<i32>,
    pub skala: String,
    /// Where the figures came from: "input", "impor", "tindak_lanjut" (training follow-up) …
    pub sumber: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_snapshot(tx: &mut Tx, s: &Snapshot) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO business_snapshots (id, business_id, region, tanggal, modal, omzet_tahunan, tk_l, tk_p, skala, sumber, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    )
    .bind(s.id)
    .bind(s.business_id)
    .bind(&s.region)
    .bind(s.tanggal)
    .bind(s.modal)
    .bind(s.omzet_tahunan)
    .bind(s.tk_l)
    .bind(s.tk_p)
    .bind(&s.skala)
    .bind(&s.sumber)
    .bind(s.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn snapshots(db: &Db, business_id: Uuid) -> Result<Vec<Snapshot>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, Snapshot>(
        "SELECT id, business_id, region, tanggal, modal, omzet_tahunan, tk_l, tk_p, skala, sumber, created_at \
         FROM business_snapshots WHERE business_id = $1 ORDER BY tanggal, created_at"
    )
    .bind(business_id)
    .fetch_all(p)
    .await)?)
}

/// Inside a transaction: does the owner have a business with this name key (including rows
/// written earlier in the same transaction)?
pub async fn owner_has_business_named(tx: &mut Tx, owner_id: Uuid, nama_norm: &str) -> Result<bool> {
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar("SELECT COUNT(*) FROM businesses WHERE owner_id = $1 AND nama_norm = $2")
        .bind(owner_id)
        .bind(nama_norm)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}
