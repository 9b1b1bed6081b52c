use axum::Json;
use axum::extract::State;
use berdaya_store::audit::{self, AuditFilter};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::extract::Query;
use crate::auth::ApiCtx;
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditOut {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub region: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    /// JSON text of the record before the change (NIK masked).
    pub before: Option<String>,
    /// JSON text of the record after the change (NIK masked).
    pub after: Option<String>,
    pub request_id: String,
    pub hash: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    entity_type: Option<String>,
    entity_id: Option<String>,
    /// Only rows older than this sequence number (paging).
    before_seq: Option<i64>,
    limit: Option<i64>,
}

/// Audit rows of the caller's scope, newest first (admin and pimpinan).
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = Vec<AuditOut>), (status = 403, body = ApiErrorBody)))]
pub async fn list_audit(State(state): State<AppState>, ctx: ApiCtx, Query(p): Query<AuditParams>) -> Result<Json<Vec<AuditOut>>, ApiError> {
    ctx.require(ctx.role.can_read_audit())?;
    let f = AuditFilter { entity_type: p.entity_type, entity_id: p.entity_id, before_seq: p.before_seq, ..Default::default() };
    let rows = audit::list(&state.db, &ctx.scope, &f, p.limit.unwrap_or(100).clamp(1, 1000)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| AuditOut {
                seq: r.seq,
                at: r.at,
                actor_name: r.actor_name,
                region: r.region,
                action: r.action,
                entity_type: r.entity_type,
                entity_id: r.entity_id,
                before: r.before_data,
                after: r.after_data,
                request_id: r.request_id,
                hash: r.hash,
            })
            .collect(),
    ))
}
