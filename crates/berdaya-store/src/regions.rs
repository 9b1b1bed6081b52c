//! Kemendagri region reference data, versioned.
//!
//! Loading a newer list upserts the codes it has and marks the codes it lacks as retired
//! (never deleted), so records that use an old code keep resolving.

use berdaya_core::refdata::{self, WILAYAH_VERSION};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::{Db, Result, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Region {
    pub kode: String,
    pub nama: String,
    pub tingkat: String,
    pub induk: Option<String>,
    pub penduduk: Option<i64>,
    pub luas_km2: Option<f64>,
    pub retired_version_id: Option<i32>,
}

const COLS: &str = "kode, nama, tingkat, induk, penduduk, luas_km2, retired_version_id";
const BATCH: usize = 500;

/// Load the list embedded in the binary unless this version is already loaded.
pub async fn load_embedded(db: &Db) -> Result<bool> {
    let loaded = load_version(db, WILAYAH_VERSION, &[]).await?;
    Ok(loaded)
}

/// Load a region list `version` (the embedded one when `rows` is empty) unless it is loaded:
/// its codes are upserted, codes it lacks are marked retired (never deleted).
pub async fn load_version(db: &Db, version: &str, rows: &[refdata::WilayahRow]) -> Result<bool> {
    let loaded: Option<i32> = on_db!(db, |p| sqlx::query_scalar("SELECT id FROM region_versions WHERE name = $1")
        .bind(version)
        .fetch_optional(p)
        .await)?;
    if loaded.is_some() {
        return Ok(false);
    }
    let embedded;
    let rows: &[refdata::WilayahRow] = if rows.is_empty() {
        embedded = refdata::wilayah_rows().collect::<Vec<_>>();
        &embedded
    } else {
        rows
    };
    let mut tx = db.begin().await?;
    let next_id: i32 = on_tx!(&mut tx, |c| sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM region_versions")
        .fetch_one(c)
        .await)?;
    let inserted = on_tx!(&mut tx, |c| sqlx::query(
        "INSERT INTO region_versions (id, name, loaded_at, row_count) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING"
    )
    .bind(next_id)
    .bind(version)
    .bind(crate::now())
    .bind(rows.len() as i64)
    .execute(c)
    .await.map(|r| r.rows_affected()))?;
    if inserted == 0 {
        // Another process loaded it while we waited.
        tx.rollback().await?;
        return Ok(false);
    }
    for chunk in rows.chunks(BATCH) {
        let mut sql = String::from("INSERT INTO regions (kode, nama, tingkat, induk, version_id) VALUES ");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            let b = i * 5;
            sql.push_str(&format!("(${},${},${},${},${})", b + 1, b + 2, b + 3, b + 4, b + 5));
        }
        sql.push_str(
            " ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama, tingkat = excluded.tingkat, \
             induk = excluded.induk, version_id = excluded.version_id, retired_version_id = NULL",
        );
        on_tx!(&mut tx, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for r in chunk {
                let induk = (!r.induk.is_empty()).then_some(r.induk.as_str());
                q = q.bind(r.kode.as_str()).bind(r.nama.as_str()).bind(r.tingkat.as_str()).bind(induk).bind(next_id);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    on_tx!(&mut tx, |c| sqlx::query(
        "UPDATE regions SET retired_version_id = $1 WHERE version_id <> $1 AND retired_version_id IS NULL"
    )
    .bind(next_id)
    .execute(c)
    .await.map(|r| r.rows_affected()))?;
    for rec in csv::Reader::from_reader(refdata::PENDUDUK_CSV.as_bytes()).records().flatten() {
        let (Some(kode), Some(pria), Some(wanita), Some(total)) = (rec.get(0), rec.get(2), rec.get(3), rec.get(4)) else {
            continue;
        };
        let (Ok(pria), Ok(wanita), Ok(total)) = (pria.parse::<i64>(), wanita.parse::<i64>(), total.parse::<i64>()) else {
            continue;
        };
        on_tx!(&mut tx, |c| sqlx::query("UPDATE regions SET pria = $1, wanita = $2, penduduk = $3 WHERE kode = $4")
            .bind(pria)
            .bind(wanita)
            .bind(total)
            .bind(kode)
            .execute(c)
            .await.map(|r| r.rows_affected()))?;
    }
    for rec in csv::Reader::from_reader(refdata::LUAS_CSV.as_bytes()).records().flatten() {
        let (Some(kode), Some(Ok(luas))) = (rec.get(0), rec.get(2).map(str::parse::<f64>)) else {
            continue;
        };
        on_tx!(&mut tx, |c| sqlx::query("UPDATE regions SET luas_km2 = $1 WHERE kode = $2")
            .bind(luas)
            .bind(kode)
            .execute(c)
            .await.map(|r| r.rows_affected()))?;
    }
    tx.commit().await?;
    tracing::info!(version, rows = rows.len(), "region reference data loaded");
    Ok(true)
}

pub async fn get(db: &Db, kode: &str) -> Result<Option<Region>> {
    let sql = const_format_cols("SELECT {} FROM regions WHERE kode = $1");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Region>(AssertSqlSafe(sql.as_str())).bind(kode).fetch_optional(p).await)?)
}

pub async fn children_count(db: &Db, kode: &str) -> Result<i64> {
    Ok(on_db!(db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM regions WHERE induk = $1 AND retired_version_id IS NULL")
        .bind(kode)
        .fetch_one(p)
        .await)?)
}

pub async fn children(db: &Db, kode: &str) -> Result<Vec<Region>> {
    let sql = const_format_cols("SELECT {} FROM regions WHERE induk = $1 AND retired_version_id IS NULL ORDER BY kode");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Region>(AssertSqlSafe(sql.as_str())).bind(kode).fetch_all(p).await)?)
}

