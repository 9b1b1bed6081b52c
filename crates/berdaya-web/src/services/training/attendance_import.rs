//! Attendance from the typed version of a scanned sign-in sheet (CSV or XLSX): `preview`
//! reads and matches the file and writes nothing; `apply` writes the confirmed cells in one
//! transaction (audited) and recomputes completion as the grid does. Cells left blank in the
//! sheet keep what was saved before.

use std::collections::{HashMap, HashSet};

use berdaya_store::training::{attendance as store, batches, participants, rules};
use berdaya_store::Db;
use berdaya_tabular::{RawRow, ReadOptions, Table};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::attendance::{GridSaved, batch_cells, out_of_batch, rule_of, store_cells};
use super::sheet::{self, Mark, SheetRead};
use super::{require_writer, today};
use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use super::audit_change;

/// One cell to set: present or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CellInput {
    pub session_id: Uuid,
    pub participant_id: Uuid,
    pub hadir: bool,
}

/// What the sheet would change.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub sheet: SheetRead,
    pub cells: Vec<CellInput>,
    pub present: usize,
    pub absent: usize,
    /// Absent with izin / sakit (also counted in `absent`).
    pub excused: usize,
    /// Cells whose saved value changes.
    pub changed: usize,
    pub selected: usize,
    pub completed_before: usize,
    pub completed_after: usize,
}

fn unreadable(msg: String) -> ServiceError {
    let mut f = FieldErrors::default();
    f.add("berkas", msg);
    ServiceError::Invalid(f)
}

/// Read a sheet against a batch; nothing is written.
pub async fn preview(db: &Db, actor: &Actor, batch_id: Uuid, bytes: Vec<u8>) -> Result<Preview, ServiceError> {
    require_writer(actor)?;
    let (b, _) = super::batch_with_program(db, actor, batch_id).await?;
    let table = Table::from_bytes(bytes, &ReadOptions::default()).map_err(|e| unreadable(format!("Berkas tidak dapat dibaca: {e}")))?;
    let header = table.header().columns.clone();
    let rows: Vec<RawRow> = table.collect::<Result<_, _>>().map_err(|e| unreadable(format!("Berkas tidak dapat dibaca: {e}")))?;
    let sessions = batches::sessions(db, batch_id).await?;
    let people = participants::list(db, batch_id).await?;
    let sheet = sheet::read(&header, rows, &sessions, &people, today());
    let mut saved: HashSet<(Uuid, Uuid)> = store::cells(db, batch_id).await?.into_iter().collect();
    let selected: Vec<_> = people.iter().filter(|p| p.status == rules::SELECTED).collect();
    let rule = rule_of(&b);
    let count_completed = |cells: &HashSet<(Uuid, Uuid)>| {
        let mut per: HashMap<Uuid, i64> = HashMap::new();
        for (_, p) in cells {
            *per.entry(*p).or_default() += 1;
        }
        selected.iter().filter(|p| rule.completed(per.get(&p.id).copied().unwrap_or(0), sessions.len() as i64, p.post_test)).count()
    };
    let mut out = Preview { selected: selected.len(), completed_before: count_completed(&saved), ..Default::default() };
    for r in &sheet.matched {
        for (s, m) in &r.marks {
            let hadir = *m == Mark::Present;
            match m {
                Mark::Present => out.present += 1,
                Mark::Absent => out.absent += 1,
                Mark::Excused => {
                    out.absent += 1;
                    out.excused += 1;
                }
            }
            let key = (*s, r.participant_id);
            let changed = if hadir { saved.insert(key) } else { saved.remove(&key) };
            out.changed += usize::from(changed);
            out.cells.push(CellInput { session_id: *s, participant_id: r.participant_id, hadir });
        }
    }
    out.completed_after = count_completed(&saved);
    out.sheet = sheet;
    Ok(out)
}

/// Write confirmed cells: one transaction, audited; other cells keep their saved value.
pub async fn apply(db: &Db, actor: &Actor, batch_id: Uuid, cells: &[CellInput]) -> Result<GridSaved, ServiceError> {
    require_writer(actor)?;
    if cells.is_empty() {
        let mut f = FieldErrors::default();
        f.add("present", "Tidak ada sel kehadiran untuk diterapkan.");
        return Err(ServiceError::Invalid(f));
    }
    let mut tx = db.begin().await?;
    let b = batches::get_for_update(&mut tx, &actor.scope, batch_id).await?;
    let (sessions, selected) = batch_cells(&mut tx, batch_id).await?;
    let mut present: HashSet<(Uuid, Uuid)> = store::cells_tx(&mut tx, batch_id).await?.into_iter().collect();
    let mut changed = 0usize;
    for c in cells {
        if !sessions.contains(&c.session_id) || !selected.contains(&c.participant_id) {
            tx.rollback().await?;
            return Err(out_of_batch());
        }
        let key = (c.session_id, c.participant_id);
        changed += usize::from(if c.hadir { present.insert(key) } else { present.remove(&key) });
    }
    let mut list: Vec<(Uuid, Uuid)> = present.into_iter().collect();
    list.sort_unstable();
    let completed = store_cells(&mut tx, &b, sessions.len(), &list).await?;
    let hadir = cells.iter().filter(|c| c.hadir).count();
    audit_change(&mut tx, actor.audit("import_attendance", "training_batch", batch_id, &b.region), None, Some(serde_json::json!({"cells": cells.len(), "hadir": hadir, "tidak_hadir": cells.len() - hadir, "changed": changed, "ticks": list.len(), "completed": completed}))).await?;
    tx.commit().await?;
    Ok(GridSaved { ticks: list.len(), completed, participants: selected.len() })
}
