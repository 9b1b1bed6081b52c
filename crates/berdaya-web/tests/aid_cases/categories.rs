//! Exclusion lists uploaded as XLSX, a newer version replacing the older one, the Dukcapil
//! extract, and every BPK category caught on a small fixture through the services and pages.

use super::{exec, xlsx};
use crate::aid_support::*;
use crate::common::*;
use crate::aid::upload;
use berdaya_core::{Role, Scope};
use berdaya_store::aid::applications as apps;
use berdaya_web::services::aid::applications::{self as app_svc, ApplicationInput};
use berdaya_web::services::aid::approval::{self, DecisionInput};
use berdaya_web::services::aid::{self, screening};

async fn up_xlsx(app: &TestApp, op: &reqwest::Client, csrf: &str, jenis: &str, versi: &str, rows: &[&[&str]]) {
    let res = upload(op, app.url("/bantuan/pengecualian"), csrf, &[("jenis", jenis), ("versi", versi)], "berkas", "daftar.xlsx", xlsx(rows)).await;
    assert_eq!(res.status(), 303, "{jenis}: {}", res.text().await.unwrap());
}

#[tokio::test]
async fn xlsx_lists_newer_versions_and_every_bpk_category() {
    for app in spawn_apps().await {
        let l = app.label;
        let a = app.agency("Dinas Koperasi dan UKM Kota Bontang", "64.74").await;
        let op_id = app.user(a, "op.bontang", "operator").await;
        let pim_id = app.user(a, "pimpinan.bontang", "pimpinan").await;
        let opa = actor(op_id, "op.bontang", Role::Operator, "64.74");
        let pim = actor(pim_id, "pimpinan.bontang", Role::Pimpinan, "64.74");
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;

        // Applicants in the registry: one clean, one per category.
        let people: &[(&str, &str, &str, &str, &str)] = &[
            ("6474015505900001", "Siti Aminah", "15/05/1990", "P", "150 juta"),
            ("6474010101850002", "Budi Santoso", "01/01/1985", "L", "150 juta"),
            ("6474010202860003", "Agus Salim", "02/02/1986", "L", "150 juta"),
            ("6474010303870004", "Hendra Gunawan", "03/03/1987", "L", "150 juta"),
            ("6474014404880005", "Rina Kusuma", "04/04/1988", "P", "150 juta"),
            ("6474010505890006", "Joko Widodo", "05/05/1989", "L", "150 juta"),
            ("6474014606900007", "Wati Susanti", "06/06/1990", "P", "150 juta"),
            ("6474010707910008", "Dedi Kurniawan", "07/07/1991", "L", "150 juta"),
            ("6474010808920009", "Yanto Prasetyo", "08/08/1992", "L", "150 juta"),
            ("6474014909930010", "Ani Rahayu", "09/09/1993", "P", "Rp 4.000.000.000"),
            ("6474011010940011", "Rudi Hartono", "10/10/1994", "L", "150 juta"),
            ("6474011111950012", "Tono Sugiarto", "11/11/1995", "L", "150 juta"),
            ("6474015212960013", "Lina Marlina", "12/12/1996", "P", "150 juta"),
            ("6474015212960014", "Lina Marlina", "12/12/1996", "P", "150 juta"),
        ];
        let mut owner_ids = std::collections::HashMap::new();
        for (i, (nik, nama, dob, sex, omzet)) in people.iter().enumerate() {
            let id = owner(&app.db, &opa, nik, nama, dob, sex, omzet, &format!("0813000000{i:02}")).await;
            owner_ids.insert(*nik, id);
        }

        // Rudi already receives another program of the same year.
        let other = aid::create_program(&app.db, &opa, &super::cash_program("Bantuan lain 2026", serde_json::Value::Null)).await.unwrap();
        app_svc::create(&app.db, &opa, other.id, &ApplicationInput { owner_id: Some(owner_ids["6474011010940011"]), ..Default::default() }).await.unwrap();
        screening::screen_now(&app.db, &opa, other.id, |_, _| {}).await.unwrap();
        for x in apps::list(&app.db, &Scope::National, other.id, &Default::default(), 10).await.unwrap() {
            let mut tx = app.db.begin().await.unwrap();
            apps::record_survey(&mut tx, x.id, &apps::Survey { usaha_ada: true, lat: None, lon: None, catatan: "ada".into(), foto: None }).await.unwrap();
            tx.commit().await.unwrap();
        }
        let b = approval::propose(&app.db, &opa, other.id, "").await.unwrap();
        let ok = DecisionInput { keputusan: "setujui".into(), sk_nomor: "500/9/2026".into(), sk_tanggal: "20/11/2026".into(), catatan: String::new() };
        approval::decide(&app.db, &pim, b.id, &ok).await.unwrap();

        let rules = serde_json::json!({"version": 1, "blocks": [
            {"type": "nik_valid"}, {"type": "dukcapil"}, {"type": "scale", "allowed": ["mikro"]},
            {"type": "not_excluded", "lists": ["asn", "tni", "polri", "bumn", "bumd", "kur", "bank", "deceased", "other_program"]}
        ]});
        let p = aid::create_program(&app.db, &opa, &super::cash_program("Stimulus uji BPK", rules)).await.unwrap();
        let mut ids = std::collections::HashMap::new();
        for (nik, ..) in people {
            let x = app_svc::create(&app.db, &opa, p.id, &ApplicationInput { owner_id: Some(owner_ids[nik]), ..Default::default() }).await.unwrap();
            ids.insert(*nik, x.id);
        }
        // A legacy row migrated from an older system, before NIKs were checked.
        exec(&app.db, "UPDATE aid_applications SET nik = $1 WHERE id = $2", "6474013508920009", ids["6474010808920009"]).await;

        // Lists as XLSX. The first ASN version names Siti; the newer one replaces it.
        up_xlsx(&app, &op, &csrf, "asn", "BKN Juli 2026", &[&["NIK", "Nama"], &["6474015505900001", "Siti Aminah"]]).await;
        let screen = || async {
            screening::screen_now(&app.db, &opa, p.id, |_, _| {}).await.unwrap();
            let mut out = std::collections::HashMap::new();
            for x in apps::list(&app.db, &Scope::National, p.id, &Default::default(), 100).await.unwrap() {
                out.insert(x.id, x);
            }
            out
        };
        let first = screen().await;
        let siti = &first[&ids["6474015505900001"]];
        assert_eq!((siti.keputusan.as_str(), siti.kategori.as_str()), ("tidak_layak", "asn_tni_polri_bumn_bumd"), "{l}: {}", siti.alasan);
        assert!(siti.alasan.contains("BKN Juli 2026"), "{}", siti.alasan);

        up_xlsx(&app, &op, &csrf, "asn", "BKN Oktober 2026", &[&["NIK", "Nama", "Instansi"], &["6474010101850002", "Budi Santoso", "Dinas PU"]]).await;
        up_xlsx(&app, &op, &csrf, "tni", "Kodim 2026", &[&["No", "NIK", "Nama"], &["1", "6474010202860003", "Agus Salim"]]).await;
        up_xlsx(&app, &op, &csrf, "polri", "Polres 2026", &[&["NIK"], &["6474010303870004"]]).await;
        up_xlsx(&app, &op, &csrf, "bumn", "BUMN 2026", &[&["NIK"], &["6474014404880005"]]).await;
        up_xlsx(&app, &op, &csrf, "meninggal", "Disdukcapil Okt 2026", &[&["NIK", "Nama", "Tanggal Lahir"], &["6474010505890006", "Joko Widodo", "05/05/1989"]]).await;
        up_xlsx(&app, &op, &csrf, "kur", "SIKP Okt 2026", &[&["NIK", "Status Pinjaman"], &["6474014606900007", "Berjalan"], &["6474015505900001", "LUNAS"]]).await;
        up_xlsx(&app, &op, &csrf, "bank", "Bank Kaltim 2026", &[&["NIK"], &["6474010707910008"]]).await;
        let mut dukcapil: Vec<[&str; 3]> = vec![["NIK", "Nama Lengkap", "Tanggal Lahir"]];
        dukcapil.extend(people.iter().map(|(nik, nama, dob, ..)| [*nik, if *nik == "6474011111950012" { "Bambang Pamungkas" } else { *nama }, *dob]));
        let rows: Vec<&[&str]> = dukcapil.iter().map(|r| &r[..]).collect();
        up_xlsx(&app, &op, &csrf, "dukcapil", "Dukcapil PKS 2026", &rows).await;
        let lists = op.get(app.url("/bantuan/pengecualian")).send().await.unwrap().text().await.unwrap();
        assert!(lists.contains("BKN Oktober 2026") && lists.contains("data kependudukan Dukcapil"), "{l}");
        let row = |versi: &str| lists.lines().find(|r| r.starts_with("<tr>") && r.contains(versi)).unwrap_or_default().to_string();
        assert!(row("BKN Oktober 2026").contains("ya, versi terbaru") && row("BKN Juli 2026").contains("diganti versi lebih baru"), "{l}: which version screening uses");
        assert!(row("BKN Juli 2026").contains("Kota Bontang"), "{l}: uploaded by the region, by name");

        let after = screen().await;
        let get = |nik: &str| &after[&ids[nik]];
        assert_eq!(get("6474015505900001").keputusan, "layak", "{l}: the newer ASN version no longer names Siti, her KUR is paid off: {}", get("6474015505900001").alasan);
        let expect = [
            ("6474010101850002", "asn_tni_polri_bumn_bumd", "BKN Oktober 2026"),
            ("6474010202860003", "asn_tni_polri_bumn_bumd", "TNI"),
            ("6474010303870004", "asn_tni_polri_bumn_bumd", "Polri"),
            ("6474014404880005", "asn_tni_polri_bumn_bumd", "BUMN"),
            ("6474010505890006", "meninggal_dunia", "meninggal"),
            ("6474014606900007", "debitur_bank_kur", "KUR"),
            ("6474010707910008", "debitur_bank_kur", "debitur bank"),
            ("6474010808920009", "nik_anomali", "NIK tidak sah"),
            ("6474014909930010", "bukan_usaha_mikro", "skala usaha"),
            ("6474011010940011", "penerima_ganda", "program lain"),
            ("6474011111950012", "nik_tidak_padan", "Dukcapil"),
        ];
        for (nik, cat, reason) in expect {
            let x = get(nik);
            assert_eq!(x.keputusan, "tidak_layak", "{l} {nik}: {}", x.alasan);
            assert!(x.kategori.split(',').any(|k| k == cat), "{l} {nik}: {} ({})", x.kategori, x.alasan);
            assert!(x.alasan.contains(reason), "{l} {nik}: {}", x.alasan);
        }
        // Reasons name the row of the uploaded sheet and what the sheet said about it.
        let budi = &get("6474010101850002").alasan;
        assert!(budi.contains("baris 2") && budi.contains("Dinas PU"), "{l}: {budi}");
        let agus = &get("6474010202860003").alasan;
        assert!(agus.contains("baris 2"), "{l}: {agus}");
        // The probable same person under two NIKs goes to review, never to rejection.
        for nik in ["6474015212960013", "6474015212960014"] {
            let x = get(nik);
            assert_eq!(x.keputusan, "perlu_ditinjau", "{l} {nik}: {}", x.alasan);
        }
        // The summary by BPK category on the program page.
        let page = op.get(app.url(&format!("/bantuan/{}", p.id))).send().await.unwrap().text().await.unwrap();
        for label in ["NIK tidak padan dengan data Dukcapil", "ASN/TNI/Polri/BUMN/BUMD", "Meninggal dunia", "NIK anomali", "Bukan usaha mikro", "Debitur bank/KUR", "Penerima ganda"] {
            assert!(page.contains(label), "{l}: {label}");
        }
        // A newer Dukcapil extract records Siti's death: "NIK padan Dukcapil" now rejects her
        // as deceased, naming the extract's row.
        let mut dukcapil: Vec<[&str; 4]> = vec![["NIK", "Nama Lengkap", "Tanggal Lahir", "Tanggal Meninggal"]];
        dukcapil.extend(people.iter().map(|(nik, nama, dob, ..)| [*nik, *nama, *dob, if *nik == "6474015505900001" { "01/10/2026" } else { "" }]));
        let rows: Vec<&[&str]> = dukcapil.iter().map(|r| &r[..]).collect();
        up_xlsx(&app, &op, &csrf, "dukcapil", "Dukcapil Nov 2026", &rows).await;
        let after = screen().await;
        let siti = &after[&ids["6474015505900001"]];
        assert_eq!((siti.keputusan.as_str(), siti.kategori.as_str()), ("tidak_layak", "meninggal_dunia"), "{l}: {}", siti.alasan);
        assert!(siti.alasan.contains("Dukcapil Nov 2026") && siti.alasan.contains("baris 2") && siti.alasan.contains("meninggal"), "{l}: {}", siti.alasan);
        assert_eq!(after[&ids["6474011111950012"]].keputusan, "layak", "{l}: the newer extract has Bambang's own name");
    }
}
