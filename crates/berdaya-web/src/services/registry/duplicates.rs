//! Probable duplicate owners: a batch job runs the record-linkage engine (`berdaya-match`)
//! over the owners in the operator's region and queues the pairs it finds; the operator merges
//! a pair (references moved, history kept, audited) or marks it "bukan duplikat" (never
//! proposed again). The job also saves the model it estimated, for the entry form's warning.

use berdaya_core::Scope;
use berdaya_match::{Config, Dataset, FieldKind, FieldSpec, Mode, Settings};
use berdaya_store::duplicates::{self, Moved, Pair};
use berdaya_store::jobs::{self, Job, NewJob};
use berdaya_store::owners::{self, MatchRow, Owner};
use berdaya_store::{Db, StoreError, audit};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ServiceError;
use crate::services::Actor;
use crate::worker::JobEnv;

pub const DEDUP_JOB: &str = "registry.dedup";

/// Pairs at or above this match weight (log2 odds; probability ≈ 0.8) go to the queue.
pub const REVIEW_WEIGHT: f64 = 2.0;

const COLUMNS: [&str; 6] = ["nama", "tanggal_lahir", "nik", "no_hp", "alamat", "region"];

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    user_id: Uuid,
    request_id: String,
    ip: String,
}

/// The comparisons the registry uses: name (with term frequencies), birth date, NIK, phone,
/// address and region (the engine's canonical field names, so its default blocking rules
/// apply: NIK, phone, name + birth date, phonetic name + kecamatan, …).
pub fn match_config() -> anyhow::Result<Config> {
    let field = |name: &str, column: &str, kind: FieldKind, tf: bool| FieldSpec {
        name: name.into(),
        columns: vec![column.into()],
        kind,
        tf,
        swap_with: None,
        compare: true,
    };
    let cfg = Config {
        id_column: Some("id".into()),
        fields: vec![
            field("name", "nama", FieldKind::Name, true),
            field("dob", "tanggal_lahir", FieldKind::Date, false),
            field("nik", "nik", FieldKind::Id, false),
            field("phone", "no_hp", FieldKind::Phone, false),
            field("address", "alamat", FieldKind::Address, false),
            field("region", "region", FieldKind::Region, false),
        ],
        ..Config::default()
    };
    let mut header: Vec<String> = COLUMNS.iter().map(|c| (*c).to_string()).collect();
    header.push("id".into());
    cfg.resolve(&header)
}

fn row_values(r: &MatchRow) -> Vec<String> {
    vec![
        r.nama.clone(),
        r.tanggal_lahir.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        r.nik.clone(),
        r.no_hp.clone(),
        r.alamat.clone(),
        r.region.clone(),
    ]
}

/// Build a dataset of owners for the engine (ids are the owners' UUIDs).
pub fn dataset(config: &Config, rows: &[MatchRow]) -> anyhow::Result<Dataset> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let values: Vec<Vec<String>> = rows.iter().map(row_values).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let value_refs: Vec<Vec<&str>> = values.iter().map(|v| v.iter().map(String::as_str).collect()).collect();
    // The ids are passed beside the values, not as a column.
    let config = Config { id_column: None, ..config.clone() };
    Dataset::from_rows(&config, &COLUMNS, &id_refs, &value_refs, rows.len())
}

