//! The aid module through its pages and API on SQLite and PostgreSQL: program with rules,
//! exclusion lists, applications and documents, the screening job with reasons and BPK
//! categories, review, survey, maker-checker approval, transfer and bank result, budget,
//! scope. Plus: no double payment when approvals race, BAST and handover for goods.

#[path = "aid_cases/mod.rs"]
mod aid_cases;

use crate::aid_support::*;
use berdaya_core::{Role, Scope};
use berdaya_store::aid::applications as apps;
use berdaya_store::aid::batches;
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::owners;
use berdaya_web::services::aid::approval::{self, DecisionInput};
use berdaya_web::error::ServiceError;
use crate::common::*;
use reqwest::multipart::{Form, Part};

fn program_form(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_csrf", csrf.to_string()),
        ("nama", "Stimulus Modal UMKM".into()),
        ("jenis", "stimulus_modal".into()),
        ("sumber_dana", "APBD Kabupaten/Kota".into()),
        ("tahun", "2026".into()),
        ("pagu", "Rp 5.000.000.000".into()),
        ("nilai_per_penerima", "5 juta".into()),
        ("kuota", "100".into()),
        ("dok_ktp", "on".into()),
        ("r_domisili", "nik".into()),
        ("r_nik_valid", "on".into()),
        ("r_skala_mikro", "on".into()),
        ("r_daftar_asn", "on".into()),
        ("r_daftar_kur", "on".into()),
        ("r_daftar_meninggal", "on".into()),
        ("r_dokumen", "on".into()),
    ]
}

