//! Generation speed (release build):
//!
//! ```text
//! cargo run --release -p berdaya-synth --example gen_speed -- [ROWS] [REGION] [OUT.csv]
//! cargo run --release -p berdaya-synth --example gen_speed -- bpum [APPLICANTS] [DIR]
//! ```
//!
//! Owners: ROWS rows (default 1,000,000; region 64.74) with 2 % duplicates and 2 % errors,
//! written to OUT (default: discarded, so only generation is timed). BPUM: APPLICANTS
//! (default 1,000,000, whole country) into DIR (default a temporary folder, removed after).

use std::io::{BufWriter, Write};
use std::time::Instant;

use berdaya_synth::{BpumOptions, OwnersOptions, generate_bpum, generate_owners};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("bpum") {
        let applicants = args
            .get(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(1_000_000u64);
        let tmp;
        let dir = match args.get(2) {
            Some(d) => std::path::PathBuf::from(d),
            None => {
                tmp = tempfile::tempdir()?;
                tmp.path().to_path_buf()
            }
        };
        let opts = BpumOptions {
            applicants,
            seed: 7,
            ..Default::default()
        };
        let start = Instant::now();
        let summary = generate_bpum(&opts, &dir)?;
        let secs = start.elapsed().as_secs_f64();
        let all: u64 = summary.files.values().sum();
        println!("{summary}");
        println!(
            "bpum: {applicants} applicants, {all} rows in all files, {secs:.2} s = {:.0} applicants/s, {:.0} rows/s",
            applicants as f64 / secs,
            all as f64 / secs
        );
        return Ok(());
    }
    let count = args
        .first()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000u64);
    let region = args.get(1).cloned().unwrap_or_else(|| "64.74".into());
    let opts = OwnersOptions {
        count,
        region,
        seed: 7,
        dup_rate: 0.02,
        error_rate: 0.02,
        ..Default::default()
    };
    let mut out: Box<dyn Write> = match args.get(2) {
        Some(path) => Box::new(BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(std::io::sink()),
    };
    let start = Instant::now();
    let summary = generate_owners(&opts, &mut out, None)?;
    out.flush()?;
    let secs = start.elapsed().as_secs_f64();
    println!("{summary}");
    println!(
        "owners: {} rows in {:.2} s = {:.0} rows/s (region {}, single thread)",
        summary.rows,
        secs,
        summary.rows as f64 / secs,
        opts.region
    );
    Ok(())
}
