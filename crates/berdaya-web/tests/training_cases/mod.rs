//! More training cases in the `training` test binary (the crate root holds `setup` and
//! `owners_in_bontang`): attendance import from a typed sign-in sheet, outcome reports,
//! register-and-add in one transaction, the configured public URL for QR codes.

mod attendance_import;
mod outcomes;
mod register_and_public_url;

use crate::common::*;

/// Participants of a batch as the API lists them: (participant id, owner id, status).
pub async fn participants(app: &TestApp, token: &str, batch: &str) -> Vec<(String, String, String)> {
    let list: Vec<serde_json::Value> = client().get(app.url(&format!("/api/v1/trainings/{batch}/participants"))).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    list.iter().map(|p| (p["id"].as_str().unwrap().to_string(), p["owner_id"].as_str().unwrap().to_string(), p["status"].as_str().unwrap().to_string())).collect()
}

/// Session ids of a batch, in order.
pub async fn sessions(app: &TestApp, token: &str, batch: &str) -> Vec<String> {
    let t: serde_json::Value = client().get(app.url(&format!("/api/v1/trainings/{batch}"))).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    t["sesi"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect()
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    berdaya_store::on_db!(&app.db, |p| sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(p).await).unwrap()
}