async fn upload(c: &reqwest::Client, url: String, csrf: &str, fields: &[(&str, &str)], file_field: &str, name: &str, data: Vec<u8>) -> reqwest::Response {
    let mut form = Form::new().text("_csrf", csrf.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part(file_field.to_string(), Part::bytes(data).file_name(name.to_string()));
    c.post(url).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn program_screening_survey_approval_and_payment() {
    for app in spawn_apps().await {
        let l = app.label;
        let a = app.agency("Dinas Koperasi dan UKM Kota Bontang", "64.74").await;
        let op_id = app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        app.user(a, "surveyor.bontang", "surveyor").await;
        let t = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(t, "op.tangsel", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;

        // The program form: errors per field in Bahasa, nothing written; then saved.
        let mut bad = program_form(&csrf);
        bad.retain(|(k, _)| *k != "pagu");
        let res = op.post(app.url("/bantuan/baru")).form(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422, "{l}");
        assert!(res.text().await.unwrap().contains("Wajib diisi."));
        let res = op.post(app.url("/bantuan/baru")).form(&program_form(&csrf)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let pid = id_from_location(&res, "/bantuan/");
        let page = op.get(app.url(&format!("/bantuan/{pid}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("menurut NIK") && page.contains("debitur KUR"), "rules read in Bahasa");

        // Exclusion lists, versioned.
        let asn = "NIK,Nama\n6474010101850002,Budi Santoso\n".as_bytes().to_vec();
        let res = upload(&op, app.url("/bantuan/pengecualian"), &csrf, &[("jenis", "asn"), ("versi", "BKN Oktober 2026")], "berkas", "asn.csv", asn).await;
        assert_eq!(res.status(), 303, "{l}: {}", res.text().await.unwrap());
        let dead = "NIK,Nama,Tanggal Lahir\n6474019999990009,Dewi Lestari,03/03/1975\n".as_bytes().to_vec();
        upload(&op, app.url("/bantuan/pengecualian"), &csrf, &[("jenis", "meninggal"), ("versi", "Dukcapil 2026")], "berkas", "mati.csv", dead).await;
        let res = upload(&op, app.url("/bantuan/pengecualian"), &csrf, &[("jenis", "kur"), ("versi", "")], "berkas", "kur.csv", b"NIK\n1\n".to_vec()).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("label versi"));

        // Applicants registered in the registry; applications entered by NIK.
        let opa = actor(op_id, "op.bontang", Role::Operator, "64.74");
        owner(&app.db, &opa, "6474015505900001", "Siti Aminah", "15/05/1990", "P", "150 juta", "081200000001").await;
        owner(&app.db, &opa, "6474010101850002", "Budi Santoso", "01/01/1985", "L", "200 juta", "081200000002").await;
        owner(&app.db, &opa, "6474014202800003", "Ani Rahayu", "02/02/1980", "P", "Rp 4.000.000.000", "081200000003").await;
        owner(&app.db, &opa, "6474014303750004", "Dewi Lestari", "03/03/1975", "P", "90 juta", "081200000004").await;
        let mut ids = std::collections::HashMap::new();
        for nik in ["6474015505900001", "6474010101850002", "6474014202800003", "6474014303750004"] {
            let res = op
                .post(app.url(&format!("/bantuan/{pid}/permohonan/baru")))
                .form(&[("_csrf", csrf.as_str()), ("nik", nik), ("bank", "BRI"), ("no_rekening", "0012-0100-0123456")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 303, "{l} {nik}");
            ids.insert(nik, id_from_location(&res, "/bantuan/permohonan/"));
        }
        // A second application for the same NIK is refused.
        let res = op.post(app.url(&format!("/bantuan/{pid}/permohonan/baru"))).form(&[("_csrf", csrf.as_str()), ("nik", "6474015505900001")]).send().await.unwrap();
        assert_eq!(res.status(), 409);
        assert!(res.text().await.unwrap().contains("sudah mengajukan"));
        // A new person goes through the registry (NIK rules apply) and becomes an applicant.
        let new_person = [
            ("_csrf", csrf.as_str()),
            ("nik", "3674011010900005"),
            ("nama", "Andi Wijaya"),
            ("jenis_kelamin", "L"),
            ("tanggal_lahir", "10/10/1990"),
            ("kode_wilayah", "Bontang Baru"),
            ("nama_usaha", "Warung Andi"),
            ("omzet", "10 juta"),
        ];
        let res = op.post(app.url(&format!("/bantuan/{pid}/permohonan/baru"))).form(&new_person).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let andi = id_from_location(&res, "/bantuan/permohonan/");
        assert!(owners::owner_for_nik(&app.db, "3674011010900005").await.unwrap().is_some(), "registered in the registry");

        // Documents: wrong type refused; images re-encoded without their metadata.
        let res = upload(&op, app.url(&format!("/bantuan/permohonan/{}/dokumen", ids["6474015505900001"])), &csrf, &[("jenis", "ktp")], "berkas", "ktp.png", b"MZ\x90\x00\x03this is not an image".to_vec()).await;
        assert_eq!(res.status(), 400, "{l}");
        assert!(res.text().await.unwrap().contains("Jenis berkas tidak diterima"));
        let original = jpeg_with_exif("GPS-SECRET-LOCATION");
        assert!(contains(&original, b"GPS-SECRET-LOCATION"));
        for nik in ["6474015505900001", "6474010101850002", "6474014202800003", "6474014303750004"] {
            let res = upload(&op, app.url(&format!("/bantuan/permohonan/{}/dokumen", ids[nik])), &csrf, &[("jenis", "ktp")], "berkas", "ktp.jpg", original.clone()).await;
            assert_eq!(res.status(), 303, "{l}");
        }
        let doc = apps::documents(&app.db, ids["6474015505900001"]).await.unwrap().remove(0);
        let stored = op.get(app.url(&format!("/berkas/{}", doc.file_id))).send().await.unwrap().bytes().await.unwrap();
        assert!(stored.starts_with(&[0xFF, 0xD8]), "still a JPEG");
        assert!(!contains(&stored, b"GPS-SECRET-LOCATION") && !contains(&stored, b"Exif"), "metadata stripped");

        // Dry run, then the screening job: decisions with every rule's result and reasons.
        let dry = op.get(app.url(&format!("/bantuan/{pid}/simulasi"))).send().await.unwrap().text().await.unwrap();
        assert!(dry.contains("id=\"sim-layak\">1<") && dry.contains("Rp 5.000.000"), "{l}");
        let res = op.post(app.url(&format!("/bantuan/{pid}/skrining"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        let job = id_from_location(&res, "/tugas/");
        let result = wait_job(&app.db, job).await;
        assert_eq!(result["screened"], 5);
        let get = |id| apps::get(&app.db, &Scope::National, id);
        let siti = get(ids["6474015505900001"]).await.unwrap();
        assert_eq!(siti.keputusan, "layak", "{l}: {}", siti.hasil_aturan);
        let results: Vec<serde_json::Value> = serde_json::from_str(&siti.hasil_aturan).unwrap();
        assert_eq!(results.len(), 6, "one result per rule block");
        let budi = get(ids["6474010101850002"]).await.unwrap();
        assert_eq!((budi.keputusan.as_str(), budi.kategori.as_str()), ("tidak_layak", "asn_tni_polri_bumn_bumd"));
        assert!(budi.alasan.contains("ASN") && budi.alasan.contains("BKN Oktober 2026"), "{}", budi.alasan);
        let ani = get(ids["6474014202800003"]).await.unwrap();
        assert_eq!(ani.kategori, "bukan_usaha_mikro", "{}", ani.alasan);
        let dewi = get(ids["6474014303750004"]).await.unwrap();
        assert_eq!(dewi.keputusan, "perlu_ditinjau", "a name match on the deceased list is reviewed, not rejected");
        let andi_app = get(andi).await.unwrap();
        assert_eq!(andi_app.keputusan, "tidak_layak");
        assert_eq!(andi_app.kategori, "domisili,dokumen", "{}", andi_app.alasan);
        let page = op.get(app.url(&format!("/bantuan/{pid}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("ASN/TNI/Polri/BUMN/BUMD") && page.contains("Bukan usaha mikro"), "summary by BPK category");

        // Review with a note (audited).
        let url = app.url(&format!("/bantuan/permohonan/{}/tinjau", dewi.id));
        assert_eq!(op.post(&url).form(&[("_csrf", csrf.as_str()), ("keputusan", "layak"), ("catatan", "")]).send().await.unwrap().status(), 400);
        let res = op.post(&url).form(&[("_csrf", csrf.as_str()), ("keputusan", "layak"), ("catatan", "Dicek ke Disdukcapil: masih hidup")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("resolve_review".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(rows.len(), 1);

        // Survey: assigned by kecamatan, recorded by the surveyor with photo and GPS.
        let surveyor = berdaya_store::users::get_by_username(&app.db, "surveyor.bontang").await.unwrap().unwrap();
        let res = op.post(app.url(&format!("/bantuan/{pid}/survei/tugaskan"))).form(&[("_csrf", csrf.as_str()), ("kecamatan", "64.74.01"), ("surveyor", &surveyor.id.to_string())]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let sv = app.login("surveyor.bontang").await;
        let scsrf = app.csrf(&sv).await;
        let tasks = sv.get(app.url("/bantuan/survei")).send().await.unwrap().text().await.unwrap();
        assert_eq!(tasks.matches("/survei\">").count(), 2, "{l}: Siti and Dewi");
        let form = Form::new().text("_csrf", scsrf.clone()).text("usaha_ada", "ya");
        let res = sv.post(app.url(&format!("/bantuan/permohonan/{}/survei", siti.id))).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Unggah foto tempat usaha"));
        for id in [siti.id, dewi.id] {
            let fields = [("usaha_ada", "ya"), ("lat", "0.1333"), ("lon", "117.5012"), ("catatan", "Usaha berjalan")];
            let res = upload(&sv, app.url(&format!("/bantuan/permohonan/{id}/survei")), &scsrf, &fields, "foto", "usaha.jpg", original.clone()).await;
            assert_eq!(res.status(), 303, "{l}");
        }
        assert_eq!(get(siti.id).await.unwrap().survei_status, "terverifikasi");

        // Maker-checker: the operator proposes; cannot decide; the proposer can never decide.
        let res = op.post(app.url(&format!("/bantuan/{pid}/usulan"))).form(&[("_csrf", csrf.as_str()), ("catatan", "Tahap 1")]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let bid = id_from_location(&res, "/bantuan/usulan/");
        let decision = [("_csrf", csrf.as_str()), ("keputusan", "setujui"), ("sk_nomor", "500/123/DKUKM/2026"), ("sk_tanggal", "24/11/2026")];
        assert_eq!(op.post(app.url(&format!("/bantuan/usulan/{bid}/putuskan"))).form(&decision).send().await.unwrap().status(), 403);
        let same_person = actor(op_id, "op.bontang", Role::Pimpinan, "64.74");
        let input = DecisionInput { keputusan: "setujui".into(), sk_nomor: "X".into(), sk_tanggal: "24/11/2026".into(), catatan: String::new() };
        match approval::decide(&app.db, &same_person, bid, &input).await {
            Err(ServiceError::Conflict(m)) => assert!(m.contains("maker-checker"), "{m}"),
            other => panic!("{l}: the proposer decided: {other:?}"),
        }
        let pim = app.login("pimpinan.bontang").await;
        let pcsrf = app.csrf(&pim).await;
        let res = pim.post(app.url(&format!("/bantuan/usulan/{bid}/putuskan"))).form(&[("_csrf", pcsrf.as_str()), ("keputusan", "setujui")]).send().await.unwrap();
        assert_eq!(res.status(), 422, "SK number and date are required");
        let html = res.text().await.unwrap();
        assert!(html.contains("Isi nomor SK penetapan") && html.contains("Isi tanggal SK."), "field by field");
        let decision = [("_csrf", pcsrf.as_str()), ("keputusan", "setujui"), ("sk_nomor", "500/123/DKUKM/2026"), ("sk_tanggal", "24/11/2026")];
        assert_eq!(pim.post(app.url(&format!("/bantuan/usulan/{bid}/putuskan"))).form(&decision).send().await.unwrap().status(), 303);
        let pdf = pim.get(app.url(&format!("/bantuan/usulan/{bid}/penerima.pdf"))).send().await.unwrap().bytes().await.unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{l}");
        let xlsx = pim.get(app.url(&format!("/bantuan/usulan/{bid}/penerima.xlsx"))).send().await.unwrap().bytes().await.unwrap();
        assert!(xlsx.starts_with(b"PK"));

        // Cash: transfer file, bank result, retry of the failed one; budget follows.
        let csv = op.post(app.url(&format!("/bantuan/{pid}/transfer"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap().text().await.unwrap();
        assert!(csv.starts_with("nama,nik,bank,no_rekening,jumlah,referensi"), "{csv}");
        assert!(csv.contains("6474015505900001") && csv.contains("001201000123456") && csv.contains("5000000"), "{csv}");
        let recips = batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap();
        assert_eq!(recips.len(), 2);
        let r_siti = recips.iter().find(|r| r.nik == "6474015505900001").unwrap();
        let r_dewi = recips.iter().find(|r| r.nik == "6474014303750004").unwrap();
        let bank = format!("Referensi,Status,Keterangan\n{},BERHASIL,\n{},gagal,rekening tidak aktif\nXYZ,berhasil,\n", r_siti.referensi, r_dewi.referensi);
        let res = upload(&op, app.url(&format!("/bantuan/{pid}/hasil-bank")), &csrf, &[], "berkas", "hasil.csv", bank.into_bytes()).await;
        assert_eq!(res.status(), 200, "{l}");
        assert!(res.text().await.unwrap().contains("XYZ"), "unknown references are listed");
        op.post(app.url(&format!("/bantuan/{pid}/ulangi"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        let after = batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap();
        let dewi_r = after.iter().find(|r| r.nik == "6474014303750004").unwrap();
        assert_eq!((dewi_r.status.as_str(), dewi_r.percobaan), ("menunggu", 1));
        let budget = op.get(app.url("/bantuan/anggaran")).send().await.unwrap().text().await.unwrap();
        assert!(budget.contains("id=\"serapan-total\">0,1%<") && budget.contains("<svg"), "{l}");

        // Another city sees nothing and changes nothing, in pages and API.
        let other = app.login("op.tangsel").await;
        let ocsrf = app.csrf(&other).await;
        assert_eq!(other.get(app.url(&format!("/bantuan/{pid}"))).send().await.unwrap().status(), 404);
        assert_eq!(other.get(app.url(&format!("/bantuan/permohonan/{}", siti.id))).send().await.unwrap().status(), 404);
        assert_eq!(other.get(app.url(&format!("/bantuan/usulan/{bid}"))).send().await.unwrap().status(), 404);
        let res = other.post(app.url(&format!("/bantuan/{pid}/permohonan/baru"))).form(&[("_csrf", ocsrf.as_str()), ("nik", "6474015505900001")]).send().await.unwrap();
        assert_eq!(res.status(), 404);
        assert!(!other.get(app.url("/bantuan")).send().await.unwrap().text().await.unwrap().contains("Stimulus Modal UMKM"));
        let tok = app.token("op.tangsel").await;
        let api = client();
        assert_eq!(api.get(app.url(&format!("/api/v1/aid-programs/{pid}"))).bearer_auth(&tok).send().await.unwrap().status(), 404);
        assert_eq!(api.get(app.url(&format!("/api/v1/aid-programs/{pid}/applications"))).bearer_auth(&tok).send().await.unwrap().status(), 404);
        let list: Vec<serde_json::Value> = api.get(app.url("/api/v1/aid-programs")).bearer_auth(&tok).send().await.unwrap().json().await.unwrap();
        assert!(list.is_empty());
        let mine = app.token("pimpinan.bontang").await;
        let rows: Vec<serde_json::Value> = api.get(app.url(&format!("/api/v1/aid-programs/{pid}/applications"))).bearer_auth(&mine).send().await.unwrap().json().await.unwrap();
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r["nik"].as_str().unwrap().contains("**")), "masked for pimpinan");
    }
}

/// A program with `n` applicants already eligible and verified, proposed as one batch.
async fn proposed_batch(app: &TestApp, jenis: &str, n: usize) -> (uuid::Uuid, uuid::Uuid, berdaya_web::services::Actor) {
    let a = app.agency("Dinas Koperasi dan UKM Kota Bontang", "64.74").await;
    let op_id = app.user(a, "op.bontang", "operator").await;
    let opa = actor(op_id, "op.bontang", Role::Operator, "64.74");
    let mut input = berdaya_web::services::aid::ProgramInput {
        nama: "Program uji".into(),
        jenis: jenis.into(),
        sumber_dana: "APBN".into(),
        tahun: "2026".into(),
        pagu: "100 juta".into(),
        nilai_per_penerima: "1 juta".into(),
        kuota: "50".into(),
        ..Default::default()
    };
    if jenis == "barang" {
        input.barang = vec![berdaya_web::services::aid::Item { nama: "Mesin jahit".into(), satuan: "unit".into(), jumlah: 1 }];
    }
    let p = berdaya_web::services::aid::create_program(&app.db, &opa, &input).await.unwrap();
    for i in 0..n {
        let nik = format!("64740155059{:05}", i + 1);
        let id = owner(&app.db, &opa, &nik, &format!("Penerima {i}"), "15/05/1990", "P", "100 juta", &format!("0812000100{i:02}")).await;
        let input = berdaya_web::services::aid::applications::ApplicationInput { owner_id: Some(id), ..Default::default() };
        berdaya_web::services::aid::applications::create(&app.db, &opa, p.id, &input).await.unwrap();
    }
    berdaya_web::services::aid::screening::screen_now(&app.db, &opa, p.id, |_, _| {}).await.unwrap();
    for a in apps::list(&app.db, &Scope::National, p.id, &Default::default(), 100).await.unwrap() {
        assert_eq!(a.keputusan, "layak", "{}", a.alasan);
        let mut tx = app.db.begin().await.unwrap();
        let s = apps::Survey { usaha_ada: true, lat: None, lon: None, catatan: "ada".into(), foto: None };
        apps::record_survey(&mut tx, a.id, &s).await.unwrap();
        tx.commit().await.unwrap();
    }
    let b = approval::propose(&app.db, &opa, p.id, "").await.unwrap();
    assert_eq!(b.jumlah as usize, n);
    (p.id, b.id, opa)
}

#[tokio::test]
async fn racing_approvals_never_pay_a_nik_twice() {
    for app in spawn_apps().await {
        let (pid, bid, _) = proposed_batch(&app, "tunai", 6).await;
        let a = app.agency("Dinas Koperasi Kota Bontang (2)", "64.74").await;
        let p1 = app.user(a, "pimpinan.satu", "pimpinan").await;
        let p2 = app.user(a, "pimpinan.dua", "pimpinan").await;
        let input = DecisionInput { keputusan: "setujui".into(), sk_nomor: "500/1/2026".into(), sk_tanggal: "24/11/2026".into(), catatan: String::new() };
        let (a1, a2) = (actor(p1, "pimpinan.satu", Role::Pimpinan, "64.74"), actor(p2, "pimpinan.dua", Role::Pimpinan, "64.74"));
        for _round in 0..3 {
            let (x, y) = tokio::join!(approval::decide(&app.db, &a1, bid, &input), approval::decide(&app.db, &a2, bid, &input));
            let ok = [x.is_ok(), y.is_ok()].iter().filter(|o| **o).count();
            assert!(ok <= 1, "{}: two approvals of one batch both succeeded", app.label);
            for r in [x, y] {
                if let Err(e) = r {
                    assert!(matches!(e, ServiceError::Conflict(_)), "{}: {e:?}", app.label);
                }
            }
        }
        let recips = batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap();
        assert_eq!(recips.len(), 6, "{}", app.label);
        let mut niks: Vec<&str> = recips.iter().map(|r| r.nik.as_str()).collect();
        niks.sort_unstable();
        niks.dedup();
        assert_eq!(niks.len(), 6, "each NIK once");
        let b = batches::get(&app.db, &Scope::National, bid).await.unwrap();
        assert_eq!(b.status, "disetujui");
    }
}

#[tokio::test]
async fn goods_get_a_bast_and_a_handover_photo() {
    for app in spawn_apps().await {
        let (pid, bid, opa) = proposed_batch(&app, "barang", 2).await;
        let a = app.agency("Pimpinan Bontang", "64.74").await;
        let pim = app.user(a, "pimpinan.bontang", "pimpinan").await;
        let input = DecisionInput { keputusan: "setujui".into(), sk_nomor: "500/2/2026".into(), sk_tanggal: "24/11/2026".into(), catatan: String::new() };
        approval::decide(&app.db, &actor(pim, "pimpinan.bontang", Role::Pimpinan, "64.74"), bid, &input).await.unwrap();
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let pdf = op.get(app.url(&format!("/bantuan/usulan/{bid}/bast.pdf"))).send().await.unwrap();
        assert_eq!(pdf.status(), 200, "{}", app.label);
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
        let r = batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap().remove(0);
        let one = op.get(app.url(&format!("/bantuan/usulan/{bid}/bast.pdf?penerima={}", r.id))).send().await.unwrap();
        assert!(one.bytes().await.unwrap().starts_with(b"%PDF"));
        // Goods are not transferred.
        assert!(berdaya_web::services::aid::disburse::transfer_file(&app.db, &opa, pid).await.is_err());
        let res = upload(&op, app.url(&format!("/bantuan/penerima/{}/serah", r.id)), &csrf, &[("usulan", &bid.to_string())], "foto", "serah.jpg", jpeg_with_exif("X")).await;
        assert_eq!(res.status(), 303, "{}", app.label);
        let after = batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap();
        let done = after.iter().find(|x| x.id == r.id).unwrap();
        assert_eq!(done.status, "diserahkan");
        assert!(done.foto_serah_id.is_some());
        let res = upload(&op, app.url(&format!("/bantuan/penerima/{}/serah", r.id)), &csrf, &[], "foto", "serah.jpg", jpeg_with_exif("X")).await;
        assert_eq!(res.status(), 409, "handed over once");
        let budget = berdaya_web::services::aid::budget::summary(&app.db, &Scope::National, Some(2026)).await.unwrap();
        assert_eq!((budget.total.committed, budget.total.realised), (2_000_000, 1_000_000));
    }
}
