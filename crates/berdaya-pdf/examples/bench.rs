//! Certificate generation for a 500-participant batch with a logo (issue 4, performance):
//! `cargo run --release -p berdaya-pdf --example bench [-- N]`.
//! Also times a 500-row official list and a 500-recipient BAST PDF.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use berdaya_pdf::Orientation;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let logo = common::logo();
    println!("logo: PNG {} bytes, 160x180", logo.len());

    // Warm-up: parse the embedded fonts once (done once per process in production too).
    let t = Instant::now();
    berdaya_pdf::certificate(&common::certificate_doc(0, None))?;
    println!("first certificate (font parsing included): {:.1} ms", ms(t));

    let docs: Vec<_> = (0..n)
        .map(|i| common::certificate_doc(i, Some(logo.clone())))
        .collect();
    let t = Instant::now();
    let cpu = cpu_ms();
    let pdfs = berdaya_pdf::certificates(&docs)?;
    let total = ms(t);
    let cpu = cpu_ms() - cpu;
    let bytes: usize = pdfs.iter().map(Vec::len).sum();
    println!(
        "{n} certificates with logo: {total:.0} ms total ({cpu:.0} ms CPU), {:.2} ms per certificate \
         ({:.2} ms CPU), average PDF {:.1} KB ({:.1} MB in all)",
        total / n as f64,
        cpu / n as f64,
        bytes as f64 / n as f64 / 1024.0,
        bytes as f64 / 1024.0 / 1024.0
    );

    let t = Instant::now();
    let combined = berdaya_pdf::certificates_combined(&docs)?;
    println!(
        "{n} certificates in one PDF: {:.0} ms, {:.1} MB",
        ms(t),
        combined.len() as f64 / 1024.0 / 1024.0
    );

    let t = Instant::now();
    let list = berdaya_pdf::list(&common::list_doc(
        n,
        Some(logo.clone()),
        Orientation::Landscape,
    ))?;
    println!(
        "list of {n} rows: {:.0} ms, {:.1} KB",
        ms(t),
        list.len() as f64 / 1024.0
    );

    let basts: Vec<_> = (0..n)
        .map(|i| common::bast_doc(i, Some(logo.clone())))
        .collect();
    let t = Instant::now();
    let pdf = berdaya_pdf::basts(&basts)?;
    println!(
        "{n} BAST pages in one PDF: {:.0} ms, {:.1} KB",
        ms(t),
        pdf.len() as f64 / 1024.0
    );
    Ok(())
}

/// CPU time of this (single-threaded) process so far, from Linux's schedstat; 0 elsewhere.
/// Wall time on a shared machine includes waiting for a core; CPU time does not.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|ns| ns.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns / 1e6)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
