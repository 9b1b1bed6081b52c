//! `/api/v1/aid-programs…`: programs, applications, screening, dry run, batch decisions and
//! budget, through the same services as the pages.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use berdaya_core::mask::mask_middle;
use berdaya_store::aid::applications::{self as apps, AppFilter, Application};
use berdaya_store::aid::{self as programs, Program};
use serde::Serialize;
use uuid::Uuid;

use super::extract::{ApiJson, Path};
use crate::auth::ApiCtx;
use crate::error::{ApiError, ApiErrorBody};
use crate::services::Actor;
use crate::services::aid::applications::{self as app_svc, ApplicationInput};
use crate::services::aid::approval::{self, DecisionInput};
use crate::services::aid::screening::{self, DryRun};
use crate::services::aid::{self, ProgramInput, budget};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProgramOut {
    pub id: Uuid,
    pub nama: String,
    pub jenis: String,
    pub sumber_dana: String,
    pub tahun: i32,
    pub pagu: i64,
    pub nilai_per_penerima: i64,
    pub kuota: i32,
    pub target_region: String,
    pub dokumen_wajib: Vec<String>,
    pub barang: Vec<aid::Item>,
    /// The rule set as stored.
    #[schema(value_type = Object)]
    pub aturan: serde_json::Value,
    /// The rules read in Bahasa Indonesia.
    pub aturan_teks: Vec<String>,
    pub version: i32,
}

impl From<Program> for ProgramOut {
    fn from(p: Program) -> Self {
        ProgramOut {
            aturan: serde_json::from_str(&p.aturan).unwrap_or_default(),
            aturan_teks: Vec::new(),
            barang: aid::items(&p),
            dokumen_wajib: p.dokumen_wajib.split(',').filter(|d| !d.is_empty()).map(str::to_string).collect(),
            id: p.id,
            nama: p.nama,
            jenis: p.jenis,
            sumber_dana: p.sumber_dana,
            tahun: p.tahun,
            pagu: p.pagu,
            nilai_per_penerima: p.nilai_per_penerima,
            kuota: p.kuota,
            target_region: p.target_region,
            version: p.version,
        }
    }
}

/// The program with its rules read in Bahasa (region names from the regions table).
async fn out(state: &AppState, p: Program) -> Result<ProgramOut, ApiError> {
    let teks = aid::rules::describe_named(&state.db, &aid::rule_set(&p)).await?;
    Ok(ProgramOut { aturan_teks: teks, ..p.into() })
}

/// Aid programs in the caller's scope.
#[utoipa::path(get, path = "/aid-programs", tag = "bantuan", responses((status = 200, body = Vec<ProgramOut>)))]
pub async fn list_programs(State(state): State<AppState>, ctx: ApiCtx) -> Result<Json<Vec<ProgramOut>>, ApiError> {
    let mut list = Vec::new();
    for p in programs::list(&state.db, &ctx.scope).await? {
        list.push(out(&state, p).await?);
    }
    Ok(Json(list))
}

