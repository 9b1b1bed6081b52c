//! The registry through its pages: entry with validation, duplicates, masking, scope, history.

mod common;

use berdaya_core::Scope;
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::owners;
use common::*;

fn owner_form<'a>(csrf: &'a str, nik: &'a str, nama: &'a str, hp: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("nik", nik),
        ("nama", nama),
        ("jenis_kelamin", "P"),
        ("tempat_lahir", "Bontang"),
        ("tanggal_lahir", "15/05/1990"),
        ("alamat", "Jl. Pupuk Raya No. 12"),
        ("kode_wilayah", "Bontang Baru"),
        ("no_hp", hp),
        ("nama_usaha", "Amplang Bu Siti"),
        ("kbli", "10792"),
        ("modal", "Rp 15.000.000"),
        ("omzet", "12,5 juta"),
        ("periode_omzet", "bulan"),
        ("tk_p", "2"),
        ("kanal_qris", "true"),
    ]
}

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

fn versi_of(form: &str) -> String {
    form.split("name=\"versi\" value=\"").nth(1).and_then(|r| r.split('"').next()).expect("the edit form carries the version").to_string()
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
    use berdaya_web::services::{Actor, registry};
    use berdaya_web::services::registry::input::{BusinessInput, OwnerInput};
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let actor = Actor {
            user_id: None,
            username: "uji".into(),
            role: berdaya_core::Role::Operator,
            scope: Scope::Region(berdaya_core::KodeWilayah::parse("64.74").unwrap()),
            request_id: String::new(),
            ip: String::new(),
        };
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
async fn calon_wirausaha_are_listed_and_found() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let t = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(t, "op.tangsel", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let res = op.post(app.url("/registri/baru")).form(&owner_form(&csrf, "6474015505900001", "Siti Aminah", "")).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let biz_fields = ["nama_usaha", "kbli", "modal", "omzet", "periode_omzet", "tk_p", "kanal_qris"];
        let mut trainee = owner_form(&csrf, "6474014303750004", "Rina Wati", "0812-7777-0001");
        trainee.retain(|(k, _)| !biz_fields.contains(k));
        let res = op.post(app.url("/registri/baru")).form(&trainee).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        let rina = res.headers()["location"].to_str().unwrap().to_string();

        let list = op.get(app.url("/registri?calon=1")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains(&rina) && list.contains("Rina Wati") && !list.contains("Siti Aminah"), "{}", app.label);
        assert!(list.contains("6474014303750004"), "the operator sees the full NIK");
        for q in ["rina", "6474014303750004", "081277770001", "+62 812-7777-0001"] {
            let found = op.get(app.url(&format!("/registri?calon=1&q={}", urlencoding(q)))).send().await.unwrap().text().await.unwrap();
            assert!(found.contains(&rina), "{}: {q}", app.label);
        }
        let none = op.get(app.url("/registri?calon=1&q=siti")).send().await.unwrap().text().await.unwrap();
        assert!(!none.contains("/registri/pelaku/") && none.contains("Tidak ada calon wirausaha yang cocok."));
        // The business list does not have her, and offers the same search among calon wirausaha.
        let biz = op.get(app.url("/registri?q=6474014303750004")).send().await.unwrap().text().await.unwrap();
        assert!(!biz.contains(&rina) && biz.contains("id=\"cari-calon\" href=\"/registri?calon=1&#38;q=6474014303750004"), "{biz}");
        // Masked for a pimpinan; nothing for another city.
        let pim = app.login("pimpinan.bontang").await;
        let list = pim.get(app.url("/registri?calon=1")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("Rina Wati") && list.contains("6474**********04") && !list.contains("6474014303750004"));
        let other = app.login("op.tangsel").await;
        let list = other.get(app.url("/registri?calon=1")).send().await.unwrap().text().await.unwrap();
        assert!(!list.contains("Rina Wati"), "{}", app.label);
    }
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn province_and_national_users_narrow_the_list_down_to_a_desa() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let p = app.agency("Dinas Provinsi Kalimantan Timur", "64").await;
        app.user(p, "pimpinan.kaltim", "pimpinan").await;
        let n = app.agency("Kementerian Koperasi dan UKM", "").await;
        app.user(n, "pimpinan.pusat", "pimpinan").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let res = op.post(app.url("/registri/baru")).form(&owner_form(&csrf, "6474015505900001", "Siti Aminah", "")).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let option = |code: &str, label: &str| format!("<option value=\"{code}\">{label}</option>");
        let chosen = |code: &str, label: &str| format!("<option value=\"{code}\" selected>{label}</option>");

        let kaltim = app.login("pimpinan.kaltim").await;
        let page = kaltim.get(app.url("/registri")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&option("64.74", "Kota Bontang")) || page.contains(&option("64.74", "Bontang")), "{}: kab/kota offered", app.label);
        assert!(!page.contains("Bontang Utara"), "kecamatan not yet");
        let page = kaltim.get(app.url("/registri?wilayah=64.74")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&option("64.74.01", "— Bontang Utara")), "{}", app.label);
        let page = kaltim.get(app.url("/registri?wilayah=64.74.01")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&chosen("64.74.01", "— Bontang Utara")) && page.contains(&option("64.74.01.1002", "— — Bontang Baru")), "{}", app.label);
        let page = kaltim.get(app.url("/registri?wilayah=64.74.01.1002")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&chosen("64.74.01.1002", "— — Bontang Baru")) && page.contains("Amplang Bu Siti"), "{}", app.label);
        let page = kaltim.get(app.url("/registri?wilayah=64.74.01.1001")).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("Amplang Bu Siti"), "another desa");

        let pusat = app.login("pimpinan.pusat").await;
        let page = pusat.get(app.url("/registri?wilayah=64.74.01")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("value=\"64\"") && page.contains("value=\"36\""), "{}: provinces offered", app.label);
        assert!(page.contains(&option("64.74", "— Kota Bontang")) || page.contains(&option("64.74", "— Bontang")), "{}", app.label);
        assert!(page.contains(&option("64.74.01.1002", "— — — Bontang Baru")) && page.contains("Amplang Bu Siti"), "{}", app.label);
        assert!(!page.contains("value=\"36.74\""), "only the chosen province is opened");
    }
}

