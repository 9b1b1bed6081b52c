//! The registry through its forms: entry with validation, duplicates, masking and audited
//! reveal, edits and their versions, regions, permits.

use berdaya_core::Scope;
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::owners;
use crate::common::forms::{self, owner_form, versi_of};
use crate::common::*;

#[tokio::test]
async fn register_owner_with_business_then_find_and_mask() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let t = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(t, "op.tangsel", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;

        // Field errors in Bahasa; nothing written.
        let bad = owner_form(&csrf, "6474015505900000", "", "12");
        let res = op.post(app.url("/registri/baru")).form(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        let html = res.text().await.unwrap();
        assert!(html.contains("Nama wajib diisi."), "{}", app.label);
        assert!(html.contains("aria-invalid=\"true\""));
        assert_eq!(owners::count(&app.db, &Scope::National).await.unwrap(), 0);

        let res = op.post(app.url("/registri/baru")).form(&owner_form(&csrf, "6474015505900001", "Siti Aminah", "0812-3456-7890")).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let loc = res.headers()["location"].to_str().unwrap().to_string();
        let id: uuid::Uuid = loc.trim_start_matches("/registri/pelaku/").parse().unwrap();
        let o = owners::get(&app.db, &Scope::National, id).await.unwrap();
        assert_eq!(o.region, "64.74.01.1002", "the desa name was resolved inside the scope");
        assert_eq!(o.no_hp, "+6281234567890");
        let detail = op.get(app.url(&loc)).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains("Amplang Bu Siti"));
        assert!(detail.contains("Rp 150.000.000"), "12.5 juta a month is 150 juta a year");
        assert!(detail.contains("Mikro"));
        assert!(detail.contains("6474**********01"), "masked until revealed");

        // Same NIK again: "sudah terdaftar" with a link, no second record.
        let res = op.post(app.url("/registri/baru")).form(&owner_form(&csrf, "6474015505900001", "Siti A.", "")).send().await.unwrap();
        assert_eq!(res.status(), 409);
        assert!(res.text().await.unwrap().contains(&format!("/registri/pelaku/{id}")));
        assert_eq!(owners::count(&app.db, &Scope::National).await.unwrap(), 1);

        // Probably the same person under another NIK: shown first, saved on "lanjutkan".
        let mut probable = owner_form(&csrf, "6474015505900002", "Siti Aminah", "081234567890");
        let res = op.post(app.url("/registri/baru")).form(&probable).send().await.unwrap();
        assert_eq!(res.status(), 409);
        let html = res.text().await.unwrap();
        assert!(html.contains("Kemungkinan data ganda"));
        assert!(html.contains("nomor HP sama"));
        probable.push(("lanjutkan", "true"));
        let res = op.post(app.url("/registri/baru")).form(&probable).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { entity_type: Some("owner".into()), ..Default::default() }, 10).await.unwrap();
        assert!(rows[0].after_data.as_deref().unwrap().contains("duplikat_diabaikan"), "the decision is recorded");
        // Personal data is masked in the audit log whoever reads it (UU 27/2022).
        let created = rows[0].after_data.as_deref().unwrap();
        for secret in ["+6281234567890", "Jl. Pupuk Raya No. 12", "1990-05-15", "6474015505900002"] {
            assert!(!created.contains(secret), "{secret} in the audit log: {created}");
        }
        assert!(created.contains("+628********90"), "masked, not dropped: {created}");

        // The list: search by name prefix, by phone; filter by scale.
        let list = op.get(app.url("/registri?q=siti")).send().await.unwrap().text().await.unwrap();
        assert_eq!(list.matches("/registri/pelaku/").count(), 2, "{}", app.label);
        let list = op.get(app.url("/registri?q=%2B6281234567890")).send().await.unwrap().text().await.unwrap();
        assert_eq!(list.matches("/registri/pelaku/").count(), 2);
        let list = op.get(app.url("/registri?skala=kecil")).send().await.unwrap().text().await.unwrap();
        assert_eq!(list.matches("/registri/pelaku/").count(), 0);
        let list = op.get(app.url("/registri?skala=mikro")).send().await.unwrap().text().await.unwrap();
        assert_eq!(list.matches("/registri/pelaku/").count(), 2);
        assert!(list.contains("6474015505900001"), "an operator sees full NIK in lists");

        // A pimpinan sees masked data and cannot reveal it.
        let pim = app.login("pimpinan.bontang").await;
        let list = pim.get(app.url("/registri")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("6474**********01") && !list.contains("6474015505900001"));
        let d = pim.get(app.url(&format!("{loc}?lengkap=1"))).send().await.unwrap().text().await.unwrap();
        assert!(!d.contains("6474015505900001"));

        // Revealing is audited.
        let full = op.get(app.url(&format!("{loc}?lengkap=1"))).send().await.unwrap().text().await.unwrap();
        assert!(full.contains("6474015505900001"));
        let views = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("view_personal".into()), ..Default::default() }, 10).await.unwrap();
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].actor_name, "op.bontang");

        // Another city cannot see or change it.
        let other = app.login("op.tangsel").await;
        assert_eq!(other.get(app.url(&loc)).send().await.unwrap().status(), 404);
        let ocsrf = app.csrf(&other).await;
        let mut edit = owner_form(&ocsrf, "6474015505900001", "Diubah", "");
        edit.retain(|(k, _)| *k != "kode_wilayah");
        edit.push(("kode_wilayah", "64.74.01.1001"));
        let res = other.post(app.url(&format!("{loc}/ubah"))).form(&edit).send().await.unwrap();
        assert!(res.status() == 404 || res.status() == 422, "{}", res.status());
        assert_eq!(owners::get(&app.db, &Scope::National, id).await.unwrap().nama, "Siti Aminah");
        let list = other.get(app.url("/registri?q=siti")).send().await.unwrap().text().await.unwrap();
        assert_eq!(list.matches("/registri/pelaku/").count(), 0);
    }
}

