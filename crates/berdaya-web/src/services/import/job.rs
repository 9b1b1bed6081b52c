//! The import as a background job: reads the uploaded file from storage, imports it with the
//! mapping the operator confirmed, stores the rejected-rows report (XLSX) as a file.

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::jobs::{self, Job, NewJob};
use berdaya_store::{Db, agencies, audit, files, users};
use berdaya_tabular::{Mapping, ReadOptions, RejectReport, Table};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ServiceError;
use crate::services::Actor;
use crate::storage::FileKind;
use crate::worker::JobEnv;

pub const IMPORT_JOB: &str = "registry.import";

#[derive(Debug, Serialize, Deserialize)]
pub struct ImportPayload {
    pub file_id: Uuid,
    pub user_id: Uuid,
    pub mapping: String,
    pub request_id: String,
    pub ip: String,
}

/// The job's dedup key: the file and what the mapping does with it (each column's index,
/// header, field and unit; not the proposal's confidence or notes). Submitting the same
/// mapping twice (a double click, a reload) returns the first job; a corrected mapping of the
/// same file is another import and gets its own job.
pub fn dedup_key(file_id: Uuid, mapping: &Mapping) -> String {
    use sha2::{Digest, Sha256};
    let mut columns: Vec<_> = mapping.columns.iter().map(|c| (c.index, c.header.trim(), c.field, c.unit)).collect();
    columns.sort_by_key(|c| c.0);
    // Tuples of strings, numbers and enums: serialising cannot fail.
    let canonical = serde_json::to_string(&columns).unwrap_or_default();
    let digest = hex::encode(Sha256::digest(canonical.as_bytes()));
    format!("import:{file_id}:{}", &digest[..32])
}

/// Queue an import of a stored file with a mapping (one job per file and mapping: a second
/// request with the same mapping returns the first job).
pub async fn queue(db: &Db, actor: &Actor, file_id: Uuid, mapping: &Mapping) -> Result<Uuid, ServiceError> {
    queue_with_header(db, actor, file_id, mapping, None).await
}

/// How the job reads the file, beside [`ImportPayload`] in the same payload JSON (a separate
/// struct so the payload's other users need not fill it in).
#[derive(Debug, Default, Deserialize)]
struct ReadHints {
    /// The header row the operator chose on the mapping page; `None`: detected.
    #[serde(default)]
    header_row: Option<u64>,
}

