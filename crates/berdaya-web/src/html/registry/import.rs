//! Import pages: upload → preview of the first rows under the detected header (which the
//! operator may move) with the proposed column mapping → job with progress → result with the
//! rejected rows as a downloadable XLSX.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::{audit, files, settings};
use berdaya_tabular::{FIELDS, Mapping, RawRow, ReadOptions, Table, propose_mapping};
use std::collections::HashMap;
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm, csrf};
use crate::error::AppError;
use crate::html::{Layout, render, render_status};
use crate::services::Actor;
use crate::services::import::job;
use crate::state::AppState;
use crate::storage::FileKind;

pub struct Column {
    index: usize,
    header: String,
    sample: String,
    field: String,
    uncertain: bool,
}

/// One cell of the preview: the text shown (truncated) and the whole text when truncated.
pub struct PreviewCell {
    shown: String,
    full: String,
}

/// A data row of the preview, with its row number in the file.
pub struct PreviewRow {
    number: u64,
    cells: Vec<PreviewCell>,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    l: Layout,
    error: String,
    file_id: String,
    file_name: String,
    columns: Vec<Column>,
    fields: Vec<(String, String)>,
    /// The header row(s) in use, as shown ("3" or "3–4").
    header_rows: String,
    /// The first header row in use (the value of the "Baris judul kolom" field).
    header_row: u64,
    /// The first header row found by detection.
    detected_row: u64,
    /// The operator chose the header row (the start form carries it to the job).
    overridden: bool,
    /// Texts of the title rows skipped above the header.
    title: Vec<String>,
    preview_heads: Vec<String>,
    preview: Vec<PreviewRow>,
}

/// Data rows shown in the preview.
const PREVIEW_ROWS: usize = 5;
/// Longer cells are cut in the preview (the whole text is in the cell's tooltip).
const PREVIEW_CHARS: usize = 40;

fn page(ctx: &Ctx, error: String) -> ImportPage {
    ImportPage {
        l: Layout::new(ctx, "registri"),
        error,
        file_id: String::new(),
        file_name: String::new(),
        columns: vec![],
        fields: vec![],
        header_rows: String::new(),
        header_row: 0,
        detected_row: 0,
        overridden: false,
        title: vec![],
        preview_heads: vec![],
        preview: vec![],
    }
}

#[derive(serde::Deserialize)]
pub struct MappingQuery {
    /// An uploaded file to map again (the "Baca ulang" form).
    berkas: Option<Uuid>,
    /// The header row the operator chose.
    baris_judul: Option<String>,
}

/// The upload form; with `?berkas=…&baris_judul=n`, the mapping page of an uploaded file read
/// again with its header at row n.
pub async fn form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<MappingQuery>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let Some(file_id) = q.berkas else { return render(&page(&ctx, String::new())) };
    let (meta, bytes) = uploaded_sheet(&state, &ctx, file_id).await?;
    let wanted = q.baris_judul.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let (header_row, error) = match wanted.map(str::parse::<u64>) {
        None => (None, String::new()),
        Some(Ok(n)) if n >= 1 => (Some(n), String::new()),
        Some(_) => (None, "Baris judul kolom harus berupa nomor baris (1 atau lebih).".to_string()),
    };
    let detected = match Table::from_bytes(bytes.clone(), &ReadOptions::default()) {
        Ok(t) => t,
        Err(e) => return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&ctx, format!("Berkas tidak dapat dibaca: {e}"))),
    };
    let detected_row = first_row(&detected);
    let (table, error) = match header_row.filter(|n| *n != detected_row) {
        None => (detected, error),
        Some(n) => match Table::from_bytes(bytes, &ReadOptions { header_row: Some(n), ..ReadOptions::default() }) {
            Ok(t) => (t, error),
            Err(_) => (
                detected,
                format!("Baris {n} tidak ada di berkas atau kosong; judul kolom tetap dibaca dari baris {detected_row}."),
            ),
        },
    };
    mapping_page(&state, &ctx, file_id.to_string(), meta.original_name, table, detected_row, error).await
}

