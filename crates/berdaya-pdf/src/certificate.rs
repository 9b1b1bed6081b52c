//! Training certificate, A4 landscape.

use crate::canvas::Rgb;
use krilla::image::Image;

use crate::PdfError;
use crate::canvas::{A4_LONG, A4_SHORT, BLACK, Canvas, MM, Pdf};
use crate::kop::{draw_signature_block, fit, load_image, signature_height};
use crate::model::{Align, CertificateDoc, ImageBytes};
use crate::qr::{draw_qr, qr_matrix};
use crate::words::date_range;

const FRAME: Rgb = Rgb(0x1f, 0x3a, 0x5f);

/// Decoded logos of a batch, so that the same logo is read once.
#[derive(Default)]
pub(crate) struct LogoCache {
    entries: Vec<(ImageBytes, Image)>,
}

impl LogoCache {
    fn get(&mut self, bytes: &ImageBytes) -> Result<Image, PdfError> {
        if let Some((_, image)) = self
            .entries
            .iter()
            .find(|(b, _)| std::sync::Arc::ptr_eq(b, bytes) || b[..] == bytes[..])
        {
            return Ok(image.clone());
        }
        let image = load_image(bytes)?;
        self.entries.push((bytes.clone(), image.clone()));
        Ok(image)
    }
}

fn check(doc: &CertificateDoc) -> Result<(), PdfError> {
    let missing = |what: &str| Err(PdfError::Invalid(format!("{what} kosong")));
    if doc.participant_name.trim().is_empty() {
        return missing("nama peserta");
    }
    if doc.number.trim().is_empty() {
        return missing("nomor sertifikat");
    }
    if doc.training_title.trim().is_empty() {
        return missing("judul pelatihan");
    }
    if doc.verify_url.trim().is_empty() {
        return missing("alamat verifikasi");
    }
    if doc.end_date < doc.start_date {
        return Err(PdfError::Invalid(
            "tanggal selesai sebelum tanggal mulai".into(),
        ));
    }
    Ok(())
}

pub(crate) fn render_one(doc: &CertificateDoc, cache: &mut LogoCache) -> Result<Vec<u8>, PdfError> {
    check(doc)?;
    let logo = doc.kop.logo.as_ref().map(|b| cache.get(b)).transpose()?;
    let qr = qr_matrix(&doc.verify_url)?;
    let mut pdf = Pdf::new()?;
    pdf.page(A4_LONG, A4_SHORT, |c| {
        let (w, h) = (c.width, c.height);
        // Frame: a thick and a thin line.
        c.set_color(FRAME);
        let outer = 9.0 * MM;
        c.fill_rects(
            &[
                (outer, outer, w - 2.0 * outer, 3.0),
                (outer, h - outer - 3.0, w - 2.0 * outer, 3.0),
                (outer, outer, 3.0, h - 2.0 * outer),
                (w - outer - 3.0, outer, 3.0, h - 2.0 * outer),
            ],
            FRAME,
        );
        let inner = outer + 2.2 * MM;
        c.set_color(FRAME);
        c.rect(inner, inner, w - 2.0 * inner, h - 2.0 * inner, 0.8);
        c.set_color(BLACK);

        let side = 25.0 * MM;
        let mut y = 17.0 * MM;
        if let Some(image) = &logo {
            let (lw, lh) = fit(image, 24.0 * MM, 22.0 * MM);
            c.image(image, (w - lw) / 2.0, y, lw, lh);
            y += lh + 1.0 * MM;
        }
        for line in &doc.kop.lines {
            y = centred(c, y, 14.0, 12.0, true, line);
        }
        y += 22.0;
        c.set_color(FRAME);
        y = centred(c, y, 40.0, 36.0, true, "SERTIFIKAT");
        c.set_color(BLACK);
        y = centred(
            c,
            y + 4.0,
            14.0,
            11.0,
            false,
            &format!("Nomor: {}", doc.number),
        );
        y = centred(c, y + 14.0, 16.0, 12.0, false, "diberikan kepada:");
        y = centred(c, y + 8.0, 30.0, 26.0, true, &doc.participant_name);
        let rule = 130.0 * MM;
        c.line((w - rule) / 2.0, y + 6.0, (w + rule) / 2.0, y + 6.0, 0.6);
        y += 6.0;
        if let Some(detail) = &doc.participant_detail {
            y = centred(c, y, 16.0, 11.0, false, detail);
        }
        y = centred(c, y + 12.0, 16.0, 12.0, false, "telah mengikuti");
        y = centred(c, y + 4.0, 24.0, 18.0, true, &doc.training_title);
        if let Some(competency) = &doc.competency {
            y = centred(
                c,
                y + 2.0,
                16.0,
                12.0,
                false,
                &format!("Kompetensi: {competency}"),
            );
        }
        let held = format!(
            "pada tanggal {} bertempat di {}.",
            date_range(doc.start_date, doc.end_date),
            doc.venue
        );
        y = centred(c, y, 16.0, 12.0, false, &held);

        // Bottom row: QR on the left, signature on the right, both ending above the frame.
        let bottom = h - 15.5 * MM;
        let sig_w = 95.0 * MM;
        let sig_x = w - side - sig_w + 5.0 * MM;
        let sig_top = (bottom - signature_height(&doc.signature.signatory)).max(y);
        draw_signature_block(c, sig_x, sig_w, sig_top, &doc.signature, 11.0);

        let qr_size = 27.0 * MM;
        let url_lines = c.wrap(&doc.verify_url, 7.0, false, 70.0 * MM);
        let qr_y = bottom - qr_size - 9.0 * url_lines.len() as f32 - 8.0;
        let qr_x = 25.0 * MM;
        draw_qr(c, &qr, qr_x, qr_y, qr_size);
        let mut uy = qr_y + qr_size + 9.0;
        c.text(qr_x, uy, 7.0, false, "Pindai untuk memeriksa keaslian:");
        for part in url_lines {
            uy += 8.5;
            c.text(qr_x, uy, 7.0, false, &part);
        }
        Ok(())
    })?;
    pdf.finish()
}

/// Wrap `text` over the certificate's text width and centre each line; `lh` is the line
/// height (the baseline sits at the bottom of each line box). Returns the y below.
fn centred(c: &mut Canvas, y: f32, lh: f32, size: f32, bold: bool, text: &str) -> f32 {
    let side = 25.0 * MM;
    let text_w = c.width - 2.0 * side;
    let mut y = y;
    for part in c.wrap(text, size, bold, text_w) {
        y += lh;
        c.text_in(
            side,
            text_w,
            y - lh * 0.22,
            size,
            bold,
            Align::Center,
            &part,
        );
    }
    y
}
