//! `spawn_app()`: the real app on a free port over a fresh database, and typed helpers.
#![allow(dead_code)]

pub mod browser;
pub mod forms;

use berdaya_store::{Db, testing};
use berdaya_web::Application;
use berdaya_web::config::Config;
use berdaya_web::services::Actor;
use berdaya_web::services::accounts::{self, UserInput};
use berdaya_web::services::agencies::{AgencyInput, create_agency};
use tokio::sync::oneshot;
use uuid::Uuid;

pub const PASSWORD: &str = "Sandi-Uji-Coba-77";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub config: Config,
    pub label: &'static str,
    _dir: tempfile::TempDir,
    _stop: oneshot::Sender<()>,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn start(db: Db, label: &'static str, dir: tempfile::TempDir) -> TestApp {
    start_with(db, label, dir, |_| {}).await
}

async fn start_with(db: Db, label: &'static str, dir: tempfile::TempDir, tweak: fn(&mut Config)) -> TestApp {
    let mut config = Config {
        port: 0,
        data_dir: dir.path().to_path_buf(),
        password_cost: "fast".into(),
        ..Config::default()
    };
    tweak(&mut config);
    let app = Application::build(config.clone(), db.clone()).await.unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(app.run_until(async move {
        let _ = rx.await;
    }));
    TestApp { base, db, config, label, _dir: dir, _stop: tx }
}

/// The app on SQLite, and on PostgreSQL too when `BERDAYA_TEST_PG` is set.
pub async fn spawn_apps() -> Vec<TestApp> {
    let dir = tempfile::tempdir().unwrap();
    let mut apps = vec![start(testing::fresh_sqlite(dir.path()).await.unwrap(), "sqlite", dir).await];
    if let Some(pg) = testing::fresh_pg().await.unwrap() {
        apps.push(start(pg, "postgres", tempfile::tempdir().unwrap()).await);
    }
    apps
}

/// Like `spawn_apps`, with a changed configuration.
pub async fn spawn_apps_with(tweak: fn(&mut Config)) -> Vec<TestApp> {
    let dir = tempfile::tempdir().unwrap();
    let mut apps = vec![start_with(testing::fresh_sqlite(dir.path()).await.unwrap(), "sqlite", dir, tweak).await];
    if let Some(pg) = testing::fresh_pg().await.unwrap() {
        apps.push(start_with(pg, "postgres", tempfile::tempdir().unwrap(), tweak).await);
    }
    apps
}

pub async fn spawn_sqlite() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db = testing::fresh_sqlite(dir.path()).await.unwrap();
    start(db, "sqlite", dir).await
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn hasher(&self) -> berdaya_web::auth::password::Hasher {
        berdaya_web::auth::password::Hasher::new("fast")
    }

    pub async fn agency(&self, name: &str, region: &str) -> Uuid {
        let a = create_agency(&self.db, &Actor::cli(), &AgencyInput { name: name.into(), region: region.into(), ..Default::default() })
            .await
            .unwrap();
        a.id
    }

    /// A user created from the command line (no forced password change).
    pub async fn user(&self, agency: Uuid, username: &str, role: &str) -> Uuid {
        let input = UserInput {
            username: username.into(),
            full_name: format!("Pengguna {username}"),
            role: role.into(),
            agency_id: Some(agency),
            password: PASSWORD.into(),
            active: true,
            email: String::new(),
        };
        accounts::create_user(&self.db, &self.hasher(), &Actor::cli(), &input).await.unwrap().id
    }

    /// A signed-in browser-like client.
    pub async fn login(&self, username: &str) -> reqwest::Client {
        let c = client();
        let res = self.try_login(&c, username, PASSWORD).await;
        assert_eq!(res.status(), 303, "{} login {username}", self.label);
        c
    }

    pub async fn try_login(&self, c: &reqwest::Client, username: &str, password: &str) -> reqwest::Response {
        let page = c.get(self.url("/masuk")).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_of(&page);
        c.post(self.url("/masuk"))
            .form(&[("_csrf", csrf.as_str()), ("username", username), ("password", password), ("next", "/")])
            .send()
            .await
            .unwrap()
    }

    /// An API token for a user.
    pub async fn token(&self, username: &str) -> String {
        let c = self.login(username).await;
        let page = c.get(self.url("/akun/token")).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_of(&page);
        let page = c
            .post(self.url("/akun/token"))
            .form(&[("_csrf", csrf.as_str()), ("name", "uji")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let start = page.find("id=\"new-token\">").expect("token shown") + "id=\"new-token\">".len();
        page[start..start + 68].to_string()
    }

    /// GET a page and return its CSRF token (the session's).
    pub async fn csrf(&self, c: &reqwest::Client) -> String {
        csrf_of(&c.get(self.url("/akun/kata-sandi")).send().await.unwrap().text().await.unwrap())
    }
}

/// The value of the first `_csrf` hidden field in a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_string()
}

/// Poll a job through `GET /api/v1/jobs/{id}` until it is done or failed (`job` is its id or
/// its page, `/tugas/{id}`); the job's JSON.
pub async fn finished_job(app: &TestApp, c: &reqwest::Client, job: &str) -> serde_json::Value {
    let id = job.trim_start_matches("/tugas/");
    for _ in 0..300 {
        let j: serde_json::Value = c.get(app.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
        if j["status"] == "done" || j["status"] == "failed" {
            return j;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{}: job {id} did not finish", app.label);
}
