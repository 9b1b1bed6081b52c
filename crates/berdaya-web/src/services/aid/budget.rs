//! Budget absorption (serapan): pagu vs committed (every approved recipient, transfers that
//! failed or came back included: they wait for a retry)
//! vs realised (paid or handed over), per program and per funding source, with an SVG chart
//! drawn on the server (no script).

use std::collections::BTreeMap;

use berdaya_core::Scope;
use berdaya_store::aid::{self as programs, BudgetRow, Program};
use berdaya_store::Db;
use serde::Serialize;

use crate::error::ServiceError;

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Line {
    pub label: String,
    pub pagu: i64,
    pub committed: i64,
    pub realised: i64,
    pub recipients: i64,
}

impl Line {
    /// Serapan in tenths of a percent (integer arithmetic).
    pub fn permil(&self) -> i64 {
        if self.pagu <= 0 { 0 } else { (i128::from(self.realised) * 1000 / i128::from(self.pagu)) as i64 }
    }
    pub fn percent_label(&self) -> String {
        let p = self.permil();
        format!("{},{}%", p / 10, p % 10)
    }
}

pub async fn for_program(db: &Db, scope: &Scope, p: &Program) -> Result<BudgetRow, ServiceError> {
    Ok(programs::budget(db, scope).await?.into_iter().find(|b| b.program_id == p.id).unwrap_or(BudgetRow { program_id: p.id, ..Default::default() }))
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub programs: Vec<Line>,
    pub sources: Vec<Line>,
    pub total: Line,
}

pub async fn summary(db: &Db, scope: &Scope, tahun: Option<i32>) -> Result<Summary, ServiceError> {
    let rows = programs::budget(db, scope).await?;
    let mut s = Summary { total: Line { label: "Jumlah".into(), ..Default::default() }, ..Default::default() };
    let mut by_source: BTreeMap<String, Line> = BTreeMap::new();
    for p in programs::list(db, scope).await?.into_iter().filter(|p| tahun.is_none_or(|t| p.tahun == t)) {
        let b = rows.iter().find(|b| b.program_id == p.id).cloned().unwrap_or_default();
        let line = Line { label: p.nama.clone(), pagu: p.pagu, committed: b.committed, realised: b.realised, recipients: b.recipients };
        let src = by_source.entry(p.sumber_dana.clone()).or_insert_with(|| Line { label: p.sumber_dana.clone(), ..Default::default() });
        for l in [src, &mut s.total] {
            l.pagu += line.pagu;
            l.committed += line.committed;
            l.realised += line.realised;
            l.recipients += line.recipients;
        }
        s.programs.push(line);
    }
    s.sources = by_source.into_values().collect();
    Ok(s)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Horizontal bars per line: pagu (outline), committed (light), realised (solid), with the
/// serapan percentage. Plain SVG text, escaped.
pub fn chart_svg(lines: &[Line]) -> String {
    let row_h = 34;
    let label_w = 220;
    let bar_w = 420;
    let h = 30 + row_h * lines.len().max(1);
    let max = lines.iter().map(|l| l.pagu.max(l.committed)).max().unwrap_or(1).max(1);
    let scale = |v: i64| ((i128::from(v.max(0)) * bar_w as i128) / i128::from(max)) as i64;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-label=\"Grafik serapan anggaran\" class=\"chart\">",
        w = label_w + bar_w + 90
    );
    out.push_str("<g font-size=\"12\" font-family=\"sans-serif\">");
    out.push_str(&format!(
        "<rect x=\"{label_w}\" y=\"6\" width=\"12\" height=\"10\" fill=\"none\" stroke=\"#555\"/><text x=\"{}\" y=\"15\">Pagu</text>\
         <rect x=\"{}\" y=\"6\" width=\"12\" height=\"10\" fill=\"#9ecae1\"/><text x=\"{}\" y=\"15\">Terikat</text>\
         <rect x=\"{}\" y=\"6\" width=\"12\" height=\"10\" fill=\"#2171b5\"/><text x=\"{}\" y=\"15\">Realisasi</text>",
        label_w + 16,
        label_w + 70,
        label_w + 86,
        label_w + 150,
        label_w + 166
    ));
    for (i, l) in lines.iter().enumerate() {
        let y = 26 + i * row_h;
        let label: String = l.label.chars().take(32).collect();
        out.push_str(&format!("<text x=\"0\" y=\"{}\">{}</text>", y + 17, esc(&label)));
        out.push_str(&format!("<rect x=\"{label_w}\" y=\"{}\" width=\"{}\" height=\"22\" fill=\"none\" stroke=\"#555\"/>", y + 2, scale(l.pagu)));
        out.push_str(&format!("<rect x=\"{label_w}\" y=\"{}\" width=\"{}\" height=\"22\" fill=\"#9ecae1\"/>", y + 2, scale(l.committed)));
        out.push_str(&format!("<rect x=\"{label_w}\" y=\"{}\" width=\"{}\" height=\"22\" fill=\"#2171b5\"/>", y + 2, scale(l.realised)));
        out.push_str(&format!("<text x=\"{}\" y=\"{}\">{}</text>", label_w + bar_w + 8, y + 17, l.percent_label()));
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serapan_is_integer_and_chart_escapes_labels() {
        let l = Line { label: "Stimulus <Modal>".into(), pagu: 5_000_000_000, committed: 3_200_000_000, realised: 3_000_000_000, recipients: 600 };
        assert_eq!(l.percent_label(), "60,0%");
        let svg = chart_svg(&[l]);
        assert!(svg.contains("Stimulus &lt;Modal&gt;") && svg.contains("60,0%"));
        assert!(!svg.contains("<script"));
    }
}
