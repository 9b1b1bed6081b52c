//! First run: the one-time token printed on the console opens this page.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::csrf::{CsrfForm, anonymous_token};
use crate::auth::session::RequestMeta;
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::services::accounts::setup_token_valid;
use crate::services::agencies::{SetupInput, first_run_setup};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    csrf: String,
    token: String,
    input: SetupInput,
    errors: FieldErrors,
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

fn render(state: &AppState, headers: &HeaderMap, status: StatusCode, input: SetupInput, errors: FieldErrors) -> Result<Response, AppError> {
    let (csrf, cookie) = anonymous_token(state, headers).map_err(AppError::Internal)?;
    let token = input.token.clone();
    let html = SetupPage { csrf, token, input: SetupInput { password: String::new(), confirm: String::new(), ..input }, errors }.render()?;
    let mut res = (status, axum::response::Html(html)).into_response();
    if let Some(c) = cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

pub async fn form(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<TokenQuery>) -> Result<Response, AppError> {
    // Without the right token this page does not exist, so a stranger learns nothing.
    if q.token.is_empty() || !setup_token_valid(&state.db, &q.token).await? {
        return Err(AppError::NotFound);
    }
    render(&state, &headers, StatusCode::OK, SetupInput { token: q.token, ..Default::default() }, FieldErrors::default())
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(meta): Extension<RequestMeta>,
    headers: HeaderMap,
    CsrfForm(input): CsrfForm<SetupInput>,
) -> Result<Response, AppError> {
    if !setup_token_valid(&state.db, &input.token).await? {
        return Err(AppError::NotFound);
    }
    match first_run_setup(&state.db, &state.hasher, &input, &meta.ip).await {
        Ok(_) => Ok(Redirect::to("/masuk").into_response()),
        Err(ServiceError::Invalid(errors)) => render(&state, &headers, StatusCode::UNPROCESSABLE_ENTITY, input, errors),
        Err(ServiceError::Forbidden) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}
