//! The duplicate review queue: a scan finds planted duplicates, a merge moves the businesses,
//! keeps the history and is audited, and "bukan duplikat" is never proposed again.

mod common;

use std::collections::HashMap;

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::{businesses, duplicates, owners};
use berdaya_synth::{OwnersOptions, generate_owners};
use berdaya_tabular::{ReadOptions, Table, propose_mapping};
use berdaya_web::services::Actor;
use berdaya_web::services::import::run_import;
use common::*;

/// Synthetic Bontang owners with planted duplicates; returns person id per NIK.
fn synthetic(dir: &std::path::Path) -> (std::path::PathBuf, HashMap<String, String>) {
    let opts = OwnersOptions { count: 400, region: "64.74".into(), seed: 7, dup_rate: 0.08, error_rate: 0.0, ..Default::default() };
    let (mut csv, mut truth) = (Vec::new(), Vec::new());
    generate_owners(&opts, &mut csv, Some(&mut truth)).unwrap();
    let path = dir.join("owners.csv");
    std::fs::write(&path, &csv).unwrap();
    let mut person_of_row = HashMap::new();
    let mut t = csv::Reader::from_reader(truth.as_slice());
    for r in t.records() {
        let r = r.unwrap();
        person_of_row.insert(r[0].to_string(), r[1].to_string());
    }
    let mut person_of_nik = HashMap::new();
    let mut c = csv::Reader::from_reader(csv.as_slice());
    let h = c.headers().unwrap().clone();
    let no = h.iter().position(|x| x == "No").unwrap();
    let nik = h.iter().position(|x| x.contains("NIK")).unwrap();
    for r in c.records() {
        let r = r.unwrap();
        let digits: String = r[nik].chars().filter(char::is_ascii_digit).collect();
        if let Some(p) = person_of_row.get(&r[no]) {
            person_of_nik.insert(digits, p.clone());
        }
    }
    (path, person_of_nik)
}

