//! Headless Chromium through the aid pages: an operator creates an in-kind program, enters an
//! application, screens it, records the survey (photo, coordinates) and proposes the batch;
//! a pimpinan approves it with the SK; the BAST PDF downloads. Runs when
//! BERDAYA_CHROMEDRIVER is set (scripts/test.sh sets it).

use crate::common;
use crate::aid_support::*;
use berdaya_core::Role;
use crate::common::*;
use crate::common::browser::{click_nav, fill};
use fantoccini::{Client, Locator};

async fn click(b: &Client, css: &str) {
    b.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
}

async fn login(b: &Client, app: &TestApp, username: &str) {
    b.goto(&app.url("/masuk")).await.unwrap();
    fill(b, "username", username).await;
    fill(b, "password", PASSWORD).await;
    click_nav(b, "button[type=submit]").await;
    b.wait().for_element(Locator::Css("main h1")).await.unwrap();
}

#[tokio::test]
async fn program_to_approved_batch_and_bast_in_chromium() {
    let Ok(driver_bin) = std::env::var("BERDAYA_CHROMEDRIVER") else {
        eprintln!("BERDAYA_CHROMEDRIVER not set: browser test skipped (scripts/test.sh sets it)");
        return;
    };
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Koperasi, UKM dan Perdagangan Kota Bontang", "64.74").await;
    let op_id = app.user(a, "operator.bontang", "operator").await;
    app.user(a, "pimpinan.bontang", "pimpinan").await;
    let opa = actor(op_id, "operator.bontang", Role::Operator, "64.74");
    owner(&app.db, &opa, "6474015505900001", "Siti Aminah", "15/05/1990", "P", "150 juta", "081200000001").await;
    let photo = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("berdaya-usaha-{}.jpg", std::process::id()));
    std::fs::write(&photo, jpeg_with_exif("GPS")).unwrap();

    let (_driver, b) = common::browser::browser(&driver_bin).await;

    // The operator creates an in-kind program.
    login(&b, &app, "operator.bontang").await;
    b.goto(&app.url("/bantuan")).await.unwrap();
    click_nav(&b, "#program-baru").await;
    b.wait().for_element(Locator::Id("nama")).await.unwrap();
    fill(&b, "nama", "Bahan Baku Masker").await;
    b.find(Locator::Css("#jenis option[value=barang]")).await.unwrap().click().await.unwrap();
    b.find(Locator::Css("#sumber_dana option[value='DAK non-fisik']")).await.unwrap().click().await.unwrap();
    fill(&b, "pagu", "150 juta").await;
    fill(&b, "nilai_per_penerima", "750 ribu").await;
    fill(&b, "kuota", "200").await;
    fill(&b, "barang", "Kain katun | meter | 20").await;
    // No documents in this test: drop the "dokumen lengkap" block from the default rules.
    click(&b, "input[name=r_dokumen]").await;
    click_nav(&b, "#simpan-program").await;
    let h1 = b.wait().for_element(Locator::Id("program-nama")).await.unwrap().text().await.unwrap();
    assert_eq!(h1, "Bahan Baku Masker");
    let program_url = b.current_url().await.unwrap();

    // An application by NIK, then screening (job page reloads itself when done).
    click_nav(&b, "#permohonan-baru").await;
    b.wait().for_element(Locator::Id("nik")).await.unwrap();
    fill(&b, "nik", "6474015505900001").await;
    click_nav(&b, "#simpan-permohonan").await;
    b.wait().for_element(Locator::Id("keputusan")).await.unwrap();
    let app_url = b.current_url().await.unwrap();
    b.goto(program_url.as_str()).await.unwrap();
    click_nav(&b, "#jalankan-skrining").await;
    b.wait().for_element(Locator::Css("[data-job][data-status=done]")).await.unwrap();
    b.goto(app_url.as_str()).await.unwrap();
    let k = b.find(Locator::Id("keputusan")).await.unwrap().text().await.unwrap();
    assert!(k.starts_with("Layak"), "{k}");

    // Field survey on the phone-sized form: photo and coordinates.
    b.goto(&format!("{}/survei", app_url.as_str().split('?').next().unwrap())).await.unwrap();
    b.wait().for_element(Locator::Css("input[name=usaha_ada][value=ya]")).await.unwrap().click().await.unwrap();
    b.find(Locator::Id("foto")).await.unwrap().send_keys(photo.to_str().unwrap()).await.unwrap();
    fill(&b, "lat", "0.1333").await;
    fill(&b, "lon", "117.5012").await;
    fill(&b, "catatan", "Usaha menjahit berjalan").await;
    click_nav(&b, "#simpan-survei").await;
    b.wait().for_element(Locator::Id("keputusan")).await.unwrap();

    // Propose the batch.
    b.goto(program_url.as_str()).await.unwrap();
    click_nav(&b, "#buat-usulan").await;
    b.wait().for_element(Locator::Id("status-usulan")).await.unwrap();
    let batch_url = b.current_url().await.unwrap();
    let batch_path = batch_url.path().to_string();
    click_nav(&b, "form[action='/keluar'] button").await;
    b.wait().for_element(Locator::Id("username")).await.unwrap();

    // The pimpinan approves with the SK.
    login(&b, &app, "pimpinan.bontang").await;
    b.goto(&app.url(&batch_path)).await.unwrap();
    b.wait().for_element(Locator::Id("sk_nomor")).await.unwrap();
    fill(&b, "sk_nomor", "500.2/131/DKUKMP/2026").await;
    fill(&b, "sk_tanggal", "24/11/2026").await;
    click_nav(&b, "#setujui").await;
    let status = b.wait().for_element(Locator::Id("status-usulan")).await.unwrap().text().await.unwrap();
    assert_eq!(status, "Disetujui");

    // The BAST link downloads a PDF (fetched with the browser's session).
    let href = b.find(Locator::Id("unduh-bast")).await.unwrap().attr("href").await.unwrap().unwrap();
    let cookies = b.get_all_cookies().await.unwrap();
    let header = cookies.iter().map(|c| format!("{}={}", c.name(), c.value())).collect::<Vec<_>>().join("; ");
    let res = client_plain().get(app.url(&href)).header("cookie", header).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF"));
    let _ = std::fs::remove_file(&photo);
    b.close().await.unwrap();
}

fn client_plain() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}
