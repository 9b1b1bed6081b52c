//! Admin pages: agencies in one's scope, and the agency logo.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::{agencies, audit, files, regions};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm, csrf};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, notice, render, render_status};
use crate::services::Actor;
use crate::services::agencies::{self as svc, AgencyInput};
use crate::services::letterhead::{self, SignerInput};
use crate::state::AppState;
use crate::storage::FileKind;

pub struct AgencyLine {
    id: String,
    name: String,
    region: String,
    region_name: String,
}

#[derive(Template)]
#[template(path = "agencies.html")]
struct AgenciesPage {
    l: Layout,
    agencies: Vec<AgencyLine>,
}

async fn region_name(state: &AppState, code: &str) -> Result<String, AppError> {
    if code.is_empty() {
        return Ok("Nasional".into());
    }
    Ok(regions::get(&state.db, code).await?.map(|r| r.nama).unwrap_or_else(|| code.to_string()))
}

#[derive(Deserialize, Default)]
pub struct Msg {
    pesan: Option<String>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<Msg>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_manage_users())?;
    let mut lines = Vec::new();
    for a in agencies::list(&state.db, &ctx.scope).await? {
        lines.push(AgencyLine { id: a.id.to_string(), region_name: region_name(&state, &a.region).await?, name: a.name, region: a.region });
    }
    render(&AgenciesPage { l: Layout::new(&ctx, "admin").with_notice(notice(q.pesan.as_deref())), agencies: lines })
}

#[derive(Template)]
#[template(path = "agency_form.html")]
struct AgencyForm {
    l: Layout,
    is_new: bool,
    action: String,
    input: AgencyInput,
    region_name: String,
    has_logo: bool,
    signer: SignerInput,
    errors: FieldErrors,
}

pub async fn new_form(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_manage_users())?;
    render(&AgencyForm {
        l: Layout::new(&ctx, "admin"),
        is_new: true,
        action: "/admin/dinas/baru".into(),
        input: AgencyInput::default(),
        region_name: String::new(),
        has_logo: false,
        signer: SignerInput::default(),
        errors: FieldErrors::default(),
    })
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, CsrfForm(input): CsrfForm<AgencyInput>) -> Result<Response, AppError> {
    match svc::create_agency(&state.db, &Actor::from(&ctx), &input).await {
        Ok(a) => Ok(Redirect::to(&format!("/admin/dinas/{}?pesan=dibuat", a.id)).into_response()),
        Err(ServiceError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &AgencyForm {
                l: Layout::new(&ctx, "admin"),
                is_new: true,
                action: "/admin/dinas/baru".into(),
                input,
                region_name: String::new(),
                has_logo: false,
                signer: SignerInput::default(),
                errors,
            },
        ),
        Err(e) => Err(e.into()),
    }
}

async fn edit_page(state: &AppState, ctx: &Ctx, id: Uuid, input: Option<AgencyInput>, errors: FieldErrors) -> Result<AgencyForm, AppError> {
    edit_page_with(state, ctx, id, input, None, errors).await
}

async fn edit_page_with(state: &AppState, ctx: &Ctx, id: Uuid, input: Option<AgencyInput>, signer: Option<SignerInput>, errors: FieldErrors) -> Result<AgencyForm, AppError> {
    let a = agencies::get(&state.db, &ctx.scope, id).await?;
    let signer = match signer {
        Some(s) => s,
        None => letterhead::signer(&state.db, id).await?.unwrap_or_default(),
    };
    let input = input.unwrap_or_else(|| AgencyInput {
        name: a.name.clone(),
        short_name: a.short_name.clone(),
        region: a.region.clone(),
        address: a.address.clone(),
        phone: a.phone.clone(),
        email: a.email.clone(),
    });
    Ok(AgencyForm {
        l: Layout::new(ctx, "admin"),
        is_new: false,
        action: format!("/admin/dinas/{id}"),
        input: AgencyInput { region: a.region.clone(), ..input },
        region_name: region_name(state, &a.region).await?,
        has_logo: a.logo_file_id.is_some(),
        signer,
        errors,
    })
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<Msg>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_manage_users())?;
    let mut page = edit_page(&state, &ctx, id, None, FieldErrors::default()).await?;
    page.l = page.l.with_notice(notice(q.pesan.as_deref()));
    render(&page)
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(input): CsrfForm<AgencyInput>) -> Result<Response, AppError> {
    match svc::update_agency(&state.db, &Actor::from(&ctx), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/dinas/{id}?pesan=tersimpan")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, id, Some(input), errors).await?)
        }
        Err(e) => Err(e.into()),
    }
}

/// Save the signing official printed on the agency's documents (lists, BAST).
pub async fn save_signer(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(input): CsrfForm<SignerInput>) -> Result<Response, AppError> {
    match letterhead::save_signer(&state.db, &Actor::from(&ctx), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/dinas/{id}?pesan=tersimpan")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page_with(&state, &ctx, id, None, Some(input), errors).await?)
        }
        Err(e) => Err(e.into()),
    }
}

/// Upload a logo (multipart: `_csrf`, `logo`). The real type is checked, not the name.
pub async fn upload_logo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_manage_users())?;
    let (parts, body) = request.into_parts();
    let mut multipart = Multipart::from_request(axum::extract::Request::from_parts(parts.clone(), body), &state)
        .await
        .map_err(|_| AppError::BadRequest("Unggahan tidak dapat dibaca.".into()))?;
    let mut token = None;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::BadRequest("Unggahan terputus atau terlalu besar.".into()))? {
        match field.name() {
            Some("_csrf") => token = field.text().await.ok(),
            Some("logo") => {
                let name = field.file_name().unwrap_or("logo").to_string();
                let data = field.bytes().await.map_err(|_| AppError::BadRequest("Unggahan terputus atau terlalu besar.".into()))?;
                file = Some((name, data));
            }
            _ => {}
        }
    }
    csrf::check(&state, &parts, token.as_deref()).await?;
    let agency = agencies::get(&state.db, &ctx.scope, id).await?;
    let Some((name, data)) = file else {
        let mut errors = FieldErrors::default();
        errors.add("logo", "Pilih berkas logo.");
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, id, None, errors).await?);
    };
    let mut tx = state.db.begin().await?;
    match state.storage.put(&mut tx, data, &name, &[FileKind::Image], &agency.region, Some(ctx.user.id)).await {
        Ok(stored) => {
            agencies::set_logo(&mut tx, id, stored.id).await?;
            let mut e = Actor::from(&ctx).audit("set_logo", "agency", id, &agency.region);
            e.after = Some(serde_json::json!({"logo_file_id": stored.id, "sha256": stored.sha256}));
            audit::record(&mut tx, e).await?;
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/dinas/{id}?pesan=logo")).into_response())
        }
        Err(err) => {
            tx.rollback().await?;
            let mut errors = FieldErrors::default();
            errors.add("logo", err.to_string());
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, &ctx, id, None, errors).await?)
        }
    }
}

pub async fn logo(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let agency = agencies::get(&state.db, &ctx.scope, id).await?;
    let file_id = agency.logo_file_id.ok_or(AppError::NotFound)?;
    let meta = files::get(&state.db, &ctx.scope, file_id).await?;
    let data = state.storage.get(&meta).await.map_err(|e| AppError::Internal(e.into()))?;
    Ok(([(header::CONTENT_TYPE, meta.content_type)], data).into_response())
}

use axum::extract::FromRequest;
