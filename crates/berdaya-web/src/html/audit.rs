//! Browse the audit log of one's scope; queue a chain verification.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::audit::{self, AuditFilter};
use serde::Deserialize;

use crate::auth::{Ctx, CsrfForm};
use crate::error::AppError;
use crate::html::{Layout, render};
use crate::services::{Actor, audit as svc};
use crate::state::AppState;

const PAGE: i64 = 100;

pub struct Line {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    entity: String,
    region: String,
    change: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    l: Layout,
    rows: Vec<Line>,
    f_entity_type: String,
    f_actor: String,
    next_before: i64,
}

#[derive(Deserialize, Default)]
pub struct Filter {
    #[serde(default)]
    entity_type: String,
    #[serde(default)]
    actor: String,
    sebelum: Option<i64>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<Filter>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_read_audit())?;
    let filter = AuditFilter {
        entity_type: Some(q.entity_type.trim().to_string()),
        actor: Some(q.actor.trim().to_string()),
        before_seq: q.sebelum,
        ..Default::default()
    };
    let rows = audit::list(&state.db, &ctx.scope, &filter, PAGE).await?;
    let l = Layout::new(&ctx, "audit");
    let next_before = if rows.len() as i64 == PAGE { rows.last().map(|r| r.seq).unwrap_or(0) } else { 0 };
    let rows = rows
        .into_iter()
        .map(|r| {
            let mut change = String::new();
            if let Some(b) = &r.before_data {
                change.push_str(&format!("sebelum: {b}\n"));
            }
            if let Some(a) = &r.after_data {
                change.push_str(&format!("sesudah: {a}"));
            }
            Line {
                seq: r.seq,
                at: l.time(&r.at),
                actor: r.actor_name,
                action: r.action,
                entity: format!("{} {}", r.entity_type, r.entity_id),
                region: if r.region.is_empty() { "nasional".into() } else { r.region },
                change,
            }
        })
        .collect();
    render(&AuditPage { l, rows, f_entity_type: q.entity_type, f_actor: q.actor, next_before })
}

pub async fn verify(State(state): State<AppState>, ctx: Ctx, CsrfForm(_): CsrfForm<std::collections::HashMap<String, String>>) -> Result<Response, AppError> {
    let id = svc::queue_verify(&state.db, &Actor::from(&ctx)).await?;
    Ok(Redirect::to(&format!("/tugas/{id}")).into_response())
}
