//! The database handle: one enum over the two backends.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::{Result, StoreError};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static PG_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Names of the embedded PostgreSQL migrations (for test template fingerprints).
pub fn pg_migration_names() -> Vec<String> {
    PG_MIGRATIONS.iter().map(|m| format!("{}:{}", m.version, hex::encode(&m.checksum))).collect()
}

/// Names of the embedded SQLite migrations (for test template fingerprints).
pub fn sqlite_migration_names() -> Vec<String> {
    SQLITE_MIGRATIONS.iter().map(|m| format!("{}:{}", m.version, hex::encode(&m.checksum))).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool on either backend. Cheap to clone.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// An open write transaction on either backend.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Pg(Transaction<'static, Postgres>),
}

/// Run the same expression against whichever pool `db` holds.
#[macro_export]
macro_rules! on_db {
    ($db:expr, |$p:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite($p) => $body,
            $crate::Db::Pg($p) => $body,
        }
    };
}

/// Run the same expression against whichever transaction `tx` holds (`$c` is the connection).
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Pg(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Process-wide SQLite settings, before the library's first connection initialises it.
/// Memory statistics off: with them on, every allocation SQLite makes (one per column value
/// sqlx copies out of a row) takes one global lock, which concurrent readers queued on
/// (a quarter of a busy list page's time in futex calls, 4 connections on 2 cores).
fn sqlite_process_config() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: SQLITE_CONFIG_MEMSTATUS takes one int. Called before any connection of this
        // process (`Once`, first SQLite connect); if the library was initialised already it
        // returns SQLITE_MISUSE and changes nothing.
        let rc = unsafe { rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int) };
        if rc != rusqlite::ffi::SQLITE_OK {
            tracing::debug!(rc, "SQLite memory statistics left on (library already initialised)");
        }
    });
}

impl Db {
    /// Connect to `url`: `postgres://…` for PostgreSQL, `sqlite://path` or a plain file path
    /// for SQLite (created if missing, WAL mode).
    pub async fn connect(url: &str) -> Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Pg(pool))
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            sqlite_process_config();
            let opts = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("cache_size", "-32000")
                // Reads through the OS page cache without a copy per page, and without the
                // page cache shared by all connections (one lock; this build of SQLite has
                // no separate caches): up to the largest map this build allows (2 GiB).
                .pragma("mmap_size", "2147418112");
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Sqlite(pool))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Pg(_) => Backend::Postgres,
        }
    }

    /// Apply pending schema migrations, then load the embedded reference data if this
    /// version of it is not loaded yet.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Db::Pg(p) => PG_MIGRATIONS.run(p).await?,
        }
        crate::regions::load_embedded(self).await?;
        // Indexes an initial import dropped and did not live to build again.
        crate::bulk_load::restore_indexes(self).await?;
        Ok(())
    }

    /// Begin a write transaction. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so read-then-write transactions never fail to upgrade.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Db::Pg(p) => Tx::Pg(p.begin().await?),
        })
    }

    /// Cheap liveness check for `/health`.
    pub async fn ping(&self) -> Result<()> {
        on_db!(self, |p| sqlx::query("SELECT 1").execute(p).await.map(|r| r.rows_affected()).map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        on_db!(self, |p| p.close().await)
    }

    /// A consistent copy of a live SQLite database into `dest` (`VACUUM INTO`).
    pub async fn sqlite_snapshot(&self, dest: &std::path::Path) -> Result<()> {
        let Db::Sqlite(p) = self else {
            return Err(StoreError::Other("snapshot is for SQLite; use pg_dump for PostgreSQL".into()));
        };
        let dest = dest.to_str().ok_or_else(|| StoreError::Other("backup path is not UTF-8".into()))?;
        sqlx::query("VACUUM INTO $1").bind(dest).execute(p).await.map(|r| r.rows_affected())?;
        Ok(())
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Pg(t) => t.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.rollback().await?,
            Tx::Pg(t) => t.rollback().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Pg(_) => Backend::Postgres,
        }
    }
}

/// Set the SQLite page cache of the connection behind `tx` to `mib` MiB, and read through
/// it rather than the memory map (no-op on PostgreSQL). For a bulk writer: the map gained
/// nothing measurable there (1 M-row import 63 s with it, 65 s without) and its pages count
/// in the process's resident size (peak 1.34 GB against 0.73 GB).
pub async fn set_sqlite_cache(tx: &mut Tx, mib: u32) -> Result<()> {
    if let Tx::Sqlite(t) = tx {
        let sql = format!("PRAGMA cache_size = -{}", u64::from(mib) * 1024);
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut **t).await?;
        sqlx::query("PRAGMA mmap_size = 0").execute(&mut **t).await?;
    }
    Ok(())
}
