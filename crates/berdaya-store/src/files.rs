//! Metadata of stored files; the bytes live behind the storage interface in the web crate.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use berdaya_core::Scope;

use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StoredFile {
    pub id: Uuid,
    pub storage_key: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub region: String,
    pub uploaded_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

const COLS: &str = "id, storage_key, original_name, content_type, size_bytes, sha256, region, uploaded_by, created_at";

pub async fn insert(tx: &mut Tx, f: &StoredFile) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO files (id, storage_key, original_name, content_type, size_bytes, sha256, region, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    )
    .bind(f.id)
    .bind(&f.storage_key)
    .bind(&f.original_name)
    .bind(&f.content_type)
    .bind(f.size_bytes)
    .bind(&f.sha256)
    .bind(&f.region)
    .bind(f.uploaded_by)
    .bind(f.created_at)
    .execute(c)
    .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<StoredFile> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, StoredFile, "files", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// Files whose purpose limits who may read them (see migration 0017).
pub const PURPOSE_EKTP: &str = "ektp";

/// Mark what a stored file is for, in the transaction that stored it.
pub async fn set_purpose(tx: &mut Tx, id: Uuid, purpose: &str) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("UPDATE files SET purpose = $1 WHERE id = $2").bind(purpose).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// What a stored file is for ('' for ordinary files).
pub async fn purpose(db: &Db, id: Uuid) -> Result<String> {
    Ok(on_db!(db, |p| sqlx::query_scalar::<_, String>("SELECT purpose FROM files WHERE id = $1").bind(id).fetch_optional(p).await)?.unwrap_or_default())
}