#[tokio::test]
async fn editing_turnover_keeps_dated_history() {
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Kota Bontang", "64.74").await;
    app.user(a, "op.bontang", "operator").await;
    let op = app.login("op.bontang").await;
    let csrf = app.csrf(&op).await;
    let res = op.post(app.url("/registri/baru")).form(&owner_form(&csrf, "6474015505900001", "Siti Aminah", "")).send().await.unwrap();
    let loc = res.headers()["location"].to_str().unwrap().to_string();
    let id: uuid::Uuid = loc.trim_start_matches("/registri/pelaku/").parse().unwrap();
    let biz = berdaya_store::businesses::for_owner(&app.db, id).await.unwrap().remove(0);
    let form = [
        ("_csrf", csrf.as_str()),
        ("nama_usaha", "Amplang Bu Siti"),
        ("kbli", "10792"),
        ("modal", "1,5 M"),
        ("omzet", "Rp 4.000.000.000"),
        ("periode_omzet", "tahun"),
        ("tk_p", "6"),
    ];
    let res = op.post(app.url(&format!("/registri/usaha/{}/ubah", biz.id))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let snaps = berdaya_store::businesses::snapshots(&app.db, biz.id).await.unwrap();
    assert_eq!(snaps.len(), 2);
    assert_eq!((snaps[0].skala.as_str(), snaps[1].skala.as_str()), ("mikro", "kecil"), "naik kelas is visible over time");
    let detail = op.get(app.url(&loc)).send().await.unwrap().text().await.unwrap();
    assert!(detail.contains("Kecil"));
    assert!(detail.contains("Riwayat omzet"));
}

#[tokio::test]
async fn business_fields_are_resolved_and_checked() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let count = || async { owners::count(&app.db, &Scope::National).await.unwrap() };

        // Turnover without its period: asked for, not guessed (page and API).
        let mut form = owner_form(&csrf, "6474015505900001", "Siti Aminah", "");
        form.retain(|(k, _)| *k != "periode_omzet");
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        assert!(res.text().await.unwrap().contains("Pilih omzet per bulan atau per tahun."));
        let token = app.token("op.bontang").await;
        let body = serde_json::json!({"owner": {"nik": "6474015505900001", "nama": "Siti Aminah", "kode_wilayah": "64.74.01.1002"},
            "business": {"nama_usaha": "Amplang", "omzet": "10 juta"}});
        let res = reqwest::Client::new().post(app.url("/api/v1/owners")).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        assert!(res.text().await.unwrap().contains("periode_omzet"));

        // Figures typed without a business name are refused, not dropped.
        let mut form = owner_form(&csrf, "6474015505900001", "Siti Aminah", "");
        form.retain(|(k, _)| !matches!(*k, "nama_usaha" | "kbli"));
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        assert!(res.text().await.unwrap().contains("Nama usaha wajib diisi."));
        assert_eq!(count().await, 0, "nothing written");

        // The business's own desa typed by name, or picked from the suggestions.
        let mut form = owner_form(&csrf, "6474015505900001", "Siti Aminah", "");
        form.push(("kode_wilayah_usaha", "Lok Tuan"));
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let id: uuid::Uuid = res.headers()["location"].to_str().unwrap().trim_start_matches("/registri/pelaku/").parse().unwrap();
        let biz = berdaya_store::businesses::for_owner(&app.db, id).await.unwrap().remove(0);
        assert_eq!(biz.region, "64.74.01.1003", "{}", app.label);
        let mut edit: Vec<(&str, &str)> = vec![("_csrf", &csrf), ("nama_usaha", "Amplang Bu Siti"), ("omzet", "12 juta"), ("periode_omzet", "bulan")];
        edit.push(("kode_wilayah_usaha", "64.74.02.1001 — Tanjung Laut, Bontang Selatan"));
        let res = op.post(app.url(&format!("/registri/usaha/{}/ubah", biz.id))).form(&edit).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        assert_eq!(berdaya_store::businesses::for_owner(&app.db, id).await.unwrap()[0].region, "64.74.02.1001");
        edit.pop();
        edit.push(("kode_wilayah_usaha", "Kampung Entah"));
        let res = op.post(app.url(&format!("/registri/usaha/{}/ubah", biz.id))).form(&edit).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("kode_wilayah_usaha-err") && html.contains("tidak ditemukan di wilayah kerja anda"), "{html}");

        // A code no longer in the current Kemendagri list is refused.
        berdaya_store::on_db!(&app.db, |p| sqlx::query("UPDATE regions SET retired_version_id = version_id WHERE kode = '64.74.01.1006'").execute(p).await.map(|r| r.rows_affected())).unwrap();
        edit.pop();
        edit.push(("kode_wilayah_usaha", "64.74.01.1006"));
        let res = op.post(app.url(&format!("/registri/usaha/{}/ubah", biz.id))).form(&edit).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("sudah tidak berlaku"));

        // A KBLI 2025 code is stored with its edition, and an edit keeps the edition.
        let b_url = format!("/registri/usaha/{}/ubah", biz.id);
        let form_page = op.get(app.url(&b_url)).send().await.unwrap().text().await.unwrap();
        let v = versi_of(&form_page);
        let k25 = [("_csrf", csrf.as_str()), ("nama_usaha", "Amplang Bu Siti"), ("kbli", "10792"), ("kbli_versi", "2025"), ("kode_wilayah_usaha", "64.74.02.1001"), ("versi", v.as_str())];
        let res = op.post(app.url(&b_url)).form(&k25).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let stored = berdaya_store::businesses::get(&app.db, &Scope::National, biz.id).await.unwrap();
        assert_eq!((stored.kbli.as_str(), stored.kbli_version), ("10792", Some(2025)), "{}", app.label);
        let form_page = op.get(app.url(&b_url)).send().await.unwrap().text().await.unwrap();
        assert!(form_page.contains("<option value=\"2025\" selected>KBLI 2025</option>"), "the edit form shows the stored edition");
        let bad = [("_csrf", csrf.as_str()), ("nama_usaha", "Amplang Bu Siti"), ("kbli", "10792"), ("kbli_versi", "2019")];
        let res = op.post(app.url(&b_url)).form(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Pilih edisi KBLI 2020 atau 2025."));

        // Birth date, e-mail and disability are masked like the NIK until revealed.
        let mut form = owner_form(&csrf, "6474014303750004", "Rina Wati", "");
        form.extend([("email", "rina.wati@contoh.id"), ("disabilitas", "tuna daksa"), ("tanggal_lahir", "03/03/1975")]);
        form.retain(|(k, v)| *k != "tanggal_lahir" || *v == "03/03/1975");
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let loc = res.headers()["location"].to_str().unwrap().to_string();
        let pim = app.login("pimpinan.bontang").await;
        let page = pim.get(app.url(&loc)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("**-**-1975") && !page.contains("Maret 1975"), "{}", app.label);
        assert!(!page.contains("rina.wati@contoh.id") && !page.contains("tuna daksa"));
        let full = op.get(app.url(&format!("{loc}?lengkap=1"))).send().await.unwrap().text().await.unwrap();
        assert!(full.contains("rina.wati@contoh.id") && full.contains("tuna daksa") && full.contains("Maret 1975"));
    }
}

