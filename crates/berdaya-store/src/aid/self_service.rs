//! Owners applying themselves: which programs an operator opened to applications from the
//! public, and the tracking code of each application submitted that way.

use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::{COLS, Program};
use crate::{Db, Result, Tx, on_db, on_tx};

/// Open or close a program to self-submitted applications.
pub async fn set_open(tx: &mut Tx, program_id: Uuid, open: bool, by: Option<Uuid>, at: DateTime<Utc>) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO aid_self_service (program_id, dibuka, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (program_id) DO UPDATE SET dibuka = excluded.dibuka, updated_by = excluded.updated_by, updated_at = excluded.updated_at"
    )
    .bind(program_id)
    .bind(open)
    .bind(by)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Whether the program takes self-submitted applications.
pub async fn is_open(db: &Db, program_id: Uuid) -> Result<bool> {
    let v: Option<bool> = on_db!(db, |p| sqlx::query_scalar("SELECT dibuka FROM aid_self_service WHERE program_id = $1").bind(program_id).fetch_optional(p).await)?;
    Ok(v.unwrap_or(false))
}

/// Every program open to self-submitted applications (the public page filters by period).
pub async fn open_programs(db: &Db) -> Result<Vec<Program>> {
    let sql = format!(
        "SELECT {COLS} FROM aid_programs WHERE id IN (SELECT program_id FROM aid_self_service WHERE dibuka = $1) ORDER BY tahun DESC, nama, id"
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Program>(AssertSqlSafe(sql.as_str())).bind(true).fetch_all(p).await)?)
}

/// Remember the tracking code of a self-submitted application.
pub async fn insert_code(tx: &mut Tx, application_id: Uuid, code: &str, at: DateTime<Utc>) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("INSERT INTO aid_self_applications (application_id, kode, created_at) VALUES ($1, $2, $3)")
        .bind(application_id)
        .bind(code)
        .bind(at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The application a tracking code belongs to.
pub async fn application_for_code(db: &Db, code: &str) -> Result<Option<Uuid>> {
    Ok(on_db!(db, |p| sqlx::query_scalar("SELECT application_id FROM aid_self_applications WHERE kode = $1").bind(code).fetch_optional(p).await)?)
}

/// The tracking code of an application, when it was self-submitted.
pub async fn code_of(db: &Db, application_id: Uuid) -> Result<Option<String>> {
    Ok(on_db!(db, |p| sqlx::query_scalar("SELECT kode FROM aid_self_applications WHERE application_id = $1").bind(application_id).fetch_optional(p).await)?)
}
