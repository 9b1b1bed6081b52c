//! Budget absorption page (with a server-drawn SVG chart) and the exclusion lists page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{read_upload, rp};
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, render, render_status};
use crate::services::Actor;
use crate::services::aid::budget::{self, Line};
use crate::services::aid::rules::{self, list_label};
use crate::services::aid::screening;
use crate::state::AppState;

pub struct LineView {
    label: String,
    pagu: String,
    committed: String,
    realised: String,
    serapan: String,
    recipients: i64,
}

fn view(l: &Line) -> LineView {
    LineView { label: l.label.clone(), pagu: rp(l.pagu), committed: rp(l.committed), realised: rp(l.realised), serapan: l.percent_label(), recipients: l.recipients }
}

#[derive(Template)]
#[template(path = "aid_budget.html")]
struct BudgetPage {
    l: Layout,
    tahun: String,
    programs: Vec<LineView>,
    sources: Vec<LineView>,
    total: LineView,
    chart_programs: String,
    chart_sources: String,
}

#[derive(Deserialize, Default)]
pub struct BudgetQuery {
    tahun: Option<String>,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<BudgetQuery>) -> Result<Response, AppError> {
    let tahun = q.tahun.as_deref().and_then(|t| t.trim().parse::<i32>().ok());
    let s = budget::summary(&state.db, &ctx.scope, tahun).await?;
    render(&BudgetPage {
        l: Layout::new(&ctx, "bantuan"),
        tahun: tahun.map(|t| t.to_string()).unwrap_or_default(),
        chart_programs: budget::chart_svg(&s.programs),
        chart_sources: budget::chart_svg(&s.sources),
        programs: s.programs.iter().map(view).collect(),
        sources: s.sources.iter().map(view).collect(),
        total: view(&s.total),
    })
}

pub struct ListView {
    jenis: String,
    versi: String,
    baris: i32,
    region: String,
    waktu: String,
    /// The newest version of its kind for its region: the one screening uses there.
    terbaru: bool,
}

#[derive(Template)]
#[template(path = "aid_exclusion.html")]
struct ExclusionPage {
    l: Layout,
    lists: Vec<ListView>,
    kinds: Vec<(String, String)>,
    errors: FieldErrors,
    can_write: bool,
}

async fn exclusion(state: &AppState, ctx: &Ctx, errors: FieldErrors, notice: &str) -> Result<ExclusionPage, AppError> {
    let l = Layout::new(ctx, "bantuan").with_notice(notice);
    let lists = screening::lists_for(&state.db, &Actor::from(ctx)).await?;
    let names = super::region_names(state, lists.iter().map(|x| x.region.as_str())).await?;
    let mut seen = std::collections::HashSet::new();
    let lists = lists
        .into_iter()
        .map(|x| ListView {
            terbaru: seen.insert((x.jenis.clone(), x.region.clone())),
            jenis: list_label(&x.jenis),
            versi: x.versi,
            baris: x.jumlah_baris,
            region: if x.region.is_empty() { "nasional".into() } else { super::name_of(&names, &x.region) },
            waktu: l.time(&x.uploaded_at),
        })
        .collect();
    Ok(ExclusionPage { l, lists, kinds: rules::upload_kinds().map(|k| (k.to_string(), list_label(k))).collect(), errors, can_write: ctx.role.can_write_records() })
}

#[derive(Deserialize, Default)]
pub struct Pesan {
    pesan: Option<String>,
}

pub async fn exclusion_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<Pesan>) -> Result<Response, AppError> {
    render(&exclusion(&state, &ctx, FieldErrors::default(), super::notice(q.pesan.as_deref())).await?)
}

pub async fn exclusion_upload(State(state): State<AppState>, ctx: Ctx, request: axum::extract::Request) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let up = read_upload(&state, request).await?;
    let (name, data) = up.file.clone().unwrap_or_default();
    match screening::upload_list(&state.db, &state.storage, &Actor::from(&ctx), up.get("jenis"), up.get("versi"), &name, data).await {
        Ok(_) => Ok(Redirect::to("/bantuan/pengecualian?pesan=daftar").into_response()),
        Err(ServiceError::Invalid(f)) => render_status(StatusCode::UNPROCESSABLE_ENTITY, &exclusion(&state, &ctx, f, "").await?),
        Err(e) => Err(e.into()),
    }
}
