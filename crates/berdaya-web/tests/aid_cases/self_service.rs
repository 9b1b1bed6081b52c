//! Owners applying themselves without an account: the operator opens a program, a person
//! submits data and documents from the public form, gets a tracking code, and follows the
//! screening result; registered NIKs must match the registry; nothing is half-written.

use super::exec;
use crate::aid_support::*;
use crate::common::*;
use berdaya_core::{Role, Scope};
use berdaya_store::aid::applications as apps;
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::owners;
use berdaya_web::services::aid::{self, ProgramInput, screening};
use reqwest::multipart::{Form, Part};

/// Post the public form as an anonymous phone browser.
async fn apply(app: &TestApp, c: &reqwest::Client, program: uuid::Uuid, fields: &[(&str, &str)], docs: &[(&str, &str, Vec<u8>)]) -> reqwest::Response {
    let page = c.get(app.url(&format!("/bantuan/ajukan/{program}"))).send().await.unwrap().text().await.unwrap();
    let mut form = Form::new().text("_csrf", csrf_of(&page));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (kind, name, data) in docs {
        form = form.part(format!("dok_{kind}"), Part::bytes(data.clone()).file_name(name.to_string()));
    }
    c.post(app.url(&format!("/bantuan/ajukan/{program}"))).multipart(form).send().await.unwrap()
}

const RINA: &[(&str, &str)] = &[
    ("nik", "6474015203910002"),
    ("nama", "Rina Wulandari"),
    ("jenis_kelamin", "P"),
    ("tempat_lahir", "Bontang"),
    ("tanggal_lahir", "12/03/1991"),
    ("alamat", "Jl. Pupuk Raya 3"),
    ("kode_wilayah", "64.74.01.1002"),
    ("no_hp", "0813 5555 1212"),
    ("nama_usaha", "Kue Basah Rina"),
    ("produk", "kue basah"),
    ("tahun_berdiri", "2019"),
    ("modal", "5 juta"),
    ("omzet", "4.000.000"),
    ("periode_omzet", "bulan"),
    ("bank", "BRI"),
    ("no_rekening", "0123-4567-8901"),
];

fn with(base: &[(&'static str, &'static str)], changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    base.iter().map(|(k, v)| changes.iter().find(|c| c.0 == *k).copied().unwrap_or((*k, *v))).collect()
}

