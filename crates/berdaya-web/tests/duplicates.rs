//! The duplicate review queue: a scan finds planted duplicates, a merge moves the businesses,
//! training participations and aid applications (one participant row when both records were
//! in the same batch, one counting application when both applied to the same program), keeps
//! the history and is audited, the side-by-side page masks the NIK for pimpinan, and
//! "bukan duplikat" is audited and never proposed again.

use std::collections::HashMap;

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::aid::applications as apps;
use berdaya_store::training::participants;
use berdaya_store::testing::fixtures;
use berdaya_store::training::{Batch, batches, programs};
use berdaya_store::{Db, businesses, duplicates, owners};
use berdaya_synth::{OwnersOptions, generate_owners};
use berdaya_tabular::{ReadOptions, Table, propose_mapping};
use berdaya_web::services::Actor;
use berdaya_web::services::import::run_import;
use crate::common::*;

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

async fn scan(app: &TestApp, op: &reqwest::Client, csrf: &str) -> serde_json::Value {
    let res = op.post(app.url("/registri/duplikat/pindai")).form(&[("_csrf", csrf)]).send().await.unwrap();
    assert_eq!(res.status(), 303, "{}", app.label);
    let job_url = res.headers()["location"].to_str().unwrap().to_string();
    let done = finished_job(app, op, &job_url).await;
    assert_eq!(done["status"], "done", "{done}");
    done
}

/// A training program of the agency with two batches of two sessions each.
async fn training(db: &Db, agency_id: uuid::Uuid) -> Vec<(Batch, Vec<uuid::Uuid>)> {
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 4, d).unwrap();
    let mut tx = db.begin().await.unwrap();
    let p = fixtures::training_program(agency_id, "Pelatihan Digital Marketing", "Pemasaran digital", 50_000_000);
    programs::insert(&mut tx, &p).await.unwrap();
    let mut out = Vec::new();
    for i in 0..2u32 {
        let b = Batch { kuota: 20, ..fixtures::batch(&p, i + 1, day(6 + 7 * i), day(7 + 7 * i)) };
        batches::insert(&mut tx, &b).await.unwrap();
        let mut sessions = Vec::new();
        for d in 0..2 {
            let s = fixtures::session(&b, day(6 + 7 * i + d), "15:00");
            batches::insert_session(&mut tx, &s).await.unwrap();
            sessions.push(s.id);
        }
        out.push((b, sessions));
    }
    tx.commit().await.unwrap();
    out
}

fn aid_program(nama: &str) -> berdaya_store::aid::Program {
    fixtures::aid_program(nama, 100_000_000, 2_000_000, 50)
}

async fn participant_rows(db: &Db, owner: uuid::Uuid) -> Vec<(uuid::Uuid, uuid::Uuid, String)> {
    berdaya_store::on_db!(db, |p| sqlx::query_as("SELECT id, batch_id, status FROM training_participants WHERE owner_id = $1")
        .bind(owner)
        .fetch_all(p)
        .await)
    .unwrap()
}

