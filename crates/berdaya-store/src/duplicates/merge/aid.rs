//! Aid applications of a merged owner record.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Result, Tx, on_tx};

use super::Moved;

/// One application as the merge ranks it.
#[derive(Debug, sqlx::FromRow)]
struct AidRow {
    id: Uuid,
    program_id: Uuid,
    owner_id: Uuid,
    status: String,
    keputusan: String,
    created_at: DateTime<Utc>,
}

/// How far an application got: approved, in a batch, submitted; then the screening decision.
fn aid_rank(a: &AidRow) -> (u8, u8) {
    let status = match a.status.as_str() {
        "disetujui" => 3,
        "diusulkan" => 2,
        "diajukan" => 1,
        _ => 0,
    };
    let keputusan = match a.keputusan.as_str() {
        "layak" => 3,
        "perlu_ditinjau" => 2,
        "" => 1,
        _ => 0,
    };
    (status, keputusan)
}

/// Aid: every application of the merged owner moves to the survivor (the NIK it was filed
/// under stays on it, as filed). The uniqueness of an application is per NIK and program, so
/// the move itself never collides; but one person may receive a program's aid only once, and
/// two records of one person may each have applied. For every program where the person now
/// has more than one application, the operator expects the one furthest along to count
/// (approved, then in a batch, then submitted; then layak, perlu ditinjau, not screened; then
/// the survivor's own; then the oldest):
/// - another application still only submitted (`diajukan`, in no batch, nothing paid) is
///   closed: `tidak_layak` in category `penerima_ganda`, with the reason shown to the
///   applicant and a review note naming the kept application (a later screening that only
///   finds "perlu ditinjau" leaves a reviewed application alone). One already `tidak_layak`
///   keeps its own decision;
/// - another application already in a batch or approved is not touched (it rests on a
///   decision or an SK the merge cannot undo) and is listed for the operator to follow up.
pub(super) async fn move_aid(tx: &mut Tx, survivor: Uuid, merged: Uuid, at: DateTime<Utc>) -> Result<Vec<Moved>> {
    let rows: Vec<AidRow> = on_tx!(tx, |c| sqlx::query_as::<_, AidRow>(
        "SELECT id, program_id, owner_id, status, keputusan, created_at FROM aid_applications \
         WHERE owner_id = $1 OR owner_id = $2 ORDER BY program_id, created_at, id"
    )
    .bind(survivor)
    .bind(merged)
    .fetch_all(c)
    .await)?;
    let mut moved = Moved::new("aid_applications");
    moved.ids = rows.iter().filter(|a| a.owner_id == merged).map(|a| a.id).collect();
    on_tx!(tx, |c| sqlx::query("UPDATE aid_applications SET owner_id = $1, updated_at = $2, version = version + 1 WHERE owner_id = $3")
        .bind(survivor)
        .bind(at)
        .bind(merged)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let mut closed = Moved::new("aid_applications:closed");
    let mut follow_up = Moved::new("aid_applications:follow_up");
    let mut programs: Vec<Uuid> = rows.iter().map(|a| a.program_id).collect();
    programs.dedup();
    for program in programs {
        let mut apps: Vec<&AidRow> = rows.iter().filter(|a| a.program_id == program).collect();
        if !(apps.iter().any(|a| a.owner_id == survivor) && apps.iter().any(|a| a.owner_id == merged)) {
            // Only one of the two records applied: nothing doubled by this merge.
            continue;
        }
        apps.sort_by(|a, b| {
            aid_rank(b)
                .cmp(&aid_rank(a))
                .then((b.owner_id == survivor).cmp(&(a.owner_id == survivor)))
                .then(a.created_at.cmp(&b.created_at))
                .then(a.id.cmp(&b.id))
        });
        let kept = apps[0];
        for a in &apps[1..] {
            if a.status == "diajukan" {
                if a.keputusan == "tidak_layak" {
                    continue;
                }
                let alasan = "Permohonan ganda: pemohon yang sama sudah mengajukan di program ini (data pelaku usaha digabung).";
                let catatan = format!("Ditutup saat penggabungan data pelaku usaha; permohonan yang dipertahankan: {}.", kept.id);
                on_tx!(tx, |c| sqlx::query(
                    "UPDATE aid_applications SET keputusan = 'tidak_layak', kategori = 'penerima_ganda', alasan = $1, \
                     catatan_tinjau = $2, updated_at = $3, version = version + 1 WHERE id = $4 AND status = 'diajukan'"
                )
                .bind(alasan)
                .bind(&catatan)
                .bind(at)
                .bind(a.id)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
                closed.ids.push(a.id);
                closed.notes.push(format!("program {program}: {} closed (was {:?}), kept {}", a.id, a.keputusan, kept.id));
            } else {
                follow_up.ids.push(a.id);
                follow_up.notes.push(format!(
                    "program {program}: {} is {} beside the kept {} ({}): the same person may be paid twice",
                    a.id, a.status, kept.id, kept.status
                ));
            }
        }
    }
    Ok(vec![moved, closed, follow_up])
}
