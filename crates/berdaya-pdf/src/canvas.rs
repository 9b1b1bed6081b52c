//! A thin drawing layer over krilla: text in points from the top-left corner (y is the
//! baseline), wrapping, lines, rectangles and images.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use crate::PdfError;
use crate::fonts::{Fonts, fonts};
use crate::model::{Align, Orientation};

/// A4 in points.
pub(crate) const A4_SHORT: f32 = 595.28;
pub(crate) const A4_LONG: f32 = 841.89;
/// 1 mm in points.
pub(crate) const MM: f32 = 72.0 / 25.4;

/// An sRGB colour (usable in constants, unlike krilla's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);

/// Page width and height for an orientation.
pub(crate) fn a4(orientation: Orientation) -> (f32, f32) {
    match orientation {
        Orientation::Portrait => (A4_SHORT, A4_LONG),
        Orientation::Landscape => (A4_LONG, A4_SHORT),
    }
}

/// One recorded drawing operation. Pages are recorded first and written at the end, so
/// layout code can move between pages freely (e.g. to print `Halaman i dari n`).
enum Op {
    Color(Rgb),
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Stroke {
        path: Path,
        width: f32,
    },
    Fill(Path),
    Image {
        image: Image,
        x: f32,
        y: f32,
        size: Size,
    },
}

/// A PDF being built: recorded pages and the shared fonts.
pub(crate) struct Pdf {
    pages: Vec<Canvas>,
    pub fonts: &'static Fonts,
}

impl Pdf {
    pub fn new() -> Result<Pdf, PdfError> {
        Ok(Pdf {
            pages: Vec::new(),
            fonts: fonts()?,
        })
    }

    /// Add a page of `width` × `height` points and return it for drawing.
    pub fn add_page(&mut self, width: f32, height: f32) -> &mut Canvas {
        let index = self.pages.len();
        self.pages.push(Canvas {
            ops: Vec::new(),
            fonts: self.fonts,
            width,
            height,
        });
        &mut self.pages[index]
    }

    /// Add a page and draw it with `draw`.
    pub fn page<T>(
        &mut self,
        width: f32,
        height: f32,
        draw: impl FnOnce(&mut Canvas) -> Result<T, PdfError>,
    ) -> Result<T, PdfError> {
        draw(self.add_page(width, height))
    }

    /// The page added last (a new page if there is none yet).
    pub fn last(&mut self, width: f32, height: f32) -> &mut Canvas {
        if self.pages.is_empty() {
            return self.add_page(width, height);
        }
        let index = self.pages.len() - 1;
        &mut self.pages[index]
    }

    /// The pages recorded so far.
    pub fn pages_mut(&mut self) -> &mut [Canvas] {
        &mut self.pages
    }

    /// Write every page and return the PDF bytes.
    pub fn finish(self) -> Result<Vec<u8>, PdfError> {
        let mut doc = Document::new();
        for canvas in &self.pages {
            let settings = PageSettings::from_wh(canvas.width, canvas.height)
                .ok_or_else(|| PdfError::Render("ukuran halaman tidak sah".into()))?;
            let mut page = doc.start_page_with(settings);
            let mut surface = page.surface();
            canvas.replay(&mut surface);
            surface.finish();
            page.finish();
        }
        doc.finish().map_err(|e| match e {
            krilla::error::KrillaError::Image(..) => {
                PdfError::InvalidImage("isi berkas gambar rusak atau tidak didukung".into())
            }
            other => PdfError::Render(format!("{other:?}")),
        })
    }
}

fn fill_of(color: Rgb) -> Option<Fill> {
    Some(Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        ..Fill::default()
    })
}

/// Drawing on one page (recorded, written by [`Pdf::finish`]).
pub(crate) struct Canvas {
    ops: Vec<Op>,
    pub fonts: &'static Fonts,
    pub width: f32,
    pub height: f32,
}