#[tokio::test]
async fn owner_edits_move_the_nik_and_refuse_stale_forms() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        app.user(a, "op2.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let op2 = app.login("op2.bontang").await;
        let csrf = app.csrf(&op).await;
        let csrf2 = app.csrf(&op2).await;
        let mut ids = Vec::new();
        for (nik, nama) in [("6474015505900001", "Siti Aminah"), ("6474014303750004", "Rina Wati")] {
            let mut form = owner_form(&csrf, nik, nama, "");
            form.push(("lanjutkan", "true"));
            let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
            assert_eq!(res.status(), 303, "{}", app.label);
            ids.push(res.headers()["location"].to_str().unwrap().to_string());
        }
        let siti = &ids[0];
        let id: uuid::Uuid = siti.trim_start_matches("/registri/pelaku/").parse().unwrap();

        // Both operators open the edit form; the first save wins, the second is refused.
        let f1 = op.get(app.url(&format!("{siti}/ubah"))).send().await.unwrap().text().await.unwrap();
        let f2 = op2.get(app.url(&format!("{siti}/ubah"))).send().await.unwrap().text().await.unwrap();
        let (v1, v2) = (versi_of(&f1), versi_of(&f2));
        assert_eq!(v1, "1");
        let mut edit = owner_form(&csrf, "6474015505900001", "Siti Aminah Lestari", "");
        edit.push(("versi", &v1));
        let res = op.post(app.url(&format!("{siti}/ubah"))).form(&edit).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let mut stale = owner_form(&csrf2, "6474015505900001", "Siti A.", "");
        stale.push(("versi", &v2));
        let res = op2.post(app.url(&format!("{siti}/ubah"))).form(&stale).send().await.unwrap();
        assert_eq!(res.status(), 409, "{}", app.label);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"konflik\"") && html.contains("sudah diubah orang lain"), "{html}");
        assert!(html.contains("Siti A."), "what was typed is still on the form");
        let o = owners::get(&app.db, &Scope::National, id).await.unwrap();
        assert_eq!((o.nama.as_str(), o.version), ("Siti Aminah Lestari", 2), "{}", app.label);

        // A NIK taken by another owner of the same agency: refused with a link to that owner.
        let f = op.get(app.url(&format!("{siti}/ubah"))).send().await.unwrap().text().await.unwrap();
        let v = versi_of(&f);
        let mut taken = owner_form(&csrf, "6474014303750004", "Siti Aminah Lestari", "");
        taken.push(("versi", &v));
        let res = op.post(app.url(&format!("{siti}/ubah"))).form(&taken).send().await.unwrap();
        assert_eq!(res.status(), 409, "{}", app.label);
        let html = res.text().await.unwrap();
        assert!(html.contains(&format!("href=\"{}\"", ids[1])) && !html.contains("di wilayah lain"), "{html}");

        // A corrected NIK moves the claim: the old NIK is free for someone else.
        let mut moved = owner_form(&csrf, "6474015505900009", "Siti Aminah Lestari", "");
        moved.push(("versi", &v));
        let res = op.post(app.url(&format!("{siti}/ubah"))).form(&moved).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        assert_eq!(owners::owner_for_nik(&app.db, "6474015505900009").await.unwrap(), Some(id));
        assert_eq!(owners::owner_for_nik(&app.db, "6474015505900001").await.unwrap(), None, "{}", app.label);

        // The same for a business form.
        let biz = berdaya_store::businesses::for_owner(&app.db, id).await.unwrap().remove(0);
        let url = format!("/registri/usaha/{}/ubah", biz.id);
        let bv = versi_of(&op.get(app.url(&url)).send().await.unwrap().text().await.unwrap());
        let save = |c: &str, name: &'static str| {
            vec![("_csrf".to_string(), c.to_string()), ("nama_usaha".into(), name.into()), ("versi".into(), bv.clone())]
        };
        let res = op.post(app.url(&url)).form(&save(&csrf, "Amplang Siti")).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let res = op2.post(app.url(&url)).form(&save(&csrf2, "Amplang Lama")).send().await.unwrap();
        assert_eq!(res.status(), 409, "{}", app.label);
        assert_eq!(berdaya_store::businesses::for_owner(&app.db, id).await.unwrap()[0].nama_usaha, "Amplang Siti");
    }
}

