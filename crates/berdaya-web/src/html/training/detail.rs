//! The batch page: data, sessions, costs, participants (with registry search and bulk add),
//! certificates.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use berdaya_core::tanggal::{fmt_dmy, fmt_panjang};
use berdaya_store::owners::{self, OwnerFilter};
use berdaya_store::training::{batches, certificates, participants, rules};
use serde::Deserialize;
use uuid::Uuid;

use super::{date_range, notice};
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::html::registry::Masker;
use crate::html::{Layout, render_status, ribuan};
use crate::services::Actor;
use crate::services::training::{self, attendance, input::{CostInput, SessionInput, funding_label}};
use crate::state::AppState;

/// Errors of the small forms on the batch page, shown in place.
#[derive(Default)]
pub struct DetailErrors {
    pub session: FieldErrors,
    pub session_input: SessionInput,
    pub cost: FieldErrors,
    pub cost_input: CostInput,
    pub participant: String,
    pub search: String,
}

pub struct SessionLine {
    pub id: String,
    pub tanggal: String,
    pub jam: String,
    pub topik: String,
    pub narasumber: String,
}

pub struct PersonLine {
    pub id: String,
    pub nama: String,
    pub nik: String,
    pub kecamatan: String,
    pub status: String,
    pub status_label: String,
    pub hadir: String,
    pub nilai: String,
    pub selesai: bool,
    pub peringatan: String,
    pub calon: bool,
}

pub struct CertLine {
    pub id: String,
    pub nomor: String,
    pub nama: String,
    pub url: String,
    pub dicabut: String,
}

#[derive(Template)]
#[template(path = "training_batch.html")]
struct DetailPage {
    l: Layout,
    b: batches::Batch,
    judul: String,
    program_id: String,
    dana: String,
    tanggal: String,
    aturan: String,
    kriteria: String,
    sessions: Vec<SessionLine>,
    costs: Vec<(String, String, String)>,
    total_biaya: String,
    people: Vec<PersonLine>,
    n_peserta: usize,
    n_cadangan: usize,
    n_selesai: usize,
    results: Vec<(String, String, String, String)>,
    cari: String,
    certs: Vec<CertLine>,
    e: DetailErrors,
    can_write: bool,
    sectors: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    pesan: String,
    cari: String,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<DetailQuery>) -> Result<Response, AppError> {
    render_detail_with(&state, &ctx, id, DetailErrors { search: q.cari, ..Default::default() }, notice(&q.pesan)).await
}

pub async fn render_detail(state: &AppState, ctx: &Ctx, id: Uuid, e: DetailErrors) -> Result<Response, AppError> {
    render_detail_with(state, ctx, id, e, "").await
}

