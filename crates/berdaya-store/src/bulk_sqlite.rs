//! The SQLite side of [`crate::bulk`]: prepared single-row statements run directly on the
//! connection of the caller's sqlx transaction.
//!
//! sqlx hands every statement to a worker thread with its arguments copied into owned
//! buffers; for an import of a million rows that hand-off and copying cost more than SQLite's
//! own work (measured: about two thirds of the CPU). Here the transaction's connection is
//! locked once per call and rusqlite binds the rows' fields in place, so the rows are written
//! inside the same transaction as everything else the import does (audit row included).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::Connection;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use crate::businesses::{Business, Snapshot};
use crate::owners::Owner;
use crate::{Result, StoreError};

/// Run `f` on the raw connection behind `tx`.
async fn with_conn<T>(tx: &mut Transaction<'static, Sqlite>, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
    let mut handle = tx.lock_handle().await?;
    let raw = handle.as_raw_handle().as_ptr();
    // SAFETY: `handle` keeps sqlx's worker off this connection until it is dropped, and the
    // rusqlite wrapper is dropped first. `from_handle` does not take ownership: dropping the
    // wrapper leaves the connection open, and it changes no connection setting.
    let conn = unsafe { Connection::from_handle(raw) }.map_err(sqlite_err)?;
    let out = f(&conn);
    drop(conn);
    drop(handle);
    out.map_err(sqlite_err)
}

fn sqlite_err(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, msg) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            StoreError::Conflict { constraint: msg.unwrap_or_default() }
        }
        other => StoreError::Other(format!("sqlite: {other}")),
    }
}

/// The text sqlx stores for a timestamp on SQLite (so reads through sqlx decode it).
fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

fn date(d: &Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%F").to_string())
}

/// `INSERT INTO table (cols) VALUES (?1, …, ?n)` with one placeholder per column of `cols`.
fn insert_sql(table: &str, cols: &str) -> String {
    let marks = (1..=cols.split(',').count()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    format!("INSERT INTO {table} ({cols}) VALUES ({marks})")
}

fn blob(id: &Uuid) -> &[u8] {
    id.as_bytes()
}

fn blob_opt(id: &Option<Uuid>) -> Option<&[u8]> {
    id.as_ref().map(|u| &u.as_bytes()[..])
}

pub(crate) async fn claim_niks(tx: &mut Transaction<'static, Sqlite>, owners: &[(&str, Uuid)]) -> Result<Vec<Uuid>> {
    with_conn(tx, |c| {
        let mut st = c.prepare("INSERT INTO owner_nik (nik, owner_id) VALUES (?1, ?2) ON CONFLICT (nik) DO NOTHING")?;
        let mut claimed = Vec::with_capacity(owners.len());
        for (nik, id) in owners {
            if st.execute(rusqlite::params![nik, blob(id)])? == 1 {
                claimed.push(*id);
            }
        }
        Ok(claimed)
    })
    .await
}

pub(crate) async fn insert_owners(tx: &mut Transaction<'static, Sqlite>, owners: &[Owner]) -> Result<()> {
    if owners.is_empty() {
        return Ok(());
    }
    with_conn(tx, |c| {
        let mut st = c.prepare(&insert_sql("owners", crate::owners::COLS))?;
        for o in owners {
            st.execute(rusqlite::params![
                blob(&o.id),
                o.kabkota,
                o.region,
                o.nik,
                o.no_kk,
                o.nama,
                o.nama_norm,
                o.jenis_kelamin,
                o.tempat_lahir,
                date(&o.tanggal_lahir),
                o.alamat,
                o.rt_rw,
                o.no_hp,
                o.whatsapp,
                o.email,
                o.pendidikan,
                o.disabilitas,
                blob_opt(&o.ektp_file_id),
                o.warnings,
                blob_opt(&o.created_by),
                ts(&o.created_at),
                ts(&o.updated_at),
                o.version,
            ])?;
        }
        Ok(())
    })
    .await
}

pub(crate) async fn insert_businesses(tx: &mut Transaction<'static, Sqlite>, rows: &[Business]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    with_conn(tx, |c| {
        let mut st = c.prepare(&insert_sql("businesses", crate::businesses::COLS))?;
        for r in rows {
            st.execute(rusqlite::params![
                blob(&r.id),
                blob(&r.owner_id),
                r.kabkota,
                r.region,
                r.nama_usaha,
                r.nama_norm,
                r.owner_nama_norm,
                r.nib,
                r.kbli,
                r.kbli_version,
                r.sektor,
                r.bentuk_usaha,
                r.alamat,
                r.lat,
                r.lon,
                r.tahun_berdiri,
                r.modal,
                r.omzet_tahunan,
                r.tk_l,
                r.tk_p,
                r.produk,
                r.skala,
                r.skala_dilaporkan,
                r.kanal,
                r.izin,
                blob_opt(&r.created_by),
                ts(&r.created_at),
                ts(&r.updated_at),
                r.version,
            ])?;
        }
        Ok(())
    })
    .await
}

pub(crate) async fn insert_snapshots(tx: &mut Transaction<'static, Sqlite>, rows: &[Snapshot]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    with_conn(tx, |c| {
        let mut st = c.prepare(&insert_sql("business_snapshots", crate::businesses::SNAPSHOT_COLS))?;
        for s in rows {
            st.execute(rusqlite::params![
                blob(&s.id),
                blob(&s.business_id),
                s.region,
                s.tanggal.format("%F").to_string(),
                s.modal,
                s.omzet_tahunan,
                s.tk_l,
                s.tk_p,
                s.skala,
                s.sumber,
                ts(&s.created_at),
            ])?;
        }
        Ok(())
    })
    .await
}

/// The word index rows of businesses just inserted (see `search_index`; new businesses have
/// no old rows to remove).
pub(crate) async fn index_new_businesses(tx: &mut Transaction<'static, Sqlite>, rows: &[Business]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    with_conn(tx, |c| {
        let sql = insert_sql("business_tokens", crate::search_index::TOKEN_COLS) + " ON CONFLICT (business_id, token) DO NOTHING";
        let mut token = c.prepare(&sql)?;
        let mut word = c.prepare("INSERT INTO search_words (token) VALUES (?1) ON CONFLICT (token) DO NOTHING")?;
        let mut vocab = std::collections::HashSet::new();
        for r in rows {
            let words = crate::search_index::words(&r.nama_norm, &r.owner_nama_norm);
            for t in crate::search_index::tokens(&words, &r.izin) {
                token.execute(rusqlite::params![blob(&r.id), t, r.region, r.nama_norm, r.owner_nama_norm, r.skala, r.sektor])?;
            }
            for w in words {
                if !vocab.contains(&w) {
                    word.execute([&w])?;
                    vocab.insert(w);
                }
            }
        }
        Ok(())
    })
    .await
}
