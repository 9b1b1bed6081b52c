//! Staff pages: the complaint list with filters, the detail with its history and action
//! forms, the attachment, and the SLA settings.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use berdaya_core::{Role, Scope};
use berdaya_store::complaints::{self, Category, Complaint, ComplaintFilter, Status, status_label};
use berdaya_store::{Db, agencies, audit, files, regions, users};
use serde::Deserialize;
use uuid::Uuid;

use super::{event_title, notice};
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::html::{Layout, render, render_status};
use crate::services::Actor;
use crate::services::complaints::{self as svc, ReporterView, SlaDays, display_code, sla};
use crate::state::AppState;

/// Names looked up once per page.
#[derive(Default)]
struct Names {
    regions: HashMap<String, String>,
    agencies: HashMap<Uuid, String>,
    users: HashMap<Uuid, String>,
}

impl Names {
    async fn region(&mut self, db: &Db, kode: &str) -> Result<String, AppError> {
        if let Some(n) = self.regions.get(kode) {
            return Ok(n.clone());
        }
        let n = regions::get(db, kode).await?.map(|r| r.nama).unwrap_or_else(|| kode.to_string());
        self.regions.insert(kode.to_string(), n.clone());
        Ok(n)
    }
    async fn agency(&mut self, db: &Db, id: Uuid) -> Result<String, AppError> {
        if let Some(n) = self.agencies.get(&id) {
            return Ok(n.clone());
        }
        let n = agencies::get_unscoped(db, id).await?.name;
        self.agencies.insert(id, n.clone());
        Ok(n)
    }
    async fn user(&mut self, db: &Db, id: Option<Uuid>) -> Result<String, AppError> {
        let Some(id) = id else { return Ok("–".into()) };
        if let Some(n) = self.users.get(&id) {
            return Ok(n.clone());
        }
        let n = users::get_self(db, id).await?.full_name;
        self.users.insert(id, n.clone());
        Ok(n)
    }
}

fn category_label(s: &str) -> &str {
    Category::parse(s).map(Category::label).unwrap_or(s)
}

pub struct Line {
    id: String,
    code: String,
    created: String,
    category: String,
    region: String,
    status: String,
    agency: String,
    due: String,
    overdue: bool,
    assigned: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    kategori: String,
    #[serde(default)]
    terlambat: String,
    /// "" everything in scope, "dinas" handled by my agency, "saya" assigned to me.
    #[serde(default)]
    antrian: String,
    sebelum: Option<Uuid>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "complaint_list.html")]
struct ListPage {
    l: Layout,
    f: ListQuery,
    statuses: Vec<(&'static str, &'static str)>,
    categories: Vec<(&'static str, &'static str)>,
    lines: Vec<Line>,
    next: String,
    can_edit_sla: bool,
}

const PAGE: i64 = 50;

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let db = &state.db;
    let now = berdaya_store::now();
    let f = ComplaintFilter {
        status: Some(q.status.clone()).filter(|s| !s.is_empty()),
        category: Some(q.kategori.clone()).filter(|s| !s.is_empty()),
        overdue: !q.terlambat.is_empty(),
        handling_region: (q.antrian == "dinas").then(|| ctx.agency.region.clone()),
        assigned_to: (q.antrian == "saya").then_some(ctx.user.id),
        before_id: q.sebelum,
    };
    let rows = complaints::list(db, &ctx.scope, &f, now, PAGE).await?;
    let l = Layout::new(&ctx, "pengaduan").with_notice(notice(q.ok.as_deref()));
    let mut names = Names::default();
    let mut lines = Vec::new();
    for c in &rows {
        lines.push(Line {
            id: c.id.to_string(),
            code: display_code(&c.code),
            created: l.time(&c.created_at),
            category: category_label(&c.category).to_string(),
            region: names.region(db, &c.region).await?,
            status: status_label(&c.status).to_string(),
            agency: names.agency(db, c.agency_id).await?,
            due: if c.is_open() { l.time_opt(&c.due_at) } else { "–".into() },
            overdue: c.is_overdue(now),
            assigned: names.user(db, c.assigned_to).await?,
        });
    }
    let next = match rows.last() {
        Some(last) if rows.len() as i64 == PAGE => {
            let qs = serde_urlencoded::to_string([
                ("status", q.status.as_str()),
                ("kategori", q.kategori.as_str()),
                ("terlambat", q.terlambat.as_str()),
                ("antrian", q.antrian.as_str()),
                ("sebelum", &last.id.to_string()),
            ])
            .unwrap_or_default();
            format!("/pengaduan/kelola?{qs}")
        }
        _ => String::new(),
    };
    let mut statuses = vec![("terbuka", "Semua yang terbuka")];
    statuses.extend(Status::ALL.iter().map(|s| (s.as_str(), s.label())));
    render(&ListPage {
        l,
        f: q,
        statuses,
        categories: Category::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
        lines,
        next,
        can_edit_sla: ctx.role == Role::Admin && ctx.scope == Scope::National,
    })
}

pub struct EventView {
    at: String,
    title: String,
    body: String,
    public: bool,
    actor: String,
}

