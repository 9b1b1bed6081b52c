//! Extractors for the API that refuse a bad request in the API's own error shape
//! (`{"errors":[{"code","detail","field"}]}`, in Bahasa Indonesia) instead of the framework's
//! plain English text: a body that is not JSON or not of the expected shape (422), a query
//! parameter of the wrong type (400), an ID in the path that is not a UUID (400).
//!
//! `Path` and `Query` keep axum's names on purpose: utoipa's axum support recognises path and
//! query parameters by those names, so the OpenAPI document keeps describing them. Bodies use
//! `ApiJson`, apart from the `axum::Json` that handlers return.

use axum::extract::path::ErrorKind;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiErrorItem};

/// A JSON request body. Like `axum::Json`, but a body without a `Content-Type` is read as
/// JSON too (a body sent with another type is refused with 415).
pub struct ApiJson<T>(pub T);

/// Query parameters (`?limit=…`).
pub struct Query<T>(pub T);

/// Path parameters (`/owners/{id}`).
pub struct Path<T>(pub T);

/// An API error with one item.
pub(crate) fn one(status: StatusCode, code: &str, detail: String, field: Option<String>) -> ApiError {
    ApiError { status, errors: vec![ApiErrorItem { code: code.into(), detail, field }] }
}

/// A query parameter the API refuses (400 `invalid_parameter`), e.g. an unknown sort.
pub fn bad_param(name: &str, why: &str) -> ApiError {
    one(StatusCode::BAD_REQUEST, "invalid_parameter", format!("Parameter tidak sah: `{name}` {why}"), Some(name.into()))
}

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(ct) = req.headers().get(header::CONTENT_TYPE)
            && !is_json(ct)
        {
            return Err(one(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Isi permintaan harus berupa JSON (Content-Type: application/json).".into(),
                None,
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                one(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "Isi permintaan terlalu besar.".into(), None)
            } else {
                one(StatusCode::BAD_REQUEST, "bad_request", "Isi permintaan tidak dapat dibaca.".into(), None)
            }
        })?;
        json_body(&bytes).map(ApiJson)
    }
}

