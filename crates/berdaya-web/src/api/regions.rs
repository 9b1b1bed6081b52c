use axum::Json;
use axum::extract::State;
use berdaya_core::KodeWilayah;
use berdaya_store::regions;
use serde::{Deserialize, Serialize};

use super::extract::{Path, Query};
use crate::auth::ApiCtx;
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::http::StatusCode;

#[derive(Serialize, utoipa::ToSchema)]
pub struct RegionOut {
    /// Dotted Kemendagri code, e.g. `64.74.01.1001`.
    pub kode: String,
    pub nama: String,
    /// provinsi, kabkota, kecamatan or desakel.
    pub tingkat: String,
    /// Parent code; null for a provinsi.
    pub induk: Option<String>,
    pub penduduk: Option<i64>,
    pub luas_km2: Option<f64>,
    /// How many current regions lie directly below.
    pub children_count: i64,
    /// True when a newer list no longer has this code.
    pub retired: bool,
}

/// One region with its parent and the number of its children.
#[utoipa::path(get, path = "/regions/{kode}", tag = "wilayah",
    params(("kode" = String, Path, description = "Kode wilayah, bertitik atau tidak")),
    responses((status = 200, body = RegionOut), (status = 404, body = ApiErrorBody), (status = 401, body = ApiErrorBody)))]
pub async fn get_region(State(state): State<AppState>, _ctx: ApiCtx, Path(kode): Path<String>) -> Result<Json<RegionOut>, ApiError> {
    let code = KodeWilayah::parse(&kode).map_err(|e| ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string()))?;
    let r = regions::get(&state.db, &code.dotted())
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "Kode wilayah tidak ditemukan."))?;
    let children_count = regions::children_count(&state.db, &r.kode).await?;
    Ok(Json(RegionOut {
        kode: r.kode,
        nama: r.nama,
        tingkat: r.tingkat,
        induk: r.induk,
        penduduk: r.penduduk,
        luas_km2: r.luas_km2,
        children_count,
        retired: r.retired_version_id.is_some(),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchParams {
    /// Part of the name (at least 2 characters).
    q: String,
    /// Only below this code.
    within: Option<String>,
    /// provinsi, kabkota, kecamatan or desakel.
    level: Option<String>,
    /// At most this many (default 20, max 100).
    limit: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RegionHit {
    pub kode: String,
    pub nama: String,
    pub tingkat: String,
    pub induk: Option<String>,
}

/// Search regions by name.
#[utoipa::path(get, path = "/regions", tag = "wilayah", params(SearchParams),
    responses((status = 200, body = Vec<RegionHit>), (status = 422, body = ApiErrorBody)))]
pub async fn search_regions(State(state): State<AppState>, _ctx: ApiCtx, Query(p): Query<SearchParams>) -> Result<Json<Vec<RegionHit>>, ApiError> {
    if p.q.trim().chars().count() < 2 {
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "Parameter q minimal 2 karakter."));
    }
    let within = match p.within.as_deref().filter(|w| !w.is_empty()) {
        Some(w) => Some(KodeWilayah::parse(w).map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", e.to_string()))?.dotted()),
        None => None,
    };
    let limit = p.limit.unwrap_or(20).clamp(1, 100);
    let rows = regions::search(&state.db, &p.q, within.as_deref(), p.level.as_deref(), limit).await?;
    Ok(Json(rows.into_iter().map(|r| RegionHit { kode: r.kode, nama: r.nama, tingkat: r.tingkat, induk: r.induk }).collect()))
}
