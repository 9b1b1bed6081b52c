//! Application pages: entry (registered NIK or a new person), proposal-list import, detail with
//! every rule's result, documents, and the review decision.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::aid::applications::{self as apps, Application};
use berdaya_store::aid::{self as programs, Program};
use berdaya_store::settings;
use berdaya_tabular::{Mapping, ReadOptions, Table, propose_mapping};
use serde::Deserialize;
use uuid::Uuid;

use super::form::Values;
use super::{keputusan_label, read_upload, status_label, survei_label};
use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::registry::Masker;
use crate::html::{Layout, render, render_status};
use crate::services::Actor;
use crate::services::aid::applications::{self as svc, ApplicationInput};
use crate::services::aid::rules::{DOC_KINDS, RuleResult, category_label, doc_label};
use crate::services::aid::{documents, screening};
use crate::services::registry::input::{BusinessInput, OwnerInput};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "aid_application_form.html")]
struct FormPage {
    l: Layout,
    p: Program,
    v: Values,
    errors: FieldErrors,
    alert: String,
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let p = programs::get(&state.db, &ctx.scope, id).await?;
    render(&FormPage { l: Layout::new(&ctx, "bantuan"), p, v: Values::default(), errors: FieldErrors::default(), alert: String::new() })
}

fn input_of(v: &Values) -> ApplicationInput {
    let new_person = !v.get("nama").trim().is_empty();
    ApplicationInput {
        owner_id: None,
        nik: v.get("nik").into(),
        owner_baru: new_person.then(|| OwnerInput {
            nik: v.get("nik").into(),
            no_kk: v.get("no_kk").into(),
            nama: v.get("nama").into(),
            jenis_kelamin: v.get("jenis_kelamin").into(),
            tanggal_lahir: v.get("tanggal_lahir").into(),
            alamat: v.get("alamat").into(),
            kode_wilayah: v.get("kode_wilayah").into(),
            no_hp: v.get("no_hp").into(),
            lanjutkan: v.on("lanjutkan"),
            ..Default::default()
        }),
        usaha_baru: (new_person && !v.get("nama_usaha").trim().is_empty()).then(|| BusinessInput {
            nama_usaha: v.get("nama_usaha").into(),
            kbli: v.get("kbli").into(),
            modal: v.get("modal").into(),
            omzet: v.get("omzet").into(),
            periode_omzet: "bulan".into(),
            tahun_berdiri: v.get("tahun_berdiri").into(),
            ..Default::default()
        }),
        bank: v.get("bank").into(),
        no_rekening: v.get("no_rekening").into(),
    }
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(form): CsrfForm<HashMap<String, String>>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let p = programs::get(&state.db, &ctx.scope, id).await?;
    let mut v = Values(form);
    let actor = Actor::from(&ctx);
    if !v.get("kode_wilayah").trim().is_empty() {
        match crate::services::registry::resolve_region_text(&state.db, &ctx.scope, v.get("kode_wilayah")).await {
            Ok(code) => {
                v.0.insert("kode_wilayah".into(), code);
            }
            Err(ServiceError::Invalid(f)) => {
                return render_status(StatusCode::UNPROCESSABLE_ENTITY, &FormPage { l: Layout::new(&ctx, "bantuan"), p, v, errors: f, alert: String::new() });
            }
            Err(e) => return Err(e.into()),
        }
    }
    let (errors, alert, status) = match svc::create(&state.db, &actor, id, &input_of(&v)).await {
        Ok(a) => return Ok(Redirect::to(&format!("/bantuan/permohonan/{}?pesan=dibuat", a.id)).into_response()),
        Err(ServiceError::Invalid(f)) => (f, String::new(), StatusCode::UNPROCESSABLE_ENTITY),
        Err(ServiceError::Conflict(m)) => (FieldErrors::default(), m, StatusCode::CONFLICT),
        Err(ServiceError::DuplicateNik { .. }) => (FieldErrors::default(), "NIK sudah terdaftar di wilayah lain.".into(), StatusCode::CONFLICT),
        Err(ServiceError::ProbableDuplicates(d)) => (
            FieldErrors::default(),
            format!(
                "Kemungkinan orang yang sama sudah terdaftar: {}. Bila memang berbeda, centang \"Tetap simpan\" lalu kirim lagi.",
                d.iter().map(|c| format!("{} ({})", c.nama, c.reason)).collect::<Vec<_>>().join("; ")
            ),
            StatusCode::CONFLICT,
        ),
        Err(e) => return Err(e.into()),
    };
    render_status(status, &FormPage { l: Layout::new(&ctx, "bantuan"), p, v, errors, alert })
}

