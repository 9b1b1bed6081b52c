//! A simple report, A4 portrait: kop (optional), title, subtitles, then sections of key
//! figures, horizontal bar charts and text, flowing over as many pages as needed.

use crate::canvas::Rgb;

use crate::PdfError;
use crate::canvas::{A4_LONG, A4_SHORT, Canvas, MM, Pdf};
use crate::kop::{KopBox, draw_kop, load_image};
use crate::list::number_pages;
use crate::model::{Align, Bar, Column, ReportDoc, Section};
use crate::table::Grid;

const MARGIN: f32 = 20.0 * MM;
const TOP: f32 = 15.0 * MM;
const BOTTOM: f32 = A4_LONG - 16.0 * MM;
const BODY_W: f32 = A4_SHORT - 2.0 * MARGIN;
const BAR_COLOR: Rgb = Rgb(0x2f, 0x6d, 0xb5);
const TRACK_COLOR: Rgb = Rgb(0xee, 0xf1, 0xf5);
const BAR_H: f32 = 11.0;
const BAR_GAP: f32 = 5.0;

pub(crate) fn render(doc: &ReportDoc) -> Result<Vec<u8>, PdfError> {
    let logo = doc
        .kop
        .as_ref()
        .and_then(|k| k.logo.as_deref())
        .map(load_image)
        .transpose()?;
    let mut pdf = Pdf::new()?;
    let page = pdf.add_page(A4_SHORT, A4_LONG);
    let mut y = match &doc.kop {
        Some(kop) => draw_kop(
            page,
            kop,
            logo.as_ref(),
            &KopBox {
                margin: MARGIN,
                top: TOP - 3.0 * MM,
                letterhead: true,
            },
        ),
        None => TOP,
    };
    for line in page.wrap(&doc.title, 14.0, true, BODY_W) {
        y += 17.0;
        page.text_in(MARGIN, BODY_W, y, 14.0, true, Align::Center, &line);
    }
    for sub in &doc.subtitles {
        for line in page.wrap(sub, 10.0, false, BODY_W) {
            y += 13.0;
            page.text_in(MARGIN, BODY_W, y, 10.0, false, Align::Center, &line);
        }
    }
    y += 6.0 * MM;
    for section in &doc.sections {
        y = match section {
            Section::Figures { heading, rows } => figures(&mut pdf, y, heading, rows)?,
            Section::Bars { heading, bars } => bars_chart(&mut pdf, y, heading, bars)?,
            Section::Text { heading, text } => paragraph(&mut pdf, y, heading, text),
        } + 5.0 * MM;
    }
    number_pages(&mut pdf, doc.footer.as_deref());
    pdf.finish()
}

fn current(pdf: &mut Pdf) -> &mut Canvas {
    pdf.last(A4_SHORT, A4_LONG)
}

/// Ensure `h` points fit below `y`, else start a page; returns the y to draw at.
fn room(pdf: &mut Pdf, y: f32, h: f32) -> f32 {
    if y + h > BOTTOM {
        pdf.add_page(A4_SHORT, A4_LONG);
        TOP
    } else {
        y
    }
}

/// The heading of a section, kept together with at least `first` points of its content.
fn heading(pdf: &mut Pdf, y: f32, text: &str, first: f32) -> f32 {
    let lines = current(pdf).wrap(text, 11.5, true, BODY_W);
    let h = lines.len() as f32 * 15.0 + 4.0;
    let mut y = room(pdf, y, h + first);
    let c = current(pdf);
    for line in lines {
        y += 15.0;
        c.text(MARGIN, y, 11.5, true, &line);
    }
    y + 5.0
}

fn figures(pdf: &mut Pdf, y: f32, title: &str, rows: &[(String, String)]) -> Result<f32, PdfError> {
    let columns = [
        Column::new("Uraian", 3.0, Align::Left),
        Column::new("Nilai", 1.6, Align::Right),
    ];
    let grid = Grid::new(pdf.fonts, MARGIN, BODY_W, &columns, 10.0)?;
    let measured = rows
        .iter()
        .enumerate()
        .map(|(i, (l, v))| grid.body(&[l.clone(), v.clone()], i))
        .collect::<Result<Vec<_>, _>>()?;
    let mut y = heading(pdf, y, title, measured.first().map_or(0.0, |r| r.height));
    for row in &measured {
        y = room(pdf, y, row.height);
        y = grid.draw(current(pdf), y, row);
    }
    Ok(y)
}

fn bars_chart(pdf: &mut Pdf, y: f32, title: &str, bars: &[Bar]) -> Result<f32, PdfError> {
    if bars.iter().any(|b| !b.value.is_finite() || b.value < 0.0) {
        return Err(PdfError::Invalid(format!(
            "nilai grafik \"{title}\" harus angka tidak negatif"
        )));
    }
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let label_w = 55.0 * MM;
    let value_w = 28.0 * MM;
    let bar_x = MARGIN + label_w + 3.0 * MM;
    let bar_max = BODY_W - label_w - value_w - 6.0 * MM;
    let mut y = heading(pdf, y, title, BAR_H + BAR_GAP);
    for bar in bars {
        let lines = current(pdf).wrap(&bar.label, 9.0, false, label_w);
        let h = (lines.len() as f32 * 11.0).max(BAR_H) + BAR_GAP;
        y = room(pdf, y, h);
        let c = current(pdf);
        let mut ly = y;
        for line in &lines {
            ly += 11.0;
            c.text_in(MARGIN, label_w, ly - 2.5, 9.0, false, Align::Right, line);
        }
        let len = if max > 0.0 {
            (bar.value / max) as f32 * bar_max
        } else {
            0.0
        };
        c.fill_rects(&[(bar_x, y + 1.0, bar_max, BAR_H - 2.0)], TRACK_COLOR);
        if len > 0.0 {
            c.fill_rects(&[(bar_x, y + 1.0, len, BAR_H - 2.0)], BAR_COLOR);
        }
        c.text(
            bar_x + bar_max + 3.0 * MM,
            y + BAR_H - 2.5,
            9.0,
            true,
            &bar.text,
        );
        y += h;
    }
    if bars.is_empty() {
        y = room(pdf, y, 14.0);
        current(pdf).text(MARGIN, y + 11.0, 9.0, false, "Tidak ada data.");
        y += 14.0;
    }
    Ok(y)
}

fn paragraph(pdf: &mut Pdf, y: f32, title: &str, text: &str) -> f32 {
    let mut y = heading(pdf, y, title, 14.0);
    let lines = current(pdf).wrap(text, 10.0, false, BODY_W);
    for line in lines {
        y = room(pdf, y, 14.0);
        y += 14.0;
        current(pdf).text(MARGIN, y - 3.0, 10.0, false, &line);
    }
    y
}