/// Queue a scan of the operator's region (one at a time per region: while one is queued or
/// running, asking again returns it).
pub async fn queue_scan(db: &Db, actor: &Actor) -> Result<Uuid, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let user_id = actor.user_id.ok_or(ServiceError::Forbidden)?;
    let region = actor.scope.root().unwrap_or_default();
    let payload = Payload { user_id, request_id: actor.request_id.clone(), ip: actor.ip.clone() };
    let mut tx = db.begin().await?;
    if let Some(running) = jobs::active_of_kind(&mut tx, DEDUP_JOB, &region).await? {
        return Ok(running);
    }
    let id = jobs::enqueue(
        &mut tx,
        &NewJob {
            kind: DEDUP_JOB.into(),
            payload: serde_json::to_value(&payload).map_err(anyhow::Error::from)?,
            region: region.clone(),
            created_by: Some(user_id),
            max_attempts: 2,
            dedup_key: None,
        },
    )
    .await?;
    audit::record(&mut tx, actor.audit("queue_dedup", "region", region.clone(), &region)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The longest region code both owners fall under (the pair is visible where both are).
fn common_region(a: &str, b: &str) -> String {
    let pa: Vec<&str> = a.split('.').collect();
    let pb: Vec<&str> = b.split('.').collect();
    let n = pa.iter().zip(&pb).take_while(|(x, y)| x == y).count();
    pa[..n].join(".")
}

/// The job: score every candidate pair of owners in the region and queue the likely ones.
pub async fn run(env: JobEnv, job: Job) -> anyhow::Result<serde_json::Value> {
    let p: Payload = serde_json::from_str(&job.payload)?;
    let actor = crate::services::import::job::actor_for_user(&env.db, p.user_id, &p.request_id, &p.ip).await?;
    anyhow::ensure!(actor.role.can_write_records(), "peran tidak boleh mengubah registri");
    let rows = owners::for_matching(&env.db, &actor.scope).await?;
    if rows.len() < 2 {
        return Ok(serde_json::json!({ "records": rows.len(), "candidate_pairs": 0, "queued": 0 }));
    }
    let not_dups = duplicates::not_duplicates(&env.db, &actor.scope).await?;
    let config = match_config()?;
    let (rows, result, explanations) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let ds = dataset(&config, &rows)?;
        let settings = Settings {
            seed: 2026,
            keep_above: Some(REVIEW_WEIGHT),
            not_duplicates: not_dups.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
            ..Settings::default()
        };
        let result = berdaya_match::run(&ds, &config, Mode::Dedup, &settings)?;
        let explanations: Vec<_> = result
            .pairs
            .iter()
            .filter(|pair| pair.weight >= REVIEW_WEIGHT)
            .map(|pair| (pair.a as usize, pair.b as usize, result.model.explain(&ds, pair.a as usize, pair.b as usize)))
            .collect();
        Ok((rows, result, explanations))
    })
    .await??;
    let now = berdaya_store::now();
    let mut tx = env.db.begin().await?;
    let mut queued = 0u64;
    for (a, b, ex) in &explanations {
        let (ra, rb) = (&rows[*a], &rows[*b]);
        let pair = Pair {
            id: berdaya_store::new_id(),
            region: common_region(&ra.region, &rb.region),
            owner_a: ra.id,
            owner_b: rb.id,
            weight: ex.total,
            probability: ex.probability,
            explanation: serde_json::to_string(ex)?,
            status: duplicates::STATUS_NEW.into(),
            note: String::new(),
            decided_by: None,
            decided_at: None,
            job_id: Some(job.id),
            created_at: now,
        };
        if duplicates::propose(&mut tx, &pair).await? {
            queued += 1;
        }
    }
    let region = actor.scope.root().unwrap_or_default();
    duplicates::save_model(&mut tx, &region, &serde_json::to_string(&result.model)?, rows.len() as i64, now).await?;
    let mut e = actor.audit("dedup_scan", "region", region.clone(), &region);
    e.after = Some(serde_json::json!({ "records": rows.len(), "candidate_pairs": result.candidate_pairs, "queued": queued }));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(serde_json::json!({
        "records": rows.len(),
        "candidate_pairs": result.candidate_pairs,
        "above_review_weight": explanations.len(),
        "queued": queued,
    }))
}

/// Which record of the pair stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    A,
    B,
}

/// Merge a queued pair: the kept owner takes over the other's businesses (and every other
/// reference), its NIK claim, and any field it had empty; the other is marked merged.
pub async fn merge(db: &Db, actor: &Actor, pair_id: Uuid, keep: Keep, note: &str) -> Result<Uuid, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let pair = duplicates::get_for_update(&mut tx, &actor.scope, pair_id).await?;
    if pair.status != duplicates::STATUS_NEW {
        return Err(already_decided());
    }
    let (keep_id, gone_id) = match keep {
        Keep::A => (pair.owner_a, pair.owner_b),
        Keep::B => (pair.owner_b, pair.owner_a),
    };
    let survivor = owners::get_for_update(&mut tx, &actor.scope, keep_id).await?;
    let gone = owners::get_for_update(&mut tx, &actor.scope, gone_id).await?;
    let after = fill_empty(&survivor, &gone);
    let now = berdaya_store::now();
    if after != survivor {
        owners::update(&mut tx, &survivor, &after).await?;
    }
    let moved = duplicates::move_owner(&mut tx, keep_id, &after.nama_norm, gone_id, now).await?;
    duplicates::record_merge(
        &mut tx,
        &duplicates::Merge {
            id: berdaya_store::new_id(),
            region: pair.region.clone(),
            survivor_id: keep_id,
            merged_id: gone_id,
            merged_record: serde_json::to_string(&gone).map_err(anyhow::Error::from)?,
            moved: serde_json::to_string(&moved).map_err(anyhow::Error::from)?,
            pair_id: Some(pair.id),
            merged_by: actor.user_id,
            merged_at: now,
        },
    )
    .await?;
    duplicates::decide(&mut tx, pair.id, duplicates::STATUS_MERGED, note.trim(), actor.user_id, now).await?;
    duplicates::close_pairs_of(&mut tx, gone_id, "data sudah digabung", now).await?;
    let mut e = actor.audit("merge", "owner", keep_id, &survivor.region);
    e.before = Some(serde_json::json!({ "survivor": survivor, "merged": gone }));
    e.after = Some(serde_json::json!({ "survivor": after, "moved": moved_summary(&moved), "pair": pair.id, "note": note.trim() }));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(keep_id)
}

