//! The API's contract beyond each endpoint's happy path: every refusal is JSON in the API's
//! error shape with a message in Bahasa.

mod common;

use common::*;
use serde_json::{Value, json};

/// A refused request: its status and `{"errors":[…]}` body, checked to be JSON.
async fn api_error(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let text = res.text().await.unwrap();
    assert!(ct.starts_with("application/json"), "{status}: content-type {ct:?}, body {text}");
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text}"));
    assert!(body["errors"].as_array().is_some_and(|a| !a.is_empty()), "{status}: {body}");
    (status, body)
}

fn detail(body: &Value) -> &str {
    body["errors"][0]["detail"].as_str().unwrap()
}

/// An agency for Kota Bontang with an operator, and the operator's API token.
async fn bontang(app: &TestApp) -> String {
    let a = app.agency("Dinas Kota Bontang", "64.74").await;
    app.user(a, "op.bontang", "operator").await;
    app.token("op.bontang").await
}

/// A male NIK of Bontang Utara (64.74.01) born `day` May 1990, with serial `serial`.
fn nik(day: u32, serial: u32) -> String {
    format!("647401{day:02}0590{serial:04}")
}

/// Register an owner with one business through the API; returns the owner's id.
async fn register(app: &TestApp, c: &reqwest::Client, token: &str, i: u32, nama: &str, usaha: &str, no_hp: &str) -> String {
    let body = json!({
        "owner": {"nik": nik(10 + i, i + 1), "nama": nama, "jenis_kelamin": "L", "tanggal_lahir": format!("1990-05-{:02}", 10 + i),
                  "kode_wilayah": "64.74.01.1003", "no_hp": no_hp, "lanjutkan": true},
        "business": {"nama_usaha": usaha, "kbli": "10794", "omzet": "3 juta", "periode_omzet": "bulan"}
    });
    let res = c.post(app.url("/api/v1/owners")).bearer_auth(token).json(&body).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 201, "{}: {nama}: {text}", app.label);
    let v: Value = serde_json::from_str(&text).unwrap();
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn refusals_are_json_in_bahasa() {
    for app in spawn_apps().await {
        let l = app.label;
        let token = bontang(&app).await;
        let c = client();
        let id = register(&app, &c, &token, 1, "Ani Lestari", "Amplang Ani", "").await;

        // A body that is not JSON.
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).header("content-type", "application/json").body("{\"owner\": ").send().await.unwrap();
        let (status, body) = api_error(res).await;
        assert_eq!(status, 422, "{l}");
        assert_eq!(body["errors"][0]["code"], "invalid_json");
        assert!(detail(&body).starts_with("Isi permintaan bukan JSON yang sah (baris 1, kolom"), "{l}: {body}");

        // A field of the wrong type: named, with what it holds and what it should.
        let res = c
            .post(app.url("/api/v1/owners"))
            .bearer_auth(&token)
            .json(&json!({"owner": {"nik": nik(20, 9), "nama": "Budi", "kode_wilayah": "64.74.01.1003", "whatsapp": "ya"}}))
            .send()
            .await
            .unwrap();
        let (status, body) = api_error(res).await;
        assert_eq!(status, 422, "{l}");
        assert_eq!(body["errors"][0]["code"], "invalid_json");
        assert_eq!(body["errors"][0]["field"], "owner.whatsapp", "{body}");
        assert_eq!(
            detail(&body).split(" (baris").next().unwrap(),
            "Isi permintaan tidak sesuai bentuk yang diharapkan: isian `owner.whatsapp` berisi teks \"ya\", seharusnya true atau false",
            "{body}"
        );
        // A missing part of the body, and a wrong type on an update.
        let (status, body) = api_error(c.post(app.url("/api/v1/owners")).bearer_auth(&token).json(&json!({})).send().await.unwrap()).await;
        assert_eq!((status, body["errors"][0]["field"].as_str()), (422, Some("owner")), "{body}");
        assert!(detail(&body).contains("isian `owner` wajib ada"), "{body}");
        let res = c.patch(app.url(&format!("/api/v1/owners/{id}"))).bearer_auth(&token).json(&json!({"nama": ["Ani"]})).send().await.unwrap();
        let (status, body) = api_error(res).await;
        assert_eq!((status, body["errors"][0]["field"].as_str()), (422, Some("nama")), "{body}");
        assert!(detail(&body).contains("berisi daftar (array), seharusnya teks"), "{body}");
        // A body sent as something else than JSON.
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).header("content-type", "text/plain").body("{}").send().await.unwrap();
        let (status, body) = api_error(res).await;
        assert_eq!((status, body["errors"][0]["code"].as_str()), (415, Some("unsupported_media_type")), "{body}");
        assert!(detail(&body).starts_with("Isi permintaan harus berupa JSON"));

        // An ID in the path that is not a UUID.
        for path in ["/api/v1/owners/bukan-uuid", "/api/v1/businesses/123", "/api/v1/jobs/bukan-uuid", "/api/v1/users/x", "/api/v1/complaints/x"] {
            let (status, body) = api_error(c.get(app.url(path)).bearer_auth(&token).send().await.unwrap()).await;
            assert_eq!(status, 400, "{l} {path}: {body}");
            assert_eq!(body["errors"][0]["code"], "invalid_id", "{path}");
            assert!(detail(&body).starts_with("ID tidak sah"), "{path}: {body}");
        }
        let (_, body) = api_error(c.get(app.url("/api/v1/owners/bukan-uuid")).bearer_auth(&token).send().await.unwrap()).await;
        assert!(detail(&body).contains("\"bukan-uuid\" bukan UUID"), "{body}");
        let res = c.patch(app.url("/api/v1/businesses/123")).bearer_auth(&token).json(&json!({})).send().await.unwrap();
        assert_eq!(api_error(res).await.0, 400);

        // A query parameter of the wrong type or value.
        for (path, field, message) in [
            ("/api/v1/owners?limit=abc", "limit", "Parameter tidak sah: `limit` harus berupa bilangan bulat."),
            ("/api/v1/businesses?limit=1.5", "limit", "Parameter tidak sah: `limit` harus berupa bilangan bulat."),
            ("/api/v1/owners?without_business=ya", "without_business", "Parameter tidak sah: `without_business` harus true atau false."),
            ("/api/v1/audit?before_seq=kemarin", "before_seq", "Parameter tidak sah: `before_seq` harus berupa bilangan bulat."),
        ] {
            let (status, body) = api_error(c.get(app.url(path)).bearer_auth(&token).send().await.unwrap()).await;
            assert_eq!(status, 400, "{l} {path}: {body}");
            assert_eq!(body["errors"][0]["code"], "invalid_parameter", "{path}");
            assert_eq!(body["errors"][0]["field"], field, "{path}: {body}");
            assert_eq!(detail(&body), message, "{path}");
        }
        let (status, body) = api_error(c.get(app.url(&format!("/api/v1/owners/{id}?full=ya"))).bearer_auth(&token).send().await.unwrap()).await;
        assert_eq!((status, body["errors"][0]["field"].as_str()), (400, Some("full")), "{body}");

        // The same wrappers on the other API modules: a required parameter missing, a training
        // body that is not JSON.
        let (status, body) = api_error(c.get(app.url("/api/v1/regions")).bearer_auth(&token).send().await.unwrap()).await;
        assert_eq!((status, body["errors"][0]["field"].as_str()), (400, Some("q")), "{body}");
        assert_eq!(detail(&body), "Parameter tidak sah: `q` wajib ada.");
        let res = c
            .post(app.url(&format!("/api/v1/trainings/{id}/participants")))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("owner_id=1")
            .send()
            .await
            .unwrap();
        let (status, body) = api_error(res).await;
        assert_eq!(status, 422, "{body}");
        assert!(detail(&body).starts_with("Isi permintaan bukan JSON yang sah"), "{body}");

        // Unknown addresses under /api are JSON 404s, with or without a token; the site's own
        // unknown pages stay HTML.
        for path in ["/api/v1/tidak-ada", "/api/v1/owners/x/y/z", "/api/v1", "/api/v1/", "/api/v2/owners"] {
            let (status, body) = api_error(c.get(app.url(path)).send().await.unwrap()).await;
            assert_eq!(status, 404, "{l} {path}");
            assert_eq!(body["errors"][0]["code"], "not_found");
            assert_eq!(detail(&body), "Alamat API tidak ditemukan.", "{path}");
        }
        let (status, _) = api_error(c.post(app.url("/api/v1/tidak-ada")).bearer_auth(&token).json(&json!({})).send().await.unwrap()).await;
        assert_eq!(status, 404);
        let res = c.get(app.url("/tidak-ada")).send().await.unwrap();
        assert_eq!(res.status(), 404);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        // A known address with a method it does not take.
        let res = c.delete(app.url("/api/v1/owners")).bearer_auth(&token).send().await.unwrap();
        let allow = res.headers().get("allow").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let (status, body) = api_error(res).await;
        assert_eq!((status, body["errors"][0]["code"].as_str()), (405, Some("method_not_allowed")), "{body}");
        assert!(allow.contains("GET") && allow.contains("POST"), "{allow:?}");
    }
}
