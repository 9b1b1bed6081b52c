//! Small key/value settings (e.g. the hashed first-run setup token).

use crate::{Db, Result, on_db};

pub async fn get(db: &Db, key: &str) -> Result<Option<String>> {
    Ok(on_db!(db, |p| sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(p).await)?)
}

pub async fn set(db: &Db, key: &str, value: &str) -> Result<()> {
    on_db!(db, |p| sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )
    .bind(key)
    .bind(value)
    .execute(p)
    .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Delete `key` only if it still holds `value`; true when this call deleted it
/// (so a one-time token can be consumed exactly once).
pub async fn take(db: &Db, key: &str, value: &str) -> Result<bool> {
    let r = on_db!(db, |p| sqlx::query("DELETE FROM settings WHERE key = $1 AND value = $2")
        .bind(key)
        .bind(value)
        .execute(p)
        .await.map(|r| r.rows_affected()))?;
    Ok(r == 1)
}

pub async fn delete(db: &Db, key: &str) -> Result<()> {
    on_db!(db, |p| sqlx::query("DELETE FROM settings WHERE key = $1").bind(key).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Set `key` inside a transaction (so the change and its audit row commit together).
pub async fn set_in(tx: &mut crate::Tx, key: &str, value: &str) -> Result<()> {
    crate::on_tx!(tx, |c| sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )
    .bind(key)
    .bind(value)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
