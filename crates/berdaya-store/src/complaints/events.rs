//! The history of a complaint. Public events (submission, status changes, public replies,
//! escalations) are shown to the reporter; internal notes and assignments never are.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Db, Result, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Event {
    pub id: Uuid,
    pub complaint_id: Uuid,
    pub region: String,
    pub at: DateTime<Utc>,
    /// submitted, status, reply, note, assign, escalate, reopen
    pub kind: String,
    pub public: bool,
    pub from_status: String,
    pub to_status: String,
    pub body: String,
    /// The agency that acted (shown publicly instead of the staff member's name).
    pub agency_name: String,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
}

pub async fn insert_event(tx: &mut Tx, e: &Event) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO complaint_events (id, complaint_id, region, at, kind, public, from_status, to_status, body, \
         agency_name, actor_id, actor_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    )
    .bind(e.id)
    .bind(e.complaint_id)
    .bind(&e.region)
    .bind(e.at)
    .bind(&e.kind)
    .bind(e.public)
    .bind(&e.from_status)
    .bind(&e.to_status)
    .bind(&e.body)
    .bind(&e.agency_name)
    .bind(e.actor_id)
    .bind(&e.actor_name)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The events of a complaint in order; only the public ones when `public_only`. The caller
/// has already checked that the complaint itself may be read.
pub async fn events(db: &Db, complaint_id: Uuid, public_only: bool) -> Result<Vec<Event>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, Event>(
        "SELECT id, complaint_id, region, at, kind, public, from_status, to_status, body, agency_name, actor_id, actor_name \
         FROM complaint_events WHERE complaint_id = $1 AND (public = $2 OR $3 = 0) ORDER BY at, id"
    )
    .bind(complaint_id)
    .bind(true)
    .bind(i32::from(public_only))
    .fetch_all(p)
    .await)?)
}
