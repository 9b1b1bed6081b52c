//! Training pages: programs, batches, participants, the attendance grid, certificates and
//! the public verification page.

mod attendance;
mod attendance_import;
mod batch;
mod detail;
mod followups;
mod certificates;
mod participants;
mod program;
mod report;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/pelatihan", get(program::list))
        .route("/pelatihan/program/baru", get(program::new_form).post(program::create))
        .route("/pelatihan/program/{id}", get(program::show))
        .route("/pelatihan/program/{id}/ubah", get(program::edit_form).post(program::update))
        .route("/pelatihan/program/{id}/angkatan/baru", get(batch::new_form).post(batch::create))
        .route("/pelatihan/angkatan/{id}", get(batch::show))
        .route("/pelatihan/angkatan/{id}/ubah", get(batch::edit_form).post(batch::update))
        .route("/pelatihan/angkatan/{id}/sesi", post(batch::add_session))
        .route("/pelatihan/angkatan/{id}/sesi/{sid}", get(batch::session_form).post(batch::update_session))
        .route("/pelatihan/angkatan/{id}/sesi/{sid}/hapus", post(batch::delete_session))
        .route("/pelatihan/angkatan/{id}/biaya", post(batch::add_cost))
        .route("/pelatihan/angkatan/{id}/peserta", post(participants::add))
        .route("/pelatihan/angkatan/{id}/peserta/massal", post(participants::bulk))
        .route("/pelatihan/angkatan/{id}/peserta/impor", post(participants::import))
        .route("/pelatihan/angkatan/{id}/peserta/baru", get(participants::register_form).post(participants::register))
        .route("/pelatihan/peserta/{id}/mundur", post(participants::withdraw))
        .route("/pelatihan/angkatan/{id}/kehadiran", get(attendance::grid).post(attendance::save))
        .route("/pelatihan/angkatan/{id}/kehadiran/impor", post(attendance_import::preview))
        .route("/pelatihan/angkatan/{id}/kehadiran/impor/terapkan", post(attendance_import::apply))
        .route("/pelatihan/angkatan/{id}/sertifikat", post(certificates::generate))
        .route("/pelatihan/sertifikat/{id}/cabut", post(certificates::revoke))
        .route("/sertifikat/{kode}", get(certificates::verify))
        .route("/pelatihan/angkatan/{id}/laporan", get(report::batch))
        .route("/pelatihan/tindak-lanjut", get(followups::queue))
        .route("/pelatihan/peserta/{id}/tindak-lanjut", get(followups::followup_form).post(followups::followup_save))
        .route("/pelatihan/peserta/{id}/evaluasi", get(followups::evaluation_form).post(followups::evaluation_save))
        .route("/pelatihan/program/{id}/laporan", get(report::program))
}

pub use crate::services::training::date_range;

/// A form's field errors and status: 200 without an error, 422 with field errors; any
/// other error is the error page.
pub(super) fn form_errors(err: Option<crate::error::ServiceError>) -> Result<(crate::error::FieldErrors, axum::http::StatusCode), crate::error::AppError> {
    use axum::http::StatusCode;
    match err {
        None => Ok((Default::default(), StatusCode::OK)),
        Some(crate::error::ServiceError::Invalid(f)) => Ok((f, StatusCode::UNPROCESSABLE_ENTITY)),
        Some(e) => Err(e.into()),
    }
}

/// The file (`berkas`) of a multipart upload, after the CSRF check; `None` when no file was
/// chosen.
pub(super) async fn upload(state: &AppState, request: axum::extract::Request) -> Result<Option<Vec<u8>>, crate::error::AppError> {
    use crate::error::AppError;
    use axum::extract::{FromRequest, Multipart};
    let cut = || AppError::BadRequest("Unggahan terputus atau terlalu besar.".into());
    let (parts, body) = request.into_parts();
    let mut multipart = Multipart::from_request(axum::extract::Request::from_parts(parts.clone(), body), state)
        .await
        .map_err(|_| AppError::BadRequest("Unggahan tidak dapat dibaca.".into()))?;
    let (mut token, mut data) = (None, None);
    while let Some(field) = multipart.next_field().await.map_err(|_| cut())? {
        match field.name() {
            Some("_csrf") => token = field.text().await.ok(),
            Some("berkas") => data = Some(field.bytes().await.map_err(|_| cut())?),
            _ => {}
        }
    }
    crate::auth::csrf::check(state, &parts, token.as_deref()).await?;
    Ok(data.filter(|d| !d.is_empty()).map(|d| d.to_vec()))
}

/// Notice after a redirect (`?pesan=…`), from a fixed list.
pub fn notice(code: &str) -> &'static str {
    match code {
        "tersimpan" => "Perubahan tersimpan.",
        "dibuat" => "Data baru tersimpan.",
        "peserta" => "Peserta ditambahkan.",
        "cadangan" => "Kuota penuh: peserta masuk daftar cadangan.",
        "mundur" => "Peserta mundur; daftar cadangan diperbarui.",
        "kehadiran" => "Kehadiran dan nilai tersimpan.",
        "dicabut" => "Sertifikat dicabut.",
        "impor_hadir" => "Kehadiran dari daftar hadir diterapkan.",
        _ => "",
    }
}
