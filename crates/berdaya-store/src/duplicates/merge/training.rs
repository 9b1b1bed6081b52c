//! Training participations of a merged owner record.

use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::{Result, Tx, on_tx};

use super::Moved;

/// Training: a participation of the merged owner in a batch the survivor is not in moves
/// over. When both were in the same batch (one person registered twice), the survivor's row
/// stays and the other is folded into it (`fold_participant`).
pub(super) async fn move_training(tx: &mut Tx, survivor: Uuid, merged: Uuid, at: DateTime<Utc>) -> Result<Vec<Moved>> {
    use crate::training::participants::{COLS, Participant};
    let sql = format!("SELECT {COLS} FROM training_participants WHERE owner_id = $1 ORDER BY batch_id, id");
    let mine: Vec<Participant> =
        on_tx!(tx, |c| sqlx::query_as::<_, Participant>(AssertSqlSafe(sql.as_str())).bind(survivor).fetch_all(c).await)?;
    let theirs: Vec<Participant> =
        on_tx!(tx, |c| sqlx::query_as::<_, Participant>(AssertSqlSafe(sql.as_str())).bind(merged).fetch_all(c).await)?;
    let mut moved = Moved::new("training_participants");
    let mut folded = Moved::new("training_participants:folded");
    let mut left = Moved::new("training_participants:left_on_merged");
    for dup in &theirs {
        match mine.iter().find(|k| k.batch_id == dup.batch_id) {
            None => {
                on_tx!(tx, |c| sqlx::query("UPDATE training_participants SET owner_id = $1, updated_at = $2 WHERE id = $3")
                    .bind(survivor)
                    .bind(at)
                    .bind(dup.id)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected()))?;
                moved.ids.push(dup.id);
            }
            Some(keep) => {
                let (deleted, note) = fold_participant(tx, keep, dup, at).await?;
                let into = if deleted { &mut folded } else { &mut left };
                into.ids.push(dup.id);
                into.notes.push(note);
            }
        }
    }
    Ok(vec![moved, folded, left])
}

fn status_rank(status: &str) -> u8 {
    use crate::training::rules::{SELECTED, WAITLIST};
    match status {
        SELECTED => 2,
        WAITLIST => 1,
        _ => 0,
    }
}

