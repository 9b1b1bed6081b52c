//! Batch forms, sessions and costs. The batch page itself is in `detail`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_core::tanggal::fmt_dmy;
use berdaya_store::training::{batches, programs};
use serde::Deserialize;
use uuid::Uuid;

pub use super::detail::show;
use super::detail::{DetailErrors, render_detail};
use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, render_status};
use crate::services::Actor;
use crate::services::training::{self, input::{BatchInput, CostInput, SessionInput}};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "training_batch_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    judul: String,
    action: String,
    cancel: String,
    new: bool,
    i: BatchInput,
    errors: FieldErrors,
    sectors: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BatchForm {
    nama: String,
    tempat: String,
    kuota: String,
    kuota_kecamatan: String,
    kriteria_wilayah: String,
    kriteria_sektor: String,
    kriteria_skala: String,
    kriteria_jenis: String,
    min_kehadiran: String,
    min_post_test: String,
    tanggal_mulai: String,
    tanggal_selesai: String,
    jam_mulai: String,
    jam_selesai: String,
    penandatangan_nama: String,
    penandatangan_jabatan: String,
}

impl BatchForm {
    fn input(self) -> BatchInput {
        BatchInput {
            nama: self.nama,
            tempat: self.tempat,
            kuota: self.kuota,
            kuota_kecamatan: self.kuota_kecamatan,
            kriteria_wilayah: self.kriteria_wilayah,
            kriteria_sektor: self.kriteria_sektor,
            kriteria_skala: self.kriteria_skala,
            kriteria_jenis: self.kriteria_jenis,
            min_kehadiran: self.min_kehadiran,
            min_post_test: self.min_post_test,
            tanggal_mulai: self.tanggal_mulai,
            tanggal_selesai: self.tanggal_selesai,
            jam_mulai: self.jam_mulai,
            jam_selesai: self.jam_selesai,
            penandatangan_nama: self.penandatangan_nama,
            penandatangan_jabatan: self.penandatangan_jabatan,
        }
    }
}

struct Mode {
    heading: &'static str,
    judul: String,
    action: String,
    cancel: String,
    new: bool,
}

fn form(ctx: &Ctx, m: Mode, i: BatchInput, err: Option<ServiceError>) -> Result<Response, AppError> {
    let (errors, status) = super::form_errors(err)?;
    let page = FormPage {
        l: Layout::new(ctx, "pelatihan"),
        heading: m.heading.into(),
        judul: m.judul,
        action: m.action,
        cancel: m.cancel,
        new: m.new,
        i,
        errors,
        sectors: berdaya_core::kbli::KategoriKbli::all().iter().map(|k| (k.letter().to_string(), k.name().to_string())).collect(),
    };
    render_status(status, &page)
}

fn new_mode(p: &programs::Program) -> Mode {
    Mode {
        heading: "Angkatan baru",
        judul: p.judul.clone(),
        action: format!("/pelatihan/program/{}/angkatan/baru", p.id),
        cancel: format!("/pelatihan/program/{}", p.id),
        new: true,
    }
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let p = programs::get(&state.db, &ctx.scope, id).await?;
    let i = BatchInput { min_kehadiran: "75".into(), jam_mulai: "08:00".into(), jam_selesai: "16:00".into(), ..Default::default() };
    form(&ctx, new_mode(&p), i, None)
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<BatchForm>) -> Result<Response, AppError> {
    let p = programs::get(&state.db, &ctx.scope, id).await?;
    let input = f.input();
    match training::create_batch(&state.db, &Actor::from(&ctx), id, &input).await {
        Ok(b) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{}?pesan=dibuat", b.id)).into_response()),
        Err(e) => form(&ctx, new_mode(&p), input, Some(e)),
    }
}

