//! Render one of each document to a folder for a visual check:
//! `cargo run -p berdaya-pdf --example samples -- /tmp/berdaya-pdf`
//! then e.g. `pdftoppm -png -r 60 /tmp/berdaya-pdf/list.pdf /tmp/berdaya-pdf/list`.

#[path = "../tests/common/mod.rs"]
mod common;

use berdaya_pdf::Orientation;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/berdaya-pdf".into());
    std::fs::create_dir_all(&dir)?;
    let logo = Some(common::logo());
    let out = |name: &str, bytes: Vec<u8>| -> std::io::Result<()> {
        println!("{name}: {} bytes", bytes.len());
        std::fs::write(format!("{dir}/{name}"), bytes)
    };
    out("logo.png", common::logo().to_vec())?;
    out(
        "certificate.pdf",
        berdaya_pdf::certificate(&common::certificate_doc(2, logo.clone()))?,
    )?;
    out(
        "list.pdf",
        berdaya_pdf::list(&common::list_doc(60, logo.clone(), Orientation::Landscape))?,
    )?;
    out(
        "list-portrait.pdf",
        berdaya_pdf::list(&common::list_doc(12, logo.clone(), Orientation::Portrait))?,
    )?;
    let basts: Vec<_> = (0..3).map(|i| common::bast_doc(i, logo.clone())).collect();
    out("bast.pdf", berdaya_pdf::basts(&basts)?)?;
    out(
        "report.pdf",
        berdaya_pdf::report(&common::report_doc(logo))?,
    )?;
    Ok(())
}
