//! Applications (permohonan bantuan): one per NIK per program (unique constraint), with the
//! screening decision and every rule's result, the field survey, and the batch it joined.

use berdaya_core::Scope;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Application {
    pub id: Uuid,
    pub program_id: Uuid,
    pub region: String,
    pub owner_id: Uuid,
    pub business_id: Option<Uuid>,
    pub nik: String,
    pub no_kk: String,
    pub nama: String,
    pub bank: String,
    pub no_rekening: String,
    /// diajukan, diusulkan, disetujui.
    pub status: String,
    /// '' (not screened), layak, tidak_layak, perlu_ditinjau.
    pub keputusan: String,
    /// BPK categories of the failed rules, comma-separated.
    pub kategori: String,
    pub alasan: String,
    /// JSON list of every rule's result.
    pub hasil_aturan: String,
    pub diskrining_at: Option<DateTime<Utc>>,
    pub catatan_tinjau: String,
    pub surveyor_id: Option<Uuid>,
    /// '' , ditugaskan, terverifikasi, tidak_terverifikasi.
    pub survei_status: String,
    pub usaha_ada: Option<bool>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub catatan_survei: String,
    pub foto_survei_id: Option<Uuid>,
    pub disurvei_at: Option<DateTime<Utc>>,
    pub batch_id: Option<Uuid>,
    pub sumber: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

pub const COLS: &str = "id, program_id, region, owner_id, business_id, nik, no_kk, nama, bank, no_rekening, status, keputusan, \
    kategori, alasan, hasil_aturan, diskrining_at, catatan_tinjau, surveyor_id, survei_status, usaha_ada, lat, lon, \
    catatan_survei, foto_survei_id, disurvei_at, batch_id, sumber, created_by, created_at, updated_at, version";

/// Insert; a second application for the same NIK in the program fails with
/// `Conflict` (constraint `aid_applications_program_nik`).
pub async fn insert(tx: &mut Tx, a: &Application) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO aid_applications (id, program_id, region, owner_id, business_id, nik, no_kk, nama, bank, no_rekening, \
         status, sumber, created_by, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1)"
    )
    .bind(a.id)
    .bind(a.program_id)
    .bind(&a.region)
    .bind(a.owner_id)
    .bind(a.business_id)
    .bind(&a.nik)
    .bind(&a.no_kk)
    .bind(&a.nama)
    .bind(&a.bank)
    .bind(&a.no_rekening)
    .bind(&a.status)
    .bind(&a.sumber)
    .bind(a.created_by)
    .bind(a.created_at)
    .bind(a.updated_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Application> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Application, "aid_applications", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_tx(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Application> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Application, "aid_applications", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, Default)]
pub struct AppFilter {
    pub status: Option<String>,
    pub keputusan: Option<String>,
    pub survei_status: Option<String>,
    pub surveyor_id: Option<Uuid>,
    pub batch_id: Option<Uuid>,
}

/// Applications of a program in scope, by name.
pub async fn list(db: &Db, scope: &Scope, program_id: Uuid, f: &AppFilter, limit: i64) -> Result<Vec<Application>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT {COLS} FROM aid_applications WHERE program_id = $1 AND {} \
         AND ($4 = '' OR status = $4) AND ($5 = '' OR keputusan = $5) AND ($6 = '' OR survei_status = $6) \
         AND ($7 IS NULL OR surveyor_id = $7) AND ($8 IS NULL OR batch_id = $8) ORDER BY nama, id LIMIT $9",
        ScopeSql::cond("region", 2, 3)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Application>(AssertSqlSafe(sql.as_str()))
        .bind(program_id)
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(f.status.clone().unwrap_or_default())
        .bind(f.keputusan.clone().unwrap_or_default())
        .bind(f.survei_status.clone().unwrap_or_default())
        .bind(f.surveyor_id)
        .bind(f.batch_id)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// Count by (keputusan, survei_status, status) for a program's summary.
pub async fn counts(db: &Db, scope: &Scope, program_id: Uuid) -> Result<Vec<(String, String, String, i64)>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT keputusan, survei_status, status, COUNT(*) FROM aid_applications WHERE program_id = $1 AND {} \
         GROUP BY keputusan, survei_status, status",
        ScopeSql::cond("region", 2, 3)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, (String, String, String, i64)>(AssertSqlSafe(sql.as_str()))
        .bind(program_id)
        .bind(&s.root)
        .bind(&s.pattern)
        .fetch_all(p)
        .await)?)
}