fn edit_mode(b: &batches::Batch, p: &programs::Program) -> Mode {
    Mode {
        heading: "Ubah angkatan",
        judul: p.judul.clone(),
        action: format!("/pelatihan/angkatan/{}/ubah", b.id),
        cancel: format!("/pelatihan/angkatan/{}", b.id),
        new: false,
    }
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let (b, p) = training::batch_with_program(&state.db, &Actor::from(&ctx), id).await?;
    let i = BatchInput {
        nama: b.nama.clone(),
        tempat: b.tempat.clone(),
        kuota: b.kuota.to_string(),
        kuota_kecamatan: b.kuota_kecamatan.map(|v| v.to_string()).unwrap_or_default(),
        kriteria_wilayah: b.kriteria_wilayah.clone(),
        kriteria_sektor: b.kriteria_sektor.clone(),
        kriteria_skala: b.kriteria_skala.clone(),
        kriteria_jenis: b.kriteria_jenis.clone(),
        min_kehadiran: b.min_kehadiran.to_string(),
        min_post_test: b.min_post_test.map(|v| v.to_string()).unwrap_or_default(),
        tanggal_mulai: fmt_dmy(b.tanggal_mulai),
        tanggal_selesai: fmt_dmy(b.tanggal_selesai),
        jam_mulai: String::new(),
        jam_selesai: String::new(),
        penandatangan_nama: b.penandatangan_nama.clone(),
        penandatangan_jabatan: b.penandatangan_jabatan.clone(),
    };
    form(&ctx, edit_mode(&b, &p), i, None)
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<BatchForm>) -> Result<Response, AppError> {
    let (b, p) = training::batch_with_program(&state.db, &Actor::from(&ctx), id).await?;
    let input = f.input();
    match training::update_batch(&state.db, &Actor::from(&ctx), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}?pesan=tersimpan")).into_response()),
        Err(e) => form(&ctx, edit_mode(&b, &p), input, Some(e)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SessionForm {
    tanggal: String,
    jam_mulai: String,
    jam_selesai: String,
    topik: String,
    narasumber: String,
}

impl SessionForm {
    fn input(self) -> SessionInput {
        SessionInput { tanggal: self.tanggal, jam_mulai: self.jam_mulai, jam_selesai: self.jam_selesai, topik: self.topik, narasumber: self.narasumber }
    }
}

pub async fn add_session(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<SessionForm>) -> Result<Response, AppError> {
    let input = f.input();
    match training::save_session(&state.db, &Actor::from(&ctx), id, None, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}?pesan=tersimpan#sesi")).into_response()),
        Err(ServiceError::Invalid(errors)) => render_detail(&state, &ctx, id, DetailErrors { session: errors, session_input: input, ..Default::default() }).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "training_session_form.html")]
struct SessionPage {
    l: Layout,
    batch_id: String,
    action: String,
    i: SessionInput,
    errors: FieldErrors,
}

pub async fn session_form(State(state): State<AppState>, ctx: Ctx, Path((id, sid)): Path<(Uuid, Uuid)>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    batches::get(&state.db, &ctx.scope, id).await?;
    let s = batches::sessions(&state.db, id).await?.into_iter().find(|s| s.id == sid).ok_or(AppError::NotFound)?;
    let i = SessionInput { tanggal: fmt_dmy(s.tanggal), jam_mulai: s.jam_mulai, jam_selesai: s.jam_selesai, topik: s.topik, narasumber: s.narasumber };
    let page = SessionPage { l: Layout::new(&ctx, "pelatihan"), batch_id: id.to_string(), action: format!("/pelatihan/angkatan/{id}/sesi/{sid}"), i, errors: FieldErrors::default() };
    render_status(StatusCode::OK, &page)
}

pub async fn update_session(State(state): State<AppState>, ctx: Ctx, Path((id, sid)): Path<(Uuid, Uuid)>, CsrfForm(f): CsrfForm<SessionForm>) -> Result<Response, AppError> {
    let input = f.input();
    match training::save_session(&state.db, &Actor::from(&ctx), id, Some(sid), &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}?pesan=tersimpan#sesi")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let page = SessionPage { l: Layout::new(&ctx, "pelatihan"), batch_id: id.to_string(), action: format!("/pelatihan/angkatan/{id}/sesi/{sid}"), i: input, errors };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_session(State(state): State<AppState>, ctx: Ctx, Path((id, sid)): Path<(Uuid, Uuid)>, CsrfForm(_f): CsrfForm<SessionForm>) -> Result<Response, AppError> {
    training::delete_session(&state.db, &Actor::from(&ctx), id, sid).await?;
    Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}?pesan=tersimpan#sesi")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CostForm {
    tanggal: String,
    uraian: String,
    jumlah: String,
}

pub async fn add_cost(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<CostForm>) -> Result<Response, AppError> {
    let input = CostInput { tanggal: f.tanggal, uraian: f.uraian, jumlah: f.jumlah };
    match training::add_cost(&state.db, &Actor::from(&ctx), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}?pesan=tersimpan#biaya")).into_response()),
        Err(ServiceError::Invalid(errors)) => render_detail(&state, &ctx, id, DetailErrors { cost: errors, cost_input: input, ..Default::default() }).await,
        Err(e) => Err(e.into()),
    }
}
