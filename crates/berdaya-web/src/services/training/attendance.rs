//! The attendance grid (all participants × all sessions) and pre-/post-test scores, saved in
//! one transaction; completion is computed with the batch's rule.

use std::collections::{HashMap, HashSet};

use berdaya_store::training::batches::{self, Batch};
use berdaya_store::training::rules::{self, CompletionRule};
use berdaya_store::training::{attendance, participants};
use berdaya_store::Db;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::require_writer;
use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use super::audit_change;

/// The completion rule of a batch.
pub fn rule_of(b: &Batch) -> CompletionRule {
    CompletionRule { min_attendance_pct: b.min_kehadiran, min_post_test: b.min_post_test }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScoreInput {
    pub participant_id: Uuid,
    /// 0–100, empty when not taken.
    #[serde(default)]
    pub pre_test: String,
    #[serde(default)]
    pub post_test: String,
}

/// The whole grid of a batch: who was present at which session, and the test scores.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GridInput {
    /// (session id, participant id) for every tick.
    #[serde(default)]
    pub present: Vec<(Uuid, Uuid)>,
    #[serde(default)]
    pub scores: Vec<ScoreInput>,
}

fn score(f: &mut FieldErrors, field: &str, v: &str) -> Option<i32> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.replace(',', ".").parse::<f64>() {
        Ok(x) if (0.0..=100.0).contains(&x) => Some(x.round() as i32),
        _ => {
            f.add(field, "Nilai harus 0–100.");
            None
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GridSaved {
    pub ticks: usize,
    pub completed: usize,
    pub participants: usize,
}

/// Save the grid: every cell of the batch is replaced by what was sent, in one transaction.
pub async fn save_grid(db: &Db, actor: &Actor, batch_id: Uuid, input: &GridInput) -> Result<GridSaved, ServiceError> {
    require_writer(actor)?;
    let mut f = FieldErrors::default();
    let scores: Vec<(Uuid, Option<i32>, Option<i32>)> = input
        .scores
        .iter()
        .map(|s| {
            let pre = score(&mut f, &format!("pre:{}", s.participant_id), &s.pre_test);
            let post = score(&mut f, &format!("post:{}", s.participant_id), &s.post_test);
            (s.participant_id, pre, post)
        })
        .collect();
    f.into_result()?;
    let mut tx = db.begin().await?;
    let b = batches::get_for_update(&mut tx, &actor.scope, batch_id).await?;
    let (sessions, selected) = batch_cells(&mut tx, batch_id).await?;
    let mut present: Vec<(Uuid, Uuid)> = Vec::with_capacity(input.present.len());
    let mut seen = HashSet::new();
    for (s, p) in &input.present {
        if !sessions.contains(s) || !selected.contains(p) {
            tx.rollback().await?;
            return Err(out_of_batch());
        }
        if seen.insert((*s, *p)) {
            present.push((*s, *p));
        }
    }
    for (p, pre, post) in &scores {
        if !selected.contains(p) {
            continue;
        }
        participants::set_scores(&mut tx, batch_id, *p, *pre, *post).await?;
    }
    let completed = store_cells(&mut tx, &b, sessions.len(), &present).await?;
    let saved = GridSaved { ticks: present.len(), completed, participants: selected.len() };
    audit_change(&mut tx, actor.audit("save_attendance", "training_batch", batch_id, &b.region), None, Some(serde_json::json!({"ticks": saved.ticks, "scores": scores.len(), "completed": completed}))).await?;
    tx.commit().await?;
    Ok(saved)
}

pub(crate) fn out_of_batch() -> ServiceError {
    let mut f = FieldErrors::default();
    f.add("present", "Sesi atau peserta tidak termasuk angkatan ini; muat ulang halaman kehadiran.");
    ServiceError::Invalid(f)
}

/// The sessions and the selected participants of a (locked) batch.
pub(crate) async fn batch_cells(tx: &mut berdaya_store::Tx, batch_id: Uuid) -> Result<(HashSet<Uuid>, HashSet<Uuid>), ServiceError> {
    let sessions = batches::sessions_tx(tx, batch_id).await?.into_iter().map(|s| s.id).collect();
    let selected = participants::selected_ids(tx, batch_id).await?.into_iter().collect();
    Ok((sessions, selected))
}

/// Replace the batch's attendance with `present` (already checked against the batch) and
/// count who completes with the saved post-tests, inside the caller's transaction.
pub(crate) async fn store_cells(tx: &mut berdaya_store::Tx, b: &Batch, sessions: usize, present: &[(Uuid, Uuid)]) -> Result<usize, ServiceError> {
    attendance::replace(tx, b.id, &b.region, present).await?;
    let counts: HashMap<Uuid, i64> = attendance::counts_tx(tx, b.id).await?.into_iter().collect();
    let rule = rule_of(b);
    let posts = participants::selected_post_tests(tx, b.id).await?;
    Ok(posts.iter().filter(|(p, post)| rule.completed(counts.get(p).copied().unwrap_or(0), sessions as i64, *post)).count())
}

/// Does a listed participant complete the batch?
pub fn completed(b: &Batch, sessions: usize, row: &participants::ParticipantRow) -> bool {
    row.status == rules::SELECTED && rule_of(b).completed(row.hadir, sessions as i64, row.post_test)
}
