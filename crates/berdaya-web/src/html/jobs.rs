//! A background job's progress page (polls the API while it runs).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use berdaya_store::jobs;
use uuid::Uuid;

use crate::auth::Ctx;
use crate::error::AppError;
use crate::html::{Layout, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    l: Layout,
    id: String,
    kind: String,
    status: String,
    status_label: String,
    done: i64,
    total: i64,
    percent: i64,
    result: String,
    error: String,
    summary: String,
    download: String,
    download_label: String,
    /// Rejected import rows shown on the page: row in the source file, reason.
    rejected: Vec<(String, String)>,
    rejected_more: bool,
}

/// Rows shown from the rejected-rows report; the rest are in the XLSX.
const REJECTED_SHOWN: usize = 100;

/// The first rejected rows of an import (row number, reason), read back from its report.
async fn rejected_rows(state: &AppState, ctx: &Ctx, file_id: &str) -> Result<(Vec<(String, String)>, bool), AppError> {
    use berdaya_tabular::report::{REASON_COLUMN, ROW_COLUMN};
    let Ok(id) = Uuid::parse_str(file_id) else { return Ok((vec![], false)) };
    let meta = berdaya_store::files::get(&state.db, &ctx.scope, id).await?;
    let data = state.storage.get(&meta).await.map_err(|e| AppError::Internal(e.into()))?;
    let Ok(table) = berdaya_tabular::Table::from_bytes(data.to_vec(), &berdaya_tabular::ReadOptions::default()) else {
        return Ok((vec![], false));
    };
    let cols = &table.header().columns;
    let (Some(reason), Some(row)) = (cols.iter().position(|c| c == REASON_COLUMN), cols.iter().position(|c| c == ROW_COLUMN)) else {
        return Ok((vec![], false));
    };
    let mut out = Vec::new();
    let mut more = false;
    for r in table.filter_map(Result::ok) {
        if out.len() == REJECTED_SHOWN {
            more = true;
            break;
        }
        out.push((r.cell(row).to_string(), r.cell(reason).to_string()));
    }
    Ok((out, more))
}

pub fn status_label(s: &str) -> &'static str {
    match s {
        "queued" => "menunggu",
        "running" => "berjalan",
        "done" => "selesai",
        "failed" => "gagal",
        _ => "tidak dikenal",
    }
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let j = jobs::get(&state.db, &ctx.scope, id).await?;
    let result = j
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok())
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_default();
    let parsed: Option<serde_json::Value> = j.result.as_deref().and_then(|r| serde_json::from_str(r).ok());
    let summary = parsed
        .as_ref()
        .and_then(|v| v.get("summary"))
        .map(|s| {
            let n = |k: &str| s.get(k).and_then(|x| x.as_u64()).unwrap_or(0);
            format!("{} baris: {} baru, {} diperbarui, {} ganda, {} ditolak.", n("total"), n("imported"), n("updated"), n("duplicate"), n("rejected"))
        })
        .or_else(|| parsed.as_ref().and_then(|v| v.get("rows")).and_then(|r| r.as_i64()).map(|n| format!("{n} baris diekspor.")))
        .unwrap_or_default();
    let is_export = j.kind == crate::services::export::EXPORT_JOB;
    let download = parsed
        .as_ref()
        .and_then(|v| v.get("rejected_file_id").or_else(|| v.get("download_file_id")))
        .and_then(|v| v.as_str())
        .map(|id| format!("/berkas/{id}"))
        .unwrap_or_default();
    let (rejected, rejected_more) = match parsed.as_ref().and_then(|v| v.get("rejected_file_id")).and_then(|v| v.as_str()) {
        Some(fid) => rejected_rows(&state, &ctx, fid).await?,
        None => (vec![], false),
    };
    let percent = if j.progress_total > 0 { j.progress_done * 100 / j.progress_total } else { 0 };
    render(&JobPage {
        l: Layout::new(&ctx, "beranda"),
        id: j.id.to_string(),
        kind: j.kind,
        status_label: status_label(&j.status).into(),
        status: j.status,
        done: j.progress_done,
        total: j.progress_total.max(1),
        percent,
        result,
        error: j.last_error.unwrap_or_default(),
        summary,
        download_label: if is_export { "Unduh hasil ekspor".into() } else { "Unduh baris yang ditolak (XLSX)".into() },
        download,
        rejected,
        rejected_more,
    })
}
