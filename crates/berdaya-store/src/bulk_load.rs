//! Initial loads: the registry's secondary indexes dropped before a large import into an
//! empty registry and built afterwards, sorted, in one pass each.
//!
//! Keeping every index while a million rows arrive costs most of an import: each row touches
//! about twenty index B-trees at random keys (names, NIK, phone, birth date, words). Building
//! an index from a full table sorts once instead. Only plain (non-unique) indexes are
//! deferred, so every uniqueness rule (one owner per NIK, one word row per business and word)
//! still holds during the load, and the indexes the import itself reads stay (primary keys,
//! `owner_nik`, `businesses_owner`).
//!
//! On PostgreSQL the foreign keys the import's rows are checked against (business → owner,
//! snapshot → business) are dropped too and added back afterwards, which checks every row in
//! one pass instead of one trigger query per row (a quarter of the server's time in a load).
//! While they are missing, references written by anyone are unchecked (as reads that need the
//! missing indexes are slow); adding a key back validates all rows, and should a row written
//! meanwhile break it, the key is added as `NOT VALID` (enforced for new rows) with an error in
//! the log instead of stopping the start-up.
//!
//! Crash safety: the definitions of the dropped indexes are saved in `deferred_indexes` in
//! the same transaction that drops them; [`restore_indexes`] re-creates each one and deletes
//! its row in one transaction. The import calls it when it ends (also after an error), and
//! [`crate::Db::migrate`] calls it at every start-up, so an import that was killed leaves at
//! worst a slower database until the next start.

use crate::{Db, Result, on_tx};

/// The secondary indexes an initial load may build afterwards (names shared by both
/// databases' migrations). An index missing from the catalog (renamed or dropped by a later
/// migration) is skipped.
pub const DEFERRABLE: &[&str] = &[
    "owners_region",
    "owners_nama",
    "owners_hp",
    "owners_dob",
    "owners_ektp",
    "businesses_region_nama",
    "businesses_nama",
    "businesses_owner_nama",
    "businesses_skala",
    "businesses_sektor",
    "businesses_nib",
    "businesses_skala_nama",
    "businesses_sektor_nama",
    "business_snapshots_business",
    "business_tokens_nama",
    "business_tokens_pemilik",
];

/// Foreign keys an initial load on PostgreSQL adds back afterwards: (table, constraint).
/// SQLite keeps foreign keys in the table definition and checks them cheaply, so it keeps them.
pub const DEFERRABLE_FOREIGN_KEYS: &[(&str, &str)] =
    &[("businesses", "businesses_owner_id_fkey"), ("business_snapshots", "business_snapshots_business_id_fkey")];

/// Whether the registry holds no owner at all (what makes a load "initial").
pub async fn registry_is_empty(db: &Db) -> Result<bool> {
    let any: Option<i32> = crate::on_db!(db, |p| sqlx::query_scalar("SELECT 1 FROM owners LIMIT 1").fetch_optional(p).await)?;
    Ok(any.is_none())
}

/// The definition of a plain index, when it exists.
async fn definition(tx: &mut crate::Tx, name: &str) -> Result<Option<String>> {
    Ok(match tx {
        crate::Tx::Sqlite(t) => {
            sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1 AND sql IS NOT NULL")
                .bind(name)
                .fetch_optional(&mut **t)
                .await?
        }
        crate::Tx::Pg(t) => {
            sqlx::query_scalar("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1")
                .bind(name)
                .fetch_optional(&mut **t)
                .await?
        }
    })
}

/// Whether an index or (PostgreSQL) a constraint of this name exists.
async fn exists(tx: &mut crate::Tx, name: &str) -> Result<bool> {
    if definition(tx, name).await?.is_some() {
        return Ok(true);
    }
    Ok(match tx {
        crate::Tx::Sqlite(_) => false,
        crate::Tx::Pg(t) => sqlx::query_scalar::<_, i32>(
            "SELECT 1 FROM pg_constraint WHERE conname = $1 AND connamespace = current_schema()::regnamespace",
        )
        .bind(name)
        .fetch_optional(&mut **t)
        .await?
        .is_some(),
    })
}

