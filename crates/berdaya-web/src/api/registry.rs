//! `/api/v1/owners` and `/api/v1/businesses`.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use berdaya_core::mask::mask_middle;
use berdaya_store::businesses::{self, Business, BusinessFilter};
use berdaya_store::owners::{self, Owner, OwnerFilter};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::extract::{ApiJson, Path, Query, bad_param};
use super::paging;
use crate::auth::ApiCtx;
use crate::error::{ApiError, ApiErrorBody};
use crate::services::Actor;
use crate::services::registry::{self, input::BusinessInput, input::OwnerInput};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct OwnerOut {
    pub id: Uuid,
    pub region: String,
    /// Masked (6474**********01) unless the caller's role needs it and asked for `full`.
    pub nik: String,
    pub nama: String,
    pub jenis_kelamin: String,
    /// Only with `full` (day and month are half of the NIK); the year is always given.
    pub tanggal_lahir: Option<NaiveDate>,
    pub tahun_lahir: Option<i32>,
    pub no_hp: String,
    pub alamat: String,
    pub warnings: Vec<String>,
    pub version: i32,
}

fn owner_out(o: Owner, full: bool) -> OwnerOut {
    OwnerOut {
        id: o.id,
        nik: if full { o.nik.clone() } else { mask_middle(&o.nik, 4, 2) },
        no_hp: if full || o.no_hp.is_empty() { o.no_hp.clone() } else { mask_middle(&o.no_hp, 6, 3) },
        alamat: if full { o.alamat.clone() } else { berdaya_core::mask::mask_address(&o.alamat) },
        region: o.region,
        nama: o.nama,
        jenis_kelamin: o.jenis_kelamin,
        tanggal_lahir: if full { o.tanggal_lahir } else { None },
        tahun_lahir: o.tanggal_lahir.map(|d| chrono::Datelike::year(&d)),
        warnings: o.warnings.lines().map(|w| if full { w.to_string() } else { berdaya_core::mask::mask_quoted(w) }).collect(),
        version: o.version,
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct OwnerParams {
    /// Name prefix, exact NIK, or exact phone (0812…, 62812… or +62812…).
    q: Option<String>,
    /// Region subtree (dotted code).
    region: Option<String>,
    /// Only people without a business yet (calon wirausaha).
    without_business: Option<bool>,
    /// Rows per page (default 50, at most 500).
    limit: Option<i64>,
    /// Cursor of the next page, as given in the previous page's `Link: <…>; rel="next"`
    /// header (`setelah` is accepted too, as on the registry page).
    #[serde(alias = "setelah")]
    after: Option<String>,
}

/// Owners in the caller's scope (personal data masked), a page at a time.
///
/// Ordered by name. While more rows follow, a `Link: <…>; rel="next"` header gives the
/// address of the next page (the same filters with the `after` cursor).
#[utoipa::path(get, path = "/owners", tag = "registri", params(OwnerParams),
    responses((status = 200, body = Vec<OwnerOut>, headers(("link" = String, description = "`<…>; rel=\"next\"`: the next page; absent on the last"))),
        (status = 400, body = ApiErrorBody)))]
