//! Reports per batch and per program: who was trained (sex, age group, kecamatan, sector,
//! scale), attendance, completion, cost per participant and per completer, budget
//! realisation, certificates, satisfaction and follow-up outcomes (`outcomes`). One
//! computation feeds the page (SVG bars), XLSX and PDF.

use std::collections::BTreeMap;

use berdaya_store::training::{Batch, Program, batches, certificates, participants, programs, rules};
use berdaya_store::{Db, businesses, regions};
use chrono::Datelike;
use uuid::Uuid;

use super::outcomes::{Chart, Outcomes};
use super::{attendance, input::funding_label};
use crate::error::ServiceError;
use crate::services::Actor;

pub struct Report {
    pub title: String,
    pub subtitles: Vec<String>,
    /// Key figures (label, value as shown).
    pub figures: Vec<(String, String)>,
    /// Further figure blocks: evaluation, follow-up outcomes.
    pub sections: Vec<(String, Vec<(String, String)>)>,
    /// Breakdowns of the selected participants, then outcome charts.
    pub charts: Vec<Chart>,
}

fn rp(n: i64) -> String {
    format!("Rp {}", crate::html::ribuan(n))
}

pub(crate) fn pct(a: i64, b: i64) -> String {
    if b <= 0 { "–".into() } else { format!("{},{} %", a * 100 / b, (a * 1000 / b) % 10) }
}

fn age_group(age: Option<i32>) -> &'static str {
    match age {
        None => "tidak diketahui",
        Some(a) if a < 25 => "di bawah 25",
        Some(a) if a < 35 => "25–34",
        Some(a) if a < 45 => "35–44",
        Some(a) if a < 55 => "45–54",
        Some(_) => "55 ke atas",
    }
}

#[derive(Default)]
struct Tally {
    selected: i64,
    waitlist: i64,
    withdrawn: i64,
    slots: i64,
    ticks: i64,
    completed: i64,
    cost: i64,
    certs: i64,
    revoked: i64,
    groups: [BTreeMap<String, i64>; 5],
    outcomes: Outcomes,
}

async fn add_batch(db: &Db, t: &mut Tally, b: &Batch) -> Result<(), ServiceError> {
    let sessions = batches::sessions(db, b.id).await?.len();
    t.cost += batches::costs(db, b.id).await?.iter().map(|k| k.jumlah).sum::<i64>();
    let rows = participants::list(db, b.id).await?;
    t.outcomes.add_batch(db, b, &rows, sessions, super::today()).await?;
    for r in rows {
        match r.status.as_str() {
            rules::SELECTED => t.selected += 1,
            rules::WAITLIST => {
                t.waitlist += 1;
                continue;
            }
            _ => {
                t.withdrawn += 1;
                continue;
            }
        }
        t.slots += sessions as i64;
        t.ticks += r.hadir;
        if attendance::completed(b, sessions, &r) {
            t.completed += 1;
        }
        let sex = match r.jenis_kelamin.as_str() {
            "L" => "laki-laki",
            "P" => "perempuan",
            _ => "tidak diketahui",
        };
        let age = r.tanggal_lahir.map(|d| {
            let start = b.tanggal_mulai;
            let mut a = start.year() - d.year();
            if (start.month(), start.day()) < (d.month(), d.day()) {
                a -= 1;
            }
            a
        });
        let kec = match regions::get(db, &r.kecamatan).await? {
            Some(k) => k.nama,
            None => r.kecamatan.clone(),
        };
        let biz = businesses::for_owner(db, r.owner_id).await?;
        let (sector, scale) = match biz.first() {
            None => ("calon wirausaha".to_string(), "calon wirausaha".to_string()),
            Some(x) => (
                if x.sektor.is_empty() { "tidak diketahui".into() } else { format!("{} — {}", x.sektor, sector_name(&x.sektor)) },
                if x.skala.is_empty() { "tidak diketahui".into() } else { x.skala.clone() },
            ),
        };
        for (i, key) in [sex.to_string(), age_group(age).to_string(), kec, sector, scale].into_iter().enumerate() {
            *t.groups[i].entry(key).or_default() += 1;
        }
    }
    Ok(())
}

fn sector_name(letter: &str) -> &'static str {
    letter.chars().next().and_then(berdaya_core::kbli::KategoriKbli::from_letter).map(|k| k.name()).unwrap_or("")
}

fn finish(t: Tally, p: &Program, spent_program: i64, title: String, subtitles: Vec<String>) -> Report {
    let headings = ["Jenis kelamin", "Kelompok umur", "Kecamatan", "Sektor (KBLI)", "Skala usaha"];
    let mut charts: Vec<Chart> = headings.iter().zip(t.groups).map(|(h, g)| Chart::counts(h, g)).collect();
    charts.extend(t.outcomes.charts());
    let sections = vec![
        ("Evaluasi kepuasan".to_string(), t.outcomes.evaluation_figures()),
        ("Hasil tindak lanjut".to_string(), t.outcomes.followup_figures()),
    ];
    let figures = vec![
        ("Peserta terpilih".into(), t.selected.to_string()),
        ("Cadangan / mundur".into(), format!("{} / {}", t.waitlist, t.withdrawn)),
        ("Tingkat kehadiran".into(), pct(t.ticks, t.slots)),
        ("Lulus".into(), format!("{} ({})", t.completed, pct(t.completed, t.selected))),
        ("Sertifikat terbit / dicabut".into(), format!("{} / {}", t.certs, t.revoked)),
        ("Biaya realisasi".into(), rp(t.cost)),
        ("Biaya per peserta".into(), if t.selected > 0 { rp(t.cost / t.selected) } else { "–".into() }),
        ("Biaya per lulusan".into(), if t.completed > 0 { rp(t.cost / t.completed) } else { "–".into() }),
        ("Pagu program".into(), format!("{} ({} {})", rp(p.pagu), funding_label(&p.sumber_dana), p.tahun_anggaran)),
        ("Realisasi program (serapan)".into(), format!("{} ({})", rp(spent_program), pct(spent_program, p.pagu))),
    ];
    Report { title, subtitles, figures, sections, charts }
}

