//! Training through the pages and the API, on SQLite and (with BERDAYA_TEST_PG) PostgreSQL:
//! forms with messages in Bahasa, selection with quota per kecamatan and waitlist promotion,
//! the 115 × 3 attendance grid in one POST, completion, certificates with public verification
//! and revocation, and scope (another city can neither see nor change a batch).

#[path = "training_cases/mod.rs"]
mod training_cases;

use berdaya_store::owners::{self, Owner};
use berdaya_store::testing::fixtures;
use berdaya_store::Db;
use crate::common::*;
use uuid::Uuid;

/// `n` registered owners in Bontang, spread over its three kecamatan (no business: calon
/// wirausaha), inserted directly for speed.
async fn owners_in_bontang(db: &Db, n: u32, first: u32) -> Vec<Owner> {
    let mut out = Vec::new();
    let mut tx = db.begin().await.unwrap();
    for i in first..first + n {
        let kec = i % 3 + 1;
        let o = Owner {
            nama_norm: format!("PESERTA UJI {i:03}"),
            jenis_kelamin: if i % 2 == 0 { "L" } else { "P" }.into(),
            ..fixtures::owner(&format!("64740{kec}0101{:02}{:04}", 80 + i % 19, i + 1), &format!("Peserta Uji {i:03}"), &format!("64.74.0{kec}.1001"))
        };
        owners::insert(&mut tx, &o).await.unwrap();
        out.push(o);
    }
    tx.commit().await.unwrap();
    out
}

struct Setup {
    op: reqwest::Client,
    batch: String,
}

