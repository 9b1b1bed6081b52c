//! Pages for people: server-rendered HTML in Bahasa Indonesia.

mod account;
mod aid;
mod admin_agencies;
mod admin_users;
mod audit;
mod complaints;
mod dashboard;
mod jobs;
mod login;
mod regions;
mod registry;
mod setup;
mod training;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use berdaya_core::waktu::ZonaWaktu;
use chrono::{DateTime, Utc};

use crate::auth::Ctx;
use crate::error::{AppError, error_page};
use crate::state::AppState;

pub fn router(max_upload: usize) -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::page))
        .route("/masuk", get(login::form).post(login::submit))
        .route("/keluar", post(login::logout))
        .route("/setup", get(setup::form).post(setup::submit))
        .route("/akun/kata-sandi", get(account::password_form).post(account::password_submit))
        .route("/akun/token", get(account::tokens).post(account::token_create))
        .route("/akun/token/{id}/cabut", post(account::token_revoke))
        .route("/admin/pengguna", get(admin_users::list))
        .route("/admin/pengguna/baru", get(admin_users::new_form).post(admin_users::create))
        .route("/admin/pengguna/{id}", get(admin_users::edit_form).post(admin_users::update))
        .route("/admin/pengguna/{id}/reset-sandi", post(admin_users::reset_password))
        .route("/admin/dinas", get(admin_agencies::list))
        .route("/admin/dinas/baru", get(admin_agencies::new_form).post(admin_agencies::create))
        .route("/admin/dinas/{id}", get(admin_agencies::edit_form).post(admin_agencies::update))
        .route("/admin/dinas/{id}/penandatangan", post(admin_agencies::save_signer))
        .route(
            "/admin/dinas/{id}/logo",
            get(admin_agencies::logo).post(admin_agencies::upload_logo).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route("/audit", get(audit::list))
        .route("/audit/verifikasi", post(audit::verify))
        .route("/tugas/{id}", get(jobs::page))
        .route("/wilayah", get(regions::search))
        .route("/wilayah/{kode}", get(regions::show))
        .merge(registry::router(max_upload))
        .merge(complaints::router(max_upload))
        .merge(aid::router(max_upload))
        .merge(training::router())
}

/// What the base layout shows.
pub struct Layout {
    pub user_name: String,
    pub role_label: String,
    pub agency_name: String,
    pub csrf: String,
    pub active: &'static str,
    pub can_manage: bool,
    pub can_audit: bool,
    pub notice: String,
    pub zone: ZonaWaktu,
}

impl Layout {
    pub fn new(ctx: &Ctx, active: &'static str) -> Layout {
        Layout {
            user_name: ctx.user.full_name.clone(),
            role_label: ctx.role.label().into(),
            agency_name: ctx.agency.name.clone(),
            csrf: ctx.csrf.clone(),
            active,
            can_manage: ctx.role.can_manage_users(),
            can_audit: ctx.role.can_read_audit(),
            notice: String::new(),
            zone: ZonaWaktu::for_region(&ctx.agency.region),
        }
    }

    pub fn with_notice(mut self, msg: &str) -> Layout {
        self.notice = msg.into();
        self
    }

    pub fn time(&self, t: &DateTime<Utc>) -> String {
        self.zone.format(t)
    }

    pub fn time_opt(&self, t: &Option<DateTime<Utc>>) -> String {
        t.as_ref().map(|t| self.time(t)).unwrap_or_else(|| "–".into())
    }
}

/// Render an askama template as a page.
pub fn render(t: &impl askama::Template) -> Result<Response, AppError> {
    Ok(Html(t.render()?).into_response())
}

/// Render with a status code (a form with errors is 422).
pub fn render_status(status: StatusCode, t: &impl askama::Template) -> Result<Response, AppError> {
    Ok((status, Html(t.render()?)).into_response())
}

/// Notice shown after a redirect (`?pesan=…`), from a fixed list so no text can be injected.
pub fn notice(code: Option<&str>) -> &'static str {
    match code {
        Some("tersimpan") => "Perubahan tersimpan.",
        Some("dibuat") => "Data baru tersimpan.",
        Some("sandi") => "Kata sandi berhasil diganti.",
        Some("reset") => "Kata sandi sementara disimpan; pengguna wajib menggantinya saat masuk.",
        Some("dicabut") => "Token dicabut.",
        Some("logo") => "Logo tersimpan.",
        _ => "",
    }
}

/// Thousands with dots, as written in Indonesia.
pub fn ribuan(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

pub async fn not_found() -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Halaman tidak ditemukan",
        "Data atau halaman yang anda cari tidak ada, atau berada di luar wilayah kerja anda.",
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands() {
        assert_eq!(super::ribuan(0), "0");
        assert_eq!(super::ribuan(1500000), "1.500.000");
        assert_eq!(super::ribuan(-2400), "-2.400");
    }
}
