//! Bulk import of owners and businesses from Dinas spreadsheets (CSV/XLSX).
//!
//! Rows are read and converted by `berdaya-tabular`, resolved against the agency's regions,
//! checked against the NIK lookup table, and written in batches: each batch is one
//! transaction (owners, businesses, snapshots and one audit row), so a crash leaves no
//! half-written row, and running the same file again imports nothing twice.

pub mod job;
pub mod resolve;

use berdaya_store::owners::Owner;
use std::collections::{HashMap, HashSet};

use berdaya_store::scope::region_in_scope;
use berdaya_store::{Db, Tx, audit, bulk};
use berdaya_tabular::{ConvertOptions, Converted, Field, InFileDuplicates, Mapping, RawRow, Seen, Table, convert_row};
use serde::Serialize;
use uuid::Uuid;

use crate::error::ServiceError;
use crate::services::Actor;
use crate::services::registry::input::{BusinessFields, OwnerFields};
use crate::services::registry::{business_row, normalize_set, owner_row, snapshot_row};
use resolve::RegionResolver;

/// Rows written per transaction. Large transactions matter on SQLite: each commit writes every
/// index page the batch touched to the WAL, and a registry row touches about twenty index
/// pages spread over the whole file, so 1,000-row commits rewrite the same pages fifty times
/// more often than 50,000-row ones (measured: 8× less CPU at 10,000 rows than at 1,000).
/// Other writers wait for at most one batch (well under the pool's busy timeout).
pub const DEFAULT_BATCH_ROWS: usize = 10_000;

/// How an import runs.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Rows per transaction (a kill loses at most the batch in progress, never half a row).
    pub batch_rows: usize,
    /// SQLite page cache of the importing connection, in MiB (`None`: the pool's setting).
    /// A large load touches index pages all over the file; a cache that holds them saves
    /// rereading and rewriting them. Only for a process that exits after the import (the
    /// CLI), since the setting stays with the pooled connection.
    pub sqlite_cache_mib: Option<u32>,
    /// A retried job: when its first attempt started. Rows that attempt stored (owners and
    /// businesses the same user created since) are reported as imported or updated "on an
    /// earlier attempt", not as duplicates of themselves.
    pub earlier_attempt_since: Option<chrono::DateTime<chrono::Utc>>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { batch_rows: DEFAULT_BATCH_ROWS, sqlite_cache_mib: None, earlier_attempt_since: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Imported,
    Updated,
    Duplicate,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Imported => "imported",
            Status::Updated => "updated",
            Status::Duplicate => "duplicate",
            Status::Rejected => "rejected",
        }
    }
}