fn moved_summary(moved: &[Moved]) -> serde_json::Value {
    serde_json::json!(moved.iter().map(|m| (m.table.clone(), m.ids.len())).collect::<Vec<_>>())
}

/// The survivor with its empty fields taken from the merged record (nothing overwritten).
fn fill_empty(survivor: &Owner, gone: &Owner) -> Owner {
    let mut o = survivor.clone();
    let take = |mine: &mut String, theirs: &str| {
        if mine.trim().is_empty() && !theirs.trim().is_empty() {
            *mine = theirs.to_string();
        }
    };
    take(&mut o.no_kk, &gone.no_kk);
    take(&mut o.jenis_kelamin, &gone.jenis_kelamin);
    take(&mut o.tempat_lahir, &gone.tempat_lahir);
    take(&mut o.alamat, &gone.alamat);
    take(&mut o.rt_rw, &gone.rt_rw);
    take(&mut o.no_hp, &gone.no_hp);
    take(&mut o.email, &gone.email);
    take(&mut o.pendidikan, &gone.pendidikan);
    take(&mut o.disabilitas, &gone.disabilitas);
    if o.tanggal_lahir.is_none() {
        o.tanggal_lahir = gone.tanggal_lahir;
    }
    if o.ektp_file_id.is_none() {
        o.ektp_file_id = gone.ektp_file_id;
    }
    o
}

fn already_decided() -> ServiceError {
    ServiceError::Conflict("Pasangan ini sudah diputuskan oleh pengguna lain.".into())
}

/// Mark a pair "bukan duplikat": it stays decided and the scan never proposes it again.
pub async fn not_duplicate(db: &Db, actor: &Actor, pair_id: Uuid, note: &str) -> Result<(), ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let pair = duplicates::get_for_update(&mut tx, &actor.scope, pair_id).await?;
    if pair.status != duplicates::STATUS_NEW {
        return Err(already_decided());
    }
    match duplicates::decide(&mut tx, pair.id, duplicates::STATUS_NOT_DUPLICATE, note.trim(), actor.user_id, berdaya_store::now()).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => return Err(already_decided()),
        Err(e) => return Err(e.into()),
    }
    let mut e = actor.audit("not_duplicate", "duplicate_pair", pair.id, &pair.region);
    e.after = Some(serde_json::json!({ "owner_a": pair.owner_a, "owner_b": pair.owner_b, "note": note.trim() }));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(())
}

/// Scope helper for pages: the queue of open pairs.
pub async fn open_pairs(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<Pair>, ServiceError> {
    Ok(duplicates::queue(db, scope, duplicates::STATUS_NEW, limit).await?)
}

/// Score a record being entered against candidate owners with the model the last scan saved
/// for the region (none saved: nothing). Returns (candidate id, match probability) for those
/// at or above the review weight.
pub async fn score_entry(db: &Db, entry: &MatchRow, candidates: Vec<MatchRow>) -> Result<Vec<(Uuid, f64)>, ServiceError> {
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let Some(model_json) = duplicates::model_for(db, &entry.region).await? else { return Ok(Vec::new()) };
    let model: berdaya_match::Model = serde_json::from_str(&model_json).map_err(anyhow::Error::from)?;
    let mut rows = Vec::with_capacity(candidates.len() + 1);
    rows.push(entry.clone());
    rows.extend(candidates);
    let scored = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<(Uuid, f64)>> {
        let config = match_config()?;
        let ds = dataset(&config, &rows)?;
        let settings = Settings { seed: 2026, keep_above: Some(REVIEW_WEIGHT), model: Some(model), ..Settings::default() };
        let result = berdaya_match::run(&ds, &config, Mode::Dedup, &settings)?;
        Ok(result
            .pairs
            .iter()
            .filter(|p| p.a == 0 && p.weight >= REVIEW_WEIGHT)
            .map(|p| (rows[p.b as usize].id, berdaya_match::explain::probability(p.weight)))
            .collect())
    })
    .await
    .map_err(anyhow::Error::from)??;
    Ok(scored)
}
