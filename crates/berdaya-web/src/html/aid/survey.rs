//! Field verification pages: assignment by kecamatan, the surveyor's task list and the
//! phone-friendly survey form (GPS filled by /static/app.js from navigator.geolocation).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::aid::applications::{self as apps, Application};
use serde::Deserialize;
use uuid::Uuid;

use super::{read_upload, survei_label};
use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, render, render_status};
use crate::services::Actor;
use crate::services::aid::survey::{self as svc, SurveyInput};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    kecamatan: String,
    #[serde(default)]
    surveyor: String,
}

pub async fn assign(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<AssignForm>) -> Result<Response, AppError> {
    let surveyor = f.surveyor.parse::<Uuid>().unwrap_or_default();
    svc::assign(&state.db, &Actor::from(&ctx), id, &f.kecamatan, surveyor).await?;
    Ok(Redirect::to(&format!("/bantuan/{id}?pesan=ditugaskan")).into_response())
}

pub struct Task {
    id: Uuid,
    nama: String,
    region: String,
    status: String,
}

#[derive(Template)]
#[template(path = "aid_survey_tasks.html")]
struct TasksPage {
    l: Layout,
    tasks: Vec<Task>,
}

pub async fn tasks(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let list = apps::for_surveyor(&state.db, &ctx.scope, ctx.user.id).await?;
    let names = super::region_names(&state, list.iter().map(|a| a.region.as_str())).await?;
    let tasks = list.into_iter().map(|a| Task { id: a.id, nama: a.nama, region: super::name_of(&names, &a.region), status: survei_label(&a.survei_status).into() }).collect();
    render(&TasksPage { l: Layout::new(&ctx, "bantuan"), tasks })
}

#[derive(Template)]
#[template(path = "aid_survey.html")]
struct FormPage {
    l: Layout,
    a: Application,
    wilayah: String,
    v: SurveyInput,
    errors: FieldErrors,
}

async fn form_page(state: &AppState, ctx: &Ctx, a: Application, v: SurveyInput, errors: FieldErrors) -> Result<FormPage, AppError> {
    let names = super::region_names(state, [a.region.as_str()]).await?;
    Ok(FormPage { l: Layout::new(ctx, "bantuan"), wilayah: super::name_of(&names, &a.region), a, v, errors })
}

fn allowed(ctx: &Ctx, a: &Application) -> bool {
    ctx.role.can_write_records() || (a.surveyor_id.is_some() && a.surveyor_id == Some(ctx.user.id))
}

pub async fn form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let a = apps::get(&state.db, &ctx.scope, id).await?;
    ctx.require(allowed(&ctx, &a))?;
    let v = SurveyInput {
        usaha_ada: a.usaha_ada.map(|b| if b { "ya" } else { "tidak" }.to_string()).unwrap_or_default(),
        lat: a.lat.map(|x| x.to_string()).unwrap_or_default(),
        lon: a.lon.map(|x| x.to_string()).unwrap_or_default(),
        catatan: a.catatan_survei.clone(),
    };
    render(&form_page(&state, &ctx, a, v, FieldErrors::default()).await?)
}

pub async fn submit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    let up = read_upload(&state, request).await?;
    let v = SurveyInput { usaha_ada: up.get("usaha_ada").into(), lat: up.get("lat").into(), lon: up.get("lon").into(), catatan: up.get("catatan").into() };
    match svc::record(&state.db, &state.storage, &Actor::from(&ctx), id, &v, up.file.clone()).await {
        Ok(()) => {
            let to = if ctx.role.can_write_records() { format!("/bantuan/permohonan/{id}?pesan=survei") } else { "/bantuan/survei".to_string() };
            Ok(Redirect::to(&to).into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let a = apps::get(&state.db, &ctx.scope, id).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &form_page(&state, &ctx, a, v, errors).await?)
        }
        Err(e) => Err(e.into()),
    }
}
