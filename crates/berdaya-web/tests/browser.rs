//! A real browser: headless Chromium through ChromeDriver logs in, sees the dashboard and
//! logs out. `scripts/test.sh` sets BERDAYA_CHROMEDRIVER (and so makes this test required).

use crate::common;
use crate::common::*;
use crate::common::browser::click_nav;
use fantoccini::Locator;

#[tokio::test]
async fn login_dashboard_logout_in_chromium() {
    let Ok(driver_bin) = std::env::var("BERDAYA_CHROMEDRIVER") else {
        eprintln!("BERDAYA_CHROMEDRIVER not set: browser test skipped (scripts/test.sh sets it)");
        return;
    };
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Koperasi, UKM dan Perdagangan Kota Bontang", "64.74").await;
    app.user(a, "operator.bontang", "operator").await;

    let (_driver, b) = common::browser::browser(&driver_bin).await;

    b.goto(&app.url("/")).await.unwrap();
    assert!(b.current_url().await.unwrap().path().starts_with("/masuk"));
    b.find(Locator::Id("username")).await.unwrap().send_keys("operator.bontang").await.unwrap();
    b.find(Locator::Id("password")).await.unwrap().send_keys("salah-sekali-123").await.unwrap();
    click_nav(&b, "button[type=submit]").await;
    let err = b.wait().for_element(Locator::Id("login-error")).await.unwrap().text().await.unwrap();
    assert!(err.contains("salah"), "{err}");

    b.find(Locator::Id("username")).await.unwrap().clear().await.unwrap();
    b.find(Locator::Id("username")).await.unwrap().send_keys("operator.bontang").await.unwrap();
    b.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    click_nav(&b, "button[type=submit]").await;
    let h1 = b.wait().for_element(Locator::Css("main h1")).await.unwrap().text().await.unwrap();
    assert_eq!(h1, "Beranda");
    let body = b.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
    assert!(body.contains("Kota Bontang"), "{body}");
    // On a phone-sized window the menu is behind a toggle that our script opens.
    let toggle = b.find(Locator::Css(".menu-toggle")).await.unwrap();
    toggle.click().await.unwrap();
    assert_eq!(toggle.attr("aria-expanded").await.unwrap().as_deref(), Some("true"));

    click_nav(&b, "form[action='/keluar'] button").await;
    b.wait().for_element(Locator::Id("username")).await.unwrap();
    assert!(b.current_url().await.unwrap().path().starts_with("/masuk"));
    b.goto(&app.url("/")).await.unwrap();
    assert!(b.current_url().await.unwrap().path().starts_with("/masuk"), "logged out for real");
    b.close().await.unwrap();
}
