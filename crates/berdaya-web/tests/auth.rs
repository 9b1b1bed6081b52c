//! Sign-in, sessions, CSRF, rate limits, password change, first-run setup.

use berdaya_store::{audit, settings};
use berdaya_web::services::accounts;
use crate::common::*;

#[tokio::test]
async fn login_dashboard_logout() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let c = client();
        // Not signed in: sent to the sign-in page, then back.
        let res = c.get(app.url("/admin/pengguna")).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/masuk?next=%2Fadmin%2Fpengguna");

        let bad = app.try_login(&c, "op.bontang", "salah-sandi-123").await;
        assert_eq!(bad.status(), 401, "{}", app.label);
        assert!(bad.text().await.unwrap().contains("Nama pengguna atau kata sandi salah"));

        let ok = app.try_login(&c, "OP.Bontang ", PASSWORD).await;
        assert_eq!(ok.status(), 303);
        let cookie = ok.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
        assert!(cookie.iter().any(|c| c.starts_with("berdaya_sesi=") && c.contains("HttpOnly") && c.contains("SameSite=Lax")));
        let home = c.get(app.url("/")).send().await.unwrap();
        assert_eq!(home.status(), 200);
        let html = home.text().await.unwrap();
        assert!(html.contains("Kota Bontang"), "{}", app.label);
        assert!(html.contains("id=\"stat-pengguna\">1<"), "dashboard counts the users in scope");

        let csrf = csrf_of(&html);
        let out = c.post(app.url("/keluar")).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(out.status(), 303);
        let again = c.get(app.url("/")).send().await.unwrap();
        assert_eq!(again.status(), 303, "session ends at logout");

        // Sign-in is audited.
        let rows = audit::list(&app.db, &berdaya_core::Scope::National, &Default::default(), 50).await.unwrap();
        assert!(rows.iter().any(|r| r.action == "login"));
    }
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Kota Bontang", "64.74").await;
    app.user(a, "admin.bontang", "admin").await;
    let c = app.login("admin.bontang").await;
    let res = c
        .post(app.url("/admin/pengguna/baru"))
        .form(&[("username", "baru"), ("full_name", "Baru"), ("role", "operator"), ("password", "Sandi-Baru-2026")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("Formulir kedaluwarsa"));
    let res = c
        .post(app.url("/admin/pengguna/baru"))
        .form(&[("_csrf", "0".repeat(64).as_str()), ("username", "baru"), ("full_name", "Baru"), ("role", "operator")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(berdaya_store::users::get_by_username(&app.db, "baru").await.unwrap().is_none(), "nothing written");
    // Login without the anonymous token is refused too.
    let fresh = client();
    let res = fresh.post(app.url("/masuk")).form(&[("username", "admin.bontang"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn login_is_rate_limited_per_account() {
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Kota Bontang", "64.74").await;
    app.user(a, "op.bontang", "operator").await;
    let c = client();
    for _ in 0..5 {
        assert_eq!(app.try_login(&c, "op.bontang", "tebakan-salah-1").await.status(), 401);
    }
    let blocked = app.try_login(&c, "op.bontang", PASSWORD).await;
    assert_eq!(blocked.status(), 429, "even the right password waits after 5 failures");
    assert!(blocked.text().await.unwrap().contains("Terlalu banyak percobaan"));
}

#[tokio::test]
async fn new_users_must_change_their_temporary_password() {
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Kota Bontang", "64.74").await;
    app.user(a, "admin.bontang", "admin").await;
    let admin = app.login("admin.bontang").await;
    let csrf = app.csrf(&admin).await;
    let form = [
        ("_csrf", csrf.as_str()),
        ("username", "nur.aisyah"),
        ("full_name", "Nur Aisyah"),
        ("role", "operator"),
        ("agency_id", &a.to_string()),
        ("password", "Sementara-2026"),
        ("email", ""),
    ];
    let res = admin.post(app.url("/admin/pengguna/baru")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let c = client();
    assert_eq!(app.try_login(&c, "nur.aisyah", "Sementara-2026").await.status(), 303);
    let res = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/akun/kata-sandi");
    let page = c.get(app.url("/akun/kata-sandi")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("harus mengganti kata sandi"));
    let csrf = csrf_of(&page);
    // Field-level errors in Bahasa, nothing changed.
    let res = c
        .post(app.url("/akun/kata-sandi"))
        .form(&[("_csrf", csrf.as_str()), ("current", "Sementara-2026"), ("new", "pendek"), ("confirm", "lain")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Kata sandi minimal 10 karakter."));
    assert!(html.contains("Konfirmasi tidak sama"));
    let res = c
        .post(app.url("/akun/kata-sandi"))
        .form(&[("_csrf", csrf.as_str()), ("current", "Sementara-2026"), ("new", "Rahasia-Baru-88"), ("confirm", "Rahasia-Baru-88")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(c.get(app.url("/")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn first_run_setup_needs_the_one_time_token() {
    let app = spawn_sqlite().await;
    let token = accounts::issue_setup_token(&app.db).await.unwrap().expect("no admin yet");
    let c = client();
    assert_eq!(c.get(app.url("/setup")).send().await.unwrap().status(), 404);
    assert_eq!(c.get(app.url("/setup?token=salah")).send().await.unwrap().status(), 404);
    let page = c.get(app.url(&format!("/setup?token={token}"))).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&page);
    let mut form = vec![
        ("_csrf", csrf.clone()),
        ("token", token.clone()),
        ("agency_name", "Dinas Koperasi Kota Bontang".to_string()),
        ("region", "64.74.01".to_string()),
        ("full_name", "Admin Pertama".to_string()),
        ("username", "admin".to_string()),
        ("password", "Pertama-Kali-2026".to_string()),
        ("confirm", "Pertama-Kali-2026".to_string()),
    ];
    let res = c.post(app.url("/setup")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Wilayah kerja dinas harus provinsi atau kabupaten/kota"));
    form[3].1 = "64.74".into();
    let res = c.post(app.url("/setup")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(settings::get(&app.db, accounts::SETUP_TOKEN_KEY).await.unwrap().is_none(), "token consumed");
    // The same token cannot be used twice.
    let res = c.post(app.url("/setup")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(app.try_login(&client(), "admin", "Pertama-Kali-2026").await.status(), 303);
    assert!(accounts::issue_setup_token(&app.db).await.unwrap().is_none(), "no token once an admin exists");
}

#[tokio::test]
async fn api_tokens_are_hashed_and_revocable() {
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Kota Bontang", "64.74").await;
    app.user(a, "admin.bontang", "admin").await;
    let token = app.token("admin.bontang").await;
    assert!(token.starts_with("bdy_"));
    let stored: i64 = berdaya_store::on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1"
    )
    .bind(&token)
    .fetch_one(p)
    .await)
    .unwrap();
    assert_eq!(stored, 0, "the token itself is never stored");
    let c = reqwest::Client::new();
    let me = c.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(me.status(), 200);
    let body: serde_json::Value = me.json().await.unwrap();
    assert_eq!(body["user"]["username"], "admin.bontang");
    assert!(body["user"].get("password_hash").is_none());
    let bad = c.get(app.url("/api/v1/me")).bearer_auth("bdy_nope").send().await.unwrap();
    assert_eq!(bad.status(), 401);
    let err: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(err["errors"][0]["code"], "unauthorized");
}
