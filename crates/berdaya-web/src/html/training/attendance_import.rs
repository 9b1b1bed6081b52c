//! Attendance import from a typed sign-in sheet: upload → preview (what will be set, what is
//! not matched and why) → confirm (one transaction).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, ServiceError};
use crate::html::{Layout, render_status};
use crate::services::Actor;
use crate::services::training::attendance_import::{self as svc, CellInput, Preview};
use crate::services::training::sheet::{Mark, Skipped};
use crate::services::training;
use crate::state::AppState;

pub struct MatchedRow {
    pub row: u64,
    pub nama: String,
    pub marks: Vec<&'static str>,
    pub note: String,
}

#[derive(Template)]
#[template(path = "training_attendance_import.html")]
struct ImportPage {
    l: Layout,
    batch_id: String,
    judul: String,
    error: String,
    has_preview: bool,
    summary: String,
    columns: Vec<(String, String)>,
    matched: Vec<MatchedRow>,
    unmatched_rows: Vec<Skipped>,
    ignored_columns: Vec<(String, String)>,
    bad_cells: Vec<Skipped>,
    /// Hidden fields of the confirm form: "session:participant:1|0".
    cells: Vec<String>,
}

fn summary(p: &Preview) -> String {
    format!(
        "{} baris dibaca: {} peserta cocok, {} baris tidak cocok. Akan diisi {} hadir dan {} tidak hadir (termasuk {} izin/sakit); {} sel berubah dari data tersimpan. Lulus: {} → {} dari {} peserta.",
        p.sheet.rows,
        p.sheet.matched.len(),
        p.sheet.unmatched_rows.len(),
        p.present,
        p.absent,
        p.excused,
        p.changed,
        p.completed_before,
        p.completed_after,
        p.selected
    )
}

async fn page(state: &AppState, ctx: &Ctx, id: Uuid, preview: Option<Preview>, error: String) -> Result<Response, AppError> {
    let (b, p) = training::batch_with_program(&state.db, &Actor::from(ctx), id).await?;
    let status = if error.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut page = ImportPage {
        l: Layout::new(ctx, "pelatihan"),
        batch_id: id.to_string(),
        judul: format!("{} — {}", p.judul, b.nama),
        error,
        has_preview: preview.is_some(),
        summary: String::new(),
        columns: vec![],
        matched: vec![],
        unmatched_rows: vec![],
        ignored_columns: vec![],
        bad_cells: vec![],
        cells: vec![],
    };
    if let Some(pv) = preview {
        page.summary = summary(&pv);
        let sheet = &pv.sheet;
        page.columns = sheet.columns.iter().map(|c| (c.header.clone(), c.note.clone())).collect();
        page.matched = sheet
            .matched
            .iter()
            .map(|r| MatchedRow {
                row: r.row,
                nama: r.nama.clone(),
                marks: sheet
                    .columns
                    .iter()
                    .map(|c| match r.marks.iter().find(|(s, _)| Some(*s) == c.session).map(|(_, m)| *m) {
                        Some(Mark::Present) => "hadir",
                        Some(Mark::Absent) => "tidak hadir",
                        Some(Mark::Excused) => "izin/sakit",
                        None => "–",
                    })
                    .collect(),
                note: r.note.clone(),
            })
            .collect();
        page.unmatched_rows = sheet.unmatched_rows.clone();
        page.ignored_columns = sheet.ignored_columns.iter().map(|c| (c.header.clone(), c.note.clone())).collect();
        page.bad_cells = sheet.bad_cells.clone();
        page.cells = pv.cells.iter().map(|c| format!("{}:{}:{}", c.session_id, c.participant_id, u8::from(c.hadir))).collect();
    }
    render_status(status, &page)
}

/// Upload: read and match the sheet, show what would change.
pub async fn preview(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let Some(data) = super::upload(&state, request).await? else {
        return page(&state, &ctx, id, None, "Pilih berkas daftar hadir (.xlsx atau .csv).".into()).await;
    };
    match svc::preview(&state.db, &Actor::from(&ctx), id, data).await {
        Ok(p) => page(&state, &ctx, id, Some(p), String::new()).await,
        Err(ServiceError::Invalid(f)) => page(&state, &ctx, id, None, f.get("berkas").to_string()).await,
        Err(e) => Err(e.into()),
    }
}

/// Confirm: `c` = "session:participant:1|0" per cell from the preview.
pub async fn apply(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(pairs): CsrfForm<Vec<(String, String)>>) -> Result<Response, AppError> {
    let bad = || AppError::BadRequest("Isian impor kehadiran tidak dikenali; unggah ulang berkasnya.".into());
    let mut cells = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "c") {
        let mut it = v.split(':');
        let (Some(s), Some(p), Some(h), None) = (it.next(), it.next(), it.next(), it.next()) else { return Err(bad()) };
        let hadir = match h {
            "1" => true,
            "0" => false,
            _ => return Err(bad()),
        };
        cells.push(CellInput { session_id: Uuid::parse_str(s).map_err(|_| bad())?, participant_id: Uuid::parse_str(p).map_err(|_| bad())?, hadir });
    }
    match svc::apply(&state.db, &Actor::from(&ctx), id, &cells).await {
        Ok(_) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}/kehadiran?pesan=impor_hadir")).into_response()),
        Err(ServiceError::Invalid(f)) => page(&state, &ctx, id, None, f.get("present").to_string()).await,
        Err(e) => Err(e.into()),
    }
}
