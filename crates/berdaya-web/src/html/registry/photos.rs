//! e-KTP photo and business photos on the owner page.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm};
use crate::error::AppError;
use crate::html::aid::read_upload;
use crate::services::Actor;
use crate::services::registry::photos;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ViewQuery {
    unduh: Option<String>,
}

/// An image response; personal data is never cached by the browser or a proxy.
fn image(meta: &berdaya_store::files::StoredFile, data: bytes::Bytes, download: bool, private: bool) -> Response {
    let name = meta.original_name.replace(['"', '\\'], "");
    let disposition = if download { format!("attachment; filename=\"{name}\"") } else { format!("inline; filename=\"{name}\"") };
    let cache = if private { "no-store" } else { "private, max-age=300" };
    (
        [
            (header::CONTENT_TYPE, meta.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, cache.to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        data,
    )
        .into_response()
}

pub async fn ektp_upload(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let up = read_upload(&state, request).await?;
    let Some((name, data)) = up.file else { return Err(AppError::BadRequest("Pilih foto e-KTP (JPEG, PNG, atau WebP).".into())) };
    photos::upload_ektp(&state.db, &state.storage, &Actor::from(&ctx), id, &name, data).await?;
    Ok(Redirect::to(&format!("/registri/pelaku/{id}?pesan=ektp")).into_response())
}

pub async fn ektp_view(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<ViewQuery>) -> Result<Response, AppError> {
    let (meta, data) = photos::ektp(&state.db, &state.storage, &Actor::from(&ctx), id).await?;
    Ok(image(&meta, data, q.unduh.is_some(), true))
}

pub async fn photo_upload(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let up = read_upload(&state, request).await?;
    let Some((name, data)) = up.file.clone() else { return Err(AppError::BadRequest("Pilih foto usaha (JPEG, PNG, atau WebP).".into())) };
    let actor = Actor::from(&ctx);
    photos::add_photo(&state.db, &state.storage, &actor, id, &name, data, up.get("keterangan")).await?;
    let b = berdaya_store::businesses::get(&state.db, &ctx.scope, id).await?;
    Ok(Redirect::to(&format!("/registri/pelaku/{}?pesan=foto", b.owner_id)).into_response())
}

pub async fn photo_view(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<ViewQuery>) -> Result<Response, AppError> {
    let (meta, data) = photos::photo_file(&state.db, &state.storage, &Actor::from(&ctx), id).await?;
    Ok(image(&meta, data, q.unduh.is_some(), false))
}

#[derive(Deserialize)]
pub struct NoFields {}

pub async fn photo_delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(_): CsrfForm<NoFields>) -> Result<Response, AppError> {
    let owner = photos::delete_photo(&state.db, &Actor::from(&ctx), id).await?;
    Ok(Redirect::to(&format!("/registri/pelaku/{owner}?pesan=foto_hapus")).into_response())
}
