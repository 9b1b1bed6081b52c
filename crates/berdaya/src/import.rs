//! `berdaya import owners FILE`: the registry importer from the command line.

use std::io::Write;
use std::path::{Path, PathBuf};

use berdaya_core::{KodeWilayah, Scope};
use berdaya_tabular::{Mapping, ReadOptions, Table, propose_mapping};
use berdaya_web::services::Actor;
use berdaya_web::services::import::{ImportOptions, ImportSummary, run_import_with};

pub struct ImportArgs {
    pub file: PathBuf,
    pub mapping: Option<PathBuf>,
    pub report: Option<PathBuf>,
    /// The agency region the import runs in (rows outside it are rejected); empty = national.
    pub region: String,
    /// Rows per transaction.
    pub batch_rows: usize,
    /// SQLite page cache for the import, in MiB.
    pub cache_mib: u32,
    /// Whether secondary indexes are built after the rows.
    pub indexes: IndexMode,
}

/// `--indexes`: see [`berdaya_store::bulk_load`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum IndexMode {
    /// Build them afterwards when the registry is empty (an initial load).
    Auto,
    /// Always build them afterwards.
    Defer,
    /// Keep them up to date row by row.
    Keep,
}

pub async fn import_owners(db: &berdaya_store::Db, args: &ImportArgs) -> anyhow::Result<ImportSummary> {
    let table = Table::open(&args.file, &ReadOptions::default()).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let mapping = match &args.mapping {
        Some(p) => Mapping::from_json(&std::fs::read_to_string(p)?)?.rebind(&table.header().columns),
        None => propose_mapping(&table.header().columns),
    };
    let scope = if args.region.trim().is_empty() {
        Scope::National
    } else {
        Scope::for_agency(Some(&KodeWilayah::parse(&args.region)?))?
    };
    let actor = Actor { username: "cli-import".into(), scope, ..Actor::cli() };
    let mut report: Option<csv::Writer<std::fs::File>> = match &args.report {
        Some(p) => {
            let mut w = csv::Writer::from_path(p)?;
            w.write_record(["row", "status", "reason", "owner_id"])?;
            Some(w)
        }
        None => None,
    };
    let mut write_err = None;
    let started = std::time::Instant::now();
    let defer = match args.indexes {
        IndexMode::Keep => false,
        IndexMode::Defer => true,
        IndexMode::Auto => berdaya_store::bulk_load::registry_is_empty(db).await?,
    };
    if defer {
        let dropped = berdaya_store::bulk_load::defer_indexes(db).await?;
        eprintln!("Muatan awal: {} indeks dan kunci asing dibangun setelah semua baris masuk.", dropped.len());
    }
    let result = run_import_with(
        db,
        &actor,
        table,
        &mapping,
        ImportOptions { batch_rows: args.batch_rows, sqlite_cache_mib: Some(args.cache_mib), ..Default::default() },
        |_, out| {
            if let Some(w) = report.as_mut() {
                let id = out.owner_id.map(|u| u.to_string()).unwrap_or_default();
                if let Err(e) = w.write_record([out.row.to_string().as_str(), out.status.as_str(), out.reason.as_str(), id.as_str()]) {
                    write_err.get_or_insert(e);
                }
            }
        },
        |done, total| {
            eprint!("\r{done} / {total} baris");
            let _ = std::io::stderr().flush();
        },
    )
    .await;
    eprintln!();
    if defer {
        // Also after a failed import: the rows written so far stay, and they need their indexes.
        let t = std::time::Instant::now();
        eprint!("Membangun indeks dan memeriksa kunci asing… ");
        let built = berdaya_store::bulk_load::restore_indexes(db).await?;
        eprintln!("{} selesai dalam {:.1} s.", built.len(), t.elapsed().as_secs_f64());
    }
    let summary = result.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    if let Some(e) = write_err {
        return Err(e.into());
    }
    if let Some(mut w) = report {
        w.flush()?;
    }
    tracing::info!(secs = started.elapsed().as_secs_f64(), "import finished");
    Ok(summary)
}

/// Print the proposed column mapping (to save, correct and pass back with --mapping).
pub fn propose(file: &Path) -> anyhow::Result<String> {
    let table = Table::open(file, &ReadOptions::default()).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    Ok(propose_mapping(&table.header().columns).to_json())
}
