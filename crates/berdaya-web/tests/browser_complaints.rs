//! A real browser: the public submits a complaint and gets a code, an operator signs in and
//! replies, the public reads the reply on the tracking page. Needs BERDAYA_CHROMEDRIVER
//! (set by scripts/test.sh).

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use fantoccini::{ClientBuilder, Locator};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn public_complaint_reply_and_tracking_in_chromium() {
    let Ok(driver_bin) = std::env::var("BERDAYA_CHROMEDRIVER") else {
        eprintln!("BERDAYA_CHROMEDRIVER not set: browser test skipped (scripts/test.sh sets it)");
        return;
    };
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Koperasi, UKM dan Perdagangan Kota Bontang", "64.74").await;
    app.user(a, "operator.bontang", "operator").await;

    let port = free_port();
    let _driver = Driver(Command::new(driver_bin).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--window-size=390,844"]}),
    );
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let b = client.expect("chromedriver did not start");

    // The public, without an account.
    b.goto(&app.url("/pengaduan")).await.unwrap();
    b.find(Locator::Id("kategori")).await.unwrap().select_by_value("bantuan_lambat").await.unwrap();
    b.find(Locator::Id("wilayah")).await.unwrap().select_by_value("64.74").await.unwrap();
    b.find(Locator::Id("isi")).await.unwrap().send_keys("Bantuan stimulan bahan baku belum kami terima sejak survei bulan Maret.").await.unwrap();
    b.find(Locator::Id("kontak")).await.unwrap().send_keys("0812 3456 7890").await.unwrap();
    b.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    let code = b.wait().for_element(Locator::Id("kode-pelacakan")).await.unwrap().text().await.unwrap();
    assert_eq!(code.len(), 11, "{code}");
    assert_eq!(b.find(Locator::Id("status")).await.unwrap().text().await.unwrap(), "Baru");

    // The operator signs in and replies.
    b.goto(&app.url("/pengaduan/kelola")).await.unwrap();
    b.find(Locator::Id("username")).await.unwrap().send_keys("operator.bontang").await.unwrap();
    b.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    b.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    b.wait().for_element(Locator::Id("daftar-pengaduan")).await.unwrap();
    b.find(Locator::LinkText(&code)).await.unwrap().click().await.unwrap();
    b.wait().for_element(Locator::Id("text")).await.unwrap().send_keys("Data anda sudah kami cek; pencairan dijadwalkan minggu depan.").await.unwrap();
    b.find(Locator::Css("form[action$='/tanggapan'] button[type=submit]")).await.unwrap().click().await.unwrap();
    let status = b.wait().for_element(Locator::Id("status")).await.unwrap().text().await.unwrap();
    assert_eq!(status, "Diproses");

    // The public sees the reply with the code.
    b.goto(&app.url("/pengaduan/lacak")).await.unwrap();
    b.find(Locator::Id("kode")).await.unwrap().send_keys(&code.to_lowercase()).await.unwrap();
    b.find(Locator::Css("form[role=search] button")).await.unwrap().click().await.unwrap();
    let history = b.wait().for_element(Locator::Id("riwayat")).await.unwrap().text().await.unwrap();
    assert!(history.contains("pencairan dijadwalkan minggu depan"), "{history}");
    assert_eq!(b.find(Locator::Id("status")).await.unwrap().text().await.unwrap(), "Diproses");
    b.close().await.unwrap();
}