/// Fold `dup` (the merged owner's row in a batch) into `keep` (the survivor's row in the same
/// batch). It is one person who was registered twice, so the operator expects one row that
/// says everything either row said:
/// - status: the stronger of the two (peserta over cadangan over mundur; the earlier place in
///   the waitlist when both wait). A seat the duplicate held is freed: promoting from the
///   waitlist stays the operator's decision on the batch page;
/// - test scores: the survivor's, or the duplicate's where the survivor has none;
/// - attendance: the union (the person may have signed in under either record);
/// - evaluation and follow-ups: moved where the survivor's row has none for that form or
///   month, otherwise the survivor's are kept and the duplicate's dropped (listed in the note);
/// - certificate: moved to the kept row when that has none. When both rows hold a
///   certificate, the person was certified twice for one batch: the duplicate's certificate is
///   revoked with the reason printed on the verification page, and its row stays on the merged
///   (inactive) owner as withdrawn, so the revoked number and code still verify as revoked.
///
/// Returns whether `dup` was deleted, and a note for the merge history.
async fn fold_participant(
    tx: &mut Tx,
    keep: &crate::training::participants::Participant,
    dup: &crate::training::participants::Participant,
    at: DateTime<Utc>,
) -> Result<(bool, String)> {
    use crate::training::rules::{WAITLIST, WITHDRAWN};
    let (k, d) = (keep.id, dup.id);
    let mut note = vec![format!("batch {}: row {d} folded into {k}", keep.batch_id)];
    let (status, antrean) = match status_rank(&dup.status).cmp(&status_rank(&keep.status)) {
        std::cmp::Ordering::Greater => (dup.status.clone(), dup.antrean),
        std::cmp::Ordering::Equal if keep.status == WAITLIST => {
            let a = match (keep.antrean, dup.antrean) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            (keep.status.clone(), a)
        }
        _ => (keep.status.clone(), keep.antrean),
    };
    if status != keep.status {
        note.push(format!("status {} -> {status} (from the duplicate)", keep.status));
    }
    let antrean = if status == WAITLIST { antrean } else { None };
    let mut peringatan: Vec<&str> = keep.peringatan.lines().filter(|l| !l.trim().is_empty()).collect();
    for l in dup.peringatan.lines().filter(|l| !l.trim().is_empty()) {
        if !peringatan.contains(&l) {
            peringatan.push(l);
        }
    }
    let peringatan = peringatan.join("\n");
    on_tx!(tx, |c| sqlx::query(
        "UPDATE training_participants SET status = $1, antrean = $2, pre_test = $3, post_test = $4, peringatan = $5, \
         updated_at = $6 WHERE id = $7"
    )
    .bind(&status)
    .bind(antrean)
    .bind(keep.pre_test.or(dup.pre_test))
    .bind(keep.post_test.or(dup.post_test))
    .bind(&peringatan)
    .bind(at)
    .bind(k)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;

    let added = on_tx!(tx, |c| sqlx::query(
        "INSERT INTO training_attendance (session_id, participant_id, batch_id, region) \
         SELECT a.session_id, $1, a.batch_id, a.region FROM training_attendance a WHERE a.participant_id = $2 \
         AND NOT EXISTS (SELECT 1 FROM training_attendance b WHERE b.participant_id = $1 AND b.session_id = a.session_id)"
    )
    .bind(k)
    .bind(d)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if added > 0 {
        note.push(format!("{added} session(s) of attendance added"));
    }
    on_tx!(tx, |c| sqlx::query("DELETE FROM training_attendance WHERE participant_id = $1").bind(d).execute(c).await.map(|r| r.rows_affected()))?;

    let keep_has_eval: i64 =
        on_tx!(tx, |c| sqlx::query_scalar("SELECT COUNT(*) FROM training_evaluations WHERE participant_id = $1").bind(k).fetch_one(c).await)?;
    let n = if keep_has_eval == 0 {
        on_tx!(tx, |c| sqlx::query("UPDATE training_evaluations SET participant_id = $1 WHERE participant_id = $2")
            .bind(k)
            .bind(d)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?
    } else {
        on_tx!(tx, |c| sqlx::query("DELETE FROM training_evaluations WHERE participant_id = $1").bind(d).execute(c).await.map(|r| r.rows_affected()))?
    };
    if n > 0 {
        note.push(if keep_has_eval == 0 { "evaluation moved".into() } else { "evaluation dropped (the kept row has one)".to_string() });
    }
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE training_followups SET participant_id = $1 WHERE participant_id = $2 \
         AND bulan NOT IN (SELECT f.bulan FROM training_followups f WHERE f.participant_id = $1)"
    )
    .bind(k)
    .bind(d)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n > 0 {
        note.push(format!("{n} follow-up(s) moved"));
    }
    let n = on_tx!(tx, |c| sqlx::query("DELETE FROM training_followups WHERE participant_id = $1").bind(d).execute(c).await.map(|r| r.rows_affected()))?;
    if n > 0 {
        note.push(format!("{n} follow-up(s) dropped (the kept row has those months)"));
    }

    let keep_cert: Option<(Uuid, String)> = on_tx!(tx, |c| sqlx::query_as("SELECT id, nomor FROM training_certificates WHERE participant_id = $1")
        .bind(k)
        .fetch_optional(c)
        .await)?;
    let dup_cert: Option<(Uuid, String)> = on_tx!(tx, |c| sqlx::query_as("SELECT id, nomor FROM training_certificates WHERE participant_id = $1")
        .bind(d)
        .fetch_optional(c)
        .await)?;
    match (keep_cert, dup_cert) {
        (None, Some((id, nomor))) => {
            on_tx!(tx, |c| sqlx::query("UPDATE training_certificates SET participant_id = $1 WHERE id = $2")
                .bind(k)
                .bind(id)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
            note.push(format!("certificate {nomor} moved"));
        }
        (Some((_, kept_nomor)), Some((id, nomor))) => {
            let reason = format!("Sertifikat ganda: peserta yang sama sudah memegang sertifikat {kept_nomor} untuk angkatan ini.");
            on_tx!(tx, |c| sqlx::query(
                "UPDATE training_certificates SET dicabut_at = $1, alasan_cabut = $2 WHERE id = $3 AND dicabut_at IS NULL"
            )
            .bind(at)
            .bind(&reason)
            .bind(id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
            on_tx!(tx, |c| sqlx::query("UPDATE training_participants SET status = $1, antrean = NULL, updated_at = $2 WHERE id = $3")
                .bind(WITHDRAWN)
                .bind(at)
                .bind(d)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
            note.push(format!("both rows certified: certificate {nomor} revoked, row left on the merged owner as withdrawn"));
            return Ok((false, note.join("; ")));
        }
        _ => {}
    }
    on_tx!(tx, |c| sqlx::query("DELETE FROM training_participants WHERE id = $1").bind(d).execute(c).await.map(|r| r.rows_affected()))?;
    Ok((true, note.join("; ")))
}
