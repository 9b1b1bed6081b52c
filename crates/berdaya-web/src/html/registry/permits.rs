//! "Tambah izin": a permit (PIRT, halal, BPOM, merek, NIB) of a business.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::businesses;
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, render, render_status};
use crate::services::Actor;
use crate::services::registry::permits::{self, PermitInput};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "registry_permit_form.html")]
struct PermitPage {
    l: Layout,
    business_id: String,
    nama_usaha: String,
    kinds: Vec<(String, String)>,
    input: PermitInput,
    errors: FieldErrors,
}

fn page(ctx: &Ctx, b: &businesses::Business, input: PermitInput, errors: FieldErrors) -> PermitPage {
    PermitPage {
        l: Layout::new(ctx, "registri"),
        business_id: b.id.to_string(),
        nama_usaha: b.nama_usaha.clone(),
        kinds: permits::KINDS.iter().map(|(c, l)| ((*c).to_string(), (*l).to_string())).collect(),
        input,
        errors,
    }
}

pub async fn form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    if !ctx.role.can_write_records() {
        return Err(ServiceError::Forbidden.into());
    }
    let b = businesses::get(&state.db, &ctx.scope, id).await?;
    render(&page(&ctx, &b, PermitInput::default(), FieldErrors::default()))
}

pub async fn submit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(input): CsrfForm<PermitInput>) -> Result<Response, AppError> {
    match permits::add_permit(&state.db, &Actor::from(&ctx), id, &input).await {
        Ok(_) => {
            let b = businesses::get(&state.db, &ctx.scope, id).await?;
            Ok(Redirect::to(&format!("/registri/pelaku/{}", b.owner_id)).into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let b = businesses::get(&state.db, &ctx.scope, id).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&ctx, &b, input, errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// "Hapus izin": remove a permit, back to the owner's page.
pub async fn remove(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(_): CsrfForm<NoFields>) -> Result<Response, AppError> {
    let p = permits::remove_permit(&state.db, &Actor::from(&ctx), id).await?;
    let b = businesses::get(&state.db, &ctx.scope, p.business_id).await?;
    Ok(Redirect::to(&format!("/registri/pelaku/{}", b.owner_id)).into_response())
}

/// A form with nothing but its CSRF token.
#[derive(serde::Deserialize, Default)]
pub struct NoFields {}
