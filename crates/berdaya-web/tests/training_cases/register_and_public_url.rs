//! "Register a new person" is one transaction with the add (a person the batch refuses is
//! not left in the registry), and certificate QR codes use the configured public URL.

use super::count;
use crate::common::*;
use crate::training::{owners_in_bontang, setup};

#[tokio::test]
async fn a_new_person_refused_by_the_batch_is_not_registered() {
    for app in spawn_apps().await {
        let s = setup(&app, "10", "").await;
        let csrf = app.csrf(&s.op).await;
        let page = s.op.get(app.url(&format!("/pelatihan/angkatan/{}", s.batch))).send().await.unwrap().text().await.unwrap();
        let program = page.split("href=\"/pelatihan/program/").nth(1).unwrap().split('"').next().unwrap().to_string();
        // A batch for Kecamatan Bontang Utara (64.74.01) only.
        let res = s.op.post(app.url(&format!("/pelatihan/program/{program}/angkatan/baru")))
            .form(&[("_csrf", csrf.as_str()), ("nama", "Angkatan Bontang Utara"), ("tempat", "Aula Kecamatan"), ("kuota", "10"),
                ("tanggal_mulai", "10/08/2020"), ("tanggal_selesai", "11/08/2020"), ("kriteria_wilayah", "64.74.01")])
            .send().await.unwrap();
        assert_eq!(res.status(), 303);
        let b2 = res.headers()["location"].to_str().unwrap().trim_start_matches("/pelatihan/angkatan/").split('?').next().unwrap().to_string();
        let url = app.url(&format!("/pelatihan/angkatan/{b2}/peserta/baru"));
        let person = |nik: &'static str, nama: &'static str, sex: &'static str, desa: &'static str| {
            vec![("_csrf", csrf.clone()), ("nik", nik.into()), ("nama", nama.into()), ("jenis_kelamin", sex.into()), ("kode_wilayah", desa.into())]
        };
        // Lives in Berbas Tengah (Bontang Selatan): valid for the registry, refused by the batch.
        let res = s.op.post(&url).form(&person("6474021202850003", "Budi Santoso", "L", "64.74.02.1002")).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        let page = res.text().await.unwrap();
        assert!(page.contains("tidak memenuhi kriteria angkatan: tinggal di luar wilayah sasaran"), "{page}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM owner_nik WHERE nik = '6474021202850003'").await, 0, "not left registered ({})", app.label);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'owner'").await, 0);
        // Lives in Bontang Baru (Bontang Utara): registered and added together.
        let res = s.op.post(&url).form(&person("6474015505900001", "Siti Aminah", "P", "64.74.01.1002")).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM owner_nik WHERE nik = '6474015505900001'").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM training_participants").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE entity_type IN ('owner', 'training_participant') AND action = 'create'").await, 2);
    }
}

/// Queue certificates for a one-person batch; the job's payload holds the QR base URL.
async fn qr_base(app: &TestApp) -> String {
    let s = setup(app, "10", "").await;
    let people = owners_in_bontang(&app.db, 1, 0).await;
    let token = app.token("op.bontang").await;
    let res = client().post(app.url(&format!("/api/v1/trainings/{}/participants", s.batch))).bearer_auth(&token).json(&serde_json::json!({"owner_id": people[0].id})).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let grid = s.op.get(app.url(&format!("/pelatihan/angkatan/{}/kehadiran", s.batch))).send().await.unwrap().text().await.unwrap();
    let csrf = app.csrf(&s.op).await;
    let mut form = vec![("_csrf".to_string(), csrf.clone())];
    for part in grid.split("name=\"h\" value=\"").skip(1) {
        form.push(("h".into(), part.split('"').next().unwrap().to_string()));
    }
    assert_eq!(s.op.post(app.url(&format!("/pelatihan/angkatan/{}/kehadiran", s.batch))).form(&form).send().await.unwrap().status(), 303);
    let res = s.op.post(app.url(&format!("/pelatihan/angkatan/{}/sertifikat", s.batch))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    let job = finished_job(app, &s.op, res.headers()["location"].to_str().unwrap()).await;
    assert_eq!(job["result"]["issued"], 1, "{job}");
    let payload: String = berdaya_store::on_db!(&app.db, |p| sqlx::query_scalar("SELECT CAST(payload AS TEXT) FROM jobs WHERE kind = 'training.certificates'").fetch_one(p).await).unwrap();
    let v: serde_json::Value = serde_json::from_str(&payload).unwrap();
    v["base_url"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn certificate_qr_codes_use_the_configured_public_url_else_the_host() {
    for app in spawn_apps_with(|c| c.public_url = "https://berdaya.bontangkota.go.id/".into()).await {
        assert_eq!(qr_base(&app).await, "https://berdaya.bontangkota.go.id", "{}", app.label);
    }
    let app = spawn_sqlite().await;
    assert_eq!(qr_base(&app).await, app.base, "the Host header when nothing is configured");
    // A public URL that is not an http(s) address stops the start-up.
    let dir = tempfile::tempdir().unwrap();
    let db = berdaya_store::testing::fresh_sqlite(dir.path()).await.unwrap();
    let config = berdaya_web::config::Config { port: 0, data_dir: dir.path().to_path_buf(), public_url: "berdaya.bontangkota.go.id".into(), ..Default::default() };
    let err = berdaya_web::Application::build(config, db).await.err().expect("refused");
    assert!(err.to_string().contains("public_url"), "{err}");
}
