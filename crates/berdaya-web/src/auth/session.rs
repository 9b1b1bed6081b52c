//! Request context: the signed-in staff user, their agency and region scope.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, header};
use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::agencies::Agency;
use berdaya_store::users::User;
use berdaya_store::{agencies, sessions, users};
use chrono::Duration;

use crate::auth::password::secret_hash;
use crate::config::Config;
use crate::error::{ApiError, AppError};
use crate::state::AppState;

/// Set by the request middleware on every request.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub request_id: String,
    pub ip: String,
    pub user_agent: String,
}

pub fn session_cookie_name(cfg: &Config) -> &'static str {
    if cfg.secure_cookies { "__Host-berdaya_sesi" } else { "berdaya_sesi" }
}

pub fn csrf_cookie_name(cfg: &Config) -> &'static str {
    if cfg.secure_cookies { "__Host-berdaya_csrf" } else { "berdaya_csrf" }
}

/// The value of cookie `name` in the request, if any.
pub fn read_cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::Cookie::split_parse(v.to_string()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path /, Secure when configured.
pub fn make_cookie(cfg: &Config, name: &str, value: &str, max_age: Option<Duration>) -> HeaderValue {
    let mut c = cookie::Cookie::build((name.to_string(), value.to_string()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(cfg.secure_cookies);
    if let Some(age) = max_age {
        c = c.max_age(cookie::time::Duration::seconds(age.num_seconds()));
    }
    HeaderValue::from_str(&c.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A signed-in staff member, for pages.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub user: User,
    pub agency: Agency,
    pub role: Role,
    pub scope: Scope,
    pub csrf: String,
    pub session_hash: String,
    pub meta: RequestMeta,
}

impl Ctx {
    pub fn require(&self, allowed: bool) -> Result<(), AppError> {
        if allowed { Ok(()) } else { Err(AppError::Forbidden) }
    }
}

/// Resolve a user id to a full context (active user, agency, scope).
pub async fn load_ctx(state: &AppState, user_id: uuid::Uuid, meta: RequestMeta) -> Option<(User, Agency, Role, Scope)> {
    let user = users::get_self(&state.db, user_id).await.ok()?;
    if !user.active {
        return None;
    }
    let role = Role::parse(&user.role)?;
    let agency = agencies::get_unscoped(&state.db, user.agency_id).await.ok()?;
    let region = if agency.region.is_empty() { None } else { KodeWilayah::parse(&agency.region).ok() };
    let scope = Scope::for_agency(region.as_ref()).ok()?;
    let _ = meta;
    Some((user, agency, role, scope))
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let meta = parts.extensions.get::<RequestMeta>().cloned().unwrap_or_default();
        let next = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        let next = if parts.method == Method::GET { next } else { "/".into() };
        let Some(token) = read_cookie(parts, session_cookie_name(&state.config)) else {
            return Err(AppError::Login(next));
        };
        let hash = secret_hash(&token);
        let idle = Duration::minutes(state.config.session_idle_minutes);
        let absolute = Duration::hours(state.config.session_max_hours);
        let Some(session) = sessions::get_live(&state.db, &hash, idle, absolute).await? else {
            return Err(AppError::Login(next));
        };
        let Some((user, agency, role, scope)) = load_ctx(state, session.user_id, meta.clone()).await else {
            return Err(AppError::Login(next));
        };
        let path = parts.uri.path();
        if user.must_change_password && path != "/akun/kata-sandi" && path != "/keluar" {
            return Err(AppError::Redirect("/akun/kata-sandi".into()));
        }
        Ok(Ctx { user, agency, role, scope, csrf: session.csrf_token, session_hash: hash, meta })
    }
}

/// A caller of the JSON API: a bearer token, or a signed-in browser for safe (GET) requests.
#[derive(Debug, Clone)]
pub struct ApiCtx {
    pub user: User,
    pub agency: Agency,
    pub role: Role,
    pub scope: Scope,
    pub meta: RequestMeta,
}

impl ApiCtx {
    pub fn require(&self, allowed: bool) -> Result<(), ApiError> {
        if allowed {
            Ok(())
        } else {
            Err(ApiError::new(axum::http::StatusCode::FORBIDDEN, "forbidden", "Peran anda tidak mengizinkan tindakan ini."))
        }
    }
}

impl FromRequestParts<AppState> for ApiCtx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let meta = parts.extensions.get::<RequestMeta>().cloned().unwrap_or_default();
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .map(str::to_string);
        let user_id = if let Some(token) = bearer {
            sessions::user_for_token(&state.db, &secret_hash(&token)).await?
        } else if parts.method == Method::GET || parts.method == Method::HEAD {
            match read_cookie(parts, session_cookie_name(&state.config)) {
                Some(token) => {
                    let idle = Duration::minutes(state.config.session_idle_minutes);
                    let absolute = Duration::hours(state.config.session_max_hours);
                    sessions::get_live(&state.db, &secret_hash(&token), idle, absolute).await?.map(|s| s.user_id)
                }
                None => None,
            }
        } else {
            None
        };
        let Some(user_id) = user_id else { return Err(ApiError::unauthorized()) };
        let Some((user, agency, role, scope)) = load_ctx(state, user_id, meta.clone()).await else {
            return Err(ApiError::unauthorized());
        };
        Ok(ApiCtx { user, agency, role, scope, meta })
    }
}
