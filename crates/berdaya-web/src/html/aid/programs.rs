//! Program pages: list, form with the rule blocks, detail with every action, dry run.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::aid::applications::{self as apps, AppFilter};
use berdaya_store::aid::{self as programs, Program, batches};
use berdaya_store::regions;
use serde::Deserialize;
use uuid::Uuid;

use super::form::{Values, defaults, input_from, values_of};
use super::{keputusan_label, rp, status_label, survei_label};
use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::registry::Masker;
use crate::html::{Layout, render, render_status};
use crate::services::Actor;
use crate::services::aid::rules::{self, BpkCategory, DOC_KINDS, LIST_KINDS, category_label, doc_label, list_label};
use crate::services::aid::{self, FUNDING, KINDS, budget, screening, survey};
use crate::state::AppState;

pub struct ProgramRow {
    id: Uuid,
    nama: String,
    jenis: String,
    tahun: i32,
    pagu: String,
    sumber: String,
}

#[derive(Template)]
#[template(path = "aid_programs.html")]
struct ListPage {
    l: Layout,
    rows: Vec<ProgramRow>,
    can_write: bool,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let rows = programs::list(&state.db, &ctx.scope)
        .await?
        .into_iter()
        .map(|p| ProgramRow { id: p.id, jenis: aid::kind_label(&p.jenis).into(), tahun: p.tahun, pagu: rp(p.pagu), sumber: p.sumber_dana, nama: p.nama })
        .collect();
    render(&ListPage { l: Layout::new(&ctx, "bantuan"), rows, can_write: ctx.role.can_write_records() })
}

#[derive(Template)]
#[template(path = "aid_program_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    action: String,
    v: Values,
    errors: FieldErrors,
    kinds: Vec<(String, String)>,
    funding: Vec<String>,
    docs: Vec<(String, String, bool)>,
    lists: Vec<(String, String, bool)>,
    preview: Vec<String>,
}

async fn form_page(state: &AppState, ctx: &Ctx, heading: &str, action: String, v: Values, errors: FieldErrors) -> Result<FormPage, AppError> {
    let preview = match super::form::rules_from(&v, &ctx.scope.root().unwrap_or_default()) {
        Ok(r) => rules::describe_named(&state.db, &r).await?,
        Err(_) => Vec::new(),
    };
    let docs = DOC_KINDS.iter().map(|k| (k.0.to_string(), k.1.to_string(), v.on(&format!("dok_{}", k.0)))).collect();
    let lists = LIST_KINDS.iter().map(|k| (k.to_string(), list_label(k), v.on(&format!("r_daftar_{k}")))).collect();
    Ok(FormPage {
        l: Layout::new(ctx, "bantuan"),
        heading: heading.into(),
        action,
        v,
        errors,
        kinds: KINDS.iter().map(|k| (k.0.to_string(), k.1.to_string())).collect(),
        funding: FUNDING.iter().map(|s| s.to_string()).collect(),
        docs,
        lists,
        preview,
    })
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let year = chrono::Datelike::year(&berdaya_store::now().date_naive());
    render(&form_page(&state, &ctx, "Program bantuan baru", "/bantuan/baru".into(), defaults(year), FieldErrors::default()).await?)
}

