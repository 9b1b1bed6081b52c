//! Owners (pelaku usaha). One owner per NIK across the deployment, through `owner_nik`.

use berdaya_core::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Owner {
    pub id: Uuid,
    pub kabkota: String,
    pub region: String,
    pub nik: String,
    pub no_kk: String,
    pub nama: String,
    pub nama_norm: String,
    pub jenis_kelamin: String,
    pub tempat_lahir: String,
    pub tanggal_lahir: Option<NaiveDate>,
    pub alamat: String,
    pub rt_rw: String,
    pub no_hp: String,
    pub whatsapp: bool,
    pub email: String,
    pub pendidikan: String,
    pub disabilitas: String,
    pub ektp_file_id: Option<Uuid>,
    pub warnings: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

pub const COLS: &str = "id, kabkota, region, nik, no_kk, nama, nama_norm, jenis_kelamin, tempat_lahir, tanggal_lahir, \
    alamat, rt_rw, no_hp, whatsapp, email, pendidikan, disabilitas, ektp_file_id, warnings, created_by, created_at, \
    updated_at, version";

/// The owner holding `nik`, wherever it is registered (for the "sudah terdaftar" check).
pub async fn owner_for_nik(db: &Db, nik: &str) -> Result<Option<Uuid>> {
    Ok(on_db!(db, |p| sqlx::query_scalar("SELECT owner_id FROM owner_nik WHERE nik = $1").bind(nik).fetch_optional(p).await)?)
}

/// Insert an owner; a NIK already registered fails with `Conflict { constraint: "owner_nik" }`.
pub async fn insert(tx: &mut Tx, o: &Owner) -> Result<()> {
    let claimed = on_tx!(tx, |c| sqlx::query("INSERT INTO owner_nik (nik, owner_id) VALUES ($1, $2) ON CONFLICT (nik) DO NOTHING")
        .bind(&o.nik)
        .bind(o.id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if claimed == 0 {
        return Err(StoreError::Conflict { constraint: "owner_nik".into() });
    }
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO owners (id, kabkota, region, nik, no_kk, nama, nama_norm, jenis_kelamin, tempat_lahir, tanggal_lahir, \
         alamat, rt_rw, no_hp, whatsapp, email, pendidikan, disabilitas, ektp_file_id, warnings, created_by, created_at, \
         updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23)"
    )
    .bind(o.id)
    .bind(&o.kabkota)
    .bind(&o.region)
    .bind(&o.nik)
    .bind(&o.no_kk)
    .bind(&o.nama)
    .bind(&o.nama_norm)
    .bind(&o.jenis_kelamin)
    .bind(&o.tempat_lahir)
    .bind(o.tanggal_lahir)
    .bind(&o.alamat)
    .bind(&o.rt_rw)
    .bind(&o.no_hp)
    .bind(o.whatsapp)
    .bind(&o.email)
    .bind(&o.pendidikan)
    .bind(&o.disabilitas)
    .bind(o.ektp_file_id)
    .bind(&o.warnings)
    .bind(o.created_by)
    .bind(o.created_at)
    .bind(o.updated_at)
    .bind(o.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Owner> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Owner, "owners", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Owner> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Owner, "owners", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// Replace an owner's fields (optimistic: `expected_version` must match). Moves the NIK
/// claim when the NIK changes.
pub async fn update(tx: &mut Tx, before: &Owner, after: &Owner) -> Result<()> {
    if before.nik != after.nik {
        let claimed = on_tx!(tx, |c| sqlx::query("INSERT INTO owner_nik (nik, owner_id) VALUES ($1, $2) ON CONFLICT (nik) DO NOTHING")
            .bind(&after.nik)
            .bind(after.id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        if claimed == 0 {
            return Err(StoreError::Conflict { constraint: "owner_nik".into() });
        }
        on_tx!(tx, |c| sqlx::query("DELETE FROM owner_nik WHERE nik = $1 AND owner_id = $2")
            .bind(&before.nik)
            .bind(before.id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE owners SET kabkota = $1, region = $2, nik = $3, no_kk = $4, nama = $5, nama_norm = $6, jenis_kelamin = $7, \
         tempat_lahir = $8, tanggal_lahir = $9, alamat = $10, rt_rw = $11, no_hp = $12, whatsapp = $13, email = $14, \
         pendidikan = $15, disabilitas = $16, warnings = $17, updated_at = $18, version = version + 1 \
         WHERE id = $19 AND version = $20"
    )
    .bind(&after.kabkota)
    .bind(&after.region)
    .bind(&after.nik)
    .bind(&after.no_kk)
    .bind(&after.nama)
    .bind(&after.nama_norm)
    .bind(&after.jenis_kelamin)
    .bind(&after.tempat_lahir)
    .bind(after.tanggal_lahir)
    .bind(&after.alamat)
    .bind(&after.rt_rw)
    .bind(&after.no_hp)
    .bind(after.whatsapp)
    .bind(&after.email)
    .bind(&after.pendidikan)
    .bind(&after.disabilitas)
    .bind(&after.warnings)
    .bind(after.updated_at)
    .bind(after.id)
    .bind(before.version)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "owners_version".into() });
    }
    Ok(())
}

/// Possible same person: same birth date, or same phone, within `scope` (at most `limit`).
/// Owners in scope with the same birth date or the same phone: the pool the entry form
/// checks for probable duplicates. A common birth date (1 January, 31 December) can have
/// thousands in a province, so the `limit` keeps the likeliest: the same phone first, then
/// names beginning like `name_key` (a search key; Jaro-Winkler, which decides afterwards,
/// weighs the beginning of a name most), then the same kab/kota as `region`.
pub async fn candidates(db: &Db, scope: &Scope, dob: Option<NaiveDate>, phone: &str, name_key: &str, region: &str, limit: i64) -> Result<Vec<Owner>> {
    let s = ScopeSql::new(scope);
    let start: String = name_key.chars().take(3).collect();
    let kabkota: String = region.split('.').take(2).collect::<Vec<_>>().join(".");
    let sql = format!(
        "SELECT {COLS} FROM owners WHERE {} AND merged_into IS NULL AND ((tanggal_lahir = $3) OR ($4 <> '' AND no_hp = $4)) \
         ORDER BY CASE WHEN $4 <> '' AND no_hp = $4 THEN 0 ELSE 1 END, \
                  CASE WHEN $5 <> '' AND substr(nama_norm, 1, {n}) = $5 THEN 0 ELSE 1 END, \
                  CASE WHEN kabkota = $6 THEN 0 ELSE 1 END, id \
         LIMIT $7",
        ScopeSql::cond("region", 1, 2),
        n = start.chars().count().max(1)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Owner>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(dob)
        .bind(phone)
        .bind(&start)
        .bind(&kabkota)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// The owners list's search term as the owners table stores it, read as the registry list
/// reads its search box: the NIK's digits, a phone normalised to +62… (0812…, 62812…,
/// +62 812-…), or the search key of a name's beginning. `None` for an empty box.
pub fn search_term(q: &str) -> Option<String> {
    use crate::businesses::SearchTerm;
    match SearchTerm::classify(q) {
        SearchTerm::None => None,
        SearchTerm::Nik(v) | SearchTerm::Phone(v) | SearchTerm::Nib(v) => Some(v),
        SearchTerm::Name(key, _) => Some(key),
    }
}

#[derive(Debug, Clone, Default)]
pub struct OwnerFilter {
    /// Region subtree (dotted code) inside the scope.
    pub region: Option<String>,
    /// Name prefix (search key), exact NIK, or exact phone (E.164).
    pub q: Option<String>,
    /// Only owners without any business (calon wirausaha).
    pub without_business: bool,
    pub after: Option<(String, Uuid)>,
}

/// Owners in scope, ordered by name (keyset paging on (nama_norm, id)).
pub async fn list(db: &Db, scope: &Scope, f: &OwnerFilter, limit: i64) -> Result<Vec<Owner>> {
    let s = ScopeSql::new(scope);
    let (sub_root, sub_pattern) = match &f.region {
        Some(r) if !r.is_empty() => (r.clone(), format!("{r}.%")),
        _ => (String::new(), "%".into()),
    };
    let q = f.q.clone().unwrap_or_default();
    let upper = berdaya_core::teks::prefix_upper(&q);
    let (after_name, after_id) = f.after.clone().unwrap_or_default();
    let no_biz = if f.without_business { "AND NOT EXISTS (SELECT 1 FROM businesses b WHERE b.owner_id = owners.id)" } else { "" };
    let sql = format!(
        "SELECT {COLS} FROM owners WHERE {} AND {} AND merged_into IS NULL AND ($5 = '' OR (nama_norm >= $5 AND nama_norm < $6) OR nik = $5 OR no_hp = $5) \
         AND (nama_norm > $7 OR (nama_norm = $7 AND id > $8)) {no_biz} ORDER BY nama_norm, id LIMIT $9",
        ScopeSql::cond("region", 1, 2),
        ScopeSql::cond("region", 3, 4)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Owner>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(&sub_root)
        .bind(&sub_pattern)
        .bind(&q)
        .bind(&upper)
        .bind(&after_name)
        .bind(after_id)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

pub async fn count(db: &Db, scope: &Scope) -> Result<i64> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT COUNT(*) FROM owners WHERE {} AND merged_into IS NULL", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_scalar(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).fetch_one(p).await)?)
}

/// Inside a transaction (sees rows written earlier in it): the owner holding `nik`.
pub async fn owner_for_nik_tx(tx: &mut Tx, nik: &str) -> Result<Option<Uuid>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("SELECT owner_id FROM owner_nik WHERE nik = $1").bind(nik).fetch_optional(c).await)?)
}

/// The fields record linkage compares, for every (unmerged) owner in scope.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MatchRow {
    pub id: Uuid,
    pub region: String,
    pub nik: String,
    pub nama: String,
    pub jenis_kelamin: String,
    pub tanggal_lahir: Option<NaiveDate>,
    pub alamat: String,
    pub no_hp: String,
}

pub async fn for_matching(db: &Db, scope: &Scope) -> Result<Vec<MatchRow>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT id, region, nik, nama, jenis_kelamin, tanggal_lahir, alamat, no_hp FROM owners WHERE {} AND merged_into IS NULL \
         ORDER BY id",
        ScopeSql::cond("region", 1, 2)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, MatchRow>(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).fetch_all(p).await)?)
}

/// Attach an e-KTP photo (a stored file) to an owner, replacing an earlier one.
pub async fn set_ektp(tx: &mut Tx, owner_id: Uuid, file_id: Uuid, at: DateTime<Utc>) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query("UPDATE owners SET ektp_file_id = $1, updated_at = $2, version = version + 1 WHERE id = $3")
        .bind(file_id)
        .bind(at)
        .bind(owner_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Is this stored file someone's e-KTP photo (it is then served only through the audited
/// e-KTP route)?
pub async fn is_ektp_file(db: &Db, file_id: Uuid) -> Result<bool> {
    let n: i64 = on_db!(db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM owners WHERE ektp_file_id = $1").bind(file_id).fetch_one(p).await)?;
    Ok(n > 0)
}
