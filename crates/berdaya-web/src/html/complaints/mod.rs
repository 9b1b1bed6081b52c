//! Complaint pages: the public form and tracking page, and the staff list, detail and actions.

mod actions;
mod public;
pub(crate) use public::form_token;
mod staff;

pub use crate::services::complaints::event_title;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router(max_upload: usize) -> Router<AppState> {
    Router::new()
        .route("/pengaduan", get(public::form).post(public::submit).layer(DefaultBodyLimit::max(max_upload)))
        .route("/pengaduan/lacak", get(public::track))
        .route("/pengaduan/kelola", get(staff::list))
        .route("/pengaduan/kelola/sla", get(staff::sla_form).post(actions::sla_save))
        .route("/pengaduan/kelola/{id}", get(staff::detail))
        .route("/pengaduan/kelola/{id}/lampiran", get(staff::attachment))
        .route("/pengaduan/kelola/{id}/tanggapan", post(actions::respond))
        .route("/pengaduan/kelola/{id}/status", post(actions::status))
        .route("/pengaduan/kelola/{id}/tugaskan", post(actions::assign))
        .route("/pengaduan/kelola/{id}/eskalasi", post(actions::escalate))
        .route("/pengaduan/kelola/{id}/buka-kembali", post(actions::reopen))
}

/// Notice after an action (`?ok=…`), from a fixed list so no text can be injected.
fn notice(code: Option<&str>) -> &'static str {
    match code {
        Some("tanggapan") => "Tanggapan terkirim; pelapor dapat membacanya di halaman lacak.",
        Some("catatan") => "Catatan internal tersimpan (tidak terlihat oleh pelapor).",
        Some("status") => "Status diubah.",
        Some("tugas") => "Penugasan disimpan.",
        Some("eskalasi") => "Pengaduan diteruskan ke dinas di atasnya.",
        Some("buka") => "Pengaduan dibuka kembali.",
        Some("sla") => "Batas waktu layanan disimpan.",
        _ => "",
    }
}
