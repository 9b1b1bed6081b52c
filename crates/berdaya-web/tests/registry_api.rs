//! The registry through `/api/v1/owners` and `/api/v1/businesses`: entry, masking, audit and
//! scope.

use berdaya_core::Scope;
use berdaya_store::audit::{self, AuditFilter};

use crate::common::*;

#[tokio::test]
async fn registry_api_masks_audits_and_scopes() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let t = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(t, "op.tangsel", "operator").await;
        let token = app.token("op.bontang").await;
        let other = app.token("op.tangsel").await;
        let c = reqwest::Client::new();
        let body = serde_json::json!({
            "owner": {"nik": "6474014107850003", "nama": "Hj. Nurhayati", "jenis_kelamin": "P", "tanggal_lahir": "1985-07-01",
                      "kode_wilayah": "64.74.01.1003", "no_hp": "+62 811 555 0101"},
            "business": {"nama_usaha": "Batik Lok Tuan", "kbli": "14111", "omzet": "Rp 2,5 M", "periode_omzet": "tahun"}
        });
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201, "{}", app.label);
        let created: serde_json::Value = res.json().await.unwrap();
        let id = created["id"].as_str().unwrap().to_string();
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 409);
        let err: serde_json::Value = res.json().await.unwrap();
        assert_eq!(err["errors"][0]["code"], "duplicate_nik");
        let bad = serde_json::json!({"owner": {"nik": "12", "nama": "", "kode_wilayah": "64.74.01.1003"}});
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).json(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let err: serde_json::Value = res.json().await.unwrap();
        let fields: Vec<&str> = err["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert!(fields.contains(&"nik") && fields.contains(&"nama"), "{fields:?}");

        let masked: serde_json::Value = c.get(app.url(&format!("/api/v1/owners/{id}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(masked["nik"], "6474**********03");
        assert!(masked["tanggal_lahir"].is_null() && masked["tahun_lahir"] == 1985, "{masked}");
        let full: serde_json::Value = c.get(app.url(&format!("/api/v1/owners/{id}?full=true"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(full["nik"], "6474014107850003");
        assert_eq!(full["tanggal_lahir"], "1985-07-01");
        let views = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("view_personal".into()), ..Default::default() }, 10).await.unwrap();
        assert_eq!(views.len(), 1, "{}", app.label);

        let list: Vec<serde_json::Value> = c.get(app.url("/api/v1/businesses?skala=kecil")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list.len(), 1, "Rp 2,5 M a year is kecil (above the Rp 2 M mikro ceiling)");
        assert_eq!(list[0]["nama_usaha"], "Batik Lok Tuan");

        assert_eq!(c.get(app.url(&format!("/api/v1/owners/{id}"))).bearer_auth(&other).send().await.unwrap().status(), 404);
        let res = c.patch(app.url(&format!("/api/v1/owners/{id}"))).bearer_auth(&other)
            .json(&serde_json::json!({"nik": "6474014107850003", "nama": "X", "kode_wilayah": "36.74.01"})).send().await.unwrap();
        assert!(res.status() == 404 || res.status() == 422, "{}", res.status());
        let list: Vec<serde_json::Value> = c.get(app.url("/api/v1/businesses")).bearer_auth(&other).send().await.unwrap().json().await.unwrap();
        assert!(list.is_empty());

        // The business endpoints across scope: nothing read, changed or added.
        let biz = list_one(&c, &app, &token).await;
        let burl = app.url(&format!("/api/v1/businesses/{biz}"));
        assert_eq!(c.get(&burl).bearer_auth(&other).send().await.unwrap().status(), 404, "{}", app.label);
        let res = c.patch(&burl).bearer_auth(&other).json(&serde_json::json!({"nama_usaha": "Diambil"})).send().await.unwrap();
        assert_eq!(res.status(), 404, "{}", app.label);
        let add = serde_json::json!({"nama_usaha": "Usaha Titipan", "kbli": "10792"});
        let res = c.post(app.url(&format!("/api/v1/owners/{id}/businesses"))).bearer_auth(&other).json(&add).send().await.unwrap();
        assert_eq!(res.status(), 404, "{}", app.label);
        let oid: uuid::Uuid = id.parse().unwrap();
        assert_eq!(berdaya_store::businesses::for_owner(&app.db, oid).await.unwrap().len(), 1, "nothing added");
        assert_eq!(berdaya_store::businesses::get(&app.db, &Scope::National, biz.parse().unwrap()).await.unwrap().nama_usaha, "Batik Lok Tuan");
        // Registering someone in another city's region is refused at the field.
        let outside = serde_json::json!({"owner": {"nik": "3674014107850003", "nama": "Orang Tangsel", "kode_wilayah": "36.74.01.1001"}});
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).json(&outside).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        let err: serde_json::Value = res.json().await.unwrap();
        assert!(err["errors"].as_array().unwrap().iter().any(|e| e["field"] == "kode_wilayah"), "{err}");
        // The province sees the city's records; the city does not see the province's others.
        let p = app.agency("Dinas Provinsi Kalimantan Timur", "64").await;
        app.user(p, "op.kaltim", "operator").await;
        let prov = app.token("op.kaltim").await;
        assert_eq!(c.get(&burl).bearer_auth(&prov).send().await.unwrap().status(), 200, "{}", app.label);
        let res = c.patch(&burl).bearer_auth(&prov).json(&serde_json::json!({"produk": "Batik tulis"})).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}: a province operator may correct a city's record", app.label);
    }
}

/// The id of the only business the token's user sees.
async fn list_one(c: &reqwest::Client, app: &TestApp, token: &str) -> String {
    let list: Vec<serde_json::Value> = c.get(app.url("/api/v1/businesses")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    assert_eq!(list.len(), 1, "{}", app.label);
    list[0]["id"].as_str().unwrap().to_string()
}
