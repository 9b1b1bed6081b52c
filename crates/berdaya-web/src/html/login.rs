use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use chrono::Duration;
use serde::Deserialize;

use crate::auth::csrf::{CsrfForm, anonymous_token};
use crate::auth::session::{RequestMeta, make_cookie, session_cookie_name};
use crate::auth::Ctx;
use crate::error::{AppError, ServiceError};
use crate::services::accounts;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    next: String,
    username: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only local paths may be a redirect target after sign-in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".into(),
    }
}

fn page(state: &AppState, headers: &HeaderMap, status: StatusCode, next: String, username: String, error: String) -> Result<Response, AppError> {
    let (csrf, cookie) = anonymous_token(state, headers).map_err(AppError::Internal)?;
    let html = LoginPage { csrf, next, username, error }.render()?;
    let mut res = (status, axum::response::Html(html)).into_response();
    if let Some(c) = cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

pub async fn form(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    page(&state, &headers, StatusCode::OK, safe_next(q.next.as_deref()), String::new(), String::new())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(meta): Extension<RequestMeta>,
    headers: HeaderMap,
    CsrfForm(f): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(Some(&f.next));
    match accounts::login(
        &state.db,
        &state.hasher,
        &f.username,
        &f.password,
        &meta.ip,
        &meta.user_agent,
        state.config.session_max_hours,
    )
    .await
    {
        Ok(s) => {
            let cookie = make_cookie(
                &state.config,
                session_cookie_name(&state.config),
                &s.token,
                Some(Duration::hours(state.config.session_max_hours)),
            );
            let mut res = Redirect::to(&next).into_response();
            res.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(res)
        }
        Err(ServiceError::Invalid(e)) => {
            page(&state, &headers, StatusCode::UNAUTHORIZED, next, f.username, e.get("password").to_string())
        }
        Err(ServiceError::TooMany(m)) => page(&state, &headers, StatusCode::TOO_MANY_REQUESTS, next, f.username, m),
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx, CsrfForm(_): CsrfForm<std::collections::HashMap<String, String>>) -> Result<Response, AppError> {
    accounts::logout(&state.db, &ctx.session_hash).await?;
    let cookie = make_cookie(&state.config, session_cookie_name(&state.config), "", Some(Duration::zero()));
    let mut res = Redirect::to("/masuk").into_response();
    res.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(res)
}
