//! Headless Chromium through ChromeDriver for the browser tests.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};

/// The ChromeDriver process; killed when dropped. Holds the browser turn: the browser tests
/// share one test binary and would otherwise start several Chromiums at once on a 2-core
/// CI machine.
pub struct Driver(Child, #[allow(dead_code)] tokio::sync::OwnedMutexGuard<()>);

static BROWSER_TURN: std::sync::LazyLock<std::sync::Arc<tokio::sync::Mutex<()>>> = std::sync::LazyLock::new(Default::default);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start ChromeDriver on a free port and open a headless Chromium at phone width (390 px).
pub async fn browser(driver_bin: &str) -> (Driver, Client) {
    let turn = BROWSER_TURN.clone().lock_owned().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let driver = Driver(Command::new(driver_bin).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap(), turn);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--window-size=390,844"],
            // Headless Chromium keeps windows at least 500 px wide; emulating the phone's
            // screen gives the pages a real 390 px viewport.
            "mobileEmulation": {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 1.0}}}),
    );
    for _ in 0..50 {
        let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        if let Ok(c) = builder.capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await {
            return (driver, c);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("chromedriver did not start");
}

/// Clear an input found by id and type `text` into it.
pub async fn fill(b: &Client, id: &str, text: &str) {
    let el = b.find(fantoccini::Locator::Id(id)).await.unwrap();
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

/// Click something that loads a new page (a submit button or a link) and wait until the new
/// document has replaced the old one. Waiting for an element id alone races: the old page
/// often has the same id, which then goes stale under the test.
pub async fn click_nav(b: &Client, css: &str) {
    let old = b.find(fantoccini::Locator::Css("html")).await.unwrap();
    let el = b.find(fantoccini::Locator::Css(css)).await.unwrap();
    b.execute("arguments[0].scrollIntoView({block: 'center'});", vec![serde_json::to_value(&el).unwrap()]).await.unwrap();
    el.click().await.unwrap();
    wait_replaced(b, old).await;
}

/// Wait until `old` (the previous page's `<html>`) is gone and the new page has loaded.
pub async fn wait_replaced(b: &Client, old: fantoccini::elements::Element) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while old.tag_name().await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "the click did not load a new page");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    loop {
        let state = b.execute("return document.readyState;", vec![]).await.ok();
        if state.as_ref().and_then(|v| v.as_str()) == Some("complete") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the new page did not finish loading");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

/// The text of the element with this id on the current page.
pub async fn text_of(b: &Client, id: &str) -> String {
    b.wait().for_element(fantoccini::Locator::Id(id)).await.unwrap().text().await.unwrap()
}
