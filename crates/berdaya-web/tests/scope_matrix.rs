//! Users of Kota Bontang, Kota Tangerang Selatan, Provinsi Kalimantan Timur and a national
//! admin each try to read and write the others' records through the pages and the API.
//! Every attempt outside one's region subtree gets 403/404 and writes nothing.

use berdaya_core::Scope;
use berdaya_store::users;
use crate::common::*;

struct Party {
    name: &'static str,
    region: &'static str,
    agency: uuid::Uuid,
    admin: uuid::Uuid,
    staff: uuid::Uuid,
}

/// May a user of region `actor` reach a record in region `target`?
fn allowed(actor: &str, target: &str) -> bool {
    actor.is_empty() || target == actor || target.starts_with(&format!("{actor}."))
}

#[tokio::test]
async fn cross_scope_reads_and_writes_are_refused() {
    for app in spawn_apps().await {
        let mut parties = Vec::new();
        for (name, region) in [("bontang", "64.74"), ("tangsel", "36.74"), ("kaltim", "64"), ("nasional", "")] {
            let agency = app.agency(&format!("Dinas {name}"), region).await;
            let admin = app.user(agency, &format!("admin.{name}"), "admin").await;
            let staff = app.user(agency, &format!("staf.{name}"), "operator").await;
            parties.push(Party { name, region, agency, admin, staff });
        }
        let mut checked = 0;
        for actor in &parties {
            let web = app.login(&format!("admin.{}", actor.name)).await;
            let csrf = app.csrf(&web).await;
            let token = app.token(&format!("admin.{}", actor.name)).await;
            let api = reqwest::Client::new();
            for target in &parties {
                let ok = allowed(actor.region, target.region);
                let who = format!("[{}] {} -> {}", app.label, actor.name, target.name);
                let expect = |status: u16, ok_status: u16| {
                    if ok { assert_eq!(status, ok_status, "{who}") } else { assert!(status == 404 || status == 403, "{who}: {status}") }
                };
                // Read through the pages.
                let r = web.get(app.url(&format!("/admin/pengguna/{}", target.staff))).send().await.unwrap();
                expect(r.status().as_u16(), 200);
                let r = web.get(app.url(&format!("/admin/dinas/{}", target.agency))).send().await.unwrap();
                expect(r.status().as_u16(), 200);
                // Read through the API.
                let r = api.get(app.url(&format!("/api/v1/users/{}", target.staff))).bearer_auth(&token).send().await.unwrap();
                expect(r.status().as_u16(), 200);
                let r = api.get(app.url(&format!("/api/v1/agencies/{}", target.agency))).bearer_auth(&token).send().await.unwrap();
                expect(r.status().as_u16(), 200);

                // Write through the page, then the API; a refused write changes nothing.
                let before = users::get(&app.db, &Scope::National, target.staff).await.unwrap();
                let new_name = format!("Diubah oleh {}", actor.name);
                let r = web
                    .post(app.url(&format!("/admin/pengguna/{}", target.staff)))
                    .form(&[("_csrf", csrf.as_str()), ("full_name", new_name.as_str()), ("role", "operator"), ("active", "true"), ("email", "")])
                    .send()
                    .await
                    .unwrap();
                expect(r.status().as_u16(), 303);
                let r = api
                    .patch(app.url(&format!("/api/v1/users/{}", target.staff)))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({"full_name": new_name, "role": "pimpinan", "active": true}))
                    .send()
                    .await
                    .unwrap();
                expect(r.status().as_u16(), 200);
                let after = users::get(&app.db, &Scope::National, target.staff).await.unwrap();
                if ok {
                    assert_eq!(after.full_name, new_name, "{who}");
                    assert_eq!(after.role, "pimpinan", "{who}");
                } else {
                    assert_eq!(after.full_name, before.full_name, "{who}: refused write changed the name");
                    assert_eq!(after.role, before.role, "{who}: refused write changed the role");
                    assert_eq!(after.updated_at, before.updated_at, "{who}");
                }
                // Creating a user in another scope's agency is refused too.
                let uname = format!("baru.{}.{}", actor.name, target.name);
                let r = api
                    .post(app.url("/api/v1/users"))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({"username": uname, "full_name": "Baru", "role": "operator",
                        "agency_id": target.agency, "password": "Sandi-Baru-2026"}))
                    .send()
                    .await
                    .unwrap();
                if ok {
                    assert_eq!(r.status(), 201, "{who}");
                } else {
                    assert_eq!(r.status(), 422, "{who}");
                    let e: serde_json::Value = r.json().await.unwrap();
                    assert_eq!(e["errors"][0]["field"], "agency_id", "{who}");
                    assert!(users::get_by_username(&app.db, &uname).await.unwrap().is_none(), "{who}");
                }
                checked += 1;
            }
            // Lists show only the subtree.
            let list: Vec<serde_json::Value> =
                api.get(app.url("/api/v1/users?limit=500")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
            for u in &list {
                assert!(allowed(actor.region, u["region"].as_str().unwrap()), "[{}] {} listed {u}", app.label, actor.name);
            }
            let _ = actor.admin;
        }
        assert_eq!(checked, 16);
    }
}

#[tokio::test]
async fn roles_limit_what_staff_may_do() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        let admin = app.user(a, "admin.bontang", "admin").await;
        app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let op = app.login("op.bontang").await;
        assert_eq!(op.get(app.url("/admin/pengguna")).send().await.unwrap().status(), 403);
        assert_eq!(op.get(app.url("/audit")).send().await.unwrap().status(), 403);
        let home = op.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(!home.contains("href=\"/admin/pengguna\""), "no admin link for an operator");
        let token = app.token("op.bontang").await;
        let r = reqwest::Client::new().get(app.url("/api/v1/users")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let r = reqwest::Client::new()
            .patch(app.url(&format!("/api/v1/users/{admin}")))
            .bearer_auth(&token)
            .json(&serde_json::json!({"full_name": "x", "role": "operator", "active": false}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let pim = app.login("pimpinan.bontang").await;
        assert_eq!(pim.get(app.url("/audit")).send().await.unwrap().status(), 200);
        assert_eq!(pim.get(app.url("/admin/pengguna")).send().await.unwrap().status(), 403);
    }
}