/// Bontang and Tangerang Selatan agencies with an operator each; a program and a 3-day batch
/// created through the pages by Bontang's operator.
async fn setup(app: &TestApp, kuota: &str, per_kec: &str) -> Setup {
    let a = app.agency("Dinas Koperasi, UKM dan Perdagangan Kota Bontang", "64.74").await;
    app.user(a, "op.bontang", "operator").await;
    let t = app.agency("Dinas Koperasi dan UKM Kota Tangerang Selatan", "36.74").await;
    app.user(t, "op.tangsel", "operator").await;
    let op = app.login("op.bontang").await;
    let csrf = app.csrf(&op).await;
    let res = op
        .post(app.url("/pelatihan/program/baru"))
        .form(&[("_csrf", csrf.as_str()), ("judul", "Pelatihan Manajemen Mutu Produksi"), ("kompetensi", "Manajemen mutu produksi"),
            ("sumber_dana", "dak_nonfisik"), ("pagu", "Rp 150.000.000"), ("tahun_anggaran", "2020")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", app.label);
    let program = res.headers()["location"].to_str().unwrap().to_string();
    let res = op
        .post(app.url(&format!("{program}/angkatan/baru")))
        .form(&[("_csrf", csrf.as_str()), ("nama", "Angkatan I"), ("tempat", "Hotel Bintang Sintuk"), ("kuota", kuota),
            ("kuota_kecamatan", per_kec), ("tanggal_mulai", "27/07/2020"), ("tanggal_selesai", "29 Juli 2020"),
            ("jam_mulai", "08:00"), ("jam_selesai", "16:00"), ("min_kehadiran", "75")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", app.label);
    let loc = res.headers()["location"].to_str().unwrap().to_string();
    let batch = loc.trim_start_matches("/pelatihan/angkatan/").split('?').next().unwrap().to_string();
    Setup { op, batch }
}

#[tokio::test]
async fn forms_say_what_is_wrong_in_bahasa_and_nothing_is_half_written() {
    for app in spawn_apps().await {
        let s = setup(&app, "30", "").await;
        let csrf = app.csrf(&s.op).await;
        let res = s.op.post(app.url("/pelatihan/program/baru")).form(&[("_csrf", csrf.as_str()), ("pagu", "banyak"), ("tahun_anggaran", "1990")]).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        for msg in ["Judul pelatihan wajib diisi.", "Pilih sumber dana.", "Pagu tidak valid", "Tahun anggaran harus bilangan bulat"] {
            assert!(page.contains(msg), "{msg}: {page}");
        }
        let batch_page = s.op.get(app.url(&format!("/pelatihan/angkatan/{}", s.batch))).send().await.unwrap().text().await.unwrap();
        assert!(batch_page.contains("27 Juli 2020") && batch_page.contains("29 Juli 2020"), "three sessions, one per day");
        let program = batch_page.split("href=\"/pelatihan/program/").nth(1).unwrap().split('"').next().unwrap().to_string();
        let res = s
            .op
            .post(app.url(&format!("/pelatihan/program/{program}/angkatan/baru")))
            .form(&[("_csrf", csrf.as_str()), ("nama", "Angkatan II"), ("tempat", "Aula"), ("kuota", "nol"), ("tanggal_mulai", "29/07/2020"), ("tanggal_selesai", "27/07/2020")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("Kuota harus bilangan bulat") && page.contains("Tanggal selesai tidak boleh sebelum tanggal mulai."), "{page}");
        let list = s.op.get(app.url("/pelatihan")).send().await.unwrap().text().await.unwrap();
        assert!(!list.contains("Angkatan II"), "refused batch not written");
        // A cost with a bad amount is refused in place; a good one counts against the budget.
        let res = s.op.post(app.url(&format!("/pelatihan/angkatan/{}/biaya", s.batch))).form(&[("_csrf", csrf.as_str()), ("tanggal", "29/07/2020"), ("uraian", "Sewa ruang"), ("jumlah", "-5")]).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let res = s.op.post(app.url(&format!("/pelatihan/angkatan/{}/biaya", s.batch))).form(&[("_csrf", csrf.as_str()), ("tanggal", "29/07/2020"), ("uraian", "Sewa ruang Hotel Bintang Sintuk"), ("jumlah", "Rp 37.500.000")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let page = s.op.get(app.url(&format!("/pelatihan/program/{program}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Rp 37.500.000 (serapan 25,0 %)"), "{page}");
    }
}

#[tokio::test]
async fn selection_quota_per_kecamatan_waitlist_promotion_and_repeat_warning() {
    for app in spawn_apps().await {
        let s = setup(&app, "2", "1").await;
        let people = owners_in_bontang(&app.db, 4, 0).await; // kecamatan 01, 02, 03, 01
        let token = app.token("op.bontang").await;
        let api = client();
        let add = |o: Uuid| {
            let (api, url, token) = (api.clone(), app.url(&format!("/api/v1/trainings/{}/participants", s.batch)), token.clone());
            async move { api.post(url).bearer_auth(token).json(&serde_json::json!({"owner_id": o})).send().await.unwrap() }
        };
        let mut statuses = Vec::new();
        for o in &people {
            let res = add(o.id).await;
            assert_eq!(res.status(), 201, "{}", app.label);
            let v: serde_json::Value = res.json().await.unwrap();
            statuses.push(v["status"].as_str().unwrap().to_string());
        }
        // Quota 2: the first two are selected; the 4th shares kecamatan 01 with the 1st.
        assert_eq!(statuses, ["peserta", "peserta", "cadangan", "cadangan"], "{}", app.label);
        let again = add(people[0].id).await;
        assert_eq!(again.status(), 409, "one person once per batch");
        let list: Vec<serde_json::Value> = api.get(app.url(&format!("/api/v1/trainings/{}/participants", s.batch))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let id_of = |o: &Owner| list.iter().find(|p| p["owner_id"] == o.id.to_string()).unwrap()["id"].as_str().unwrap().to_string();
        // The 2nd (kecamatan 02) withdraws: the 3rd (kecamatan 03, first in line) moves up.
        let res = api.post(app.url(&format!("/api/v1/trainings/participants/{}/withdraw", id_of(&people[1])))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let promoted: Vec<String> = res.json().await.unwrap();
        assert_eq!(promoted, vec![id_of(&people[2])], "{}", app.label);
        // The 1st withdraws: the 4th (kecamatan 01) now fits.
        let res = api.post(app.url(&format!("/api/v1/trainings/participants/{}/withdraw", id_of(&people[0])))).bearer_auth(&token).send().await.unwrap();
        let promoted: Vec<String> = res.json().await.unwrap();
        assert_eq!(promoted, vec![id_of(&people[3])], "{}", app.label);
        let res = api.post(app.url(&format!("/api/v1/trainings/participants/{}/withdraw", id_of(&people[0])))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), 409, "withdrawn once");

        // A second batch of the same competency warns about the participant who attended.
        let page = s.op.get(app.url(&format!("/pelatihan/angkatan/{}", s.batch))).send().await.unwrap().text().await.unwrap();
        let program = page.split("href=\"/pelatihan/program/").nth(1).unwrap().split('"').next().unwrap().to_string();
        let csrf = app.csrf(&s.op).await;
        let res = s.op.post(app.url(&format!("/pelatihan/program/{program}/angkatan/baru")))
            .form(&[("_csrf", csrf.as_str()), ("nama", "Angkatan II"), ("tempat", "Aula Kecamatan"), ("kuota", "10"), ("tanggal_mulai", "10/03/2021"), ("tanggal_selesai", "12/03/2021")])
            .send().await.unwrap();
        let b2 = res.headers()["location"].to_str().unwrap().trim_start_matches("/pelatihan/angkatan/").split('?').next().unwrap().to_string();
        let res = api.post(app.url(&format!("/api/v1/trainings/{b2}/participants"))).bearer_auth(&token).json(&serde_json::json!({"owner_id": people[2].id})).send().await.unwrap();
        let v: serde_json::Value = res.json().await.unwrap();
        assert!(v["peringatan"].as_str().unwrap().contains("kompetensi yang sama dalam 24 bulan"), "{v}");
        let res = api.post(app.url(&format!("/api/v1/trainings/{b2}/participants"))).bearer_auth(&token).json(&serde_json::json!({"owner_id": people[0].id})).send().await.unwrap();
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["peringatan"], "", "a withdrawn participant did not attend");
    }
}

/// The grid form as the browser posts it: every tick, plus scores.
fn grid_form(csrf: &str, page: &str, skip: Option<&str>) -> Vec<(String, String)> {
    let mut form = vec![("_csrf".to_string(), csrf.to_string())];
    for part in page.split("name=\"h\" value=\"").skip(1) {
        let v = part.split('"').next().unwrap().to_string();
        if skip.is_some_and(|s| v.starts_with(s)) {
            continue;
        }
        form.push(("h".into(), v));
    }
    for part in page.split("name=\"post:").skip(1) {
        let id = part.split('"').next().unwrap();
        form.push((format!("post:{id}"), "80".into()));
        form.push((format!("pre:{id}"), "55".into()));
    }
    form
}

#[tokio::test]
async fn grid_of_115_by_3_saves_in_one_post_then_certificates_verify_and_revoke() {
    for app in spawn_apps().await {
        let s = setup(&app, "115", "").await;
        owners_in_bontang(&app.db, 115, 0).await;
        let token = app.token("op.bontang").await;
        let res = client().post(app.url(&format!("/api/v1/trainings/{}/participants/bulk", s.batch))).bearer_auth(&token).json(&serde_json::json!({"jenis": "calon"})).send().await.unwrap();
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!((v["peserta"].as_i64(), v["cadangan"].as_i64()), (Some(115), Some(0)), "{v}");

        let grid_url = app.url(&format!("/pelatihan/angkatan/{}/kehadiran", s.batch));
        let page = s.op.get(&grid_url).send().await.unwrap().text().await.unwrap();
        assert_eq!(page.matches("type=\"checkbox\" name=\"h\"").count(), 345, "{}", app.label);
        let csrf = app.csrf(&s.op).await;
        // Everyone attends all three days except one participant who misses one day.
        let first = page.split("name=\"h\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let res = s.op.post(&grid_url).form(&grid_form(&csrf, &page, Some(&first))).send().await.unwrap();
        assert_eq!(res.status(), 303, "one POST saves the whole grid ({})", app.label);
        let n: i64 = berdaya_store::on_db!(&app.db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM training_attendance").fetch_one(p).await).unwrap();
        assert_eq!(n, 344);
        let detail = s.op.get(app.url(&format!("/pelatihan/angkatan/{}", s.batch))).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains("id=\"n-selesai\">114<"), "2 of 3 days (66 %) is below 75 %: {}", app.label);
        // A score out of range is refused and nothing changes.
        let mut bad = grid_form(&csrf, &page, None);
        if let Some(x) = bad.iter_mut().find(|(k, _)| k.starts_with("post:")) {
            x.1 = "150".into();
        }
        let res = s.op.post(&grid_url).form(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Nilai harus 0–100."));
        let n: i64 = berdaya_store::on_db!(&app.db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM training_attendance").fetch_one(p).await).unwrap();
        assert_eq!(n, 344, "refused grid left the saved one alone");

        // The agency's kop and signatory, as on aid documents (`letterhead`; a certificate
        // prints no address line): the batch names no signatory, so the agency's own signs,
        // with rank and NIP.
        let agency_id: Uuid = berdaya_store::on_db!(&app.db, |p| sqlx::query_scalar("SELECT id FROM agencies WHERE region = '64.74'").fetch_one(p).await).unwrap();
        let signer = berdaya_web::services::letterhead::SignerInput {
            penandatangan_nama: "Drs. Bambang Sutrisno, M.Si".into(),
            penandatangan_jabatan: "Kepala Dinas".into(),
            penandatangan_pangkat: "Pembina Tk. I (IV/b)".into(),
            penandatangan_nip: "197001011990031005".into(),
            ..Default::default()
        };
        berdaya_web::services::letterhead::save_signer(&app.db, &berdaya_web::services::Actor::cli(), agency_id, &signer).await.unwrap();

        // Certificates for the 114 who completed, as a job.
        let res = s.op.post(app.url(&format!("/pelatihan/angkatan/{}/sertifikat", s.batch))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let job = finished_job(&app, &s.op, res.headers()["location"].to_str().unwrap()).await;
        assert_eq!(job["status"], "done", "{job}");
        assert_eq!(job["result"]["issued"], 114, "{job}");
        // The job's download: a ZIP with one PDF per certificate.
        let file = s.op.get(app.url(&format!("/berkas/{}", job["result"]["download_file_id"].as_str().unwrap()))).send().await.unwrap();
        assert_eq!(file.status(), 200);
        let bytes = file.bytes().await.unwrap().to_vec();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), 114);
        let first = zip.by_index(0).unwrap();
        let name = first.name().unwrap().to_string();
        assert!(name.starts_with("0001-peserta-uji-"), "{name}");
        assert!(first.size() > 1000);
        let mut pdf = Vec::new();
        std::io::Read::read_to_end(&mut { first }, &mut pdf).unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text: String = doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
        for want in ["PEMERINTAHKOTABONTANG", "DINASKOPERASI,UKMDANPERDAGANGANKOTABONTANG", "Drs.BambangSutrisno,M.Si", "NIP.197001011990031005", "PembinaTk.I(IV/b)", "Bontang,29Juli2020"] {
            assert!(text.contains(want), "{}: {want} missing from the certificate: {text}", app.label);
        }
        let detail = s.op.get(app.url(&format!("/pelatihan/angkatan/{}", s.batch))).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains("0001/SERT-PLT/") && detail.contains("0114/SERT-PLT/") && !detail.contains("0115/SERT-PLT/"));
        let url = detail.split("class=\"verify\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        // Public: no session cookie.
        let anon = client();
        let res = anon.get(app.url(&url)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("Sertifikat sah") && page.contains("Pelatihan Manajemen Mutu Produksi") && page.contains("29 Juli 2020"), "{page}");
        assert!(!page.contains("6474"), "no NIK on the public page");
        // Running the job again issues nothing twice.
        let res = s.op.post(app.url(&format!("/pelatihan/angkatan/{}/sertifikat", s.batch))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        let job = finished_job(&app, &s.op, res.headers()["location"].to_str().unwrap()).await;
        assert_eq!((job["result"]["issued"].as_i64(), job["result"]["existing"].as_i64()), (Some(0), Some(114)), "{job}");
        // Revocation needs a reason, is audited, and shows on the public page.
        let cert = detail.split("/pelatihan/sertifikat/").nth(1).unwrap().split('/').next().unwrap().to_string();
        let res = s.op.post(app.url(&format!("/pelatihan/sertifikat/{cert}/cabut"))).form(&[("_csrf", csrf.as_str()), ("alasan", "")]).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let res = s.op.post(app.url(&format!("/pelatihan/sertifikat/{cert}/cabut"))).form(&[("_csrf", csrf.as_str()), ("alasan", "Peserta ternyata tidak hadir")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let page = anon.get(app.url(&url)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Sertifikat telah dicabut"), "{page}");
        let audited: i64 = berdaya_store::on_db!(&app.db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'revoke' AND entity_type = 'training_certificate'").fetch_one(p).await).unwrap();
        assert_eq!(audited, 1);
        let res = anon.get(app.url("/sertifikat/ABCDEFGHJKLMNPQR")).send().await.unwrap();
        assert_eq!(res.status(), 404);
        assert!(res.text().await.unwrap().contains("Sertifikat tidak dikenal"));
        let res = anon.get(app.url("/sertifikat/x'--")).send().await.unwrap();
        assert_eq!(res.status(), 404);
    }
}

#[tokio::test]
async fn another_city_can_neither_see_nor_change_the_batch() {
    for app in spawn_apps().await {
        let s = setup(&app, "10", "").await;
        let people = owners_in_bontang(&app.db, 1, 0).await;
        let other = app.login("op.tangsel").await;
        let csrf = app.csrf(&other).await;
        let base = format!("/pelatihan/angkatan/{}", s.batch);
        assert_eq!(other.get(app.url(&base)).send().await.unwrap().status(), 404);
        assert_eq!(other.get(app.url(&format!("{base}/kehadiran"))).send().await.unwrap().status(), 404);
        assert_eq!(other.post(app.url(&format!("{base}/kehadiran"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap().status(), 404);
        assert_eq!(other.post(app.url(&format!("{base}/peserta"))).form(&[("_csrf", csrf.as_str()), ("owner_id", &people[0].id.to_string())]).send().await.unwrap().status(), 404);
        assert_eq!(other.post(app.url(&format!("{base}/biaya"))).form(&[("_csrf", csrf.as_str()), ("tanggal", "01/08/2020"), ("uraian", "x"), ("jumlah", "1000")]).send().await.unwrap().status(), 404);
        assert!(!other.get(app.url("/pelatihan")).send().await.unwrap().text().await.unwrap().contains("Angkatan I"));
        let token = app.token("op.tangsel").await;
        let api = client();
        assert_eq!(api.get(app.url(&format!("/api/v1/trainings/{}", s.batch))).bearer_auth(&token).send().await.unwrap().status(), 404);
        let list: Vec<serde_json::Value> = api.get(app.url("/api/v1/trainings")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert!(list.is_empty());
        let res = api.put(app.url(&format!("/api/v1/trainings/{}/attendance", s.batch))).bearer_auth(&token).json(&serde_json::json!({"present": [], "scores": []})).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let res = api.post(app.url(&format!("/api/v1/trainings/{}/participants", s.batch))).bearer_auth(&token).json(&serde_json::json!({"owner_id": people[0].id})).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let n: i64 = berdaya_store::on_db!(&app.db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM training_participants").fetch_one(p).await).unwrap();
        assert_eq!(n, 0);
    }
}

#[tokio::test]
async fn follow_ups_feed_the_registry_evaluation_and_reports_render() {
    for app in spawn_apps().await {
        let s = setup(&app, "10", "").await;
        let token = app.token("op.bontang").await;
        let api = client();
        // One existing business owner (through the registry API) and one calon wirausaha.
        let res = api
            .post(app.url("/api/v1/owners"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"owner": {"nik": "6474014501900001", "nama": "Cipu Artanika", "jenis_kelamin": "P", "tanggal_lahir": "05/01/1990", "kode_wilayah": "64.74.01.1001"},
                "business": {"nama_usaha": "Keripik Bawis Cipu", "kbli": "10794", "omzet": "3 juta", "periode_omzet": "bulan", "tk_p": "1"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
        let cipu: serde_json::Value = api.get(app.url("/api/v1/owners?q=cipu")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let cipu = Uuid::parse_str(cipu[0]["id"].as_str().unwrap()).unwrap();
        let calon = owners_in_bontang(&app.db, 1, 50).await.remove(0);
        for o in [cipu, calon.id] {
            let res = api.post(app.url(&format!("/api/v1/trainings/{}/participants", s.batch))).bearer_auth(&token).json(&serde_json::json!({"owner_id": o})).send().await.unwrap();
            assert_eq!(res.status(), 201);
        }
        let t: serde_json::Value = api.get(app.url(&format!("/api/v1/trainings/{}", s.batch))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let people: Vec<serde_json::Value> = api.get(app.url(&format!("/api/v1/trainings/{}/participants", s.batch))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let mut present = Vec::new();
        for sesi in t["sesi"].as_array().unwrap() {
            for p in &people {
                present.push(serde_json::json!([sesi["id"], p["id"]]));
            }
        }
        let res = api.put(app.url(&format!("/api/v1/trainings/{}/attendance", s.batch))).bearer_auth(&token).json(&serde_json::json!({"present": present, "scores": []})).send().await.unwrap();
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["completed"], 2, "{v}");
        let pid = |o: Uuid| people.iter().find(|p| p["owner_id"] == o.to_string()).unwrap()["id"].as_str().unwrap().to_string();

        // The batch ended in 2020: every follow-up (3, 6, 12 months) is due for both.
        let queue = s.op.get(app.url("/pelatihan/tindak-lanjut")).send().await.unwrap().text().await.unwrap();
        assert_eq!(queue.matches("/tindak-lanjut?bulan=").count(), 6, "{queue}");
        let csrf = app.csrf(&s.op).await;
        let url = |o: Uuid| app.url(&format!("/pelatihan/peserta/{}/tindak-lanjut", pid(o)));
        let res = s.op.post(url(calon.id)).form(&[("_csrf", csrf.as_str()), ("bulan", "3"), ("mulai_usaha", "true")]).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Tulis nama usaha yang dimulai."));
        let res = s.op.post(url(calon.id))
            .form(&[("_csrf", csrf.as_str()), ("bulan", "3"), ("mulai_usaha", "true"), ("nama_usaha", "Es Krim Tepian"), ("omzet_bulanan", "2 juta"), ("tk_l", "1"), ("capaian", "nib"), ("capaian", "qris")])
            .send().await.unwrap();
        assert_eq!(res.status(), 303);
        let started = berdaya_store::businesses::for_owner(&app.db, calon.id).await.unwrap();
        assert_eq!(started.len(), 1, "the started business is in the registry");
        assert_eq!(started[0].omzet_tahunan, Some(24_000_000));
        let cipu_biz = berdaya_store::businesses::for_owner(&app.db, cipu).await.unwrap().remove(0);
        let before = berdaya_store::businesses::snapshots(&app.db, cipu_biz.id).await.unwrap().len();
        let res = s.op.post(url(cipu)).form(&[("_csrf", csrf.as_str()), ("bulan", "6"), ("omzet_bulanan", "Rp 10.000.000"), ("tk_p", "3"), ("capaian", "halal")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let snaps = berdaya_store::businesses::snapshots(&app.db, cipu_biz.id).await.unwrap();
        assert_eq!(snaps.len(), before + 1, "{}", app.label);
        assert!(snaps.iter().any(|x| x.sumber == "tindak_lanjut_6_bulan" && x.omzet_tahunan == Some(120_000_000) && x.tk_p == Some(3)));
        let now = berdaya_store::businesses::get(&app.db, &berdaya_core::Scope::National, cipu_biz.id).await.unwrap();
        assert_eq!((now.omzet_tahunan, now.tk_p, now.version), (Some(120_000_000), Some(3), cipu_biz.version + 1), "the business's current figures are the reported ones");
        assert_eq!(now.nama_usaha, cipu_biz.nama_usaha);
        let res = s.op.post(url(cipu)).form(&[("_csrf", csrf.as_str()), ("bulan", "6")]).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("sudah dicatat"));
        let queue = s.op.get(app.url("/pelatihan/tindak-lanjut")).send().await.unwrap().text().await.unwrap();
        assert_eq!(queue.matches("/tindak-lanjut?bulan=").count(), 4);

        // A business filed in another kab/kota (Samarinda, by the province) is not Bontang's to
        // change: the 12-month follow-up is recorded, the business row and its snapshots stay.
        let mut moved = now.clone();
        moved.region = "64.72.01.1001".into();
        moved.kabkota = "64.72".into();
        let mut tx = app.db.begin().await.unwrap();
        berdaya_store::businesses::update(&mut tx, &now, &moved).await.unwrap();
        tx.commit().await.unwrap();
        let moved = berdaya_store::businesses::get(&app.db, &berdaya_core::Scope::National, cipu_biz.id).await.unwrap();
        assert_eq!(moved.region, "64.72.01.1001");
        let snaps_before = berdaya_store::businesses::snapshots(&app.db, cipu_biz.id).await.unwrap().len();
        let res = s.op.post(url(cipu)).form(&[("_csrf", csrf.as_str()), ("bulan", "12"), ("omzet_bulanan", "Rp 50.000.000"), ("tk_p", "9")]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        let after = berdaya_store::businesses::get(&app.db, &berdaya_core::Scope::National, cipu_biz.id).await.unwrap();
        assert_eq!((after.omzet_tahunan, after.tk_p, after.version), (moved.omzet_tahunan, moved.tk_p, moved.version), "{}: another region's business is not changed", app.label);
        assert_eq!(berdaya_store::businesses::snapshots(&app.db, cipu_biz.id).await.unwrap().len(), snaps_before);
        let queue = s.op.get(app.url("/pelatihan/tindak-lanjut")).send().await.unwrap().text().await.unwrap();
        assert_eq!(queue.matches("/tindak-lanjut?bulan=").count(), 3, "the follow-up itself is recorded");

        // Satisfaction form.
        let eval = app.url(&format!("/pelatihan/peserta/{}/evaluasi", pid(cipu)));
        let res = s.op.post(&eval).form(&[("_csrf", csrf.as_str()), ("skor_materi", "6"), ("skor_narasumber", "4"), ("skor_tempat", "5")]).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Pilih nilai 1–5."));
        let res = s.op.post(&eval).form(&[("_csrf", csrf.as_str()), ("skor_materi", "5"), ("skor_narasumber", "4"), ("skor_tempat", "5"), ("saran", "Tambah praktik")]).send().await.unwrap();
        assert_eq!(res.status(), 303);

        // Reports: page with SVG bars, XLSX, PDF.
        let base = app.url(&format!("/pelatihan/angkatan/{}/laporan", s.batch));
        let page = s.op.get(&base).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<svg") && page.contains("Tingkat kehadiran") && page.contains("100,0 %") && page.contains("perempuan"), "{page}");
        assert!(page.contains("25–34") && page.contains("C — "), "the started business counts in its sector: {page}");
        let x = s.op.get(format!("{base}?format=xlsx")).send().await.unwrap().bytes().await.unwrap();
        assert!(x.starts_with(b"PK"));
        let p = s.op.get(format!("{base}?format=pdf")).send().await.unwrap().bytes().await.unwrap();
        assert!(p.starts_with(b"%PDF"));
    }
}

#[tokio::test]
async fn a_participant_list_is_imported_through_the_registry_importer() {
    for app in spawn_apps().await {
        let s = setup(&app, "2", "").await;
        let known = owners_in_bontang(&app.db, 1, 70).await.remove(0);
        let csrf = app.csrf(&s.op).await;
        let csv = format!(
            "DAFTAR PESERTA PELATIHAN\n\nNo;NIK KTP;Nama Peserta;L/P;Kel./Desa;No. HP/WA\n\
             1;6474015505900001;Siti Aminah;P;Bontang Baru;0812-3456-7890\n\
             2;{};{};L;Bontang Baru;\n\
             3;6474021202850003;Budi Santoso;L;Berbas Tengah;+62 813 1111 2222\n\
             4;12345;Tanpa NIK Benar;L;Bontang Baru;\n",
            known.nik, known.nama
        );
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part("berkas", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("peserta.csv"));
        let res = s.op.post(app.url(&format!("/pelatihan/angkatan/{}/peserta/impor", s.batch))).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", app.label);
        let page = res.text().await.unwrap();
        assert!(page.contains("4 baris, 2 orang baru didaftarkan ke registri, 2 peserta, 1 cadangan"), "{page}");
        assert!(page.contains("Baris ") && page.contains("NIK"), "the bad row is named: {page}");
        let n: i64 = berdaya_store::on_db!(&app.db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM owner_nik WHERE nik IN ('6474015505900001', '6474021202850003')").fetch_one(p).await).unwrap();
        assert_eq!(n, 2, "unknown people became registry owners");
        // The batch page's registry search finds them by a phone written as people write it.
        for q in ["0813-1111-2222", "6281311112222", "+62 813 1111 2222"] {
            let page = s.op.get(app.url(&format!("/pelatihan/angkatan/{}?cari={}", s.batch, q.replace('+', "%2B").replace(' ', "+")))).send().await.unwrap().text().await.unwrap();
            let found = page.split("id=\"hasil-cari\"").nth(1).and_then(|t| t.split("</table>").next()).unwrap_or("");
            assert!(found.contains("Budi Santoso"), "{}: {q}", app.label);
        }
    }
}
