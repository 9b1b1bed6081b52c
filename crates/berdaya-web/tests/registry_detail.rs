//! The owner detail page: every stored business field, workers by sex in the history, and the
//! "naik kelas" summary from the dated snapshots.

use berdaya_core::tanggal::fmt_panjang;
use berdaya_store::businesses::{self, Snapshot};
use chrono::NaiveDate;
use crate::common::forms::{owner_form, versi_of};
use crate::common::*;
use uuid::Uuid;

/// Register an owner with a first business; the owner page's path and the business.
async fn register(app: &TestApp, c: &reqwest::Client, csrf: &str, nik: &str, nama: &str) -> (String, businesses::Business) {
    let res = c.post(app.url("/registri/baru")).form(&[owner_form(csrf, nik, nama, ""), vec![("lanjutkan", "true")]].concat()).send().await.unwrap();
    assert_eq!(res.status(), 303, "{}", app.label);
    let loc = res.headers()["location"].to_str().unwrap().to_string();
    let id: Uuid = loc.trim_start_matches("/registri/pelaku/").parse().unwrap();
    let biz = businesses::for_owner(&app.db, id).await.unwrap().remove(0);
    (loc, biz)
}

async fn page(app: &TestApp, c: &reqwest::Client, loc: &str) -> String {
    let res = c.get(app.url(loc)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", app.label);
    res.text().await.unwrap()
}

/// Backdated snapshots written straight to the store (the forms date them today).
async fn add_snapshots(app: &TestApp, biz: &businesses::Business, rows: &[(&str, Option<i64>, Option<i64>, &str)]) {
    let mut tx = app.db.begin().await.unwrap();
    for (date, modal, omzet, skala) in rows {
        let tanggal = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let s = Snapshot {
            id: berdaya_store::new_id(),
            business_id: biz.id,
            region: biz.region.clone(),
            tanggal,
            modal: *modal,
            omzet_tahunan: *omzet,
            tk_l: Some(1),
            tk_p: Some(1),
            skala: (*skala).into(),
            sumber: "impor".into(),
            created_at: tanggal.and_hms_opt(2, 0, 0).unwrap().and_utc(),
        };
        businesses::insert_snapshot(&mut tx, &s).await.unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn business_fields_history_by_sex_and_naik_kelas() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let (loc, biz) = register(&app, &op, &csrf, "6474015505900001", "Siti Aminah").await;

        // One snapshot: no summary yet; the business's desa defaults to the owner's, by name.
        let before = page(&app, &op, &loc).await;
        assert!(before.contains("Riwayat omzet dan tenaga kerja"), "{}", app.label);
        assert!(!before.contains("Naik kelas") && !before.contains("Turun kelas") && !before.contains("Perkembangan"), "{before}");
        assert!(!before.contains("Omzet/tahun Rp"), "no turnover change from a single snapshot");
        assert!(before.contains("Kelurahan Bontang Baru, Kecamatan Bontang Utara, Kota Bontang (64.74.01.1002)"), "{before}");
        assert!(!before.contains("openstreetmap.org"), "no coordinates, no map link");
        assert!(before.contains("<dt>Tahun berdiri</dt><dd>–</dd>") && before.contains("<dt>Bentuk usaha</dt><dd>–</dd>"), "{before}");

        // Every business field filled in through the edit form (with its version).
        let url = format!("/registri/usaha/{}/ubah", biz.id);
        let versi = versi_of(&page(&app, &op, &url).await);
        let edit = [
            ("_csrf", csrf.as_str()),
            ("versi", &versi),
            ("nama_usaha", "Amplang Bu Siti"),
            ("kbli", "10792"),
            ("bentuk_usaha", "CV"),
            ("alamat_usaha", "Jl. Ahmad Yani No. 5, Pasar Rawa Indah"),
            ("kode_wilayah_usaha", "64.74.02.1001"),
            ("lat", "0,13245"),
            ("lon", "117.49812"),
            ("tahun_berdiri", "2015"),
            ("produk", "Amplang ikan tenggiri, kerupuk kuku macan"),
            ("modal", "Rp 300.000.000"),
            ("omzet", "Rp 4.000.000.000"),
            ("periode_omzet", "tahun"),
            ("tk_l", "3"),
            ("tk_p", "5"),
            ("skala_dilaporkan", "mikro"),
        ];
        let res = op.post(app.url(&url)).form(&edit).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}: {}", app.label, res.text().await.unwrap());
        let snaps = businesses::snapshots(&app.db, biz.id).await.unwrap();
        assert_eq!(snaps.len(), 2, "{}", app.label);

        let html = page(&app, &op, &loc).await;
        for want in [
            "<dt>Bentuk usaha</dt><dd>CV</dd>",
            "Kelurahan Tanjung Laut, Kecamatan Bontang Selatan, Kota Bontang (64.74.02.1001)",
            "<dt>Koordinat</dt><dd>tercatat (tampilkan data pribadi untuk melihat)</dd>",
            "<dt>Tahun berdiri</dt><dd>2015</dd>",
            "<dt>Sektor</dt><dd>C — Industri Pengolahan</dd>",
            "<dt>KBLI</dt><dd>10792 (KBLI 2020)</dd>",
            "<dt>Produk</dt><dd>Amplang ikan tenggiri, kerupuk kuku macan</dd>",
            "<dt>Skala (dihitung)</dt><dd><strong>Kecil</strong></dd>",
            "<dt>Skala menurut pemilik</dt><dd>Mikro <span class=\"badge\">berbeda dari hasil hitung</span></dd>",
            "<dt>Tenaga kerja</dt><dd>3 laki-laki, 5 perempuan</dd>",
        ] {
            assert!(html.contains(want), "{}: {want} missing in {html}", app.label);
        }
        assert!(!html.contains("Kelurahan Bontang Baru, Kecamatan"), "the business moved to its own desa");
        assert!(!html.contains("0,13245") && !html.contains("openstreetmap"), "the point is masked like the street");
        let revealed = page(&app, &op, &format!("{loc}?lengkap=1")).await;
        assert!(revealed.contains("0,13245° LU, 117,49812° BT"), "{}", app.label);
        let map = revealed.split("href=\"https://www.openstreetmap.org/").nth(1).and_then(|r| r.split('"').next()).expect("a map link");
        let map = map.replace("&#38;", "&").replace("&amp;", "&");
        assert_eq!(map, "?mlat=0.13245&mlon=117.49812#map=17/0.13245/117.49812", "{}", app.label);

        // The history splits workers by sex: the first snapshot had only women recorded.
        assert!(html.contains("<th scope=\"col\">Laki-laki</th><th scope=\"col\">Perempuan</th>"), "{html}");
        let first = format!("<th scope=\"row\">{}</th><td class=\"num\">Rp 150.000.000</td><td class=\"num\">Rp 15.000.000</td><td class=\"num tk-l\">–</td><td class=\"num tk-p\">2</td><td>Mikro</td>", berdaya_core::tanggal::fmt_dmy(snaps[0].tanggal));
        let second = format!("<th scope=\"row\">{}</th><td class=\"num\">Rp 4.000.000.000</td><td class=\"num\">Rp 300.000.000</td><td class=\"num tk-l\">3</td><td class=\"num tk-p\">5</td><td>Kecil</td>", berdaya_core::tanggal::fmt_dmy(snaps[1].tanggal));
        assert!(html.contains(&first) && html.contains(&second), "{}: {html}", app.label);

        // Naik kelas, dated from the snapshot that reached the new scale, with the turnover change.
        let naik = format!("Naik kelas: Mikro → Kecil (sejak {})", fmt_panjang(snaps[1].tanggal));
        assert!(html.contains(&naik), "{}: {naik} missing in {html}", app.label);
        assert!(html.contains("Omzet/tahun Rp 150.000.000 → Rp 4.000.000.000 (+2.566,7%)"), "{html}");
        assert!(!html.contains("Turun kelas"));

        // Owner data stays masked until revealed, and so does the business's street (many
        // micro businesses are run from home); the part after the first comma stays.
        assert!(html.contains("6474**********01") && !html.contains("6474015505900001"));
        assert!(!html.contains("Jl. Pupuk Raya No. 12"), "the owner's address is masked");
        assert!(html.contains("<dt>Alamat usaha</dt><dd>") && html.contains(", Pasar Rawa Indah</dd>") && !html.contains("Ahmad Yani No. 5"), "{html}");
        let full = page(&app, &op, &format!("{loc}?lengkap=1")).await;
        assert!(full.contains("Jl. Pupuk Raya No. 12") && full.contains("<dt>Alamat usaha</dt><dd>Jl. Ahmad Yani No. 5, Pasar Rawa Indah</dd>"));
    }
}