/// Search current regions by name (case-insensitive substring), optionally below `within`
/// and at one level; higher levels and prefix matches first.
pub async fn search(db: &Db, q: &str, within: Option<&str>, tingkat: Option<&str>, limit: i64) -> Result<Vec<Region>> {
    let needle = format!("%{}%", q.trim().to_lowercase().replace(['%', '_'], ""));
    let clean = q.trim().to_lowercase().replace(['%', '_'], "");
    let prefix = format!("{clean}%");
    let word_prefix = format!("% {clean}%");
    let (root, pattern) = match within {
        Some(w) if !w.is_empty() => (w.to_string(), format!("{w}.%")),
        _ => (String::new(), "%".to_string()),
    };
    let sql = const_format_cols(
        "SELECT {} FROM regions WHERE retired_version_id IS NULL AND LOWER(nama) LIKE $1 \
         AND (kode = $2 OR kode LIKE $3) AND ($4 = '' OR tingkat = $4) \
         ORDER BY CASE WHEN LOWER(nama) LIKE $5 OR LOWER(nama) LIKE $7 THEN 0 ELSE 1 END, LENGTH(kode), nama LIMIT $6",
    );
    let tingkat = tingkat.unwrap_or("");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Region>(AssertSqlSafe(sql.as_str()))
        .bind(&needle)
        .bind(&root)
        .bind(&pattern)
        .bind(tingkat)
        .bind(&prefix)
        .bind(limit)
        .bind(&word_prefix)
        .fetch_all(p)
        .await)?)
}

/// Names of a code and its ancestors, from the provinsi down.
pub async fn path_names(db: &Db, kode: &berdaya_core::KodeWilayah) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut codes = kode.ancestors();
    codes.push(kode.clone());
    for k in codes {
        if let Some(r) = get(db, &k.dotted()).await? {
            out.push((r.kode, r.nama));
        }
    }
    Ok(out)
}

pub async fn count_by_level(db: &Db) -> Result<Vec<(String, i64)>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, (String, i64)>(
        "SELECT tingkat, COUNT(*) FROM regions WHERE retired_version_id IS NULL GROUP BY tingkat ORDER BY MIN(LENGTH(kode))"
    )
    .fetch_all(p)
    .await)?)
}

fn const_format_cols(template: &str) -> String {
    template.replacen("{}", COLS, 1)
}

/// Current kecamatan and desa/kelurahan below `kode`.
pub async fn descendant_counts(db: &Db, kode: &str) -> Result<(i64, i64)> {
    let pattern = format!("{kode}.%");
    let rows: Vec<(String, i64)> = on_db!(db, |p| sqlx::query_as(
        "SELECT tingkat, COUNT(*) FROM regions WHERE kode LIKE $1 AND retired_version_id IS NULL GROUP BY tingkat"
    )
    .bind(&pattern)
    .fetch_all(p)
    .await)?;
    let get = |t: &str| rows.iter().find(|(k, _)| k == t).map(|x| x.1).unwrap_or(0);
    Ok((get("kecamatan"), get("desakel")))
}

/// Sum of the provinces' population.
pub async fn national_population(db: &Db) -> Result<i64> {
    let v: Option<i64> = on_db!(db, |p| sqlx::query_scalar(
        "SELECT CAST(SUM(penduduk) AS BIGINT) FROM regions WHERE tingkat = 'provinsi' AND retired_version_id IS NULL"
    )
    .fetch_one(p)
    .await)?;
    Ok(v.unwrap_or(0))
}

/// The provinces.
pub async fn children_of_root(db: &Db) -> Result<Vec<Region>> {
    let sql = const_format_cols("SELECT {} FROM regions WHERE induk IS NULL AND retired_version_id IS NULL ORDER BY kode");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Region>(AssertSqlSafe(sql.as_str())).fetch_all(p).await)?)
}

/// Every current region at the given levels below `root` (or everywhere when `None`).
pub async fn all_below(db: &Db, root: Option<&str>, levels: &[&str]) -> Result<Vec<Region>> {
    let pattern = root.map(|r| format!("{r}.%")).unwrap_or_else(|| "%".into());
    let a = levels.first().copied().unwrap_or("");
    let b = levels.get(1).copied().unwrap_or("");
    let sql = const_format_cols("SELECT {} FROM regions WHERE kode LIKE $1 AND tingkat IN ($2, $3) AND retired_version_id IS NULL");
    Ok(on_db!(db, |p| sqlx::query_as::<_, Region>(AssertSqlSafe(sql.as_str())).bind(&pattern).bind(a).bind(b).fetch_all(p).await)?)
}