async fn save(state: &AppState, ctx: &Ctx, id: Option<Uuid>, form: HashMap<String, String>) -> Result<Response, AppError> {
    let v = Values(form);
    let (input, rule_err) = input_from(&v, &ctx.scope.root().unwrap_or_default());
    let result = match rule_err {
        Some(e) => {
            let mut f = FieldErrors::default();
            f.add("aturan", e);
            Err(ServiceError::Invalid(f))
        }
        None => match id {
            Some(id) => aid::update_program(&state.db, &Actor::from(ctx), id, &input).await,
            None => aid::create_program(&state.db, &Actor::from(ctx), &input).await,
        },
    };
    match result {
        Ok(p) => Ok(Redirect::to(&format!("/bantuan/{}?pesan=tersimpan", p.id)).into_response()),
        Err(ServiceError::Invalid(f)) => {
            let (heading, action) = match id {
                Some(id) => ("Ubah program bantuan", format!("/bantuan/{id}/ubah")),
                None => ("Program bantuan baru", "/bantuan/baru".to_string()),
            };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &form_page(state, ctx, heading, action, v, f).await?)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, CsrfForm(form): CsrfForm<HashMap<String, String>>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    save(&state, &ctx, None, form).await
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let p = programs::get(&state.db, &ctx.scope, id).await?;
    render(&form_page(&state, &ctx, "Ubah program bantuan", format!("/bantuan/{id}/ubah"), values_of(&p), FieldErrors::default()).await?)
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(form): CsrfForm<HashMap<String, String>>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    save(&state, &ctx, Some(id), form).await
}

pub struct AppRow {
    id: Uuid,
    nama: String,
    nik: String,
    region: String,
    keputusan: String,
    keputusan_code: String,
    alasan: String,
    survei: String,
    status: String,
}

pub struct BatchRow {
    id: Uuid,
    nomor: i32,
    status: String,
    jumlah: i32,
    total: String,
    sk: String,
}

#[derive(Template)]
#[template(path = "aid_program.html")]
struct DetailPage {
    l: Layout,
    p: Program,
    target: String,
    jenis: String,
    pagu: String,
    nilai: String,
    items: Vec<aid::Item>,
    docs: Vec<String>,
    rules: Vec<String>,
    stats: Vec<(String, i64)>,
    categories: Vec<(String, i64)>,
    rows: Vec<AppRow>,
    filter: String,
    batches: Vec<BatchRow>,
    committed: String,
    realised: String,
    serapan: String,
    recipients: Vec<(String, i64)>,
    surveyors: Vec<(Uuid, String)>,
    kecamatan: Vec<(String, String)>,
    can_write: bool,
    can_pay: bool,
    is_cash: bool,
    /// Open to applications from the public (pengajuan mandiri).
    mandiri: bool,
}

#[derive(Deserialize, Default)]
pub struct DetailQuery {
    keputusan: Option<String>,
    pesan: Option<String>,
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<DetailQuery>) -> Result<Response, AppError> {
    let p = programs::get(&state.db, &ctx.scope, id).await?;
    let masker = Masker { full: ctx.role.sees_personal_data() };
    let filter = q.keputusan.clone().unwrap_or_default();
    let f = AppFilter { keputusan: Some(filter.clone()).filter(|k| !k.is_empty() && k != "belum"), ..Default::default() };
    let mut list = apps::list(&state.db, &ctx.scope, id, &f, 500).await?;
    if filter == "belum" {
        list.retain(|a| a.keputusan.is_empty());
    }
    let names = super::region_names(&state, list.iter().map(|a| a.region.as_str()).chain([p.target_region.as_str()])).await?;
    let rows = list
        .into_iter()
        .map(|a| AppRow {
            id: a.id,
            nik: masker.nik(&a.nik),
            region: super::name_of(&names, &a.region),
            keputusan: keputusan_label(&a.keputusan).into(),
            keputusan_code: a.keputusan,
            alasan: a.alasan,
            survei: survei_label(&a.survei_status).into(),
            status: status_label(&a.status).into(),
            nama: a.nama,
        })
        .collect();
    let mut by_k: BTreeMap<&str, i64> = BTreeMap::new();
    let mut total = 0;
    let counts = apps::counts(&state.db, &ctx.scope, id).await?;
    for (k, s, st, n) in &counts {
        total += n;
        *by_k.entry(keputusan_label(k)).or_default() += n;
        if s == "terverifikasi" {
            *by_k.entry("Terverifikasi lapangan").or_default() += n;
        }
        if st == "disetujui" {
            *by_k.entry("Disetujui").or_default() += n;
        }
    }
    let mut stats = vec![("Permohonan".to_string(), total)];
    stats.extend(by_k.into_iter().map(|(k, n)| (k.to_string(), n)));
    let mut cats: BTreeMap<String, i64> = BTreeMap::new();
    for a in apps::list(&state.db, &ctx.scope, id, &AppFilter { keputusan: Some("tidak_layak".into()), ..Default::default() }, 100_000).await? {
        for k in a.kategori.split(',').filter(|k| !k.is_empty()) {
            *cats.entry(k.to_string()).or_default() += 1;
        }
    }
    let categories = BpkCategory::ALL.iter().filter_map(|c| cats.get(c.as_str()).map(|n| (c.label().to_string(), *n))).collect();
    let b = budget::for_program(&state.db, &ctx.scope, &p).await?;
    let line = budget::Line { label: p.nama.clone(), pagu: p.pagu, committed: b.committed, realised: b.realised, recipients: b.recipients };
    let mut rec: BTreeMap<String, i64> = BTreeMap::new();
    for r in batches::recipients(&state.db, &ctx.scope, id, None).await? {
        *rec.entry(status_label(&r.status).to_string()).or_default() += 1;
    }
    let batch_rows = batches::for_program(&state.db, &ctx.scope, id)
        .await?
        .into_iter()
        .map(|b| BatchRow {
            id: b.id,
            nomor: b.nomor,
            status: status_label(&b.status).into(),
            jumlah: b.jumlah,
            total: rp(b.total),
            sk: if b.sk_nomor.is_empty() { "–".into() } else { format!("{} ({})", b.sk_nomor, b.sk_tanggal.map(berdaya_core::tanggal::fmt_dmy).unwrap_or_default()) },
        })
        .collect();
    let actor = Actor::from(&ctx);
    let surveyors = if ctx.role.can_write_records() { survey::surveyors(&state.db, &actor).await?.into_iter().map(|u| (u.id, u.full_name)).collect() } else { vec![] };
    let kecamatan = regions::children(&state.db, &p.target_region).await?.into_iter().filter(|r| r.tingkat == "kecamatan").map(|r| (r.kode, r.nama)).collect();
    let l = Layout::new(&ctx, "bantuan").with_notice(super::notice(q.pesan.as_deref()));
    render(&DetailPage {
        l,
        target: if p.target_region.is_empty() { "Seluruh Indonesia".into() } else { format!("{} ({})", super::name_of(&names, &p.target_region), p.target_region) },
        jenis: aid::kind_label(&p.jenis).into(),
        pagu: rp(p.pagu),
        nilai: rp(p.nilai_per_penerima),
        items: aid::items(&p),
        docs: p.dokumen_wajib.split(',').filter(|d| !d.is_empty()).map(|d| doc_label(d).to_string()).collect(),
        rules: rules::describe_named(&state.db, &aid::rule_set(&p)).await?,
        stats,
        categories,
        rows,
        filter,
        batches: batch_rows,
        committed: rp(line.committed),
        realised: rp(line.realised),
        serapan: line.percent_label(),
        recipients: rec.into_iter().collect(),
        surveyors,
        kecamatan,
        can_write: ctx.role.can_write_records(),
        can_pay: ctx.role.can_write_records() && ctx.role.sees_personal_data(),
        is_cash: aid::is_cash(&p.jenis),
        mandiri: berdaya_store::aid::self_service::is_open(&state.db, p.id).await?,
        p,
    })
}

#[derive(Template)]
#[template(path = "aid_dry_run.html")]
struct DryRunPage {
    l: Layout,
    p: Program,
    d: screening::DryRun,
    biaya: String,
    biaya_tinjau: String,
    terikat: String,
    menunggu_ulang: String,
    diusulkan: String,
    sisa: String,
    categories: Vec<(String, i64)>,
}

pub async fn dry_run(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let d = screening::dry_run(&state.db, &Actor::from(&ctx), id).await?;
    let p = programs::get(&state.db, &ctx.scope, id).await?;
    let categories = d.kategori.iter().map(|(k, n)| (category_label(k), *n)).collect();
    render(&DryRunPage {
        l: Layout::new(&ctx, "bantuan"),
        biaya: rp(d.biaya),
        biaya_tinjau: rp(d.biaya_jika_ditinjau_lolos),
        terikat: rp(d.terikat),
        menunggu_ulang: rp(d.menunggu_ulang),
        diusulkan: rp(d.diusulkan),
        sisa: rp(d.sisa_anggaran),
        categories,
        d,
        p,
    })
}

pub async fn screen(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(_f): CsrfForm<HashMap<String, String>>) -> Result<Response, AppError> {
    let job = screening::queue(&state.db, &Actor::from(&ctx), id).await?;
    Ok(Redirect::to(&format!("/tugas/{job}")).into_response())
}
