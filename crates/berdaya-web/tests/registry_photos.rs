//! e-KTP photo and business photos: cleaned of metadata, e-KTP only for roles that see
//! personal data (every view audited), business photos added and removed with audit rows.

use crate::aid_support::{actor, contains, jpeg_with_exif, owner};
use berdaya_core::{Role, Scope};
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::{business_photos, businesses, owners};
use crate::common::*;
use reqwest::multipart::{Form, Part};

async fn upload(c: &reqwest::Client, url: String, csrf: &str, fields: &[(&str, &str)], file_field: &str, name: &str, data: Vec<u8>) -> reqwest::Response {
    let mut form = Form::new().text("_csrf", csrf.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part(file_field.to_string(), Part::bytes(data).file_name(name.to_string()));
    c.post(url).multipart(form).send().await.unwrap()
}

async fn audit_count(db: &berdaya_store::Db, action: &str) -> usize {
    audit::list(db, &Scope::National, &AuditFilter { action: Some(action.into()), ..Default::default() }, 100).await.unwrap().len()
}

#[tokio::test]
async fn ektp_and_business_photos() {
    for app in spawn_apps().await {
        let l = app.label;
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        let op_id = app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let t = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(t, "op.tangsel", "operator").await;
        let svc_actor = actor(op_id, "op.bontang", Role::Operator, "64.74");
        let oid = owner(&app.db, &svc_actor, "6474015505900001", "Siti Aminah", "15/05/1990", "P", "100 juta", "0812-3456-7890").await;
        let bid = businesses::for_owner(&app.db, oid).await.unwrap()[0].id;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let detail = format!("/registri/pelaku/{oid}");

        // The owner edit form carries the e-KTP upload.
        let edit = op.get(app.url(&format!("{detail}/ubah"))).send().await.unwrap().text().await.unwrap();
        assert!(edit.contains(&format!("action=\"{detail}/ektp\"")), "{l}");
        // Not an image: refused with the reason, nothing attached.
        let res = upload(&op, app.url(&format!("{detail}/ektp")), &csrf, &[], "ektp", "ktp.jpg", b"MZ\x90\x00 not an image".to_vec()).await;
        assert_eq!(res.status(), 400, "{l}");
        assert!(res.text().await.unwrap().contains("Jenis berkas tidak diterima"), "{l}");
        assert!(owners::get(&app.db, &Scope::National, oid).await.unwrap().ektp_file_id.is_none());
        let page = op.get(app.url(&detail)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("belum ada"), "{l}");

        // A JPEG with EXIF: stored re-encoded, the metadata gone; the view is audited.
        let original = jpeg_with_exif("GPS-SECRET-LOCATION");
        let res = upload(&op, app.url(&format!("{detail}/ektp")), &csrf, &[], "ektp", "ktp.jpg", original).await;
        assert_eq!(res.status(), 303, "{l}");
        let o = owners::get(&app.db, &Scope::National, oid).await.unwrap();
        let file_id = o.ektp_file_id.expect("e-KTP attached");
        assert_eq!(audit_count(&app.db, "upload_ektp").await, 1, "{l}");
        let page = op.get(app.url(&detail)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("{detail}/ektp?unduh=1")), "{l}");
        assert_eq!(audit_count(&app.db, "view_ektp").await, 0, "showing the page is not viewing the photo");
        let res = op.get(app.url(&format!("{detail}/ektp?unduh=1"))).send().await.unwrap();
        assert_eq!(res.status(), 200, "{l}");
        assert_eq!(res.headers()["cache-control"], "no-store");
        assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        let stored = res.bytes().await.unwrap();
        assert!(stored.starts_with(&[0xFF, 0xD8]), "still a JPEG");
        assert!(!contains(&stored, b"GPS-SECRET-LOCATION") && !contains(&stored, b"Exif"), "metadata stripped");
        op.get(app.url(&format!("{detail}/ektp"))).send().await.unwrap();
        assert_eq!(audit_count(&app.db, "view_ektp").await, 2, "every view audited ({l})");
        // The general file route does not serve it around the audit.
        assert_eq!(op.get(app.url(&format!("/berkas/{file_id}"))).send().await.unwrap().status(), 404, "{l}");
        // Replaced: the new photo is the owner's, the old one is still not served there.
        let res = upload(&op, app.url(&format!("{detail}/ektp")), &csrf, &[], "ektp", "ktp2.jpg", jpeg_with_exif("SECOND")).await;
        assert_eq!(res.status(), 303, "{l}");
        let replaced = owners::get(&app.db, &Scope::National, oid).await.unwrap().ektp_file_id.unwrap();
        assert_ne!(replaced, file_id, "{l}");
        for f in [file_id, replaced] {
            assert_eq!(op.get(app.url(&format!("/berkas/{f}"))).send().await.unwrap().status(), 404, "{l}: {f}");
        }

        // A role without personal data sees "tersimpan" and gets no photo; another city gets nothing.
        let pim = app.login("pimpinan.bontang").await;
        let page = pim.get(app.url(&detail)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(">tersimpan<") && !page.contains("/ektp?unduh=1"), "{l}");
        assert_eq!(pim.get(app.url(&format!("{detail}/ektp"))).send().await.unwrap().status(), 403, "{l}");
        let tangsel = app.login("op.tangsel").await;
        assert_eq!(tangsel.get(app.url(&format!("{detail}/ektp"))).send().await.unwrap().status(), 404, "{l}");
        assert_eq!(audit_count(&app.db, "view_ektp").await, 2, "refused views leave no photo and no view row");
        assert_eq!(audit_count(&app.db, "download").await, 0, "{l}");

        // Business photos: two added (cleaned), shown in the gallery, one deleted; all audited.
        for (name, caption) in [("produk.jpg", "Amplang kemasan 250 g"), ("tempat.png", "Tempat produksi")] {
            let data = jpeg_with_exif("PHONE-MODEL-X");
            let res = upload(&op, app.url(&format!("/registri/usaha/{bid}/foto")), &csrf, &[("keterangan", caption)], "foto", name, data).await;
            assert_eq!(res.status(), 303, "{l}");
        }
        let long = "x".repeat(201);
        let res = upload(&op, app.url(&format!("/registri/usaha/{bid}/foto")), &csrf, &[("keterangan", &long)], "foto", "a.jpg", jpeg_with_exif("Y")).await;
        assert_eq!(res.status(), 400, "{l}");
        assert!(res.text().await.unwrap().contains("Keterangan paling banyak 200 karakter."));
        let photos = business_photos::for_business(&app.db, bid).await.unwrap();
        assert_eq!(photos.len(), 2, "{l}");
        let page = pim.get(app.url(&detail)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("/registri/foto/{}", photos[0].id)) && page.contains("Amplang kemasan 250 g"), "{l}");
        let img = pim.get(app.url(&format!("/registri/foto/{}", photos[0].id))).send().await.unwrap();
        assert_eq!(img.status(), 200, "{l}");
        let bytes = img.bytes().await.unwrap();
        assert!(!contains(&bytes, b"PHONE-MODEL-X"), "{l}");
        assert_eq!(tangsel.get(app.url(&format!("/registri/foto/{}", photos[0].id))).send().await.unwrap().status(), 404, "{l}");
        // Deleting: a role that may not write is refused, the operator may.
        let del = format!("/registri/foto/{}/hapus", photos[0].id);
        let pim_csrf = app.csrf(&pim).await;
        assert_eq!(pim.post(app.url(&del)).form(&[("_csrf", pim_csrf.as_str())]).send().await.unwrap().status(), 403, "{l}");
        let res = op.post(app.url(&del)).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        assert_eq!(business_photos::for_business(&app.db, bid).await.unwrap().len(), 1, "{l}");
        assert_eq!(audit_count(&app.db, "add_business_photo").await, 2, "{l}");
        assert_eq!(audit_count(&app.db, "delete_business_photo").await, 1, "{l}");
    }
}