/// What became of one input row.
#[derive(Debug, Clone, Serialize)]
pub struct RowOutcome {
    pub row: u64,
    pub status: Status,
    pub reason: String,
    pub owner_id: Option<Uuid>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ImportSummary {
    pub total: u64,
    pub imported: u64,
    pub updated: u64,
    pub duplicate: u64,
    pub rejected: u64,
}

impl ImportSummary {
    fn count(&mut self, s: Status) {
        self.total += 1;
        match s {
            Status::Imported => self.imported += 1,
            Status::Updated => self.updated += 1,
            Status::Duplicate => self.duplicate += 1,
            Status::Rejected => self.rejected += 1,
        }
    }
}

fn owner_fields(c: &Converted, region: berdaya_core::KodeWilayah) -> Option<OwnerFields> {
    let o = &c.row.owner;
    Some(OwnerFields {
        nik: o.nik.clone()?,
        no_kk: o.no_kk.clone().unwrap_or_default(),
        nama: o.nama.clone()?,
        jenis_kelamin: o.jenis_kelamin,
        tempat_lahir: o.tempat_lahir.clone().unwrap_or_default(),
        tanggal_lahir: o.tanggal_lahir,
        alamat: o.alamat.clone().unwrap_or_default(),
        rt_rw: o.rt_rw.clone().unwrap_or_default(),
        region,
        no_hp: o.no_hp.clone(),
        whatsapp: false,
        email: o.email.clone().unwrap_or_default(),
        pendidikan: o.pendidikan.clone().unwrap_or_default(),
        disabilitas: if o.disabilitas == Some(true) { o.disabilitas_jenis.clone().unwrap_or_else(|| "ya".into()) } else { String::new() },
        warnings: c.warning_text().lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
    })
}

fn business_fields(c: &Converted) -> Option<BusinessFields> {
    let b = c.row.business.as_ref()?;
    let nama_usaha = b.nama_usaha.clone().filter(|n| !n.trim().is_empty())?;
    Some(BusinessFields {
        nama_usaha,
        nib: b.nib.clone(),
        kbli: b.kbli.clone(),
        bentuk_usaha: b.bentuk_usaha.clone().unwrap_or_default(),
        alamat: b.alamat_usaha.clone().unwrap_or_default(),
        region: None,
        lat: None,
        lon: None,
        tahun_berdiri: b.tahun_berdiri,
        modal: b.modal,
        omzet_tahunan: b.omzet_tahunan,
        tk_l: b.tenaga_kerja_l.map(|v| v as i32),
        tk_p: b.tenaga_kerja_p.map(|v| v as i32),
        produk: b.produk.clone().unwrap_or_default(),
        skala: berdaya_core::skala::SkalaUsaha::compute(b.modal, b.omzet_tahunan),
        skala_dilaporkan: b.skala_dilaporkan,
        kanal: String::new(),
    })
}

/// Import every row of `table`. `on_row` sees each input row with its outcome (for reports),
/// `progress` is told (rows done, estimated total) after each batch.
pub async fn run_import(
    db: &Db,
    actor: &Actor,
    table: Table,
    mapping: &Mapping,
    on_row: impl FnMut(&RawRow, &RowOutcome),
    progress: impl FnMut(u64, u64),
) -> Result<ImportSummary, ServiceError> {
    run_import_with(db, actor, table, mapping, ImportOptions::default(), on_row, progress).await
}

/// [`run_import`] with explicit options.
///
/// Two stages overlap: a blocking thread reads and converts the next batch (parsing, checks,
/// duplicates within the file, regions) while this task writes the current one, so reading
/// and checking use the second core instead of waiting for the database. The thread runs at
/// most one batch ahead, and in file order, so the outcome of every row is what a single pass
/// would give.
pub async fn run_import_with(
    db: &Db,
    actor: &Actor,
    table: Table,
    mapping: &Mapping,
    options: ImportOptions,
    mut on_row: impl FnMut(&RawRow, &RowOutcome),
    mut progress: impl FnMut(u64, u64),
) -> Result<ImportSummary, ServiceError> {
    let batch_rows = options.batch_rows.max(1);
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let resolver = RegionResolver::load(db, &actor.scope).await?;
    let opts = ConvertOptions { today: berdaya_store::now().date_naive(), ..ConvertOptions::default() };
    let (send, mut batches) = tokio::sync::mpsc::channel::<Result<Prepared, ServiceError>>(1);
    let reader = {
        let (actor, mapping) = (actor.clone(), mapping.clone());
        tokio::task::spawn_blocking(move || read_batches(table, &resolver, &mapping, &opts, &actor, batch_rows, send))
    };
    let mut summary = ImportSummary::default();
    // Rows refused while writing (NIK registered in another region), by row number, for the
    // later copies of them in the file. A static reason keeps it small for a file of someone
    // else's citizens.
    let mut refused: HashMap<u64, &'static str> = HashMap::new();
    let result = async {
        while let Some(prepared) = batches.recv().await {
            let prepared = prepared?;
            let fraction = prepared.fraction;
            let (batch, outcomes) = write_batch(db, actor, &options, prepared, &mut refused).await?;
            for (raw, out) in batch.iter().zip(&outcomes) {
                summary.count(out.status);
                on_row(raw, out);
            }
            let est_total = match fraction {
                Some(f) if f > 0.0 => ((summary.total as f64) / f).round() as u64,
                _ => summary.total,
            };
            progress(summary.total, est_total.max(summary.total));
        }
        Ok::<(), ServiceError>(())
    }
    .await;
    // On an error the receiver goes first, so the reader stops at its next batch.
    drop(batches);
    reader.await.map_err(|e| ServiceError::Other(anyhow::anyhow!("pembaca berkas berhenti: {e}")))?;
    result.map(|()| summary)
}

/// A batch read and converted, ready to be written.
struct Prepared {
    batch: Vec<RawRow>,
    /// Final outcomes known before writing (rejected, duplicate in the file), by row index.
    outcomes: Vec<Option<RowOutcome>>,
    /// Rows that repeat an earlier row of the file: (row index, the earlier row's number).
    copies: Vec<(usize, u64)>,
    pending: Vec<Pending>,
    /// The owner row of each pending row, with a fresh id.
    owners: Vec<Owner>,
    now: chrono::DateTime<chrono::Utc>,
    /// How far through the file the reader was after this batch.
    fraction: Option<f64>,
}

/// The reading stage: batches of rows converted and checked, sent in file order until the
/// file ends, a read fails, or the writer is gone.
fn read_batches(
    mut table: Table,
    resolver: &RegionResolver,
    mapping: &Mapping,
    opts: &ConvertOptions,
    actor: &Actor,
    batch_rows: usize,
    send: tokio::sync::mpsc::Sender<Result<Prepared, ServiceError>>,
) {
    let mut seen = InFileDuplicates::new();
    loop {
        let mut batch: Vec<RawRow> = Vec::with_capacity(batch_rows);
        for row in table.by_ref() {
            match row {
                Ok(r) => batch.push(r),
                Err(e) => {
                    let _ = send.blocking_send(Err(ServiceError::Other(anyhow::anyhow!("berkas tidak dapat dibaca: {e}"))));
                    return;
                }
            }
            if batch.len() == batch_rows {
                break;
            }
        }
        if batch.is_empty() {
            return;
        }
        let now = berdaya_store::now();
        let mut outcomes: Vec<Option<RowOutcome>> = vec![None; batch.len()];
        let mut copies = Vec::new();
        let mut pending = Vec::with_capacity(batch.len());
        for (i, raw) in batch.iter().enumerate() {
            match prepare_row(resolver, mapping, opts, &mut seen, i, raw) {
                Ok(p) => pending.push(p),
                Err((out, copy_of)) => {
                    outcomes[i] = Some(out);
                    copies.extend(copy_of.map(|first| (i, first)));
                }
            }
        }
        let owners: Vec<Owner> = pending.iter().map(|p| owner_row(&p.fields, berdaya_store::new_id(), actor, now)).collect();
        let fraction = table.progress().fraction();
        if send.blocking_send(Ok(Prepared { batch, outcomes, copies, pending, owners, now, fraction })).is_err() {
            return;
        }
    }
}

/// A row that passed conversion and region checks and is ready to be written.
struct Pending {
    index: usize,
    number: u64,
    fields: OwnerFields,
    business: Option<BusinessFields>,
    warnings: String,
}

/// Convert and check one row; `Err` is its final outcome (rejected, or a copy of an earlier
/// row of the file, with that row's number).
///
/// Only a row that passed every check here is recorded as seen, so a row refused for its
/// region (or a missing NIK) never makes a later, correct copy of it a duplicate.
fn prepare_row(
    resolver: &RegionResolver,
    mapping: &Mapping,
    opts: &ConvertOptions,
    seen: &mut InFileDuplicates,
    index: usize,
    raw: &RawRow,
) -> Result<Pending, (RowOutcome, Option<u64>)> {
    let reject = |reason: String| (RowOutcome { row: raw.number, status: Status::Rejected, reason, owner_id: None }, None);
    let c = convert_row(mapping, raw, opts);
    if c.is_rejected() {
        return Err(reject(c.reason()));
    }
    // A copy of a row already taken is reported as such before its own region is checked
    // (a repeated line often lacks the address the first one had).
    if let Some(first_row) = seen.copy_of(&c.row) {
        let msg = Seen::Duplicate { first_row }.message().unwrap_or_else(|| "Baris ganda dalam berkas.".into());
        return Err((RowOutcome { row: raw.number, status: Status::Duplicate, reason: msg, owner_id: None }, Some(first_row)));
    }
    let o = &c.row.owner;
    let region = resolver.resolve(o.kode_desa.as_ref(), o.desa.as_deref(), o.kecamatan.as_deref()).map_err(|reason| {
        // A Kode Desa cell the converter could not use (wrong length) was dropped with a
        // warning: say so, or "not filled in" would puzzle whoever filled it in.
        let dropped: Vec<&str> = c.warnings.iter().filter(|w| w.field == Some(Field::KodeDesa)).map(|w| w.message.as_str()).collect();
        if dropped.is_empty() { reject(reason) } else { reject(format!("{reason} {}", dropped.join("; "))) }
    })?;
    let Some(fields) = owner_fields(&c, region) else { return Err(reject("NIK atau nama kosong.".into())) };
    let in_file = seen.check(&c.row);
    if let Seen::Duplicate { first_row } = in_file {
        let msg = in_file.message().unwrap_or_else(|| "Baris ganda dalam berkas.".into());
        return Err((RowOutcome { row: raw.number, status: Status::Duplicate, reason: msg, owner_id: None }, Some(first_row)));
    }
    Ok(Pending { index, number: raw.number, business: business_fields(&c), warnings: c.warning_text(), fields })
}

/// One batch in one transaction: NIKs claimed, then owners, businesses (with their search
/// words) and snapshots written in bulk; rows whose NIK was already registered are resolved
/// together afterwards. Returns the batch's rows with the outcome of each.
///
/// `refused` carries the rows refused here across batches: a later copy of such a row is
/// refused for the same reason, not reported as a duplicate of a row that was never stored.
async fn write_batch(
    db: &Db,
    actor: &Actor,
    options: &ImportOptions,
    prepared: Prepared,
    refused: &mut HashMap<u64, &'static str>,
) -> Result<(Vec<RawRow>, Vec<RowOutcome>), ServiceError> {
    let Prepared { batch, mut outcomes, copies, pending, owners, now, .. } = prepared;
    let mut tx = db.begin().await?;
    if let Some(mib) = options.sqlite_cache_mib {
        berdaya_store::db::set_sqlite_cache(&mut tx, mib).await?;
    }
    let pairs: Vec<(&str, Uuid)> = owners.iter().map(|o| (o.nik.as_str(), o.id)).collect();
    let claimed: HashSet<Uuid> = bulk::claim_niks(&mut tx, &pairs).await?.into_iter().collect();
    let mut created: Vec<Uuid> = Vec::new();
    let (mut new_owners, mut new_businesses, mut snapshots, mut known) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (p, owner) in pending.into_iter().zip(owners) {
        if !claimed.contains(&owner.id) {
            known.push(p);
            continue;
        }
        if let Some(b) = &p.business {
            let mut row = business_row(b, &owner, berdaya_store::new_id(), actor, now);
            row.izin = normalize_set(&row.izin);
            snapshots.extend(snapshot_row(&row, "impor", now));
            new_businesses.push(row);
        }
        created.push(owner.id);
        outcomes[p.index] = Some(RowOutcome { row: p.number, status: Status::Imported, reason: p.warnings, owner_id: Some(owner.id) });
        new_owners.push(owner);
    }
    bulk::insert_owners(&mut tx, &new_owners).await?;
    bulk::insert_businesses(&mut tx, &new_businesses).await?;
    bulk::insert_snapshots(&mut tx, &snapshots).await?;
    if !known.is_empty() {
        let outs = known_owners(&mut tx, actor, known, now, options.earlier_attempt_since, &mut created, refused).await?;
        for (index, out) in outs {
            outcomes[index] = Some(out);
        }
    }
    for (index, first) in copies {
        if let Some(reason) = refused.get(&first) {
            let reason = format!("{reason} (salinan baris {first}, yang juga ditolak)");
            outcomes[index] = Some(RowOutcome { row: batch[index].number, status: Status::Rejected, reason, owner_id: None });
        }
    }
    if !created.is_empty() {
        let region = actor.scope.root().unwrap_or_default();
        let mut e = actor.audit("import", "owner_batch", created.first().map(|u| u.to_string()).unwrap_or_default(), &region);
        e.after = Some(serde_json::json!({
            "rows": batch.first().map(|r| r.number).zip(batch.last().map(|r| r.number)),
            "owners_or_businesses": created,
        }));
        audit::record(&mut tx, e).await?;
    }
    tx.commit().await?;
    Ok((batch, outcomes.into_iter().flatten().collect()))
}

/// Rows whose NIK is already registered, batched: a new business of a known owner is an
/// update; a business the owner already has (same normalised name) or no business is a
/// duplicate; an owner outside the agency's region is refused (and noted in `refused`).
/// Returns (row index, outcome).
/// The outcome's reason for a row an earlier attempt of the same job stored.
pub const EARLIER_ATTEMPT: &str = "Disimpan pada percobaan sebelumnya tugas ini.";

async fn known_owners(
    tx: &mut Tx,
    actor: &Actor,
    known: Vec<Pending>,
    now: chrono::DateTime<chrono::Utc>,
    earlier_attempt_since: Option<chrono::DateTime<chrono::Utc>>,
    created: &mut Vec<Uuid>,
    refused: &mut HashMap<u64, &'static str>,
) -> Result<Vec<(usize, RowOutcome)>, ServiceError> {
    let niks: Vec<&str> = known.iter().map(|p| p.fields.nik.as_str()).collect();
    let holders = bulk::owners_for_niks(tx, &niks).await?;
    let mut ids: Vec<Uuid> = holders.values().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let owners = bulk::owners_by_ids(tx, &ids).await?;
    let mut names = bulk::business_names_of(tx, &ids).await?;
    let earlier = match earlier_attempt_since {
        Some(since) => bulk::business_names_created_since(tx, &ids, actor.user_id, since).await?,
        None => HashSet::new(),
    };
    let by_this_job = |o: &Owner| earlier_attempt_since.is_some_and(|since| o.created_by == actor.user_id && o.created_at >= since);
    let (mut rows, mut snapshots, mut outs) = (Vec::new(), Vec::new(), Vec::with_capacity(known.len()));
    for p in known {
        let owner = holders.get(p.fields.nik.as_str()).and_then(|id| owners.get(id));
        let Some(owner) = owner.filter(|o| region_in_scope(&actor.scope, &o.region)) else {
            let reason = if owner.is_some() { "NIK sudah terdaftar di wilayah lain." } else { "NIK tidak dapat diklaim maupun ditemukan." };
            refused.insert(p.number, reason);
            outs.push((p.index, RowOutcome { row: p.number, status: Status::Rejected, reason: reason.into(), owner_id: None }));
            continue;
        };
        if let Some(b) = &p.business
            && names.insert((owner.id, berdaya_core::teks::search_key(&b.nama_usaha))) {
                let mut row = business_row(b, owner, berdaya_store::new_id(), actor, now);
                row.izin = normalize_set(&row.izin);
                snapshots.extend(snapshot_row(&row, "impor", now));
                created.push(row.id);
                rows.push(row);
                let reason = "Usaha baru untuk pelaku usaha yang sudah terdaftar.".to_string();
                outs.push((p.index, RowOutcome { row: p.number, status: Status::Updated, reason, owner_id: Some(owner.id) }));
                continue;
            }
        // Stored by an earlier attempt of this job (a worker that stopped mid-import): say what
        // that attempt did with the row, not that it duplicates itself.
        let key = p.business.as_ref().map(|b| berdaya_core::teks::search_key(&b.nama_usaha));
        let earlier_business = key.as_ref().is_some_and(|k| earlier.contains(&(owner.id, k.clone())));
        if by_this_job(owner) && (earlier_business || p.business.is_none()) {
            outs.push((p.index, RowOutcome { row: p.number, status: Status::Imported, reason: EARLIER_ATTEMPT.into(), owner_id: Some(owner.id) }));
            continue;
        }
        if earlier_business {
            outs.push((p.index, RowOutcome { row: p.number, status: Status::Updated, reason: EARLIER_ATTEMPT.into(), owner_id: Some(owner.id) }));
            continue;
        }
        outs.push((p.index, RowOutcome { row: p.number, status: Status::Duplicate, reason: "Sudah terdaftar.".into(), owner_id: Some(owner.id) }));
    }
    bulk::insert_businesses(tx, &rows).await?;
    bulk::insert_snapshots(tx, &snapshots).await?;
    Ok(outs)
}
