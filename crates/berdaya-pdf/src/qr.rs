//! QR codes drawn as vector squares (crisp at any zoom, tiny in the file).

use qrcode::{Color, EcLevel, QrCode};

use crate::PdfError;
use crate::canvas::{BLACK, Canvas};

/// A QR symbol as a square grid of dark (`true`) and light modules, without quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Modules per side.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }
}

/// The QR symbol the certificate prints for `text` (error correction level M).
pub fn qr_matrix(text: &str) -> Result<QrMatrix, PdfError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::Qr(format!("{e}")))?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(QrMatrix { width, dark })
}

/// Draw `m` with its top-left corner at (`x`, `y`), `size` points wide (quiet zone not
/// included: leave 4 modules of white around it).
pub(crate) fn draw_qr(c: &mut Canvas, m: &QrMatrix, x: f32, y: f32, size: f32) {
    let module = size / m.width as f32;
    let mut rects = Vec::new();
    for row in 0..m.width {
        // Merge horizontal runs of dark modules into one rectangle.
        let mut col = 0;
        while col < m.width {
            if m.is_dark(col, row) {
                let start = col;
                while col < m.width && m.is_dark(col, row) {
                    col += 1;
                }
                rects.push((
                    x + start as f32 * module,
                    y + row as f32 * module,
                    (col - start) as f32 * module,
                    // A hair taller so that rows do not show seams when rasterised.
                    module * 1.02,
                ));
            } else {
                col += 1;
            }
        }
    }
    c.fill_rects(&rects, BLACK);
}
