//! Complaints (pengaduan): submitted by the public, handled by the agency of the chosen region,
//! escalated up the agency tree. `region` (the reporter's kab/kota) decides who may read a
//! complaint; `handling_region` (the region of the agency handling it now) decides who may act.

mod events;
mod kinds;
mod routing;

pub use events::{Event, events, insert_event};
pub use kinds::{Category, Status, status_label};
pub use routing::{CoveredRegion, covered_kabkota, hits_since, parent_agency, purge_hits, record_hit, route_agency};

use berdaya_core::Scope;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Complaint {
    pub id: Uuid,
    /// Tracking code given to the reporter (10 characters, no 0/O/1/I).
    pub code: String,
    pub region: String,
    pub agency_id: Uuid,
    pub handling_region: String,
    pub escalation_level: i32,
    pub category: String,
    pub status: String,
    pub reporter_name: String,
    pub reporter_phone: String,
    pub reporter_email: String,
    pub reporter_nik: String,
    pub body: String,
    pub attachment_file_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    pub due_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl Complaint {
    /// Still waiting for the agency or the reporter (not selesai/ditolak).
    pub fn is_open(&self) -> bool {
        Status::parse(&self.status).is_some_and(Status::is_open)
    }

    /// Past its SLA deadline while open.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.is_open() && self.due_at.is_some_and(|d| d < now)
    }
}

const COLS: &str = "id, code, region, agency_id, handling_region, escalation_level, category, status, reporter_name, \
    reporter_phone, reporter_email, reporter_nik, body, attachment_file_id, assigned_to, due_at, first_response_at, \
    closed_at, created_at, updated_at, version";

pub async fn insert(tx: &mut Tx, c: &Complaint) -> Result<()> {
    on_tx!(tx, |x| sqlx::query(
        "INSERT INTO complaints (id, code, region, agency_id, handling_region, escalation_level, category, status, \
         reporter_name, reporter_phone, reporter_email, reporter_nik, body, attachment_file_id, assigned_to, due_at, \
         first_response_at, closed_at, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"
    )
    .bind(c.id)
    .bind(&c.code)
    .bind(&c.region)
    .bind(c.agency_id)
    .bind(&c.handling_region)
    .bind(c.escalation_level)
    .bind(&c.category)
    .bind(&c.status)
    .bind(&c.reporter_name)
    .bind(&c.reporter_phone)
    .bind(&c.reporter_email)
    .bind(&c.reporter_nik)
    .bind(&c.body)
    .bind(c.attachment_file_id)
    .bind(c.assigned_to)
    .bind(c.due_at)
    .bind(c.first_response_at)
    .bind(c.closed_at)
    .bind(c.created_at)
    .bind(c.updated_at)
    .bind(c.version)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A complaint whose region lies in `scope`.
pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Complaint> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Complaint, "complaints", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Complaint> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Complaint, "complaints", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// The complaint with tracking `code`, for the public tracking page (no scope: the code is
/// the reporter's key).
pub async fn by_code(db: &Db, code: &str) -> Result<Option<Complaint>> {
    let sql = format!("SELECT {COLS} FROM complaints WHERE code = $1");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Complaint>(AssertSqlSafe(sql.as_str())).bind(code).fetch_optional(p).await)?)
}

/// Write the changeable fields of `after`, only if nobody changed the row since `before`
/// was read (else `Conflict { constraint: "complaints_version" }`).
pub async fn update(tx: &mut Tx, before: &Complaint, after: &Complaint) -> Result<()> {
    let n = on_tx!(tx, |x| sqlx::query(
        "UPDATE complaints SET agency_id = $1, handling_region = $2, escalation_level = $3, status = $4, assigned_to = $5, \
         due_at = $6, first_response_at = $7, closed_at = $8, updated_at = $9, version = version + 1 \
         WHERE id = $10 AND version = $11"
    )
    .bind(after.agency_id)
    .bind(&after.handling_region)
    .bind(after.escalation_level)
    .bind(&after.status)
    .bind(after.assigned_to)
    .bind(after.due_at)
    .bind(after.first_response_at)
    .bind(after.closed_at)
    .bind(after.updated_at)
    .bind(before.id)
    .bind(before.version)
    .execute(x)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "complaints_version".into() });
    }
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct ComplaintFilter {
    /// One status, or "terbuka" for every open status.
    pub status: Option<String>,
    pub category: Option<String>,
    /// Only open complaints past their deadline at `now`.
    pub overdue: bool,
    /// Only complaints handled by this region's agency (its own queue).
    pub handling_region: Option<String>,
    pub assigned_to: Option<Uuid>,
    /// Keyset paging: ids below this one (ids are time-ordered, newest first).
    pub before_id: Option<Uuid>,
}

