//! Agencies (Dinas): each works in one region subtree.

use berdaya_core::Scope;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Agency {
    pub id: Uuid,
    pub name: String,
    pub short_name: String,
    /// Dotted region code of its scope; '' for a national agency.
    pub region: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub logo_file_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewAgency {
    pub name: String,
    pub short_name: String,
    pub region: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

const COLS: &str = "id, name, short_name, region, address, phone, email, logo_file_id, created_at, updated_at";

pub async fn create(tx: &mut Tx, a: &NewAgency) -> Result<Agency> {
    let now = crate::now();
    let agency = Agency {
        id: crate::new_id(),
        name: a.name.clone(),
        short_name: a.short_name.clone(),
        region: a.region.clone(),
        address: a.address.clone(),
        phone: a.phone.clone(),
        email: a.email.clone(),
        logo_file_id: None,
        created_at: now,
        updated_at: now,
    };
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO agencies (id, name, short_name, region, address, phone, email, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    )
    .bind(agency.id)
    .bind(&agency.name)
    .bind(&agency.short_name)
    .bind(&agency.region)
    .bind(&agency.address)
    .bind(&agency.phone)
    .bind(&agency.email)
    .bind(now)
    .bind(now)
    .execute(c)
    .await.map(|r| r.rows_affected()))?;
    Ok(agency)
}

/// An agency by id, without a scope check: for the signed-in user's own agency only.
pub async fn get_unscoped(db: &Db, id: Uuid) -> Result<Agency> {
    let sql = format!("SELECT {COLS} FROM agencies WHERE id = $1");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Agency>(AssertSqlSafe(sql.as_str())).bind(id).fetch_one(p).await)?)
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Agency> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Agency, "agencies", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn list(db: &Db, scope: &Scope) -> Result<Vec<Agency>> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT {COLS} FROM agencies WHERE {} ORDER BY region, name", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_as::<_, Agency>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .fetch_all(p)
        .await)?)
}

pub async fn find_by_name(db: &Db, name: &str) -> Result<Option<Agency>> {
    let sql = format!("SELECT {COLS} FROM agencies WHERE name = $1");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Agency>(AssertSqlSafe(sql.as_str())).bind(name).fetch_optional(p).await)?)
}

#[derive(Debug, Clone)]
pub struct AgencyPatch {
    pub name: String,
    pub short_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

/// Update an agency inside `scope`; returns (before, after).
pub async fn update(tx: &mut Tx, scope: &Scope, id: Uuid, patch: &AgencyPatch) -> Result<(Agency, Agency)> {
    let s = ScopeSql::new(scope);
    let sel = format!("SELECT {COLS} FROM agencies WHERE id = $1 AND {}", ScopeSql::cond("region", 2, 3));
    let before = on_tx!(tx, |c| sqlx::query_as::<_, Agency>(AssertSqlSafe(sel.as_str()))
        .bind(id)
        .bind(&s.root)
        .bind(&s.pattern)
        .fetch_optional(c)
        .await)?
    .ok_or(StoreError::NotFound)?;
    let now = crate::now();
    on_tx!(tx, |c| sqlx::query(
        "UPDATE agencies SET name = $1, short_name = $2, address = $3, phone = $4, email = $5, updated_at = $6 WHERE id = $7"
    )
    .bind(&patch.name)
    .bind(&patch.short_name)
    .bind(&patch.address)
    .bind(&patch.phone)
    .bind(&patch.email)
    .bind(now)
    .bind(id)
    .execute(c)
    .await.map(|r| r.rows_affected()))?;
    let after = Agency {
        name: patch.name.clone(),
        short_name: patch.short_name.clone(),
        address: patch.address.clone(),
        phone: patch.phone.clone(),
        email: patch.email.clone(),
        updated_at: now,
        ..before.clone()
    };
    Ok((before, after))
}

pub async fn set_logo(tx: &mut Tx, id: Uuid, file_id: Uuid) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("UPDATE agencies SET logo_file_id = $1, updated_at = $2 WHERE id = $3")
        .bind(file_id)
        .bind(crate::now())
        .bind(id)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}
