//! A jobs table and the queue operations the worker uses.
//!
//! A claim is one `UPDATE … RETURNING` (with `FOR UPDATE SKIP LOCKED` on PostgreSQL), so
//! several workers never take the same job. A job whose worker died is taken again once its
//! lock is older than the stale limit; handlers must be safe to run twice.

use berdaya_core::Scope;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Backend, Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Job {
    pub id: Uuid,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_after: DateTime<Utc>,
    pub locked_at: Option<DateTime<Utc>>,
    pub progress_done: i64,
    pub progress_total: i64,
    pub result: Option<String>,
    pub last_error: Option<String>,
    pub created_by: Option<Uuid>,
    pub region: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

pub const QUEUED: &str = "queued";
pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

const COLS: &str = "id, kind, payload, status, attempts, max_attempts, run_after, locked_at, progress_done, \
                    progress_total, result, last_error, created_by, region, created_at, updated_at, finished_at";

#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: serde_json::Value,
    pub region: String,
    pub created_by: Option<Uuid>,
    pub max_attempts: i32,
    /// When set, a second job with the same key is not queued (returns the first).
    pub dedup_key: Option<String>,
}

/// Queue a job inside the transaction of the change that needs it.
pub async fn enqueue(tx: &mut Tx, j: &NewJob) -> Result<Uuid> {
    let now = crate::now();
    let id = crate::new_id();
    let inserted: Option<Uuid> = on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO jobs (id, kind, payload, status, max_attempts, run_after, created_by, region, dedup_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (dedup_key) DO NOTHING RETURNING id"
    )
    .bind(id)
    .bind(&j.kind)
    .bind(j.payload.to_string())
    .bind(QUEUED)
    .bind(j.max_attempts)
    .bind(now)
    .bind(j.created_by)
    .bind(&j.region)
    .bind(&j.dedup_key)
    .bind(now)
    .bind(now)
    .fetch_optional(c)
    .await)?;
    match inserted {
        Some(id) => Ok(id),
        None => Ok(on_tx!(tx, |c| sqlx::query_scalar("SELECT id FROM jobs WHERE dedup_key = $1")
            .bind(&j.dedup_key)
            .fetch_one(c)
            .await)?),
    }
}

/// Queue a job that must not start before `run_after` (a deadline check, a retry later).
/// With a `dedup_key` already used, nothing is queued and the first job's id is returned.
pub async fn enqueue_at(tx: &mut Tx, j: &NewJob, run_after: DateTime<Utc>) -> Result<Uuid> {
    let now = crate::now();
    let inserted: Option<Uuid> = on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO jobs (id, kind, payload, status, max_attempts, run_after, created_by, region, dedup_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (dedup_key) DO NOTHING RETURNING id"
    )
    .bind(crate::new_id())
    .bind(&j.kind)
    .bind(j.payload.to_string())
    .bind(QUEUED)
    .bind(j.max_attempts)
    .bind(run_after)
    .bind(j.created_by)
    .bind(&j.region)
    .bind(&j.dedup_key)
    .bind(now)
    .bind(now)
    .fetch_optional(c)
    .await)?;
    match inserted {
        Some(id) => Ok(id),
        None => Ok(on_tx!(tx, |c| sqlx::query_scalar("SELECT id FROM jobs WHERE dedup_key = $1")
            .bind(&j.dedup_key)
            .fetch_one(c)
            .await)?),
    }
}

/// Take the next runnable job for `worker`, if any.
pub async fn claim(db: &Db, worker: &str, stale_after: Duration) -> Result<Option<Job>> {
    let now = crate::now();
    let lock = match db.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET status = '{RUNNING}', locked_at = $1, locked_by = $2, attempts = attempts + 1, updated_at = $1 \
         WHERE id = (SELECT id FROM jobs WHERE (status = '{QUEUED}' AND run_after <= $1) \
         OR (status = '{RUNNING}' AND locked_at < $3) ORDER BY run_after, id LIMIT 1{lock}) RETURNING {COLS}"
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Job>(AssertSqlSafe(sql.as_str()))
        .bind(now)
        .bind(worker)
        .bind(now - stale_after)
        .fetch_optional(p)
        .await)?)
}

pub async fn set_progress(db: &Db, id: Uuid, done: i64, total: i64) -> Result<()> {
    on_db!(db, |p| sqlx::query(
        "UPDATE jobs SET progress_done = $1, progress_total = $2, locked_at = $3, updated_at = $3 WHERE id = $4"
    )
    .bind(done)
    .bind(total)
    .bind(crate::now())
    .bind(id)
    .execute(p)
    .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn complete(db: &Db, id: Uuid, result: &serde_json::Value) -> Result<()> {
    let now = crate::now();
    on_db!(db, |p| sqlx::query(
        "UPDATE jobs SET status = $1, result = $2, finished_at = $3, updated_at = $3, locked_at = NULL, \
         progress_done = CASE WHEN progress_total > 0 THEN progress_total ELSE progress_done END WHERE id = $4"
    )
    .bind(DONE)
    .bind(result.to_string())
    .bind(now)
    .bind(id)
    .execute(p)
    .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Record a failure: queue again after `retry_in` while attempts remain, else mark failed.
pub async fn fail(db: &Db, job: &Job, error: &str, retry_in: Duration) -> Result<bool> {
    let now = crate::now();
    let retry = job.attempts < job.max_attempts;
    let status = if retry { QUEUED } else { FAILED };
    on_db!(db, |p| sqlx::query(
        "UPDATE jobs SET status = $1, last_error = $2, run_after = $3, locked_at = NULL, updated_at = $4, \
         finished_at = CASE WHEN $1 = 'failed' THEN $4 ELSE NULL END WHERE id = $5"
    )
    .bind(status)
    .bind(error)
    .bind(now + retry_in)
    .bind(now)
    .bind(job.id)
    .execute(p)
    .await.map(|r| r.rows_affected()))?;
    Ok(retry)
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Job> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Job, "jobs", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn list_recent(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<Job>> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT {COLS} FROM jobs WHERE {} ORDER BY created_at DESC LIMIT $3", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_as::<_, Job>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// A queued or running job of `kind` for exactly `region`, if there is one (so a second click
/// on "start" joins the job already under way instead of queueing another).
pub async fn active_of_kind(tx: &mut Tx, kind: &str, region: &str) -> Result<Option<Uuid>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM jobs WHERE kind = $1 AND region = $2 AND status IN ($3, $4) ORDER BY created_at LIMIT 1"
    )
    .bind(kind)
    .bind(region)
    .bind(QUEUED)
    .bind(RUNNING)
    .fetch_optional(c)
    .await)?)
}
