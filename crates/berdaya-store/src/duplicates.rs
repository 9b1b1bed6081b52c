//! The duplicate review queue: owner pairs the record-linkage engine found, the operator's
//! decision on each (merged, or "bukan duplikat" — never proposed again), and merges with
//! their history.

use berdaya_core::Scope;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, StoreError, Tx, on_db, on_tx};

pub const STATUS_NEW: &str = "baru";
pub const STATUS_MERGED: &str = "digabung";
pub const STATUS_NOT_DUPLICATE: &str = "bukan_duplikat";

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Pair {
    pub id: Uuid,
    pub region: String,
    pub owner_a: Uuid,
    pub owner_b: Uuid,
    pub weight: f64,
    pub probability: f64,
    /// JSON of `berdaya_match::Explanation`.
    pub explanation: String,
    pub status: String,
    pub note: String,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub job_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

const COLS: &str = "id, region, owner_a, owner_b, weight, probability, explanation, status, note, decided_by, decided_at, \
    job_id, created_at";

/// Orders the two owners of a pair the way the table stores them (a < b).
pub fn ordered(x: Uuid, y: Uuid) -> (Uuid, Uuid) {
    if x < y { (x, y) } else { (y, x) }
}

/// Add a proposed pair unless the same two owners were proposed before (whatever was decided
/// then: a "bukan duplikat" pair stays decided). Returns whether it was added.
pub async fn propose(tx: &mut Tx, p: &Pair) -> Result<bool> {
    let (a, b) = ordered(p.owner_a, p.owner_b);
    let n = on_tx!(tx, |c| sqlx::query(
        "INSERT INTO duplicate_pairs (id, region, owner_a, owner_b, weight, probability, explanation, status, note, job_id, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10) ON CONFLICT (owner_a, owner_b) DO NOTHING"
    )
    .bind(p.id)
    .bind(&p.region)
    .bind(a)
    .bind(b)
    .bind(p.weight)
    .bind(p.probability)
    .bind(&p.explanation)
    .bind(STATUS_NEW)
    .bind(p.job_id)
    .bind(p.created_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Every pair ever decided "bukan duplikat" among owners in scope (fed to the engine so it
/// never links them directly).
pub async fn not_duplicates(db: &Db, scope: &Scope) -> Result<Vec<(Uuid, Uuid)>> {
    let s = ScopeSql::new(scope);
    let sql = format!("SELECT owner_a, owner_b FROM duplicate_pairs WHERE {} AND status = $3", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_as::<_, (Uuid, Uuid)>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(STATUS_NOT_DUPLICATE)
        .fetch_all(p)
        .await)?)
}

/// Open pairs in scope, strongest first.
pub async fn queue(db: &Db, scope: &Scope, status: &str, limit: i64) -> Result<Vec<Pair>> {
    let s = ScopeSql::new(scope);
    let sql = format!(
        "SELECT {COLS} FROM duplicate_pairs WHERE {} AND status = $3 ORDER BY weight DESC, id LIMIT $4",
        ScopeSql::cond("region", 1, 2)
    );
    Ok(on_db!(db, |p| sqlx::query_as::<_, Pair>(AssertSqlSafe(sql.as_str()))
        .bind(&s.root)
        .bind(&s.pattern)
        .bind(status)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// Number of pairs per status in scope.
pub async fn counts(db: &Db, scope: &Scope) -> Result<Vec<(String, i64)>> {
    let s = ScopeSql::new(scope);
    let sql =
        format!("SELECT status, COUNT(*) FROM duplicate_pairs WHERE {} GROUP BY status ORDER BY status", ScopeSql::cond("region", 1, 2));
    Ok(on_db!(db, |p| sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql.as_str())).bind(&s.root).bind(&s.pattern).fetch_all(p).await)?)
}

pub async fn get(db: &Db, scope: &Scope, id: Uuid) -> Result<Pair> {
    on_db!(db, |p| crate::fetch_scoped_by_id!(p, Pair, "duplicate_pairs", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

pub async fn get_for_update(tx: &mut Tx, scope: &Scope, id: Uuid) -> Result<Pair> {
    on_tx!(tx, |c| crate::fetch_scoped_by_id!(c, Pair, "duplicate_pairs", COLS, scope, id))?.ok_or(StoreError::NotFound)
}

/// Record the decision on an open pair; fails with `Conflict` if someone decided it already.
pub async fn decide(tx: &mut Tx, id: Uuid, status: &str, note: &str, by: Option<Uuid>, at: DateTime<Utc>) -> Result<()> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE duplicate_pairs SET status = $1, note = $2, decided_by = $3, decided_at = $4 WHERE id = $5 AND status = $6"
    )
    .bind(status)
    .bind(note)
    .bind(by)
    .bind(at)
    .bind(id)
    .bind(STATUS_NEW)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if n == 0 {
        return Err(StoreError::Conflict { constraint: "duplicate_pairs_decided".into() });
    }
    Ok(())
}

/// Open pairs that involve `owner` (after a merge they point at a record that is gone).
pub async fn close_pairs_of(tx: &mut Tx, owner: Uuid, note: &str, at: DateTime<Utc>) -> Result<u64> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "UPDATE duplicate_pairs SET status = $1, note = $2, decided_at = $3 WHERE status = $4 AND (owner_a = $5 OR owner_b = $5)"
    )
    .bind(STATUS_MERGED)
    .bind(note)
    .bind(at)
    .bind(STATUS_NEW)
    .bind(owner)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

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
    fn new(table: &str) -> Moved {
        Moved { table: table.to_string(), ..Moved::default() }
    }
}

/// Move everything of `merged` to `survivor`: referencing rows, the NIK claim (so the merged
/// NIK still finds the survivor), and mark `merged` as merged. The caller writes the history
/// row with [`record_merge`] and the audit entry in the same transaction.
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
    out.extend(move_training(tx, survivor, merged, at).await?);
    out.extend(move_aid(tx, survivor, merged, at).await?);
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

/// Training: a participation of the merged owner in a batch the survivor is not in moves
/// over. When both were in the same batch (one person registered twice), the survivor's row
/// stays and the other is folded into it (`fold_participant`).
async fn move_training(tx: &mut Tx, survivor: Uuid, merged: Uuid, at: DateTime<Utc>) -> Result<Vec<Moved>> {
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
async fn move_aid(tx: &mut Tx, survivor: Uuid, merged: Uuid, at: DateTime<Utc>) -> Result<Vec<Moved>> {
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

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Merge {
    pub id: Uuid,
    pub region: String,
    pub survivor_id: Uuid,
    pub merged_id: Uuid,
    /// JSON of the merged owner as it was.
    pub merged_record: String,
    /// JSON of what was moved.
    pub moved: String,
    pub pair_id: Option<Uuid>,
    pub merged_by: Option<Uuid>,
    pub merged_at: DateTime<Utc>,
}

pub async fn record_merge(tx: &mut Tx, m: &Merge) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO owner_merges (id, region, survivor_id, merged_id, merged_record, moved, pair_id, merged_by, merged_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    )
    .bind(m.id)
    .bind(&m.region)
    .bind(m.survivor_id)
    .bind(m.merged_id)
    .bind(&m.merged_record)
    .bind(&m.moved)
    .bind(m.pair_id)
    .bind(m.merged_by)
    .bind(m.merged_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Merges into `survivor` (its history), newest first.
pub async fn merges_into(db: &Db, survivor: Uuid) -> Result<Vec<Merge>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, Merge>(
        "SELECT id, region, survivor_id, merged_id, merged_record, moved, pair_id, merged_by, merged_at \
         FROM owner_merges WHERE survivor_id = $1 ORDER BY merged_at DESC"
    )
    .bind(survivor)
    .fetch_all(p)
    .await)?)
}

/// The owner a merged owner now lives on, if it was merged.
pub async fn merged_into(db: &Db, owner: Uuid) -> Result<Option<Uuid>> {
    let v: Option<Option<Uuid>> =
        on_db!(db, |p| sqlx::query_scalar("SELECT merged_into FROM owners WHERE id = $1").bind(owner).fetch_optional(p).await)?;
    Ok(v.flatten())
}

/// Save the match model of the last run over a region (replacing the previous one).
pub async fn save_model(tx: &mut Tx, region: &str, model_json: &str, records: i64, at: DateTime<Utc>) -> Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO match_models (region, model, records, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (region) DO UPDATE SET model = excluded.model, records = excluded.records, created_at = excluded.created_at"
    )
    .bind(region)
    .bind(model_json)
    .bind(records)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The saved model for the most specific region at or above `region` (e.g. the kab/kota's, or
/// the province's when the city never ran one).
pub async fn model_for(db: &Db, region: &str) -> Result<Option<String>> {
    let mut candidates: Vec<String> = Vec::new();
    let parts: Vec<&str> = region.split('.').collect();
    for n in (1..=parts.len()).rev() {
        candidates.push(parts[..n].join("."));
    }
    candidates.push(String::new());
    for r in candidates {
        let m: Option<String> =
            on_db!(db, |p| sqlx::query_scalar("SELECT model FROM match_models WHERE region = $1").bind(&r).fetch_optional(p).await)?;
        if m.is_some() {
            return Ok(m);
        }
    }
    Ok(None)
}
