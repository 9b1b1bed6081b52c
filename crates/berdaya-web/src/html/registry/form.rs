use askama::Template;
use axum::extract::{FromRequest, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_store::{businesses, owners, regions};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError};
use crate::html::{Layout, render, render_status};
use crate::services::Actor;
use crate::services::registry::input::{BusinessInput, OwnerInput};
use crate::html::aid::read_upload;
use crate::services::registry::{self, DupCandidate, photos};
use crate::state::AppState;

/// Every field of the owner and business forms, as the browser sends them.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegistryForm {
    nik: String,
    no_kk: String,
    nama: String,
    jenis_kelamin: String,
    tempat_lahir: String,
    tanggal_lahir: String,
    alamat: String,
    rt_rw: String,
    kode_wilayah: String,
    no_hp: String,
    whatsapp: Option<String>,
    email: String,
    pendidikan: String,
    disabilitas: String,
    lanjutkan: Option<String>,
    nama_usaha: String,
    nib: String,
    kbli: String,
    kbli_versi: String,
    bentuk_usaha: String,
    alamat_usaha: String,
    kode_wilayah_usaha: String,
    lat: String,
    lon: String,
    tahun_berdiri: String,
    modal: String,
    omzet: String,
    periode_omzet: String,
    tk_l: String,
    tk_p: String,
    produk: String,
    skala_dilaporkan: String,
    kanal_offline: Option<String>,
    kanal_marketplace: Option<String>,
    kanal_sosmed: Option<String>,
    kanal_qris: Option<String>,
    versi: String,
}

impl RegistryForm {
    fn versi(&self) -> Option<i32> {
        self.versi.trim().parse().ok()
    }

    fn owner(&self) -> OwnerInput {
        OwnerInput {
            versi: self.versi(),
            nik: self.nik.clone(),
            no_kk: self.no_kk.clone(),
            nama: self.nama.clone(),
            jenis_kelamin: self.jenis_kelamin.clone(),
            tempat_lahir: self.tempat_lahir.clone(),
            tanggal_lahir: self.tanggal_lahir.clone(),
            alamat: self.alamat.clone(),
            rt_rw: self.rt_rw.clone(),
            kode_wilayah: self.kode_wilayah.clone(),
            no_hp: self.no_hp.clone(),
            whatsapp: self.whatsapp.is_some(),
            email: self.email.clone(),
            pendidikan: self.pendidikan.clone(),
            disabilitas: self.disabilitas.clone(),
            lanjutkan: self.lanjutkan.is_some(),
        }
    }

