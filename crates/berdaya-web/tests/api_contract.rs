//! The API's contract beyond each endpoint's happy path: every refusal is JSON in the API's
//! error shape with a message in Bahasa, the registry lists page with a cursor through every
//! row, and owner search finds a phone number however it is written.

use std::collections::HashSet;

use crate::common::*;
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

/// The `rel="next"` address of a page, if any.
fn next_link(res: &reqwest::Response) -> Option<String> {
    let link = res.headers().get("link")?.to_str().unwrap();
    let start = link.find('<').unwrap() + 1;
    let end = link.find('>').unwrap();
    assert!(link[end..].contains("rel=\"next\""), "{link}");
    Some(link[start..end].to_string())
}

/// Follow `Link` headers from `first` to the last page; returns every page's rows.
async fn all_pages(app: &TestApp, c: &reqwest::Client, token: &str, first: &str) -> Vec<Vec<Value>> {
    let mut pages = Vec::new();
    let mut next = Some(first.to_string());
    while let Some(path) = next {
        assert!(path.starts_with("/api/v1/"), "{path}");
        let res = c.get(app.url(&path)).bearer_auth(token).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}: {path}", app.label);
        next = next_link(&res);
        let rows: Vec<Value> = res.json().await.unwrap();
        assert!(next.is_none() || !rows.is_empty(), "a page with a next page is not empty");
        pages.push(rows);
        assert!(pages.len() <= 20, "{}: paging does not end", app.label);
    }
    pages
}

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

