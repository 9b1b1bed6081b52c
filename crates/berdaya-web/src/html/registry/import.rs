//! Import pages: upload → preview with the proposed column mapping → job with progress →
//! result with the rejected rows as a downloadable XLSX.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::{audit, files, settings};
use berdaya_tabular::{FIELDS, Mapping, ReadOptions, Table, propose_mapping};
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

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    l: Layout,
    error: String,
    file_id: String,
    file_name: String,
    columns: Vec<Column>,
    fields: Vec<(String, String)>,
}

fn page(ctx: &Ctx, error: String) -> ImportPage {
    ImportPage { l: Layout::new(ctx, "registri"), error, file_id: String::new(), file_name: String::new(), columns: vec![], fields: vec![] }
}

pub async fn form(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    render(&page(&ctx, String::new()))
}

fn mapping_key(ctx: &Ctx) -> String {
    format!("import_mapping:{}", ctx.agency.id)
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
    let header = table.header().columns.clone();
    let saved = settings::get(&state.db, &mapping_key(&ctx)).await?.and_then(|j| Mapping::from_json(&j).ok());
    let mapping = match saved {
        Some(m) => m.rebind(&header),
        None => propose_mapping(&header),
    };
    let samples: Vec<Vec<String>> = table.take(3).filter_map(Result::ok).map(|r| r.cells).collect();
    let columns = mapping
        .columns
        .iter()
        .map(|c| Column {
            index: c.index,
            header: c.header.clone(),
            sample: samples.iter().filter_map(|r| r.get(c.index)).filter(|v| !v.is_empty()).take(2).cloned().collect::<Vec<_>>().join(" · "),
            field: c.field.map(|f| FIELDS.iter().find(|s| s.field == f).map(|s| s.key).unwrap_or("")).unwrap_or("").to_string(),
            uncertain: c.field.is_some() && c.confidence < 0.75,
        })
        .collect();
    render(&ImportPage {
        l: Layout::new(&ctx, "registri"),
        error: String::new(),
        file_id: stored.id.to_string(),
        file_name: stored.original_name,
        columns,
        fields: FIELDS.iter().map(|f| (f.key.to_string(), f.label.to_string())).collect(),
    })
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
    let table = Table::from_bytes(bytes.to_vec(), &ReadOptions::default()).map_err(|e| AppError::BadRequest(e.to_string()))?;
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
    let id = job::queue(&state.db, &Actor::from(&ctx), file_id, &mapping).await?;
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
