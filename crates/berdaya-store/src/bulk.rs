//! Multi-row writes for bulk import: one statement per chunk of rows instead of one per row.
//!
//! The per-row functions in `owners` and `businesses` stay the reference for what a row is;
//! these write the same columns. On PostgreSQL as multi-row statements in chunks under its
//! bind limit (65,535 parameters per statement); on SQLite as prepared single-row statements
//! on the transaction's own connection (`bulk_sqlite`).

use std::collections::{HashMap, HashSet};

use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::businesses::{Business, Snapshot};
use crate::owners::Owner;
use crate::{Result, Tx, bulk_sqlite, on_tx};

/// Rows per statement: the widest table (businesses, 29 columns) stays under the bind limit.
const CHUNK: usize = 1000;

/// Claim the NIKs of `owners` in `owner_nik` in one go. Returns the ids of the owners whose
/// NIK was free and is now theirs; a NIK already registered (or claimed by an earlier entry of
/// the same call) is left untouched and its owner id is absent from the result.
pub async fn claim_niks(tx: &mut Tx, owners: &[(&str, Uuid)]) -> Result<Vec<Uuid>> {
    if let Tx::Sqlite(t) = tx {
        return bulk_sqlite::claim_niks(t, owners).await;
    }
    let mut claimed = Vec::with_capacity(owners.len());
    for chunk in owners.chunks(CHUNK) {
        let got: Vec<Uuid> = on_tx!(tx, |c| {
            let mut q = QueryBuilder::new("INSERT INTO owner_nik (nik, owner_id) ");
            q.push_values(chunk, |mut b, (nik, id)| {
                b.push_bind(*nik).push_bind(*id);
            });
            q.push(" ON CONFLICT (nik) DO NOTHING RETURNING owner_id");
            q.build_query_scalar::<Uuid>().fetch_all(c).await
        })?;
        claimed.extend(got);
    }
    Ok(claimed)
}

/// The owners holding these NIKs (those registered at all).
pub async fn owners_for_niks(tx: &mut Tx, niks: &[&str]) -> Result<HashMap<String, Uuid>> {
    let mut out = HashMap::with_capacity(niks.len());
    for chunk in niks.chunks(CHUNK) {
        let rows: Vec<(String, Uuid)> = on_tx!(tx, |c| {
            let mut q = QueryBuilder::new("SELECT nik, owner_id FROM owner_nik WHERE nik IN (");
            let mut sep = q.separated(", ");
            for nik in chunk {
                sep.push_bind(*nik);
            }
            q.push(")");
            q.build_query_as::<(String, Uuid)>().fetch_all(c).await
        })?;
        out.extend(rows);
    }
    Ok(out)
}

