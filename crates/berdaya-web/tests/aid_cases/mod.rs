//! More aid tests, split from `aid.rs` to keep files small: exclusion lists as XLSX and their
//! versions, every BPK category on a small fixture, returning a batch and proposing again,
//! the budget numbers, the letterhead and signatory on the PDFs, and the JSON API; every rule
//! block through the web service; double payment under overlapping approvals, screening
//! progress, the dry run against quota and budget, returned transfers; the approved-list XLSX
//! and the document size limit.

mod api;
mod approval;
mod categories;
mod content;
mod import;
mod money;
mod rule_blocks;
mod self_service;

use berdaya_store::Db;
use berdaya_web::services::aid::ProgramInput;

/// A cash program from the APBN: Rp 100 juta, Rp 1 juta each, 50 recipients, with `aturan`
/// (JSON rules; `Null` for none).
pub fn cash_program(nama: &str, aturan: serde_json::Value) -> ProgramInput {
    ProgramInput {
        nama: nama.into(),
        jenis: "tunai".into(),
        sumber_dana: "APBN".into(),
        tahun: "2026".into(),
        pagu: "100 juta".into(),
        nilai_per_penerima: "1 juta".into(),
        kuota: "50".into(),
        aturan,
        ..Default::default()
    }
}

/// An XLSX workbook with one sheet holding `rows` (the first row is the header).
pub fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The text of every page of a PDF, whitespace removed (extractors differ in spacing).
pub fn pdf_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text extracts").chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Raw SQL for fixtures the services refuse to make (legacy rows from an older system).
pub async fn exec(db: &Db, sql: &'static str, a: &'static str, b: uuid::Uuid) {
    match db {
        Db::Sqlite(p) => sqlx::query(sql).bind(a).bind(b).execute(p).await.map(|_| ()).unwrap(),
        Db::Pg(p) => sqlx::query(sql).bind(a).bind(b).execute(p).await.map(|_| ()).unwrap(),
    }
}
