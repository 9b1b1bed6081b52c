//! What the `berdaya dedup` and `berdaya link` subcommands call.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::config::Config;
use crate::data::Dataset;
use crate::engine::{self, MatchResult, Mode, Settings};
use crate::explain::probability;

/// `berdaya dedup --input FILE.csv [--match-config FILE] --out CLUSTERS.csv [--pairs-out PAIRS.csv]
/// [--threshold W]`. `config` is the `--match-config` JSON (the global `--config` flag of the
/// binary is the app's TOML).
#[derive(Debug, Clone)]
pub struct DedupOptions {
    pub input: PathBuf,
    pub config: Option<PathBuf>,
    pub out: PathBuf,
    pub pairs_out: Option<PathBuf>,
    pub threshold: Option<f64>,
    pub seed: u64,
    pub threads: Option<usize>,
}

/// `berdaya link --left A.csv --right B.csv [--match-config FILE] --out CLUSTERS.csv …`
#[derive(Debug, Clone)]
pub struct LinkOptions {
    pub left: PathBuf,
    pub right: PathBuf,
    pub config: Option<PathBuf>,
    pub out: PathBuf,
    pub pairs_out: Option<PathBuf>,
    pub threshold: Option<f64>,
    pub seed: u64,
    pub threads: Option<usize>,
}

/// Deduplicate one CSV file: writes `rec_id,cluster_id` (and the matched pairs with their
/// explanation when asked); returns a human summary.
pub fn run_dedup(opts: &DedupOptions) -> anyhow::Result<String> {
    let config = load_config(opts.config.as_deref(), &opts.input)?;
    in_pool(opts.threads, || {
        let started = std::time::Instant::now();
        let ds = Dataset::from_csv(&config, &opts.input, None)?;
        let load = started.elapsed().as_secs_f64();
        let settings = Settings { seed: opts.seed, threshold: opts.threshold, ..Settings::default() };
        let mut res = engine::run(&ds, &config, Mode::Dedup, &settings)?;
        res.timings.insert(0, ("read + normalise", load));
        write_clusters(&opts.out, &ds, &res, false)?;
        if let Some(p) = &opts.pairs_out {
            write_pairs(p, &ds, &res)?;
        }
        Ok(summary(&ds, &res, "dedup"))
    })
}

/// Link two CSV files with the same columns: writes `source,rec_id,cluster_id` where source
/// is `left` or `right`; records of both files in one cluster are linked.
pub fn run_link(opts: &LinkOptions) -> anyhow::Result<String> {
    let config = load_config(opts.config.as_deref(), &opts.left)?;
    in_pool(opts.threads, || {
        let started = std::time::Instant::now();
        let ds = Dataset::from_csv(&config, &opts.left, Some(&opts.right))?;
        let load = started.elapsed().as_secs_f64();
        let settings = Settings { seed: opts.seed, threshold: opts.threshold, ..Settings::default() };
        let mut res = engine::run(&ds, &config, Mode::Link, &settings)?;
        res.timings.insert(0, ("read + normalise", load));
        write_clusters(&opts.out, &ds, &res, true)?;
        if let Some(p) = &opts.pairs_out {
            write_pairs(p, &ds, &res)?;
        }
        Ok(summary(&ds, &res, "link"))
    })
}

/// The config file (if any) completed from the CSV header.
pub fn load_config(path: Option<&Path>, csv_path: &Path) -> anyhow::Result<Config> {
    let config = match path {
        Some(p) => Config::from_file(p)?,
        None => Config::default(),
    };
    let mut rdr = csv::Reader::from_path(csv_path)
        .with_context(|| format!("cannot open {}", csv_path.display()))?;
    let header: Vec<String> = rdr
        .headers()
        .with_context(|| format!("cannot read the header of {}", csv_path.display()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    config.resolve(&header)
}

fn in_pool<T: Send>(threads: Option<usize>, f: impl FnOnce() -> anyhow::Result<T> + Send) -> anyhow::Result<T> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    pool.install(f)
}

fn write_clusters(path: &Path, ds: &Dataset, res: &MatchResult, link: bool) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    if link {
        w.write_record(["source", "rec_id", "cluster_id"])?;
    } else {
        w.write_record(["rec_id", "cluster_id"])?;
    }
    for (r, id) in ds.rec_ids.iter().enumerate() {
        let cluster = res.clusters[r].to_string();
        if link {
            let side = if r < ds.n_left { "left" } else { "right" };
            w.write_record([side, id, &cluster])?;
        } else {
            w.write_record([&**id, &cluster])?;
        }
    }
    w.flush().with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn write_pairs(path: &Path, ds: &Dataset, res: &MatchResult) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    w.write_record(["rec_id_l", "rec_id_r", "match_weight", "match_probability", "blocking_rule", "explanation"])?;
    for p in &res.pairs {
        let e = res.model.explain(ds, p.a as usize, p.b as usize);
        w.write_record([
            &*ds.rec_ids[p.a as usize],
            &*ds.rec_ids[p.b as usize],
            &format!("{:.3}", p.weight),
            &format!("{:.6}", probability(p.weight)),
            &res.rule_counts[p.rule].rule,
            &e.to_string(),
        ])?;
    }
    w.flush().with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// A short report: input, pairs per rule, parameters, result, time per stage.
pub fn summary(ds: &Dataset, res: &MatchResult, what: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{what}: {} records ({} left, {} right)", ds.len(), ds.n_left, ds.len() - ds.n_left);
    let _ = writeln!(s, "candidate pairs: {}", res.candidate_pairs);
    for r in &res.rule_counts {
        let _ = writeln!(s, "  rule {:<40} pairs {:>12}  new {:>12}", r.rule, r.pairs, r.new_pairs);
    }
    let _ = writeln!(s, "EM on {} pairs, {} sessions; prior match probability {:.3e}", res.em_pairs, res.sessions.len(), res.model.prior);
    for (c, cmp) in res.model.comparisons.iter().enumerate() {
        let ws: Vec<String> = (1..cmp.n_levels()).map(|l| format!("{:+.1}", res.model.level_weight(c, l as u8))).collect();
        let _ = writeln!(s, "  {:<14} weights {}", cmp.name, ws.join(" "));
    }
    let matched = res.pairs.iter().filter(|p| p.weight >= res.threshold).count();
    let _ = writeln!(s, "threshold {:.2}: {} matched pairs, {} clusters", res.threshold, matched, res.n_clusters);
    let times: Vec<String> = res.timings.iter().map(|(k, t)| format!("{k} {t:.2}s")).collect();
    let _ = writeln!(s, "time: {}", times.join(", "));
    s
}
