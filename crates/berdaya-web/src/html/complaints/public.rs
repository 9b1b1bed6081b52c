//! The public pages: the complaint form and tracking by code (no sign-in).

use askama::Template;
use axum::Extension;
use axum::extract::{FromRequest, Multipart, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use berdaya_core::waktu::ZonaWaktu;
use berdaya_store::complaints::{self, Category, status_label};
use serde::Deserialize;

use super::event_title;
use crate::auth::csrf::{self, anonymous_token};
use crate::auth::session::RequestMeta;
use crate::error::{AppError, FieldErrors, ServiceError, urlencode};
use crate::services::complaints::public::{self as svc, ComplaintInput, Submission};
use crate::services::complaints::rules::display_code;
use crate::state::AppState;

type RegionGroups = Vec<(String, Vec<(String, String)>)>;

#[derive(Template)]
#[template(path = "complaint_public_form.html")]
struct FormPage {
    csrf: String,
    input: ComplaintInput,
    errors: FieldErrors,
    general_error: String,
    categories: Vec<(&'static str, &'static str)>,
    regions: RegionGroups,
    max_mb: usize,
}

/// The form's token: the session's for a signed-in browser, else the anonymous cookie's.
pub(crate) async fn form_token(state: &AppState, headers: &HeaderMap) -> Result<(String, Option<HeaderValue>), AppError> {
    let (mut parts, _) = axum::http::Request::new(()).into_parts();
    parts.headers = headers.clone();
    if let Some(t) = csrf::expected_token(state, &parts).await {
        return Ok((t, None));
    }
    anonymous_token(state, headers).map_err(AppError::Internal)
}

async fn region_groups(state: &AppState) -> Result<RegionGroups, AppError> {
    let mut groups: RegionGroups = Vec::new();
    for r in complaints::covered_kabkota(&state.db).await? {
        match groups.last_mut() {
            Some((p, list)) if *p == r.provinsi => list.push((r.kode, r.nama)),
            _ => groups.push((r.provinsi, vec![(r.kode, r.nama)])),
        }
    }
    Ok(groups)
}

async fn form_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    input: ComplaintInput,
    mut errors: FieldErrors,
    general_error: String,
) -> Result<Response, AppError> {
    let (token, cookie) = form_token(state, headers).await?;
    let general_error = if general_error.is_empty() { errors.0.remove("form").unwrap_or_default() } else { general_error };
    let page = FormPage {
        csrf: token,
        input,
        errors,
        general_error,
        categories: Category::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
        regions: region_groups(state).await?,
        max_mb: state.storage.max_bytes() / (1024 * 1024),
    };
    let mut res = (status, Html(page.render()?)).into_response();
    if let Some(c) = cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

pub async fn form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    form_page(&state, &headers, StatusCode::OK, ComplaintInput::default(), FieldErrors::default(), String::new()).await
}

fn cut() -> AppError {
    AppError::BadRequest("Unggahan terputus atau terlalu besar.".into())
}

/// Submit (multipart: the fields, `_csrf`, the honeypot `situs_web`, optional `lampiran`).
pub async fn submit(State(state): State<AppState>, Extension(meta): Extension<RequestMeta>, request: axum::extract::Request) -> Result<Response, AppError> {
    let (parts, body) = request.into_parts();
    let headers = parts.headers.clone();
    let mut multipart = Multipart::from_request(axum::extract::Request::from_parts(parts.clone(), body), &state)
        .await
        .map_err(|_| AppError::BadRequest("Formulir tidak dapat dibaca.".into()))?;
    let (mut token, mut honeypot, mut attachment) = (None, String::new(), None);
    let mut input = ComplaintInput::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| cut())? {
        let name = field.name().unwrap_or("").to_string();
        if name == "lampiran" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let data = field.bytes().await.map_err(|_| cut())?;
            if !file_name.is_empty() || !data.is_empty() {
                attachment = Some((file_name, data));
            }
            continue;
        }
        let value = field.text().await.map_err(|_| cut())?;
        match name.as_str() {
            "_csrf" => token = Some(value),
            "situs_web" => honeypot = value,
            "nama" => input.nama = value,
            "kontak" => input.kontak = value,
            "nik" => input.nik = value,
            "kategori" => input.kategori = value,
            "wilayah" => input.wilayah = value,
            "isi" => input.isi = value,
            _ => {}
        }
    }
    csrf::check(&state, &parts, token.as_deref()).await?;
    let sub = Submission { input: input.clone(), attachment, honeypot, ip: meta.ip.clone(), request_id: meta.request_id.clone() };
    match svc::submit(&state.db, &state.storage, sub).await {
        Ok(c) => Ok(Redirect::to(&format!("/pengaduan/lacak?kode={}&terkirim=1", urlencode(&c.code))).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            form_page(&state, &headers, StatusCode::UNPROCESSABLE_ENTITY, input, errors, String::new()).await
        }
        Err(ServiceError::TooMany(m)) => form_page(&state, &headers, StatusCode::TOO_MANY_REQUESTS, input, FieldErrors::default(), m).await,
        Err(e) => Err(e.into()),
    }
}

pub struct EventLine {
    at: String,
    title: String,
    body: String,
}

pub struct TrackView {
    status: String,
    category: String,
    region: String,
    agency: String,
    submitted: String,
    events: Vec<EventLine>,
}

#[derive(Template)]
#[template(path = "complaint_track.html")]
struct TrackPage {
    code_input: String,
    display_code: String,
    just_sent: bool,
    error: String,
    t: Option<TrackView>,
}

#[derive(Deserialize, Default)]
pub struct TrackQuery {
    kode: Option<String>,
    terkirim: Option<String>,
}

pub async fn track(State(state): State<AppState>, Extension(meta): Extension<RequestMeta>, Query(q): Query<TrackQuery>) -> Result<Response, AppError> {
    let code_input = q.kode.clone().unwrap_or_default();
    let mut page = TrackPage { code_input: code_input.clone(), display_code: String::new(), just_sent: false, error: String::new(), t: None };
    if code_input.trim().is_empty() {
        return Ok(Html(page.render()?).into_response());
    }
    let status = match svc::track(&state.db, &code_input, &meta.ip).await {
        Ok(Some(t)) => {
            let zone = ZonaWaktu::for_region(&t.complaint.region);
            page.display_code = display_code(&t.complaint.code);
            page.code_input = page.display_code.clone();
            page.just_sent = q.terkirim.is_some();
            page.t = Some(TrackView {
                status: status_label(&t.complaint.status).to_string(),
                category: Category::parse(&t.complaint.category).map(|c| c.label()).unwrap_or("").to_string(),
                region: t.region_name,
                agency: t.agency_name,
                submitted: zone.format(&t.complaint.created_at),
                events: t.events.iter().map(|e| EventLine { at: zone.format(&e.at), title: event_title(e), body: e.body.clone() }).collect(),
            });
            StatusCode::OK
        }
        Ok(None) => {
            page.error = "Kode pelacakan tidak ditemukan. Periksa kembali kode anda (huruf besar/kecil dan tanda hubung tidak berpengaruh).".into();
            StatusCode::NOT_FOUND
        }
        Err(ServiceError::Invalid(e)) => {
            page.error = e.get("kode").to_string();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(ServiceError::TooMany(m)) => {
            page.error = m;
            StatusCode::TOO_MANY_REQUESTS
        }
        Err(e) => return Err(e.into()),
    };
    Ok((status, Html(page.render()?)).into_response())
}