/// Create a program with its rule set.
#[utoipa::path(post, path = "/aid-programs", tag = "bantuan", request_body = ProgramInput,
    responses((status = 201, body = ProgramOut), (status = 422, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
pub async fn create_program(State(state): State<AppState>, ctx: ApiCtx, ApiJson(input): ApiJson<ProgramInput>) -> Result<(StatusCode, Json<ProgramOut>), ApiError> {
    let p = aid::create_program(&state.db, &Actor::from(&ctx), &input).await?;
    Ok((StatusCode::CREATED, Json(out(&state, p).await?)))
}

/// One program.
#[utoipa::path(get, path = "/aid-programs/{id}", tag = "bantuan", responses((status = 200, body = ProgramOut), (status = 404, body = ApiErrorBody)))]
pub async fn get_program(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<ProgramOut>, ApiError> {
    Ok(Json(out(&state, programs::get(&state.db, &ctx.scope, id).await?).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApplicationOut {
    pub id: Uuid,
    pub owner_id: Uuid,
    /// Masked unless the role may see personal data.
    pub nik: String,
    pub nama: String,
    pub region: String,
    pub status: String,
    pub keputusan: String,
    pub kategori: Vec<String>,
    pub alasan: String,
    /// Every rule's result.
    #[schema(value_type = Object)]
    pub hasil_aturan: serde_json::Value,
    pub survei_status: String,
}

fn app_out(a: Application, full: bool) -> ApplicationOut {
    ApplicationOut {
        id: a.id,
        owner_id: a.owner_id,
        nik: if full { a.nik.clone() } else { mask_middle(&a.nik, 4, 2) },
        nama: a.nama,
        region: a.region,
        status: a.status,
        keputusan: a.keputusan,
        kategori: a.kategori.split(',').filter(|k| !k.is_empty()).map(str::to_string).collect(),
        alasan: a.alasan,
        hasil_aturan: serde_json::from_str(&a.hasil_aturan).unwrap_or_default(),
        survei_status: a.survei_status,
    }
}

/// Applications of a program (personal data masked for roles that do not need it).
#[utoipa::path(get, path = "/aid-programs/{id}/applications", tag = "bantuan",
    responses((status = 200, body = Vec<ApplicationOut>), (status = 404, body = ApiErrorBody)))]
pub async fn list_applications(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<Vec<ApplicationOut>>, ApiError> {
    programs::get(&state.db, &ctx.scope, id).await?;
    let full = ctx.role.sees_personal_data();
    let rows = apps::list(&state.db, &ctx.scope, id, &AppFilter::default(), 5000).await?;
    Ok(Json(rows.into_iter().map(|a| app_out(a, full)).collect()))
}

/// Enter an application (a registered owner by `owner_id` or `nik`, or a new person).
#[utoipa::path(post, path = "/aid-programs/{id}/applications", tag = "bantuan", request_body = ApplicationInput,
    responses((status = 201, body = ApplicationOut), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_application(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(input): ApiJson<ApplicationInput>) -> Result<(StatusCode, Json<ApplicationOut>), ApiError> {
    let a = app_svc::create(&state.db, &Actor::from(&ctx), id, &input).await?;
    Ok((StatusCode::CREATED, Json(app_out(a, ctx.role.sees_personal_data()))))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct JobRef {
    pub job_id: Uuid,
}

/// Queue the screening job (progress at `/jobs/{id}`).
#[utoipa::path(post, path = "/aid-programs/{id}/screening", tag = "bantuan", responses((status = 202, body = JobRef), (status = 404, body = ApiErrorBody)))]
pub async fn screen(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<(StatusCode, Json<JobRef>), ApiError> {
    let job_id = screening::queue(&state.db, &Actor::from(&ctx), id).await?;
    Ok((StatusCode::ACCEPTED, Json(JobRef { job_id })))
}

/// How many would pass now and at what cost against the remaining budget (nothing stored).
#[utoipa::path(get, path = "/aid-programs/{id}/dry-run", tag = "bantuan", responses((status = 200, body = DryRun), (status = 404, body = ApiErrorBody)))]
pub async fn dry_run(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<DryRun>, ApiError> {
    Ok(Json(screening::dry_run(&state.db, &Actor::from(&ctx), id).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BatchOut {
    pub id: Uuid,
    pub nomor: i32,
    pub status: String,
    pub jumlah: i32,
    pub total: i64,
    pub sk_nomor: String,
}

/// Decide a proposed batch (pimpinan; never the proposer).
#[utoipa::path(post, path = "/aid-programs/{id}/batches/{batch_id}/decision", tag = "bantuan", request_body = DecisionInput,
    responses((status = 200, body = BatchOut), (status = 409, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
pub async fn decide(State(state): State<AppState>, ctx: ApiCtx, Path((id, batch_id)): Path<(Uuid, Uuid)>, ApiJson(input): ApiJson<DecisionInput>) -> Result<Json<BatchOut>, ApiError> {
    let b = berdaya_store::aid::batches::get(&state.db, &ctx.scope, batch_id).await?;
    if b.program_id != id {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "Data tidak ditemukan."));
    }
    let b = approval::decide(&state.db, &Actor::from(&ctx), batch_id, &input).await?;
    Ok(Json(BatchOut { id: b.id, nomor: b.nomor, status: b.status, jumlah: b.jumlah, total: b.total, sk_nomor: b.sk_nomor }))
}

/// Pagu, committed and realised per program and per funding source.
#[utoipa::path(get, path = "/aid-programs/budget", tag = "bantuan", responses((status = 200, body = budget::Summary)))]
pub async fn budget_summary(State(state): State<AppState>, ctx: ApiCtx) -> Result<Json<budget::Summary>, ApiError> {
    Ok(Json(budget::summary(&state.db, &ctx.scope, None).await?))
}
