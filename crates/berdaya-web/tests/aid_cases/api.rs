//! The JSON API: create a program with its rule JSON (numbers or texts), refusals with
//! messages in Bahasa (bad rule JSON, a body that is not JSON, missing fields), applications
//! through the API, the dry-run numbers, and the rules read with region names.

use crate::aid_support::*;
use crate::common::*;
use berdaya_core::Role;

#[tokio::test]
async fn api_creates_a_program_refuses_bad_json_in_bahasa_and_dry_runs() {
    for app in spawn_apps().await {
        let l = app.label;
        let a = app.agency("Dinas Koperasi dan UKM Kota Bontang", "64.74").await;
        let op_id = app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let tok = app.token("op.bontang").await;
        let api = client();
        let url = app.url("/api/v1/aid-programs");
        let rules = serde_json::json!({"version": 1, "blocks": [
            {"type": "domicile", "regions": ["64.74"], "basis": "nik"},
            {"type": "nik_valid"},
            {"type": "scale", "allowed": ["mikro"]},
            {"type": "not_excluded", "lists": ["asn", "kur"]}
        ]});
        let good = serde_json::json!({
            "nama": "Stimulus Modal UMKM 2026", "jenis": "stimulus_modal", "sumber_dana": "APBD Kabupaten/Kota",
            "tahun": 2026, "pagu": 5000000000i64, "nilai_per_penerima": "Rp 5.000.000", "kuota": 100,
            "dokumen_wajib": ["ktp"], "aturan": rules
        });

        // A rule of an unknown type: 422, the problem in Bahasa, nothing written.
        let mut bad = good.clone();
        bad["aturan"] = serde_json::json!({"version": 1, "blocks": [{"type": "terbang"}, {"type": "age", "min_years": 60, "max_years": 17}]});
        let res = api.post(&url).bearer_auth(&tok).json(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422, "{l}");
        let body: serde_json::Value = res.json().await.unwrap();
        let item = body["errors"].as_array().unwrap().iter().find(|e| e["field"] == "aturan").cloned().unwrap();
        assert!(item["detail"].as_str().unwrap().contains("tidak dikenal"), "{l}: {body}");
        // Missing and wrong fields, each with its message.
        let res = api.post(&url).bearer_auth(&tok).json(&serde_json::json!({"nama": "", "jenis": "hibah", "pagu": "lima"})).send().await.unwrap();
        assert_eq!(res.status(), 422, "{l}");
        let body: serde_json::Value = res.json().await.unwrap();
        let detail = |f: &str| body["errors"].as_array().unwrap().iter().find(|e| e["field"] == f).map(|e| e["detail"].as_str().unwrap().to_string()).unwrap_or_default();
        assert_eq!(detail("nama"), "Nama program wajib diisi.", "{l}: {body}");
        assert_eq!(detail("jenis"), "Pilih jenis bantuan.");
        assert!(!detail("pagu").is_empty() && !detail("kuota").is_empty() && !detail("sumber_dana").is_empty(), "{body}");
        // A body that is not JSON, and one of the wrong shape.
        let res = api.post(&url).bearer_auth(&tok).header("content-type", "application/json").body("{\"nama\": ").send().await.unwrap();
        assert_eq!(res.status(), 422, "{l}");
        assert!(res.text().await.unwrap().contains("bukan JSON yang sah"));
        let res = api.post(&url).bearer_auth(&tok).json(&serde_json::json!({"nama": ["a"]})).send().await.unwrap();
        assert_eq!(res.status(), 422, "{l}");
        assert!(res.text().await.unwrap().contains("tidak sesuai bentuk"));
        let list: Vec<serde_json::Value> = api.get(&url).bearer_auth(&tok).send().await.unwrap().json().await.unwrap();
        assert!(list.is_empty(), "{l}: nothing was written");

        // Created; the rules come back read in Bahasa with the region's name.
        let res = api.post(&url).bearer_auth(&tok).json(&good).send().await.unwrap();
        assert_eq!(res.status(), 201, "{l}");
        let p: serde_json::Value = res.json().await.unwrap();
        assert_eq!((p["pagu"].as_i64(), p["nilai_per_penerima"].as_i64(), p["kuota"].as_i64()), (Some(5_000_000_000), Some(5_000_000), Some(100)));
        let teks = p["aturan_teks"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect::<Vec<_>>().join(" | ");
        assert!(teks.contains("Kota Bontang") && !teks.contains("64.74"), "{l}: {teks}");
        assert!(teks.contains("debitur KUR"), "{teks}");
        let pid = p["id"].as_str().unwrap().to_string();
        let op = app.login("op.bontang").await;
        let page = op.get(app.url(&format!("/bantuan/{pid}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"wilayah-sasaran\">Kota Bontang (64.74)<") && !page.contains("wilayah 64.74"), "{l}: the page names the region too");

        // Applications through the API, then the dry run: numbers and cost against the budget.
        let opa = actor(op_id, "op.bontang", Role::Operator, "64.74");
        owner(&app.db, &opa, "6474015505900001", "Siti Aminah", "15/05/1990", "P", "150 juta", "081200000001").await;
        owner(&app.db, &opa, "6474010101850002", "Budi Santoso", "01/01/1985", "L", "200 juta", "081200000002").await;
        owner(&app.db, &opa, "6474014202800003", "Ani Rahayu", "02/02/1980", "P", "Rp 4.000.000.000", "081200000003").await;
        let apps_url = app.url(&format!("/api/v1/aid-programs/{pid}/applications"));
        for nik in ["6474015505900001", "6474010101850002", "6474014202800003"] {
            let res = api.post(&apps_url).bearer_auth(&tok).json(&serde_json::json!({"nik": nik, "bank": "BRI", "no_rekening": "001201000123456"})).send().await.unwrap();
            assert_eq!(res.status(), 201, "{l} {nik}");
        }
        let res = api.post(&apps_url).bearer_auth(&tok).json(&serde_json::json!({"nik": "6474015505900001"})).send().await.unwrap();
        assert_eq!(res.status(), 409, "{l}: one application per NIK");
        let res = api.post(&apps_url).bearer_auth(&tok).body("nik=1").send().await.unwrap();
        assert_eq!(res.status(), 422, "{l}");
        let dry: serde_json::Value = api.get(app.url(&format!("/api/v1/aid-programs/{pid}/dry-run"))).bearer_auth(&tok).send().await.unwrap().json().await.unwrap();
        assert_eq!((dry["total"].as_i64(), dry["layak"].as_i64(), dry["tidak_layak"].as_i64(), dry["perlu_ditinjau"].as_i64()), (Some(3), Some(2), Some(1), Some(0)), "{l}: {dry}");
        assert_eq!((dry["biaya"].as_i64(), dry["sisa_anggaran"].as_i64(), dry["cukup"].as_bool()), (Some(10_000_000), Some(5_000_000_000), Some(true)), "{l}");
        assert_eq!(dry["kategori"]["bukan_usaha_mikro"].as_i64(), Some(1), "{l}: {dry}");
        // Nothing was stored by the dry run.
        let rows: Vec<serde_json::Value> = api.get(&apps_url).bearer_auth(&tok).send().await.unwrap().json().await.unwrap();
        assert!(rows.iter().all(|r| r["keputusan"] != "layak" && r["keputusan"] != "tidak_layak"), "{l}: {rows:?}");
        // Screening through the API is a job.
        let res = api.post(app.url(&format!("/api/v1/aid-programs/{pid}/screening"))).bearer_auth(&tok).send().await.unwrap();
        assert_eq!(res.status(), 202, "{l}");
        let job: serde_json::Value = res.json().await.unwrap();
        let done = wait_job(&app.db, job["job_id"].as_str().unwrap().parse().unwrap()).await;
        assert_eq!(done["screened"], 3, "{l}");
    }
}