#[tokio::test]
async fn probable_duplicates_by_name_and_birth_date_and_by_business_in_its_desa() {
    use berdaya_web::services::registry;
    use berdaya_web::services::registry::input::{BusinessInput, OwnerInput};
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let actor = forms::operator_of("64.74");
        // 210 women born on 15 May 1990 before the one that matters: more than the pool holds.
        for i in 1..=211 {
            let nik = format!("647401550590{i:04}");
            let nama = if i == 211 { "Siti Aminah".to_string() } else { format!("Warga Contoh {i}") };
            let o = OwnerInput { nik, nama, jenis_kelamin: "P".into(), tanggal_lahir: "15/05/1990".into(), kode_wilayah: "64.74.01.1002".into(), lanjutkan: true, ..Default::default() };
            let b = (i == 211).then(|| BusinessInput {
                nama_usaha: "Amplang Bu Siti".into(),
                kode_wilayah: "64.74.01.1003".into(),
                ..Default::default()
            });
            registry::create_owner(&app.db, &actor, &o, b.as_ref()).await.unwrap();
        }
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        // A similar name with the same birth date, another NIK, no phone: shown.
        let form = owner_form(&csrf, "6474015505909999", "Sity Aminah", "");
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 409, "{}", app.label);
        let html = res.text().await.unwrap();
        assert!(html.contains("nama mirip dan tanggal lahir sama"), "{}: {html}", app.label);
        // The same business name in the business's own desa (not the owner's): shown.
        let mut form = owner_form(&csrf, "6474010101800001", "Bambang Sutrisno", "");
        form.retain(|(k, _)| !matches!(*k, "jenis_kelamin" | "tanggal_lahir"));
        form.extend([("jenis_kelamin", "L"), ("tanggal_lahir", "01/01/1980"), ("kode_wilayah_usaha", "64.74.01.1003")]);
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 409, "{}", app.label);
        let html = res.text().await.unwrap();
        assert!(html.contains("usaha &#34;Amplang Bu Siti&#34; di desa yang sama"), "{}: {html}", app.label);
        // In another desa it is someone else's business of the same name: saved.
        form.retain(|(k, _)| *k != "kode_wilayah_usaha");
        form.push(("kode_wilayah_usaha", "64.74.02.1001"));
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
    }
}