/// A stored upload the user may read back for mapping: in scope, theirs (or a role that sees
/// personal data, as for downloading it), and not an e-KTP photo.
async fn uploaded_sheet(state: &AppState, ctx: &Ctx, id: Uuid) -> Result<(files::StoredFile, Vec<u8>), AppError> {
    let meta = files::get(&state.db, &ctx.scope, id).await?;
    if meta.uploaded_by != Some(ctx.user.id) && !ctx.role.sees_personal_data() {
        return Err(AppError::NotFound);
    }
    if files::purpose(&state.db, id).await? == files::PURPOSE_EKTP || berdaya_store::owners::is_ektp_file(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    let data = state.storage.get(&meta).await.map_err(|e| AppError::Internal(e.into()))?;
    Ok((meta, data.to_vec()))
}

/// The first header row of a table (its source row number).
fn first_row(table: &Table) -> u64 {
    table.header().rows.first().copied().unwrap_or(1)
}

fn mapping_key(ctx: &Ctx) -> String {
    format!("import_mapping:{}", ctx.agency.id)
}

/// A preview cell: long texts cut at [`PREVIEW_CHARS`] characters.
fn preview_cell(text: &str) -> PreviewCell {
    if text.chars().count() <= PREVIEW_CHARS {
        return PreviewCell { shown: text.to_string(), full: String::new() };
    }
    let cut: String = text.chars().take(PREVIEW_CHARS - 1).collect();
    PreviewCell { shown: format!("{}…", cut.trim_end()), full: text.to_string() }
}

/// The mapping page of an uploaded file: the header in use (and the detected one), the first
/// data rows as read under it, and the proposed mapping (a saved one re-bound to this header).
async fn mapping_page(
    state: &AppState,
    ctx: &Ctx,
    file_id: String,
    file_name: String,
    mut table: Table,
    detected_row: u64,
    error: String,
) -> Result<Response, AppError> {
    let header = table.header().clone();
    let saved = settings::get(&state.db, &mapping_key(ctx)).await?.and_then(|j| Mapping::from_json(&j).ok());
    let mapping = match saved {
        Some(m) => m.rebind(&header.columns),
        None => propose_mapping(&header.columns),
    };
    let rows: Vec<RawRow> = table.by_ref().take(PREVIEW_ROWS).filter_map(Result::ok).collect();
    let columns = mapping
        .columns
        .iter()
        .map(|c| Column {
            index: c.index,
            header: c.header.clone(),
            sample: rows.iter().map(|r| r.cell(c.index)).filter(|v| !v.is_empty()).take(2).map(|v| preview_cell(v).shown).collect::<Vec<_>>().join(" · "),
            field: c.field.map(|f| FIELDS.iter().find(|s| s.field == f).map(|s| s.key).unwrap_or("")).unwrap_or("").to_string(),
            uncertain: c.field.is_some() && c.confidence < 0.75,
        })
        .collect();
    // Every column that holds something: the header's, and any data sticking out past it.
    let width = rows.iter().map(|r| r.cells.len()).chain([header.columns.len()]).max().unwrap_or(0);
    let preview_heads = (0..width)
        .map(|i| header.columns.get(i).map(|h| h.trim()).filter(|h| !h.is_empty()).map(str::to_string).unwrap_or_else(|| format!("(kolom {} tanpa judul)", i + 1)))
        .collect();
    let preview = rows.iter().map(|r| PreviewRow { number: r.number, cells: (0..width).map(|i| preview_cell(r.cell(i))).collect() }).collect();
    let header_row = header.rows.first().copied().unwrap_or(detected_row);
    let header_rows = match (header.rows.first(), header.rows.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        _ => header_row.to_string(),
    };
    render(&ImportPage {
        l: Layout::new(ctx, "registri"),
        error,
        file_id,
        file_name,
        columns,
        fields: FIELDS.iter().map(|f| (f.key.to_string(), f.label.to_string())).collect(),
        header_rows,
        header_row,
        detected_row,
        overridden: header_row != detected_row,
        title: header.title.clone(),
        preview_heads,
        preview,
    })
}

pub async fn upload(State(state): State<AppState>, ctx: Ctx, request: axum::extract::Request) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let (parts, body) = request.into_parts();
    let mut multipart = Multipart::from_request(axum::extract::Request::from_parts(parts.clone(), body), &state)
        .await
        .map_err(|_| AppError::BadRequest("Unggahan tidak dapat dibaca.".into()))?;
    let (mut token, mut file) = (None, None);
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::BadRequest("Unggahan terputus atau terlalu besar.".into()))? {
        match field.name() {
            Some("_csrf") => token = field.text().await.ok(),
            Some("berkas") => {
                let name = field.file_name().unwrap_or("data").to_string();
                let data = field.bytes().await.map_err(|_| AppError::BadRequest("Unggahan terputus atau terlalu besar.".into()))?;
                file = Some((name, data));
            }
            _ => {}
        }
    }
    csrf::check(&state, &parts, token.as_deref()).await?;
    let Some((name, data)) = file.filter(|(_, d)| !d.is_empty()) else {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&ctx, "Pilih berkas .xlsx atau .csv.".into()));
    };
    // Read the header before storing anything: an unreadable file is refused at once.
    let table = match Table::from_bytes(data.to_vec(), &ReadOptions::default()) {
        Ok(t) => t,
        Err(e) => return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&ctx, format!("Berkas tidak dapat dibaca: {e}"))),
    };
    let region = ctx.scope.root().unwrap_or_default();
    let mut tx = state.db.begin().await?;
    let stored = match state.storage.put(&mut tx, data, &name, &[FileKind::Csv, FileKind::Spreadsheet], &region, Some(ctx.user.id)).await {
        Ok(s) => s,
        Err(e) => {
            tx.rollback().await?;
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&ctx, e.to_string()));
        }
    };
    tx.commit().await?;
    let detected_row = first_row(&table);
    mapping_page(&state, &ctx, stored.id.to_string(), stored.original_name, table, detected_row, String::new()).await
}

pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(file_id): Path<Uuid>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let meta = files::get(&state.db, &ctx.scope, file_id).await?;
    let bytes = state.storage.get(&meta).await.map_err(|e| AppError::Internal(e.into()))?;
    // The header row the operator chose on the mapping page, if any (absent: detected). The
    // job reads the file with the same header, so the column indexes below mean the same.
    let header_row = match form.get("baris_judul").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(s.parse::<u64>().ok().filter(|n| *n >= 1).ok_or_else(|| AppError::BadRequest("Baris judul kolom tidak valid.".into()))?),
    };
    let opts = ReadOptions { header_row, ..ReadOptions::default() };
    let table = Table::from_bytes(bytes.to_vec(), &opts).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let mut mapping = propose_mapping(&table.header().columns);
    let indexes: Vec<usize> = mapping.columns.iter().map(|c| c.index).collect();
    for i in indexes {
        let chosen = form.get(&format!("kolom_{i}")).map(String::as_str).unwrap_or("");
        let field = FIELDS.iter().find(|f| f.key == chosen).map(|f| f.field);
        mapping.set(i, field).map_err(|e| AppError::BadRequest(e.to_string()))?;
    }
    if form.contains_key("simpan_pemetaan") {
        settings::set(&state.db, &mapping_key(&ctx), &mapping.to_json()).await?;
    }
    let id = job::queue_with_header(&state.db, &Actor::from(&ctx), file_id, &mapping, header_row).await?;
    Ok(Redirect::to(&format!("/tugas/{id}")).into_response())
}

/// Download a stored file in one's scope (e.g. the rejected-rows report).
pub async fn download(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let meta = files::get(&state.db, &ctx.scope, id).await?;
    // Uploaded sheets and full exports hold personal data: only their owner, or a role that
    // may see personal data, downloads them.
    if meta.uploaded_by != Some(ctx.user.id) && !ctx.role.sees_personal_data() {
        return Err(AppError::NotFound);
    }
    // An e-KTP photo (current or replaced) is served only by its own route, which checks the
    // role and audits the view.
    if files::purpose(&state.db, id).await? == files::PURPOSE_EKTP
        || berdaya_store::owners::is_ektp_file(&state.db, id).await?
    {
        return Err(AppError::NotFound);
    }
    let data = state.storage.get(&meta).await.map_err(|e| AppError::Internal(e.into()))?;
    // Someone else's file (an application's documents, a full export, an uploaded sheet) holds
    // personal data: each download is audited.
    if meta.uploaded_by != Some(ctx.user.id) {
        let mut e = Actor::from(&ctx).audit("download", "file", id, &meta.region);
        e.after = Some(serde_json::json!({"file": meta.original_name}));
        audit::record_alone(&state.db, e).await?;
    }
    let disposition = format!("attachment; filename=\"{}\"", meta.original_name.replace(['"', '\\'], ""));
    Ok(([(header::CONTENT_TYPE, meta.content_type), (header::CONTENT_DISPOSITION, disposition)], data).into_response())
}
