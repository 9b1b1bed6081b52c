//! `/api/v1/complaints`: public submission and tracking (no token), and the staff list,
//! detail and actions (token or signed-in browser for reads).

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use berdaya_store::complaints::{self, Complaint, ComplaintFilter, Event};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::extract::{ApiJson, Path, Query};
use crate::auth::ApiCtx;
use crate::auth::session::RequestMeta;
use crate::error::{ApiError, ApiErrorBody};
use crate::services::Actor;
use crate::services::complaints::public::{self as public_svc, ComplaintInput, Submission};
use crate::services::complaints::{self as svc, ReporterView, ResponseInput, StatusInput, display_code};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct SubmittedOut {
    /// The tracking code (10 characters), shown as `ABCDE-FGHJK`.
    pub code: String,
    pub display_code: String,
    /// Where the reporter follows it without signing in.
    pub tracking_url: String,
}

/// Submit a complaint without signing in (no attachment through the API; at most a few per
/// hour from one address).
#[utoipa::path(post, path = "/complaints", tag = "pengaduan", request_body = ComplaintInput, security(()),
    responses((status = 201, body = SubmittedOut), (status = 422, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
pub async fn submit_complaint(
    State(state): State<AppState>,
    Extension(meta): Extension<RequestMeta>,
    ApiJson(input): ApiJson<ComplaintInput>,
) -> Result<(StatusCode, Json<SubmittedOut>), ApiError> {
    let sub = Submission { input, attachment: None, honeypot: String::new(), ip: meta.ip, request_id: meta.request_id };
    let c = public_svc::submit(&state.db, &state.storage, sub).await?;
    Ok((
        StatusCode::CREATED,
        Json(SubmittedOut { tracking_url: format!("/pengaduan/lacak?kode={}", c.code), display_code: display_code(&c.code), code: c.code }),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EventOut {
    pub at: DateTime<Utc>,
    /// submitted, status, reply, escalate, reopen (and note, assign for staff).
    pub kind: String,
    pub title: String,
    pub body: String,
    pub public: bool,
    pub from_status: String,
    pub to_status: String,
}

fn event_out(e: &Event) -> EventOut {
    EventOut {
        at: e.at,
        kind: e.kind.clone(),
        title: svc::event_title(e),
        body: e.body.clone(),
        public: e.public,
        from_status: e.from_status.clone(),
        to_status: e.to_status.clone(),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TrackingOut {
    pub code: String,
    pub status: String,
    pub category: String,
    pub region: String,
    pub region_name: String,
    pub agency: String,
    pub submitted_at: DateTime<Utc>,
    /// Public history only: never internal notes.
    pub events: Vec<EventOut>,
}

/// Track a complaint by its code, without signing in.
#[utoipa::path(get, path = "/complaints/track/{code}", tag = "pengaduan", security(()),
    params(("code" = String, Path, description = "Kode pelacakan, mis. ABCDE-23456")),
    responses((status = 200, body = TrackingOut), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
pub async fn track_complaint(State(state): State<AppState>, Extension(meta): Extension<RequestMeta>, Path(code): Path<String>) -> Result<Json<TrackingOut>, ApiError> {
    let t = public_svc::track(&state.db, &code, &meta.ip)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "Kode pelacakan tidak ditemukan."))?;
    Ok(Json(TrackingOut {
        code: t.complaint.code.clone(),
        status: t.complaint.status.clone(),
        category: t.complaint.category.clone(),
        region: t.complaint.region.clone(),
        region_name: t.region_name,
        agency: t.agency_name,
        submitted_at: t.complaint.created_at,
        events: t.events.iter().map(event_out).collect(),
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplaintOut {
    pub id: Uuid,
    pub code: String,
    pub region: String,
    pub agency_id: Uuid,
    pub handling_region: String,
    pub escalation_level: i32,
    pub category: String,
    pub status: String,
    pub assigned_to: Option<Uuid>,
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub first_response_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub has_attachment: bool,
}

fn out(c: &Complaint) -> ComplaintOut {
    ComplaintOut {
        id: c.id,
        code: c.code.clone(),
        region: c.region.clone(),
        agency_id: c.agency_id,
        handling_region: c.handling_region.clone(),
        escalation_level: c.escalation_level,
        category: c.category.clone(),
        status: c.status.clone(),
        assigned_to: c.assigned_to,
        due_at: c.due_at,
        overdue: c.is_overdue(berdaya_store::now()),
        first_response_at: c.first_response_at,
        closed_at: c.closed_at,
        created_at: c.created_at,
        has_attachment: c.attachment_file_id.is_some(),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// One status, or `terbuka` for every open one.
    status: Option<String>,
    category: Option<String>,
    /// Only open complaints past their deadline.
    overdue: Option<bool>,
    /// `dinas`: handled by the caller's agency; `saya`: assigned to the caller.
    queue: Option<String>,
    /// Keyset paging: complaints older than this id.
    before: Option<Uuid>,
    limit: Option<i64>,
}

/// Complaints whose region lies in the caller's scope, newest first (no reporter data).
#[utoipa::path(get, path = "/complaints", tag = "pengaduan", params(ListParams), responses((status = 200, body = Vec<ComplaintOut>), (status = 401, body = ApiErrorBody)))]
pub async fn list_complaints(State(state): State<AppState>, ctx: ApiCtx, Query(p): Query<ListParams>) -> Result<Json<Vec<ComplaintOut>>, ApiError> {
    let f = ComplaintFilter {
        status: p.status.filter(|s| !s.is_empty()),
        category: p.category.filter(|s| !s.is_empty()),
        overdue: p.overdue.unwrap_or(false),
        handling_region: (p.queue.as_deref() == Some("dinas")).then(|| ctx.agency.region.clone()),
        assigned_to: (p.queue.as_deref() == Some("saya")).then_some(ctx.user.id),
        before_id: p.before,
    };
    let rows = complaints::list(&state.db, &ctx.scope, &f, berdaya_store::now(), p.limit.unwrap_or(50).clamp(1, 500)).await?;
    Ok(Json(rows.iter().map(out).collect()))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplaintDetailOut {
    #[serde(flatten)]
    pub complaint: ComplaintOut,
    pub body: String,
    /// Masked unless the role may see personal data and asked for `full=true` (audited).
    pub reporter: ReporterView,
    pub can_act: bool,
    /// Every event, internal notes included.
    pub events: Vec<EventOut>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct FullParam {
    /// Unmasked reporter contact and NIK (roles that see personal data; audited).
    full: Option<bool>,
}

/// One complaint with its whole history.
#[utoipa::path(get, path = "/complaints/{id}", tag = "pengaduan", params(FullParam),
    responses((status = 200, body = ComplaintDetailOut), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn get_complaint(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, Query(p): Query<FullParam>) -> Result<Json<ComplaintDetailOut>, ApiError> {
    let actor = Actor::from(&ctx);
    let full = p.full.unwrap_or(false);
    let c = if full { svc::view_personal(&state.db, &actor, id).await? } else { complaints::get(&state.db, &ctx.scope, id).await? };
    detail(&state, &actor, c, full).await.map(Json)
}

async fn detail(state: &AppState, actor: &Actor, c: Complaint, full: bool) -> Result<ComplaintDetailOut, ApiError> {
    let events = complaints::events(&state.db, c.id, false).await?;
    Ok(ComplaintDetailOut {
        complaint: out(&c),
        body: c.body.clone(),
        reporter: svc::reporter_view(&c, full),
        can_act: svc::can_act(actor, &c),
        events: events.iter().map(event_out).collect(),
    })
}

/// Reply to the reporter (`public: true`) or add an internal note.
#[utoipa::path(post, path = "/complaints/{id}/responses", tag = "pengaduan", request_body = ResponseInput,
    responses((status = 200, body = ComplaintDetailOut), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn respond_complaint(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(input): ApiJson<ResponseInput>) -> Result<Json<ComplaintDetailOut>, ApiError> {
    let actor = Actor::from(&ctx);
    let c = svc::respond(&state.db, &actor, id, &input).await?;
    detail(&state, &actor, c, false).await.map(Json)
}

/// Change the status (diproses, menunggu_pelapor, selesai, ditolak; a reason is required for
/// the last two).
#[utoipa::path(post, path = "/complaints/{id}/status", tag = "pengaduan", request_body = StatusInput,
    responses((status = 200, body = ComplaintDetailOut), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn status_complaint(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(input): ApiJson<StatusInput>) -> Result<Json<ComplaintDetailOut>, ApiError> {
    let actor = Actor::from(&ctx);
    let c = svc::change_status(&state.db, &actor, id, &input).await?;
    detail(&state, &actor, c, false).await.map(Json)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReasonInput {
    #[serde(default)]
    pub reason: String,
}

/// Hand the complaint to the agency one level up (kota → provinsi → nasional).
#[utoipa::path(post, path = "/complaints/{id}/escalate", tag = "pengaduan", request_body = ReasonInput,
    responses((status = 200, body = ComplaintDetailOut), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn escalate_complaint(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(input): ApiJson<ReasonInput>) -> Result<Json<ComplaintDetailOut>, ApiError> {
    let actor = Actor::from(&ctx);
    let c = svc::escalate(&state.db, &actor, id, &input.reason).await?;
    detail(&state, &actor, c, false).await.map(Json)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AssignInput {
    /// An admin/operator of the handling agency; null releases the assignment.
    pub user_id: Option<Uuid>,
}

/// Assign the complaint to a staff member.
#[utoipa::path(post, path = "/complaints/{id}/assign", tag = "pengaduan", request_body = AssignInput,
    responses((status = 200, body = ComplaintDetailOut), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn assign_complaint(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(input): ApiJson<AssignInput>) -> Result<Json<ComplaintDetailOut>, ApiError> {
    let actor = Actor::from(&ctx);
    let c = svc::assign(&state.db, &actor, id, input.user_id).await?;
    detail(&state, &actor, c, false).await.map(Json)
}
