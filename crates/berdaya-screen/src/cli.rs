//! `berdaya screen`: screen a large applicant list from files.
//!
//! ```text
//! berdaya screen --applicants pemohon.csv --exclude asn=asn.csv --exclude kur@2026-10=kur.csv \
//!     --exclude deceased=meninggal.csv [--registry dukcapil.csv] --rules aturan.json --out hasil.csv
//! ```
//!
//! The result has one row per applicant: `baris` (line in the applicant file), `nik` (in
//! full: the file is for the operator who screens and must be able to act on each row; keep
//! it inside the agency like the applicant list itself), `status`, `kategori` (BPK category
//! keys) and `alasan` (reasons joined by "; ", NIKs inside reasons masked).
//!
//! Memory: per applicant a few integers are kept (NIK, row, keys of name+birth date and
//! phone) plus the reasons of those that did not pass; lists hold integers per entry.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use berdaya_core::Rupiah;
use chrono::{NaiveDate, Utc};
use rayon::prelude::*;

use crate::batch::{DryRun, Summary, verdict};
use crate::cross::CrossIndex;
use crate::decision::Status;
use crate::engine::{self, Indexed, Probe, RowKeys};
use crate::probe;
use crate::lookups::{CivilRegistry, ExclusionList, Lookups};
use crate::read::applicants::ApplicantColumns;
use crate::read::read_table_parts;
use crate::rules::{ExclusionKind, RuleSet};

/// Arguments of `berdaya screen`.
#[derive(Debug, Clone, clap::Args)]
pub struct ScreenArgs {
    /// Applicant list (CSV or XLSX).
    #[arg(long)]
    pub applicants: PathBuf,
    /// Exclusion list as KIND=FILE or KIND@VERSION=FILE; KIND is asn, tni, polri, bumn,
    /// bumd, kur, bank, deceased or other_program. Without @VERSION the file's date is used.
    #[arg(long = "exclude", value_name = "JENIS[@VERSI]=FILE")]
    pub exclude: Vec<String>,
    /// Civil-registry (Dukcapil) view: NIK, name, birth date, alive.
    #[arg(long)]
    pub registry: Option<PathBuf>,
    /// Version of the registry view (default: the file's date).
    #[arg(long)]
    pub registry_version: Option<String>,
    /// Rule set (JSON, `{"version":1,"blocks":[…]}`).
    #[arg(long)]
    pub rules: PathBuf,
    /// Result CSV, one row per applicant.
    #[arg(long)]
    pub out: PathBuf,
    /// Value per recipient for the dry run (e.g. "Rp 2.400.000" or 2400000).
    #[arg(long)]
    pub value: Option<String>,
    /// Remaining budget for the dry run.
    #[arg(long)]
    pub budget: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct ScreenReport {
    pub summary: Summary,
    pub dry_run: Option<DryRun>,
    /// Seconds per phase, in order.
    pub phases: Vec<(&'static str, f64)>,
}

impl std::fmt::Display for ScreenReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.summary;
        writeln!(f, "{} pemohon diperiksa", s.total)?;
        for st in Status::ALL {
            writeln!(f, "  {:<22} {:>12}", st.label(), s.count(st))?;
        }
        writeln!(f, "Tidak memenuhi syarat, menurut kategori (satu pemohon bisa di beberapa kategori):")?;
        for (c, n) in &s.not_eligible_by_category {
            writeln!(f, "  {:<40} {:>10}", c.label(), n)?;
        }
        writeln!(f, "Perlu diperiksa, menurut kategori:")?;
        for (c, n) in &s.needs_review_by_category {
            writeln!(f, "  {:<40} {:>10}", c.label(), n)?;
        }
        if let Some(d) = &self.dry_run {
            writeln!(f, "Simulasi: {}", d.describe())?;
        }
        let t: Vec<String> = self.phases.iter().map(|(p, s)| format!("{p} {s:.1} s")).collect();
        write!(f, "Waktu: {}", t.join(", "))
    }
}

/// Parse `kind=FILE` / `kind@version=FILE`.
pub fn parse_exclude(spec: &str) -> anyhow::Result<(ExclusionKind, Option<String>, PathBuf)> {
    let Some((lhs, file)) = spec.split_once('=') else {
        bail!("--exclude harus berbentuk JENIS=FILE, mis. asn=asn.csv (terbaca \"{spec}\")");
    };
    let (kind, version) = match lhs.split_once('@') {
        Some((k, v)) => (k, Some(v.trim().to_string()).filter(|v| !v.is_empty())),
        None => (lhs, None),
    };
    let Some(kind) = ExclusionKind::parse(kind) else {
        let known: Vec<&str> = ExclusionKind::ALL.iter().map(|k| k.as_str()).collect();
        bail!("jenis daftar \"{kind}\" tidak dikenal (pilih: {})", known.join(", "));
    };
    Ok((kind, version, PathBuf::from(file)))
}