pub async fn import(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let up = read_upload(&state, request).await?;
    let Some((_, data)) = up.file else { return Err(AppError::BadRequest("Pilih berkas .xlsx atau .csv.".into())) };
    let table = Table::from_bytes(data.to_vec(), &ReadOptions::default()).map_err(|e| AppError::BadRequest(format!("Berkas tidak dapat dibaca: {e}")))?;
    let saved = settings::get(&state.db, &format!("import_mapping:{}", ctx.agency.id)).await?.and_then(|j| Mapping::from_json(&j).ok());
    let header = table.header().columns.clone();
    let mapping = saved.map(|m| m.rebind(&header)).unwrap_or_else(|| propose_mapping(&header));
    let sum = svc::import_proposals(&state.db, &Actor::from(&ctx), id, table, &mapping).await?;
    render(&ImportResult { l: Layout::new(&ctx, "bantuan"), program_id: id, sum })
}

#[derive(Template)]
#[template(path = "aid_import.html")]
struct ImportResult {
    l: Layout,
    program_id: Uuid,
    sum: svc::ProposalSummary,
}

pub struct DocRow {
    jenis: String,
    file_id: Uuid,
}

#[derive(Template)]
#[template(path = "aid_application.html")]
struct DetailPage {
    l: Layout,
    a: Application,
    p: Program,
    wilayah: String,
    nik: String,
    keputusan: String,
    kategori: String,
    survei: String,
    status: String,
    results: Vec<RuleResult>,
    docs: Vec<DocRow>,
    doc_kinds: Vec<(String, String)>,
    can_write: bool,
    can_survey: bool,
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<Pesan>) -> Result<Response, AppError> {
    let a = apps::get(&state.db, &ctx.scope, id).await?;
    let p = programs::get(&state.db, &ctx.scope, a.program_id).await?;
    let docs = apps::documents(&state.db, id).await?.into_iter().map(|d| DocRow { jenis: doc_label(&d.jenis).into(), file_id: d.file_id }).collect();
    let results: Vec<RuleResult> = serde_json::from_str(&a.hasil_aturan).unwrap_or_default();
    let masker = Masker { full: ctx.role.sees_personal_data() };
    let is_surveyor = a.surveyor_id.is_some() && a.surveyor_id == Some(ctx.user.id);
    let names = super::region_names(&state, [a.region.as_str()]).await?;
    render(&DetailPage {
        wilayah: super::name_of(&names, &a.region),
        l: Layout::new(&ctx, "bantuan").with_notice(super::notice(q.pesan.as_deref())),
        nik: masker.nik(&a.nik),
        keputusan: keputusan_label(&a.keputusan).into(),
        kategori: a.kategori.split(',').filter(|k| !k.is_empty()).map(category_label).collect::<Vec<_>>().join(", "),
        survei: survei_label(&a.survei_status).into(),
        status: status_label(&a.status).into(),
        results,
        docs,
        doc_kinds: DOC_KINDS.iter().map(|d| (d.0.to_string(), d.1.to_string())).collect(),
        can_write: ctx.role.can_write_records(),
        can_survey: (is_surveyor || ctx.role.can_write_records()) && a.status == "diajukan",
        a,
        p,
    })
}

pub async fn upload(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let up = read_upload(&state, request).await?;
    let Some((name, data)) = up.file.clone() else { return Err(AppError::BadRequest("Pilih berkas gambar atau PDF.".into())) };
    documents::upload(&state.db, &state.storage, &Actor::from(&ctx), id, up.get("jenis"), &name, data).await?;
    Ok(Redirect::to(&format!("/bantuan/permohonan/{id}?pesan=dokumen")).into_response())
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    keputusan: String,
    #[serde(default)]
    catatan: String,
}

pub async fn review(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<ReviewForm>) -> Result<Response, AppError> {
    screening::resolve_review(&state.db, &Actor::from(&ctx), id, &f.keputusan, &f.catatan).await?;
    Ok(Redirect::to(&format!("/bantuan/permohonan/{id}?pesan=tinjau")).into_response())
}
