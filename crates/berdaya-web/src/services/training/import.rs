//! Import a participant list (XLSX/CSV as a Dinas keeps it) through the registry importer:
//! people not yet registered become owners (NIK rules, one owner per NIK), everyone found is
//! then added to the batch with the usual criteria, quota and waitlist.

use berdaya_store::training::batches;
use berdaya_store::{Db, businesses, owners};
use berdaya_tabular::{ReadOptions, Table, propose_mapping};
use serde::Serialize;
use uuid::Uuid;

use super::participants::criteria_misses;
use super::{json, require_writer};
use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::import::{Status, run_import};
use super::audit_change;

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ListImport {
    pub rows: u64,
    /// New owners registered from the list.
    pub registered: u64,
    pub peserta: i64,
    pub cadangan: i64,
    pub sudah_terdaftar: i64,
    /// (row, reason) for rows not added.
    pub ditolak: Vec<(u64, String)>,
}

pub async fn import_list(db: &Db, actor: &Actor, batch_id: Uuid, bytes: Vec<u8>) -> Result<ListImport, ServiceError> {
    require_writer(actor)?;
    let (b, p) = super::batch_with_program(db, actor, batch_id).await?;
    let table = Table::from_bytes(bytes, &ReadOptions::default()).map_err(|e| {
        let mut f = FieldErrors::default();
        f.add("berkas", format!("Berkas tidak dapat dibaca: {e}"));
        ServiceError::Invalid(f)
    })?;
    let mapping = propose_mapping(&table.header().columns);
    let mut found: Vec<(u64, Uuid)> = Vec::new();
    let mut out = ListImport::default();
    let summary = run_import(db, actor, table, &mapping, |_, o| match (o.status, o.owner_id) {
        (Status::Rejected, _) | (_, None) => out.ditolak.push((o.row, o.reason.clone())),
        (_, Some(id)) => found.push((o.row, id)),
    }, |_, _| {})
    .await?;
    out.rows = summary.total;
    out.registered = summary.imported;
    let mut candidates = Vec::new();
    for (row, id) in found {
        if candidates.iter().any(|(_, o): &(u64, owners::Owner)| o.id == id) {
            continue;
        }
        let o = owners::get(db, &actor.scope, id).await?;
        let biz = businesses::for_owner(db, id).await?;
        let misses = criteria_misses(&b, &o, &biz);
        if misses.is_empty() {
            candidates.push((row, o));
        } else {
            out.ditolak.push((row, format!("tidak memenuhi kriteria: {}", misses.join("; "))));
        }
    }
    let mut tx = db.begin().await?;
    let b = batches::get_for_update(&mut tx, &actor.scope, batch_id).await?;
    for (_, o) in &candidates {
        if berdaya_store::training::participants::exists(&mut tx, b.id, o.id).await? {
            out.sudah_terdaftar += 1;
            continue;
        }
        let row = super::participants::place_one(&mut tx, actor, &b, &p, o).await?;
        if row.status == berdaya_store::training::rules::SELECTED { out.peserta += 1 } else { out.cadangan += 1 }
    }
    out.ditolak.sort();
    audit_change(&mut tx, actor.audit("import_list", "training_batch", b.id, &b.region), None, Some(json(&serde_json::json!({"rows": out.rows, "registered": out.registered, "peserta": out.peserta, "cadangan": out.cadangan, "ditolak": out.ditolak.len()}))?)).await?;
    tx.commit().await?;
    Ok(out)
}