#[tokio::test]
async fn scan_merge_and_not_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let (file, person_of_nik) = synthetic(dir.path());
    for app in spawn_apps().await {
        let bontang = app.agency("Dinas Kota Bontang", "64.74").await;
        let op_id = app.user(bontang, "op.bontang", "operator").await;
        app.user(bontang, "pimpinan.bontang", "pimpinan").await;
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
            let same = person_of_nik.contains_key(&a.nik) && person_of_nik.get(&a.nik) == person_of_nik.get(&b.nik);
            if same { true_pairs.push(p.clone()) } else { false_pairs.push(p.clone()) }
        }
        assert!(true_pairs.len() * 10 >= pairs.len() * 8, "precision ≥ 0.8: {} true of {}", true_pairs.len(), pairs.len());

        // The side-by-side page explains the weight; the operator sees both NIKs in full, the
        // pimpinan only masked ones.
        let p = &true_pairs[0];
        let (pa, pb) = (person(p.owner_a).await, person(p.owner_b).await);
        let page = op.get(app.url(&format!("/registri/duplikat/{}", p.id))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Mengapa pasangan ini diusulkan") && page.contains("Tanggal lahir"), "{page}");
        assert!(page.contains(&pa.nik) && page.contains(&pb.nik), "the operator sees the NIKs");
        let boss = app.login("pimpinan.bontang").await;
        let res = boss.get(app.url(&format!("/registri/duplikat/{}", p.id))).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", app.label);
        let page = res.text().await.unwrap();
        assert!(page.contains("Mengapa pasangan ini diusulkan"), "{page}");
        for nik in [&pa.nik, &pb.nik] {
            assert!(!page.contains(nik.as_str()), "pimpinan must not see the full NIK {nik}");
            assert!(page.contains(&berdaya_core::mask::mask_middle(nik, 4, 2)), "the masked NIK is shown");
        }
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
        // Before the merge: both records are in training batch 1 (A waitlisted and present on
        // day 1, B selected and present on both days), B alone in batch 2; B applied to aid
        // program P alone, and both applied to program Q.
        let tr = training(&app.db, bontang).await;
        let (a1, b1) = (fixtures::participant(&tr[0].0, &a, "cadangan", Some(1)), fixtures::participant(&tr[0].0, &b, "peserta", None));
        let b2 = fixtures::participant(&tr[1].0, &b, "peserta", None);
        let (prog_p, prog_q) = (aid_program("Bantuan Modal P"), aid_program("Bantuan Alat Q"));
        let bp = fixtures::application(&prog_p, &b, "layak");
        let (aq, bq) = (fixtures::application(&prog_q, &a, "layak"), fixtures::application(&prog_q, &b, "perlu_ditinjau"));
        let mut tx = app.db.begin().await.unwrap();
        for x in [&a1, &b1, &b2] {
            participants::insert(&mut tx, x).await.unwrap();
        }
        let s1 = &tr[0].1;
        berdaya_store::training::attendance::replace(&mut tx, tr[0].0.id, "64.74", &[(s1[0], a1.id), (s1[0], b1.id), (s1[1], b1.id)]).await.unwrap();
        for prog in [&prog_p, &prog_q] {
            berdaya_store::aid::insert(&mut tx, prog).await.unwrap();
        }
        for x in [&bp, &aq, &bq] {
            apps::insert(&mut tx, x).await.unwrap();
            apps::set_screening(&mut tx, x.id, &x.keputusan, "", "", "[]").await.unwrap();
        }
        tx.commit().await.unwrap();
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
        // Training: one row per batch for A; batch 1 keeps A's row, selected, with both days.
        let mut rows = participant_rows(&app.db, a.id).await;
        rows.sort_by_key(|r| r.1 != tr[0].0.id);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!((rows[0].0, rows[0].1, rows[0].2.as_str()), (a1.id, tr[0].0.id, "peserta"), "one participant row in the shared batch");
        assert_eq!((rows[1].0, rows[1].1), (b2.id, tr[1].0.id), "B's other batch moved to A");
        assert!(participant_rows(&app.db, b.id).await.is_empty());
        let present = berdaya_store::training::attendance::cells(&app.db, tr[0].0.id).await.unwrap();
        let mut days: Vec<uuid::Uuid> = present.iter().filter(|c| c.1 == a1.id).map(|c| c.0).collect();
        days.sort();
        let mut both = s1.clone();
        both.sort();
        assert_eq!(days, both, "attendance of both rows");
        // Aid: B's applications are A's now; in Q, A's layak application counts and B's is
        // closed as a double application.
        let ascope = scope.clone();
        let got = |id| {
            let db = app.db.clone();
            let sc = ascope.clone();
            async move { apps::get(&db, &sc, id).await.unwrap() }
        };
        let bp_now = got(bp.id).await;
        assert_eq!((bp_now.owner_id, bp_now.keputusan.as_str()), (a.id, "layak"));
        assert_eq!(got(aq.id).await.keputusan, "layak");
        let bq_now = got(bq.id).await;
        assert_eq!((bq_now.owner_id, bq_now.keputusan.as_str(), bq_now.kategori.as_str()), (a.id, "tidak_layak", "penerima_ganda"));
        // The history and the audit entry say what was folded and closed.
        assert!(history[0].moved.contains("training_participants:folded") && history[0].moved.contains(&b1.id.to_string()), "{}", history[0].moved);
        assert!(history[0].moved.contains("aid_applications:closed") && history[0].moved.contains(&bq.id.to_string()), "{}", history[0].moved);
        let after: serde_json::Value = serde_json::from_str(merges[0].after_data.as_deref().unwrap()).unwrap();
        let summary = after["moved"].to_string();
        for (what, n) in [("\"training_participants\",1", 1), ("\"training_participants:folded\",1", 1), ("\"aid_applications\",2", 1), ("\"aid_applications:closed\",1", 1)] {
            assert_eq!(summary.matches(what).count(), n, "{what} in {summary}");
        }
        // A second decision on the same pair is refused.
        let again = op.post(app.url(&format!("/registri/duplikat/{}/bukan", p.id))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(again.status(), 409);

        // "Bukan duplikat" on another pair: remembered, never proposed again by a new scan.
        let open = duplicates::queue(&app.db, &scope, duplicates::STATUS_NEW, 500).await.unwrap();
        let nd = open.first().expect("another open pair").clone();
        let res = op.post(app.url(&format!("/registri/duplikat/{}/bukan", nd.id))).form(&[("_csrf", csrf.as_str()), ("note", "kakak adik")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let decided = audit::list(
            &app.db,
            &Scope::National,
            &AuditFilter { action: Some("not_duplicate".into()), entity_id: Some(nd.id.to_string()), ..Default::default() },
            10,
        )
        .await
        .unwrap();
        assert_eq!(decided.len(), 1, "the decision is audited");
        assert_eq!((decided[0].actor_id, decided[0].entity_type.as_str()), (Some(op_id), "duplicate_pair"));
        let after: serde_json::Value = serde_json::from_str(decided[0].after_data.as_deref().unwrap()).unwrap();
        assert_eq!(after["note"], "kakak adik");
        assert_eq!((after["owner_a"].as_str(), after["owner_b"].as_str()), (Some(nd.owner_a.to_string().as_str()), Some(nd.owner_b.to_string().as_str())));
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