    fn business(&self) -> BusinessInput {
        BusinessInput {
            versi: self.versi(),
            nama_usaha: self.nama_usaha.clone(),
            nib: self.nib.clone(),
            kbli: self.kbli.clone(),
            kbli_versi: self.kbli_versi.clone(),
            bentuk_usaha: self.bentuk_usaha.clone(),
            alamat: self.alamat_usaha.clone(),
            kode_wilayah: self.kode_wilayah_usaha.clone(),
            lat: self.lat.clone(),
            lon: self.lon.clone(),
            tahun_berdiri: self.tahun_berdiri.clone(),
            modal: self.modal.clone(),
            omzet: self.omzet.clone(),
            periode_omzet: self.periode_omzet.clone(),
            tk_l: self.tk_l.clone(),
            tk_p: self.tk_p.clone(),
            produk: self.produk.clone(),
            skala_dilaporkan: self.skala_dilaporkan.clone(),
            kanal_offline: self.kanal_offline.is_some(),
            kanal_marketplace: self.kanal_marketplace.is_some(),
            kanal_sosmed: self.kanal_sosmed.is_some(),
            kanal_qris: self.kanal_qris.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "registry_form.html")]
struct FormPage {
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
    /// Someone else saved the record after this form was opened.
    conflict: String,
    desa: Vec<(String, String)>,
}

/// Desa/kelurahan suggestions for a kab/kota scope (a province or the nation types names).
async fn desa_options(state: &AppState, ctx: &Ctx) -> Result<Vec<(String, String)>, AppError> {
    let Some(root) = ctx.scope.root().filter(|r| r.len() == 5) else { return Ok(vec![]) };
    let mut out = Vec::new();
    for kec in regions::children(&state.db, &root).await? {
        for d in regions::children(&state.db, &kec.kode).await? {
            out.push((d.kode, format!("{}, {}", d.nama, kec.nama)));
        }
    }
    Ok(out)
}

struct Mode {
    heading: &'static str,
    action: String,
    cancel: String,
    show_owner: bool,
    show_business: bool,
}

async fn page(state: &AppState, ctx: &Ctx, m: Mode, o: OwnerInput, b: BusinessInput, err: Option<ServiceError>) -> Result<Response, AppError> {
    let (mut errors, mut dups, mut nik_link, mut nik_elsewhere) = (FieldErrors::default(), vec![], String::new(), false);
    let mut conflict = String::new();
    let status = match err {
        None => StatusCode::OK,
        Some(ServiceError::Invalid(f)) => {
            errors = f;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Some(ServiceError::ProbableDuplicates(d)) => {
            dups = d;
            StatusCode::CONFLICT
        }
        Some(ServiceError::DuplicateNik { owner_id }) => {
            errors.add("nik", "NIK sudah terdaftar.");
            match owner_id {
                Some(id) => nik_link = format!("/registri/pelaku/{id}"),
                None => nik_elsewhere = true,
            }
            StatusCode::CONFLICT
        }
        Some(ServiceError::Conflict(msg)) => {
            conflict = msg;
            StatusCode::CONFLICT
        }
        Some(e) => return Err(e.into()),
    };
    let p = FormPage {
        l: Layout::new(ctx, "registri"),
        heading: m.heading.into(),
        action: m.action,
        cancel: m.cancel,
        show_owner: m.show_owner,
        show_business: m.show_business,
        o,
        b: BusinessInput { periode_omzet: if b.periode_omzet.is_empty() { "bulan".into() } else { b.periode_omzet.clone() }, ..b },
        errors,
        dups,
        nik_link,
        nik_elsewhere,
        conflict,
        desa: desa_options(state, ctx).await?,
    };
    if status == StatusCode::OK { render(&p) } else { render_status(status, &p) }
}

fn new_mode() -> Mode {
    Mode { heading: "Daftarkan pelaku usaha", action: "/registri/baru".into(), cancel: "/registri".into(), show_owner: true, show_business: true }
}

pub async fn new_owner(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    page(&state, &ctx, new_mode(), OwnerInput::default(), BusinessInput::default(), None).await
}

/// Resolve a typed desa name to its code before the service parses the form.
async fn resolved(state: &AppState, ctx: &Ctx, raw: &str) -> Result<String, ServiceError> {
    registry::resolve_region_text(&state.db, &ctx.scope, raw).await
}

/// The create form comes as multipart (with the optional e-KTP photo) from the page, and
/// urlencoded from older clients and scripts; both are CSRF-checked.
async fn create_form(state: &AppState, request: axum::extract::Request) -> Result<(RegistryForm, Option<(String, bytes::Bytes)>), AppError> {
    let multipart = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let CsrfForm(f) = CsrfForm::<RegistryForm>::from_request(request, state).await?;
        return Ok((f, None));
    }
    let up = read_upload(state, request).await?;
    let encoded = serde_urlencoded::to_string(&up.fields).map_err(|_| AppError::BadRequest("Isi formulir tidak dapat dibaca.".into()))?;
    let f = serde_urlencoded::from_str::<RegistryForm>(&encoded).map_err(|e| AppError::BadRequest(format!("Isi formulir tidak lengkap: {e}")))?;
    Ok((f, up.file))
}

pub async fn create_owner(State(state): State<AppState>, ctx: Ctx, request: axum::extract::Request) -> Result<Response, AppError> {
    let (f, ektp) = create_form(&state, request).await?;
    let mut o = f.owner();
    let b = f.business();
    let result = match resolved(&state, &ctx, &o.kode_wilayah).await {
        Ok(code) => {
            o.kode_wilayah = code;
            photos::create_owner_with_ektp(&state.db, &state.storage, &Actor::from(&ctx), &o, Some(&b), ektp).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(owner) => Ok(Redirect::to(&format!("/registri/pelaku/{}", owner.id)).into_response()),
        Err(e) => page(&state, &ctx, new_mode(), o, b, Some(e)).await,
    }
}

fn edit_owner_mode(id: Uuid) -> Mode {
    Mode { heading: "Ubah data pelaku usaha", action: format!("/registri/pelaku/{id}/ubah"), cancel: format!("/registri/pelaku/{id}"), show_owner: true, show_business: false }
}

pub async fn edit_owner(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    // Editing shows the full record: an audited read.
    let o = registry::view_personal(&state.db, &Actor::from(&ctx), id).await?;
    page(&state, &ctx, edit_owner_mode(id), OwnerInput::from_owner(&o), BusinessInput::default(), None).await
}

pub async fn update_owner(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<RegistryForm>) -> Result<Response, AppError> {
    let mut o = f.owner();
    let result = match resolved(&state, &ctx, &o.kode_wilayah).await {
        Ok(code) => {
            o.kode_wilayah = code;
            registry::update_owner(&state.db, &Actor::from(&ctx), id, &o).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/registri/pelaku/{id}")).into_response()),
        Err(e) => page(&state, &ctx, edit_owner_mode(id), o, BusinessInput::default(), Some(e)).await,
    }
}

fn business_mode(heading: &'static str, action: String, owner: Uuid) -> Mode {
    Mode { heading, action, cancel: format!("/registri/pelaku/{owner}"), show_owner: false, show_business: true }
}

pub async fn new_business(State(state): State<AppState>, ctx: Ctx, Path(owner): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    owners::get(&state.db, &ctx.scope, owner).await?;
    let m = business_mode("Tambah usaha", format!("/registri/pelaku/{owner}/usaha/baru"), owner);
    page(&state, &ctx, m, OwnerInput::default(), BusinessInput::default(), None).await
}

pub async fn create_business(State(state): State<AppState>, ctx: Ctx, Path(owner): Path<Uuid>, CsrfForm(f): CsrfForm<RegistryForm>) -> Result<Response, AppError> {
    let b = f.business();
    match registry::add_business(&state.db, &Actor::from(&ctx), owner, &b).await {
        Ok(_) => Ok(Redirect::to(&format!("/registri/pelaku/{owner}")).into_response()),
        Err(e) => {
            let m = business_mode("Tambah usaha", format!("/registri/pelaku/{owner}/usaha/baru"), owner);
            page(&state, &ctx, m, OwnerInput::default(), b, Some(e)).await
        }
    }
}

pub async fn edit_business(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(ctx.role.can_write_records())?;
    let b = businesses::get(&state.db, &ctx.scope, id).await?;
    let m = business_mode("Ubah usaha", format!("/registri/usaha/{id}/ubah"), b.owner_id);
    page(&state, &ctx, m, OwnerInput::default(), BusinessInput::from_business(&b), None).await
}

pub async fn update_business(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<RegistryForm>) -> Result<Response, AppError> {
    let input = f.business();
    match registry::update_business(&state.db, &Actor::from(&ctx), id, &input).await {
        Ok(b) => Ok(Redirect::to(&format!("/registri/pelaku/{}", b.owner_id)).into_response()),
        Err(e) => {
            let owner = businesses::get(&state.db, &ctx.scope, id).await?.owner_id;
            let m = business_mode("Ubah usaha", format!("/registri/usaha/{id}/ubah"), owner);
            page(&state, &ctx, m, OwnerInput::default(), input, Some(e)).await
        }
    }
}