#[tokio::test]
async fn ektp_on_the_create_form_is_saved_with_the_owner_or_nothing_is() {
    for app in spawn_apps().await {
        let l = app.label;
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let creates = audit_count(&app.db, "create").await;
        let page = op.get(app.url("/registri/baru")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("enctype=\"multipart/form-data\"") && page.contains("name=\"ektp\""), "{l}: the create form takes the photo");
        let scope = Scope::National;
        let fields = |nik: &'static str| {
            vec![("nik", nik), ("nama", "Rina Wulandari"), ("jenis_kelamin", "P"), ("tanggal_lahir", "12/03/1991"), ("alamat", "Jl. Pupuk Raya 3"), ("kode_wilayah", "64.74.01.1002"), ("no_hp", "0813 5555 1212")]
        };

        // Not an image and a bad NIK: both reported at their fields, nothing written.
        let mut bad = fields("123");
        bad.push(("nama_usaha", ""));
        let res = upload(&op, app.url("/registri/baru"), &csrf, &bad, "ektp", "ktp.jpg", b"%PDF-1.4 not a photo".to_vec()).await;
        assert_eq!(res.status(), 422, "{l}");
        let html = res.text().await.unwrap();
        assert!(html.contains("NIK harus 16 digit") && html.contains("Pilih foto (JPEG, PNG, atau WebP)."), "{l}: {html}");
        assert!(html.contains("value=\"Rina Wulandari\""), "{l}: the typed fields come back");
        // Valid fields, broken image: still nothing written.
        let res = upload(&op, app.url("/registri/baru"), &csrf, &fields("6474015203910002"), "ektp", "ktp.png", b"\x89PNG\r\n\x1a\n broken".to_vec()).await;
        assert_eq!(res.status(), 422, "{l}");
        let html = res.text().await.unwrap();
        assert!(html.contains("Gambar tidak dapat dibaca.") || html.contains("Gambar rusak"), "{l}: {html}");
        assert_eq!(owners::owner_for_nik(&app.db, "6474015203910002").await.unwrap(), None, "{l}: no owner without the photo");
        assert_eq!(audit_count(&app.db, "create").await, creates, "{l}: nothing audited as created");

        // A good photo: the owner and the cleaned photo in one step, both audited.
        let res = upload(&op, app.url("/registri/baru"), &csrf, &fields("6474015203910002"), "ektp", "ktp.jpg", jpeg_with_exif("GPS-SECRET-LOCATION")).await;
        assert_eq!(res.status(), 303, "{l}");
        let id = owners::owner_for_nik(&app.db, "6474015203910002").await.unwrap().expect("owner created");
        assert!(res.headers()["location"].to_str().unwrap().ends_with(&id.to_string()));
        let o = owners::get(&app.db, &scope, id).await.unwrap();
        assert!(o.ektp_file_id.is_some(), "{l}: photo attached");
        assert_eq!(audit_count(&app.db, "upload_ektp").await, 1, "{l}");
        let stored = op.get(app.url(&format!("/registri/pelaku/{id}/ektp"))).send().await.unwrap().bytes().await.unwrap();
        assert!(stored.starts_with(&[0xFF, 0xD8]) && !contains(&stored, b"GPS-SECRET-LOCATION"), "{l}: cleaned");

        // Without a photo (and urlencoded, as scripts post it) the form works as before.
        let mut form: Vec<(&str, &str)> = fields("6474010101850002")
            .into_iter()
            .map(|(k, v)| match k {
                "nama" => (k, "Budi Santoso"),
                "no_hp" => (k, "0812 1111 2222"),
                "jenis_kelamin" => (k, "L"),
                "tanggal_lahir" => (k, "01/01/1985"),
                _ => (k, v),
            })
            .collect();
        form.push(("_csrf", csrf.as_str()));
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let budi = owners::owner_for_nik(&app.db, "6474010101850002").await.unwrap().expect("created");
        assert!(owners::get(&app.db, &scope, budi).await.unwrap().ektp_file_id.is_none());
    }
}