#[tokio::test]
async fn naik_kelas_reads_the_dated_history() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;

        // Down from menengah to mikro; "sejak" is where the latest run at mikro began, not the
        // first mikro ever; the turnover fell.
        let (loc, biz) = register(&app, &op, &csrf, "6474015505900001", "Siti Aminah").await;
        add_snapshots(
            &app,
            &biz,
            &[
                ("2024-02-03", None, Some(1_000_000_000), "mikro"),
                ("2025-01-15", None, Some(20_000_000_000), "menengah"),
                ("2025-03-01", None, Some(5_000_000_000), "kecil"),
                ("2025-05-12", Some(50_000_000), None, "mikro"),
            ],
        )
        .await;
        let html = page(&app, &op, &loc).await;
        // The first snapshot (2024) was mikro, as is the latest (today): no change of class.
        assert!(!html.contains("Naik kelas") && !html.contains("Turun kelas"), "{}: {html}", app.label);
        assert!(html.contains("Omzet/tahun Rp 1.000.000.000 → Rp 150.000.000 (-85,0%)"), "{}: {html}", app.label);
        assert!(html.contains("<td>impor berkas</td>") && html.contains("<td>diisi petugas</td>"), "sources read in Bahasa");

        let (loc, biz) = register(&app, &op, &csrf, "6474014303750004", "Rina Wati").await;
        add_snapshots(
            &app,
            &biz,
            &[
                ("2025-01-15", None, Some(20_000_000_000), "menengah"),
                ("2025-03-01", None, Some(1_000_000_000), "mikro"),
                ("2025-04-01", None, Some(5_000_000_000), "kecil"),
                ("2025-05-12", None, Some(1_500_000_000), "mikro"),
            ],
        )
        .await;
        let html = page(&app, &op, &loc).await;
        assert!(html.contains("Turun kelas: Menengah → Mikro (sejak 12 Mei 2025)"), "{}: {html}", app.label);
        assert!(html.contains("Omzet/tahun Rp 20.000.000.000 → Rp 150.000.000 (-99,3%)"), "{}: {html}", app.label);
        assert!(!html.contains("Naik kelas"));

        // Two snapshots but only one with turnover: a class change can show, no turnover change.
        let (loc, biz) = register(&app, &op, &csrf, "6474015505900003", "Dewi Lestari").await;
        add_snapshots(&app, &biz, &[("2024-06-30", Some(6_000_000_000), None, "menengah")]).await;
        let html = page(&app, &op, &loc).await;
        assert!(html.contains("Turun kelas: Menengah → Mikro (sejak "), "{}: {html}", app.label);
        assert!(!html.contains("Omzet/tahun Rp"), "{}: {html}", app.label);
    }
}
