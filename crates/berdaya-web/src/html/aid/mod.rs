//! Aid pages (Bantuan): programs, applications, screening, survey, approval, disbursement,
//! budget and exclusion lists.

mod applications;
mod batches;
mod budget;
mod form;
mod programs;
mod self_service;
mod survey;

use std::collections::HashMap;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart};
use axum::routing::{get, post};
use bytes::Bytes;

use crate::auth::csrf;
use crate::error::AppError;
use crate::state::AppState;

/// Room above the file size limit for the form's other fields and the multipart framing, so
/// a file just over the limit reaches the storage check (which names its size and the limit)
/// instead of being cut off mid-request.
const FORM_SLACK: usize = 1024 * 1024;

pub fn router(max_upload: usize) -> Router<AppState> {
    let up = || DefaultBodyLimit::max(max_upload.saturating_add(FORM_SLACK));
    Router::new()
        .route("/bantuan", get(programs::list))
        .route("/bantuan/baru", get(programs::new_form).post(programs::create))
        .route("/bantuan/anggaran", get(budget::page))
        .route("/bantuan/pengecualian", get(budget::exclusion_page).post(budget::exclusion_upload).layer(up()))
        .route("/bantuan/survei", get(survey::tasks))
        .route("/bantuan/ajukan", get(self_service::list))
        .route("/bantuan/ajukan/{id}", get(self_service::form).post(self_service::submit).layer(DefaultBodyLimit::max(max_upload.saturating_mul(6))))
        .route("/bantuan/lacak", get(self_service::track))
        .route("/bantuan/{id}/mandiri", post(self_service::toggle))
        .route("/bantuan/{id}", get(programs::detail))
        .route("/bantuan/{id}/ubah", get(programs::edit_form).post(programs::update))
        .route("/bantuan/{id}/simulasi", get(programs::dry_run))
        .route("/bantuan/{id}/skrining", post(programs::screen))
        .route("/bantuan/{id}/permohonan/baru", get(applications::new_form).post(applications::create))
        .route("/bantuan/{id}/impor", post(applications::import).layer(up()))
        .route("/bantuan/{id}/survei/tugaskan", post(survey::assign))
        .route("/bantuan/{id}/usulan", post(batches::propose))
        .route("/bantuan/{id}/transfer", post(batches::transfer))
        .route("/bantuan/{id}/hasil-bank", post(batches::bank_result).layer(up()))
        .route("/bantuan/{id}/ulangi", post(batches::retry))
        .route("/bantuan/permohonan/{id}", get(applications::detail))
        .route("/bantuan/permohonan/{id}/dokumen", post(applications::upload).layer(up()))
        .route("/bantuan/permohonan/{id}/tinjau", post(applications::review))
        .route("/bantuan/permohonan/{id}/survei", get(survey::form).post(survey::submit).layer(up()))
        .route("/bantuan/usulan/{id}", get(batches::page))
        .route("/bantuan/usulan/{id}/putuskan", post(batches::decide))
        .route("/bantuan/usulan/{id}/penerima.xlsx", get(batches::xlsx))
        .route("/bantuan/usulan/{id}/penerima.pdf", get(batches::list_pdf))
        .route("/bantuan/usulan/{id}/bast.pdf", get(batches::bast))
        .route("/bantuan/penerima/{id}/serah", post(batches::hand_over).layer(up()))
}

/// Names of region codes for display ("64.74.01.1002" → "Bontang Baru").
pub(crate) async fn region_names<'a>(state: &AppState, codes: impl IntoIterator<Item = &'a str>) -> Result<HashMap<String, String>, AppError> {
    Ok(crate::services::aid::rules::names_of(&state.db, codes).await?)
}

/// The name of a code from [`region_names`]; the code itself when it has none.
pub(crate) fn name_of(names: &HashMap<String, String>, code: &str) -> String {
    names.get(code).cloned().unwrap_or_else(|| code.to_string())
}

/// A multipart form: its text fields and the first file (name, bytes), CSRF checked.
pub(crate) struct Upload {
    pub fields: HashMap<String, String>,
    pub file: Option<(String, Bytes)>,
}

impl Upload {
    pub fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
}

pub(crate) async fn read_upload(state: &AppState, request: axum::extract::Request) -> Result<Upload, AppError> {
    let (parts, body) = request.into_parts();
    let mut multipart = Multipart::from_request(axum::extract::Request::from_parts(parts.clone(), body), state)
        .await
        .map_err(|_| AppError::BadRequest("Unggahan tidak dapat dibaca.".into()))?;
    let mut up = Upload { fields: HashMap::new(), file: None };
    let max_mb = state.storage.max_bytes() / (1024 * 1024);
    let broken = || AppError::BadRequest(format!("Unggahan terputus atau berkas lebih besar dari batas {max_mb} MB."));
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or("").to_string();
        if field.file_name().is_some() {
            let fname = field.file_name().unwrap_or("berkas").to_string();
            let data = field.bytes().await.map_err(|_| broken())?;
            if up.file.is_none() && !data.is_empty() {
                up.file = Some((fname, data));
            }
        } else {
            let v = field.text().await.map_err(|_| broken())?;
            up.fields.insert(name, v);
        }
    }
    csrf::check(state, &parts, up.fields.get("_csrf").map(String::as_str)).await?;
    Ok(up)
}

pub fn keputusan_label(k: &str) -> &'static str {
    match k {
        "layak" => "Layak",
        "tidak_layak" => "Tidak layak",
        "perlu_ditinjau" => "Perlu ditinjau",
        _ => "Belum diskrining",
    }
}

pub fn survei_label(s: &str) -> &'static str {
    match s {
        "ditugaskan" => "Ditugaskan",
        "terverifikasi" => "Terverifikasi",
        "tidak_terverifikasi" => "Tidak terverifikasi",
        _ => "Belum",
    }
}

pub fn status_label(s: &str) -> &'static str {
    match s {
        "diajukan" => "Diajukan",
        "diusulkan" => "Diusulkan",
        "disetujui" => "Disetujui",
        "dikembalikan" => "Dikembalikan",
        "menunggu" => "Menunggu penyaluran",
        "dikirim" => "Dikirim ke bank",
        "berhasil" => "Berhasil",
        "gagal" => "Gagal",
        "diserahkan" => "Diserahkan",
        _ => "–",
    }
}

pub fn rp(v: i64) -> String {
    format!("Rp {}", crate::html::ribuan(v))
}

/// Fixed notices after a redirect (`?pesan=`), so no text can be injected.
pub fn notice(code: Option<&str>) -> &'static str {
    match code {
        Some("dokumen") => "Dokumen tersimpan (metadata gambar dihapus).",
        Some("tinjau") => "Keputusan peninjauan tersimpan.",
        Some("survei") => "Hasil survei tersimpan.",
        Some("ditugaskan") => "Permohonan ditugaskan ke surveyor.",
        Some("diusulkan") => "Usulan penerima dibuat; menunggu keputusan pimpinan.",
        Some("diputuskan") => "Keputusan tersimpan.",
        Some("ulangi") => "Transfer yang gagal dimasukkan lagi ke antrean.",
        Some("diserahkan") => "Serah terima tercatat.",
        Some("daftar") => "Daftar pengecualian tersimpan sebagai versi baru.",
        Some("dibuat") => "Data baru tersimpan.",
        Some("tersimpan") => "Perubahan tersimpan.",
        _ => "",
    }
}
