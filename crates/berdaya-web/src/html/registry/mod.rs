//! Registry pages: the business list, owner detail, and the owner/business forms.

mod detail;
mod duplicates;
mod form;
mod import;
mod list;
mod permits;
mod photos;

use axum::Router;
use axum::routing::get;
use berdaya_core::mask::{mask_address, mask_middle};
use berdaya_core::rupiah::Rupiah;

use crate::state::AppState;

pub fn router(max_upload: usize) -> Router<AppState> {
    Router::new()
        .route(
            "/registri/impor",
            get(import::form).post(import::upload).layer(axum::extract::DefaultBodyLimit::max(max_upload)),
        )
        .route("/registri/impor/{id}/mulai", axum::routing::post(import::start))
        .route("/berkas/{id}", get(import::download))
        .route("/registri/ekspor", axum::routing::post(list::export))
        .route("/registri", get(list::page))
        .route("/registri/duplikat", get(duplicates::queue))
        .route("/registri/duplikat/pindai", axum::routing::post(duplicates::scan))
        .route("/registri/duplikat/{id}", get(duplicates::pair))
        .route("/registri/duplikat/{id}/gabung", axum::routing::post(duplicates::merge))
        .route("/registri/duplikat/{id}/bukan", axum::routing::post(duplicates::not_duplicate))
        .route("/registri/baru", get(form::new_owner).post(form::create_owner))
        .route("/registri/pelaku/{id}", get(detail::page))
        .route("/registri/pelaku/{id}/ubah", get(form::edit_owner).post(form::update_owner))
        .route("/registri/pelaku/{id}/usaha/baru", get(form::new_business).post(form::create_business))
        .route("/registri/usaha/{id}/ubah", get(form::edit_business).post(form::update_business))
        .route("/registri/usaha/{id}/izin", get(permits::form).post(permits::submit))
        .route("/registri/izin/{id}/hapus", axum::routing::post(permits::remove))
        .route("/registri/pelaku/{id}/ektp", get(photos::ektp_view).post(photos::ektp_upload).layer(axum::extract::DefaultBodyLimit::max(max_upload)))
        .route("/registri/usaha/{id}/foto", axum::routing::post(photos::photo_upload).layer(axum::extract::DefaultBodyLimit::max(max_upload)))
        .route("/registri/foto/{id}", get(photos::photo_view))
        .route("/registri/foto/{id}/hapus", axum::routing::post(photos::photo_delete))
}

/// Personal identifiers as a role may see them in lists (UU 27/2022).
pub struct Masker {
    pub full: bool,
}

impl Masker {
    pub fn nik(&self, nik: &str) -> String {
        if self.full { nik.to_string() } else { mask_middle(nik, 4, 2) }
    }
    pub fn phone(&self, hp: &str) -> String {
        if hp.is_empty() {
            "–".into()
        } else if self.full {
            berdaya_core::phone::NoHp::parse(hp).map(|p| p.national()).unwrap_or_else(|_| hp.to_string())
        } else {
            mask_middle(hp, 6, 3)
        }
    }
    pub fn address(&self, a: &str) -> String {
        if self.full { a.to_string() } else { mask_address(a) }
    }
    /// The birth date in full, or only its year (day and month are half of a NIK).
    pub fn birth_date(&self, d: chrono::NaiveDate) -> String {
        if self.full { berdaya_core::tanggal::fmt_panjang(d) } else { format!("**-**-{}", chrono::Datelike::year(&d)) }
    }
    pub fn email(&self, e: &str) -> String {
        if e.is_empty() {
            "–".into()
        } else if self.full {
            e.to_string()
        } else {
            berdaya_core::mask::mask_email(e)
        }
    }
    /// Sensitive data (disability: health data under UU 27/2022): whether there is any, or
    /// the value itself once personal data is shown.
    pub fn sensitive(&self, v: &str) -> String {
        if v.trim().is_empty() {
            "–".into()
        } else if self.full {
            v.to_string()
        } else {
            "ada (tampilkan data pribadi untuk melihat)".into()
        }
    }
}

pub fn rupiah(v: Option<i64>) -> String {
    v.map(|x| Rupiah::new(x).to_string()).unwrap_or_else(|| "–".into())
}

pub fn skala_label(s: &str) -> String {
    berdaya_core::skala::SkalaUsaha::parse(s).map(|k| k.label().to_string()).unwrap_or_else(|| "–".into())
}
