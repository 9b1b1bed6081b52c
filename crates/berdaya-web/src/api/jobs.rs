use axum::Json;
use axum::extract::State;
use berdaya_store::jobs;
use serde::Serialize;
use uuid::Uuid;

use super::extract::Path;
use crate::auth::ApiCtx;
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct JobOut {
    pub id: Uuid,
    pub kind: String,
    /// queued, running, done or failed.
    pub status: String,
    pub attempts: i32,
    pub progress_done: i64,
    pub progress_total: i64,
    pub result: Option<serde_json::Value>,
    pub last_error: Option<String>,
}

/// A background job's status and progress.
#[utoipa::path(get, path = "/jobs/{id}", tag = "tugas",
    responses((status = 200, body = JobOut), (status = 404, body = ApiErrorBody)))]
pub async fn get_job(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<JobOut>, ApiError> {
    let j = jobs::get(&state.db, &ctx.scope, id).await?;
    let mut result: Option<serde_json::Value> = j.result.as_deref().and_then(|r| serde_json::from_str(r).ok());
    // An import's warned rows quote cells of the sheet (dates, phones, e-mails): only for the
    // job's own user or a role that sees personal data, as on the job page.
    if j.created_by != Some(ctx.user.id)
        && !ctx.role.sees_personal_data()
        && let Some(serde_json::Value::Object(r)) = result.as_mut()
    {
        r.remove("warnings");
    }
    Ok(Json(JobOut {
        id: j.id,
        kind: j.kind,
        status: j.status,
        attempts: j.attempts,
        progress_done: j.progress_done,
        progress_total: j.progress_total,
        result,
        last_error: j.last_error,
    }))
}