fn is_json(ct: &HeaderValue) -> bool {
    let Ok(ct) = ct.to_str() else { return false };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Read a JSON body, or say in Bahasa what is wrong with it (422 `invalid_json`, with the
/// field when the shape is wrong).
pub fn json_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let rejection = match axum::Json::<T>::from_bytes(bytes) {
        Ok(axum::Json(v)) => return Ok(v),
        Err(r) => r,
    };
    // The same parse without path tracking gives serde_json's own error (category, line,
    // column); the rejection's innermost error is that message prefixed with the path.
    let Err(e) = serde_json::from_slice::<T>(bytes) else {
        return Err(one(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json", "Isi permintaan bukan JSON yang sah.".into(), None));
    };
    let at = format!("(baris {}, kolom {})", e.line(), e.column());
    let detail = match e.classify() {
        serde_json::error::Category::Data => {
            let full = e.to_string();
            let msg = full.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())).unwrap_or(&full);
            let path = path_of(&innermost(&rejection), &full);
            let (field, what) = explain(path.as_deref(), msg);
            let detail = match &field {
                Some(f) => format!("Isi permintaan tidak sesuai bentuk yang diharapkan: isian `{f}` {what} {at}."),
                None => format!("Isi permintaan tidak sesuai bentuk yang diharapkan: {what} {at}."),
            };
            return Err(one(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json", detail, field));
        }
        _ => format!("Isi permintaan bukan JSON yang sah {at}."),
    };
    Err(one(StatusCode::UNPROCESSABLE_ENTITY, "invalid_json", detail, None))
}

/// The display of the deepest error in a chain (serde_path_to_error's "path: message").
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// The path part of "path: message", or None at the top level.
fn path_of(with_path: &str, message: &str) -> Option<String> {
    with_path
        .strip_suffix(message)
        .and_then(|p| p.strip_suffix(": "))
        .map(str::to_string)
        .filter(|p| !p.is_empty() && p != "." && p != "?")
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        query(&parts.uri).map(Query)
    }
}

fn query<T: DeserializeOwned>(uri: &Uri) -> Result<T, ApiError> {
    let rejection: QueryRejection = match axum::extract::Query::<T>::try_from_uri(uri) {
        Ok(axum::extract::Query(v)) => return Ok(v),
        Err(r) => r,
    };
    let raw = uri.query().unwrap_or_default();
    let msg = match serde_urlencoded::from_str::<T>(raw) {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    let path = path_of(&innermost(&rejection), &msg);
    let (field, what) = explain(path.as_deref(), &msg);
    let detail = match &field {
        Some(f) => format!("Parameter tidak sah: `{f}` {what}."),
        None => format!("Parameter tidak sah: {what}."),
    };
    Err(one(StatusCode::BAD_REQUEST, "invalid_parameter", detail, field))
}

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                let (key, value) = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, value, .. } | ErrorKind::DeserializeError { key, value, .. } => {
                        (Some(key.clone()), Some(value.clone()))
                    }
                    ErrorKind::ParseErrorAtIndex { value, .. } | ErrorKind::ParseError { value, .. } => (None, Some(value.clone())),
                    ErrorKind::InvalidUtf8InPathParam { key } => (Some(key.clone()), None),
                    _ => (None, None),
                };
                let is_id = std::any::type_name::<T>().contains("Uuid");
                let detail = if is_id {
                    match value {
                        Some(v) => format!("ID tidak sah: \"{v}\" bukan UUID (contoh: 0196b1c2-7d4e-7a10-9c3b-2f5e8a1d4c6f)."),
                        None => "ID tidak sah: harus berupa UUID (contoh: 0196b1c2-7d4e-7a10-9c3b-2f5e8a1d4c6f).".into(),
                    }
                } else {
                    match value {
                        Some(v) => format!("Alamat tidak sah: bagian \"{v}\" tidak dapat dibaca."),
                        None => "Alamat tidak sah: ada bagian yang tidak dapat dibaca.".into(),
                    }
                };
                let code = if is_id { "invalid_id" } else { "invalid_path" };
                Err(one(StatusCode::BAD_REQUEST, code, detail, key))
            }
            Err(e) => {
                tracing::error!(error = %e.body_text(), "path parameters missing");
                Err(one(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Terjadi kesalahan pada sistem.".into(), None))
            }
        }
    }
}

/// The field a deserialization error is about (its path, plus the missing field's name) and
/// what is wrong with it, in Bahasa. Messages of custom parsers (already in Bahasa) and
/// unrecognised ones are kept as they are.
fn explain(path: Option<&str>, msg: &str) -> (Option<String>, String) {
    let join = |name: &str| Some(match path {
        Some(p) => format!("{p}.{name}"),
        None => name.to_string(),
    });
    let path = path.map(str::to_string);
    if let Some(name) = between(msg, "missing field `", "`") {
        return (join(name), "wajib ada".into());
    }
    if let Some(name) = between(msg, "duplicate field `", "`") {
        return (join(name), "muncul lebih dari sekali".into());
    }
    if let Some(name) = between(msg, "unknown field `", "`") {
        return (join(name), "tidak dikenal".into());
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let choices = expected.trim_start_matches(", ").trim_start_matches("expected one of ").trim_start_matches("expected ");
        return (path, format!("berisi nilai \"{value}\" yang tidak dikenal; pilihan: {choices}"));
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (path, format!("berisi {}, seharusnya {}", unexpected(got), expected(want)));
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (path, format!("berisi nilai yang tidak sah ({}), seharusnya {}", unexpected(got), expected(want)));
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (path, format!("panjangnya {got}, seharusnya {}", expected(want)));
    }
    let what = match msg {
        "invalid digit found in string" | "cannot parse integer from empty string" => "harus berupa bilangan bulat".to_string(),
        "number too large to fit in target type" | "number too small to fit in target type" => "angkanya di luar batas".into(),
        "provided string was not `true` or `false`" => "harus true atau false".into(),
        "invalid float literal" => "harus berupa angka".into(),
        m if m.contains("UUID parsing failed") => "harus berupa UUID".into(),
        m if m.starts_with("input contains invalid characters") || m.starts_with("premature end of input") => {
            "harus berupa tanggal (YYYY-MM-DD)".into()
        }
        m => format!("tidak sah: {m}"),
    };
    (path, what)
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(start)?;
    rest.find(end).map(|i| &rest[..i])
}

