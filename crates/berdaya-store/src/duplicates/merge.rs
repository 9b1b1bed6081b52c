//! Moving everything of a merged owner record to the survivor (the review queue's merge).
//! Rows that the person may hold only once are folded (training, `training.rs`) or closed
//! (aid, `aid.rs`) instead of simply moved.

mod aid;
mod training;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::{Result, StoreError, Tx, on_tx};

/// Tables that point at an owner: a merge moves their rows to the surviving owner. Modules
/// that add such a table add it here, and to [`move_owner`] when the table has a unique
/// constraint that includes the owner (as training participants do) or a rule of one row per
/// person (as aid applications do).
pub const OWNER_REFERENCES: &[(&str, &str)] =
    &[("businesses", "owner_id"), ("training_participants", "owner_id"), ("aid_applications", "owner_id")];

/// What a merge did, for its history row (`owner_merges.moved`) and audit entry: one entry
/// per table for the rows moved to the survivor, and one per kind of row that could not
/// simply be moved (`training_participants:folded`, `aid_applications:closed`, …) with a
/// line per row saying what happened to it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Moved {
    pub table: String,
    pub ids: Vec<Uuid>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Moved {
    pub(super) fn new(table: &str) -> Moved {
        Moved { table: table.to_string(), ..Moved::default() }
    }
}

/// Move everything of `merged` to `survivor`: referencing rows, the NIK claim (so the merged
/// NIK still finds the survivor), and mark `merged` as merged. The caller writes the history
/// row with [`super::record_merge`] and the audit entry in the same transaction.
///
/// Two records of one person may both hold a row where the person may have only one:
/// - the same training batch (unique per batch and owner): see `fold_participant`;
/// - the same aid program (one application per person per program): see `move_aid`.
///
/// Entries with no rows are left out of the result, except the three tables of
/// [`OWNER_REFERENCES`], which are always listed.
pub async fn move_owner(tx: &mut Tx, survivor: Uuid, survivor_nama_norm: &str, merged: Uuid, at: DateTime<Utc>) -> Result<Vec<Moved>> {
    let mut out = Vec::new();
    let ids: Vec<Uuid> =
        on_tx!(tx, |c| sqlx::query_scalar("SELECT id FROM businesses WHERE owner_id = $1 ORDER BY id").bind(merged).fetch_all(c).await)?;
    on_tx!(tx, |c| sqlx::query("UPDATE businesses SET owner_id = $1 WHERE owner_id = $2")
        .bind(survivor)
        .bind(merged)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    out.push(Moved { table: "businesses".into(), ids, notes: Vec::new() });
    out.extend(training::move_training(tx, survivor, merged, at).await?);
    out.extend(aid::move_aid(tx, survivor, merged, at).await?);
    on_tx!(tx, |c| sqlx::query("UPDATE businesses SET owner_nama_norm = $1 WHERE owner_id = $2")
        .bind(survivor_nama_norm)
        .bind(survivor)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    crate::search_index::reindex_owner(tx, survivor).await?;
    on_tx!(tx, |c| sqlx::query("UPDATE owner_nik SET owner_id = $1 WHERE owner_id = $2")
        .bind(survivor)
        .bind(merged)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE owners SET merged_into = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND merged_into IS NULL"
    )
    .bind(survivor)
    .bind(at)
    .bind(merged)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "owners_merged".into() });
    }
    out.retain(|m| !m.ids.is_empty() || !m.table.contains(':'));
    Ok(out)
}
