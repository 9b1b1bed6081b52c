//! Exclusion lists (daftar pengecualian): ASN/TNI/Polri/BUMN/BUMD staff, KUR and bank
//! debtors, deceased, recipients of other programs. Each upload is a new version with its
//! rows; screening uses the newest version of each kind that applies to the program.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Db, Result, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ExclusionList {
    pub id: Uuid,
    /// The uploading agency's region: the list applies to programs in that subtree.
    pub region: String,
    /// asn, tni, polri, bumn, bumd, kur, bank, meninggal, penerima_lain.
    pub jenis: String,
    pub versi: String,
    pub jumlah_baris: i32,
    pub file_id: Option<Uuid>,
    pub uploaded_by: Option<Uuid>,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub nik: String,
    pub nama_norm: String,
    pub tanggal_lahir: Option<NaiveDate>,
    /// Row in the uploaded sheet (header = 1); `None` for rows stored before migration 0010.
    pub baris: Option<i64>,
    /// Whether the row still excludes (a paid-off loan does not); for a Dukcapil extract,
    /// whether the person is alive.
    pub aktif: bool,
    /// Category, agency, bank, status as the sheet said (shown in reasons).
    pub keterangan: String,
}

const COLS: &str = "id, region, jenis, versi, jumlah_baris, file_id, uploaded_by, uploaded_at";

/// Store a list version and its rows (in the caller's transaction).
pub async fn insert(tx: &mut Tx, l: &ExclusionList, rows: &[Entry]) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO aid_exclusion_lists (id, region, jenis, versi, jumlah_baris, file_id, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(l.id)
    .bind(&l.region)
    .bind(&l.jenis)
    .bind(&l.versi)
    .bind(l.jumlah_baris)
    .bind(l.file_id)
    .bind(l.uploaded_by)
    .bind(l.uploaded_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    for chunk in rows.chunks(200) {
        let mut sql = String::from("INSERT INTO aid_exclusion_entries (list_id, nik, nama_norm, tanggal_lahir, baris, aktif, keterangan) VALUES ");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push_str(", ");
            }
            let b = i * 7;
            sql.push_str(&format!("(${}, ${}, ${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7));
        }
        on_tx!(tx, |c| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for e in chunk {
                q = q.bind(l.id).bind(&e.nik).bind(&e.nama_norm).bind(e.tanggal_lahir).bind(e.baris).bind(e.aktif).bind(&e.keterangan);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Every list version, newest first (a small table; callers filter by region).
pub async fn all(db: &Db) -> Result<Vec<ExclusionList>> {
    let sql = format!("SELECT {COLS} FROM aid_exclusion_lists ORDER BY uploaded_at DESC, id DESC");
    Ok(on_db!(db, |p| sqlx::query_as::<_, ExclusionList>(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await)?)
}

/// The rows of one list version, in sheet order.
pub async fn entries(db: &Db, list_id: Uuid) -> Result<Vec<Entry>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, Entry>(
        "SELECT nik, nama_norm, tanggal_lahir, baris, aktif, keterangan FROM aid_exclusion_entries WHERE list_id = $1 ORDER BY baris"
    )
        .bind(list_id)
        .fetch_all(p)
        .await)?)
}

/// The newest version of each kind that applies to `region`: uploaded for that region, one of
/// its ancestors, or nationally.
pub fn applicable(all: &[ExclusionList], region: &str) -> Vec<ExclusionList> {
    let mut out: Vec<ExclusionList> = Vec::new();
    for l in all {
        let applies = l.region.is_empty() || region == l.region || region.starts_with(&format!("{}.", l.region));
        if applies && !out.iter().any(|o| o.jenis == l.jenis) {
            out.push(l.clone());
        }
    }
    out
}
