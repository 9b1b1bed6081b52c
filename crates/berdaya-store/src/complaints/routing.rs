//! Which agency handles a region, which agency is one level up, which regions the public may
//! choose, and the per-client counters behind the public form's rate limit.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::agencies::Agency;
use crate::{Db, Result, on_db};

const AGENCY_COLS: &str = "id, name, short_name, region, address, phone, email, logo_file_id, created_at, updated_at";

/// The agency whose region contains `region` most specifically (kab/kota before provinsi
/// before the nation); `None` when no agency serves it.
pub async fn route_agency(db: &Db, region: &str) -> Result<Option<Agency>> {
    let sql = format!(
        "SELECT {AGENCY_COLS} FROM agencies WHERE region = '' OR region = $1 OR $1 LIKE region || '.%' \
         ORDER BY LENGTH(region) DESC, created_at, id LIMIT 1"
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Agency>(sqlx::AssertSqlSafe(sql.as_str())).bind(region).fetch_optional(p).await)?)
}

/// The nearest agency strictly above an agency working in `region` (kota → provinsi →
/// nasional); `None` for the national agency or when nobody is above.
pub async fn parent_agency(db: &Db, region: &str) -> Result<Option<Agency>> {
    if region.is_empty() {
        return Ok(None);
    }
    let sql = format!(
        "SELECT {AGENCY_COLS} FROM agencies WHERE region = '' OR $1 LIKE region || '.%' \
         ORDER BY LENGTH(region) DESC, created_at, id LIMIT 1"
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Agency>(sqlx::AssertSqlSafe(sql.as_str())).bind(region).fetch_optional(p).await)?)
}

/// A kab/kota the public may choose, with its provinsi.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CoveredRegion {
    pub kode: String,
    pub nama: String,
    pub provinsi: String,
}

/// Every current kab/kota that some agency serves (its own, its provinsi's or the nation's),
/// ordered by provinsi code and name.
pub async fn covered_kabkota(db: &Db) -> Result<Vec<CoveredRegion>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, CoveredRegion>(
        "SELECT r.kode, r.nama, pr.nama AS provinsi FROM regions r JOIN regions pr ON pr.kode = r.induk \
         WHERE r.tingkat = 'kabkota' AND r.retired_version_id IS NULL \
         AND EXISTS (SELECT 1 FROM agencies a WHERE a.region = '' OR r.kode = a.region OR r.kode LIKE a.region || '.%') \
         ORDER BY pr.kode, r.nama"
    )
    .fetch_all(p)
    .await)?)
}

/// Count one public action (`kind`: "submit" or "lookup_miss") by a client.
pub async fn record_hit(db: &Db, ip_hash: &str, kind: &str) -> Result<()> {
    on_db!(db, |p| sqlx::query("INSERT INTO complaint_hits (ip_hash, kind, at) VALUES ($1, $2, $3)")
        .bind(ip_hash)
        .bind(kind)
        .bind(crate::now())
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// How many `kind` actions this client made since `since`.
pub async fn hits_since(db: &Db, ip_hash: &str, kind: &str, since: DateTime<Utc>) -> Result<i64> {
    Ok(on_db!(db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM complaint_hits WHERE ip_hash = $1 AND kind = $2 AND at > $3")
        .bind(ip_hash)
        .bind(kind)
        .bind(since)
        .fetch_one(p)
        .await)?)
}

/// Forget counters older than `before` (they no longer count toward any limit).
pub async fn purge_hits(db: &Db, before: DateTime<Utc>) -> Result<u64> {
    Ok(on_db!(db, |p| sqlx::query("DELETE FROM complaint_hits WHERE at < $1").bind(before).execute(p).await.map(|r| r.rows_affected()))?)
}
