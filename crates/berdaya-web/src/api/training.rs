//! `/api/v1/trainings`: batches (angkatan) with their sessions, participants and attendance.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use berdaya_core::mask::mask_middle;
use berdaya_store::training::{batches, participants};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::extract::{ApiJson, Path};
use crate::auth::ApiCtx;
use crate::error::{ApiError, ApiErrorBody};
use crate::services::Actor;
use crate::services::training::attendance::{self, GridInput, GridSaved};
use crate::services::training::participants::{self as svc, Added, BulkFilter, BulkResult};
use crate::services::training::{self, certificates};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct TrainingItem {
    pub id: Uuid,
    pub program_id: Uuid,
    pub judul: String,
    pub angkatan: String,
    pub tempat: String,
    pub tanggal_mulai: NaiveDate,
    pub tanggal_selesai: NaiveDate,
    pub kuota: i32,
    pub peserta: i64,
    pub sumber_dana: String,
    pub tahun_anggaran: i32,
}

/// Batches in the caller's scope, newest first.
#[utoipa::path(get, path = "/trainings", tag = "pelatihan", responses((status = 200, body = Vec<TrainingItem>)))]
pub async fn list_trainings(State(state): State<AppState>, ctx: ApiCtx) -> Result<Json<Vec<TrainingItem>>, ApiError> {
    let rows = batches::list(&state.db, &ctx.scope, None, 500).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| TrainingItem {
                id: r.id,
                program_id: r.program_id,
                judul: r.judul,
                angkatan: r.nama,
                tempat: r.tempat,
                tanggal_mulai: r.tanggal_mulai,
                tanggal_selesai: r.tanggal_selesai,
                kuota: r.kuota,
                peserta: r.peserta,
                sumber_dana: r.sumber_dana,
                tahun_anggaran: r.tahun_anggaran,
            })
            .collect(),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionOut {
    pub id: Uuid,
    pub tanggal: NaiveDate,
    pub jam_mulai: String,
    pub jam_selesai: String,
    pub topik: String,
    pub narasumber: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TrainingOut {
    pub id: Uuid,
    pub judul: String,
    pub kompetensi: String,
    pub angkatan: String,
    pub tempat: String,
    pub kuota: i32,
    pub kuota_kecamatan: Option<i32>,
    pub min_kehadiran: i32,
    pub min_post_test: Option<i32>,
    pub sesi: Vec<SessionOut>,
}

/// One batch with its sessions.
#[utoipa::path(get, path = "/trainings/{id}", tag = "pelatihan",
    responses((status = 200, body = TrainingOut), (status = 404, body = ApiErrorBody)))]
