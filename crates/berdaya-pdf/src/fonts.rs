//! The embedded font family (Liberation Sans 2.1.5, SIL OFL 1.1; see `fonts/`), parsed once
//! per process. Text is mapped to glyphs with the font's cmap and advance widths (no
//! kerning or ligatures: plain Latin text needs neither); krilla embeds only the glyphs used.

use std::collections::HashMap;
use std::sync::LazyLock;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::PdfError;

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// One face: the krilla font plus a char → (glyph, advance in em) table.
pub(crate) struct Face {
    pub font: Font,
    glyphs: HashMap<char, (u32, f32)>,
    /// Glyph and advance used for characters the font lacks (`?`).
    missing: (u32, f32),
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Face, PdfError> {
        let bad = || PdfError::Font("font bawaan tidak dapat dibaca".into());
        let font = Font::new(data.into(), 0).ok_or_else(bad)?;
        let face = FontRef::new(data).map_err(|_| bad())?;
        let upem = f32::from(
            face.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        if upem <= 0.0 {
            return Err(bad());
        }
        let charmap = face.charmap();
        let metrics = face.glyph_metrics(Size::unscaled(), LocationRef::default());
        let mut glyphs = HashMap::new();
        for (cp, gid) in charmap.mappings() {
            if let Some(c) = char::from_u32(cp) {
                let advance = metrics.advance_width(gid).unwrap_or(0.0) / upem;
                glyphs.insert(c, (gid.to_u32(), advance));
            }
        }
        let missing = glyphs.get(&'?').copied().ok_or_else(bad)?;
        Ok(Face {
            font,
            glyphs,
            missing,
        })
    }

    fn glyph(&self, c: char) -> (u32, f32) {
        let c = match c {
            '\t' | '\n' | '\r' | '\u{a0}' => ' ',
            c => c,
        };
        self.glyphs.get(&c).copied().unwrap_or(self.missing)
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// Glyphs for `text` (advances in em, as krilla expects).
    pub fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(i, c)| {
                let (gid, advance) = self.glyph(c);
                KrillaGlyph::new(
                    GlyphId::new(gid),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }
}

/// Regular and bold faces.
pub(crate) struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

static FONTS: LazyLock<Result<Fonts, PdfError>> = LazyLock::new(|| {
    Ok(Fonts {
        regular: Face::load(REGULAR)?,
        bold: Face::load(BOLD)?,
    })
});

/// The parsed fonts, loaded on first use and shared by every document afterwards.
pub(crate) fn fonts() -> Result<&'static Fonts, PdfError> {
    FONTS.as_ref().map_err(Clone::clone)
}
