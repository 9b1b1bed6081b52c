//! A real browser: the public submits a complaint and gets a code, an operator signs in and
//! replies, the public reads the reply on the tracking page. Needs BERDAYA_CHROMEDRIVER
//! (set by scripts/test.sh).

use crate::common;
use crate::common::*;
use crate::common::browser::click_nav;
use fantoccini::Locator;

#[tokio::test]
async fn public_complaint_reply_and_tracking_in_chromium() {
    let Ok(driver_bin) = std::env::var("BERDAYA_CHROMEDRIVER") else {
        eprintln!("BERDAYA_CHROMEDRIVER not set: browser test skipped (scripts/test.sh sets it)");
        return;
    };
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Koperasi, UKM dan Perdagangan Kota Bontang", "64.74").await;
    app.user(a, "operator.bontang", "operator").await;

    let (_driver, b) = common::browser::browser(&driver_bin).await;

    // The public, without an account.
    b.goto(&app.url("/pengaduan")).await.unwrap();
    b.find(Locator::Id("kategori")).await.unwrap().select_by_value("bantuan_lambat").await.unwrap();
    b.find(Locator::Id("wilayah")).await.unwrap().select_by_value("64.74").await.unwrap();
    b.find(Locator::Id("isi")).await.unwrap().send_keys("Bantuan stimulan bahan baku belum kami terima sejak survei bulan Maret.").await.unwrap();
    b.find(Locator::Id("kontak")).await.unwrap().send_keys("0812 3456 7890").await.unwrap();
    click_nav(&b, "button[type=submit]").await;
    let code = b.wait().for_element(Locator::Id("kode-pelacakan")).await.unwrap().text().await.unwrap();
    assert_eq!(code.len(), 11, "{code}");
    assert_eq!(b.find(Locator::Id("status")).await.unwrap().text().await.unwrap(), "Baru");

    // The operator signs in and replies.
    b.goto(&app.url("/pengaduan/kelola")).await.unwrap();
    b.find(Locator::Id("username")).await.unwrap().send_keys("operator.bontang").await.unwrap();
    b.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    click_nav(&b, "button[type=submit]").await;
    b.wait().for_element(Locator::Id("daftar-pengaduan")).await.unwrap();
    let old = b.find(Locator::Css("html")).await.unwrap();
    b.find(Locator::LinkText(&code)).await.unwrap().click().await.unwrap();
    common::browser::wait_replaced(&b, old).await;
    b.wait().for_element(Locator::Id("text")).await.unwrap().send_keys("Data anda sudah kami cek; pencairan dijadwalkan minggu depan.").await.unwrap();
    click_nav(&b, "form[action$='/tanggapan'] button[type=submit]").await;
    let status = b.wait().for_element(Locator::Id("status")).await.unwrap().text().await.unwrap();
    assert_eq!(status, "Diproses");

    // The public sees the reply with the code.
    b.goto(&app.url("/pengaduan/lacak")).await.unwrap();
    b.find(Locator::Id("kode")).await.unwrap().send_keys(&code.to_lowercase()).await.unwrap();
    click_nav(&b, "form[role=search] button").await;
    let history = b.wait().for_element(Locator::Id("riwayat")).await.unwrap().text().await.unwrap();
    assert!(history.contains("pencairan dijadwalkan minggu depan"), "{history}");
    assert_eq!(b.find(Locator::Id("status")).await.unwrap().text().await.unwrap(), "Diproses");
    b.close().await.unwrap();
}
