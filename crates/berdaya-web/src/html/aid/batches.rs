//! Batch pages: propose, the batch with its decision form (pimpinan), approved list as PDF and
//! XLSX, BAST; cash disbursement (transfer file, bank result, retry) and in-kind handover.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::aid::batches::{self, Batch};
use berdaya_store::aid::{self as programs, Program};
use serde::Deserialize;
use uuid::Uuid;

use super::{read_upload, rp, status_label};
use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::registry::Masker;
use crate::html::{Layout, render, render_status};
use crate::services::{Actor, letterhead};
use crate::services::aid::approval::{self, DecisionInput};
use crate::services::aid::{disburse, is_cash, pdfs};
use crate::state::AppState;

fn download(bytes: Vec<u8>, name: &str, content_type: &str) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", name.replace(['"', '\\'], ""));
    ([(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    catatan: String,
}

pub async fn propose(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<NoteForm>) -> Result<Response, AppError> {
    let b = approval::propose(&state.db, &Actor::from(&ctx), id, &f.catatan).await?;
    Ok(Redirect::to(&format!("/bantuan/usulan/{}?pesan=diusulkan", b.id)).into_response())
}

pub struct RecipientRow {
    id: Uuid,
    nama: String,
    nik: String,
    region: String,
    nilai: String,
    status: String,
    status_code: String,
    referensi: String,
}

#[derive(Template)]
#[template(path = "aid_batch.html")]
struct BatchPage {
    l: Layout,
    b: Batch,
    p: Program,
    status: String,
    total: String,
    members: Vec<(Uuid, String, String, String)>,
    recipients: Vec<RecipientRow>,
    can_decide: bool,
    own_batch: bool,
    can_write: bool,
    is_cash: bool,
    /// The agency has no signatory yet: the PDFs print a blank line to sign by hand.
    no_signer: bool,
    /// The decision form as typed, with what is wrong, when it was refused.
    input: DecisionInput,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<Pesan>) -> Result<Response, AppError> {
    render(&batch_page(&state, &ctx, id, super::notice(q.pesan.as_deref()), DecisionInput::default(), FieldErrors::default()).await?)
}

async fn batch_page(state: &AppState, ctx: &Ctx, id: Uuid, notice: &str, input: DecisionInput, errors: FieldErrors) -> Result<BatchPage, AppError> {
    let b = batches::get(&state.db, &ctx.scope, id).await?;
    let p = programs::get(&state.db, &ctx.scope, b.program_id).await?;
    let masker = Masker { full: ctx.role.sees_personal_data() };
    let f = berdaya_store::aid::applications::AppFilter { batch_id: Some(id), ..Default::default() };
    let members = berdaya_store::aid::applications::list(&state.db, &ctx.scope, p.id, &f, 10_000).await?;
    let recipients = batches::recipients(&state.db, &ctx.scope, p.id, Some(id)).await?;
    let names = super::region_names(state, members.iter().map(|a| a.region.as_str()).chain(recipients.iter().map(|r| r.region.as_str()))).await?;
    let members = members.into_iter().map(|a| (a.id, a.nama, masker.nik(&a.nik), super::name_of(&names, &a.region))).collect();
    let recipients = recipients
        .into_iter()
        .map(|r| RecipientRow {
            id: r.id,
            nik: masker.nik(&r.nik),
            nilai: rp(r.nilai),
            status: status_label(&r.status).into(),
            status_code: r.status,
            referensi: r.referensi,
            region: super::name_of(&names, &r.region),
            nama: r.nama,
        })
        .collect();
    let no_signer = b.status == "disetujui" && {
        let agency = letterhead::agency_for(&state.db, &p.region, ctx.agency.id).await?;
        letterhead::signer(&state.db, agency.id).await?.is_none()
    };
    Ok(BatchPage {
        no_signer,
        input,
        errors,
        l: Layout::new(ctx, "bantuan").with_notice(notice),
        status: status_label(&b.status).into(),
        total: rp(b.total),
        members,
        recipients,
        can_decide: ctx.role.can_approve() && b.status == "diusulkan",
        own_batch: b.diusulkan_oleh == ctx.user.id,
        can_write: ctx.role.can_write_records(),
        is_cash: is_cash(&p.jenis),
        b,
        p,
    })
}

pub async fn decide(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<DecisionInput>) -> Result<Response, AppError> {
    match approval::decide(&state.db, &Actor::from(&ctx), id, &f).await {
        Ok(_) => Ok(Redirect::to(&format!("/bantuan/usulan/{id}?pesan=diputuskan")).into_response()),
        Err(ServiceError::Invalid(errors)) => render_status(StatusCode::UNPROCESSABLE_ENTITY, &batch_page(&state, &ctx, id, "", f, errors).await?),
        Err(e) => Err(e.into()),
    }
}

pub async fn xlsx(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let (bytes, name) = disburse::batch_xlsx(&state.db, &Actor::from(&ctx), id).await?;
    Ok(download(bytes, &name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
}

pub async fn list_pdf(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let (bytes, name) = pdfs::approved_list(&state.db, &state.storage, &Actor::from(&ctx), ctx.agency.id, id).await?;
    Ok(download(bytes, &name, "application/pdf"))
}

#[derive(Deserialize, Default)]
pub struct BastQuery {
    penerima: Option<Uuid>,
}

pub async fn bast(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<BastQuery>) -> Result<Response, AppError> {
    let (bytes, name) = pdfs::bast(&state.db, &state.storage, &Actor::from(&ctx), ctx.agency.id, id, q.penerima).await?;
    Ok(download(bytes, &name, "application/pdf"))
}

pub async fn transfer(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(_f): CsrfForm<HashMap<String, String>>) -> Result<Response, AppError> {
    let (bytes, _n) = disburse::transfer_file(&state.db, &Actor::from(&ctx), id).await?;
    let name = format!("transfer-{}.csv", berdaya_store::now().format("%Y%m%d-%H%M"));
    Ok(download(bytes, &name, "text/csv; charset=utf-8"))
}

#[derive(Template)]
#[template(path = "aid_bank_result.html")]
struct BankPage {
    l: Layout,
    program_id: Uuid,
    r: disburse::BankResult,
}

pub async fn bank_result(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    let up = read_upload(&state, request).await?;
    let Some((_, data)) = up.file else { return Err(AppError::BadRequest("Pilih berkas hasil dari bank.".into())) };
    let r = disburse::import_bank_result(&state.db, &Actor::from(&ctx), id, data).await?;
    render(&BankPage { l: Layout::new(&ctx, "bantuan"), program_id: id, r })
}

pub async fn retry(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(_f): CsrfForm<HashMap<String, String>>) -> Result<Response, AppError> {
    disburse::retry_failed(&state.db, &Actor::from(&ctx), id).await?;
    Ok(Redirect::to(&format!("/bantuan/{id}?pesan=ulangi")).into_response())
}

pub async fn hand_over(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    let up = read_upload(&state, request).await?;
    let (name, data) = up.file.clone().unwrap_or_default();
    disburse::hand_over(&state.db, &state.storage, &Actor::from(&ctx), id, &name, data).await?;
    let to = match up.get("usulan").parse::<Uuid>() {
        Ok(batch) => format!("/bantuan/usulan/{batch}?pesan=diserahkan"),
        Err(_) => "/bantuan".to_string(),
    };
    Ok(Redirect::to(&to).into_response())
}
