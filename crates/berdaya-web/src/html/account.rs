//! The signed-in user's own account: password and API tokens.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::sessions;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, notice, render, render_status};
use crate::services::{Actor, accounts};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    l: Layout,
    must_change: bool,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct Msg {
    pesan: Option<String>,
}

pub async fn password_form(ctx: Ctx, Query(q): Query<Msg>) -> Result<Response, AppError> {
    let l = Layout::new(&ctx, "akun").with_notice(notice(q.pesan.as_deref()));
    render(&PasswordPage { l, must_change: ctx.user.must_change_password, errors: FieldErrors::default() })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn password_submit(State(state): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<PasswordForm>) -> Result<Response, AppError> {
    let actor = Actor::from(&ctx);
    let r = accounts::change_own_password(&state.db, &state.hasher, &actor, &ctx.user, &f.current, &f.new, &f.confirm, &ctx.session_hash).await;
    match r {
        Ok(()) => Ok(Redirect::to("/akun/kata-sandi?pesan=sandi").into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let l = Layout::new(&ctx, "akun");
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &PasswordPage { l, must_change: ctx.user.must_change_password, errors })
        }
        Err(e) => Err(e.into()),
    }
}

pub struct TokenLine {
    id: String,
    name: String,
    prefix: String,
    created: String,
    last_used: String,
    revoked: bool,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    l: Layout,
    tokens: Vec<TokenLine>,
    new_token: String,
    token_name: String,
    errors: FieldErrors,
}

async fn tokens_page(state: &AppState, ctx: &Ctx, l: Layout, new_token: String, name: String, errors: FieldErrors) -> Result<TokensPage, AppError> {
    let tokens = sessions::list_tokens(&state.db, ctx.user.id)
        .await?
        .into_iter()
        .map(|t| TokenLine {
            id: t.id.to_string(),
            name: t.name,
            prefix: t.prefix,
            created: l.time(&t.created_at),
            last_used: l.time_opt(&t.last_used_at),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(TokensPage { l, tokens, new_token, token_name: name, errors })
}

pub async fn tokens(State(state): State<AppState>, ctx: Ctx, Query(q): Query<Msg>) -> Result<Response, AppError> {
    let l = Layout::new(&ctx, "akun").with_notice(notice(q.pesan.as_deref()));
    render(&tokens_page(&state, &ctx, l, String::new(), String::new(), FieldErrors::default()).await?)
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn token_create(State(state): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<TokenForm>) -> Result<Response, AppError> {
    let actor = Actor::from(&ctx);
    match accounts::create_token(&state.db, &actor, &ctx.user, &f.name).await {
        Ok(secret) => {
            let l = Layout::new(&ctx, "akun");
            render(&tokens_page(&state, &ctx, l, secret, String::new(), FieldErrors::default()).await?)
        }
        Err(ServiceError::Invalid(errors)) => {
            let l = Layout::new(&ctx, "akun");
            let page = tokens_page(&state, &ctx, l, String::new(), f.name, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn token_revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    accounts::revoke_token(&state.db, &Actor::from(&ctx), &ctx.user, id).await?;
    Ok(Redirect::to("/akun/token?pesan=dicabut").into_response())
}