#[tokio::test]
async fn a_record_in_a_retired_region_stays_editable() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let mut form = owner_form(&csrf, "6474015505900001", "Siti Aminah", "");
        form.retain(|(k, _)| *k != "kode_wilayah");
        form.push(("kode_wilayah", "64.74.01.1005"));
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let loc = res.headers()["location"].to_str().unwrap().to_string();
        // A newer Kemendagri list retires the desa.
        berdaya_store::on_db!(&app.db, |p| sqlx::query("UPDATE regions SET retired_version_id = version_id WHERE kode = '64.74.01.1005'").execute(p).await.map(|r| r.rows_affected())).unwrap();
        let v = versi_of(&op.get(app.url(&format!("{loc}/ubah"))).send().await.unwrap().text().await.unwrap());
        let mut edit = owner_form(&csrf, "6474015505900001", "Siti Aminah Lestari", "");
        edit.retain(|(k, _)| *k != "kode_wilayah");
        edit.extend([("kode_wilayah", "64.74.01.1005"), ("versi", v.as_str())]);
        let res = op.post(app.url(&format!("{loc}/ubah"))).form(&edit).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}: the stored region is kept", app.label);
        // Moving another owner there is refused.
        let mut other = owner_form(&csrf, "6474014303750004", "Rina Wati", "");
        other.retain(|(k, _)| *k != "kode_wilayah");
        other.extend([("kode_wilayah", "64.74.01.1005"), ("lanjutkan", "true")]);
        let res = op.post(app.url("/registri/baru")).form(&other).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        assert!(res.text().await.unwrap().contains("sudah tidak berlaku"));
    }
}

