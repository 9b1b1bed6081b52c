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

/// Drop the [`DEFERRABLE`] indexes that exist, saving their definitions, in one transaction.
/// Returns the names dropped.
pub async fn defer_indexes(db: &Db) -> Result<Vec<String>> {
    let mut tx = db.begin().await?;
    let now = crate::now();
    let mut dropped = Vec::new();
    for name in DEFERRABLE {
        let Some(def) = definition(&mut tx, name).await? else { continue };
        if def.to_ascii_uppercase().starts_with("CREATE UNIQUE") {
            continue;
        }
        on_tx!(&mut tx, |c| {
            sqlx::query("INSERT INTO deferred_indexes (name, definition, deferred_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
                .bind(*name)
                .bind(&def)
                .bind(now)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        let drop = format!("DROP INDEX {name}");
        on_tx!(&mut tx, |c| sqlx::query(sqlx::AssertSqlSafe(drop.clone())).execute(c).await.map(|r| r.rows_affected()))?;
        dropped.push((*name).to_string());
    }
    tx.commit().await?;
    Ok(dropped)
}

/// Re-create every index whose definition waits in `deferred_indexes` (each with the removal
/// of its row, in one transaction). Returns the names built.
pub async fn restore_indexes(db: &Db) -> Result<Vec<String>> {
    let waiting: Vec<(String, String)> =
        crate::on_db!(db, |p| sqlx::query_as("SELECT name, definition FROM deferred_indexes ORDER BY name").fetch_all(p).await)?;
    let mut built = Vec::new();
    for (name, def) in waiting {
        let mut tx = db.begin().await?;
        if let crate::Tx::Pg(t) = &mut tx {
            sqlx::query("SET LOCAL maintenance_work_mem = '256MB'").execute(&mut **t).await?;
        }
        // Someone may have built it by hand meanwhile: then only the row goes.
        if definition(&mut tx, &name).await?.is_none() {
            on_tx!(&mut tx, |c| sqlx::query(sqlx::AssertSqlSafe(def.clone())).execute(c).await.map(|r| r.rows_affected()))?;
            built.push(name.clone());
        }
        on_tx!(&mut tx, |c| sqlx::query("DELETE FROM deferred_indexes WHERE name = $1").bind(&name).execute(c).await.map(|r| r.rows_affected()))?;
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
