//! Photos of a business (products, premises): several per business; the bytes live behind
//! the storage interface, `files` holds their metadata.

use berdaya_core::Scope;
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Photo {
    pub id: Uuid,
    pub business_id: Uuid,
    pub region: String,
    pub file_id: Uuid,
    pub keterangan: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

const COLS: &str = "id, business_id, region, file_id, keterangan, created_by, created_at";

pub async fn insert(tx: &mut Tx, p: &Photo) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO business_photos (id, business_id, region, file_id, keterangan, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)"
    )
    .bind(p.id)
    .bind(p.business_id)
    .bind(&p.region)
    .bind(p.file_id)
    .bind(&p.keterangan)
    .bind(p.created_by)
    .bind(p.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A business's photos, oldest first (the business was already checked to be in scope).
pub async fn for_business(db: &Db, business_id: Uuid) -> Result<Vec<Photo>> {
    let sql = format!("SELECT {COLS} FROM business_photos WHERE business_id = $1 ORDER BY created_at, id");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Photo>(sqlx::AssertSqlSafe(sql.as_str())).bind(business_id).fetch_all(p).await)?)
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Photo> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Photo, "business_photos", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Photo> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Photo, "business_photos", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// Remove a photo's row (its stored file stays, as every upload does, for the audit trail).
pub async fn delete(tx: &mut Tx, id: Uuid) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query("DELETE FROM business_photos WHERE id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