fn file_version(path: &std::path::Path) -> String {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map(|t| chrono::DateTime::<Utc>::from(t).date_naive().to_string())
        .unwrap_or_else(|_| "tanpa tanggal".into())
}

/// One applicant as kept between reading and writing.
struct Kept {
    line: u64,
    nik: u64,
    /// The NIK as written, when it is not exactly the 16 digits of `nik`.
    nik_raw: Option<Box<str>>,
    found: Option<Box<[Indexed]>>,
}

/// Run `berdaya screen`.
pub fn run(args: &ScreenArgs) -> anyhow::Result<ScreenReport> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        builder = builder.num_threads(n.max(1));
    }
    let pool = builder.build().context("membuat thread pool")?;
    pool.install(|| run_inner(args))
}

fn run_inner(args: &ScreenArgs) -> anyhow::Result<ScreenReport> {
    let today = Utc::now().date_naive();
    let text = std::fs::read_to_string(&args.rules)
        .with_context(|| format!("membaca aturan {}", args.rules.display()))?;
    let rules = RuleSet::from_json(&text).map_err(|errs| {
        let lines: Vec<String> = errs.iter().map(|e| format!("- {e}")).collect();
        anyhow::anyhow!("aturan {} tidak sah:\n{}", args.rules.display(), lines.join("\n"))
    })?;
    let dry = match (&args.value, &args.budget) {
        (Some(v), Some(b)) => Some((
            Rupiah::parse(v).map_err(|e| anyhow::anyhow!("--value: {e}"))?,
            Rupiah::parse(b).map_err(|e| anyhow::anyhow!("--budget: {e}"))?,
        )),
        (None, None) => None,
        _ => bail!("simulasi anggaran butuh --value dan --budget sekaligus"),
    };
    let mut phases = Vec::new();
    let mut t = Instant::now();
    let mut lookups = Lookups::new();
    let specs = args.exclude.iter().map(|s| parse_exclude(s)).collect::<anyhow::Result<Vec<_>>>()?;
    // The exclusion lists and the Dukcapil extract are independent files: read them at the
    // same time, so that one's sequential part (filling its lookup) overlaps the other's
    // parsing on the pool.
    let (lists, registry) = rayon::join(
        || -> anyhow::Result<Vec<ExclusionList>> {
            let mut lists = Vec::with_capacity(specs.len());
            for (kind, version, path) in &specs {
                let version = version.clone().unwrap_or_else(|| file_version(path));
                lists.push(ExclusionList::read_file(*kind, version, path, today)?);
            }
            Ok(lists)
        },
        || -> anyhow::Result<Option<CivilRegistry>> {
            let Some(p) = &args.registry else { return Ok(None) };
            let v = args.registry_version.clone().unwrap_or_else(|| file_version(p));
            Ok(Some(CivilRegistry::read_file(v, p, today)?))
        },
    );
    lookups.lists = lists?;
    lookups.registry = registry?;
    for kind in rules.exclusion_kinds() {
        if lookups.lists_of(kind).next().is_none() {
            eprintln!("peringatan: aturan memakai {} tetapi tidak ada --exclude {}=FILE", kind.label(), kind.as_str());
        }
    }
    let name = if lookups.registry.is_some() { "daftar pengecualian + data Dukcapil" } else { "daftar pengecualian" };
    phases.push((name, lap(&mut t)));
    let (kept, keys) = read_and_screen(args, &rules, &lookups, today)?;
    phases.push(("baca + periksa pemohon", lap(&mut t)));
    drop(lookups);
    let cross = CrossIndex::build(&rules, &keys);
    phases.push(("pemohon ganda", lap(&mut t)));
    let summary = write_results(args, &rules, &kept, &keys, &cross)?;
    phases.push(("tulis hasil", lap(&mut t)));
    Ok(ScreenReport {
        dry_run: dry.map(|(v, b)| summary.dry_run(v, b)),
        summary,
        phases,
    })
}

fn lap(t: &mut Instant) -> f64 {
    let s = t.elapsed().as_secs_f64();
    *t = Instant::now();
    s
}

/// Applicant rows screened per batch: the lookups are searched for a whole batch at once
/// ([`crate::probe`]).
const BATCH: usize = 1 << 18;

/// Rows read, waiting for the lookups of their batch.
#[derive(Default)]
struct Pending {
    probes: Vec<Probe>,
    rows: Vec<PendingRow>,
}

struct PendingRow {
    line: u64,
    nik_raw: Option<Box<str>>,
    keys: RowKeys,
    /// Results of the blocks that need no lookup.
    local: Vec<Indexed>,
}

impl Pending {
    fn append(&mut self, other: Pending) {
        self.probes.extend(other.probes);
        self.rows.extend(other.rows);
    }
}

