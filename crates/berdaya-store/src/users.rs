//! Staff users. A user's `region` is its agency's region, copied so scope filters are one
//! column compare.

use berdaya_core::Scope;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub region: String,
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub role: String,
    #[serde(skip)]
    pub password_hash: String,
    pub active: bool,
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub agency_id: Uuid,
    pub region: String,
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub role: String,
    pub password_hash: String,
    pub must_change_password: bool,
}

const COLS: &str = "id, agency_id, region, username, full_name, email, role, password_hash, active, \
                    must_change_password, created_at, updated_at, last_login_at";

pub async fn create(tx: &mut Tx, u: &NewUser) -> Result<User> {
    let now = crate::now();
    let id = crate::new_id();
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO users (id, agency_id, region, username, full_name, email, role, password_hash, active, \
         must_change_password, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    )
    .bind(id)
    .bind(u.agency_id)
    .bind(&u.region)
    .bind(&u.username)
    .bind(&u.full_name)
    .bind(&u.email)
    .bind(&u.role)
    .bind(&u.password_hash)
    .bind(true)
    .bind(u.must_change_password)
    .bind(now)
    .bind(now)
    .execute(c)
    .await.map(|r| r.rows_affected()))?;
    Ok(User {
        id,
        agency_id: u.agency_id,
        region: u.region.clone(),
        username: u.username.clone(),
        full_name: u.full_name.clone(),
        email: u.email.clone(),
        role: u.role.clone(),
        password_hash: u.password_hash.clone(),
        active: true,
        must_change_password: u.must_change_password,
        created_at: now,
        updated_at: now,
        last_login_at: None,
    })
}

/// For sign-in only: no scope, since nobody is signed in yet.
pub async fn get_by_username(db: &Db, username: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {COLS} FROM users WHERE username = $1");
    Ok(on_db!(db, |p| sqlx::query_as::<_, User>(AssertSqlSafe(sql.as_str()))
        .bind(username.trim().to_lowercase())
        .fetch_optional(p)
        .await)?)
}

/// For the session layer and the user's own pages: the signed-in user by id.
pub async fn get_self(db: &Db, id: Uuid) -> Result<User> {
    let sql = format!("SELECT {COLS} FROM users WHERE id = $1");
    Ok(on_db!(db, |p| sqlx::query_as::<_, User>(AssertSqlSafe(sql.as_str())).bind(id).fetch_one(p).await)?)
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<User> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, User, "users", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn list(db: &Db, scope: &Scope, q: &str, limit: i64, offset: i64) -> Result<Vec<User>> {
    let s = ScopeSql::new(scope);
    let needle = format!("%{}%", q.trim().to_lowercase());
    let sql = format!(
        "SELECT {COLS} FROM users WHERE {} AND (LOWER(full_name) LIKE $3 OR username LIKE $3) \
         ORDER BY region, full_name LIMIT $4 OFFSET $5",
        ScopeSql::cond("region", 1, 2)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, User>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(&needle)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)?)
}

pub async fn count(db: &Db, scope: &Scope) -> Result<i64> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT COUNT(*) FROM users WHERE {}", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_scalar(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).fetch_one(p).await)?)
}

pub async fn count_active_admins(db: &Db) -> Result<i64> {
    Ok(on_db!(db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = $1")
        .bind(true)
        .fetch_one(p)
        .await)?)
}

#[derive(Debug, Clone)]
pub struct UserPatch {
    pub full_name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
}

/// Change a user inside `scope`; returns (before, after).
pub async fn update(tx: &mut Tx, scope: &Scope, id: Uuid, patch: &UserPatch) -> Result<(User, User)> {
    let before = get_for_update(tx, scope, id).await?;
    let now = crate::now();
    on_tx!(tx, |c| sqlx::query(
        "UPDATE users SET full_name = $1, email = $2, role = $3, active = $4, updated_at = $5 WHERE id = $6"
    )
    .bind(&patch.full_name)
    .bind(&patch.email)
    .bind(&patch.role)
    .bind(patch.active)
    .bind(now)
    .bind(id)
    .execute(c)
    .await.map(|r| r.rows_affected()))?;
    let after = User {
        full_name: patch.full_name.clone(),
        email: patch.email.clone(),
        role: patch.role.clone(),
        active: patch.active,
        updated_at: now,
        ..before.clone()
    };
    Ok((before, after))
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<User> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, User, "users", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn set_password(tx: &mut Tx, id: Uuid, hash: &str, must_change: bool) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4"
    )
    .bind(hash)
    .bind(must_change)
    .bind(crate::now())
    .bind(id)
    .execute(c)
    .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn touch_login(db: &Db, id: Uuid) -> Result<()> {
    on_db!(db, |p| sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2").bind(crate::now()).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}
