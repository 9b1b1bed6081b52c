//! The attendance grid: every selected participant × every session in one form, saved in
//! one request. Plain checkboxes (Tab/Space), scrolls sideways on a phone.

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_core::tanggal::fmt_dmy;
use berdaya_store::training::{attendance as store, batches, participants, rules};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, render_status};
use crate::services::Actor;
use crate::services::training::{self, attendance::{GridInput, ScoreInput, save_grid}};
use crate::state::AppState;

pub struct Cell {
    pub value: String,
    pub checked: bool,
    pub label: String,
}

pub struct Row {
    pub id: String,
    pub nama: String,
    pub cells: Vec<Cell>,
    pub pre: String,
    pub post: String,
    pub pre_err: String,
    pub post_err: String,
}

#[derive(Template)]
#[template(path = "training_attendance.html")]
struct GridPage {
    l: Layout,
    batch_id: String,
    judul: String,
    sessions: Vec<(String, String)>,
    rows: Vec<Row>,
    error: String,
    aturan: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GridQuery {
    pesan: String,
}

/// Pre- and post-test as typed, per participant.
type Scores = BTreeMap<Uuid, (String, String)>;

async fn page(state: &AppState, ctx: &Ctx, id: Uuid, sent: Option<(&GridInput, FieldErrors)>, notice: &str) -> Result<Response, AppError> {
    let (b, p) = training::batch_with_program(&state.db, &Actor::from(ctx), id).await?;
    let sessions = batches::sessions(&state.db, id).await?;
    let people: Vec<_> = participants::list(&state.db, id).await?.into_iter().filter(|r| r.status == rules::SELECTED).collect();
    let (ticked, scores, errors): (HashSet<(Uuid, Uuid)>, Scores, FieldErrors) = match sent {
        Some((g, e)) => (
            g.present.iter().copied().collect(),
            g.scores.iter().map(|s| (s.participant_id, (s.pre_test.clone(), s.post_test.clone()))).collect(),
            e,
        ),
        None => (
            store::cells(&state.db, id).await?.into_iter().collect(),
            people.iter().map(|r| (r.id, (r.pre_test.map(|v| v.to_string()).unwrap_or_default(), r.post_test.map(|v| v.to_string()).unwrap_or_default()))).collect(),
            FieldErrors::default(),
        ),
    };
    let rows = people
        .iter()
        .map(|r| {
            let (pre, post) = scores.get(&r.id).cloned().unwrap_or_default();
            Row {
                id: r.id.to_string(),
                nama: r.nama.clone(),
                cells: sessions
                    .iter()
                    .map(|s| Cell { value: format!("{}:{}", s.id, r.id), checked: ticked.contains(&(s.id, r.id)), label: format!("{} hadir {}", r.nama, fmt_dmy(s.tanggal)) })
                    .collect(),
                pre,
                post,
                pre_err: errors.get(&format!("pre:{}", r.id)).to_string(),
                post_err: errors.get(&format!("post:{}", r.id)).to_string(),
            }
        })
        .collect();
    let error = errors.get("present").to_string();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = GridPage {
        l: Layout::new(ctx, "pelatihan").with_notice(notice),
        batch_id: id.to_string(),
        judul: format!("{} — {}", p.judul, b.nama),
        sessions: sessions.iter().map(|s| (fmt_dmy(s.tanggal), s.topik.clone())).collect(),
        rows,
        error: if error.is_empty() && !errors.is_empty() { "Periksa nilai yang ditandai.".into() } else { error },
        aturan: match b.min_post_test {
            Some(t) => format!("Lulus: hadir minimal {} % dan post-test minimal {t}.", b.min_kehadiran),
            None => format!("Lulus: hadir minimal {} %.", b.min_kehadiran),
        },
    };
    render_status(status, &page)
}

pub async fn grid(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<GridQuery>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    page(&state, &ctx, id, None, super::notice(&q.pesan)).await
}

/// The posted grid: `h` = "session:participant" per tick, `pre:{id}` / `post:{id}` scores.
pub fn parse_grid(pairs: &[(String, String)]) -> Result<GridInput, AppError> {
    let bad = || AppError::BadRequest("Isian kehadiran tidak dikenali; muat ulang halaman.".into());
    let mut g = GridInput::default();
    let mut scores: BTreeMap<Uuid, ScoreInput> = BTreeMap::new();
    for (k, v) in pairs {
        if k == "h" {
            let (s, p) = v.split_once(':').ok_or_else(bad)?;
            g.present.push((Uuid::parse_str(s).map_err(|_| bad())?, Uuid::parse_str(p).map_err(|_| bad())?));
        } else if let Some(id) = k.strip_prefix("pre:") {
            let id = Uuid::parse_str(id).map_err(|_| bad())?;
            scores.entry(id).or_insert_with(|| ScoreInput { participant_id: id, ..Default::default() }).pre_test = v.clone();
        } else if let Some(id) = k.strip_prefix("post:") {
            let id = Uuid::parse_str(id).map_err(|_| bad())?;
            scores.entry(id).or_insert_with(|| ScoreInput { participant_id: id, ..Default::default() }).post_test = v.clone();
        }
    }
    g.scores = scores.into_values().collect();
    Ok(g)
}

pub async fn save(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(pairs): CsrfForm<Vec<(String, String)>>) -> Result<Response, AppError> {
    let g = parse_grid(&pairs)?;
    match save_grid(&state.db, &Actor::from(&ctx), id, &g).await {
        Ok(_) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}?pesan=kehadiran#peserta")).into_response()),
        Err(ServiceError::Invalid(f)) => page(&state, &ctx, id, Some((&g, f)), "").await,
        Err(e) => Err(e.into()),
    }
}