pub async fn get_training(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<TrainingOut>, ApiError> {
    let (b, p) = training::batch_with_program(&state.db, &Actor::from(&ctx), id).await?;
    let sesi = batches::sessions(&state.db, id)
        .await?
        .into_iter()
        .map(|s| SessionOut { id: s.id, tanggal: s.tanggal, jam_mulai: s.jam_mulai, jam_selesai: s.jam_selesai, topik: s.topik, narasumber: s.narasumber })
        .collect();
    Ok(Json(TrainingOut {
        id: b.id,
        judul: p.judul,
        kompetensi: p.kompetensi,
        angkatan: b.nama,
        tempat: b.tempat,
        kuota: b.kuota,
        kuota_kecamatan: b.kuota_kecamatan,
        min_kehadiran: b.min_kehadiran,
        min_post_test: b.min_post_test,
        sesi,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ParticipantOut {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub nama: String,
    /// Masked unless the caller's role may see personal data.
    pub nik: String,
    pub kecamatan: String,
    /// peserta, cadangan or mundur.
    pub status: String,
    pub antrean: Option<i32>,
    pub hadir: i64,
    pub pre_test: Option<i32>,
    pub post_test: Option<i32>,
    pub lulus: bool,
    pub peringatan: String,
}

/// Everyone in a batch: selected, waitlist (in order), withdrawn.
#[utoipa::path(get, path = "/trainings/{id}/participants", tag = "pelatihan",
    responses((status = 200, body = Vec<ParticipantOut>), (status = 404, body = ApiErrorBody)))]
pub async fn list_participants(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<Vec<ParticipantOut>>, ApiError> {
    let (b, _) = training::batch_with_program(&state.db, &Actor::from(&ctx), id).await?;
    let n = batches::sessions(&state.db, id).await?.len();
    let full = ctx.role.sees_personal_data();
    let rows = participants::list(&state.db, id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ParticipantOut {
                lulus: attendance::completed(&b, n, &r),
                id: r.id,
                owner_id: r.owner_id,
                nama: r.nama,
                nik: if full { r.nik } else { mask_middle(&r.nik, 4, 2) },
                kecamatan: r.kecamatan,
                status: r.status,
                antrean: r.antrean,
                hadir: r.hadir,
                pre_test: r.pre_test,
                post_test: r.post_test,
                peringatan: r.peringatan,
            })
            .collect(),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AddParticipant {
    pub owner_id: Uuid,
}

/// Add a registered owner; 201 with "peserta" or "cadangan" (waitlist), 409 when already in.
#[utoipa::path(post, path = "/trainings/{id}/participants", tag = "pelatihan", request_body = AddParticipant,
    responses((status = 201, body = Added), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_participant(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(body): ApiJson<AddParticipant>) -> Result<(StatusCode, Json<Added>), ApiError> {
    let a = svc::add_owner(&state.db, &Actor::from(&ctx), id, body.owner_id).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// Add everyone in scope matching a filter and the batch's criteria (one transaction).
#[utoipa::path(post, path = "/trainings/{id}/participants/bulk", tag = "pelatihan", request_body = BulkFilter,
    responses((status = 200, body = BulkResult), (status = 404, body = ApiErrorBody)))]
pub async fn bulk_add(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(body): ApiJson<BulkFilter>) -> Result<Json<BulkResult>, ApiError> {
    Ok(Json(svc::add_by_filter(&state.db, &Actor::from(&ctx), id, &body).await?))
}

/// Withdraw a participant; the waitlist moves up. Returns the promoted participant ids.
#[utoipa::path(post, path = "/trainings/participants/{id}/withdraw", tag = "pelatihan",
    responses((status = 200, body = Vec<Uuid>), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn withdraw(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>) -> Result<Json<Vec<Uuid>>, ApiError> {
    Ok(Json(svc::withdraw(&state.db, &Actor::from(&ctx), id).await?))
}

/// Replace the whole attendance grid and the test scores of a batch in one transaction.
#[utoipa::path(put, path = "/trainings/{id}/attendance", tag = "pelatihan", request_body = GridInput,
    responses((status = 200, body = GridSaved), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn put_attendance(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, ApiJson(body): ApiJson<GridInput>) -> Result<Json<GridSaved>, ApiError> {
    Ok(Json(attendance::save_grid(&state.db, &Actor::from(&ctx), id, &body).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct JobQueued {
    pub job_id: Uuid,
}

/// Queue certificate issuing for everyone who completed; poll `/jobs/{job_id}`.
#[utoipa::path(post, path = "/trainings/{id}/certificates", tag = "pelatihan",
    responses((status = 202, body = JobQueued), (status = 404, body = ApiErrorBody)))]
pub async fn issue_certificates(State(state): State<AppState>, ctx: ApiCtx, Path(id): Path<Uuid>, headers: axum::http::HeaderMap) -> Result<(StatusCode, Json<JobQueued>), ApiError> {
    let base = certificates::base_url(&state.config, &headers);
    let job_id = certificates::queue(&state.db, &Actor::from(&ctx), id, &base).await?;
    Ok((StatusCode::ACCEPTED, Json(JobQueued { job_id })))
}