/// [`queue`] with the header row the operator chose when detection got it wrong (`None`:
/// detected, as the mapping page showed). The job reads the file with the same header, so
/// the mapping's column indexes mean the same columns.
pub async fn queue_with_header(db: &Db, actor: &Actor, file_id: Uuid, mapping: &Mapping, header_row: Option<u64>) -> Result<Uuid, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let user_id = actor.user_id.ok_or(ServiceError::Forbidden)?;
    files::get(db, &actor.scope, file_id).await?;
    let payload = ImportPayload { file_id, user_id, mapping: mapping.to_json(), request_id: actor.request_id.clone(), ip: actor.ip.clone() };
    let mut payload = serde_json::to_value(&payload).map_err(anyhow::Error::from)?;
    let mut key = dedup_key(file_id, mapping);
    if let Some(n) = header_row {
        payload["header_row"] = n.into();
        key.push_str(&format!(":h{n}"));
    }
    let region = actor.scope.root().unwrap_or_default();
    let mut tx = db.begin().await?;
    let id = jobs::enqueue(
        &mut tx,
        &NewJob {
            kind: IMPORT_JOB.into(),
            payload,
            region: region.clone(),
            created_by: Some(user_id),
            max_attempts: 3,
            dedup_key: Some(key),
        },
    )
    .await?;
    audit::record(&mut tx, actor.audit("queue_import", "file", file_id, &region)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The actor behind a job: the user who queued it, with their current role and scope.
pub(crate) async fn actor_for(db: &Db, p: &ImportPayload) -> anyhow::Result<Actor> {
    actor_for_user(db, p.user_id, &p.request_id, &p.ip).await
}

/// The actor behind a job: the user who queued it, with their current role and scope.
pub(crate) async fn actor_for_user(db: &Db, user_id: Uuid, request_id: &str, ip: &str) -> anyhow::Result<Actor> {
    let user = users::get_self(db, user_id).await?;
    anyhow::ensure!(user.active, "pengguna tidak aktif");
    let agency = agencies::get_unscoped(db, user.agency_id).await?;
    let region = if agency.region.is_empty() { None } else { Some(KodeWilayah::parse(&agency.region)?) };
    Ok(Actor {
        user_id: Some(user.id),
        username: user.username,
        role: Role::parse(&user.role).ok_or_else(|| anyhow::anyhow!("peran tidak dikenal"))?,
        scope: Scope::for_agency(region.as_ref())?,
        request_id: request_id.to_string(),
        ip: ip.to_string(),
    })
}

pub async fn run(env: JobEnv, job: Job) -> anyhow::Result<serde_json::Value> {
    let p: ImportPayload = serde_json::from_str(&job.payload)?;
    let actor = actor_for(&env.db, &p).await?;
    let meta = files::get(&env.db, &actor.scope, p.file_id).await?;
    let bytes = env.storage.get(&meta).await?.to_vec();
    let hints: ReadHints = serde_json::from_str(&job.payload)?;
    let table = Table::from_bytes(bytes, &ReadOptions { header_row: hints.header_row, ..ReadOptions::default() })?;
    let header = table.header().clone();
    let mapping = Mapping::from_json(&p.mapping)?.rebind(&header.columns);
    let buffer = SharedBuf::default();
    let mut report = RejectReport::xlsx(Box::new(buffer.clone()), &header)?;
    let mut report_err = None;
    // Rows imported with something to check (a NIK Excel may have cut, a date or phone that
    // could not be read): counted, the first ones listed on the result page. Digit runs in the
    // text are masked (the job result is readable in the region; the file has the values).
    let (mut warned, mut warnings) = (0u64, Vec::new());
    let db = env.db.clone();
    let id = job.id;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(u64, u64)>();
    let progress = tokio::spawn(async move {
        while let Some((done, total)) = rx.recv().await {
            let _ = jobs::set_progress(&db, id, done as i64, total as i64).await;
        }
    });
    // A retry (the worker that ran it stopped): rows the earlier attempt stored are reported as
    // that attempt's, not as duplicates. `attempts` counts this one.
    let options = crate::services::import::ImportOptions { earlier_attempt_since: (job.attempts > 1).then_some(job.created_at), ..Default::default() };
    let summary = crate::services::import::run_import_with(
        &env.db,
        &actor,
        table,
        &mapping,
        options,
        |raw, out| {
            if out.status == crate::services::import::Status::Rejected
                && let Err(e) = report.add(raw, &out.reason) {
                    report_err.get_or_insert(e);
                }
            if out.status == crate::services::import::Status::Imported && !out.reason.is_empty() && out.reason != crate::services::import::EARLIER_ATTEMPT {
                warned += 1;
                if warnings.len() < WARNINGS_LISTED {
                    warnings.push(serde_json::json!({"row": out.row, "owner_id": out.owner_id, "warning": berdaya_core::mask::mask_quoted(&out.reason)}));
                }
            }
        },
        |done, total| {
            let _ = tx.send((done, total));
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    drop(tx);
    let _ = progress.await;
    if let Some(e) = report_err {
        return Err(e.into());
    }
    let rejected_rows = report.finish()?;
    let mut rejected_file = None;
    if rejected_rows > 0 {
        let data = buffer.take();
        let mut dbtx = env.db.begin().await?;
        let name = format!("ditolak-{}.xlsx", meta.original_name.trim_end_matches(".xlsx").trim_end_matches(".csv"));
        let stored = env
            .storage
            .put(&mut dbtx, data.into(), &name, &[FileKind::Spreadsheet], &meta.region, actor.user_id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        dbtx.commit().await?;
        rejected_file = Some(stored.id);
    }
    Ok(serde_json::json!({
        "summary": summary,
        "rejected_file_id": rejected_file,
        "file": meta.original_name,
        "warned": warned,
        "warnings": warnings,
    }))
}

/// An in-memory `Write` the report writer can own while we keep a handle to the bytes.
#[derive(Clone, Default)]
pub(crate) struct SharedBuf(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl SharedBuf {
    pub(crate) fn take(&self) -> Vec<u8> {
        self.0.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
    }
}

impl std::io::Write for SharedBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Rows imported with a warning listed in the job result (all are counted).
const WARNINGS_LISTED: usize = 100;

