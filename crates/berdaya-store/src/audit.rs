//! Append-only, hash-chained audit log.
//!
//! Each row's hash covers the previous row's hash and every field of the row, so altering
//! or deleting any row (or the tail) breaks the chain. `audit_head` holds the last sequence
//! number and hash; taking it with `UPDATE … RETURNING` serialises writers on both backends.

use berdaya_core::Scope;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, Tx, on_db, on_tx};

/// Keys whose values are personal data (UU 27/2022) and are masked in audit data when the
/// row is written, so the log never holds them in full whoever reads it: identifiers,
/// contact details, address and birth data keep their first four and last two characters
/// (enough to tell a change happened and to match a record one already has).
const MASKED_KEYS: &[&str] =
    &["nik", "no_kk", "kk", "no_hp", "telepon", "email", "alamat", "rt_rw", "tanggal_lahir", "tempat_lahir"];
/// Keys whose values are sensitive personal data (health): replaced entirely when not empty.
const REDACTED_KEYS: &[&str] = &["disabilitas"];

/// What happened, written in the same transaction as the change itself.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    /// Region of the record changed ('' for national records): scopes who may read the row.
    pub region: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub request_id: String,
    pub ip: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub region: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before_data: Option<String>,
    pub after_data: Option<String>,
    pub request_id: String,
    pub ip: String,
    pub prev_hash: String,
    pub hash: String,
}

const COLS: &str = "seq, at, actor_id, actor_name, region, action, entity_type, entity_id, before_data, after_data, \
                    request_id, ip, prev_hash, hash";

/// Mask personal identifiers anywhere in a JSON value (keeps the first 4 and last 2 chars).
pub fn mask_personal(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if MASKED_KEYS.contains(&k.as_str()) {
                    if let Value::String(s) = val {
                        *s = mask_id(s);
                    }
                } else if REDACTED_KEYS.contains(&k.as_str()) {
                    if let Value::String(s) = val
                        && !s.is_empty()
                    {
                        *s = "***".into();
                    }
                } else {
                    mask_personal(val);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_personal),
        _ => {}
    }
}

/// A personal value masked as in audit data: the first four and last two characters kept.
pub fn mask_id(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars.iter().enumerate().map(|(i, c)| if i < 4 || i >= n - 2 { *c } else { '*' }).collect()
}

