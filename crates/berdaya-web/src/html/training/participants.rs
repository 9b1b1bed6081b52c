//! Adding participants (one from the registry, in bulk, or a new person) and withdrawing.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::regions;
use serde::Deserialize;
use uuid::Uuid;

use super::detail::{DetailErrors, render_detail};
use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, render_status};
use crate::services::Actor;
use crate::services::registry::input::{BusinessInput, OwnerInput};
use crate::services::registry::{self, DupCandidate};
use crate::services::training::{self, participants::{self as svc, BulkFilter}};
use crate::state::AppState;

fn message(e: &ServiceError) -> Option<String> {
    match e {
        ServiceError::Invalid(f) => Some(f.0.values().cloned().collect::<Vec<_>>().join(" ")),
        ServiceError::Conflict(m) => Some(m.clone()),
        _ => None,
    }
}

async fn refuse(state: &AppState, ctx: &Ctx, id: Uuid, e: ServiceError) -> Result<Response, AppError> {
    match message(&e) {
        Some(m) => render_detail(state, ctx, id, DetailErrors { participant: m, ..Default::default() }).await,
        None => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddForm {
    owner_id: String,
}

pub async fn add(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<AddForm>) -> Result<Response, AppError> {
    let owner = Uuid::parse_str(f.owner_id.trim()).map_err(|_| AppError::BadRequest("Pilih pelaku usaha dari hasil pencarian.".into()))?;
    match svc::add_owner(&state.db, &Actor::from(&ctx), id, owner).await {
        Ok(a) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}?pesan={}#peserta", if a.status == "peserta" { "peserta" } else { "cadangan" })).into_response()),
        Err(e) => refuse(&state, &ctx, id, e).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BulkForm {
    wilayah: String,
    sektor: String,
    skala: String,
    jenis: String,
    batas: String,
}

pub async fn bulk(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<BulkForm>) -> Result<Response, AppError> {
    let batas = if f.batas.trim().is_empty() {
        None
    } else {
        match f.batas.trim().parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => return refuse(&state, &ctx, id, ServiceError::Conflict("Jumlah paling banyak harus bilangan bulat positif.".into())).await,
        }
    };
    let filter = BulkFilter { wilayah: f.wilayah, sektor: f.sektor, skala: f.skala, jenis: f.jenis, batas };
    match svc::add_by_filter(&state.db, &Actor::from(&ctx), id, &filter).await {
        Ok(_) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}?pesan=peserta#peserta")).into_response()),
        Err(e) => refuse(&state, &ctx, id, e).await,
    }
}

pub async fn withdraw(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(_f): CsrfForm<AddForm>) -> Result<Response, AppError> {
    let p = berdaya_store::training::participants::get(&state.db, &ctx.scope, id).await?;
    match svc::withdraw(&state.db, &Actor::from(&ctx), id).await {
        Ok(_) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{}?pesan=mundur#peserta", p.batch_id)).into_response()),
        Err(e) => refuse(&state, &ctx, p.batch_id, e).await,
    }
}

/// The registry's owner form, posted here.
#[derive(Template)]
#[template(path = "registry_form.html")]
struct RegisterPage {
    l: Layout,
    heading: String,
    action: String,
    cancel: String,
    show_owner: bool,
    show_business: bool,
    o: OwnerInput,
    b: BusinessInput,
    errors: FieldErrors,
    dups: Vec<DupCandidate>,
    nik_link: String,
    nik_elsewhere: bool,
    /// Never set here (a new owner has no earlier version); the shared form shows it.
    conflict: String,
    desa: Vec<(String, String)>,
}

async fn register_page(state: &AppState, ctx: &Ctx, id: Uuid, o: OwnerInput, b: BusinessInput, err: Option<ServiceError>) -> Result<Response, AppError> {
    let (batch, program) = training::batch_with_program(&state.db, &Actor::from(ctx), id).await?;
    let (mut errors, mut dups, mut nik_link, mut nik_elsewhere) = (FieldErrors::default(), vec![], String::new(), false);
    let status = match err {
        None => StatusCode::OK,
        Some(ServiceError::Invalid(mut f)) => {
            // Not fitting the batch: said next to the address, or the business.
            if let Some(m) = f.0.remove("owner_id") {
                f.add(if m.contains("wilayah") { "kode_wilayah" } else { "nama_usaha" }, m);
            }
            errors = f;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Some(ServiceError::ProbableDuplicates(d)) => {
            dups = d;
            StatusCode::CONFLICT
        }
        Some(ServiceError::DuplicateNik { owner_id }) => {
            errors.add("nik", "NIK sudah terdaftar di registri; cari orangnya di halaman angkatan lalu tambahkan.");
            match owner_id {
                Some(o) => nik_link = format!("/registri/pelaku/{o}"),
                None => nik_elsewhere = true,
            }
            StatusCode::CONFLICT
        }
        Some(ServiceError::Conflict(m)) => {
            errors.add("nik", m);
            StatusCode::CONFLICT
        }
        Some(e) => return Err(e.into()),
    };
    let mut desa = Vec::new();
    if let Some(root) = ctx.scope.root().filter(|r| r.len() == 5) {
        for kec in regions::children(&state.db, &root).await? {
            for d in regions::children(&state.db, &kec.kode).await? {
                desa.push((d.kode, format!("{}, {}", d.nama, kec.nama)));
            }
        }
    }
    let page = RegisterPage {
        l: Layout::new(ctx, "pelatihan"),
        heading: format!("Daftarkan peserta baru: {} — {}", program.judul, batch.nama),
        action: format!("/pelatihan/angkatan/{id}/peserta/baru"),
        cancel: format!("/pelatihan/angkatan/{id}#peserta"),
        show_owner: true,
        show_business: batch.kriteria_jenis != "calon",
        o,
        b: BusinessInput { periode_omzet: if b.periode_omzet.is_empty() { "bulan".into() } else { b.periode_omzet.clone() }, ..b },
        errors,
        dups,
        nik_link,
        nik_elsewhere,
        conflict: String::new(),
        desa,
    };
    render_status(status, &page)
}

pub async fn register_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    register_page(&state, &ctx, id, OwnerInput::default(), BusinessInput::default(), None).await
}

/// The registry form's fields as the owner and business inputs (the form posts business
/// address fields with a `_usaha` suffix and checkboxes as "true").
fn split_form(pairs: Vec<(String, String)>) -> (OwnerInput, BusinessInput) {
    const BOOLS: [&str; 6] = ["whatsapp", "lanjutkan", "kanal_offline", "kanal_marketplace", "kanal_sosmed", "kanal_qris"];
    let mut owner = serde_json::Map::new();
    let mut biz = serde_json::Map::new();
    for (k, v) in pairs {
        let value = if BOOLS.contains(&k.as_str()) { serde_json::Value::Bool(true) } else { serde_json::Value::String(v) };
        match k.as_str() {
            "alamat_usaha" => biz.insert("alamat".into(), value),
            "kode_wilayah_usaha" => biz.insert("kode_wilayah".into(), value),
            "whatsapp" | "lanjutkan" | "nik" | "no_kk" | "nama" | "jenis_kelamin" | "tempat_lahir" | "tanggal_lahir" | "alamat"
            | "rt_rw" | "kode_wilayah" | "no_hp" | "email" | "pendidikan" | "disabilitas" => owner.insert(k, value),
            _ => biz.insert(k, value),
        };
    }
    let o = serde_json::from_value(serde_json::Value::Object(owner)).unwrap_or_default();
    let b = serde_json::from_value(serde_json::Value::Object(biz)).unwrap_or_default();
    (o, b)
}

pub async fn register(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(pairs): CsrfForm<Vec<(String, String)>>) -> Result<Response, AppError> {
    let (mut o, b) = split_form(pairs);
    let actor = Actor::from(&ctx);
    let result = match registry::resolve_region_text(&state.db, &ctx.scope, &o.kode_wilayah).await {
        Ok(code) => {
            o.kode_wilayah = code;
            svc::register_and_add(&state.db, &actor, id, &o, Some(&b)).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(a) => Ok(Redirect::to(&format!("/pelatihan/angkatan/{id}?pesan={}#peserta", if a.status == "peserta" { "peserta" } else { "cadangan" })).into_response()),
        Err(e) => register_page(&state, &ctx, id, o, b, Some(e)).await,
    }
}

/// Import a participant list (XLSX/CSV): unknown people are registered, all are added.
pub async fn import(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let Some(data) = super::upload(&state, request).await? else {
        return refuse(&state, &ctx, id, ServiceError::Conflict("Pilih berkas daftar peserta (.xlsx atau .csv).".into())).await;
    };
    match crate::services::training::import::import_list(&state.db, &Actor::from(&ctx), id, data).await {
        Ok(r) => {
            let mut msg = format!(
                "Impor daftar: {} baris, {} orang baru didaftarkan ke registri, {} peserta, {} cadangan, {} sudah terdaftar.",
                r.rows, r.registered, r.peserta, r.cadangan, r.sudah_terdaftar
            );
            for (row, reason) in r.ditolak.iter().take(20) {
                msg.push_str(&format!(" Baris {row}: {reason}."));
            }
            super::detail::render_detail_with(&state, &ctx, id, DetailErrors::default(), &msg).await
        }
        Err(e) => refuse(&state, &ctx, id, e).await,
    }
}
