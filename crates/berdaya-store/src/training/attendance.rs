//! Attendance: one row per participant present at a session. The grid of a batch is saved
//! whole (delete the batch's rows, insert the ticked cells) inside the caller's transaction.

use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::{Db, Result, Tx, on_db, on_tx};

const CHUNK: usize = 200;

/// Replace the batch's attendance with `present` (session id, participant id) pairs.
pub async fn replace(tx: &mut Tx, batch_id: Uuid, region: &str, present: &[(Uuid, Uuid)]) -> Result<()> {
    on_tx!(tx, |c| sqlx::query("DELETE FROM training_attendance WHERE batch_id = $1").bind(batch_id).execute(c).await.map(|r| r.rows_affected()))?;
    for chunk in present.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${}, ${})", i * 4 + 1, i * 4 + 2, i * 4 + 3, i * 4 + 4))
            .collect();
        let sql = format!("INSERT INTO training_attendance (session_id, participant_id, batch_id, region) VALUES {}", values.join(", "));
        on_tx!(tx, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for (session, participant) in chunk {
                q = q.bind(*session).bind(*participant).bind(batch_id).bind(region);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Every (session id, participant id) marked present in a batch.
pub async fn cells(db: &Db, batch_id: Uuid) -> Result<Vec<(Uuid, Uuid)>> {
    Ok(on_db!(db, |p| sqlx::query_as::<_, (Uuid, Uuid)>("SELECT session_id, participant_id FROM training_attendance WHERE batch_id = $1")
        .bind(batch_id)
        .fetch_all(p)
        .await)?)
}

/// Sessions attended per participant of a batch, inside a transaction.
pub async fn counts_tx(tx: &mut Tx, batch_id: Uuid) -> Result<Vec<(Uuid, i64)>> {
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, (Uuid, i64)>(
        "SELECT participant_id, COUNT(*) FROM training_attendance WHERE batch_id = $1 GROUP BY participant_id"
    )
    .bind(batch_id)
    .fetch_all(c)
    .await)?)
}

/// Every (session id, participant id) marked present in a batch, inside a transaction.
pub async fn cells_tx(tx: &mut Tx, batch_id: Uuid) -> Result<Vec<(Uuid, Uuid)>> {
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, (Uuid, Uuid)>("SELECT session_id, participant_id FROM training_attendance WHERE batch_id = $1")
        .bind(batch_id)
        .fetch_all(c)
        .await)?)
}