#[tokio::test]
async fn coordinates_and_permits() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let mut form = owner_form(&csrf, "6474015505900001", "Siti Aminah", "081234567890");
        form.extend([("lat", "0,1337"), ("lon", "200")]);
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        assert!(res.text().await.unwrap().contains("lon-err"), "a longitude outside Indonesia is refused");
        form.pop();
        form.push(("lon", "117.4985"));
        let res = op.post(app.url("/registri/baru")).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let owner_url = res.headers()["location"].to_str().unwrap().to_string();
        let owner_id: uuid::Uuid = owner_url.trim_start_matches("/registri/pelaku/").parse().unwrap();
        let biz = berdaya_store::businesses::for_owner(&app.db, owner_id).await.unwrap().remove(0);
        assert_eq!((biz.lat, biz.lon), (Some(0.1337), Some(117.4985)));

        let url = app.url(&format!("/registri/usaha/{}/izin", biz.id));
        let bad = [("_csrf", csrf.as_str()), ("jenis", "halal"), ("nomor", ""), ("tanggal_terbit", "12/05/2024"), ("berlaku_sampai", "01/01/2020")];
        let res = op.post(&url).form(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("Nomor izin wajib diisi.") && html.contains("Berlaku sampai harus sesudah tanggal terbit."), "{html}");
        assert!(berdaya_store::businesses::permits(&app.db, biz.id).await.unwrap().is_empty(), "nothing written");
        let good = [("_csrf", csrf.as_str()), ("jenis", "halal"), ("nomor", "ID64110000123450524"), ("tanggal_terbit", "12 Mei 2024"), ("berlaku_sampai", "")];
        let res = op.post(&url).form(&good).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let detail = op.get(app.url(&owner_url)).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains("Sertifikat halal") && detail.contains("ID64110000123450524") && detail.contains("12/05/2024"), "{detail}");
        let list = op.get(app.url("/registri?izin=halal")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("Amplang Bu Siti"), "the permit filter finds it");
        let audit = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("add_permit".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(audit.len(), 1);
        // Another city cannot add a permit to it.
        let t = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(t, "op.tangsel", "operator").await;
        let other = app.login("op.tangsel").await;
        let other_csrf = app.csrf(&other).await;
        let mut g = good;
        g[0] = ("_csrf", other_csrf.as_str());
        assert_eq!(other.post(&url).form(&g).send().await.unwrap().status(), 404);

        // NIB as a permit: read like the NIB field (spaces allowed), stored bare.
        let nib = [("_csrf", csrf.as_str()), ("jenis", "nib"), ("nomor", "9120 0012 3456 7"), ("tanggal_terbit", ""), ("berlaku_sampai", "")];
        assert_eq!(op.post(&url).form(&nib).send().await.unwrap().status(), 303, "{}", app.label);
        let b = berdaya_store::businesses::get(&app.db, &Scope::National, biz.id).await.unwrap();
        assert_eq!(b.nib, "9120001234567", "{}", app.label);
        // Another NIB than the business's own is refused, saying which one it has.
        let other_nib = [("_csrf", csrf.as_str()), ("jenis", "nib"), ("nomor", "9120001234999"), ("tanggal_terbit", ""), ("berlaku_sampai", "")];
        let res = op.post(&url).form(&other_nib).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        assert!(res.text().await.unwrap().contains("NIB usaha ini 9120001234567"));

        // A PIRT recorded by mistake is removed: gone from the permits and the filter, audited.
        let pirt = [("_csrf", csrf.as_str()), ("jenis", "pirt"), ("nomor", "2086474010123-25"), ("tanggal_terbit", ""), ("berlaku_sampai", "")];
        assert_eq!(op.post(&url).form(&pirt).send().await.unwrap().status(), 303);
        let list = op.get(app.url("/registri?izin=pirt")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("Amplang Bu Siti"), "{}", app.label);
        let pirt_id = berdaya_store::businesses::permits(&app.db, biz.id).await.unwrap().into_iter().find(|p| p.jenis == "pirt").unwrap().id;
        let detail = op.get(app.url(&owner_url)).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains(&format!("action=\"/registri/izin/{pirt_id}/hapus\"")), "the owner page offers it");
        let remove = app.url(&format!("/registri/izin/{pirt_id}/hapus"));
        assert_eq!(other.post(&remove).form(&[("_csrf", other_csrf.as_str())]).send().await.unwrap().status(), 404, "another city");
        let res = op.post(&remove).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let left: Vec<String> = berdaya_store::businesses::permits(&app.db, biz.id).await.unwrap().into_iter().map(|p| p.jenis).collect();
        assert_eq!(left, ["halal", "nib"], "{}", app.label);
        let b = berdaya_store::businesses::get(&app.db, &Scope::National, biz.id).await.unwrap();
        assert_eq!(b.izin, ",halal,nib,", "{}", app.label);
        let list = op.get(app.url("/registri?izin=pirt")).send().await.unwrap().text().await.unwrap();
        assert!(!list.contains("Amplang Bu Siti"), "{}: the word index forgot the permit", app.label);
        let list = op.get(app.url("/registri?izin=halal")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("Amplang Bu Siti"));
        let audit = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("remove_permit".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(audit.len(), 1);
        assert!(audit[0].before_data.as_deref().unwrap().contains("2086474010123-25"));

        // Two operators remove the same permit at once: one removal, one "not found", one audit row.
        assert_eq!(op.post(&url).form(&pirt).send().await.unwrap().status(), 303);
        let pirt_id = berdaya_store::businesses::permits(&app.db, biz.id).await.unwrap().into_iter().find(|p| p.jenis == "pirt").unwrap().id;
        let actor = crate::common::forms::operator_of("64.74");
        let (a, b) = tokio::join!(
            berdaya_web::services::registry::permits::remove_permit(&app.db, &actor, pirt_id),
            berdaya_web::services::registry::permits::remove_permit(&app.db, &actor, pirt_id)
        );
        let gone = |r: &Result<_, berdaya_web::error::ServiceError>| matches!(r, Err(berdaya_web::error::ServiceError::NotFound));
        assert!((a.is_ok() && gone(&b)) || (gone(&a) && b.is_ok()), "{}: {a:?} / {b:?}", app.label);
        let audit = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("remove_permit".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(audit.len(), 2, "{}: one audit row per removal", app.label);
        let b = berdaya_store::businesses::get(&app.db, &Scope::National, biz.id).await.unwrap();
        assert_eq!(b.izin, ",halal,nib,", "{}", app.label);
    }
}