pub async fn render_detail_with(state: &AppState, ctx: &Ctx, id: Uuid, e: DetailErrors, msg: &str) -> Result<Response, AppError> {
    let (b, p) = training::batch_with_program(&state.db, &Actor::from(ctx), id).await?;
    let sessions = batches::sessions(&state.db, id).await?;
    let costs = batches::costs(&state.db, id).await?;
    let rows = participants::list(&state.db, id).await?;
    let masker = Masker { full: ctx.role.sees_personal_data() };
    let n = sessions.len();
    let people: Vec<PersonLine> = rows
        .iter()
        .map(|r| PersonLine {
            id: r.id.to_string(),
            nama: r.nama.clone(),
            nik: masker.nik(&r.nik),
            kecamatan: r.kecamatan.clone(),
            status: r.status.clone(),
            status_label: match r.status.as_str() {
                rules::SELECTED => "peserta".into(),
                rules::WAITLIST => format!("cadangan #{}", r.antrean.unwrap_or(0)),
                _ => "mundur".into(),
            },
            hadir: format!("{}/{} ({} %)", r.hadir, n, rules::attendance_pct(r.hadir, n as i64)),
            nilai: format!("{} → {}", r.pre_test.map(|v| v.to_string()).unwrap_or("–".into()), r.post_test.map(|v| v.to_string()).unwrap_or("–".into())),
            selesai: attendance::completed(&b, n, r),
            peringatan: r.peringatan.clone(),
            calon: r.usaha == 0,
        })
        .collect();
    let results = if e.search.trim().is_empty() {
        vec![]
    } else {
        // A NIK, a phone written any usual way (0812…, +62 812-…), or a name's beginning.
        let f = OwnerFilter { q: owners::search_term(&e.search), ..Default::default() };
        owners::list(&state.db, &ctx.scope, &f, 20)
            .await?
            .into_iter()
            .map(|o| (o.id.to_string(), o.nama.clone(), masker.nik(&o.nik), o.region.clone()))
            .collect()
    };
    let certs = certificates::for_batch(&state.db, &ctx.scope, id)
        .await?
        .into_iter()
        .map(|c| CertLine {
            id: c.id.to_string(),
            nomor: c.nomor,
            nama: c.nama,
            url: format!("/sertifikat/{}", c.kode),
            dicabut: c.dicabut_at.map(|_| format!("dicabut: {}", c.alasan_cabut)).unwrap_or_default(),
        })
        .collect();
    let total: i64 = costs.iter().map(|k| k.jumlah).sum();
    let mut kriteria = Vec::new();
    if !b.kriteria_wilayah.is_empty() {
        kriteria.push(format!("wilayah {}", b.kriteria_wilayah));
    }
    if !b.kriteria_sektor.is_empty() {
        kriteria.push(format!("sektor {}", b.kriteria_sektor));
    }
    if !b.kriteria_skala.is_empty() {
        kriteria.push(format!("skala {}", b.kriteria_skala));
    }
    match b.kriteria_jenis.as_str() {
        "usaha" => kriteria.push("pelaku usaha".into()),
        "calon" => kriteria.push("calon wirausaha".into()),
        _ => {}
    }
    if let Some(k) = b.kuota_kecamatan {
        kriteria.push(format!("maks. {k} peserta per kecamatan"));
    }
    let page = DetailPage {
        l: Layout::new(ctx, "pelatihan").with_notice(msg),
        judul: p.judul.clone(),
        program_id: p.id.to_string(),
        dana: format!("{} {}", funding_label(&p.sumber_dana), p.tahun_anggaran),
        tanggal: date_range(b.tanggal_mulai, b.tanggal_selesai),
        aturan: match b.min_post_test {
            Some(t) => format!("hadir minimal {} % dan nilai post-test minimal {t}", b.min_kehadiran),
            None => format!("hadir minimal {} %", b.min_kehadiran),
        },
        kriteria: if kriteria.is_empty() { "semua pelaku usaha di wilayah kerja".into() } else { kriteria.join(", ") },
        sessions: sessions
            .iter()
            .map(|s| SessionLine {
                id: s.id.to_string(),
                tanggal: fmt_panjang(s.tanggal),
                jam: format!("{}–{}", s.jam_mulai, s.jam_selesai),
                topik: s.topik.clone(),
                narasumber: s.narasumber.clone(),
            })
            .collect(),
        costs: costs.iter().map(|k| (fmt_dmy(k.tanggal), k.uraian.clone(), format!("Rp {}", ribuan(k.jumlah)))).collect(),
        total_biaya: format!("Rp {}", ribuan(total)),
        n_peserta: people.iter().filter(|x| x.status == rules::SELECTED).count(),
        n_cadangan: people.iter().filter(|x| x.status == rules::WAITLIST).count(),
        n_selesai: people.iter().filter(|x| x.selesai).count(),
        people,
        results,
        cari: e.search.clone(),
        certs,
        can_write: ctx.role.can_write_records(),
        sectors: berdaya_core::kbli::KategoriKbli::all().iter().map(|k| (k.letter().to_string(), k.name().to_string())).collect(),
        e,
        b,
    };
    let status = if !page.e.session.is_empty() || !page.e.cost.is_empty() || !page.e.participant.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(status, &page)
}
