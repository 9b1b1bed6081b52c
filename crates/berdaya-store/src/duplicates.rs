//! The duplicate review queue: owner pairs the record-linkage engine found, the operator's
//! decision on each (merged, or "bukan duplikat" — never proposed again), and merges with
//! their history.

use berdaya_core::Scope;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

mod merge;

pub use merge::{Moved, OWNER_REFERENCES, move_owner};

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

pub const STATUS_NEW: &str = "baru";
pub const STATUS_MERGED: &str = "digabung";
pub const STATUS_NOT_DUPLICATE: &str = "bukan_duplikat";

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Pair {
    pub id: Uuid,
    pub region: String,
    pub owner_a: Uuid,
    pub owner_b: Uuid,
    pub weight: f64,
    pub probability: f64,
    /// JSON of `berdaya_match::Explanation`.
    pub explanation: String,
    pub status: String,
    pub note: String,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub job_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

const COLS: &str = "id, region, owner_a, owner_b, weight, probability, explanation, status, note, decided_by, decided_at, \
    job_id, created_at";

/// Orders the two owners of a pair the way the table stores them (a < b).
pub fn ordered(x: Uuid, y: Uuid) -> (Uuid, Uuid) {
    if x < y { (x, y) } else { (y, x) }
}

/// Add a proposed pair unless the same two owners were proposed before (whatever was decided
/// then: a "bukan duplikat" pair stays decided). Returns whether it was added.
pub async fn propose(tx: &mut Tx, p: &Pair) -> Result<bool> {
    let (a, b) = ordered(p.owner_a, p.owner_b);
    let n = on_tx!(tx, |c| sqlx::query(
        "INSERT INTO duplicate_pairs (id, region, owner_a, owner_b, weight, probability, explanation, status, note, job_id, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10) ON CONFLICT (owner_a, owner_b) DO NOTHING"
    )
    .bind(p.id)
    .bind(&p.region)
    .bind(a)
    .bind(b)
    .bind(p.weight)
    .bind(p.probability)
    .bind(&p.explanation)
    .bind(STATUS_NEW)
    .bind(p.job_id)
    .bind(p.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Every pair ever decided "bukan duplikat" among owners in scope (fed to the engine so it
/// never links them directly).
pub async fn not_duplicates(db: &Db, scope: &Scope) -> Result<Vec<(Uuid, Uuid)>> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT owner_a, owner_b FROM duplicate_pairs WHERE {} AND status = $3", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_as::<_, (Uuid, Uuid)>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(STATUS_NOT_DUPLICATE)
        .fetch_all(p)
        .await)?)
}

/// Open pairs in scope, strongest first.
pub async fn queue(db: &Db, scope: &Scope, status: &str, limit: i64) -> Result<Vec<Pair>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT {COLS} FROM duplicate_pairs WHERE {} AND status = $3 ORDER BY weight DESC, id LIMIT $4",
        ScopeSql::cond("region", 1, 2)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Pair>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(status)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// Number of pairs per status in scope.
pub async fn counts(db: &Db, scope: &Scope) -> Result<Vec<(String, i64)>> {
    let s = ScopeSql::new(scope);
    let sql =
        format!("SELECT status, COUNT(*) FROM duplicate_pairs WHERE {} GROUP BY status ORDER BY status", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).fetch_all(p).await)?)
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Pair> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Pair, "duplicate_pairs", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Pair> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Pair, "duplicate_pairs", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// Record the decision on an open pair; fails with `Conflict` if someone decided it already.
pub async fn decide(tx: &mut Tx, id: Uuid, status: &str, note: &str, by: Option<Uuid>, at: DateTime<Utc>) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE duplicate_pairs SET status = $1, note = $2, decided_by = $3, decided_at = $4 WHERE id = $5 AND status = $6"
    )
    .bind(status)
    .bind(note)
    .bind(by)
    .bind(at)
    .bind(id)
    .bind(STATUS_NEW)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "duplicate_pairs_decided".into() });
    }
    Ok(())
}

/// Open pairs that involve `owner` (after a merge they point at a record that is gone).
pub async fn close_pairs_of(tx: &mut Tx, owner: Uuid, note: &str, at: DateTime<Utc>) -> Result<u64> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "UPDATE duplicate_pairs SET status = $1, note = $2, decided_at = $3 WHERE status = $4 AND (owner_a = $5 OR owner_b = $5)"
    )
    .bind(STATUS_MERGED)
    .bind(note)
    .bind(at)
    .bind(STATUS_NEW)
    .bind(owner)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Merge {
    pub id: Uuid,
    pub region: String,
    pub survivor_id: Uuid,
    pub merged_id: Uuid,
    /// JSON of the merged owner as it was.
    pub merged_record: String,
    /// JSON of what was moved.
    pub moved: String,
    pub pair_id: Option<Uuid>,
    pub merged_by: Option<Uuid>,
    pub merged_at: DateTime<Utc>,
}

pub async fn record_merge(tx: &mut Tx, m: &Merge) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO owner_merges (id, region, survivor_id, merged_id, merged_record, moved, pair_id, merged_by, merged_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    )
    .bind(m.id)
    .bind(&m.region)
    .bind(m.survivor_id)
    .bind(m.merged_id)
    .bind(&m.merged_record)
    .bind(&m.moved)
    .bind(m.pair_id)
    .bind(m.merged_by)
    .bind(m.merged_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Merges into `survivor` (its history), newest first.
pub async fn merges_into(db: &Db, survivor: Uuid) -> Result<Vec<Merge>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, Merge>(
        "SELECT id, region, survivor_id, merged_id, merged_record, moved, pair_id, merged_by, merged_at \
         FROM owner_merges WHERE survivor_id = $1 ORDER BY merged_at DESC"
    )
    .bind(survivor)
    .fetch_all(p)
    .await)?)
}

/// The owner a merged owner now lives on, if it was merged.
pub async fn merged_into(db: &Db, owner: Uuid) -> Result<Option<Uuid>> {
    let v: Option<Option<Uuid>> =
        on_db!(db, |p| sqlx::query_scalar("SELECT merged_into FROM owners WHERE id = $1").bind(owner).fetch_optional(p).await)?;
    Ok(v.flatten())
}

/// Save the match model of the last run over a region (replacing the previous one).
pub async fn save_model(tx: &mut Tx, region: &str, model_json: &str, records: i64, at: DateTime<Utc>) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO match_models (region, model, records, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (region) DO UPDATE SET model = excluded.model, records = excluded.records, created_at = excluded.created_at"
    )
    .bind(region)
    .bind(model_json)
    .bind(records)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The saved model for the most specific region at or above `region` (e.g. the kab/kota's, or
/// the province's when the city never ran one).
pub async fn model_for(db: &Db, region: &str) -> Result<Option<String>> {
    let mut candidates: Vec<String> = Vec::new();
    let parts: Vec<&str> = region.split('.').collect();
    for n in (1..=parts.len()).rev() {
        candidates.push(parts[..n].join("."));
    }
    candidates.push(String::new());
    for r in candidates {
        let m: Option<String> =
            on_db!(db, |p| sqlx::query_scalar("SELECT model FROM match_models WHERE region = $1").bind(&r).fetch_optional(p).await)?;
        if m.is_some() {
            return Ok(m);
        }
    }
    Ok(None)
}
