//! Fresh databases for tests: a migrated SQLite file always, and a PostgreSQL database when
//! `BERDAYA_TEST_PG` names a server. Both are copied from a template migrated once per test
//! process, so each test starts from an empty, fully migrated schema in milliseconds.

use std::path::PathBuf;

use sha2::{Digest, Sha256};
use sqlx::{AssertSqlSafe, Connection};
use tokio::sync::OnceCell;

use crate::{Db, Result, StoreError};

pub mod fixtures;

static SQLITE_TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// A name that changes whenever the schema or reference data changes.
fn schema_fingerprint() -> String {
    static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FINGERPRINT.get_or_init(compute_fingerprint).clone()
}

fn compute_fingerprint() -> String {
    let mut h = Sha256::new();
    for dir in [crate::db::pg_migration_names(), crate::db::sqlite_migration_names()] {
        for n in dir {
            h.update(n.as_bytes());
        }
    }
    h.update(berdaya_core::refdata::WILAYAH_VERSION.as_bytes());
    // The region data itself: templates are shared between test runs, so an edit of the
    // embedded files without a new version name must still make a new template.
    for data in [berdaya_core::refdata::WILAYAH_CSV, berdaya_core::refdata::PENDUDUK_CSV, berdaya_core::refdata::LUAS_CSV] {
        h.update(data.as_bytes());
    }
    hex::encode(h.finalize())[..12].to_string()
}

/// The PostgreSQL server URL for tests, if any.
pub fn pg_url() -> Option<String> {
    std::env::var("BERDAYA_TEST_PG").ok().filter(|s| !s.is_empty())
}

/// A fresh migrated SQLite database in `dir`.
///
/// The template is one file per schema fingerprint in the temp dir, shared by every test
/// process (built under a private name, then renamed into place), so repeated test runs do
/// not leave one template behind per process.
pub async fn fresh_sqlite(dir: &std::path::Path) -> Result<Db> {
    let tpl = SQLITE_TEMPLATE
        .get_or_try_init(|| async {
            let path = std::env::temp_dir().join(format!("berdaya-tpl-{}.db", schema_fingerprint()));
            if path.is_file() {
                return Ok(path);
            }
            let building = path.with_extension(format!("db.{}.building", std::process::id()));
            let _ = std::fs::remove_file(&building);
            let db = Db::connect(building.to_str().unwrap_or_default()).await?;
            db.migrate().await?;
            if let Db::Sqlite(p) = &db {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(p).await?;
            }
            db.close().await;
            for side in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{side}", building.display()));
            }
            std::fs::rename(&building, &path).map_err(|e| StoreError::Other(format!("template: {e}")))?;
            Ok::<_, StoreError>(path)
        })
        .await?;
    let path = dir.join("berdaya.db");
    std::fs::copy(tpl, &path).map_err(|e| StoreError::Other(format!("copy template: {e}")))?;
    Db::connect(path.to_str().unwrap_or_default()).await
}

/// Test databases are named `berdaya_t_<pid>_<uuid>`. Drop those whose test process has
/// ended (and unnamed ones from older runs that nobody is connected to), so a test run keeps
/// at most one test binary's databases on the server's disk.
async fn drop_finished_test_databases(admin: &mut sqlx::PgConnection) -> Result<()> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database d WHERE datname LIKE 'berdaya\\_t\\_%' \
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)",
    )
    .fetch_all(&mut *admin)
    .await?;
    for name in names {
        let pid = name.strip_prefix("berdaya_t_").and_then(|r| r.split_once('_')).and_then(|(p, _)| p.parse::<u32>().ok());
        let finished = match pid {
            Some(pid) => pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            None => true,
        };
        if finished {
            // Someone may connect in between (a pid reused by another test process): then the
            // drop fails and the database stays, which is harmless.
            let _ = sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}"))).execute(&mut *admin).await;
        }
    }
    Ok(())
}

/// The URL of a fresh migrated PostgreSQL database, or `None` when no test server is configured.
pub async fn fresh_pg_url() -> Result<Option<String>> {
    let Some(url) = pg_url() else { return Ok(None) };
    let tpl = PG_TEMPLATE
        .get_or_try_init(|| async {
            let name = format!("berdaya_tpl_{}", schema_fingerprint());
            let mut admin = sqlx::PgConnection::connect(&url).await?;
            sqlx::query("SELECT pg_advisory_lock(4242)").execute(&mut admin).await?;
            let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
                .bind(&name)
                .fetch_optional(&mut admin)
                .await?;
            if exists.is_none() {
                let building = format!("{name}_building");
                sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {building}"))).execute(&mut admin).await?;
                sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {building}"))).execute(&mut admin).await?;
                let db = Db::connect(&with_db(&url, &building)).await?;
                db.migrate().await?;
                db.close().await;
                sqlx::query(AssertSqlSafe(format!("ALTER DATABASE {building} RENAME TO {name}"))).execute(&mut admin).await?;
            }
            drop_finished_test_databases(&mut admin).await?;
            sqlx::query("SELECT pg_advisory_unlock(4242)").execute(&mut admin).await?;
            Ok::<_, StoreError>(name)
        })
        .await?;
    let name = format!("berdaya_t_{}_{}", std::process::id(), uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&url).await?;
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name} TEMPLATE {tpl}"))).execute(&mut admin).await?;
    Ok(Some(with_db(&url, &name)))
}

/// A fresh migrated PostgreSQL database, or `None` when no test server is configured.
pub async fn fresh_pg() -> Result<Option<Db>> {
    match fresh_pg_url().await? {
        Some(url) => Ok(Some(Db::connect(&url).await?)),
        None => Ok(None),
    }
}

/// Every backend a store test should run on: SQLite always, PostgreSQL when configured.
pub async fn fresh_all(dir: &std::path::Path) -> Result<Vec<Db>> {
    let mut out = vec![fresh_sqlite(dir).await?];
    if let Some(pg) = fresh_pg().await? {
        out.push(pg);
    }
    Ok(out)
}

/// Replace the database name in a PostgreSQL URL.
pub fn with_db(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{base}/{db}{query}")
}
