//! Ruled tables: columns of fixed widths, cells that wrap, rows measured before they are
//! drawn so that callers can paginate.

use crate::canvas::Rgb;

use crate::PdfError;
use crate::canvas::{Canvas, wrap};
use crate::fonts::Fonts;
use crate::model::{Align, Column};

const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 3.0;
const HEADER_FILL: Rgb = Rgb(0xe4, 0xe8, 0xee);
const TOTAL_FILL: Rgb = Rgb(0xf2, 0xf2, 0xf2);

/// How a row looks.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    Header,
    Body,
    Total,
}

/// A measured row, ready to draw.
pub(crate) struct Row {
    /// First column, number of columns spanned, wrapped lines, alignment.
    cells: Vec<(usize, usize, Vec<String>, Align)>,
    pub height: f32,
    kind: RowKind,
}

/// Column geometry of a table.
pub(crate) struct Grid {
    x: f32,
    widths: Vec<f32>,
    aligns: Vec<Align>,
    pub size: f32,
    fonts: &'static Fonts,
}

impl Grid {
    /// Columns in proportion to their `width` over `total_w` points starting at `x`.
    pub fn new(
        fonts: &'static Fonts,
        x: f32,
        total_w: f32,
        columns: &[Column],
        size: f32,
    ) -> Result<Grid, PdfError> {
        if columns.is_empty() {
            return Err(PdfError::Invalid("tabel tanpa kolom".into()));
        }
        if columns
            .iter()
            .any(|c| !c.width.is_finite() || c.width <= 0.0)
        {
            return Err(PdfError::Invalid("lebar kolom harus lebih dari nol".into()));
        }
        let sum: f32 = columns.iter().map(|c| c.width).sum();
        Ok(Grid {
            x,
            widths: columns.iter().map(|c| c.width / sum * total_w).collect(),
            aligns: columns.iter().map(|c| c.align).collect(),
            size,
            fonts,
        })
    }

    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    fn line_height(&self) -> f32 {
        self.size * 1.25
    }

    /// The header row: bold, centred.
    pub fn header(&self, columns: &[Column]) -> Row {
        let cells = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (i, 1, c.header.clone(), Align::Center))
            .collect();
        self.measure(cells, RowKind::Header)
    }

    /// A body row with one text per column.
    pub fn body(&self, texts: &[String], index: usize) -> Result<Row, PdfError> {
        if texts.len() != self.columns() {
            return Err(PdfError::Invalid(format!(
                "baris ke-{} berisi {} sel, padahal tabel memiliki {} kolom",
                index + 1,
                texts.len(),
                self.columns()
            )));
        }
        let cells = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i, 1, t.clone(), self.aligns[i]))
            .collect();
        Ok(self.measure(cells, RowKind::Body))
    }

    /// A totals row: `label` over the first `span` columns, then one text per other column.
    pub fn total(&self, label: &str, span: usize, rest: &[String]) -> Result<Row, PdfError> {
        if span == 0 || span + rest.len() != self.columns() {
            return Err(PdfError::Invalid(format!(
                "baris jumlah harus mengisi {} kolom (label {} kolom + {} sel)",
                self.columns(),
                span,
                rest.len()
            )));
        }
        let mut cells = vec![(0, span, label.to_string(), Align::Center)];
        cells.extend(
            rest.iter()
                .enumerate()
                .map(|(i, t)| (span + i, 1, t.clone(), self.aligns[span + i])),
        );
        Ok(self.measure(cells, RowKind::Total))
    }

    fn span_width(&self, first: usize, span: usize) -> f32 {
        self.widths[first..first + span].iter().sum()
    }

    fn measure(&self, cells: Vec<(usize, usize, String, Align)>, kind: RowKind) -> Row {
        let bold = kind != RowKind::Body;
        let cells: Vec<_> = cells
            .into_iter()
            .map(|(first, span, text, align)| {
                let inner = self.span_width(first, span) - 2.0 * PAD_X;
                (
                    first,
                    span,
                    wrap(self.fonts, &text, self.size, bold, inner),
                    align,
                )
            })
            .collect();
        let lines = cells.iter().map(|c| c.2.len()).max().unwrap_or(1).max(1);
        Row {
            cells,
            height: lines as f32 * self.line_height() + 2.0 * PAD_Y,
            kind,
        }
    }

    /// Draw `row` with its top at `y`; returns the y below it.
    pub fn draw(&self, c: &mut Canvas, y: f32, row: &Row) -> f32 {
        let bold = row.kind != RowKind::Body;
        let fill = match row.kind {
            RowKind::Header => Some(HEADER_FILL),
            RowKind::Total => Some(TOTAL_FILL),
            RowKind::Body => None,
        };
        let total_w: f32 = self.widths.iter().sum();
        if let Some(color) = fill {
            c.fill_rects(&[(self.x, y, total_w, row.height)], color);
        }
        for (first, span, lines, align) in &row.cells {
            let x = self.x + self.span_width(0, *first);
            let w = self.span_width(*first, *span);
            c.rect(x, y, w, row.height, 0.5);
            // Header cells are centred vertically, others start at the top.
            let used = lines.len() as f32 * self.line_height();
            let mut ty = y
                + PAD_Y
                + if row.kind == RowKind::Header {
                    (row.height - 2.0 * PAD_Y - used) / 2.0
                } else {
                    0.0
                };
            for line in lines {
                ty += self.line_height();
                c.text_in(
                    x + PAD_X,
                    w - 2.0 * PAD_X,
                    ty - self.size * 0.3,
                    self.size,
                    bold,
                    *align,
                    line,
                );
            }
        }
        y + row.height
    }
}
