//! Training certificate, A4 landscape.

use crate::canvas::Rgb;
use krilla::image::Image;

use crate::PdfError;
use crate::canvas::{A4_LONG, A4_SHORT, BLACK, MM, Pdf};
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
        c.rect(inner, inner, w - 2.0 * inner, h - 2.0 * inner, 0.8);

        let side = 25.0 * MM;
        let text_w = w - 2.0 * side;
        let mut y = 17.0 * MM;
        if let Some(image) = &logo {
            let (lw, lh) = fit(image, 24.0 * MM, 22.0 * MM);
            c.image(image, (w - lw) / 2.0, y, lw, lh);
            y += lh + 1.0 * MM;
        }
        for line in &doc.kop.lines {
            for part in c.wrap(line, 12.0, true, text_w) {
                y += 14.0;
                c.text_in(side, text_w, y, 12.0, true, Align::Center, &part);
            }
        }
        y += 32.0;
        c.set_color(FRAME);
        c.text_in(side, text_w, y, 34.0, true, Align::Center, "SERTIFIKAT");
        c.set_color(BLACK);
        y += 18.0;
        c.text_in(
            side,
            text_w,
            y,
            11.0,
            false,
            Align::Center,
            &format!("Nomor: {}", doc.number),
        );
        y += 24.0;
        c.text_in(
            side,
            text_w,
            y,
            12.0,
            false,
            Align::Center,
            "diberikan kepada:",
        );
        y += 30.0;
        for part in c.wrap(&doc.participant_name, 24.0, true, text_w) {
            c.text_in(side, text_w, y, 24.0, true, Align::Center, &part);
            y += 28.0;
        }
        let rule = 120.0 * MM;
        c.line((w - rule) / 2.0, y - 20.0, (w + rule) / 2.0, y - 20.0, 0.6);
        if let Some(detail) = &doc.participant_detail {
            c.text_in(side, text_w, y - 4.0, 12.0, false, Align::Center, detail);
            y += 14.0;
        }
        y += 6.0;
        c.text_in(
            side,
            text_w,
            y,
            12.0,
            false,
            Align::Center,
            "telah mengikuti",
        );
        y += 22.0;
        for part in c.wrap(&doc.training_title, 17.0, true, text_w) {
            c.text_in(side, text_w, y, 17.0, true, Align::Center, &part);
            y += 20.0;
        }
        if let Some(competency) = &doc.competency {
            c.text_in(
                side,
                text_w,
                y,
                12.0,
                false,
                Align::Center,
                &format!("Kompetensi: {competency}"),
            );
            y += 16.0;
        }
        let held = format!(
            "pada tanggal {} bertempat di {}.",
            date_range(doc.start_date, doc.end_date),
            doc.venue
        );
        for part in c.wrap(&held, 12.0, false, text_w) {
            c.text_in(side, text_w, y, 12.0, false, Align::Center, &part);
            y += 15.0;
        }

        // Bottom row: QR on the left, signature on the right, both ending above the frame.
        let bottom = h - 17.0 * MM;
        let sig_w = 95.0 * MM;
        let sig_x = w - side - sig_w + 5.0 * MM;
        let sig_top = (bottom - signature_height(&doc.signature.signatory)).max(y);
        draw_signature_block(c, sig_x, sig_w, sig_top, &doc.signature, 11.0);

        let qr_size = 27.0 * MM;
        let url_lines = c.wrap(&doc.verify_url, 7.0, false, 70.0 * MM);
        let qr_y = bottom - qr_size - 9.0 * url_lines.len() as f32 - 8.0;
        let qr_x = side;
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