/// Insert owners whose NIKs were claimed with [`claim_niks`] in the same transaction.
pub async fn insert_owners(tx: &mut Tx, owners: &[Owner]) -> Result<()> {
    if let Tx::Sqlite(t) = tx {
        return bulk_sqlite::insert_owners(t, owners).await;
    }
    for chunk in owners.chunks(CHUNK) {
        on_tx!(tx, |c| {
            let mut q = QueryBuilder::new(format!("INSERT INTO owners ({}) ", crate::owners::COLS));
            q.push_values(chunk, |mut b, o| {
                b.push_bind(o.id)
                    .push_bind(&o.kabkota)
                    .push_bind(&o.region)
                    .push_bind(&o.nik)
                    .push_bind(&o.no_kk)
                    .push_bind(&o.nama)
                    .push_bind(&o.nama_norm)
                    .push_bind(&o.jenis_kelamin)
                    .push_bind(&o.tempat_lahir)
                    .push_bind(o.tanggal_lahir)
                    .push_bind(&o.alamat)
                    .push_bind(&o.rt_rw)
                    .push_bind(&o.no_hp)
                    .push_bind(o.whatsapp)
                    .push_bind(&o.email)
                    .push_bind(&o.pendidikan)
                    .push_bind(&o.disabilitas)
                    .push_bind(o.ektp_file_id)
                    .push_bind(&o.warnings)
                    .push_bind(o.created_by)
                    .push_bind(o.created_at)
                    .push_bind(o.updated_at)
                    .push_bind(o.version);
            });
            q.build().execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Insert businesses (their owners must exist).
pub async fn insert_businesses(tx: &mut Tx, rows: &[Business]) -> Result<()> {
    if let Tx::Sqlite(t) = tx {
        bulk_sqlite::insert_businesses(t, rows).await?;
        return bulk_sqlite::index_new_businesses(t, rows).await;
    }
    for chunk in rows.chunks(CHUNK) {
        on_tx!(tx, |c| {
            let mut q = QueryBuilder::new(format!("INSERT INTO businesses ({}) ", crate::businesses::COLS));
            q.push_values(chunk, |mut b, r| {
                b.push_bind(r.id)
                    .push_bind(r.owner_id)
                    .push_bind(&r.kabkota)
                    .push_bind(&r.region)
                    .push_bind(&r.nama_usaha)
                    .push_bind(&r.nama_norm)
                    .push_bind(&r.owner_nama_norm)
                    .push_bind(&r.nib)
                    .push_bind(&r.kbli)
                    .push_bind(r.kbli_version)
                    .push_bind(&r.sektor)
                    .push_bind(&r.bentuk_usaha)
                    .push_bind(&r.alamat)
                    .push_bind(r.lat)
                    .push_bind(r.lon)
                    .push_bind(r.tahun_berdiri)
                    .push_bind(r.modal)
                    .push_bind(r.omzet_tahunan)
                    .push_bind(r.tk_l)
                    .push_bind(r.tk_p)
                    .push_bind(&r.produk)
                    .push_bind(&r.skala)
                    .push_bind(&r.skala_dilaporkan)
                    .push_bind(&r.kanal)
                    .push_bind(&r.izin)
                    .push_bind(r.created_by)
                    .push_bind(r.created_at)
                    .push_bind(r.updated_at)
                    .push_bind(r.version);
            });
            q.build().execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    crate::search_index::index_businesses(tx, rows).await
}

/// Insert dated turnover/employee snapshots.
pub async fn insert_snapshots(tx: &mut Tx, rows: &[Snapshot]) -> Result<()> {
    if let Tx::Sqlite(t) = tx {
        return bulk_sqlite::insert_snapshots(t, rows).await;
    }
    for chunk in rows.chunks(CHUNK) {
        on_tx!(tx, |c| {
            let mut q = QueryBuilder::new(
                "INSERT INTO business_snapshots (id, business_id, region, tanggal, modal, omzet_tahunan, tk_l, tk_p, \
                 skala, sumber, created_at) ",
            );
            q.push_values(chunk, |mut b, s| {
                b.push_bind(s.id)
                    .push_bind(s.business_id)
                    .push_bind(&s.region)
                    .push_bind(s.tanggal)
                    .push_bind(s.modal)
                    .push_bind(s.omzet_tahunan)
                    .push_bind(s.tk_l)
                    .push_bind(s.tk_p)
                    .push_bind(&s.skala)
                    .push_bind(&s.sumber)
                    .push_bind(s.created_at);
            });
            q.build().execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Owners by id, whatever their region (the caller checks scope with
/// [`crate::scope::region_in_scope`]).
pub async fn owners_by_ids(tx: &mut Tx, ids: &[Uuid]) -> Result<HashMap<Uuid, Owner>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<Owner> = on_tx!(tx, |c| {
            let mut q = QueryBuilder::new(format!("SELECT {} FROM owners WHERE id IN (", crate::owners::COLS));
            let mut sep = q.separated(", ");
            for id in chunk {
                sep.push_bind(*id);
            }
            q.push(")");
            q.build_query_as::<Owner>().fetch_all(c).await
        })?;
        out.extend(rows.into_iter().map(|o| (o.id, o)));
    }
    Ok(out)
}

/// The (owner id, normalised business name) pairs these owners already have.
pub async fn business_names_of(tx: &mut Tx, owner_ids: &[Uuid]) -> Result<HashSet<(Uuid, String)>> {
    let mut out = HashSet::with_capacity(owner_ids.len());
    for chunk in owner_ids.chunks(CHUNK) {
        let rows: Vec<(Uuid, String)> = on_tx!(tx, |c| {
            let mut q = QueryBuilder::new("SELECT owner_id, nama_norm FROM businesses WHERE owner_id IN (");
            let mut sep = q.separated(", ");
            for id in chunk {
                sep.push_bind(*id);
            }
            q.push(")");
            q.build_query_as::<(Uuid, String)>().fetch_all(c).await
        })?;
        out.extend(rows);
    }
    Ok(out)
}
