//! The messy Dinas sheets of the tabular fixtures (Windows-1252 CSV with title rows and a
//! total line; XLSX with merged cells, a two-row header and NIKs stored as numbers) imported
//! into the registry on both databases: what is stored, and the one-line-per-row report.

use std::process::Command;

use berdaya_store::testing;

#[path = "../../berdaya-tabular/tests/common/mod.rs"]
mod tabular;

const BIN: &str = env!("CARGO_BIN_EXE_berdaya");

fn berdaya(args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN).args(args).env_remove("BERDAYA_DATABASE_URL").output().unwrap();
    (out.status.code().unwrap_or(-1), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// (row, status, reason) of each line of the report.
fn report(path: &std::path::Path) -> Vec<(String, String, String)> {
    csv::Reader::from_path(path).unwrap().records().map(|r| r.unwrap()).map(|r| (r[0].to_string(), r[1].to_string(), r[2].to_string())).collect()
}

fn rows(report: &[(String, String, String)]) -> Vec<(&str, &str)> {
    report.iter().map(|(r, st, _)| (r.as_str(), st.as_str())).collect()
}

fn reason<'a>(report: &'a [(String, String, String)], row: &str) -> &'a str {
    &report.iter().find(|(r, _, _)| r == row).unwrap().2
}

async fn find(store: &berdaya_store::Db, nik: &str) -> berdaya_store::owners::Owner {
    let id = berdaya_store::owners::owner_for_nik(store, nik).await.unwrap().unwrap_or_else(|| panic!("{nik} stored"));
    berdaya_store::owners::get(store, &berdaya_core::Scope::National, id).await.unwrap()
}

#[tokio::test]
async fn messy_sheets_import_into_the_registry() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../berdaya-tabular/tests/fixtures/umkm_bontang_1252.csv");
    let xlsx = tabular::messy_xlsx();
    let mut targets = vec![(vec!["--data-dir".to_string(), dir.join("data").to_string_lossy().into_owned()], "sqlite")];
    if let Some(url) = testing::fresh_pg_url().await.unwrap() {
        targets.push((vec!["--database".into(), url], "postgres"));
    }
    for (db, label) in &targets {
        let db: Vec<&str> = db.iter().map(String::as_str).collect();
        let run = |file: &std::path::Path, out: &std::path::Path| {
            let mut args = vec!["import", "owners", file.to_str().unwrap(), "--region", "64.74", "--report", out.to_str().unwrap()];
            args.extend(&db);
            let (code, text) = berdaya(&args);
            assert_eq!(code, 0, "{label}: {text}");
            report(out)
        };

        // Windows-1252, ';', two title rows, a numbering row, a blank line and a total line.
        let r = run(&csv, &dir.join(format!("csv-{label}.csv")));
        assert_eq!(
            rows(&r),
            [("6", "imported"), ("7", "imported"), ("8", "imported"), ("9", "rejected"), ("10", "rejected"), ("12", "duplicate"), ("13", "imported"), ("14", "rejected")],
            "{label}: {r:?}"
        );
        assert!(reason(&r, "9").contains("NIK harus 16 digit"), "{label}");
        assert!(reason(&r, "10").contains("Nama pemilik kosong"));
        assert!(reason(&r, "12").contains("Duplikat baris 6"));
        // Imported with what could not be read said, not silently dropped.
        let dewi = reason(&r, "13");
        assert!(dewi.contains("31/02/1992") && dewi.contains("telepon rumah") && dewi.contains("banyak"), "{dewi}");

        // XLSX: merged title and two-row header, NIKs stored as numbers, Excel dates.
        let x = run(&xlsx, &dir.join(format!("xlsx-{label}.csv")));
        assert_eq!(
            rows(&x),
            [("6", "imported"), ("7", "imported"), ("8", "imported"), ("9", "rejected"), ("10", "duplicate"), ("12", "rejected")],
            "{label}: {x:?}"
        );
        assert!(reason(&x, "8").contains("15 digit"), "the NIK Excel may have cut is flagged: {x:?}");
        assert!(reason(&x, "10").contains("Duplikat baris 6"), "{label}: {x:?}");

        // What was stored, read back from the database.
        let url = match *label {
            "sqlite" => format!("sqlite://{}", dir.join("data/berdaya.db").display()),
            _ => db[1].to_string(),
        };
        let store = berdaya_store::Db::connect(&url).await.unwrap();
        let siti = find(&store, "6474015505900001").await;
        assert_eq!((siti.nama.as_str(), siti.region.as_str(), siti.no_hp.as_str()), ("Siti Aminah", "64.74.01.1006", "+6281234567890"), "{label}");
        let siti_biz = berdaya_store::businesses::for_owner(&store, siti.id).await.unwrap();
        assert_eq!(siti_biz.len(), 1, "the duplicate line added nothing");
        assert_eq!((siti_biz[0].nama_usaha.as_str(), siti_biz[0].omzet_tahunan), ("Kafé Siti", Some(18_000_000)), "1252 text and Rp 1.500.000 a month");
        let ridwan = find(&store, "6474010101850003").await;
        assert_eq!(ridwan.tanggal_lahir, chrono::NaiveDate::from_ymd_opt(1985, 1, 1), "\"1 Januari 1985\"");
        assert_eq!(berdaya_store::businesses::for_owner(&store, ridwan.id).await.unwrap()[0].omzet_tahunan, Some(30_000_000), "2,5 juta a month");
        let dewi = find(&store, "6474016208920005").await;
        assert_eq!((dewi.tanggal_lahir, dewi.no_hp.as_str()), (None, ""), "unreadable cells are left empty");
        let ani = find(&store, "6474014505880001").await;
        assert_eq!((ani.tanggal_lahir, ani.region.as_str()), (chrono::NaiveDate::from_ymd_opt(1988, 5, 5), "64.74.01.1006"), "an Excel date; the kecamatan merged down");
        let bambang = find(&store, "6474012002750008").await;
        assert_eq!(bambang.region, "64.74.01.1004", "Guntung under the merged Bontang Utara");
        assert!(berdaya_store::owners::owner_for_nik(&store, "12345").await.unwrap().is_none());
        store.close().await;

        // The same files again: nothing new.
        let again = run(&csv, &dir.join(format!("csv2-{label}.csv")));
        assert!(again.iter().all(|(_, st, _)| st != "imported"), "{label}: {again:?}");
    }
}
