//! Certificate actions and the public verification page (no sign-in).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_core::tanggal::fmt_panjang;
use serde::Deserialize;
use uuid::Uuid;

use super::detail::{DetailErrors, render_detail};
use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, ServiceError};
use crate::html::render_status;
use crate::services::Actor;
use crate::services::training::certificates::{self as svc, Verification};
use crate::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Empty {}

/// Queue bulk issuing; the job page shows progress and the download.
pub async fn generate(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, headers: axum::http::HeaderMap, CsrfForm(_f): CsrfForm<Empty>) -> Result<Response, AppError> {
    let base = svc::base_url(&state.config, &headers);
    let job = svc::queue(&state.db, &Actor::from(&ctx), id, &base).await?;
    Ok(Redirect::to(&format!("/tugas/{job}")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    alasan: String,
}

pub async fn revoke(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<RevokeForm>) -> Result<Response, AppError> {
    match svc::revoke(&state.db, &Actor::from(&ctx), id, &f.alasan).await {
        Ok(c) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{}?pesan=dicabut#sertifikat", c.batch_id)).into_response()),
        Err(e @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            let batch = berdaya_store::training::certificates::for_id(&state.db, &ctx.scope, id).await?.batch_id;
            let msg = match e {
                ServiceError::Invalid(f) => f.get("alasan").to_string(),
                ServiceError::Conflict(m) => m,
                _ => String::new(),
            };
            render_detail(&state, &ctx, batch, DetailErrors { participant: msg, ..Default::default() }).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "training_verify.html")]
struct VerifyPage {
    state: &'static str,
    title: &'static str,
    nama: String,
    judul: String,
    tanggal: String,
}

/// `/sertifikat/{kode}`: valid, revoked or unknown; only name, training and date.
pub async fn verify(State(state): State<AppState>, Path(kode): Path<String>) -> Result<Response, AppError> {
    let (status, page) = match svc::verify(&state.db, &kode).await? {
        Verification::Valid { nama, judul, tanggal } => {
            (StatusCode::OK, VerifyPage { state: "valid", title: "Sertifikat sah", nama, judul, tanggal: fmt_panjang(tanggal) })
        }
        Verification::Revoked { nama, judul, tanggal } => (
            StatusCode::OK,
            VerifyPage { state: "revoked", title: "Sertifikat telah dicabut", nama, judul, tanggal: fmt_panjang(tanggal) },
        ),
        Verification::Unknown => (
            StatusCode::NOT_FOUND,
            VerifyPage { state: "unknown", title: "Sertifikat tidak dikenal", nama: String::new(), judul: String::new(), tanggal: String::new() },
        ),
    };
    render_status(status, &page)
}