/// Complaints whose region lies in `scope`, newest first.
pub async fn list(db: &Db, scope: &Scope, f: &ComplaintFilter, now: DateTime<Utc>, limit: i64) -> Result<Vec<Complaint>> {
    let s = ScopeSql::new(scope);
    let status = f.status.clone().unwrap_or_default();
    let (open_only, one_status) = if status == "terbuka" { (true, String::new()) } else { (false, status) };
    let open = Status::open_sql();
    let sql = format!(
        "SELECT {COLS} FROM complaints WHERE {} AND ($3 = '' OR status = $3) AND ($4 = '' OR category = $4) \
         AND ($5 = 0 OR status IN ({open})) AND ($6 = 0 OR (status IN ({open}) AND due_at < $7)) \
         AND ($8 = '-' OR handling_region = $8) AND ($9 = 0 OR assigned_to = $10) AND id < $11 \
         ORDER BY id DESC LIMIT $12",
        ScopeSql::cond("region", 1, 2)
    );
    let max_id = Uuid::max();
    Ok(on_db!(db, |p| sqlx::query_as::<_, Complaint>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(&one_status)
        .bind(f.category.as_deref().unwrap_or(""))
        .bind(i32::from(open_only))
        .bind(i32::from(f.overdue))
        .bind(now)
        .bind(f.handling_region.as_deref().unwrap_or("-"))
        .bind(i32::from(f.assigned_to.is_some()))
        .bind(f.assigned_to.unwrap_or(Uuid::nil()))
        .bind(f.before_id.unwrap_or(max_id))
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// Counts for the dashboard, inside `scope`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub open: i64,
    pub overdue: i64,
    pub baru: i64,
    pub closed: i64,
}

pub async fn counts(db: &Db, scope: &Scope, now: DateTime<Utc>) -> Result<Counts> {
    let s = ScopeSql::new(scope);
    let open = Status::open_sql();
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN status IN ({open}) THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status IN ({open}) AND due_at < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'baru' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status IN ('selesai', 'ditolak') THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM complaints WHERE {}",
        ScopeSql::cond("region", 1, 2)
    );
    let (open, overdue, baru, closed): (i64, i64, i64, i64) = on_db!(db, |p| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(now)
        .fetch_one(p)
        .await)?;
    Ok(Counts { open, overdue, baru, closed })
}

/// Ids of complaints the agency has let run past their deadline (baru or diproses) and that
/// have an agency above them, oldest deadline first: what the SLA job escalates.
pub async fn overdue_for_escalation(db: &Db, now: DateTime<Utc>, limit: i64) -> Result<Vec<Uuid>> {
    Ok(on_db!(db, |p| sqlx::query_scalar(
        "SELECT id FROM complaints WHERE status IN ('baru', 'diproses') AND due_at < $1 AND handling_region <> '' \
         ORDER BY due_at, id LIMIT $2"
    )
    .bind(now)
    .bind(limit)
    .fetch_all(p)
    .await)?)
}

/// The earliest deadline still ahead among complaints the SLA job may escalate.
pub async fn next_deadline(db: &Db, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
    Ok(on_db!(db, |p| sqlx::query_scalar(
        "SELECT MIN(due_at) FROM complaints WHERE status IN ('baru', 'diproses') AND due_at >= $1 AND handling_region <> ''"
    )
    .bind(now)
    .fetch_one(p)
    .await)?)
}