#[derive(Template)]
#[template(path = "complaint_detail.html")]
pub struct DetailPage {
    pub l: Layout,
    pub id: String,
    pub code: String,
    pub c: Complaint,
    pub status: String,
    pub category: String,
    pub region: String,
    pub agency: String,
    pub due: String,
    pub overdue: bool,
    pub assigned: String,
    pub reporter: ReporterView,
    pub can_reveal: bool,
    pub can_act: bool,
    pub can_attachment: bool,
    pub can_escalate: bool,
    pub parent_agency: String,
    pub is_open: bool,
    pub next_statuses: Vec<(&'static str, &'static str)>,
    pub assignees: Vec<(String, String)>,
    pub events: Vec<EventView>,
    pub errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct DetailQuery {
    pribadi: Option<String>,
    ok: Option<String>,
}

/// The detail page of complaint `id` (with `errors` from a refused action).
pub async fn detail_page(state: &AppState, ctx: &Ctx, id: Uuid, reveal: bool, errors: FieldErrors) -> Result<DetailPage, AppError> {
    let db = &state.db;
    let actor = Actor::from(ctx);
    let revealed = reveal && ctx.role.sees_personal_data();
    let c = if revealed { svc::view_personal(db, &actor, id).await? } else { complaints::get(db, &ctx.scope, id).await? };
    let now = berdaya_store::now();
    let l = Layout::new(ctx, "pengaduan");
    let mut names = Names::default();
    let can_act = svc::can_act(&actor, &c);
    let parent = complaints::parent_agency(db, &c.handling_region).await?;
    let from = Status::parse(&c.status).unwrap_or(Status::Baru);
    let next_statuses = Status::ALL
        .iter()
        .filter(|to| svc::rules::check_transition(from, **to).is_ok())
        .map(|s| (s.as_str(), s.label()))
        .collect();
    let mut assignees = Vec::new();
    if can_act {
        for u in users::list(db, &ctx.scope, "", 500, 0).await? {
            if u.agency_id == c.agency_id && u.active && Role::parse(&u.role).is_some_and(|r| r.can_write_records()) {
                assignees.push((u.id.to_string(), u.full_name));
            }
        }
    }
    let mut events = Vec::new();
    for e in complaints::events(db, c.id, false).await? {
        events.push(EventView { at: l.time(&e.at), title: event_title(&e), body: e.body.clone(), public: e.public, actor: e.actor_name.clone() });
    }
    Ok(DetailPage {
        id: c.id.to_string(),
        code: display_code(&c.code),
        status: status_label(&c.status).to_string(),
        category: category_label(&c.category).to_string(),
        region: names.region(db, &c.region).await?,
        agency: names.agency(db, c.agency_id).await?,
        due: if c.is_open() { l.time_opt(&c.due_at) } else { "–".into() },
        overdue: c.is_overdue(now),
        assigned: names.user(db, c.assigned_to).await?,
        reporter: svc::reporter_view(&c, revealed),
        can_reveal: ctx.role.sees_personal_data() && !revealed,
        can_act,
        can_attachment: c.attachment_file_id.is_some() && ctx.role.sees_personal_data(),
        can_escalate: can_act && c.is_open() && parent.is_some(),
        parent_agency: parent.map(|a| a.name).unwrap_or_default(),
        is_open: c.is_open(),
        next_statuses,
        assignees,
        events,
        errors,
        l,
        c,
    })
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<DetailQuery>) -> Result<Response, AppError> {
    let mut page = detail_page(&state, &ctx, id, q.pribadi.is_some(), FieldErrors::default()).await?;
    page.l = page.l.with_notice(notice(q.ok.as_deref()));
    render(&page)
}

/// The reporter's attachment: only for roles that may see personal data (it may show an
/// e-KTP or a face).
pub async fn attachment(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    if !ctx.role.sees_personal_data() {
        return Err(AppError::Forbidden);
    }
    let c = complaints::get(&state.db, &ctx.scope, id).await?;
    let file_id = c.attachment_file_id.ok_or(AppError::NotFound)?;
    let meta = files::get(&state.db, &ctx.scope, file_id).await?;
    let data = state.storage.get(&meta).await.map_err(|e| AppError::Internal(e.into()))?;
    audit::record_alone(&state.db, Actor::from(&ctx).audit("view_attachment", "complaint", c.id, &c.region)).await?;
    let disposition = format!("attachment; filename=\"{}\"", meta.original_name.replace(['"', '\\'], ""));
    Ok(([(header::CONTENT_TYPE, meta.content_type), (header::CONTENT_DISPOSITION, disposition)], data).into_response())
}

#[derive(Template)]
#[template(path = "complaint_sla.html")]
pub struct SlaPage {
    pub l: Layout,
    pub days: SlaDays,
    pub errors: FieldErrors,
}

pub async fn sla_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(ctx.role == Role::Admin && ctx.scope == Scope::National)?;
    let days = sla::load(&state.db).await?;
    render(&SlaPage { l: Layout::new(&ctx, "pengaduan"), days, errors: FieldErrors::default() })
}

pub fn sla_page_with_errors(ctx: &Ctx, days: SlaDays, errors: FieldErrors) -> Result<Response, AppError> {
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &SlaPage { l: Layout::new(ctx, "pengaduan"), days, errors })
}
