//! SLA deadlines and the job that escalates complaints left past them.
//!
//! Deadlines are working days per status (settings key `complaints.sla`, defaults 3 / 14 /
//! 10). Each time a deadline is set, a `complaints_sla` job is queued to run just after it
//! (one per minute slot, deduplicated); the job escalates every complaint still "baru" or
//! "diproses" past its deadline to the agency one level up, audited as `auto_escalate`,
//! and queues itself again for the next deadline. So no complaint waits on a timer that
//! was lost: any later run catches everything overdue.

use berdaya_core::{Role, Scope};
use berdaya_store::complaints::{self, Status};
use berdaya_store::jobs::{self, Job, NewJob};
use berdaya_store::{Db, Tx, settings};
use chrono::{DateTime, Duration, Utc};

use super::rules::SlaDays;
use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::worker::JobEnv;

pub const SLA_JOB: &str = "complaints_sla";
const SETTINGS_KEY: &str = "complaints.sla";
/// How many overdue complaints one run escalates at most (it queues itself again).
const BATCH: i64 = 200;

/// The configured working days per status (defaults when unset or unreadable).
pub async fn load(db: &Db) -> Result<SlaDays, ServiceError> {
    Ok(settings::get(db, SETTINGS_KEY).await?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

/// Change the deadlines (national administrators only: they apply to every agency).
pub async fn save(db: &Db, actor: &Actor, days: &SlaDays) -> Result<(), ServiceError> {
    if actor.role != Role::Admin || actor.scope != Scope::National {
        return Err(ServiceError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    for (field, v) in [("baru", days.baru), ("diproses", days.diproses), ("menunggu_pelapor", days.menunggu_pelapor)] {
        if !(1..=90).contains(&v) {
            errors.add(field, "Isi 1 sampai 90 hari kerja.");
        }
    }
    errors.into_result()?;
    let before = load(db).await?;
    let value = serde_json::to_string(days).map_err(anyhow::Error::from)?;
    let mut tx = db.begin().await?;
    settings::set_in(&mut tx, SETTINGS_KEY, &value).await?;
    let mut a = actor.audit("update", "complaint_sla", SETTINGS_KEY, "");
    a.before = serde_json::to_value(before).ok();
    a.after = serde_json::to_value(days).ok();
    berdaya_store::audit::record(&mut tx, a).await?;
    tx.commit().await?;
    Ok(())
}

/// Queue the deadline check to run just after `due` (no-op for `None`).
pub async fn schedule_check(tx: &mut Tx, due: Option<DateTime<Utc>>) -> Result<(), ServiceError> {
    let Some(due) = due else { return Ok(()) };
    let at = due + Duration::minutes(1);
    let job = NewJob {
        kind: SLA_JOB.into(),
        payload: serde_json::json!({}),
        region: String::new(),
        created_by: None,
        max_attempts: 5,
        dedup_key: Some(format!("{SLA_JOB}:{}", at.format("%Y%m%d%H%M"))),
    };
    jobs::enqueue_at(tx, &job, at).await?;
    Ok(())
}

/// The system as the actor of automatic escalations.
pub fn system_actor() -> Actor {
    Actor { username: "sistem (batas waktu layanan)".into(), ..Actor::cli() }
}

/// Escalate every complaint overdue at `now` that has an agency above it. Returns how many
/// were escalated. Safe to run twice: a complaint escalated once has a fresh deadline.
pub async fn escalate_overdue(db: &Db, now: DateTime<Utc>) -> Result<usize, ServiceError> {
    let sla = load(db).await?;
    let actor = system_actor();
    let mut done = 0;
    for id in complaints::overdue_for_escalation(db, now, BATCH).await? {
        let mut tx = db.begin().await?;
        let before = complaints::get_for_update(&mut tx, &Scope::National, id).await?;
        let status = Status::parse(&before.status);
        let still_due = matches!(status, Some(Status::Baru | Status::Diproses)) && before.due_at.is_some_and(|d| d < now);
        if !still_due || complaints::parent_agency(db, &before.handling_region).await?.is_none() {
            tx.rollback().await?;
            continue;
        }
        let reason = "Batas waktu layanan terlewati; dieskalasi otomatis.";
        match super::escalate_in(&mut tx, db, &actor, &before, &sla, reason, "auto_escalate").await {
            Ok(_) => {
                tx.commit().await?;
                done += 1;
            }
            Err(ServiceError::Conflict(_)) => tx.rollback().await?,
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// The job: escalate what is overdue now, forget old rate-limit counters, and queue the next
/// run for the next deadline.
pub async fn run(env: JobEnv, _job: Job) -> anyhow::Result<serde_json::Value> {
    let now = berdaya_store::now();
    let escalated = escalate_overdue(&env.db, now).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    complaints::purge_hits(&env.db, now - Duration::days(1)).await?;
    let next = if escalated as i64 >= BATCH { Some(now) } else { complaints::next_deadline(&env.db, now).await? };
    if let Some(next) = next {
        let mut tx = env.db.begin().await?;
        schedule_check(&mut tx, Some(next)).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        tx.commit().await?;
    }
    Ok(serde_json::json!({ "escalated": escalated }))
}