async fn wait_job(app: &TestApp, c: &reqwest::Client, job_url: &str) -> serde_json::Value {
    let id = job_url.trim_start_matches("/tugas/");
    for _ in 0..300 {
        let j: serde_json::Value = c.get(app.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
        if j["status"] == "done" || j["status"] == "failed" {
            return j;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("job {id} did not finish");
}

async fn scan(app: &TestApp, op: &reqwest::Client, csrf: &str) -> serde_json::Value {
    let res = op.post(app.url("/registri/duplikat/pindai")).form(&[("_csrf", csrf)]).send().await.unwrap();
    assert_eq!(res.status(), 303, "{}", app.label);
    let job_url = res.headers()["location"].to_str().unwrap().to_string();
    let done = wait_job(app, op, &job_url).await;
    assert_eq!(done["status"], "done", "{done}");
    done
}

#[tokio::test]
async fn scan_merge_and_not_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let (file, person_of_nik) = synthetic(dir.path());
    for app in spawn_apps().await {
        let bontang = app.agency("Dinas Kota Bontang", "64.74").await;
        let op_id = app.user(bontang, "op.bontang", "operator").await;
        let tangsel = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(tangsel, "op.tangsel", "operator").await;
        let scope = Scope::for_agency(Some(&KodeWilayah::parse("64.74").unwrap())).unwrap();
        let actor = Actor { user_id: Some(op_id), username: "op.bontang".into(), role: Role::Operator, scope: scope.clone(), ..Actor::cli() };
        let table = Table::open(&file, &ReadOptions::default()).unwrap();
        let mapping = propose_mapping(&table.header().columns);
        let summary = run_import(&app.db, &actor, table, &mapping, |_, _| {}, |_, _| {}).await.unwrap();
        assert!(summary.imported > 300, "{summary:?}");
        let before = owners::count(&app.db, &scope).await.unwrap();

        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let done = scan(&app, &op, &csrf).await;
        let queued = done["result"]["queued"].as_u64().unwrap();
        assert!(queued >= 5, "planted duplicates found: {done}");

        // Most queued pairs are planted duplicates (same synthetic person).
        let pairs = duplicates::queue(&app.db, &scope, duplicates::STATUS_NEW, 500).await.unwrap();
        assert_eq!(pairs.len() as u64, queued);
        let person = |id| {
            let db = app.db.clone();
            let scope = scope.clone();
            async move { owners::get(&db, &scope, id).await.unwrap() }
        };
        let mut true_pairs = Vec::new();
        let mut false_pairs = Vec::new();
        for p in &pairs {
            let (a, b) = (person(p.owner_a).await, person(p.owner_b).await);
            let same = person_of_nik.get(&a.nik).is_some() && person_of_nik.get(&a.nik) == person_of_nik.get(&b.nik);
            if same { true_pairs.push(p.clone()) } else { false_pairs.push(p.clone()) }
        }
        assert!(true_pairs.len() * 10 >= pairs.len() * 8, "precision ≥ 0.8: {} true of {}", true_pairs.len(), pairs.len());

        // The side-by-side page masks the NIK for pimpinan and explains the weight.
        let p = &true_pairs[0];
        let page = op.get(app.url(&format!("/registri/duplikat/{}", p.id))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Mengapa pasangan ini diusulkan") && page.contains("Tanggal lahir"), "{page}");
        let other_city = app.login("op.tangsel").await;
        let res = other_city.get(app.url(&format!("/registri/duplikat/{}", p.id))).send().await.unwrap();
        assert_eq!(res.status(), 404, "another city cannot see the pair");
        let res = other_city
            .post(app.url(&format!("/registri/duplikat/{}/gabung", p.id)))
            .form(&[("_csrf", app.csrf(&other_city).await.as_str()), ("keep", "a")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "another city cannot merge it");

        // Merge: keep A; B's businesses and NIK now belong to A, B leaves the lists.
        let (a, b) = (person(p.owner_a).await, person(p.owner_b).await);
        let b_businesses = businesses::for_owner(&app.db, b.id).await.unwrap();
        let a_before = businesses::for_owner(&app.db, a.id).await.unwrap().len();
        let res = op
            .post(app.url(&format!("/registri/duplikat/{}/gabung", p.id)))
            .form(&[("_csrf", csrf.as_str()), ("keep", "a"), ("note", "orang yang sama, ejaan beda")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        assert_eq!(res.headers()["location"].to_str().unwrap(), format!("/registri/pelaku/{}", a.id));
        assert_eq!(businesses::for_owner(&app.db, a.id).await.unwrap().len(), a_before + b_businesses.len());
        assert!(businesses::for_owner(&app.db, b.id).await.unwrap().is_empty());
        assert_eq!(owners::owner_for_nik(&app.db, &b.nik).await.unwrap(), Some(a.id), "B's NIK finds A");
        assert_eq!(owners::count(&app.db, &scope).await.unwrap(), before - 1);
        assert_eq!(duplicates::merged_into(&app.db, b.id).await.unwrap(), Some(a.id));
        let history = duplicates::merges_into(&app.db, a.id).await.unwrap();
        assert_eq!(history.len(), 1);
        assert!(history[0].merged_record.contains(&b.nama), "the merged record is kept as it was");
        let merges = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("merge".into()), ..Default::default() }, 10).await.unwrap();
        assert_eq!(merges.len(), 1);
        assert!(!merges[0].before_data.as_deref().unwrap_or("").contains(&b.nik), "NIK masked in the audit log");
        // A second decision on the same pair is refused.
        let again = op.post(app.url(&format!("/registri/duplikat/{}/bukan", p.id))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(again.status(), 409);

        // "Bukan duplikat" on another pair: remembered, never proposed again by a new scan.
        let open = duplicates::queue(&app.db, &scope, duplicates::STATUS_NEW, 500).await.unwrap();
        let nd = open.first().expect("another open pair").clone();
        let res = op.post(app.url(&format!("/registri/duplikat/{}/bukan", nd.id))).form(&[("_csrf", csrf.as_str()), ("note", "kakak adik")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let done = scan(&app, &op, &csrf).await;
        assert_eq!(done["result"]["queued"], 0, "nothing new: decided pairs stay decided {done}");
        let after = duplicates::queue(&app.db, &scope, duplicates::STATUS_NEW, 500).await.unwrap();
        assert!(after.iter().all(|x| duplicates::ordered(x.owner_a, x.owner_b) != duplicates::ordered(nd.owner_a, nd.owner_b)));
        assert!(after.iter().all(|x| x.owner_a != b.id && x.owner_b != b.id), "pairs of the merged record were closed");

        // The entry form scores a new record against its candidates with the saved model.
        let a = person(a.id).await;
        let serial: u32 = a.nik[12..].parse().unwrap();
        let other_nik = format!("{}{:04}", &a.nik[..12], (serial % 9000) + 1000 + (serial < 5000) as u32 * 3000);
        let dob = a.tanggal_lahir.unwrap().format("%d/%m/%Y").to_string();
        let form = [
            ("_csrf", csrf.as_str()),
            ("nik", other_nik.as_str()),
            ("nama", a.nama.as_str()),
            ("jenis_kelamin", a.jenis_kelamin.as_str()),
            ("tanggal_lahir", dob.as_str()),
            ("alamat", a.alamat.as_str()),
            ("kode_wilayah", a.region.as_str()),
        ];
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        let html = res.text().await.unwrap();
        assert!(html.contains("Kemungkinan data ganda") && html.contains("skor pencocokan"), "{}", app.label);
        assert!(audit::verify(&app.db, |_, _| {}).await.unwrap().ok());
        let _ = false_pairs;
    }
}
