//! Browse and search the region reference list.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use berdaya_core::KodeWilayah;
use berdaya_core::refdata::WILAYAH_VERSION;
use berdaya_store::regions::{self, Region};
use serde::Deserialize;

use crate::auth::Ctx;
use crate::error::AppError;
use crate::html::{Layout, render, ribuan};
use crate::state::AppState;

pub struct Line {
    kode: String,
    nama: String,
    tingkat: String,
    penduduk: String,
}

#[derive(Template)]
#[template(path = "regions.html")]
struct RegionsPage {
    l: Layout,
    version: &'static str,
    q: String,
    title: String,
    path: Vec<(String, String)>,
    rows: Vec<Line>,
}

fn lines(rows: Vec<Region>) -> Vec<Line> {
    rows.into_iter()
        .map(|r| Line {
            tingkat: berdaya_core::Tingkat::parse(&r.tingkat).map(|t| t.label().to_string()).unwrap_or(r.tingkat),
            penduduk: r.penduduk.map(ribuan).unwrap_or_else(|| "–".into()),
            kode: r.kode,
            nama: r.nama,
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn search(State(state): State<AppState>, ctx: Ctx, Query(q): Query<SearchQuery>) -> Result<Response, AppError> {
    let rows = if q.q.trim().len() >= 2 {
        regions::search(&state.db, &q.q, None, None, 100).await?
    } else {
        regions::children_of_root(&state.db).await?
    };
    let title = if q.q.trim().len() >= 2 { format!("Hasil pencarian \"{}\"", q.q.trim()) } else { "Provinsi".into() };
    render(&RegionsPage { l: Layout::new(&ctx, "wilayah"), version: WILAYAH_VERSION, q: q.q, title, path: vec![], rows: lines(rows) })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(kode): Path<String>) -> Result<Response, AppError> {
    let code = KodeWilayah::parse(&kode).map_err(|_| AppError::NotFound)?;
    let region = regions::get(&state.db, &code.dotted()).await?.ok_or(AppError::NotFound)?;
    let path = regions::path_names(&state.db, &code).await?;
    let rows = regions::children(&state.db, &code.dotted()).await?;
    render(&RegionsPage {
        l: Layout::new(&ctx, "wilayah"),
        version: WILAYAH_VERSION,
        q: String::new(),
        title: format!("{} ({})", region.nama, region.kode),
        path,
        rows: lines(rows),
    })
}