fn key(s: &str) -> String {
    berdaya_core::teks::search_key(s)
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
        let (status, body) = api_error(c.get(app.url("/api/v1/businesses?sort=umur")).bearer_auth(&token).send().await.unwrap()).await;
        assert_eq!((status, body["errors"][0]["field"].as_str()), (400, Some("sort")), "{body}");
        assert!(detail(&body).starts_with("Parameter tidak sah: `sort` harus `nama`"), "{body}");
        for path in ["/api/v1/owners?after=rusak", "/api/v1/businesses?after=ani|bukan-uuid", "/api/v1/businesses?setelah=x"] {
            let (status, body) = api_error(c.get(app.url(path)).bearer_auth(&token).send().await.unwrap()).await;
            assert_eq!((status, body["errors"][0]["field"].as_str()), (400, Some("after")), "{path}: {body}");
            assert!(detail(&body).starts_with("Parameter tidak sah: `after`"), "{body}");
        }

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

#[tokio::test]
async fn lists_page_through_every_row_once_in_order() {
    // First letters differ except in the tied names, so byte order and any collation agree.
    let people = [
        ("Joko Susilo", "Bakso Pak Joko"),
        ("Siti Aminah", "Warung Makan"),
        ("Ani Lestari", "Keripik Ani"),
        ("Hendra Saputra", "Warung Makan"),
        ("Siti Aminah", "Dapur Siti"),
        ("Citra Dewi", "Warung Bakso"),
        ("Bambang Wijaya", "Ojek Bambang"),
        ("Siti Aminah", "Warung Makan"),
        ("Eka Putri", "Roti Eka"),
        ("Fajar Nugroho", "Cetak Fajar"),
        ("Gita Ayu", "Jamu Gita"),
        ("Dedi Kurniawan", "Las Dedi"),
        ("Indah Permata", "Tenun Indah"),
    ];
    let apps = spawn_apps().await;
    assert_eq!(apps.len(), if std::env::var_os("BERDAYA_TEST_PG").is_some() { 2 } else { 1 }, "PostgreSQL too when BERDAYA_TEST_PG is set");
    for app in apps {
        let l = app.label;
        let token = bontang(&app).await;
        let c = client();
        for (i, (nama, usaha)) in people.iter().enumerate() {
            register(&app, &c, &token, i as u32, nama, usaha, "").await;
        }
        let n = people.len();

        // (first page, sort field of a row) for owners and both business sorts.
        for (first, all, field) in [
            ("/api/v1/owners?limit=4", "/api/v1/owners?limit=500", "nama"),
            ("/api/v1/businesses?limit=4", "/api/v1/businesses?limit=500", "nama_usaha"),
            ("/api/v1/businesses?sort=nama&limit=5", "/api/v1/businesses?sort=nama&limit=500", "nama_usaha"),
            ("/api/v1/businesses?sort=pemilik&limit=3", "/api/v1/businesses?sort=pemilik&limit=500", "pemilik"),
            ("/api/v1/businesses?urut=pemilik&limit=1", "/api/v1/businesses?sort=pemilik&limit=500", "pemilik"),
        ] {
            let pages = all_pages(&app, &c, &token, first).await;
            let limit: usize = first.rsplit("limit=").next().unwrap().parse().unwrap();
            assert_eq!(pages.len(), n.div_ceil(limit), "{l} {first}: pages");
            assert!(pages[..pages.len() - 1].iter().all(|p| p.len() == limit), "{l} {first}: full pages but the last");
            let rows: Vec<Value> = pages.concat();
            let seen = ids(&rows);
            assert_eq!(seen.len(), n, "{l} {first}: every row");
            assert_eq!(seen.iter().collect::<HashSet<_>>().len(), n, "{l} {first}: each row once");
            let keys: Vec<String> = rows.iter().map(|r| key(r[field].as_str().unwrap())).collect();
            assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{l} {first}: in order {keys:?}");
            // The same order as one page holding everything (ties broken the same way).
            let res = c.get(app.url(all)).bearer_auth(&token).send().await.unwrap();
            assert!(res.headers().get("link").is_none(), "{l}: no next page after everything");
            let one: Vec<Value> = res.json().await.unwrap();
            assert_eq!(ids(&one), seen, "{l} {first}: paged order is the list's order");
        }
        let by_owner: Vec<Value> = c.get(app.url("/api/v1/businesses?sort=pemilik")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let by_name: Vec<Value> = c.get(app.url("/api/v1/businesses")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_ne!(ids(&by_owner), ids(&by_name), "{l}: the two sorts differ");

        // The next page keeps the filters: a name search, paged two at a time.
        let pages = all_pages(&app, &c, &token, "/api/v1/businesses?q=warung&limit=2").await;
        let rows = pages.concat();
        assert_eq!(pages.len(), 2, "{l}: {pages:?}");
        assert_eq!(rows.len(), 4, "{l}: {rows:?}");
        assert!(rows.iter().all(|r| r["nama_usaha"].as_str().unwrap().starts_with("Warung")), "{l}: {rows:?}");
        assert_eq!(ids(&rows).into_iter().collect::<HashSet<_>>().len(), 4);
        let pages = all_pages(&app, &c, &token, "/api/v1/owners?q=siti&limit=2").await;
        assert_eq!(pages.concat().len(), 3, "{l}: the three Siti Aminah, ties broken by id");
        assert_eq!(pages.len(), 2);
    }
}

#[tokio::test]
async fn owner_search_finds_a_phone_however_it_is_written() {
    for app in spawn_apps().await {
        let l = app.label;
        let token = bontang(&app).await;
        let c = client();
        let id = register(&app, &c, &token, 1, "Siti Aminah", "Amplang Bu Siti", "0812-3456-7890").await;
        register(&app, &c, &token, 2, "Budi Santoso", "Bengkel Budi", "+62 813 1111 2222").await;
        for q in ["081234567890", "6281234567890", "+6281234567890", "0812-3456-7890", "+62 812 3456 7890"] {
            let found: Vec<Value> =
                c.get(app.url(&format!("/api/v1/owners?{}", serde_urlencoded::to_string([("q", q)]).unwrap()))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
            assert_eq!(ids(&found), vec![id.clone()], "{l}: q={q}");
        }
        let none: Vec<Value> = c.get(app.url("/api/v1/owners?q=081299999999")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert!(none.is_empty(), "{l}");
        // Names and NIKs are still found.
        let by_name: Vec<Value> = c.get(app.url("/api/v1/owners?q=siti")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(ids(&by_name), vec![id.clone()], "{l}");
        let by_nik: Vec<Value> = c.get(app.url(&format!("/api/v1/owners?q={}", nik(11, 2)))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(ids(&by_nik), vec![id], "{l}");
    }
}

#[tokio::test]
async fn patch_changes_only_the_fields_sent_and_refuses_stale_versions() {
    for app in spawn_apps().await {
        let token = bontang(&app).await;
        let c = reqwest::Client::new();
        let id = register(&app, &c, &token, 1, "Hj. Nurhayati", "Batik Lok Tuan", "+62 811 555 0101").await;
        let url = app.url(&format!("/api/v1/owners/{id}"));
        let owner: Value = c.get(format!("{url}?full=true")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();

        // One field sent: the others are kept.
        let res = c.patch(&url).bearer_auth(&token).json(&json!({"no_hp": "0812-3456-7890"})).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}: {}", app.label, res.text().await.unwrap());
        let after: Value = c.get(format!("{url}?full=true")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(after["no_hp"], "+6281234567890", "{}", app.label);
        for field in ["nama", "nik", "tanggal_lahir", "jenis_kelamin", "region"] {
            assert_eq!(after[field], owner[field], "{}: {field} kept", app.label);
        }

        // A version that is no longer current: refused, nothing changed.
        let res = c.patch(&url).bearer_auth(&token).json(&json!({"nama": "Nurhayati Lama", "versi": 1})).send().await.unwrap();
        let (status, body) = api_error(res).await;
        assert_eq!(status, 409, "{}: {body}", app.label);
        assert!(detail(&body).contains("sudah diubah orang lain"), "{body}");
        let now: Value = c.get(format!("{url}?full=true")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(now["nama"], "Hj. Nurhayati");
        let res = c.patch(&url).bearer_auth(&token).json(&json!([1, 2])).send().await.unwrap();
        assert_eq!(api_error(res).await.0, 422);

        // A business: a new turnover needs its period; the name is kept.
        let biz: Vec<Value> = c.get(app.url("/api/v1/businesses?q=batik")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let burl = app.url(&format!("/api/v1/businesses/{}", biz[0]["id"].as_str().unwrap()));
        let res = c.patch(&burl).bearer_auth(&token).json(&json!({"omzet": "5 juta"})).send().await.unwrap();
        let (status, body) = api_error(res).await;
        assert_eq!(status, 422, "{}: {body}", app.label);
        assert_eq!(body["errors"][0]["field"], "periode_omzet", "{body}");
        let res = c.patch(&burl).bearer_auth(&token).json(&json!({"omzet": "5 juta", "periode_omzet": "bulan"})).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", app.label);
        let b: Value = res.json().await.unwrap();
        assert_eq!((b["nama_usaha"].as_str(), b["omzet_tahunan"].as_i64()), (Some("Batik Lok Tuan"), Some(60_000_000)), "{b}");
        assert_eq!(b["kbli"], "10794", "kept");
        // A period or a KBLI edition without the value it qualifies: refused, nothing re-read.
        for body in [json!({"periode_omzet": "bulan"}), json!({"modal": "20 juta", "periode_omzet": "tahun"}), json!({"kbli_versi": "2025"})] {
            let res = c.patch(&burl).bearer_auth(&token).json(&body).send().await.unwrap();
            let (status, err) = api_error(res).await;
            assert_eq!(status, 422, "{}: {body} {err}", app.label);
        }
        let now: Value = c.get(&burl).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(now["omzet_tahunan"].as_i64(), Some(60_000_000), "{now}");
        // "versi": null is the same as leaving it out.
        let res = c.patch(&burl).bearer_auth(&token).json(&json!({"produk": "Batik cap", "versi": null})).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", app.label);
    }
}