#[tokio::test]
async fn owners_apply_themselves_and_follow_their_application_by_code() {
    for app in spawn_apps().await {
        let l = app.label;
        let a = app.agency("Dinas Koperasi dan UKM Kota Bontang", "64.74").await;
        let op_id = app.user(a, "op.bontang", "operator").await;
        let opa = actor(op_id, "op.bontang", Role::Operator, "64.74");
        let budi = owner(&app.db, &opa, "6474010101850002", "Budi Santoso", "01/01/1985", "L", "100 juta", "0812-1111-2222").await;
        let input = ProgramInput {
            nama: "Stimulus Modal Usaha Mikro 2026".into(),
            jenis: "tunai".into(),
            sumber_dana: "APBD Kabupaten/Kota".into(),
            tahun: "2026".into(),
            pagu: "100 juta".into(),
            nilai_per_penerima: "1 juta".into(),
            kuota: "50".into(),
            target_region: "64.74".into(),
            dokumen_wajib: vec!["ktp".into(), "foto_usaha".into()],
            aturan: serde_json::json!({"version": 1, "blocks": [{"type": "nik_valid"}, {"type": "domicile", "regions": ["64.74"], "basis": "nik"}, {"type": "documents", "required": ["ktp", "foto_usaha"]}]}),
            ..Default::default()
        };
        let p = aid::create_program(&app.db, &opa, &input).await.unwrap();
        let phone = client();

        // Closed by default: nothing offered, the form is not there.
        let list = phone.get(app.url("/bantuan/ajukan")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("id=\"tidak-ada\""), "{l}");
        assert_eq!(phone.get(app.url(&format!("/bantuan/ajukan/{}", p.id))).send().await.unwrap().status(), 404, "{l}");

        // The operator opens it on the program page (audited).
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let res = op.post(app.url(&format!("/bantuan/{}/mandiri", p.id))).form(&[("_csrf", csrf.as_str()), ("buka", "1")]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let page = op.get(app.url(&format!("/bantuan/{}", p.id))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Tutup pengajuan mandiri") && page.contains(&format!("/bantuan/ajukan/{}", p.id)), "{l}");
        let opened = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("open_self_service".into()), ..Default::default() }, 10).await.unwrap();
        assert_eq!(opened.len(), 1, "{l}");
        let list = phone.get(app.url("/bantuan/ajukan")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("Stimulus Modal Usaha Mikro 2026"), "{l}");
        let form = phone.get(app.url(&format!("/bantuan/ajukan/{}", p.id))).send().await.unwrap().text().await.unwrap();
        assert!(form.contains("Foto e-KTP (wajib)") && form.contains("Nomor rekening") && form.contains("Bontang Baru"), "{l}: required documents, account for cash aid, desa of the program");

        // Bad NIK, no documents, a text file as photo: every problem at its field, nothing written.
        let owners_before = owners::count(&app.db, &Scope::National).await.unwrap();
        let bad = with(RINA, &[("nik", "6474"), ("no_rekening", "12ab")]);
        let res = apply(&app, &phone, p.id, &bad, &[("foto_usaha", "usaha.jpg", b"bukan gambar".to_vec())]).await;
        assert_eq!(res.status(), 422, "{l}");
        let html = res.text().await.unwrap();
        for want in ["NIK harus 16 digit", "Foto e-KTP wajib diunggah.", "Unggah foto (JPEG, PNG, WebP) atau PDF.", "Nomor rekening 6–20 digit angka."] {
            assert!(html.contains(want), "{l}: {want}");
        }
        assert!(html.contains("value=\"Rina Wulandari\""), "{l}: typed fields come back");
        assert!(apps::list(&app.db, &Scope::National, p.id, &Default::default(), 10).await.unwrap().is_empty());
        assert_eq!(owners::count(&app.db, &Scope::National).await.unwrap(), owners_before, "{l}");

        // A new person with both documents: registered, applied, documents cleaned, a code.
        let docs = [("ktp", "ktp.jpg", jpeg_with_exif("GPS-RAHASIA")), ("foto_usaha", "usaha.jpg", jpeg_with_exif("GPS-RAHASIA"))];
        let res = apply(&app, &phone, p.id, RINA, &docs).await;
        assert_eq!(res.status(), 303, "{l}");
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/bantuan/lacak?kode="), "{location}");
        let code = location.split("kode=").nth(1).unwrap().split('&').next().unwrap().to_string();
        let tracking = phone.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(tracking.contains(&code) && tracking.contains("menunggu pemeriksaan syarat") && !tracking.contains("Rina Wulandari") && !tracking.contains("6474015203910002"), "{l}: status without personal data: {tracking}");
        let list = apps::list(&app.db, &Scope::National, p.id, &Default::default(), 10).await.unwrap();
        assert_eq!(list.len(), 1, "{l}");
        let rina = &list[0];
        assert_eq!((rina.sumber.as_str(), rina.no_rekening.as_str(), rina.bank.as_str()), ("mandiri", "012345678901", "BRI"), "{l}");
        assert_eq!(apps::document_kinds(&app.db, p.id).await.unwrap().len(), 2, "{l}");
        let rina_owner = owners::owner_for_nik(&app.db, "6474015203910002").await.unwrap().expect("registered");
        assert_eq!(owners::get(&app.db, &Scope::National, rina_owner).await.unwrap().region, "64.74.01.1002");
        let created = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("create".into()), entity_type: Some("aid_application".into()), ..Default::default() }, 10).await.unwrap();
        assert_eq!(created[0].actor_name, "pengajuan mandiri", "{l}");

        // The same NIK again: refused, pointing at the tracking code.
        let res = apply(&app, &phone, p.id, RINA, &docs).await;
        assert_eq!(res.status(), 422, "{l}");
        assert!(res.text().await.unwrap().contains("sudah mengajukan di program ini"), "{l}");

        // A registered NIK with another name cannot be used (nobody puts their account on
        // another person's aid); with the registry's name and birth date it can.
        let budi_fields = with(RINA, &[("nik", "6474010101850002"), ("nama", "Joko Susilo"), ("jenis_kelamin", "L"), ("tanggal_lahir", "01/01/1985"), ("nama_usaha", "")]);
        let res = apply(&app, &phone, p.id, &budi_fields, &docs).await;
        assert_eq!(res.status(), 422, "{l}");
        assert!(res.text().await.unwrap().contains("sudah terdaftar dengan nama atau tanggal lahir lain"), "{l}");
        let owners_now = owners::count(&app.db, &Scope::National).await.unwrap();
        let budi_fields = with(&budi_fields, &[("nama", "BUDI SANTOSO")]);
        let res = apply(&app, &phone, p.id, &budi_fields, &docs).await;
        assert_eq!(res.status(), 303, "{l}");
        assert_eq!(owners::count(&app.db, &Scope::National).await.unwrap(), owners_now, "{l}: the registered owner is used, not copied");
        let budi_code = res.headers()["location"].to_str().unwrap().split("kode=").nth(1).unwrap().split('&').next().unwrap().to_string();
        let budi_app = apps::list(&app.db, &Scope::National, p.id, &Default::default(), 10).await.unwrap().into_iter().find(|x| x.owner_id == budi).expect("Budi applied");

        // Screening: Budi's record is made a legacy row with an anomalous NIK; the tracking
        // page then says why, for the person to check.
        exec(&app.db, "UPDATE aid_applications SET nik = $1 WHERE id = $2", "6474013302850002", budi_app.id).await;
        screening::screen_now(&app.db, &opa, p.id, |_, _| {}).await.unwrap();
        let t = phone.get(app.url(&format!("/bantuan/lacak?kode={code}"))).send().await.unwrap().text().await.unwrap();
        assert!(t.contains("Memenuhi syarat; menunggu verifikasi lapangan."), "{l}: {t}");
        let t = phone.get(app.url(&format!("/bantuan/lacak?kode={budi_code}"))).send().await.unwrap().text().await.unwrap();
        assert!(t.contains("Tidak memenuhi syarat.") && t.contains("id=\"alasan\""), "{l}: {t}");

        // Unknown codes: not found (and counted against guessing).
        assert_eq!(phone.get(app.url("/bantuan/lacak?kode=ABCDEFGHJK")).send().await.unwrap().status(), 404, "{l}");

        // Closed again: the form is gone, existing codes still work.
        let res = op.post(app.url(&format!("/bantuan/{}/mandiri", p.id))).form(&[("_csrf", csrf.as_str()), ("buka", "0")]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        assert_eq!(phone.get(app.url(&format!("/bantuan/ajukan/{}", p.id))).send().await.unwrap().status(), 404, "{l}");
        assert_eq!(phone.get(app.url(&format!("/bantuan/lacak?kode={code}"))).send().await.unwrap().status(), 200, "{l}");
    }
}
