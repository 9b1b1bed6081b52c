//! Public pages for owners applying themselves (no sign-in): open programs, the application
//! form (phone-first, multipart with the required documents), tracking by code; and the
//! operator's switch on the program page.

use askama::Template;
use axum::Extension;
use axum::extract::{FromRequest, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use berdaya_core::Scope;
use berdaya_store::aid::Program;
use berdaya_store::regions;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::csrf;
use crate::auth::session::RequestMeta;
use crate::auth::{Ctx, CsrfForm};
use crate::error::{AppError, FieldErrors, ServiceError, urlencode};
use crate::html::complaints::form_token;
use crate::services::Actor;
use crate::services::aid::rules::DOC_KINDS;
use crate::services::aid::self_service::{self as svc, Submission};
use crate::services::aid::{is_cash, kind_label};
use crate::services::registry;
use crate::services::registry::input::{BusinessInput, OwnerInput};
use crate::state::AppState;

fn rp(v: i64) -> String {
    super::rp(v)
}

struct OpenProgram {
    id: Uuid,
    nama: String,
    jenis: String,
    nilai: String,
    sampai: String,
}

#[derive(Template)]
#[template(path = "aid_self_list.html")]
struct ListPage {
    programs: Vec<OpenProgram>,
}

pub async fn list(State(state): State<AppState>) -> Result<Response, AppError> {
    let programs = svc::open_programs(&state.db)
        .await?
        .into_iter()
        .map(|p| OpenProgram {
            id: p.id,
            jenis: kind_label(&p.jenis).to_string(),
            nilai: rp(p.nilai_per_penerima),
            sampai: p.selesai.map(berdaya_core::tanggal::fmt_dmy).unwrap_or_else(|| "–".into()),
            nama: p.nama,
        })
        .collect();
    Ok(Html(ListPage { programs }.render()?).into_response())
}

/// One document field of the form.
struct DocField {
    kind: &'static str,
    label: &'static str,
    required: bool,
}

#[derive(Template)]
#[template(path = "aid_self_form.html")]
struct FormPage {
    csrf: String,
    p: Program,
    jenis: String,
    nilai: String,
    cash: bool,
    o: OwnerInput,
    b: BusinessInput,
    bank: String,
    no_rekening: String,
    docs: Vec<DocField>,
    desa: Vec<(String, String)>,
    errors: FieldErrors,
    general_error: String,
    max_mb: usize,
}

async fn desa_of(state: &AppState, p: &Program) -> Result<Vec<(String, String)>, AppError> {
    if p.target_region.is_empty() {
        return Ok(vec![]);
    }
    let kec: std::collections::HashMap<String, String> =
        regions::all_below(&state.db, Some(&p.target_region), &["kecamatan"]).await?.into_iter().map(|r| (r.kode, r.nama)).collect();
    let mut out: Vec<(String, String)> = regions::all_below(&state.db, Some(&p.target_region), &["desakel"])
        .await?
        .into_iter()
        .take(5_000)
        .map(|d| {
            let k = d.induk.as_deref().and_then(|i| kec.get(i)).cloned().unwrap_or_default();
            (d.kode, if k.is_empty() { d.nama } else { format!("{}, Kec. {}", d.nama, k) })
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
async fn form_page(state: &AppState, headers: &HeaderMap, status: StatusCode, p: Program, s: Submission, mut errors: FieldErrors, general_error: String) -> Result<Response, AppError> {
    let (token, cookie) = form_token(state, headers).await?;
    let general_error = if general_error.is_empty() { errors.0.remove("form").unwrap_or_default() } else { general_error };
    let required: Vec<&str> = p.dokumen_wajib.split(',').map(str::trim).filter(|k| !k.is_empty()).collect();
    let page = FormPage {
        csrf: token,
        jenis: kind_label(&p.jenis).to_string(),
        nilai: rp(p.nilai_per_penerima),
        cash: is_cash(&p.jenis),
        o: s.owner,
        b: s.business,
        bank: s.bank,
        no_rekening: s.no_rekening,
        docs: DOC_KINDS.iter().map(|(k, l)| DocField { kind: k, label: l, required: required.contains(k) }).collect(),
        desa: desa_of(state, &p).await?,
        errors,
        general_error,
        max_mb: state.storage.max_bytes() / (1024 * 1024),
        p,
    };
    let mut res = (status, Html(page.render()?)).into_response();
    if let Some(c) = cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

pub async fn form(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let p = svc::open_program(&state.db, id).await?;
    let s = Submission { business: BusinessInput { periode_omzet: "bulan".into(), ..Default::default() }, ..Default::default() };
    form_page(&state, &headers, StatusCode::OK, p, s, FieldErrors::default(), String::new()).await
}

fn cut() -> AppError {
    AppError::BadRequest("Unggahan terputus atau terlalu besar.".into())
}

/// Submit (multipart: fields, `_csrf`, the honeypot `situs_web`, files `dok_{kind}`).
pub async fn submit(State(state): State<AppState>, Extension(meta): Extension<RequestMeta>, Path(id): Path<Uuid>, request: axum::extract::Request) -> Result<Response, AppError> {
    let p = svc::open_program(&state.db, id).await?;
    let (parts, body) = request.into_parts();
    let headers = parts.headers.clone();
    let mut multipart = Multipart::from_request(axum::extract::Request::from_parts(parts.clone(), body), &state)
        .await
        .map_err(|_| AppError::BadRequest("Formulir tidak dapat dibaca.".into()))?;
    let mut token = None;
    let mut s = Submission { ip: meta.ip.clone(), request_id: meta.request_id.clone(), ..Default::default() };
    let (o, b) = (&mut s.owner, &mut s.business);
    while let Some(field) = multipart.next_field().await.map_err(|_| cut())? {
        let name = field.name().unwrap_or("").to_string();
        if let Some(kind) = name.strip_prefix("dok_") {
            let file_name = field.file_name().unwrap_or("").to_string();
            let data = field.bytes().await.map_err(|_| cut())?;
            if let Some((k, _)) = DOC_KINDS.iter().find(|(k, _)| *k == kind)
                && !data.is_empty()
            {
                s.documents.push((k.to_string(), file_name, data));
            }
            continue;
        }
        let v = field.text().await.map_err(|_| cut())?;
        match name.as_str() {
            "_csrf" => token = Some(v),
            "situs_web" => s.honeypot = v,
            "nik" => o.nik = v,
            "nama" => o.nama = v,
            "jenis_kelamin" => o.jenis_kelamin = v,
            "tempat_lahir" => o.tempat_lahir = v,
            "tanggal_lahir" => o.tanggal_lahir = v,
            "no_kk" => o.no_kk = v,
            "alamat" => o.alamat = v,
            "rt_rw" => o.rt_rw = v,
            "kode_wilayah" => o.kode_wilayah = v,
            "no_hp" => o.no_hp = v,
            "whatsapp" => o.whatsapp = !v.is_empty(),
            "nama_usaha" => b.nama_usaha = v,
            "produk" => b.produk = v,
            "tahun_berdiri" => b.tahun_berdiri = v,
            "modal" => b.modal = v,
            "omzet" => b.omzet = v,
            "periode_omzet" => b.periode_omzet = v,
            "bank" => s.bank = v,
            "no_rekening" => s.no_rekening = v,
            _ => {}
        }
    }
    csrf::check(&state, &parts, token.as_deref()).await?;
    // The desa typed or picked ("64.74.01.1001 — Bontang Baru, …" or a name), within the program's region.
    let within = berdaya_core::KodeWilayah::parse(&p.target_region).ok().and_then(|k| Scope::for_agency(Some(&k)).ok()).unwrap_or(Scope::National);
    match registry::resolve_region_text(&state.db, &within, &s.owner.kode_wilayah).await {
        Ok(code) => s.owner.kode_wilayah = code,
        Err(ServiceError::Invalid(e)) => return form_page(&state, &headers, StatusCode::UNPROCESSABLE_ENTITY, p, s, e, String::new()).await,
        Err(e) => return Err(e.into()),
    }
    let kept = Submission { documents: vec![], ..s.clone() };
    match svc::submit(&state.db, &state.storage, id, s).await {
        Ok(done) => Ok(Redirect::to(&format!("/bantuan/lacak?kode={}&terkirim=1", urlencode(&done.code))).into_response()),
        Err(ServiceError::Invalid(e)) => form_page(&state, &headers, StatusCode::UNPROCESSABLE_ENTITY, p, kept, e, String::new()).await,
        Err(ServiceError::TooMany(m)) => form_page(&state, &headers, StatusCode::TOO_MANY_REQUESTS, p, kept, FieldErrors::default(), m).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "aid_self_track.html")]
struct TrackPage {
    code: String,
    just_sent: bool,
    error: String,
    t: Option<svc::Tracking>,
    submitted: String,
}

#[derive(Deserialize, Default)]
pub struct TrackQuery {
    kode: Option<String>,
    terkirim: Option<String>,
}

pub async fn track(State(state): State<AppState>, Extension(meta): Extension<RequestMeta>, Query(q): Query<TrackQuery>) -> Result<Response, AppError> {
    let code = q.kode.clone().unwrap_or_default();
    let mut page = TrackPage { code: code.clone(), just_sent: q.terkirim.is_some(), error: String::new(), t: None, submitted: String::new() };
    if code.trim().is_empty() {
        return Ok(Html(page.render()?).into_response());
    }
    let status = match svc::track(&state.db, &code, &meta.ip).await {
        Ok(Some(t)) => {
            page.submitted = berdaya_core::waktu::ZonaWaktu::for_region(&t.region).format(&t.submitted);
            page.t = Some(t);
            StatusCode::OK
        }
        Ok(None) => {
            page.error = "Kode pelacakan tidak ditemukan. Periksa kembali kode anda.".into();
            page.just_sent = false;
            StatusCode::NOT_FOUND
        }
        Err(ServiceError::TooMany(m)) => {
            page.error = m;
            StatusCode::TOO_MANY_REQUESTS
        }
        Err(e) => return Err(e.into()),
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
pub struct ToggleForm {
    buka: String,
}

/// Open or close the program to applications from the public.
pub async fn toggle(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<ToggleForm>) -> Result<Response, AppError> {
    svc::set_open(&state.db, &Actor::from(&ctx), id, f.buka == "1").await?;
    Ok(Redirect::to(&format!("/bantuan/{id}#mandiri")).into_response())
}
