//! Report pages (with SVG bar charts) and their XLSX and PDF downloads.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Ctx;
use crate::error::AppError;
use crate::html::{Layout, render};
use crate::services::Actor;
use crate::services::training::report::{self, Report};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "training_report.html")]
struct ReportPage {
    l: Layout,
    r: Report,
    charts: Vec<(String, String)>,
    back: String,
    base: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Format {
    format: String,
}

fn respond(ctx: &Ctx, r: Report, f: &Format, back: String, base: String, file: &str) -> Result<Response, AppError> {
    match f.format.as_str() {
        "xlsx" => Ok((
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}.xlsx\"")),
            ],
            report::xlsx(&r)?,
        )
            .into_response()),
        "pdf" => Ok((
            [(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}.pdf\""))],
            report::pdf(&r)?,
        )
            .into_response()),
        _ => {
            let charts = r.charts.iter().map(|c| (c.heading.clone(), report::svg_bars(&c.bars))).collect();
            render(&ReportPage { l: Layout::new(ctx, "pelatihan"), r, charts, back, base })
        }
    }
}

pub async fn batch(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(f): Query<Format>) -> Result<Response, AppError> {
    let r = report::for_batch(&state.db, &Actor::from(&ctx), id).await?;
    respond(&ctx, r, &f, format!("/pelatihan/angkatan/{id}"), format!("/pelatihan/angkatan/{id}/laporan"), "laporan-angkatan")
}

pub async fn program(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(f): Query<Format>) -> Result<Response, AppError> {
    let r = report::for_program(&state.db, &Actor::from(&ctx), id).await?;
    respond(&ctx, r, &f, format!("/pelatihan/program/{id}"), format!("/pelatihan/program/{id}/laporan"), "laporan-program")
}
