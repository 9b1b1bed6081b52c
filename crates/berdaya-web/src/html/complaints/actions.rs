//! Staff actions on a complaint: each one form, one service call, then back to the detail
//! page (with the field messages when refused).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::staff::{detail_page, sla_page_with_errors};
use crate::auth::{CsrfForm, Ctx};
use crate::error::{AppError, ServiceError};
use crate::html::render_status;
use crate::services::Actor;
use crate::services::complaints::{self as svc, ResponseInput, SlaDays, StatusInput, sla};
use crate::state::AppState;

/// Back to the detail page after `result`: a notice on success, the form errors on refusal.
async fn done<T>(state: &AppState, ctx: &Ctx, id: Uuid, ok: &str, result: Result<T, ServiceError>) -> Result<Response, AppError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/pengaduan/kelola/{id}?ok={ok}")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &detail_page(state, ctx, id, false, errors).await?)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ResponseForm {
    #[serde(default)]
    text: String,
    /// "publik" (the reporter sees it) or "internal".
    #[serde(default)]
    jenis: String,
}

pub async fn respond(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<ResponseForm>) -> Result<Response, AppError> {
    let public = f.jenis == "publik";
    let r = svc::respond(&state.db, &Actor::from(&ctx), id, &ResponseInput { text: f.text, public }).await;
    done(&state, &ctx, id, if public { "tanggapan" } else { "catatan" }, r).await
}

pub async fn status(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<StatusInput>) -> Result<Response, AppError> {
    let r = svc::change_status(&state.db, &Actor::from(&ctx), id, &f).await;
    done(&state, &ctx, id, "status", r).await
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub async fn escalate(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<ReasonForm>) -> Result<Response, AppError> {
    let r = svc::escalate(&state.db, &Actor::from(&ctx), id, &f.reason).await;
    done(&state, &ctx, id, "eskalasi", r).await
}

pub async fn reopen(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<ReasonForm>) -> Result<Response, AppError> {
    let r = svc::reopen(&state.db, &Actor::from(&ctx), id, &f.reason).await;
    done(&state, &ctx, id, "buka", r).await
}

#[derive(Deserialize)]
pub struct AssignForm {
    /// A user id, or empty to release the assignment.
    #[serde(default)]
    user_id: String,
}

pub async fn assign(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<AssignForm>) -> Result<Response, AppError> {
    let user = match f.user_id.trim() {
        "" => None,
        s => Some(s.parse::<Uuid>().map_err(|_| AppError::BadRequest("Petugas tidak dikenal.".into()))?),
    };
    let r = svc::assign(&state.db, &Actor::from(&ctx), id, user).await;
    done(&state, &ctx, id, "tugas", r).await
}

#[derive(Deserialize)]
pub struct SlaForm {
    #[serde(default)]
    baru: String,
    #[serde(default)]
    diproses: String,
    #[serde(default)]
    menunggu_pelapor: String,
}

pub async fn sla_save(State(state): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<SlaForm>) -> Result<Response, AppError> {
    // Unreadable numbers become 0, which the service refuses with a message per field.
    let n = |s: &str| s.trim().parse::<u32>().unwrap_or(0);
    let days = SlaDays { baru: n(&f.baru), diproses: n(&f.diproses), menunggu_pelapor: n(&f.menunggu_pelapor) };
    match sla::save(&state.db, &Actor::from(&ctx), &days).await {
        Ok(()) => Ok(Redirect::to("/pengaduan/kelola?ok=sla").into_response()),
        Err(ServiceError::Invalid(errors)) => sla_page_with_errors(&ctx, days, errors),
        Err(e) => Err(e.into()),
    }
}
