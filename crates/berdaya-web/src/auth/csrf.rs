//! CSRF protection for every form.
//!
//! Signed-in users: the token stored in their server-side session (synchronizer token).
//! Anonymous forms (sign-in, first-run setup): a random cookie that the form must echo
//! (double submit). Both cookies are HttpOnly and SameSite=Lax.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use berdaya_store::sessions;
use chrono::Duration;
use serde::de::DeserializeOwned;

use crate::auth::password::{constant_eq, new_secret, secret_hash};
use crate::auth::session::{csrf_cookie_name, make_cookie, read_cookie, session_cookie_name};
use crate::error::AppError;
use crate::state::AppState;

pub const FIELD: &str = "_csrf";

/// The token a form from this browser must carry, if it can carry any.
pub async fn expected_token(state: &AppState, parts: &Parts) -> Option<String> {
    if let Some(tok) = read_cookie(parts, session_cookie_name(&state.config)) {
        let idle = Duration::minutes(state.config.session_idle_minutes);
        let absolute = Duration::hours(state.config.session_max_hours);
        if let Ok(Some(s)) = sessions::get_live(&state.db, &secret_hash(&tok), idle, absolute).await {
            return Some(s.csrf_token);
        }
    }
    read_cookie(parts, csrf_cookie_name(&state.config)).filter(|t| t.len() >= 32)
}

pub async fn check(state: &AppState, parts: &Parts, given: Option<&str>) -> Result<(), AppError> {
    let expected = expected_token(state, parts).await.ok_or(AppError::Csrf)?;
    match given {
        Some(g) if constant_eq(g, &expected) => Ok(()),
        _ => Err(AppError::Csrf),
    }
}

/// The anonymous CSRF token for a sign-in style form, and a cookie to set when it is new.
pub fn anonymous_token(state: &AppState, headers: &HeaderMap) -> anyhow::Result<(String, Option<axum::http::HeaderValue>)> {
    let (mut parts, _) = axum::http::Request::new(()).into_parts();
    parts.headers = headers.clone();
    if let Some(t) = read_cookie(&parts, csrf_cookie_name(&state.config)).filter(|t| t.len() >= 32) {
        return Ok((t, None));
    }
    let t = new_secret()?;
    let cookie = make_cookie(&state.config, csrf_cookie_name(&state.config), &t, None);
    Ok((t, Some(cookie)))
}

/// A url-encoded form whose `_csrf` field was checked before it is deserialised.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|_| AppError::BadRequest("Isi formulir terlalu besar atau rusak.".into()))?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest("Isi formulir tidak dapat dibaca.".into()))?;
        let given = pairs.iter().find(|(k, _)| k == FIELD).map(|(_, v)| v.as_str());
        check(state, &parts, given).await?;
        let value = serde_urlencoded::from_bytes::<T>(&bytes)
            .map_err(|e| AppError::BadRequest(format!("Isi formulir tidak lengkap: {e}")))?;
        Ok(CsrfForm(value))
    }
}
