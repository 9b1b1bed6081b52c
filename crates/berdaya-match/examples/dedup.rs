//! The engine's entry points without the `berdaya` binary (no web app, database or PDF
//! engine linked in), for profiling the engine alone. The benchmarks in `bench/linkage/` run
//! the real `berdaya dedup` / `berdaya link`, which take the same options:
//!
//! cargo run --release -p berdaya-match --example dedup -- dedup --input F.csv --out C.csv
//! cargo run --release -p berdaya-match --example dedup -- link --left A.csv --right B.csv --out C.csv
//!
//! Options: --match-config FILE, --pairs-out FILE, --threshold W, --seed N, --threads N.

use std::path::PathBuf;

use anyhow::{Context, bail};
use berdaya_match::{DedupOptions, LinkOptions, run_dedup, run_link};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        bail!("usage: dedup (dedup|link) --input/--left/--right FILE --out FILE [options]");
    };
    let get = |name: &str| -> Option<String> {
        args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
    };
    let path = |name: &str| get(name).map(PathBuf::from);
    let need = |name: &str| path(name).with_context(|| format!("{name} is required"));
    let threshold = get("--threshold").map(|t| t.parse::<f64>()).transpose().context("--threshold")?;
    let seed = get("--seed").map(|t| t.parse::<u64>()).transpose().context("--seed")?.unwrap_or(42);
    let threads = get("--threads").map(|t| t.parse::<usize>()).transpose().context("--threads")?;
    let summary = match cmd.as_str() {
        "dedup" => run_dedup(&DedupOptions {
            input: need("--input")?,
            config: path("--match-config"),
            out: need("--out")?,
            pairs_out: path("--pairs-out"),
            threshold,
            seed,
            threads,
        })?,
        "link" => run_link(&LinkOptions {
            left: need("--left")?,
            right: need("--right")?,
            config: path("--match-config"),
            out: need("--out")?,
            pairs_out: path("--pairs-out"),
            threshold,
            seed,
            threads,
        })?,
        other => bail!("unknown command {other:?}: dedup or link"),
    };
    print!("{summary}");
    Ok(())
}
