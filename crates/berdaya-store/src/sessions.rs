//! Server-side sessions, sign-in attempts (for rate limiting) and API tokens.
//! Only hashes of secrets are stored.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Db, Result, on_db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Session {
    pub token_hash: String,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn create(db: &Db, token_hash: &str, user_id: Uuid, csrf: &str, ttl: Duration, ip: &str, ua: &str) -> Result<()> {
    let now = crate::now();
    on_db!(db, |p| sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(csrf)
    .bind(now)
    .bind(now)
    .bind(now + ttl)
    .bind(ip)
    .bind(ua)
    .execute(p)
    .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A live session; slides its expiry forward (at most once a minute) when `idle` is given.
pub async fn get_live(db: &Db, token_hash: &str, idle: Duration, absolute: Duration) -> Result<Option<Session>> {
    let now = crate::now();
    let s: Option<Session> = on_db!(db, |p| sqlx::query_as::<_, Session>(
        "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions \
         WHERE token_hash = $1 AND expires_at > $2"
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(p)
    .await)?;
    let Some(s) = s else { return Ok(None) };
    if now - s.last_seen_at > Duration::minutes(1) {
        let expires = std::cmp::min(now + idle, s.created_at + absolute);
        on_db!(db, |p| sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(now)
            .bind(expires)
            .bind(token_hash)
            .execute(p)
            .await.map(|r| r.rows_affected()))?;
    }
    Ok(Some(s))
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<()> {
    on_db!(db, |p| sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Sign a user out everywhere, except the session `keep` (e.g. after a password change).
pub async fn delete_for_user(db: &Db, user_id: Uuid, keep: Option<&str>) -> Result<u64> {
    let r = on_db!(db, |p| sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(p)
        .await.map(|r| r.rows_affected()))?;
    Ok(r)
}

pub async fn purge_expired(db: &Db) -> Result<u64> {
    let r = on_db!(db, |p| sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(crate::now()).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(r)
}

pub async fn record_attempt(db: &Db, username: &str, ip: &str, success: bool) -> Result<()> {
    on_db!(db, |p| sqlx::query("INSERT INTO login_attempts (username, ip, success, at) VALUES ($1, $2, $3, $4)")
        .bind(username)
        .bind(ip)
        .bind(success)
        .bind(crate::now())
        .execute(p)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Failed attempts since `since` for this username and for this IP.
pub async fn failures_since(db: &Db, username: &str, ip: &str, since: DateTime<Utc>) -> Result<(i64, i64)> {
    let by_user: i64 = on_db!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_attempts WHERE username = $1 AND at > $2 AND success = $3 \
         AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE username = $1 AND success = $4), $2)"
    )
    .bind(username)
    .bind(since)
    .bind(false)
    .bind(true)
    .fetch_one(p)
    .await)?;
    let by_ip: i64 = on_db!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_attempts WHERE ip = $1 AND at > $2 AND success = $3"
    )
    .bind(ip)
    .bind(since)
    .bind(false)
    .fetch_one(p)
    .await)?;
    Ok((by_user, by_ip))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub async fn create_token(db: &Db, user_id: Uuid, name: &str, prefix: &str, token_hash: &str) -> Result<ApiToken> {
    let t = ApiToken {
        id: crate::new_id(),
        user_id,
        name: name.to_string(),
        prefix: prefix.to_string(),
        created_at: crate::now(),
        last_used_at: None,
        revoked_at: None,
    };
    on_db!(db, |p| sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(t.id)
    .bind(user_id)
    .bind(name)
    .bind(prefix)
    .bind(token_hash)
    .bind(t.created_at)
    .execute(p)
    .await.map(|r| r.rows_affected()))?;
    Ok(t)
}

pub async fn list_tokens(db: &Db, user_id: Uuid) -> Result<Vec<ApiToken>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, ApiToken>(
        "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens \
         WHERE user_id = $1 ORDER BY created_at DESC"
    )
    .bind(user_id)
    .fetch_all(p)
    .await)?)
}

pub async fn revoke_token(db: &Db, user_id: Uuid, id: Uuid) -> Result<bool> {
    let r = on_db!(db, |p| sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL"
    )
    .bind(crate::now())
    .bind(id)
    .bind(user_id)
    .execute(p)
    .await.map(|r| r.rows_affected()))?;
    Ok(r == 1)
}

/// The user id behind a live token, noting its use.
pub async fn user_for_token(db: &Db, token_hash: &str) -> Result<Option<Uuid>> {
    let id: Option<(Uuid, Uuid)> = on_db!(db, |p| sqlx::query_as(
        "SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
    )
    .bind(token_hash)
    .fetch_optional(p)
    .await)?;
    if let Some((tid, _)) = id {
        on_db!(db, |p| sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(crate::now())
            .bind(tid)
            .execute(p)
            .await.map(|r| r.rows_affected()))?;
    }
    Ok(id.map(|(_, u)| u))
}
