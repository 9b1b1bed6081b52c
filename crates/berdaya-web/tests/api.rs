//! The JSON API, its OpenAPI document, and operations endpoints.

use crate::common::*;

#[tokio::test]
async fn regions_api_and_openapi() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let token = app.token("op.bontang").await;
        let c = reqwest::Client::new();
        let r: serde_json::Value =
            c.get(app.url("/api/v1/regions/6474")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(r["kode"], "64.74");
        assert_eq!(r["nama"], "Kota Bontang");
        assert_eq!(r["tingkat"], "kabkota");
        assert_eq!(r["induk"], "64");
        assert_eq!(r["children_count"], 3);
        let hits: Vec<serde_json::Value> =
            c.get(app.url("/api/v1/regions?q=bontang")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(hits[0]["kode"], "64.74", "{}", app.label);
        let res = c.get(app.url("/api/v1/regions/99.99")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let err: serde_json::Value = res.json().await.unwrap();
        assert_eq!(err["errors"][0]["code"], "not_found");
        let res = c.get(app.url("/api/v1/regions?q=a")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 422);
        // Without a token.
        assert_eq!(c.get(app.url("/api/v1/regions/64.74")).send().await.unwrap().status(), 401);
    }
}

#[tokio::test]
async fn openapi_document_describes_the_api() {
    let app = spawn_sqlite().await;
    let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/v1/regions/{kode}", "/api/v1/regions", "/api/v1/users", "/api/v1/users/{id}", "/api/v1/me", "/api/v1/audit", "/api/v1/jobs/{id}"] {
        assert!(doc["paths"].get(path).is_some(), "missing {path}");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let ui = reqwest::get(app.url("/api/docs/")).await.unwrap();
    assert_eq!(ui.status(), 200);
    assert!(ui.text().await.unwrap().to_lowercase().contains("swagger"));
}

#[tokio::test]
async fn security_headers_limits_and_error_pages() {
    let app = spawn_sqlite().await;
    let res = reqwest::get(app.url("/masuk")).await.unwrap();
    let h = res.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert!(h.contains_key("x-request-id"));
    assert!(res.text().await.unwrap().contains("Masuk ke Berdaya"));

    let res = reqwest::get(app.url("/tidak-ada")).await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Halaman tidak ditemukan"));

    // A body over the limit is refused before it is read.
    let big = "x".repeat(3 * 1024 * 1024);
    let res = reqwest::Client::new().post(app.url("/masuk")).header("content-type", "application/x-www-form-urlencoded").body(big).send().await.unwrap();
    assert!(res.status() == 400 || res.status() == 413, "{}", res.status());

    let health: serde_json::Value = reqwest::get(app.url("/health")).await.unwrap().json().await.unwrap();
    assert_eq!(health["database"], "ok");
    let metrics = reqwest::get(app.url("/metrics")).await.unwrap().text().await.unwrap();
    assert!(metrics.contains("berdaya_http_requests_total"), "{metrics}");
}

#[tokio::test]
async fn audit_verification_runs_as_a_job_with_progress() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "admin.bontang", "admin").await;
        let c = app.login("admin.bontang").await;
        let page = c.get(app.url("/audit")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("create"), "the audit page lists the user creation");
        let csrf = csrf_of(&page);
        let res = c.post(app.url("/audit/verifikasi")).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let job_url = res.headers()["location"].to_str().unwrap().to_string();
        let id = job_url.trim_start_matches("/tugas/").to_string();
        let mut status = String::new();
        for _ in 0..100 {
            let j: serde_json::Value = c.get(app.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
            status = j["status"].as_str().unwrap().to_string();
            if status == "done" {
                assert_eq!(j["result"]["ok"], true, "{j}");
                assert!(j["result"]["rows_checked"].as_i64().unwrap() >= 3);
                assert_eq!(j["progress_done"], j["progress_total"]);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, "done", "{}", app.label);
        let page = c.get(app.url(&job_url)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("selesai"));
    }
}

#[tokio::test]
async fn logo_upload_checks_the_real_file_type() {
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Kota Bontang", "64.74").await;
    app.user(a, "admin.bontang", "admin").await;
    let c = app.login("admin.bontang").await;
    let csrf = app.csrf(&c).await;
    let upload = |data: Vec<u8>, name: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part("logo", reqwest::multipart::Part::bytes(data).file_name(name));
        c.post(app.url(&format!("/admin/dinas/{a}/logo"))).multipart(form).send()
    };
    let res = upload(b"MZ\x90\x00not an image".to_vec(), "logo.png").await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Jenis berkas tidak diterima"));
    let png = [&[0x89u8, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..], &[0u8; 64][..]].concat();
    let res = upload(png.clone(), "logo.png").await.unwrap();
    assert_eq!(res.status(), 303);
    let got = c.get(app.url(&format!("/admin/dinas/{a}/logo"))).send().await.unwrap();
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(got.bytes().await.unwrap().to_vec(), png);
    // The file sits in the uploads folder of the data dir.
    let n = walk(&app.config.uploads_dir());
    assert_eq!(n, 1);
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum())
        .unwrap_or(0)
}