async fn count_certs(db: &Db, actor: &Actor, t: &mut Tally, batch_id: Uuid) -> Result<(), ServiceError> {
    for c in certificates::for_batch(db, &actor.scope, batch_id).await? {
        if c.dicabut_at.is_some() { t.revoked += 1 } else { t.certs += 1 }
    }
    Ok(())
}

pub async fn for_batch(db: &Db, actor: &Actor, batch_id: Uuid) -> Result<Report, ServiceError> {
    let (b, p) = super::batch_with_program(db, actor, batch_id).await?;
    let mut t = Tally::default();
    add_batch(db, &mut t, &b).await?;
    count_certs(db, actor, &mut t, b.id).await?;
    let spent = batches::program_spent(db, p.id).await?;
    let subtitle = format!("{} · {} · {}", b.nama, super::date_range(b.tanggal_mulai, b.tanggal_selesai), b.tempat);
    Ok(finish(t, &p, spent, p.judul.clone(), vec![subtitle]))
}

pub async fn for_program(db: &Db, actor: &Actor, program_id: Uuid) -> Result<Report, ServiceError> {
    let p = programs::get(db, &actor.scope, program_id).await?;
    let mut t = Tally::default();
    let rows = batches::list(db, &actor.scope, Some(program_id), 1000).await?;
    for r in &rows {
        let b = batches::get(db, &actor.scope, r.id).await?;
        add_batch(db, &mut t, &b).await?;
        count_certs(db, actor, &mut t, b.id).await?;
    }
    let spent = batches::program_spent(db, p.id).await?;
    let subtitle = format!("{} angkatan · tahun anggaran {}", rows.len(), p.tahun_anggaran);
    Ok(finish(t, &p, spent, p.judul.clone(), vec![subtitle]))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal bar chart as inline SVG (server-rendered, no script): (label, length, text).
pub fn svg_bars(items: &[(String, i64, String)]) -> String {
    let max = items.iter().map(|x| x.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (150, 200, 22);
    let h = row_h * items.len().max(1) as i64;
    let mut out = format!("<svg class=\"bars\" role=\"img\" viewBox=\"0 0 {} {h}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">", label_w + bar_w + 50);
    for (i, (label, n, text)) in items.iter().enumerate() {
        let y = i as i64 * row_h;
        let w = (*n).max(0) * bar_w / max;
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text><rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"#2f6f4f\"><title>{}: {}</title></rect><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            label_w - 6,
            y + 15,
            esc(&label.chars().take(26).collect::<String>()),
            label_w,
            y + 4,
            row_h - 8,
            esc(label),
            esc(text),
            label_w + w + 4,
            y + 15,
            esc(text)
        ));
    }
    out.push_str("</svg>");
    out
}

/// The report as XLSX: one sheet, one row per figure and per category.
pub fn xlsx(r: &Report) -> Result<Vec<u8>, ServiceError> {
    use berdaya_tabular::{Column, ColumnKind, ExportWriter, Value};
    let buf = crate::services::import::job::SharedBuf::default();
    let cols = vec![Column::new("Bagian", ColumnKind::Text), Column::new("Uraian", ColumnKind::Text), Column::new("Nilai", ColumnKind::Text)];
    let other = |e: berdaya_tabular::TabularError| ServiceError::Other(anyhow::anyhow!("{e}"));
    let mut w = ExportWriter::xlsx(Box::new(buf.clone()), "Laporan Pelatihan", cols).map_err(other)?;
    w.write_row(&[Value::from(r.title.as_str()), Value::from(r.subtitles.join(" · ")), Value::from("")]).map_err(other)?;
    let blocks = std::iter::once(("Ringkasan", &r.figures)).chain(r.sections.iter().map(|(h, f)| (h.as_str(), f)));
    for (h, figures) in blocks {
        for (k, v) in figures {
            w.write_row(&[Value::from(h), Value::from(k.as_str()), Value::from(v.as_str())]).map_err(other)?;
        }
    }
    for c in &r.charts {
        for (k, _, text) in &c.bars {
            w.write_row(&[Value::from(c.heading.as_str()), Value::from(k.as_str()), Value::from(text.as_str())]).map_err(other)?;
        }
    }
    w.finish().map_err(other)?;
    Ok(buf.take())
}

/// The report as PDF (berdaya-pdf).
pub fn pdf(r: &Report) -> Result<Vec<u8>, ServiceError> {
    use berdaya_pdf::{Bar, ReportDoc, Section};
    let mut sections = vec![Section::Figures { heading: "Ringkasan".into(), rows: r.figures.clone() }];
    for (h, rows) in &r.sections {
        sections.push(Section::Figures { heading: h.clone(), rows: rows.clone() });
    }
    for c in &r.charts {
        let bars = c.bars.iter().map(|(k, n, text)| Bar { label: k.clone(), value: *n as f64, text: text.clone() }).collect();
        sections.push(Section::Bars { heading: c.heading.clone(), bars });
    }
    let doc = ReportDoc {
        kop: None,
        title: r.title.clone(),
        subtitles: r.subtitles.clone(),
        sections,
        footer: Some(format!("Dicetak {}", berdaya_core::tanggal::fmt_dmy(berdaya_store::now().date_naive()))),
    };
    berdaya_pdf::report(&doc).map_err(|e| ServiceError::Other(anyhow::anyhow!("{e}")))
}