/// Store a screening decision with every rule's result.
pub async fn set_screening(tx: &mut Tx, id: Uuid, keputusan: &str, kategori: &str, alasan: &str, hasil: &str) -> Result<()> {
    let now = crate::now();
    on_tx!(tx, |c| sqlx::query(
        "UPDATE aid_applications SET keputusan = $1, kategori = $2, alasan = $3, hasil_aturan = $4, diskrining_at = $5, \
         catatan_tinjau = '', updated_at = $5, version = version + 1 WHERE id = $6 AND status = 'diajukan'"
    )
    .bind(keputusan)
    .bind(kategori)
    .bind(alasan)
    .bind(hasil)
    .bind(now)
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// An operator resolves "perlu ditinjau" to layak or tidak_layak with a note.
pub async fn resolve_review(tx: &mut Tx, id: Uuid, keputusan: &str, note: &str) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE aid_applications SET keputusan = $1, catatan_tinjau = $2, updated_at = $3, version = version + 1 \
         WHERE id = $4 AND keputusan = 'perlu_ditinjau' AND status = 'diajukan'"
    )
    .bind(keputusan)
    .bind(note)
    .bind(crate::now())
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "aid_applications_review".into() });
    }
    Ok(())
}

pub async fn assign_surveyor(tx: &mut Tx, id: Uuid, surveyor: Uuid) -> Result<u64> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "UPDATE aid_applications SET surveyor_id = $1, survei_status = 'ditugaskan', updated_at = $2, version = version + 1 \
         WHERE id = $3 AND survei_status IN ('', 'ditugaskan')"
    )
    .bind(surveyor)
    .bind(crate::now())
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// The survey's findings.
#[derive(Debug, Clone)]
pub struct Survey {
    pub usaha_ada: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub catatan: String,
    pub foto: Option<Uuid>,
}

pub async fn record_survey(tx: &mut Tx, id: Uuid, s: &Survey) -> Result<()> {
    let now = crate::now();
    let status = if s.usaha_ada { "terverifikasi" } else { "tidak_terverifikasi" };
    on_tx!(tx, |c| sqlx::query(
        "UPDATE aid_applications SET survei_status = $1, usaha_ada = $2, lat = $3, lon = $4, catatan_survei = $5, \
         foto_survei_id = COALESCE($6, foto_survei_id), disurvei_at = $7, updated_at = $7, version = version + 1 WHERE id = $8"
    )
    .bind(status)
    .bind(s.usaha_ada)
    .bind(s.lat)
    .bind(s.lon)
    .bind(&s.catatan)
    .bind(s.foto)
    .bind(now)
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Put eligible, verified applications of a program that are in no batch into `batch_id`.
/// Returns the rows taken.
pub async fn take_into_batch(tx: &mut Tx, scope: &Scope, program_id: Uuid, batch_id: Uuid, limit: i64) -> Result<Vec<Application>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT {COLS} FROM aid_applications WHERE program_id = $1 AND {} AND status = 'diajukan' AND keputusan = 'layak' \
         AND survei_status = 'terverifikasi' AND batch_id IS NULL ORDER BY created_at, id LIMIT $4",
        ScopeSql::cond("region", 2, 3)
    );
    let rows = on_tx!(tx, |c| sqlx::query_as::<_, Application>(AssertSqlSafe(sql.as_str()))
        .bind(program_id)
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(limit)
        .fetch_all(c)
        .await)?;
    let mut taken = Vec::with_capacity(rows.len());
    for a in rows {
        let n = on_tx!(tx, |c| sqlx::query(
            "UPDATE aid_applications SET batch_id = $1, status = 'diusulkan', updated_at = $2, version = version + 1 \
             WHERE id = $3 AND batch_id IS NULL AND status = 'diajukan'"
        )
        .bind(batch_id)
        .bind(crate::now())
        .bind(a.id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        if n == 1 {
            taken.push(a);
        }
    }
    Ok(taken)
}

/// A batch's applications leave it (returned) or move on (approved).
pub async fn set_batch_outcome(tx: &mut Tx, batch_id: Uuid, approved: bool) -> Result<u64> {
    let sql = if approved {
        "UPDATE aid_applications SET status = 'disetujui', updated_at = $1, version = version + 1 WHERE batch_id = $2"
    } else {
        "UPDATE aid_applications SET status = 'diajukan', batch_id = NULL, updated_at = $1, version = version + 1 WHERE batch_id = $2"
    };
    Ok(on_tx!(tx, |c| sqlx::query(sql).bind(crate::now()).bind(batch_id).execute(c).await.map(|r| r.rows_affected()))?)
}

/// A document attached to an application (one per kind; a new upload replaces the old).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Document {
    pub id: Uuid,
    pub application_id: Uuid,
    pub region: String,
    pub jenis: String,
    pub file_id: Uuid,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub async fn put_document(tx: &mut Tx, d: &Document) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO aid_documents (id, application_id, region, jenis, file_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (application_id, jenis) \
         DO UPDATE SET file_id = excluded.file_id, created_by = excluded.created_by, created_at = excluded.created_at"
    )
    .bind(d.id)
    .bind(d.application_id)
    .bind(&d.region)
    .bind(&d.jenis)
    .bind(d.file_id)
    .bind(d.created_by)
    .bind(d.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn documents(db: &Db, application_id: Uuid) -> Result<Vec<Document>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, Document>(
        "SELECT id, application_id, region, jenis, file_id, created_by, created_at FROM aid_documents WHERE application_id = $1 ORDER BY jenis"
    )
    .bind(application_id)
    .fetch_all(p)
    .await)?)
}

