//! The last error layer: StoreError → ServiceError → AppError, rendered as a page in Bahasa
//! Indonesia for people or as `{"errors":[…]}` for the API. A 5xx says nothing internal; its
//! cause is logged once, with the request id.

use std::collections::BTreeMap;

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use berdaya_store::StoreError;
use serde::Serialize;

/// Field-level validation messages (field name → message in Bahasa Indonesia).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, msg: impl Into<String>) {
        self.0.entry(field.to_string()).or_insert_with(|| msg.into());
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map(String::as_str).unwrap_or("")
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
    pub fn into_result(self) -> Result<(), ServiceError> {
        if self.is_empty() { Ok(()) } else { Err(ServiceError::Invalid(self)) }
    }
}

/// What a service can refuse, in terms a person understands.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("data tidak valid")]
    Invalid(FieldErrors),
    #[error("data tidak ditemukan")]
    NotFound,
    #[error("anda tidak berwenang")]
    Forbidden,
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooMany(String),
    /// The NIK is registered already (`owner_id` when it is inside the actor's scope).
    #[error("NIK sudah terdaftar")]
    DuplicateNik { owner_id: Option<uuid::Uuid> },
    /// Probably the same person or business as existing records; the operator may go on.
    #[error("kemungkinan data ganda")]
    ProbableDuplicates(Vec<crate::services::registry::DupCandidate>),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ServiceError::NotFound,
            e => ServiceError::Store(e),
        }
    }
}

/// An error a handler returns: a page for people.
#[derive(Debug)]
pub enum AppError {
    NotFound,
    Forbidden,
    BadRequest(String),
    Conflict(String),
    TooMany(String),
    /// Not signed in: go to the sign-in page and come back.
    Login(String),
    /// The form's CSRF token is missing or stale.
    Csrf,
    /// Go elsewhere first (e.g. a password that must be changed).
    Redirect(String),
    Internal(anyhow::Error),
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(f) => AppError::BadRequest(f.0.values().cloned().collect::<Vec<_>>().join("; ")),
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::Conflict(m) => AppError::Conflict(m),
            ServiceError::TooMany(m) => AppError::TooMany(m),
            ServiceError::DuplicateNik { .. } => AppError::Conflict("NIK sudah terdaftar.".into()),
            ServiceError::ProbableDuplicates(_) => AppError::Conflict("Kemungkinan data ganda; periksa dulu.".into()),
            ServiceError::Store(e) => AppError::Internal(e.into()),
            ServiceError::Other(e) => AppError::Internal(e),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        ServiceError::from(e).into()
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub code: u16,
    pub title: String,
    pub message: String,
}

impl AppError {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "Halaman tidak ditemukan",
                "Data atau halaman yang anda cari tidak ada, atau berada di luar wilayah kerja anda.".into(),
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Akses ditolak",
                "Peran anda tidak mengizinkan tindakan ini. Hubungi administrator dinas bila anda memerlukannya.".into(),
            ),
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Permintaan tidak valid", m.clone()),
            AppError::Csrf => (
                StatusCode::FORBIDDEN,
                "Formulir kedaluwarsa",
                "Formulir ini sudah kedaluwarsa atau tidak berasal dari aplikasi ini. Muat ulang halaman lalu kirim lagi."
                    .into(),
            ),
            AppError::Conflict(m) => (StatusCode::CONFLICT, "Terjadi bentrok data", m.clone()),
            AppError::TooMany(m) => (StatusCode::TOO_MANY_REQUESTS, "Terlalu banyak percobaan", m.clone()),
            AppError::Login(_) | AppError::Redirect(_) => {
                (StatusCode::UNAUTHORIZED, "Silakan masuk", "Sesi anda telah berakhir.".into())
            }
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Terjadi kesalahan pada sistem",
                "Maaf, permintaan anda gagal diproses. Kesalahan telah dicatat; coba lagi atau hubungi administrator."
                    .into(),
            ),
        }
    }
}

pub fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let page = ErrorPage { code: status.as_u16(), title: title.into(), message: message.into() };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, title.to_string()).into_response(),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Login(next) = &self {
            let to = format!("/masuk?next={}", urlencode(next));
            return Redirect::to(&to).into_response();
        }
        if let AppError::Redirect(to) = &self {
            return Redirect::to(to).into_response();
        }
        if let AppError::Internal(e) = &self {
            tracing::error!(error = ?e, "request failed");
        }
        let (status, title, msg) = self.parts();
        error_page(status, title, &msg)
    }
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("v", s)]).map(|x| x[2..].to_string()).unwrap_or_default()
}

/// The API's error: `{"errors":[{"code":…,"detail":…}]}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub errors: Vec<ApiErrorItem>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorItem {
    pub code: String,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    pub errors: Vec<ApiErrorItem>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
        ApiError { status, errors: vec![ApiErrorItem { code: code.into(), detail: detail.into(), field: None }] }
    }
    pub fn unauthorized() -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "Token API tidak ada atau tidak berlaku.")
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(f) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                errors: f
                    .0
                    .into_iter()
                    .map(|(field, detail)| ApiErrorItem { code: "invalid".into(), detail, field: Some(field) })
                    .collect(),
            },
            ServiceError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", "Data tidak ditemukan."),
            ServiceError::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "forbidden", "Anda tidak berwenang."),
            ServiceError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "conflict", m),
            ServiceError::TooMany(m) => ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", m),
            ServiceError::DuplicateNik { owner_id } => ApiError {
                status: StatusCode::CONFLICT,
                errors: vec![ApiErrorItem {
                    code: "duplicate_nik".into(),
                    detail: match owner_id {
                        Some(id) => format!("NIK sudah terdaftar (pelaku usaha {id})."),
                        None => "NIK sudah terdaftar di wilayah lain.".into(),
                    },
                    field: Some("nik".into()),
                }],
            },
            ServiceError::ProbableDuplicates(c) => ApiError {
                status: StatusCode::CONFLICT,
                errors: c
                    .into_iter()
                    .map(|d| ApiErrorItem {
                        code: "probable_duplicate".into(),
                        detail: format!("{} ({}): {}", d.nama, d.owner_id, d.reason),
                        field: None,
                    })
                    .collect(),
            },
            ServiceError::Store(e) => {
                tracing::error!(error = ?e, "api request failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Terjadi kesalahan pada sistem.")
            }
            ServiceError::Other(e) => {
                tracing::error!(error = ?e, "api request failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Terjadi kesalahan pada sistem.")
            }
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ServiceError::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ApiErrorBody { errors: self.errors })).into_response()
    }
}
