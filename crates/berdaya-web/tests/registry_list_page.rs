//! The registry list page: paging, sort and filters through its links, the region filter
//! above kab/kota, calon wirausaha, and the masked, audited export of a filtered list.

use berdaya_core::Scope;
use berdaya_store::audit::{self, AuditFilter};
use crate::common::forms::{self, owner_form, urlencoding};
use crate::common::*;

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
    use berdaya_web::services::registry;
    use berdaya_web::services::registry::input::{BusinessInput, OwnerInput};
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let actor = forms::operator_of("64.74");
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
async fn export_is_masked_for_pimpinan_and_audited() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let res = op.post(app.url("/registri/baru")).form(&owner_form(&csrf, "6474015505900001", "Siti Aminah", "081234567890")).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let mut other = owner_form(&csrf, "6474011203850002", "Bambang Irawan", "081298765432");
        other.retain(|(k, _)| *k != "nama_usaha");
        other.push(("nama_usaha", "Kerupuk Ikan Pak Bambang"));
        let res = op.post(app.url("/registri/baru")).form(&other).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        let pim = app.login("pimpinan.bontang").await;
        let pcsrf = app.csrf(&pim).await;
        let res = pim.post(app.url("/registri/ekspor")).form(&[("_csrf", pcsrf.as_str()), ("format", "csv"), ("q", "siti")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let j = finished_job(&app, &pim, res.headers()["location"].to_str().unwrap()).await;
        assert_eq!(j["status"], "done", "{j}");
        assert_eq!(j["result"]["rows"], 1);
        // A filtered export's progress ends at the rows it wrote, not at the scope's count (2).
        assert_eq!((j["progress_done"].as_i64(), j["progress_total"].as_i64()), (Some(1), Some(1)), "{j}");
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
        let j = finished_job(&app, &pim, res.headers()["location"].to_str().unwrap()).await;
        assert_eq!(j["status"], "done", "{j}");
        assert_eq!(j["result"]["rows"], 1, "the phone search finds the business: {j}");
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("export".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(rows.len(), 2, "{}", app.label);
        let logged = rows[0].after_data.as_deref().unwrap();
        assert!(!logged.contains("081234567890") && logged.contains("0812******90"), "{logged}");
        // The pimpinan's audit page shows no full phone number or address either.
        let page = pim.get(app.url("/audit")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("export"), "the pimpinan reads the log");
        assert!(!page.contains("81234567890") && !page.contains("Pupuk Raya No. 12"), "personal data in the audit page");

        // Unfiltered: every business in scope, progress against the scope's count.
        let res = pim.post(app.url("/registri/ekspor")).form(&[("_csrf", pcsrf.as_str()), ("format", "xlsx")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let j = finished_job(&app, &pim, res.headers()["location"].to_str().unwrap()).await;
        assert_eq!(j["status"], "done", "{j}");
        assert_eq!(j["result"]["rows"], 2, "{j}");
        assert_eq!((j["progress_done"].as_i64(), j["progress_total"].as_i64()), (Some(2), Some(2)), "{j}");
    }
}