fn fmt_at(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The hash of a row given its fields and the previous hash.
pub fn row_hash(r: &AuditRow) -> String {
    let mut h = Sha256::new();
    let actor = r.actor_id.map(|u| u.to_string()).unwrap_or_default();
    let seq = r.seq.to_string();
    let at = fmt_at(&r.at);
    let fields: [&str; 13] = [
        &r.prev_hash,
        &seq,
        &at,
        &actor,
        &r.actor_name,
        &r.region,
        &r.action,
        &r.entity_type,
        &r.entity_id,
        r.before_data.as_deref().unwrap_or("\u{0}"),
        r.after_data.as_deref().unwrap_or("\u{0}"),
        &r.request_id,
        &r.ip,
    ];
    for f in fields {
        h.update((f.len() as u64).to_le_bytes());
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Append one row to the chain inside `tx`. Returns its sequence number.
pub async fn record(tx: &mut Tx, e: AuditEntry) -> Result<i64> {
    let (prev_seq, prev_hash): (i64, String) = on_tx!(tx, |c| sqlx::query_as(
        "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq - 1, hash"
    )
    .fetch_one(c)
    .await)?;
    let to_text = |v: Option<Value>| {
        v.map(|mut v| {
            mask_personal(&mut v);
            v.to_string()
        })
    };
    let mut row = AuditRow {
        seq: prev_seq + 1,
        at: crate::now(),
        actor_id: e.actor_id,
        actor_name: e.actor_name,
        region: e.region,
        action: e.action,
        entity_type: e.entity_type,
        entity_id: e.entity_id,
        before_data: to_text(e.before),
        after_data: to_text(e.after),
        request_id: e.request_id,
        ip: e.ip,
        prev_hash,
        hash: String::new(),
    };
    row.hash = row_hash(&row);
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor_name, region, action, entity_type, entity_id, before_data, \
         after_data, request_id, ip, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    )
    .bind(row.seq)
    .bind(row.at)
    .bind(row.actor_id)
    .bind(&row.actor_name)
    .bind(&row.region)
    .bind(&row.action)
    .bind(&row.entity_type)
    .bind(&row.entity_id)
    .bind(&row.before_data)
    .bind(&row.after_data)
    .bind(&row.request_id)
    .bind(&row.ip)
    .bind(&row.prev_hash)
    .bind(&row.hash)
    .execute(c)
    .await.map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&row.hash).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(row.seq)
}

/// Record one entry in its own transaction (for events that change nothing else, such as
/// reading a full personal record or signing in).
pub async fn record_alone(db: &Db, e: AuditEntry) -> Result<i64> {
    let mut tx = db.begin().await?;
    let seq = record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(seq)
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    /// Only rows with seq below this (keyset paging, newest first).
    pub before_seq: Option<i64>,
}

/// Rows visible in `scope`, newest first.
pub async fn list(db: &Db, scope: &Scope, f: &AuditFilter, limit: i64) -> Result<Vec<AuditRow>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT {COLS} FROM audit_log WHERE {} AND ($3 = '' OR entity_type = $3) AND ($4 = '' OR entity_id = $4) \
         AND ($5 = '' OR LOWER(actor_name) LIKE $5) AND ($6 = '' OR action = $6) AND seq < $7 \
         ORDER BY seq DESC LIMIT $8",
        ScopeSql::cond("region", 1, 2)
    );
    let actor = f.actor.as_deref().filter(|a| !a.is_empty()).map(|a| format!("%{}%", a.to_lowercase())).unwrap_or_default();
    Ok(on_db!(db, |p| sqlx::query_as::<_, AuditRow>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(f.entity_type.as_deref().unwrap_or(""))
        .bind(f.entity_id.as_deref().unwrap_or(""))
        .bind(&actor)
        .bind(f.action.as_deref().unwrap_or(""))
        .bind(f.before_seq.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

pub async fn count(db: &Db, scope: &Scope) -> Result<i64> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT COUNT(*) FROM audit_log WHERE {}", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_scalar(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).fetch_one(p).await)?)
}

/// Outcome of checking the whole chain.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VerifyReport {
    pub rows_checked: i64,
    /// The first sequence number where the chain breaks, with the reason.
    pub first_bad: Option<(i64, String)>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

/// Walk the chain in order and recompute every hash. `progress(done, total)` is called
/// after each page.
pub async fn verify(db: &Db, mut progress: impl FnMut(i64, i64)) -> Result<VerifyReport> {
    const PAGE: i64 = 5000;
    let (head_seq, head_hash): (i64, String) =
        on_db!(db, |p| sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await)?;
    let mut prev_hash = "0".repeat(64);
    let mut expected_seq = 1i64;
    let mut checked = 0i64;
    // Only up to the head read above: rows appended while we verify belong to a later check.
    let sql = format!("SELECT {COLS} FROM audit_log WHERE seq >= $1 AND seq <= $3 ORDER BY seq LIMIT $2");
    loop {
        let rows: Vec<AuditRow> = on_db!(db, |p| sqlx::query_as::<_, AuditRow>(AssertSqlSafe(sql.as_str()))
            .bind(expected_seq)
            .bind(PAGE)
            .bind(head_seq)
            .fetch_all(p)
            .await)?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let bad = |why: String| Ok(VerifyReport { rows_checked: checked, first_bad: Some((r.seq, why)) });
            if r.seq != expected_seq {
                return bad(format!("row {expected_seq} is missing (next row found is {})", r.seq));
            }
            if r.prev_hash != prev_hash {
                return bad("prev_hash does not match the previous row".into());
            }
            if row_hash(r) != r.hash {
                return bad("row contents do not match its hash (altered)".into());
            }
            prev_hash = r.hash.clone();
            expected_seq += 1;
            checked += 1;
        }
        progress(checked, head_seq);
    }
    if checked != head_seq {
        return Ok(VerifyReport {
            rows_checked: checked,
            first_bad: Some((checked + 1, format!("chain ends at row {checked} but head says {head_seq} (rows deleted)"))),
        });
    }
    if prev_hash != head_hash {
        return Ok(VerifyReport {
            rows_checked: checked,
            first_bad: Some((checked, "last row's hash does not match the chain head".into())),
        });
    }
    Ok(VerifyReport { rows_checked: checked, first_bad: None })
}
