//! Bulk writes for the import: many rows per call instead of one statement per row.
//!
//! The per-row functions in `owners` and `businesses` stay the reference for what a row is;
//! these write the same columns. New rows go on SQLite as prepared single-row statements on
//! the transaction's own connection (`bulk_sqlite`), on PostgreSQL as `COPY` streams
//! (`bulk_pg`). NIK claims and lookups are multi-row statements in chunks under the bind
//! limits.

use std::collections::{HashMap, HashSet};

use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::businesses::{Business, Snapshot};
use crate::owners::Owner;
use crate::{Result, Tx, bulk_pg, bulk_sqlite, on_tx};

/// Rows (or ids) per statement.
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
    match tx {
        Tx::Sqlite(t) => bulk_sqlite::insert_owners(t, owners).await,
        Tx::Pg(t) => bulk_pg::insert_owners(t, owners).await,
    }
}

/// Insert new businesses (fresh ids; their owners must exist) with their word index rows.
pub async fn insert_businesses(tx: &mut Tx, rows: &[Business]) -> Result<()> {
    match tx {
        Tx::Sqlite(t) => {
            bulk_sqlite::insert_businesses(t, rows).await?;
            bulk_sqlite::index_new_businesses(t, rows).await
        }
        Tx::Pg(t) => {
            bulk_pg::insert_businesses(t, rows).await?;
            bulk_pg::index_new_businesses(t, rows).await
        }
    }
}

/// Insert dated turnover/employee snapshots (fresh ids).
pub async fn insert_snapshots(tx: &mut Tx, rows: &[Snapshot]) -> Result<()> {
    match tx {
        Tx::Sqlite(t) => bulk_sqlite::insert_snapshots(t, rows).await,
        Tx::Pg(t) => bulk_pg::insert_snapshots(t, rows).await,
    }
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
/// The (owner, name key) of the businesses of these owners that `user` created at or after
/// `since`: what an earlier attempt of the same import job stored.
pub async fn business_names_created_since(tx: &mut Tx, owner_ids: &[Uuid], user: Option<Uuid>, since: chrono::DateTime<chrono::Utc>) -> Result<HashSet<(Uuid, String)>> {
    names_of(tx, owner_ids, Some((user, since))).await
}

pub async fn business_names_of(tx: &mut Tx, owner_ids: &[Uuid]) -> Result<HashSet<(Uuid, String)>> {
    names_of(tx, owner_ids, None).await
}

async fn names_of(tx: &mut Tx, owner_ids: &[Uuid], created: Option<(Option<Uuid>, chrono::DateTime<chrono::Utc>)>) -> Result<HashSet<(Uuid, String)>> {
    let mut out = HashSet::with_capacity(owner_ids.len());
    for chunk in owner_ids.chunks(CHUNK) {
        let rows: Vec<(Uuid, String)> = on_tx!(tx, |c| {
            let mut q = QueryBuilder::new("SELECT owner_id, nama_norm FROM businesses WHERE ");
            if let Some((user, since)) = created {
                q.push("created_by = ").push_bind(user).push(" AND created_at >= ").push_bind(since).push(" AND ");
            }
            q.push("owner_id IN (");
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
