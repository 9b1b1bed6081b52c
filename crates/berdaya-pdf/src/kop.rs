//! The kop surat (letterhead) and the signature block, shared by every document.

use krilla::image::Image;

use crate::PdfError;
use crate::canvas::{Canvas, MM};
use crate::model::{Align, Kop, Signatory, SignatureBlock};

/// Decode image bytes as PNG or JPEG (by their signature). Anything else is an error.
pub(crate) fn load_image(bytes: &[u8]) -> Result<Image, PdfError> {
    let data: krilla::Data = bytes.to_vec().into();
    let image = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Image::from_png(data, true)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Image::from_jpeg(data, true)
    } else {
        return Err(PdfError::InvalidImage("berkas bukan PNG atau JPEG".into()));
    };
    let image = image.map_err(|e| PdfError::InvalidImage(format!("berkas rusak ({e})")))?;
    let (w, h) = image.size();
    if w == 0 || h == 0 {
        return Err(PdfError::InvalidImage("ukuran gambar nol".into()));
    }
    Ok(image)
}

/// Width and height of `image` scaled to fit inside `max_w` × `max_h`, keeping its ratio.
pub(crate) fn fit(image: &Image, max_w: f32, max_h: f32) -> (f32, f32) {
    let (w, h) = image.size();
    let (w, h) = (w as f32, h as f32);
    let scale = (max_w / w).min(max_h / h);
    (w * scale, h * scale)
}

/// Page geometry of a kop: left/right margin and top.
pub(crate) struct KopBox {
    pub margin: f32,
    pub top: f32,
    /// Whether to print the address line and the double rule.
    pub letterhead: bool,
}

/// Draw the kop; returns the y just below it (below the rule for a letterhead).
pub(crate) fn draw_kop(c: &mut Canvas, kop: &Kop, logo: Option<&Image>, b: &KopBox) -> f32 {
    let logo_h = 25.0 * MM;
    let logo_w = 25.0 * MM;
    let has_lines = !kop.lines.is_empty();
    if let Some(image) = logo {
        let (w, h) = fit(image, logo_w, logo_h);
        let x = if has_lines {
            b.margin + (logo_w - w) / 2.0
        } else {
            (c.width - w) / 2.0
        };
        c.image(image, x, b.top + (logo_h - h) / 2.0, w, h);
    }
    // Text is centred on the page but kept clear of the logo on both sides.
    let inset = if logo.is_some() {
        logo_w + 4.0 * MM
    } else {
        0.0
    };
    let text_x = b.margin + inset;
    let text_w = c.width - 2.0 * text_x;
    let mut sizes: Vec<(f32, bool)> = kop.lines.iter().map(|_| (13.0, true)).collect();
    if let Some(last) = sizes.last_mut() {
        *last = (16.0, true);
    }
    let mut lines: Vec<(String, f32, bool)> = Vec::new();
    for (line, (size, bold)) in kop.lines.iter().zip(sizes) {
        // Shrink a long agency name to fit one line before wrapping it.
        let mut size = size;
        while size > 11.0 && c.width_of(line, size, bold) > text_w {
            size -= 0.5;
        }
        for part in c.wrap(line, size, bold, text_w) {
            lines.push((part, size, bold));
        }
    }
    if b.letterhead
        && let Some(address) = &kop.address
    {
        for part in c.wrap(address, 9.0, false, text_w) {
            lines.push((part, 9.0, false));
        }
    }
    let text_h: f32 = lines.iter().map(|(_, s, _)| s * 1.2).sum();
    let block_h = if logo.is_some() {
        logo_h.max(text_h)
    } else {
        text_h
    };
    let mut y = b.top + (block_h - text_h) / 2.0;
    if logo.is_some() && !has_lines {
        y = b.top + logo_h + 2.0 * MM;
    }
    for (text, size, bold) in &lines {
        y += size * 1.2;
        c.text_in(
            text_x,
            text_w,
            y - size * 0.25,
            *size,
            *bold,
            Align::Center,
            text,
        );
    }
    let mut bottom = (b.top + block_h).max(y) + 2.0 * MM;
    if b.letterhead {
        c.line(b.margin, bottom, c.width - b.margin, bottom, 2.0);
        c.line(
            b.margin,
            bottom + 2.5,
            c.width - b.margin,
            bottom + 2.5,
            0.6,
        );
        bottom += 2.5 + 5.0 * MM;
    }
    bottom
}

/// Height a signature block needs (for page-break decisions).
pub(crate) fn signature_height(s: &Signatory) -> f32 {
    let title_lines = s.title.lines().count().max(1) as f32;
    let extra = s.nip.iter().count() + s.rank.iter().count();
    (2.0 + title_lines + extra as f32) * 14.0 + 22.0 * MM
}

/// Draw a signatory (title, space to sign, name underlined, rank, NIP) centred in the
/// column from `x` to `x + w`, starting with `first_lines` (e.g. place and date) at `y`.
/// Returns the y below it.
pub(crate) fn draw_signatory(
    c: &mut Canvas,
    x: f32,
    w: f32,
    y: f32,
    first_lines: &[String],
    s: &Signatory,
    size: f32,
) -> f32 {
    let lh = size * 1.35;
    let mut y = y;
    for line in first_lines
        .iter()
        .map(String::as_str)
        .chain(s.title.lines())
    {
        y += lh;
        c.text_in(x, w, y, size, false, Align::Center, line);
    }
    y += 20.0 * MM;
    c.text_in(x, w, y, size, true, Align::Center, &s.name);
    let nw = c.width_of(&s.name, size, true);
    c.line(
        x + (w - nw) / 2.0,
        y + 1.5,
        x + (w + nw) / 2.0,
        y + 1.5,
        0.7,
    );
    if let Some(rank) = &s.rank {
        y += lh;
        c.text_in(x, w, y, size, false, Align::Center, rank);
    }
    if let Some(nip) = &s.nip {
        y += lh;
        c.text_in(x, w, y, size, false, Align::Center, &format!("NIP. {nip}"));
    }
    y
}

/// The standard block on the right: `Bontang, 29 Juli 2020` then the signatory.
pub(crate) fn draw_signature_block(
    c: &mut Canvas,
    x: f32,
    w: f32,
    y: f32,
    b: &SignatureBlock,
    size: f32,
) -> f32 {
    let first = vec![format!(
        "{}, {}",
        b.place,
        berdaya_core::tanggal::fmt_panjang(b.date)
    )];
    draw_signatory(c, x, w, y, &first, &b.signatory, size)
}