/// Save a definition and run the statement that drops what it defines.
async fn save_and_drop(tx: &mut crate::Tx, name: &str, def: &str, drop: String, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    on_tx!(tx, |c| {
        sqlx::query("INSERT INTO deferred_indexes (name, definition, deferred_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(def)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(drop.clone())).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Drop the [`DEFERRABLE`] indexes that exist (and on PostgreSQL the
/// [`DEFERRABLE_FOREIGN_KEYS`]), saving their definitions, in one transaction. Returns the
/// names dropped.
pub async fn defer_indexes(db: &Db) -> Result<Vec<String>> {
    let mut tx = db.begin().await?;
    let now = crate::now();
    let mut dropped = Vec::new();
    for name in DEFERRABLE {
        let Some(def) = definition(&mut tx, name).await? else { continue };
        if def.to_ascii_uppercase().starts_with("CREATE UNIQUE") {
            continue;
        }
        save_and_drop(&mut tx, name, &def, format!("DROP INDEX {name}"), now).await?;
        dropped.push((*name).to_string());
    }
    if let crate::Tx::Pg(t) = &mut tx {
        let mut keys = Vec::new();
        for (table, name) in DEFERRABLE_FOREIGN_KEYS {
            let def: Option<String> = sqlx::query_scalar(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = $1 AND contype = 'f' \
                 AND conrelid = to_regclass($2) AND convalidated",
            )
            .bind(*name)
            .bind(*table)
            .fetch_optional(&mut **t)
            .await?;
            if let Some(def) = def {
                keys.push((*table, *name, def));
            }
        }
        for (table, name, def) in keys {
            let add = format!("ALTER TABLE {table} ADD CONSTRAINT {name} {def}");
            save_and_drop(&mut tx, name, &add, format!("ALTER TABLE {table} DROP CONSTRAINT {name}"), now).await?;
            dropped.push(name.to_string());
        }
    }
    tx.commit().await?;
    Ok(dropped)
}

/// SQLite sorts an index's keys in runs merged by worker threads when its sorter may spill
/// (a moderate page cache), but in one single-threaded in-memory sort when the cache is
/// large, as an import leaves it (measured at 4.2 M word rows: 10.3 s with a 1 GiB cache,
/// 6.3 s with 64 MiB and two threads). Set those for the index builds on this connection;
/// returns the settings to put back.
async fn sqlite_sort_settings(t: &mut sqlx::Transaction<'static, sqlx::Sqlite>) -> Result<(i64, i64)> {
    let cache: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut **t).await?;
    let threads: i64 = sqlx::query_scalar("PRAGMA threads").fetch_one(&mut **t).await?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4);
    let set = format!("PRAGMA cache_size = -65536; PRAGMA threads = {cores}");
    sqlx::raw_sql(sqlx::AssertSqlSafe(set)).execute(&mut **t).await?;
    Ok((cache, threads))
}

/// Re-create every index whose definition waits in `deferred_indexes` (each with the removal
/// of its row, in one transaction). Returns the names built.
pub async fn restore_indexes(db: &Db) -> Result<Vec<String>> {
    // Indexes first: checking a foreign key reads the tables.
    let waiting: Vec<(String, String)> = crate::on_db!(db, |p| sqlx::query_as(
        "SELECT name, definition FROM deferred_indexes ORDER BY CASE WHEN definition LIKE 'ALTER TABLE%' THEN 1 ELSE 0 END, name"
    )
    .fetch_all(p)
    .await)?;
    let mut built = Vec::new();
    for (name, def) in waiting {
        let mut tx = db.begin().await?;
        let mut sqlite_settings = None;
        match &mut tx {
            crate::Tx::Pg(t) => {
                sqlx::query("SET LOCAL maintenance_work_mem = '256MB'").execute(&mut **t).await?;
            }
            crate::Tx::Sqlite(t) => sqlite_settings = Some(sqlite_sort_settings(t).await?),
        }
        // Someone may have built it by hand meanwhile: then only the row goes.
        if !exists(&mut tx, &name).await? {
            let run = on_tx!(&mut tx, |c| sqlx::query(sqlx::AssertSqlSafe(def.clone())).execute(c).await.map(|r| r.rows_affected()));
            match run {
                Ok(_) => {}
                Err(e) if def.starts_with("ALTER TABLE") => {
                    // A row written while the key was away breaks it: keep the key for new
                    // rows and say so, rather than refuse to start.
                    tx.rollback().await?;
                    tracing::error!(constraint = %name, error = %e, "foreign key added back as NOT VALID: existing rows break it");
                    tx = db.begin().await?;
                    let not_valid = format!("{def} NOT VALID");
                    on_tx!(&mut tx, |c| sqlx::query(sqlx::AssertSqlSafe(not_valid.clone())).execute(c).await.map(|r| r.rows_affected()))?;
                }
                Err(e) => return Err(e.into()),
            }
            built.push(name.clone());
        }
        on_tx!(&mut tx, |c| sqlx::query("DELETE FROM deferred_indexes WHERE name = $1").bind(&name).execute(c).await.map(|r| r.rows_affected()))?;
        if let (crate::Tx::Sqlite(t), Some((cache, threads))) = (&mut tx, sqlite_settings) {
            let reset = format!("PRAGMA cache_size = {cache}; PRAGMA threads = {threads}");
            sqlx::raw_sql(sqlx::AssertSqlSafe(reset)).execute(&mut **t).await?;
        }
        tx.commit().await?;
    }
    // Fresh statistics for the planner after a large load (PostgreSQL; SQLite keeps none
    // unless asked, and its plans here do not depend on them).
    if !built.is_empty()
        && let Db::Pg(p) = db
    {
        sqlx::query("ANALYZE owners, businesses, business_tokens").execute(p).await?;
    }
    Ok(built)
}
