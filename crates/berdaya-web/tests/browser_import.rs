//! Headless Chromium through the import pages: an operator uploads a small XLSX, corrects one
//! proposed column mapping, runs the import job, sees the rejected rows with their reasons in
//! Bahasa on the result page, and downloads them as XLSX. Runs when BERDAYA_CHROMEDRIVER is
//! set (scripts/test.sh sets it).

use crate::common;
use berdaya_core::Scope;
use berdaya_store::businesses::{self, BusinessFilter};
use berdaya_tabular::{Column, ColumnKind, ExportWriter, ReadOptions, Table, Value};
use crate::common::browser::{click_nav, fill};
use crate::common::*;
use fantoccini::{Client, Locator};

/// A Dinas sheet: headers as people write them, one row with a bad NIK.
fn write_sheet(path: &std::path::Path) {
    let headers = ["NIK KTP", "Nama Lengkap", "L/P", "Tanggal Lahir", "Kel./Desa", "Label Produk", "Omset per Bulan"];
    let cols = headers.iter().map(|h| Column::new(*h, ColumnKind::Text)).collect();
    let file = std::fs::File::create(path).unwrap();
    let mut w = ExportWriter::xlsx(Box::new(file), "Data UMKM", cols).unwrap();
    let rows = [
        ["6474015505900001", "Siti Aminah", "P", "15/05/1990", "Bontang Baru", "Amplang Bu Siti", "Rp 12.500.000"],
        ["12345", "Budi Santoso", "L", "12/02/1985", "Bontang Baru", "Bengkel Budi", "1,5 juta"],
        ["6474014303750004", "Rina Wati", "P", "03/03/1975", "Bontang Baru", "Kue Basah Rina", "2 juta"],
    ];
    for r in rows {
        w.write_row(&r.iter().map(|v| Value::Text(v.to_string())).collect::<Vec<_>>()).unwrap();
    }
    w.finish().unwrap();
}

async fn selected(b: &Client, select_id: &str) -> String {
    b.execute(&format!("return document.getElementById('{select_id}').value;"), vec![]).await.unwrap().as_str().unwrap_or("").to_string()
}