/// serde's `Unexpected` ("string \"ya\"", "integer `5`", "sequence"…) in Bahasa.
fn unexpected(got: &str) -> String {
    for (en, id) in [
        ("string ", "teks "),
        ("integer ", "bilangan "),
        ("floating point ", "angka pecahan "),
        ("boolean ", "boolean "),
        ("character ", "karakter "),
    ] {
        if let Some(rest) = got.strip_prefix(en) {
            return format!("{id}{rest}");
        }
    }
    match got {
        "sequence" => "daftar (array)".into(),
        "map" => "objek".into(),
        "null" | "unit value" => "null".into(),
        g => g.into(),
    }
}

/// What a visitor expected ("a boolean", "i64", "struct OwnerInput"…) in Bahasa.
fn expected(want: &str) -> String {
    match want {
        "a boolean" => "true atau false".into(),
        "a string" | "a borrowed string" | "string" => "teks".into(),
        "a sequence" => "daftar (array)".into(),
        "a map" => "objek".into(),
        "f32" | "f64" => "angka".into(),
        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize" | "isize" => "bilangan bulat".into(),
        "a UUID string" | "UUID" => "UUID".into(),
        w if w.starts_with("struct ") => "objek".into(),
        w if w.contains("date") => "tanggal (YYYY-MM-DD)".into(),
        w if w.contains("UUID") => "UUID".into(),
        w => w.into(),
    }
}

/// Any other path under `/api/`: a JSON 404 (the rest of the site gets the HTML page).
pub async fn fallback(uri: Uri) -> Response {
    if is_api(uri.path()) {
        return one(StatusCode::NOT_FOUND, "not_found", "Alamat API tidak ditemukan.".into(), None).into_response();
    }
    crate::html::not_found().await
}

/// A known API path asked with a method it does not take: a JSON 405.
pub async fn method_not_allowed(method: Method) -> ApiError {
    one(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("Metode {method} tidak didukung untuk alamat API ini (lihat header Allow)."),
        None,
    )
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_common_serde_errors_in_bahasa() {
        let (f, w) = explain(Some("owner.whatsapp"), "invalid type: string \"ya\", expected a boolean");
        assert_eq!(f.as_deref(), Some("owner.whatsapp"));
        assert_eq!(w, "berisi teks \"ya\", seharusnya true atau false");
        let (f, w) = explain(None, "missing field `owner`");
        assert_eq!((f.as_deref(), w.as_str()), (Some("owner"), "wajib ada"));
        let (f, _) = explain(Some("owner"), "missing field `nik`");
        assert_eq!(f.as_deref(), Some("owner.nik"));
        let (_, w) = explain(Some("limit"), "invalid digit found in string");
        assert_eq!(w, "harus berupa bilangan bulat");
        let (_, w) = explain(Some("x"), "Nomor HP tidak dikenali");
        assert_eq!(w, "tidak sah: Nomor HP tidak dikenali");
    }

    #[test]
    fn json_errors_name_the_field() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            whatsapp: bool,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            owner: Inner,
        }
        let e = json_body::<Outer>(br#"{"owner": {"whatsapp": "ya"}}"#).unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.errors[0].field.as_deref(), Some("owner.whatsapp"));
        assert!(e.errors[0].detail.starts_with("Isi permintaan tidak sesuai bentuk yang diharapkan: isian `owner.whatsapp` berisi teks"), "{}", e.errors[0].detail);
        let e = json_body::<Outer>(b"{\"owner\": ").unwrap_err();
        assert!(e.errors[0].detail.starts_with("Isi permintaan bukan JSON yang sah (baris 1"), "{}", e.errors[0].detail);
        assert_eq!(e.errors[0].field, None);
    }
}
