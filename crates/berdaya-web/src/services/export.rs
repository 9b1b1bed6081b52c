//! Export the filtered registry list to CSV or XLSX as a job. Personal data is masked unless
//! the role may see it; every export is audited with its filter and row count.

use berdaya_core::mask::mask_middle;
use berdaya_store::businesses::{self, BusinessFilter};
use berdaya_store::jobs::{self, Job, NewJob};
use berdaya_store::{Db, audit};
use berdaya_tabular::{Column, ColumnKind, CsvOptions, ExportWriter, Value};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ServiceError;
use crate::services::Actor;
use crate::services::import::job::{SharedBuf, actor_for};
use crate::storage::FileKind;
use crate::worker::JobEnv;

pub const EXPORT_JOB: &str = "registry.export";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExportFilter {
    pub q: String,
    pub region: String,
    pub skala: String,
    pub sektor: String,
    pub izin: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    user_id: Uuid,
    format: String,
    filter: ExportFilter,
    request_id: String,
    ip: String,
}

pub async fn queue(db: &Db, actor: &Actor, filter: ExportFilter, format: &str) -> Result<Uuid, ServiceError> {
    let user_id = actor.user_id.ok_or(ServiceError::Forbidden)?;
    let format = if format == "csv" { "csv" } else { "xlsx" };
    let payload = Payload { user_id, format: format.into(), filter, request_id: actor.request_id.clone(), ip: actor.ip.clone() };
    let region = actor.scope.root().unwrap_or_default();
    let mut tx = db.begin().await?;
    let id = jobs::enqueue(
        &mut tx,
        &NewJob {
            kind: EXPORT_JOB.into(),
            payload: serde_json::to_value(&payload).map_err(anyhow::Error::from)?,
            region,
            created_by: Some(user_id),
            max_attempts: 2,
            dedup_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn columns() -> Vec<Column> {
    vec![
        Column::new("Nama Usaha", ColumnKind::Text),
        Column::new("Nama Pemilik", ColumnKind::Text),
        Column::new("NIK", ColumnKind::Text),
        Column::new("No. HP", ColumnKind::Text),
        Column::new("Kode Wilayah", ColumnKind::Text),
        Column::new("Sektor (KBLI)", ColumnKind::Text),
        Column::new("KBLI", ColumnKind::Text),
        Column::new("Skala", ColumnKind::Text),
        Column::new("Omzet per Tahun (Rp)", ColumnKind::Money),
    ]
}

pub async fn run(env: JobEnv, job: Job) -> anyhow::Result<serde_json::Value> {
    let p: Payload = serde_json::from_str(&job.payload)?;
    let actor = actor_for(&env.db, &ImportLike { user_id: p.user_id, request_id: p.request_id.clone(), ip: p.ip.clone() }.into()).await?;
    let full = actor.role.sees_personal_data();
    let buf = SharedBuf::default();
    let mut w = if p.format == "csv" {
        ExportWriter::csv(Box::new(buf.clone()), columns(), &CsvOptions::excel_indonesia())?
    } else {
        ExportWriter::xlsx(Box::new(buf.clone()), "Registri UMKM", columns())?
    };
    let mut filter = BusinessFilter {
        region: Some(p.filter.region.clone()).filter(|r| !r.is_empty()),
        skala: Some(p.filter.skala.clone()),
        sektor: Some(p.filter.sektor.clone()),
        izin: Some(p.filter.izin.clone()),
        q: Some(p.filter.q.clone()),
        sort: "nama".into(),
        after: None,
    };
    // The scope's count is the total only for an unfiltered export; a filtered one (counting it
    // would cost a second pass) shows the rows written so far, one more while pages follow.
    let filtered = [&p.filter.region, &p.filter.skala, &p.filter.sektor, &p.filter.izin, &p.filter.q].iter().any(|v| !v.trim().is_empty());
    let total = if filtered { 0 } else { businesses::count(&env.db, &actor.scope).await? };
    let mut rows = 0i64;
    loop {
        let page = businesses::list(&env.db, &actor.scope, &filter, 1000).await?;
        let Some(last) = page.last() else { break };
        filter.after = Some((last.nama_norm.clone(), last.id));
        for r in &page {
            w.write_row(&[
                Value::from(r.nama_usaha.as_str()),
                Value::from(r.nama.as_str()),
                Value::from(if full { r.nik.clone() } else { mask_middle(&r.nik, 4, 2) }),
                Value::from(if full || r.no_hp.is_empty() { r.no_hp.clone() } else { mask_middle(&r.no_hp, 6, 3) }),
                Value::from(r.region.as_str()),
                Value::from(r.sektor.as_str()),
                Value::from(r.kbli.as_str()),
                Value::from(r.skala.as_str()),
                Value::from(r.omzet_tahunan),
            ])?;
        }
        rows += page.len() as i64;
        let more = page.len() == 1000;
        jobs::set_progress(&env.db, job.id, rows, if filtered { rows + i64::from(more) } else { total.max(rows) }).await?;
    }
    w.finish()?;
    let name = format!("registri-umkm-{}.{}", berdaya_store::now().format("%Y%m%d-%H%M"), p.format);
    let kind = if p.format == "csv" { FileKind::Csv } else { FileKind::Spreadsheet };
    let region = actor.scope.root().unwrap_or_default();
    let mut tx = env.db.begin().await?;
    let stored = env.storage.put(&mut tx, buf.take().into(), &name, &[kind], &region, actor.user_id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut e = actor.audit("export", "registry", stored.id, &region);
    // A search by NIK or phone number is personal data: masked like the rest of the log.
    let mut logged = p.filter.clone();
    if logged.q.chars().filter(char::is_ascii_digit).count() >= 6 {
        logged.q = audit::mask_id(logged.q.trim());
    }
    e.after = Some(serde_json::json!({"filter": logged, "rows": rows, "format": p.format, "personal_data": if full { "full" } else { "masked" }}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(serde_json::json!({"rows": rows, "download_file_id": stored.id, "file": name}))
}

struct ImportLike {
    user_id: Uuid,
    request_id: String,
    ip: String,
}

impl From<ImportLike> for crate::services::import::job::ImportPayload {
    fn from(x: ImportLike) -> Self {
        crate::services::import::job::ImportPayload { file_id: Uuid::nil(), user_id: x.user_id, mapping: String::new(), request_id: x.request_id, ip: x.ip }
    }
}
