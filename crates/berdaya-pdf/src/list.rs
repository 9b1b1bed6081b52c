//! Official list with kop surat: a table over as many pages as needed, the header row
//! repeated on each page, a totals row, a signature block and `Halaman i dari n`.

use crate::PdfError;
use crate::canvas::{Canvas, MM, Pdf, a4};
use crate::kop::{KopBox, draw_kop, draw_signature_block, load_image, signature_height};
use crate::model::{Align, ListDoc};
use crate::table::{Grid, Row};

const MARGIN: f32 = 15.0 * MM;
const TOP: f32 = 12.0 * MM;
/// Space kept at the bottom for the page number.
const FOOTER: f32 = 14.0 * MM;
const TEXT: f32 = 9.0;
/// Space between the table and the signature block.
const SIGNATURE_GAP: f32 = 6.0 * MM;

/// Draw the footer on every page: `Halaman i dari n`.
pub(crate) fn page_footer(c: &mut Canvas, page: usize, pages: usize, left: Option<&str>) {
    let y = c.height - 8.0 * MM;
    let w = c.width;
    if let Some(text) = left {
        c.text(MARGIN, y, 8.0, false, text);
    }
    c.text_in(
        MARGIN,
        w - 2.0 * MARGIN,
        y,
        8.0,
        false,
        Align::Right,
        &format!("Halaman {page} dari {pages}"),
    );
}

pub(crate) fn render(doc: &ListDoc) -> Result<Vec<u8>, PdfError> {
    let (width, height) = a4(doc.orientation);
    let logo = doc.kop.logo.as_deref().map(load_image).transpose()?;
    let mut pdf = Pdf::new()?;
    let grid = Grid::new(pdf.fonts, MARGIN, width - 2.0 * MARGIN, &doc.columns, TEXT)?;
    let header = grid.header(&doc.columns);
    let rows: Vec<Row> = doc
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| grid.body(r, i))
        .collect::<Result<_, _>>()?;
    let total = doc
        .totals
        .as_ref()
        .map(|t| grid.total(&t.label, t.label_span, &t.cells))
        .transpose()?;
    let bottom = height - FOOTER;

    let first = pdf.add_page(width, height);
    let table_top = draw_heading(first, doc, logo.as_ref());

    // Plan the page breaks: `breaks` holds the index of the first item of each later page.
    let items: Vec<&Row> = rows.iter().chain(total.as_ref()).collect();
    let mut breaks: Vec<usize> = Vec::new();
    let mut y = table_top + header.height;
    for (i, row) in items.iter().enumerate() {
        let page_start = breaks.last().copied().unwrap_or(0);
        // A row taller than a whole page is drawn anyway rather than looping forever.
        if y + row.height > bottom && i > page_start {
            breaks.push(i);
            y = TOP + header.height;
        }
        y += row.height;
    }
    let mut signature_alone = false;
    if let Some(s) = &doc.signature {
        let needed = SIGNATURE_GAP + signature_height(&s.signatory);
        if y + needed > bottom {
            // Never leave the signature alone on a page: take the last rows with it.
            let page_start = breaks.last().copied().unwrap_or(0);
            let from = items.len().saturating_sub(3).max(page_start + 1);
            let moved: f32 = items[from.min(items.len())..]
                .iter()
                .map(|r| r.height)
                .sum();
            if from < items.len() && TOP + header.height + moved + needed <= bottom {
                breaks.push(from);
            } else {
                signature_alone = true;
            }
        }
    }

    let mut y = grid.draw(first, table_top, &header);
    for (i, row) in items.iter().enumerate() {
        if breaks.contains(&i) {
            let page = pdf.add_page(width, height);
            y = grid.draw(page, TOP, &header);
        }
        y = grid.draw(pdf.last(width, height), y, row);
    }
    if let Some(s) = &doc.signature {
        if signature_alone {
            pdf.add_page(width, height);
            y = TOP;
        }
        let w = 80.0 * MM;
        let c = pdf.last(width, height);
        draw_signature_block(
            c,
            c.width - MARGIN - w,
            w,
            y + SIGNATURE_GAP - 4.0 * MM,
            s,
            10.0,
        );
    }
    number_pages(&mut pdf, None);
    pdf.finish()
}

/// `Halaman i dari n` at the foot of every page, with an optional text on the left.
pub(crate) fn number_pages(pdf: &mut Pdf, left: Option<&str>) {
    let n = pdf.pages_mut().len();
    number_range(pdf, 0..n, left);
}

/// Number the pages in `range` as one document (`Halaman 1 dari 2` …).
pub(crate) fn number_range(pdf: &mut Pdf, range: std::ops::Range<usize>, left: Option<&str>) {
    let n = range.len();
    if let Some(pages) = pdf.pages_mut().get_mut(range) {
        for (i, c) in pages.iter_mut().enumerate() {
            page_footer(c, i + 1, n, left);
        }
    }
}

/// Kop, title and subtitles; returns the y where the table starts.
fn draw_heading(c: &mut Canvas, doc: &ListDoc, logo: Option<&krilla::image::Image>) -> f32 {
    let mut y = draw_kop(
        c,
        &doc.kop,
        logo,
        &KopBox {
            margin: MARGIN,
            top: TOP,
            letterhead: true,
        },
    );
    let text_w = c.width - 2.0 * MARGIN;
    for line in c.wrap(&doc.title, 12.0, true, text_w) {
        y += 14.0;
        c.text_in(MARGIN, text_w, y, 12.0, true, Align::Center, &line);
    }
    for sub in &doc.subtitles {
        for line in c.wrap(sub, 10.0, false, text_w) {
            y += 13.0;
            c.text_in(MARGIN, text_w, y, 10.0, false, Align::Center, &line);
        }
    }
    y + 4.0 * MM
}