#[tokio::test]
async fn the_list_page_pages_sorts_and_filters() {
    use berdaya_web::services::{Actor, registry};
    use berdaya_web::services::registry::input::{BusinessInput, OwnerInput};
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let actor = Actor {
            user_id: None,
            username: "uji".into(),
            role: berdaya_core::Role::Operator,
            scope: Scope::Region(berdaya_core::KodeWilayah::parse("64.74").unwrap()),
            request_id: String::new(),
            ip: String::new(),
        };
        // 56 businesses: owner names run against business names, half in sector C, two desa.
        for i in 1..=56u32 {
            let o = OwnerInput {
                nik: format!("6474011505{:02}{:04}", 60 + i % 30, i),
                nama: format!("Pemilik {:02}", 57 - i),
                jenis_kelamin: "L".into(),
                kode_wilayah: if i % 2 == 0 { "64.74.01.1002".into() } else { "64.74.02.1001".into() },
                lanjutkan: true,
                ..Default::default()
            };
            let b = BusinessInput { nama_usaha: format!("Usaha {i:02}"), kbli: if i % 2 == 0 { "10792".into() } else { "47111".into() }, ..Default::default() };
            registry::create_owner(&app.db, &actor, &o, Some(&b)).await.unwrap();
        }
        let op = app.login("op.bontang").await;
        let names = |html: &str| -> Vec<String> {
            html.split("<tr><td><a href=\"/registri/pelaku/").skip(1).map(|r| r.split('>').nth(1).unwrap().split('<').next().unwrap().to_string()).collect()
        };
        let next = |html: &str| html.split("<p class=\"pager\"><a href=\"").nth(1).map(|r| r.split('"').next().unwrap().replace("&amp;", "&").replace("&#38;", "&"));

        // Pages of 50 in business name order, every row once.
        let first = op.get(app.url("/registri")).send().await.unwrap().text().await.unwrap();
        let mut seen = names(&first);
        assert_eq!(seen.len(), 50, "{}", app.label);
        let second = op.get(app.url(&next(&first).expect("a next page"))).send().await.unwrap().text().await.unwrap();
        seen.extend(names(&second));
        assert!(next(&second).is_none(), "{}", app.label);
        let want: Vec<String> = (1..=56).map(|i| format!("Usaha {i:02}")).collect();
        assert_eq!(seen, want, "{}", app.label);

        // By owner name: Pemilik 01 owns Usaha 56.
        let by_owner = op.get(app.url("/registri?urut=pemilik")).send().await.unwrap().text().await.unwrap();
        assert_eq!(names(&by_owner)[..3], ["Usaha 56", "Usaha 55", "Usaha 54"], "{}", app.label);
        let rest = op.get(app.url(&next(&by_owner).unwrap())).send().await.unwrap().text().await.unwrap();
        assert_eq!(names(&rest), ["Usaha 06", "Usaha 05", "Usaha 04", "Usaha 03", "Usaha 02", "Usaha 01"], "{}", app.label);

        // Sector and region filters, alone and together.
        let c = op.get(app.url("/registri?sektor=C")).send().await.unwrap().text().await.unwrap();
        assert_eq!(names(&c), (1..=28).map(|i| format!("Usaha {:02}", i * 2)).collect::<Vec<_>>(), "{}", app.label);
        let desa = op.get(app.url("/registri?wilayah=64.74.02.1001")).send().await.unwrap().text().await.unwrap();
        assert_eq!(names(&desa).len(), 28, "{}", app.label);
        let kec = op.get(app.url("/registri?wilayah=64.74.01&sektor=C")).send().await.unwrap().text().await.unwrap();
        assert_eq!(names(&kec).len(), 28, "{}", app.label);
        let none = op.get(app.url("/registri?wilayah=64.74.02&sektor=C")).send().await.unwrap().text().await.unwrap();
        assert!(names(&none).is_empty() && none.contains("Tidak ada usaha yang cocok."), "{}", app.label);
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
async fn registry_api_masks_audits_and_scopes() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let t = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(t, "op.tangsel", "operator").await;
        let token = app.token("op.bontang").await;
        let other = app.token("op.tangsel").await;
        let c = reqwest::Client::new();
        let body = serde_json::json!({
            "owner": {"nik": "6474014107850003", "nama": "Hj. Nurhayati", "jenis_kelamin": "P", "tanggal_lahir": "1985-07-01",
                      "kode_wilayah": "64.74.01.1003", "no_hp": "+62 811 555 0101"},
            "business": {"nama_usaha": "Batik Lok Tuan", "kbli": "14111", "omzet": "Rp 2,5 M", "periode_omzet": "tahun"}
        });
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201, "{}", app.label);
        let created: serde_json::Value = res.json().await.unwrap();
        let id = created["id"].as_str().unwrap().to_string();
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 409);
        let err: serde_json::Value = res.json().await.unwrap();
        assert_eq!(err["errors"][0]["code"], "duplicate_nik");
        let bad = serde_json::json!({"owner": {"nik": "12", "nama": "", "kode_wilayah": "64.74.01.1003"}});
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).json(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let err: serde_json::Value = res.json().await.unwrap();
        let fields: Vec<&str> = err["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert!(fields.contains(&"nik") && fields.contains(&"nama"), "{fields:?}");

        let masked: serde_json::Value = c.get(app.url(&format!("/api/v1/owners/{id}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(masked["nik"], "6474**********03");
        assert!(masked["tanggal_lahir"].is_null() && masked["tahun_lahir"] == 1985, "{masked}");
        let full: serde_json::Value = c.get(app.url(&format!("/api/v1/owners/{id}?full=true"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(full["nik"], "6474014107850003");
        assert_eq!(full["tanggal_lahir"], "1985-07-01");
        let views = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("view_personal".into()), ..Default::default() }, 10).await.unwrap();
        assert_eq!(views.len(), 1, "{}", app.label);

        let list: Vec<serde_json::Value> = c.get(app.url("/api/v1/businesses?skala=kecil")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list.len(), 1, "Rp 2,5 M a year is kecil (above the Rp 2 M mikro ceiling)");
        assert_eq!(list[0]["nama_usaha"], "Batik Lok Tuan");

        assert_eq!(c.get(app.url(&format!("/api/v1/owners/{id}"))).bearer_auth(&other).send().await.unwrap().status(), 404);
        let res = c.patch(app.url(&format!("/api/v1/owners/{id}"))).bearer_auth(&other)
            .json(&serde_json::json!({"nik": "6474014107850003", "nama": "X", "kode_wilayah": "36.74.01"})).send().await.unwrap();
        assert!(res.status() == 404 || res.status() == 422, "{}", res.status());
        let list: Vec<serde_json::Value> = c.get(app.url("/api/v1/businesses")).bearer_auth(&other).send().await.unwrap().json().await.unwrap();
        assert!(list.is_empty());

        // The business endpoints across scope: nothing read, changed or added.
        let biz = list_one(&c, &app, &token).await;
        let burl = app.url(&format!("/api/v1/businesses/{biz}"));
        assert_eq!(c.get(&burl).bearer_auth(&other).send().await.unwrap().status(), 404, "{}", app.label);
        let res = c.patch(&burl).bearer_auth(&other).json(&serde_json::json!({"nama_usaha": "Diambil"})).send().await.unwrap();
        assert_eq!(res.status(), 404, "{}", app.label);
        let add = serde_json::json!({"nama_usaha": "Usaha Titipan", "kbli": "10792"});
        let res = c.post(app.url(&format!("/api/v1/owners/{id}/businesses"))).bearer_auth(&other).json(&add).send().await.unwrap();
        assert_eq!(res.status(), 404, "{}", app.label);
        let oid: uuid::Uuid = id.parse().unwrap();
        assert_eq!(berdaya_store::businesses::for_owner(&app.db, oid).await.unwrap().len(), 1, "nothing added");
        assert_eq!(berdaya_store::businesses::get(&app.db, &Scope::National, biz.parse().unwrap()).await.unwrap().nama_usaha, "Batik Lok Tuan");
        // Registering someone in another city's region is refused at the field.
        let outside = serde_json::json!({"owner": {"nik": "3674014107850003", "nama": "Orang Tangsel", "kode_wilayah": "36.74.01.1001"}});
        let res = c.post(app.url("/api/v1/owners")).bearer_auth(&token).json(&outside).send().await.unwrap();
        assert_eq!(res.status(), 422, "{}", app.label);
        let err: serde_json::Value = res.json().await.unwrap();
        assert!(err["errors"].as_array().unwrap().iter().any(|e| e["field"] == "kode_wilayah"), "{err}");
        // The province sees the city's records; the city does not see the province's others.
        let p = app.agency("Dinas Provinsi Kalimantan Timur", "64").await;
        app.user(p, "op.kaltim", "operator").await;
        let prov = app.token("op.kaltim").await;
        assert_eq!(c.get(&burl).bearer_auth(&prov).send().await.unwrap().status(), 200, "{}", app.label);
        let res = c.patch(&burl).bearer_auth(&prov).json(&serde_json::json!({"produk": "Batik tulis"})).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}: a province operator may correct a city's record", app.label);
    }
}

/// The id of the only business the token's user sees.
async fn list_one(c: &reqwest::Client, app: &TestApp, token: &str) -> String {
    let list: Vec<serde_json::Value> = c.get(app.url("/api/v1/businesses")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    assert_eq!(list.len(), 1, "{}", app.label);
    list[0]["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn import_through_the_pages_with_a_corrected_mapping() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let csv = "DATA UMKM KOTA BONTANG TAHUN 2024\n\n\
            No;NIK KTP;Nama Pemilik;L/P;TTL;Kel./Desa;Kecamatan;No. HP/WA;Nama Usaha;Omset per Bulan;Keterangan\n\
            1;'6474015505900001;Siti Aminah;P;Bontang, 15-05-1990;Bontang Baru;Bontang Utara;0812-3456-7890;Amplang Bu Siti;Rp 12.500.000;lama\n\
            2;6474021202850003;Budi Santoso;L;Samarinda, 12 Februari 1985;Berbas Tengah;;+62 813 1111 2222;Bengkel Budi;1,5 juta;baru\n\
            3;12345;Tanpa NIK Benar;L;;Bontang Baru;;;Warung;;\n";
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part("berkas", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("data-umkm.csv"));
        let res = op.post(app.url("/registri/impor")).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", app.label);
        let html = res.text().await.unwrap();
        assert!(html.contains("Pemetaan kolom"));
        let action_start = html.find("/registri/impor/").unwrap();
        let action = html[action_start..].split('"').next().unwrap().to_string();
        // Keep the proposal for every column, but ignore "Keterangan" (index 10).
        let mut fields: Vec<(String, String)> = vec![("_csrf".into(), csrf.clone())];
        for part in html.split("<select id=\"kolom_").skip(1) {
            let idx: usize = part.split('"').next().unwrap().parse().unwrap();
            let selected = part.split("</select>").next().unwrap().split(" selected>").next().unwrap();
            let value = if part.split("</select>").next().unwrap().contains(" selected>") {
                selected.rsplit("value=\"").next().unwrap().split('"').next().unwrap().to_string()
            } else {
                String::new()
            };
            fields.push((format!("kolom_{idx}"), if idx == 10 { String::new() } else { value }));
        }
        assert!(fields.iter().any(|(k, v)| k == "kolom_1" && v == "nik"), "NIK KTP maps to nik: {fields:?}");
        let res = op.post(app.url(&action)).form(&fields).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let job_url = res.headers()["location"].to_str().unwrap().to_string();
        let id = job_url.trim_start_matches("/tugas/").to_string();
        let mut done = serde_json::Value::Null;
        for _ in 0..150 {
            let j: serde_json::Value = op.get(app.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
            if j["status"] == "done" || j["status"] == "failed" {
                done = j;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(done["status"], "done", "{done}");
        assert_eq!(done["result"]["summary"]["imported"], 2, "{done}");
        assert_eq!(done["result"]["summary"]["rejected"], 1, "{done}");
        let page = op.get(app.url(&job_url)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("2 baru"), "{page}");
        let dl = page.split("id=\"download\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let file = op.get(app.url(&dl)).send().await.unwrap();
        assert_eq!(file.status(), 200);
        assert!(file.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
        assert!(file.bytes().await.unwrap().starts_with(b"PK"));
        let list = op.get(app.url("/registri?q=budi")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("Bengkel Budi"));
        assert!(list.contains("Rp 18.000.000"), "1,5 juta a month");
    }
}

#[tokio::test]
async fn export_is_masked_for_pimpinan_and_audited() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let res = op.post(app.url("/registri/baru")).form(&owner_form(&csrf, "6474015505900001", "Siti Aminah", "081234567890")).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let pim = app.login("pimpinan.bontang").await;
        let pcsrf = app.csrf(&pim).await;
        let res = pim.post(app.url("/registri/ekspor")).form(&[("_csrf", pcsrf.as_str()), ("format", "csv"), ("q", "siti")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let job_url = res.headers()["location"].to_str().unwrap().to_string();
        let id = job_url.trim_start_matches("/tugas/").to_string();
        let mut j = serde_json::Value::Null;
        for _ in 0..100 {
            j = pim.get(app.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
            if j["status"] == "done" || j["status"] == "failed" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(j["status"], "done", "{j}");
        assert_eq!(j["result"]["rows"], 1);
        let file = j["result"]["download_file_id"].as_str().unwrap();
        let csv = pim.get(app.url(&format!("/berkas/{file}"))).send().await.unwrap().text().await.unwrap();
        assert!(csv.contains("Amplang Bu Siti"), "{csv}");
        assert!(csv.contains("6474**********01") && !csv.contains("6474015505900001"), "{csv}");
        // A pendamping of the same agency cannot fetch someone else's file.
        app.user(a, "pendamping.bontang", "pendamping").await;
        let pen = app.login("pendamping.bontang").await;
        assert_eq!(pen.get(app.url(&format!("/berkas/{file}"))).send().await.unwrap().status(), 404);
        // Its owner downloads it freely; anyone else's download is audited.
        let downloads = || async {
            audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("download".into()), ..Default::default() }, 5).await.unwrap()
        };
        assert!(downloads().await.is_empty(), "{}", app.label);
        assert_eq!(op.get(app.url(&format!("/berkas/{file}"))).send().await.unwrap().status(), 200);
        let d = downloads().await;
        assert_eq!(d.len(), 1, "{}", app.label);
        assert_eq!((d[0].actor_name.as_str(), d[0].entity_id.as_str()), ("op.bontang", file));
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("export".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(rows.len(), 1, "{}", app.label);
        assert!(rows[0].after_data.as_deref().unwrap().contains("masked"));

        // An export filtered by a phone number: the number is masked in the audit log.
        let res = pim.post(app.url("/registri/ekspor")).form(&[("_csrf", pcsrf.as_str()), ("format", "csv"), ("q", "081234567890")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let id = res.headers()["location"].to_str().unwrap().trim_start_matches("/tugas/").to_string();
        for _ in 0..100 {
            let j: serde_json::Value = pim.get(app.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
            if j["status"] == "done" || j["status"] == "failed" {
                assert_eq!(j["status"], "done", "{j}");
                assert_eq!(j["result"]["rows"], 1, "the phone search finds the business: {j}");
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("export".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(rows.len(), 2, "{}", app.label);
        let logged = rows[0].after_data.as_deref().unwrap();
        assert!(!logged.contains("081234567890") && logged.contains("0812******90"), "{logged}");
        // The pimpinan's audit page shows no full phone number or address either.
        let page = pim.get(app.url("/audit")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("export"), "the pimpinan reads the log");
        assert!(!page.contains("81234567890") && !page.contains("Pupuk Raya No. 12"), "personal data in the audit page");
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
    }
}
