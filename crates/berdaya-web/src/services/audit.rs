//! Audit log use cases: queue a chain verification as a job, and the job itself.

use berdaya_store::jobs::{self, NewJob};
use berdaya_store::{Db, audit};
use uuid::Uuid;

use crate::error::ServiceError;
use crate::services::Actor;

pub const VERIFY_JOB: &str = "audit.verify";

/// Queue a verification of the whole chain (one at a time: a queued one is reused).
pub async fn queue_verify(db: &Db, actor: &Actor) -> Result<Uuid, ServiceError> {
    if !actor.role.can_read_audit() {
        return Err(ServiceError::Forbidden);
    }
    let region = actor.scope.root().unwrap_or_default();
    let mut tx = db.begin().await?;
    let id = jobs::enqueue(
        &mut tx,
        &NewJob {
            kind: VERIFY_JOB.into(),
            payload: serde_json::json!({}),
            region: region.clone(),
            created_by: actor.user_id,
            max_attempts: 3,
            dedup_key: None,
        },
    )
    .await?;
    audit::record(&mut tx, actor.audit("queue", "job", id, &region)).await?;
    tx.commit().await?;
    Ok(id)
}