/// Document kinds present per application of a program.
pub async fn document_kinds(db: &Db, program_id: Uuid) -> Result<Vec<(Uuid, String)>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, (Uuid, String)>(
        "SELECT d.application_id, d.jenis FROM aid_documents d JOIN aid_applications a ON a.id = d.application_id WHERE a.program_id = $1"
    )
    .bind(program_id)
    .fetch_all(p)
    .await)?)
}

/// NIKs that received (were approved in) another program of the same year, for "penerima
/// ganda" checks.
pub async fn niks_received_elsewhere(db: &Db, program_id: Uuid, tahun: i32) -> Result<Vec<String>> {
    Ok(on_db!(db, |p| sqlx::query_scalar(
        "SELECT DISTINCT r.nik FROM aid_recipients r JOIN aid_programs p ON p.id = r.program_id \
         WHERE p.tahun = $1 AND r.program_id <> $2 AND r.status NOT IN ('gagal', 'dikembalikan')"
    )
    .bind(tahun)
    .bind(program_id)
    .fetch_all(p)
    .await)?)
}

/// Whether the NIK has applied to the program already (inside a transaction).
pub async fn exists_for_nik(tx: &mut Tx, program_id: Uuid, nik: &str) -> Result<bool> {
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar("SELECT COUNT(*) FROM aid_applications WHERE program_id = $1 AND nik = $2")
        .bind(program_id)
        .bind(nik)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

/// The owner's first business, inside a transaction (sees rows written earlier in it).
pub async fn first_business_tx(tx: &mut Tx, owner_id: Uuid) -> Result<Option<Uuid>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("SELECT id FROM businesses WHERE owner_id = $1 ORDER BY created_at, id LIMIT 1")
        .bind(owner_id)
        .fetch_optional(c)
        .await)?)
}

/// What screening needs about an applicant, joined from the registry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubjectRow {
    pub id: Uuid,
    pub nik: String,
    pub nama: String,
    pub no_kk: String,
    pub nama_norm: String,
    pub tanggal_lahir: Option<chrono::NaiveDate>,
    pub no_hp: String,
    pub region: String,
    pub status: String,
    pub catatan_tinjau: String,
    pub keputusan: String,
    pub created_at: DateTime<Utc>,
    pub skala: Option<String>,
    pub sektor: Option<String>,
    pub tahun_berdiri: Option<i32>,
    pub kbli: Option<String>,
    pub has_business: bool,
}

/// Every applicant of a program with the owner's and business's facts.
pub async fn subjects(db: &Db, program_id: Uuid) -> Result<Vec<SubjectRow>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, SubjectRow>(
        "SELECT a.id, a.nik, a.nama, o.no_kk, o.nama_norm, o.tanggal_lahir, o.no_hp, o.region, a.status, a.catatan_tinjau, a.keputusan, \
         a.created_at, b.skala, b.sektor, b.tahun_berdiri, b.kbli, (b.id IS NOT NULL) AS has_business \
         FROM aid_applications a JOIN owners o ON o.id = a.owner_id LEFT JOIN businesses b ON b.id = a.business_id \
         WHERE a.program_id = $1 ORDER BY a.created_at, a.id"
    )
    .bind(program_id)
    .fetch_all(p)
    .await)?)
}

/// The applications of a batch, inside a transaction.
pub async fn in_batch_tx(tx: &mut Tx, batch_id: Uuid) -> Result<Vec<Application>> {
    let sql = format!("SELECT {COLS} FROM aid_applications WHERE batch_id = $1 ORDER BY nama, id");
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, Application>(AssertSqlSafe(sql.as_str())).bind(batch_id).fetch_all(c).await)?)
}

/// Applications proposed or approved in a program (against the quota).
pub async fn count_committed(tx: &mut Tx, program_id: Uuid) -> Result<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar("SELECT COUNT(*) FROM aid_applications WHERE program_id = $1 AND status IN ('diusulkan', 'disetujui')")
        .bind(program_id)
        .fetch_one(c)
        .await)?)
}

/// Applications assigned to a surveyor (in scope), waiting first.
pub async fn for_surveyor(db: &Db, scope: &Scope, surveyor: Uuid) -> Result<Vec<Application>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT {COLS} FROM aid_applications WHERE surveyor_id = $1 AND {} ORDER BY survei_status, region, nama LIMIT 1000",
        ScopeSql::cond("region", 2, 3)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Application>(AssertSqlSafe(sql.as_str())).bind(surveyor).bind(&s.root).bind(&s.pattern).fetch_all(p).await)?)
}
