//! Keyset paging for the API lists: the cursor is the last row's sort key and id, written
//! `key|id` as the registry page writes its `setelah` parameter. The list stays a bare JSON
//! array; the next page's address comes in a `Link: <…>; rel="next"` header (RFC 8288), absent
//! on the last page.

use axum::http::{HeaderMap, HeaderValue, Uri, header};
use uuid::Uuid;

use super::extract::bad_param;
use crate::error::ApiError;

/// Rows per page when the caller does not say, and at most.
pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 500;

pub fn limit(asked: Option<i64>) -> i64 {
    asked.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
}

/// The cursor a client sent back (`after`, or `setelah` as on the page).
pub fn parse_cursor(raw: Option<&str>) -> Result<Option<(String, Uuid)>, ApiError> {
    let Some(raw) = raw.filter(|s| !s.is_empty()) else { return Ok(None) };
    raw.rsplit_once('|')
        .and_then(|(key, id)| Uuid::parse_str(id).ok().map(|id| Some((key.to_string(), id))))
        .ok_or_else(|| bad_param("after", "bukan penanda halaman yang dikenali; pakai alamat dari header Link rel=\"next\"."))
}

pub fn cursor(key: &str, id: Uuid) -> String {
    format!("{key}|{id}")
}

/// The headers of a page: `Link` to the next one when there is one. `uri` is the request's
/// original URI (the API is nested, so the handler's own `Uri` lacks the `/api/v1` prefix).
pub fn headers(uri: &Uri, next: Option<String>) -> HeaderMap {
    let mut h = HeaderMap::new();
    let Some(next) = next else { return h };
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
    pairs.retain(|(k, _)| k != "after" && k != "setelah");
    pairs.push(("after".into(), next));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if let Ok(v) = HeaderValue::from_str(&format!("<{}?{query}>; rel=\"next\"", uri.path())) {
        h.insert(header::LINK, v);
    }
    h
}

/// Fetch one row more than the page to know whether another page follows; cut it off and
/// return the cursor of the page's last row when it does.
pub fn split<T>(rows: &mut Vec<T>, limit: i64, key: impl Fn(&T) -> String) -> Option<String> {
    if rows.len() as i64 <= limit {
        return None;
    }
    rows.truncate(limit as usize);
    rows.last().map(key)
}
