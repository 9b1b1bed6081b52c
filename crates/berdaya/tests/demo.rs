//! `berdaya serve --demo` on a fresh data directory gives a working system: the server comes
//! up after seeding, the demo logins work, and every module has its realistic data.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_berdaya");

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn csrf_of(html: &str) -> String {
    html.split("name=\"_csrf\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("form has a CSRF token").to_string()
}

#[tokio::test]
async fn serve_demo_gives_a_working_system() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(BIN)
        .args(["serve", "--demo", "--port", &port.to_string(), "--data-dir", &dir.path().to_string_lossy()])
        .env("BERDAYA_PASSWORD_COST", "fast")
        .env_remove("BERDAYA_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let base = format!("http://127.0.0.1:{port}");
    let c = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    // Seeding runs before the server listens; wait for it (a generous bound so a broken seed
    // fails instead of hanging the suite).
    let deadline = Instant::now() + Duration::from_secs(1200);
    loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            let mut err = String::new();
            server.0.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("serve --demo exited with {status}: {err}");
        }
        if c.get(format!("{base}/health")).send().await.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        assert!(Instant::now() < deadline, "the demo server did not come up");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // Public pages: an aid program open to self-service applications, complaints.
    let open = c.get(format!("{base}/bantuan/ajukan")).send().await.unwrap().text().await.unwrap();
    assert!(open.contains("Bantuan Bahan Baku Masker"), "{open}");
    assert_eq!(c.get(format!("{base}/pengaduan")).send().await.unwrap().status(), 200);

    // The operator's login from the printed list, then every module has data.
    let login = c.get(format!("{base}/masuk")).send().await.unwrap().text().await.unwrap();
    let form = [("_csrf", csrf_of(&login)), ("username", "operator.bontang".into()), ("password", "Berdaya-Demo-2026".into()), ("next", "/".into())];
    let res = c.post(format!("{base}/masuk")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303, "demo login works");
    let page = |path: &'static str| {
        let c = c.clone();
        let url = format!("{base}{path}");
        async move {
            let res = c.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            res.text().await.unwrap()
        }
    };
    let registry = page("/registri").await;
    assert!(registry.contains("usaha terdaftar") && registry.contains("Bontang"), "{registry}");
    // Permits recorded on part of the businesses: each permit filter lists some.
    for kind in ["pirt", "halal", "bpom", "merek"] {
        let held = c.get(format!("{base}/registri?izin={kind}")).send().await.unwrap().text().await.unwrap();
        assert!(held.contains("/registri/pelaku/") && !held.contains("Tidak ada usaha yang cocok."), "izin={kind}: {held}");
    }
    let aid = page("/bantuan").await;
    assert!(aid.contains("Stimulus Modal UMKM Kota Bontang") && aid.contains("Bantuan Bahan Baku Masker"), "{aid}");
    let budget = page("/bantuan/anggaran").await;
    assert!(budget.contains("60,0"), "Rp 3 M of Rp 5 M realised: {budget}");
    let training = page("/pelatihan").await;
    assert!(training.contains("Pelatihan"), "{training}");
    let complaints = page("/pengaduan/kelola").await;
    assert!(complaints.contains("Pengaduan"), "{complaints}");
}
