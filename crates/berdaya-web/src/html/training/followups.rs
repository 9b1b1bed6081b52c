//! The follow-up queue of an operator, the follow-up form and the satisfaction form.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_core::tanggal::fmt_dmy;
use berdaya_store::training::participants;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, render, render_status};
use crate::services::Actor;
use crate::services::training::followups::{self as svc, EvaluationInput, FollowUpInput, MILESTONES};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "training_due.html")]
struct DuePage {
    l: Layout,
    rows: Vec<(String, String, String, i32, String)>,
}

pub async fn queue(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let due = svc::due(&state.db, &Actor::from(&ctx), berdaya_store::now().date_naive()).await?;
    let rows = due.into_iter().map(|d| (d.participant_id.to_string(), d.nama, d.angkatan, d.bulan, fmt_dmy(d.jatuh_tempo))).collect();
    render(&DuePage { l: Layout::new(&ctx, "pelatihan"), rows })
}

#[derive(Template)]
#[template(path = "training_followup.html")]
struct FollowUpPage {
    l: Layout,
    id: String,
    nama: String,
    i: FollowUpInput,
    errors: FieldErrors,
    milestones: Vec<(String, String, bool)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MonthQuery {
    bulan: String,
}

async fn followup_page(state: &AppState, ctx: &Ctx, id: Uuid, i: FollowUpInput, errors: FieldErrors) -> Result<Response, AppError> {
    let p = participants::get(&state.db, &ctx.scope, id).await?;
    let o = berdaya_store::owners::get(&state.db, &ctx.scope, p.owner_id).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = FollowUpPage {
        l: Layout::new(ctx, "pelatihan"),
        id: id.to_string(),
        nama: o.nama,
        milestones: MILESTONES.iter().map(|(k, v)| (k.to_string(), v.to_string(), i.capaian.iter().any(|c| c == k))).collect(),
        i,
        errors,
    };
    render_status(status, &page)
}

pub async fn followup_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<MonthQuery>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    followup_page(&state, &ctx, id, FollowUpInput { bulan: q.bulan, ..Default::default() }, FieldErrors::default()).await
}

pub async fn followup_save(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(pairs): CsrfForm<Vec<(String, String)>>) -> Result<Response, AppError> {
    let mut i = FollowUpInput::default();
    for (k, v) in pairs {
        match k.as_str() {
            "bulan" => i.bulan = v,
            "mulai_usaha" => i.mulai_usaha = true,
            "nama_usaha" => i.nama_usaha = v,
            "kbli" => i.kbli = v,
            "omzet_bulanan" => i.omzet_bulanan = v,
            "tk_l" => i.tk_l = v,
            "tk_p" => i.tk_p = v,
            "capaian" => i.capaian.push(v),
            "catatan" => i.catatan = v,
            _ => {}
        }
    }
    match svc::record(&state.db, &Actor::from(&ctx), id, &i).await {
        Ok(_) => Ok(Redirect::to("/pelatihan/tindak-lanjut?pesan=tersimpan").into_response()),
        Err(ServiceError::Invalid(f)) => followup_page(&state, &ctx, id, i, f).await,
        Err(ServiceError::Conflict(m)) => {
            let mut f = FieldErrors::default();
            f.add("bulan", m);
            followup_page(&state, &ctx, id, i, f).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "training_evaluation.html")]
struct EvaluationPage {
    l: Layout,
    id: String,
    nama: String,
    batch_id: String,
    i: EvaluationInput,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EvaluationForm {
    skor_materi: String,
    skor_narasumber: String,
    skor_tempat: String,
    saran: String,
}

async fn evaluation_page(state: &AppState, ctx: &Ctx, id: Uuid, i: EvaluationInput, errors: FieldErrors) -> Result<Response, AppError> {
    let p = participants::get(&state.db, &ctx.scope, id).await?;
    let o = berdaya_store::owners::get(&state.db, &ctx.scope, p.owner_id).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    render_status(status, &EvaluationPage { l: Layout::new(ctx, "pelatihan"), id: id.to_string(), nama: o.nama, batch_id: p.batch_id.to_string(), i, errors })
}

pub async fn evaluation_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    evaluation_page(&state, &ctx, id, EvaluationInput::default(), FieldErrors::default()).await
}

pub async fn evaluation_save(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<EvaluationForm>) -> Result<Response, AppError> {
    let i = EvaluationInput { skor_materi: f.skor_materi, skor_narasumber: f.skor_narasumber, skor_tempat: f.skor_tempat, saran: f.saran };
    match svc::evaluate(&state.db, &Actor::from(&ctx), id, &i).await {
        Ok(()) => {
            let p = participants::get(&state.db, &ctx.scope, id).await?;
            Ok(Redirect::to(&format!("/pelatihan/angkatan/{}?pesan=tersimpan#peserta", p.batch_id)).into_response())
        }
        Err(ServiceError::Invalid(f)) => evaluation_page(&state, &ctx, id, i, f).await,
        Err(e) => Err(e.into()),
    }
}
