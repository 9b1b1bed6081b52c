//! Program list, detail and forms.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::training::{batches, programs};
use serde::Deserialize;
use uuid::Uuid;

use super::date_range;
use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, render, render_status, ribuan};
use crate::services::Actor;
use crate::services::training::{self, input::{FUNDING, ProgramInput, funding_label}};
use crate::state::AppState;

pub struct BatchLine {
    pub id: String,
    pub judul: String,
    pub nama: String,
    pub tanggal: String,
    pub tempat: String,
    pub peserta: String,
}

fn batch_lines(rows: Vec<batches::BatchRow>) -> Vec<BatchLine> {
    rows.into_iter()
        .map(|r| BatchLine {
            id: r.id.to_string(),
            tanggal: date_range(r.tanggal_mulai, r.tanggal_selesai),
            peserta: format!("{} / {}", r.peserta, r.kuota),
            judul: r.judul,
            nama: r.nama,
            tempat: r.tempat,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "training_list.html")]
struct ListPage {
    l: Layout,
    programs: Vec<(String, String, String, String, String)>,
    batches: Vec<BatchLine>,
    can_write: bool,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let progs = programs::list(&state.db, &ctx.scope, 200).await?;
    let mut rows = Vec::new();
    for p in progs {
        let spent = batches::program_spent(&state.db, p.id).await?;
        rows.push((p.id.to_string(), p.judul, p.tahun_anggaran.to_string(), funding_label(&p.sumber_dana).to_string(), format!("Rp {} / Rp {}", ribuan(spent), ribuan(p.pagu))));
    }
    let page = ListPage {
        l: Layout::new(&ctx, "pelatihan"),
        programs: rows,
        batches: batch_lines(batches::list(&state.db, &ctx.scope, None, 200).await?),
        can_write: ctx.role.can_write_records(),
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "training_program.html")]
struct ProgramPage {
    l: Layout,
    p: programs::Program,
    dana: String,
    pagu: String,
    spent: String,
    serapan: String,
    batches: Vec<BatchLine>,
    can_write: bool,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let p = programs::get(&state.db, &ctx.scope, id).await?;
    let spent = batches::program_spent(&state.db, id).await?;
    let page = ProgramPage {
        l: Layout::new(&ctx, "pelatihan"),
        dana: funding_label(&p.sumber_dana).into(),
        pagu: format!("Rp {}", ribuan(p.pagu)),
        spent: format!("Rp {}", ribuan(spent)),
        serapan: if p.pagu > 0 { format!("{},{} %", spent * 100 / p.pagu, (spent * 1000 / p.pagu) % 10) } else { "–".into() },
        batches: batch_lines(batches::list(&state.db, &ctx.scope, Some(id), 200).await?),
        can_write: ctx.role.can_write_records(),
        p,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "training_program_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    action: String,
    i: ProgramInput,
    errors: FieldErrors,
    funding: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProgramForm {
    judul: String,
    kompetensi: String,
    sumber_dana: String,
    mata_anggaran: String,
    pagu: String,
    tahun_anggaran: String,
}

impl ProgramForm {
    fn input(self) -> ProgramInput {
        ProgramInput {
            judul: self.judul,
            kompetensi: self.kompetensi,
            sumber_dana: self.sumber_dana,
            mata_anggaran: self.mata_anggaran,
            pagu: self.pagu,
            tahun_anggaran: self.tahun_anggaran,
        }
    }
}

fn form(ctx: &Ctx, heading: &str, action: String, i: ProgramInput, err: Option<ServiceError>) -> Result<Response, AppError> {
    let (errors, status) = super::form_errors(err)?;
    let page = FormPage {
        l: Layout::new(ctx, "pelatihan"),
        heading: heading.into(),
        action,
        i,
        errors,
        funding: FUNDING.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
    };
    render_status(status, &page)
}

pub async fn new_form(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let year = chrono::Datelike::year(&berdaya_store::now().date_naive());
    form(&ctx, "Program pelatihan baru", "/pelatihan/program/baru".into(), ProgramInput { tahun_anggaran: year.to_string(), ..Default::default() }, None)
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<ProgramForm>) -> Result<Response, AppError> {
    let input = f.input();
    match training::create_program(&state.db, &Actor::from(&ctx), ctx.agency.id, &ctx.agency.region, &input).await {
        Ok(p) => Ok(Redirect::to(&format!("/pelatihan/program/{}", p.id)).into_response()),
        Err(e) => form(&ctx, "Program pelatihan baru", "/pelatihan/program/baru".into(), input, Some(e)),
    }
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let p = programs::get(&state.db, &ctx.scope, id).await?;
    let i = ProgramInput {
        judul: p.judul,
        kompetensi: p.kompetensi,
        sumber_dana: p.sumber_dana,
        mata_anggaran: p.mata_anggaran,
        pagu: p.pagu.to_string(),
        tahun_anggaran: p.tahun_anggaran.to_string(),
    };
    form(&ctx, "Ubah program pelatihan", format!("/pelatihan/program/{id}/ubah"), i, None)
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<ProgramForm>) -> Result<Response, AppError> {
    let input = f.input();
    match training::update_program(&state.db, &Actor::from(&ctx), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/pelatihan/program/{id}")).into_response()),
        Err(e) => form(&ctx, "Ubah program pelatihan", format!("/pelatihan/program/{id}/ubah"), input, Some(e)),
    }
}
