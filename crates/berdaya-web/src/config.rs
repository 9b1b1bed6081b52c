//! Typed settings: defaults → config file → `BERDAYA_…` environment → command-line flags.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `postgres://…` for PostgreSQL; empty for the SQLite file in `data_dir`.
    pub database_url: String,
    /// Where the SQLite file and local uploads live.
    pub data_dir: PathBuf,
    pub host: String,
    pub port: u16,
    /// Set when served behind HTTPS: cookies get `Secure` and a `__Host-` prefix, HSTS is sent.
    pub secure_cookies: bool,
    /// Use the first `X-Forwarded-For` address as the client IP (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// JSON log lines instead of human-readable ones.
    pub json_logs: bool,
    /// Sign out after this many idle minutes.
    pub session_idle_minutes: i64,
    /// Sign out after this many hours whatever the activity.
    pub session_max_hours: i64,
    /// Largest ordinary request body (forms, JSON), in KiB.
    pub max_body_kib: usize,
    /// Largest upload, in MiB.
    pub max_upload_mib: usize,
    /// Run the job worker inside `serve`.
    pub worker: bool,
    /// Password hashing strength: "normal" (argon2id, 19 MiB, t=2) or "fast" (tests only).
    pub password_cost: String,
    /// The public address (`https://berdaya.bontangkota.go.id`) printed in certificate QR
    /// codes; empty: the scheme and `Host` of the request that asked for them.
    pub public_url: String,
    pub storage: StorageConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageConfig {
    /// "local" (a folder) — S3-compatible stores plug in behind the same interface.
    pub kind: String,
    /// Folder for "local"; defaults to `<data_dir>/uploads`.
    pub path: Option<PathBuf>,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig { kind: "local".into(), path: None }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: String::new(),
            data_dir: PathBuf::from("berdaya-data"),
            host: "127.0.0.1".into(),
            port: 8080,
            secure_cookies: false,
            trust_proxy: false,
            json_logs: false,
            session_idle_minutes: 120,
            session_max_hours: 12,
            max_body_kib: 2048,
            max_upload_mib: 20,
            worker: true,
            password_cost: "normal".into(),
            public_url: String::new(),
            storage: StorageConfig::default(),
        }
    }
}

impl Config {
    /// The database URL to connect to (the SQLite file in `data_dir` by default).
    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            self.data_dir.join("berdaya.db").to_string_lossy().into_owned()
        } else {
            self.database_url.clone()
        }
    }

    pub fn uploads_dir(&self) -> PathBuf {
        self.storage.path.clone().unwrap_or_else(|| self.data_dir.join("uploads"))
    }

    /// The configured public address without a trailing slash, if any. Anything but an
    /// `http(s)://host[/path]` is refused (checked at start-up).
    pub fn public_base_url(&self) -> anyhow::Result<Option<String>> {
        let u = self.public_url.trim().trim_end_matches('/');
        if u.is_empty() {
            return Ok(None);
        }
        let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).unwrap_or("");
        let host = rest.split('/').next().unwrap_or("");
        let clean = |c: char| c.is_ascii_alphanumeric() || ".-:[]/_~%".contains(c);
        if host.is_empty() || !rest.chars().all(clean) {
            anyhow::bail!("public_url harus berupa alamat http(s)://host (tanpa ? atau #), bukan {u:?}");
        }
        Ok(Some(u.to_string()))
    }
}

/// A commented example config file.
pub const EXAMPLE: &str = r#"# Berdaya configuration. Every key is optional; environment variables override the file
# (BERDAYA_PORT=9000, BERDAYA_DATABASE_URL=postgres://…, BERDAYA_STORAGE__KIND=local).

# Empty: SQLite file <data_dir>/berdaya.db. For PostgreSQL: "postgres://user:pass@host/db".
database_url = ""
# SQLite file and uploaded files live here.
data_dir = "berdaya-data"
host = "127.0.0.1"
port = 8080
# Behind HTTPS (a reverse proxy): secure cookies and HSTS.
secure_cookies = false
# Trust X-Forwarded-For from the reverse proxy for the client IP.
trust_proxy = false
# JSON log lines (for log collectors).
json_logs = false
# Session lifetime.
session_idle_minutes = 120
session_max_hours = 12
# Request size limits.
max_body_kib = 2048
max_upload_mib = 20
# Run the background job worker inside `serve` (turn off when running `berdaya worker` apart).
worker = true
password_cost = "normal"
# Public address for certificate QR codes (BERDAYA_PUBLIC_URL); empty: from each request's Host.
# public_url = "https://berdaya.example.go.id"

[storage]
kind = "local"
# path = "/var/lib/berdaya/uploads"
"#;

#[cfg(test)]
mod tests {
    use super::Config;

    fn with(url: &str) -> anyhow::Result<Option<String>> {
        Config { public_url: url.into(), ..Config::default() }.public_base_url()
    }

    #[test]
    fn public_url_is_an_http_address_without_trailing_slash() {
        assert_eq!(with("").unwrap(), None);
        assert_eq!(with(" https://berdaya.bontangkota.go.id/ ").unwrap().as_deref(), Some("https://berdaya.bontangkota.go.id"));
        assert_eq!(with("http://10.0.0.5:8080/berdaya").unwrap().as_deref(), Some("http://10.0.0.5:8080/berdaya"));
        for bad in ["berdaya.go.id", "ftp://x.go.id", "https://", "https://x.go.id/?a=1", "https://x y.go.id", "javascript:alert(1)"] {
            assert!(with(bad).is_err(), "{bad}");
        }
    }
}