#[tokio::test]
async fn import_xlsx_correct_mapping_and_see_rejected_rows_in_chromium() {
    let Ok(driver_bin) = std::env::var("BERDAYA_CHROMEDRIVER") else {
        eprintln!("BERDAYA_CHROMEDRIVER not set: browser test skipped (scripts/test.sh sets it)");
        return;
    };
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Koperasi dan UKM Kota Bontang", "64.74").await;
    app.user(a, "operator.bontang", "operator").await;
    let sheet = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("berdaya-impor-{}.xlsx", std::process::id()));
    write_sheet(&sheet);

    let (_driver, b) = common::browser::browser(&driver_bin).await;
    b.goto(&app.url("/masuk")).await.unwrap();
    fill(&b, "username", "operator.bontang").await;
    fill(&b, "password", PASSWORD).await;
    click_nav(&b, "button[type=submit]").await;

    // Upload: the mapping form proposes a meaning for each header.
    b.goto(&app.url("/registri/impor")).await.unwrap();
    b.wait().for_element(Locator::Id("berkas")).await.unwrap().send_keys(sheet.to_str().unwrap()).await.unwrap();
    click_nav(&b, "form[action='/registri/impor'] button[type=submit]").await;
    b.wait().for_element(Locator::Id("kolom_0")).await.unwrap();
    assert_eq!(selected(&b, "kolom_0").await, "nik");
    assert_eq!(selected(&b, "kolom_1").await, "nama");
    // "Label Produk" holds the business name here: the operator corrects the proposal.
    assert_ne!(selected(&b, "kolom_5").await, "nama_usaha");
    b.find(Locator::Css("#kolom_5 option[value=nama_usaha]")).await.unwrap().click().await.unwrap();
    assert_eq!(selected(&b, "kolom_5").await, "nama_usaha");
    click_nav(&b, "form[action$='/mulai'] button[type=submit]").await;

    // The job page refreshes itself until done, then lists the rejected rows with reasons.
    b.wait().for_element(Locator::Css("[data-job][data-status=done]")).await.unwrap();
    let summary = b.find(Locator::Id("job-summary")).await.unwrap().text().await.unwrap();
    assert!(summary.contains("2 baru") && summary.contains("1 ditolak"), "{summary}");
    let rejected = b.find(Locator::Id("ditolak")).await.unwrap().text().await.unwrap();
    assert!(rejected.contains("NIK harus 16 digit"), "{rejected}");
    assert!(rejected.contains('3'), "the source row (header is row 1): {rejected}");

    // The corrected column went into the business name.
    let found = businesses::list(&app.db, &Scope::National, &BusinessFilter { q: Some("amplang".into()), ..Default::default() }, 10).await.unwrap();
    assert_eq!(found.iter().map(|r| r.nama_usaha.as_str()).collect::<Vec<_>>(), ["Amplang Bu Siti"]);

    // The download link gives the rejected rows as XLSX, original columns plus the reason.
    let href = b.find(Locator::Id("download")).await.unwrap().attr("href").await.unwrap().unwrap();
    let cookies = b.get_all_cookies().await.unwrap();
    let header = cookies.iter().map(|c| format!("{}={}", c.name(), c.value())).collect::<Vec<_>>().join("; ");
    let res = reqwest::Client::new().get(app.url(&href)).header("cookie", header).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let mut table = Table::from_bytes(bytes.to_vec(), &ReadOptions::default()).unwrap();
    assert!(table.header().columns.iter().any(|c| c == "Label Produk"));
    let row = table.next().unwrap().unwrap();
    assert_eq!(row.cell(1), "Budi Santoso");
    assert!(row.cells.iter().any(|c| c.contains("NIK harus 16 digit")), "{:?}", row.cells);
    assert!(table.next().is_none(), "only the rejected row");

    // On the phone-sized window the registry list is a column of cards, each value labelled.
    b.goto(&app.url("/registri")).await.unwrap();
    b.wait().for_element(Locator::Css("table.cards td[data-label=NIK]")).await.unwrap();
    let style = |js: &'static str| {
        let b = b.clone();
        async move { b.execute(js, vec![]).await.unwrap().as_str().unwrap_or_default().to_string() }
    };
    assert_eq!(style("return getComputedStyle(document.querySelector('table.cards thead')).display;").await, "none");
    assert_eq!(style("return getComputedStyle(document.querySelector('table.cards tbody tr')).display;").await, "block");
    let label = style("return getComputedStyle(document.querySelector('table.cards td[data-label=NIK]'), '::before').content;").await;
    assert!(label.contains("NIK:"), "{label}");
    // Neither the list nor the entry form (with its e-KTP file input) is wider than the phone.
    let widths = |b: fantoccini::Client| async move {
        let v = b.execute("return [window.innerWidth, document.documentElement.scrollWidth];", vec![]).await.unwrap();
        (v[0].as_i64().unwrap(), v[1].as_i64().unwrap())
    };
    assert_eq!(widths(b.clone()).await, (390, 390), "the list fits the phone");
    b.goto(&app.url("/registri/baru")).await.unwrap();
    b.wait().for_element(Locator::Id("ektp")).await.unwrap();
    assert_eq!(widths(b.clone()).await, (390, 390), "the entry form fits the phone");
    b.goto(&app.url(&format!("/registri/pelaku/{}", found[0].owner_id))).await.unwrap();
    b.wait().for_element(Locator::Css("input[type=file]")).await.unwrap();
    assert_eq!(widths(b.clone()).await, (390, 390), "the owner page (with its upload forms) fits the phone");
    let _ = std::fs::remove_file(&sheet);
    b.close().await.unwrap();
}