fn read_and_screen(
    args: &ScreenArgs,
    rules: &RuleSet,
    lookups: &Lookups,
    today: NaiveDate,
) -> anyhow::Result<(Vec<Kept>, Vec<RowKeys>)> {
    let mut kept: Vec<Kept> = Vec::new();
    let mut keys: Vec<RowKeys> = Vec::new();
    let mut batch = Pending::default();
    read_table_parts(
        &args.applicants,
        &["nik"],
        |h| ApplicantColumns::plan(h, today),
        |_, size| {
            let rows = size / 160;
            Pending {
                probes: Vec::with_capacity(rows),
                rows: Vec::with_capacity(rows),
            }
        },
        |p, part, c, line| {
            let fields = p.fields(c);
            let a = fields.row();
            let prep = engine::prepare(&a);
            let k = engine::keys_of(&a, &prep);
            let local = engine::screen_local(rules, &a, &prep);
            // Kept as written unless it is exactly the 16 digits of the key.
            let plain = k.nik.is_some() && a.nik.len() == 16 && a.nik.bytes().all(|b| b.is_ascii_digit());
            let nik_raw = (!plain).then(|| Box::<str>::from(a.nik));
            part.probes.push(prep.probe);
            part.rows.push(PendingRow { line, nik_raw, keys: k, local });
        },
        |part| {
            batch.append(part);
            if batch.rows.len() >= BATCH {
                screen_batch(rules, lookups, std::mem::take(&mut batch), &mut kept, &mut keys);
            }
            Ok(())
        },
    )?;
    screen_batch(rules, lookups, batch, &mut kept, &mut keys);
    Ok((kept, keys))
}

/// The lookup blocks for a batch of rows, then the rows kept.
fn screen_batch(rules: &RuleSet, lookups: &Lookups, batch: Pending, kept: &mut Vec<Kept>, keys: &mut Vec<RowKeys>) {
    let answers = probe::find_all(rules, lookups, &batch.probes);
    let done: Vec<(Kept, RowKeys)> = batch
        .rows
        .into_par_iter()
        .zip(batch.probes.into_par_iter())
        .enumerate()
        .map(|(i, (r, p))| {
            let mut found = r.local;
            found.extend(engine::screen_lookups(rules, &p, lookups, &answers.row(i)));
            let k = Kept {
                line: r.line,
                nik: r.keys.nik.unwrap_or(0),
                nik_raw: r.nik_raw,
                found: (!found.is_empty()).then(|| found.into_boxed_slice()),
            };
            (k, r.keys)
        })
        .collect();
    kept.reserve(done.len());
    keys.reserve(done.len());
    for (k, r) in done {
        kept.push(k);
        keys.push(r);
    }
}

/// Result rows written per parallel task.
const WRITE_CHUNK: usize = 1 << 15;

fn write_results(
    args: &ScreenArgs,
    rules: &RuleSet,
    kept: &[Kept],
    keys: &[RowKeys],
    cross: &CrossIndex,
) -> anyhow::Result<Summary> {
    let file = std::fs::File::create(&args.out).with_context(|| format!("membuat {}", args.out.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(["baris", "nik", "status", "kategori", "alasan"])?;
    out.write_all(&header.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))?)?;
    let row_of = |j: usize| kept.get(j).map_or(0, |k| k.line);
    let mut summary = Summary::default();
    let group = WRITE_CHUNK * rayon::current_num_threads().max(1) * 2;
    for (gi, rows) in kept.chunks(group).enumerate() {
        // Each chunk becomes CSV bytes on its own core (a record's bytes do not depend on
        // the records before it), then the chunks are written in order.
        let parts: Vec<anyhow::Result<(Vec<u8>, Summary)>> = rows
            .par_chunks(WRITE_CHUNK)
            .enumerate()
            .map(|(ci, chunk)| {
                let base = gi * group + ci * WRITE_CHUNK;
                let mut w = csv::Writer::from_writer(Vec::with_capacity(chunk.len() * 40));
                let mut s = Summary::default();
                let (mut line, mut nik, mut cat_text) = (String::new(), String::new(), String::new());
                for (o, k) in chunk.iter().enumerate() {
                    let i = base + o;
                    let extra = cross.results(rules, i, &keys[i], &row_of);
                    let mut found: Vec<&Indexed> = k.found.iter().flat_map(|f| f.iter()).chain(&extra).collect();
                    let (status, cats, reasons) = verdict(&mut found);
                    s.add_parts(status, &cats);
                    line.clear();
                    let _ = write!(line, "{}", k.line);
                    nik.clear();
                    match &k.nik_raw {
                        Some(r) => nik.push_str(r),
                        None => {
                            let _ = write!(nik, "{:016}", k.nik);
                        }
                    }
                    cat_text.clear();
                    for (n, c) in cats.iter().enumerate() {
                        if n > 0 {
                            cat_text.push_str("; ");
                        }
                        cat_text.push_str(c.as_str());
                    }
                    w.write_record([line.as_str(), &nik, status.as_str(), &cat_text, &reasons])?;
                }
                let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))?;
                Ok((bytes, s))
            })
            .collect();
        for p in parts {
            let (bytes, s) = p?;
            out.write_all(&bytes)?;
            summary.merge(s);
        }
    }
    out.flush().with_context(|| format!("menulis {}", args.out.display()))?;
    Ok(summary)
}