pub async fn list_owners(
    State(state): State<AppState>,
    ctx: ApiCtx,
    OriginalUri(uri): OriginalUri,
    Query(p): Query<OwnerParams>,
) -> Result<(HeaderMap, Json<Vec<OwnerOut>>), ApiError> {
    let f = OwnerFilter {
        region: p.region,
        q: p.q.as_deref().and_then(berdaya_store::owners::search_term),
        without_business: p.without_business.unwrap_or(false),
        after: paging::parse_cursor(p.after.as_deref())?,
    };
    let limit = paging::limit(p.limit);
    let mut rows = owners::list(&state.db, &ctx.scope, &f, limit + 1).await?;
    let next = paging::split(&mut rows, limit, |o| paging::cursor(&o.nama_norm, o.id));
    Ok((paging::headers(&uri, next), Json(rows.into_iter().map(|o| owner_out(o, false)).collect())))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct FullParam {
    /// Return unmasked personal data (allowed roles only; audited).
    full: Option<bool>,
}

/// One owner; `full=true` returns personal data unmasked and is audited.
#[utoipa::path(get, path = "/owners/{id}", tag = "registri", params(FullParam),
    responses((status = 200, body = OwnerOut), (status = 404, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
pub async fn get_owner(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, Query(p): Query<FullParam>) -> Result<Json<OwnerOut>, ApiError> {
    if p.full.unwrap_or(false) {
        let o = registry::view_personal(&state.db, &Actor::from(&ctx), id).await?;
        return Ok(Json(owner_out(o, true)));
    }
    Ok(Json(owner_out(owners::get(&state.db, &ctx.scope, id).await?, false)))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewOwner {
    pub owner: OwnerInput,
    pub business: Option<BusinessInput>,
}

/// Register an owner (and optionally a first business). 409 on a registered NIK or on
/// probable duplicates (send `owner.lanjutkan = true` to save anyway; it is audited).
#[utoipa::path(post, path = "/owners", tag = "registri", request_body = NewOwner,
    responses((status = 201, body = OwnerOut), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_owner(State(state): State<AppState>, ctx: ApiCtx, ApiJson(body): ApiJson<NewOwner>) -> Result<(StatusCode, Json<OwnerOut>), ApiError> {
    let actor = Actor::from(&ctx);
    let mut owner = body.owner;
    owner.kode_wilayah = registry::resolve_region_text(&state.db, &ctx.scope, &owner.kode_wilayah).await?;
    let o = registry::create_owner(&state.db, &actor, &owner, body.business.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(owner_out(o, ctx.role.sees_personal_data()))))
}

/// The stored record's input with the fields the body names replaced (a PATCH: fields left
/// out keep their value). Without `versi` in the body the version read here is used, so an
/// edit saved in between is refused (409) rather than overwritten.
fn patched<T: Serialize + serde::de::DeserializeOwned>(current: T, body: serde_json::Value) -> Result<T, ApiError> {
    let serde_json::Value::Object(fields) = body else {
        return Err(super::extract::one(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json", "Isi permintaan harus berupa objek JSON.".into(), None));
    };
    let mut base = serde_json::to_value(current).map_err(|e| ApiError::from(crate::error::ServiceError::Other(e.into())))?;
    for (k, v) in fields {
        // `"versi": null` is "not sent": the version read here still guards the write.
        if k == "versi" && v.is_null() {
            continue;
        }
        base[k] = v;
    }
    super::extract::json_body(&serde_json::to_vec(&base).unwrap_or_default())
}

/// Change an owner's data: the fields in the body, the others kept.
#[utoipa::path(patch, path = "/owners/{id}", tag = "registri", request_body = OwnerInput,
    responses((status = 200, body = OwnerOut), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_owner(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(body): ApiJson<serde_json::Value>) -> Result<Json<OwnerOut>, ApiError> {
    let current = owners::get(&state.db, &ctx.scope, id).await.map_err(crate::error::ServiceError::from)?;
    let mut input: OwnerInput = patched(OwnerInput::from_owner(&current), body)?;
    input.kode_wilayah = registry::resolve_region_text(&state.db, &ctx.scope, &input.kode_wilayah).await?;
    let o = registry::update_owner(&state.db, &Actor::from(&ctx), id, &input).await?;
    Ok(Json(owner_out(o, ctx.role.sees_personal_data())))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BusinessOut {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub region: String,
    pub nama_usaha: String,
    pub nib: String,
    pub kbli: String,
    /// KBLI edition of `kbli` (2020 or 2025).
    pub kbli_versi: Option<i32>,
    pub sektor: String,
    pub modal: Option<i64>,
    pub omzet_tahunan: Option<i64>,
    pub tk_l: Option<i32>,
    pub tk_p: Option<i32>,
    /// Computed per PP 7/2021.
    pub skala: String,
    pub skala_dilaporkan: String,
    pub kanal: Vec<String>,
    pub izin: Vec<String>,
    pub version: i32,
}

fn split(set: &str) -> Vec<String> {
    set.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

impl From<Business> for BusinessOut {
    fn from(b: Business) -> Self {
        BusinessOut {
            kanal: split(&b.kanal),
            izin: split(&b.izin),
            id: b.id,
            owner_id: b.owner_id,
            region: b.region,
            nama_usaha: b.nama_usaha,
            nib: b.nib,
            kbli: b.kbli,
            kbli_versi: b.kbli_version,
            sektor: b.sektor,
            modal: b.modal,
            omzet_tahunan: b.omzet_tahunan,
            tk_l: b.tk_l,
            tk_p: b.tk_p,
            skala: b.skala,
            skala_dilaporkan: b.skala_dilaporkan,
            version: b.version,
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct BusinessParams {
    /// Words starting the business or owner name, or an exact NIK, phone or NIB.
    q: Option<String>,
    region: Option<String>,
    skala: Option<String>,
    sektor: Option<String>,
    izin: Option<String>,
    /// `nama` (business name, the default) or `pemilik` (owner name); `urut` as on the page.
    #[serde(alias = "urut")]
    sort: Option<String>,
    /// Rows per page (default 50, at most 500).
    limit: Option<i64>,
    /// Cursor of the next page, as given in the previous page's `Link: <…>; rel="next"`
    /// header (`setelah` is accepted too, as on the registry page).
    #[serde(alias = "setelah")]
    after: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BusinessListItem {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub region: String,
    pub nama_usaha: String,
    pub pemilik: String,
    pub sektor: String,
    pub skala: String,
    pub omzet_tahunan: Option<i64>,
}

/// Businesses in the caller's scope, a page at a time.
///
/// Ordered by business name (`sort=nama`) or owner name (`sort=pemilik`). While more rows
/// follow, a `Link: <…>; rel="next"` header gives the address of the next page (the same
/// filters and sort with the `after` cursor).
#[utoipa::path(get, path = "/businesses", tag = "registri", params(BusinessParams),
    responses((status = 200, body = Vec<BusinessListItem>, headers(("link" = String, description = "`<…>; rel=\"next\"`: the next page; absent on the last"))),
        (status = 400, body = ApiErrorBody)))]
pub async fn list_businesses(
    State(state): State<AppState>,
    ctx: ApiCtx,
    OriginalUri(uri): OriginalUri,
    Query(p): Query<BusinessParams>,
) -> Result<(HeaderMap, Json<Vec<BusinessListItem>>), ApiError> {
    let sort = match p.sort.as_deref().unwrap_or("") {
        "" | "nama" => "nama",
        "pemilik" => "pemilik",
        _ => return Err(bad_param("sort", "harus `nama` (nama usaha) atau `pemilik` (nama pemilik).")),
    };
    let f = BusinessFilter {
        region: p.region,
        skala: p.skala,
        sektor: p.sektor,
        izin: p.izin,
        q: p.q,
        sort: sort.to_string(),
        after: paging::parse_cursor(p.after.as_deref())?,
    };
    let limit = paging::limit(p.limit);
    let mut rows = businesses::list(&state.db, &ctx.scope, &f, limit + 1).await?;
    let next = paging::split(&mut rows, limit, |r| {
        paging::cursor(if sort == "pemilik" { &r.owner_nama_norm } else { &r.nama_norm }, r.id)
    });
    let items = rows
        .into_iter()
        .map(|r| BusinessListItem {
            id: r.id,
            owner_id: r.owner_id,
            region: r.region,
            nama_usaha: r.nama_usaha,
            pemilik: r.nama,
            sektor: r.sektor,
            skala: r.skala,
            omzet_tahunan: r.omzet_tahunan,
        })
        .collect();
    Ok((paging::headers(&uri, next), Json(items)))
}

/// One business.
#[utoipa::path(get, path = "/businesses/{id}", tag = "registri", responses((status = 200, body = BusinessOut), (status = 404, body = ApiErrorBody)))]
pub async fn get_business(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<BusinessOut>, ApiError> {
    Ok(Json(businesses::get(&state.db, &ctx.scope, id).await?.into()))
}

/// Add a business to an owner.
#[utoipa::path(post, path = "/owners/{id}/businesses", tag = "registri", request_body = BusinessInput,
    responses((status = 201, body = BusinessOut), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_business(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(input): ApiJson<BusinessInput>) -> Result<(StatusCode, Json<BusinessOut>), ApiError> {
    let b = registry::add_business(&state.db, &Actor::from(&ctx), id, &input).await?;
    Ok((StatusCode::CREATED, Json(b.into())))
}

/// Change a business's data: the fields in the body, the others kept (a change of figures
/// adds a dated snapshot). A new turnover (`omzet`) needs its `periode_omzet` ("bulan" or
/// "tahun") in the same body.
#[utoipa::path(patch, path = "/businesses/{id}", tag = "registri", request_body = BusinessInput,
    responses((status = 200, body = BusinessOut), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_business(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(body): ApiJson<serde_json::Value>) -> Result<Json<BusinessOut>, ApiError> {
    let current = businesses::get(&state.db, &ctx.scope, id).await.map_err(crate::error::ServiceError::from)?;
    let mut body = body;
    if let Some(fields) = body.as_object_mut() {
        // A new turnover comes with its period: asked for, not assumed from the stored figure's.
        if fields.contains_key("omzet") && !fields.contains_key("periode_omzet") {
            fields.insert("periode_omzet".into(), serde_json::Value::String(String::new()));
        }
        // A period or an edition alone would re-read the stored figure or code under it
        // (150 juta a year read as a month: 1,8 miliar).
        for (alone, with) in [("periode_omzet", "omzet"), ("kbli_versi", "kbli")] {
            if fields.contains_key(alone) && !fields.contains_key(with) {
                let mut f = crate::error::FieldErrors::default();
                f.add(alone, format!("Kirim `{with}` bersama `{alone}`."));
                return Err(crate::error::ServiceError::Invalid(f).into());
            }
        }
    }
    let input: BusinessInput = patched(BusinessInput::from_business(&current), body)?;
    Ok(Json(registry::update_business(&state.db, &Actor::from(&ctx), id, &input).await?.into()))
}