impl Canvas {
    fn replay(&self, surface: &mut Surface) {
        let mut color = BLACK;
        surface.set_fill(fill_of(color));
        for op in &self.ops {
            match op {
                Op::Color(c) => color = *c,
                Op::Text {
                    x,
                    y,
                    size,
                    bold,
                    text,
                } => {
                    let face = self.fonts.face(*bold);
                    let glyphs = face.glyphs(text);
                    surface.set_fill(fill_of(color));
                    surface.draw_glyphs(
                        Point::from_xy(*x, *y),
                        &glyphs,
                        face.font.clone(),
                        text,
                        *size,
                        false,
                    );
                }
                Op::Stroke { path, width } => {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        width: *width,
                        paint: rgb::Color::new(color.0, color.1, color.2).into(),
                        ..Stroke::default()
                    }));
                    surface.draw_path(path);
                    surface.set_stroke(None);
                }
                Op::Fill(path) => {
                    surface.set_fill(fill_of(color));
                    surface.draw_path(path);
                }
                Op::Image { image, x, y, size } => {
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    surface.draw_image(image.clone(), *size);
                    surface.pop();
                }
            }
        }
    }

    /// Colour for the following text, lines and fills.
    pub fn set_color(&mut self, color: Rgb) {
        self.ops.push(Op::Color(color));
    }

    /// Width of `text` in points.
    pub fn width_of(&self, text: &str, size: f32, bold: bool) -> f32 {
        self.fonts.face(bold).width(text, size)
    }

    /// Draw `text` with its baseline starting at (`x`, `y`).
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        if !text.is_empty() {
            self.ops.push(Op::Text {
                x,
                y,
                size,
                bold,
                text: text.to_string(),
            });
        }
    }

    /// Draw `text` aligned inside the box from `x` to `x + w`.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        x: f32,
        w: f32,
        y: f32,
        size: f32,
        bold: bool,
        align: Align,
        text: &str,
    ) {
        let tw = self.width_of(text, size, bold);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text(x, y, size, bold, text);
    }

    /// Break `text` into lines no wider than `width` (explicit `\n` breaks too).
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        wrap(self.fonts, text, size, bold, width)
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        let mut pb = PathBuilder::new();
        pb.move_to(x1, y1);
        pb.line_to(x2, y2);
        if let Some(path) = pb.finish() {
            self.ops.push(Op::Stroke { path, width });
        }
    }

    /// Outline of a rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, line_width: f32) {
        let mut pb = PathBuilder::new();
        if let Some(r) = Rect::from_xywh(x, y, w, h) {
            pb.push_rect(r);
        }
        if let Some(path) = pb.finish() {
            self.ops.push(Op::Stroke {
                path,
                width: line_width,
            });
        }
    }

    /// Filled rectangles in one path (e.g. QR modules), in `color`; the colour is reset to
    /// black afterwards.
    pub fn fill_rects(&mut self, rects: &[(f32, f32, f32, f32)], color: Rgb) {
        let mut pb = PathBuilder::new();
        for &(x, y, w, h) in rects {
            if let Some(r) = Rect::from_xywh(x, y, w, h) {
                pb.push_rect(r);
            }
        }
        if let Some(path) = pb.finish() {
            self.ops.push(Op::Color(color));
            self.ops.push(Op::Fill(path));
            self.ops.push(Op::Color(BLACK));
        }
    }

    /// Draw `image` into the box (`x`, `y`, `w`, `h`).
    pub fn image(&mut self, image: &Image, x: f32, y: f32, w: f32, h: f32) {
        if let Some(size) = Size::from_wh(w, h) {
            self.ops.push(Op::Image {
                image: image.clone(),
                x,
                y,
                size,
            });
        }
    }
}

/// Word wrap with the embedded metrics; words wider than a line are cut by characters.
pub(crate) fn wrap(fonts: &Fonts, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let face = fonts.face(bold);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: cut it if it is still too wide.
            for c in word.chars() {
                line.push(c);
                if face.width(&line, size) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}
