//! A background job's progress page (polls the API while it runs).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use berdaya_store::jobs;
use uuid::Uuid;

use crate::auth::Ctx;
use crate::error::AppError;
use crate::html::registry::Masker;
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
    /// Rows imported with a warning (count, when the job's result gives it).
    warned: u64,
    /// The first of them, when the result lists them.
    warnings: Vec<WarnedRow>,
    warnings_more: bool,
}

/// A row imported with a warning: row in the source file, owner's name and NIK (masked per
/// role), the warnings.
pub struct WarnedRow {
    row: String,
    name: String,
    nik: String,
    warning: String,
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

/// Rows shown of those imported with a warning.
const WARNED_SHOWN: usize = 100;

/// The rows an import kept with a warning, from its result: `warned` (how many) and
/// `warnings`, the first of them as `{"row": 12, "owner_id": "…", "warning": "…"}`. The
/// owner's name and NIK are looked up in the viewer's scope (an owner since merged away, or
/// out of scope, shows "–"), so the job result holds no names or NIKs.
async fn warned_rows(state: &AppState, ctx: &Ctx, result: &serde_json::Value, with_rows: bool) -> Result<(u64, Vec<WarnedRow>), AppError> {
    let list = result.get("warnings").and_then(|w| w.as_array()).map(Vec::as_slice).unwrap_or_default();
    let count = result
        .get("warned")
        .or_else(|| result.get("summary").and_then(|s| s.get("warned")))
        .and_then(|n| n.as_u64())
        .unwrap_or(list.len() as u64);
    let masker = Masker { full: ctx.role.sees_personal_data() };
    let mut out = Vec::new();
    for w in list.iter().take(if with_rows { WARNED_SHOWN } else { 0 }) {
        let owner = match w.get("owner_id").and_then(|v| v.as_str()).and_then(|v| Uuid::parse_str(v).ok()) {
            Some(id) => match berdaya_store::owners::get(&state.db, &ctx.scope, id).await {
                Ok(o) => Some(o),
                Err(berdaya_store::StoreError::NotFound) => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        let text = w.get("warning").and_then(|v| v.as_str()).unwrap_or_default();
        out.push(WarnedRow {
            row: w.get("row").map(|r| r.as_u64().map(|n| n.to_string()).unwrap_or_else(|| r.as_str().unwrap_or("").to_string())).unwrap_or_default(),
            name: owner.as_ref().map(|o| o.nama.clone()).unwrap_or_else(|| "–".into()),
            nik: owner.as_ref().map(|o| masker.nik(&o.nik)).unwrap_or_else(|| "–".into()),
            // Warnings quote the cell they are about (stored masked already; older results were not).
            warning: if masker.full { text.to_string() } else { berdaya_core::mask::mask_quoted(text) },
        });
    }
    Ok((count.max(list.len() as u64), out))
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
    // The technical details leave out the warned rows (listed in their own table, masked per
    // role: their texts quote cells).
    let result = j
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok())
        .map(|mut v| {
            if let Some(o) = v.as_object_mut() {
                o.remove("warnings");
            }
            v
        })
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
    // The rows themselves hold personal data: shown, like the rejected-rows file, to the
    // job's user or a role that sees personal data.
    let sees_rows = j.created_by == Some(ctx.user.id) || ctx.role.sees_personal_data();
    let (rejected, rejected_more) = match parsed.as_ref().and_then(|v| v.get("rejected_file_id")).and_then(|v| v.as_str()) {
        Some(fid) if sees_rows => rejected_rows(&state, &ctx, fid).await?,
        _ => (vec![], false),
    };
    let is_import = j.kind == crate::services::import::job::IMPORT_JOB;
    let (warned, warnings) = match parsed.as_ref().filter(|_| is_import) {
        Some(v) => warned_rows(&state, &ctx, v, sees_rows).await?,
        None => (0, vec![]),
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
        warnings_more: (warnings.len() as u64) < warned,
        warned,
        warnings,
    })
}
