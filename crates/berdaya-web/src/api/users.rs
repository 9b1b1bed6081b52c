use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use berdaya_store::agencies::Agency;
use berdaya_store::users::User;
use berdaya_store::{agencies, users};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::extract::{ApiJson, Path, Query};
use crate::auth::ApiCtx;
use crate::error::{ApiError, ApiErrorBody};
use crate::services::accounts::{self, UserInput};
use crate::services::Actor;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct UserOut {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub region: String,
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
}

impl From<User> for UserOut {
    fn from(u: User) -> Self {
        UserOut {
            id: u.id,
            agency_id: u.agency_id,
            region: u.region,
            username: u.username,
            full_name: u.full_name,
            email: u.email,
            role: u.role,
            active: u.active,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AgencyOut {
    pub id: Uuid,
    pub name: String,
    pub short_name: String,
    /// Region code of the agency's scope; empty for national.
    pub region: String,
}

impl From<Agency> for AgencyOut {
    fn from(a: Agency) -> Self {
        AgencyOut { id: a.id, name: a.name, short_name: a.short_name, region: a.region }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MeOut {
    pub user: UserOut,
    pub agency: AgencyOut,
}

/// The caller's own account and agency.
#[utoipa::path(get, path = "/me", tag = "akun", responses((status = 200, body = MeOut), (status = 401, body = ApiErrorBody)))]
pub async fn me(ctx: ApiCtx) -> Json<MeOut> {
    Json(MeOut { user: ctx.user.into(), agency: ctx.agency.into() })
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Users in the caller's region scope.
#[utoipa::path(get, path = "/users", tag = "akun", params(ListParams),
    responses((status = 200, body = Vec<UserOut>), (status = 403, body = ApiErrorBody)))]
pub async fn list_users(State(state): State<AppState>, ctx: ApiCtx, Query(p): Query<ListParams>) -> Result<Json<Vec<UserOut>>, ApiError> {
    ctx.require(ctx.role.can_manage_users())?;
    let rows = users::list(&state.db, &ctx.scope, &p.q, p.limit.unwrap_or(50).clamp(1, 500), p.offset.unwrap_or(0).max(0)).await?;
    Ok(Json(rows.into_iter().map(UserOut::from).collect()))
}

/// One user in the caller's scope.
#[utoipa::path(get, path = "/users/{id}", tag = "akun",
    responses((status = 200, body = UserOut), (status = 404, body = ApiErrorBody)))]
pub async fn get_user(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<UserOut>, ApiError> {
    ctx.require(ctx.role.can_manage_users())?;
    Ok(Json(users::get(&state.db, &ctx.scope, id).await?.into()))
}

/// Create a user in an agency of the caller's scope (admin only).
#[utoipa::path(post, path = "/users", tag = "akun", request_body = UserInput,
    responses((status = 201, body = UserOut), (status = 422, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
pub async fn create_user(State(state): State<AppState>, ctx: ApiCtx, ApiJson(input): ApiJson<UserInput>) -> Result<(StatusCode, Json<UserOut>), ApiError> {
    let u = accounts::create_user(&state.db, &state.hasher, &Actor::from(&ctx), &input).await?;
    Ok((StatusCode::CREATED, Json(u.into())))
}

/// Change a user's name, email, role or active flag (admin only).
#[utoipa::path(patch, path = "/users/{id}", tag = "akun", request_body = UserInput,
    responses((status = 200, body = UserOut), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_user(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(input): ApiJson<UserInput>) -> Result<Json<UserOut>, ApiError> {
    let u = accounts::update_user(&state.db, &Actor::from(&ctx), id, &input).await?;
    Ok(Json(u.into()))
}

/// Agencies in the caller's scope.
#[utoipa::path(get, path = "/agencies", tag = "akun", responses((status = 200, body = Vec<AgencyOut>)))]
pub async fn list_agencies(State(state): State<AppState>, ctx: ApiCtx) -> Result<Json<Vec<AgencyOut>>, ApiError> {
    Ok(Json(agencies::list(&state.db, &ctx.scope).await?.into_iter().map(AgencyOut::from).collect()))
}

/// One agency in the caller's scope.
#[utoipa::path(get, path = "/agencies/{id}", tag = "akun",
    responses((status = 200, body = AgencyOut), (status = 404, body = ApiErrorBody)))]
pub async fn get_agency(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<AgencyOut>, ApiError> {
    Ok(Json(agencies::get(&state.db, &ctx.scope, id).await?.into()))
}
