//! The in-process job worker: claims jobs one at a time and runs the handler for their kind.
//! `berdaya worker` runs the same loop alone (for deployments with several app servers).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use berdaya_store::jobs::{self, Job};
use berdaya_store::{Db, audit};
use chrono::Duration;
use tokio::sync::watch;

use crate::services::audit::VERIFY_JOB;

pub type JobFuture = Pin<Box<dyn Future<Output = anyhow::Result<serde_json::Value>> + Send>>;
pub type Handler = Arc<dyn Fn(JobEnv, Job) -> JobFuture + Send + Sync>;

/// What a job handler may use.
#[derive(Clone)]
pub struct JobEnv {
    pub db: Db,
    pub storage: crate::storage::FileStorage,
}

/// Maps job kinds to handlers. Handlers must be safe to run twice (a crash mid-job means the
/// job runs again).
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Handler>,
}

impl Registry {
    pub fn standard() -> Registry {
        let mut r = Registry::default();
        r.register(VERIFY_JOB, |env, job| Box::pin(run_audit_verify(env.db, job)));
        r.register(crate::services::import::job::IMPORT_JOB, |env, job| Box::pin(crate::services::import::job::run(env, job)));
        r.register(crate::services::registry::duplicates::DEDUP_JOB, |env, job| Box::pin(crate::services::registry::duplicates::run(env, job)));
        r.register(crate::services::export::EXPORT_JOB, |env, job| Box::pin(crate::services::export::run(env, job)));
        r.register(crate::services::complaints::sla::SLA_JOB, |env, job| Box::pin(crate::services::complaints::sla::run(env, job)));
        r.register(crate::services::aid::screening::SCREEN_JOB, |env, job| Box::pin(crate::services::aid::screening::run(env, job)));
        r.register(crate::services::training::certificates::CERT_JOB, |env, job| Box::pin(crate::services::training::certificates::run(env, job)));
        r
    }

    pub fn register(&mut self, kind: &'static str, f: impl Fn(JobEnv, Job) -> JobFuture + Send + Sync + 'static) {
        self.handlers.insert(kind, Arc::new(f));
    }
}

async fn run_audit_verify(db: Db, job: Job) -> anyhow::Result<serde_json::Value> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(i64, i64)>();
    let db2 = db.clone();
    let id = job.id;
    let progress = tokio::spawn(async move {
        while let Some((done, total)) = rx.recv().await {
            let _ = jobs::set_progress(&db2, id, done, total).await;
        }
    });
    let report = audit::verify(&db, |done, total| {
        let _ = tx.send((done, total));
    })
    .await?;
    drop(tx);
    let _ = progress.await;
    Ok(serde_json::json!({
        "ok": report.ok(),
        "rows_checked": report.rows_checked,
        "first_bad_seq": report.first_bad.as_ref().map(|b| b.0),
        "reason": report.first_bad.as_ref().map(|b| b.1.clone()),
    }))
}

/// Run one claimed job to its end. Returns false when there was nothing to do.
pub async fn run_once(env: &JobEnv, registry: &Registry, worker_id: &str) -> anyhow::Result<bool> {
    let db = &env.db;
    let Some(job) = jobs::claim(db, worker_id, Duration::minutes(15)).await? else {
        return Ok(false);
    };
    let span = tracing::info_span!("job", id = %job.id, kind = %job.kind, attempt = job.attempts);
    let _guard = span.enter();
    let Some(handler) = registry.handlers.get(job.kind.as_str()).cloned() else {
        tracing::error!("no handler for job kind");
        let mut j = job.clone();
        j.max_attempts = j.attempts; // do not retry an unknown kind
        jobs::fail(db, &j, "jenis tugas tidak dikenal", Duration::zero()).await?;
        return Ok(true);
    };
    let started = std::time::Instant::now();
    // A panicking handler must not take the worker down: run it in its own task.
    let outcome = tokio::spawn(handler(env.clone(), job.clone())).await;
    let result = match outcome {
        Ok(r) => r,
        Err(e) => Err(anyhow::anyhow!("job task failed: {e}")),
    };
    metrics::histogram!("berdaya_job_seconds", "kind" => job.kind.clone()).record(started.elapsed().as_secs_f64());
    match result {
        Ok(v) => {
            jobs::complete(db, job.id, &v).await?;
            metrics::counter!("berdaya_jobs_total", "kind" => job.kind.clone(), "status" => "done").increment(1);
        }
        Err(e) => {
            tracing::warn!(error = %e, "job failed");
            let backoff = Duration::seconds(10 * i64::from(job.attempts.max(1)));
            jobs::fail(db, &job, &e.to_string(), backoff).await?;
            metrics::counter!("berdaya_jobs_total", "kind" => job.kind.clone(), "status" => "failed").increment(1);
        }
    }
    Ok(true)
}

/// Poll for jobs until `shutdown` turns true.
pub async fn run(env: JobEnv, registry: Registry, mut shutdown: watch::Receiver<bool>) {
    let worker_id = format!("{}-{}", hostname(), std::process::id());
    tracing::info!(worker = %worker_id, "job worker started");
    loop {
        if *shutdown.borrow() {
            break;
        }
        let busy = match run_once(&env, &registry, &worker_id).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = ?e, "job worker error");
                false
            }
        };
        if !busy {
            tokio::select! {
                _ = tokio::time::sleep(StdDuration::from_millis(500)) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
    tracing::info!("job worker stopped");
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname").map(|s| s.trim().to_string()).unwrap_or_else(|_| "host".into())
}
