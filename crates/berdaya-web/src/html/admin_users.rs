//! Admin pages: the users of the agencies in one's scope.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_core::Role;
use berdaya_store::{agencies, users};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, notice, render, render_status};
use crate::services::accounts::{self, UserInput};
use crate::services::Actor;
use crate::state::AppState;

const PAGE: i64 = 50;

pub struct UserLine {
    id: String,
    full_name: String,
    username: String,
    role: String,
    agency: String,
    active: bool,
    last_login: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    l: Layout,
    users: Vec<UserLine>,
    q: String,
    page: i64,
    has_next: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    hal: Option<i64>,
    pesan: Option<String>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_manage_users())?;
    let page = q.hal.unwrap_or(1).max(1);
    let mut rows = users::list(&state.db, &ctx.scope, &q.q, PAGE + 1, (page - 1) * PAGE).await?;
    let has_next = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let names: HashMap<Uuid, String> =
        agencies::list(&state.db, &ctx.scope).await?.into_iter().map(|a| (a.id, a.name)).collect();
    let l = Layout::new(&ctx, "admin").with_notice(notice(q.pesan.as_deref()));
    let users = rows
        .into_iter()
        .map(|u| UserLine {
            id: u.id.to_string(),
            role: Role::parse(&u.role).map(|r| r.label().to_string()).unwrap_or(u.role),
            agency: names.get(&u.agency_id).cloned().unwrap_or_default(),
            last_login: l.time_opt(&u.last_login_at),
            full_name: u.full_name,
            username: u.username,
            active: u.active,
        })
        .collect();
    render(&UsersPage { l, users, q: q.q, page, has_next })
}

#[derive(Template)]
#[template(path = "user_form.html")]
struct UserForm {
    l: Layout,
    is_new: bool,
    action: String,
    input: UserInput,
    roles: Vec<(String, String)>,
    agencies: Vec<(String, String)>,
    agency_selected: String,
    errors: FieldErrors,
}

fn roles() -> Vec<(String, String)> {
    Role::ALL.iter().map(|r| (r.as_str().to_string(), r.label().to_string())).collect()
}

async fn form_page(state: &AppState, ctx: &Ctx, is_new: bool, action: String, input: UserInput, errors: FieldErrors) -> Result<UserForm, AppError> {
    let agencies: Vec<(String, String)> =
        agencies::list(&state.db, &ctx.scope).await?.into_iter().map(|a| (a.id.to_string(), a.name)).collect();
    let agency_selected = input.agency_id.map(|a| a.to_string()).unwrap_or_else(|| ctx.agency.id.to_string());
    Ok(UserForm { l: Layout::new(ctx, "admin"), is_new, action, input, roles: roles(), agencies, agency_selected, errors })
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_manage_users())?;
    let input = UserInput { role: "operator".into(), active: true, ..Default::default() };
    render(&form_page(&state, &ctx, true, "/admin/pengguna/baru".into(), input, FieldErrors::default()).await?)
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, CsrfForm(input): CsrfForm<UserInput>) -> Result<Response, AppError> {
    match accounts::create_user(&state.db, &state.hasher, &Actor::from(&ctx), &input).await {
        Ok(u) => Ok(Redirect::to(&format!("/admin/pengguna/{}?pesan=dibuat", u.id)).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let input = UserInput { password: String::new(), ..input };
            let page = form_page(&state, &ctx, true, "/admin/pengguna/baru".into(), input, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_manage_users())?;
    let u = users::get(&state.db, &ctx.scope, id).await?;
    let input = UserInput {
        username: u.username,
        full_name: u.full_name,
        email: u.email,
        role: u.role,
        agency_id: Some(u.agency_id),
        password: String::new(),
        active: u.active,
    };
    let mut page = form_page(&state, &ctx, false, format!("/admin/pengguna/{id}"), input, FieldErrors::default()).await?;
    page.l = page.l.with_notice(notice(q.pesan.as_deref()));
    render(&page)
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    active: Option<String>,
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<EditForm>) -> Result<Response, AppError> {
    let input = UserInput { full_name: f.full_name, email: f.email, role: f.role, active: f.active.is_some(), ..Default::default() };
    match accounts::update_user(&state.db, &Actor::from(&ctx), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/pengguna/{id}?pesan=tersimpan")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let current = users::get(&state.db, &ctx.scope, id).await?;
            let input = UserInput { username: current.username, ..input };
            let page = form_page(&state, &ctx, false, format!("/admin/pengguna/{id}"), input, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

pub async fn reset_password(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<ResetForm>) -> Result<Response, AppError> {
    match accounts::reset_password(&state.db, &state.hasher, &Actor::from(&ctx), id, &f.password).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/pengguna/{id}?pesan=reset")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let u = users::get(&state.db, &ctx.scope, id).await?;
            let input = UserInput {
                username: u.username,
                full_name: u.full_name,
                email: u.email,
                role: u.role,
                agency_id: Some(u.agency_id),
                password: String::new(),
                active: u.active,
            };
            let page = form_page(&state, &ctx, false, format!("/admin/pengguna/{id}"), input, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}
