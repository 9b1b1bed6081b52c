//! Training pages: programs, batches, participants, the attendance grid, certificates and
//! the public verification page.

mod attendance;
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
        _ => "",
    }
}
