//! Berita Acara Serah Terima (handover receipt), A4 portrait, one recipient per page
//! (a long item list continues on the next page with the table header repeated).

use berdaya_core::Rupiah;
use krilla::image::Image;

use crate::PdfError;
use crate::canvas::{A4_LONG, A4_SHORT, Canvas, MM, Pdf};
use crate::kop::{KopBox, draw_kop, draw_signatory, load_image};
use crate::list::number_range;
use crate::model::{Align, BastDoc, Column, Party};
use crate::table::Grid;
use crate::words::date_in_words;

const MARGIN: f32 = 20.0 * MM;
const TOP: f32 = 12.0 * MM;
const SIZE: f32 = 10.5;
const LH: f32 = SIZE * 1.45;
const BOTTOM: f32 = A4_LONG - 16.0 * MM;

const STATEMENT: &str = "Barang tersebut telah diterima oleh PIHAK KEDUA dalam keadaan baik, \
lengkap dan berfungsi. Sejak berita acara ini ditandatangani, tanggung jawab atas pemeliharaan \
dan pemanfaatan barang beralih kepada PIHAK KEDUA, dan barang tidak boleh dipindahtangankan \
sesuai ketentuan program. Demikian berita acara ini dibuat dalam rangkap 2 (dua) untuk \
dipergunakan sebagaimana mestinya.";

pub(crate) fn render(docs: &[BastDoc]) -> Result<Vec<u8>, PdfError> {
    if docs.is_empty() {
        return Err(PdfError::Invalid(
            "tidak ada berita acara untuk dicetak".into(),
        ));
    }
    let mut pdf = Pdf::new()?;
    let mut logos: Vec<(&[u8], Image)> = Vec::new();
    for doc in docs {
        check(doc)?;
        let logo = match doc.kop.logo.as_deref() {
            None => None,
            Some(bytes) => match logos.iter().find(|(b, _)| *b == bytes) {
                Some((_, image)) => Some(image.clone()),
                None => {
                    let image = load_image(bytes)?;
                    logos.push((bytes, image.clone()));
                    Some(image)
                }
            },
        };
        let first_page = pdf.pages_mut().len();
        one(&mut pdf, doc, logo.as_ref())?;
        // Each receipt is its own document: number its pages only when it has several.
        let end = pdf.pages_mut().len();
        if end - first_page > 1 {
            number_range(&mut pdf, first_page..end, Some(&doc.number));
        }
    }
    pdf.finish()
}

fn check(doc: &BastDoc) -> Result<(), PdfError> {
    if doc.items.is_empty() {
        return Err(PdfError::Invalid(format!(
            "berita acara {} tidak memiliki barang",
            doc.number
        )));
    }
    if doc.second_party.name.trim().is_empty() || doc.first_party.name.trim().is_empty() {
        return Err(PdfError::Invalid(format!(
            "nama pihak pertama dan pihak kedua pada berita acara {} wajib diisi",
            doc.number
        )));
    }
    Ok(())
}

/// Text lines wrapped to the body width; starts a new page when the page is full.
struct Flow<'p> {
    pdf: &'p mut Pdf,
    y: f32,
}

impl Flow<'_> {
    fn canvas(&mut self) -> &mut Canvas {
        self.pdf.last(A4_SHORT, A4_LONG)
    }

    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.pdf.add_page(A4_SHORT, A4_LONG);
            self.y = TOP;
        }
    }

    fn paragraph(&mut self, text: &str, x: f32, w: f32) {
        let lines = self.canvas().wrap(text, SIZE, false, w);
        for line in lines {
            self.room(LH);
            self.y += LH;
            let y = self.y;
            self.canvas().text(x, y, SIZE, false, &line);
        }
    }

    /// `label : value` with the colons aligned.
    fn field(&mut self, label: &str, value: &str) {
        let x = MARGIN + 8.0 * MM;
        let colon = x + 32.0 * MM;
        let w = A4_SHORT - MARGIN - colon - 4.0 * MM;
        let lines = self.canvas().wrap(value, SIZE, false, w);
        for (i, line) in lines.iter().enumerate() {
            self.room(LH);
            self.y += LH;
            let y = self.y;
            let c = self.canvas();
            if i == 0 {
                c.text(x, y, SIZE, false, label);
                c.text(colon, y, SIZE, false, ":");
            }
            c.text(colon + 3.0 * MM, y, SIZE, false, line);
        }
    }

    fn party(&mut self, p: &Party, called: &str) {
        self.field("Nama", &p.name);
        if let Some(id) = &p.id_number {
            self.field(&p.id_label, id);
        }
        self.field("Jabatan", &p.position);
        if let Some(address) = &p.address {
            self.field("Alamat", address);
        }
        self.y += 2.0;
        self.paragraph(
            &format!("Selanjutnya disebut {called}."),
            MARGIN,
            A4_SHORT - 2.0 * MARGIN,
        );
        self.y += 4.0;
    }
}

fn one(pdf: &mut Pdf, doc: &BastDoc, logo: Option<&Image>) -> Result<(), PdfError> {
    let body_w = A4_SHORT - 2.0 * MARGIN;
    let page = pdf.add_page(A4_SHORT, A4_LONG);
    let mut y = draw_kop(
        page,
        &doc.kop,
        logo,
        &KopBox {
            margin: MARGIN,
            top: TOP,
            letterhead: true,
        },
    );
    let title = "BERITA ACARA SERAH TERIMA BARANG";
    y += 14.0;
    page.text_in(MARGIN, body_w, y, 12.0, true, Align::Center, title);
    let tw = page.width_of(title, 12.0, true);
    page.line(
        (A4_SHORT - tw) / 2.0,
        y + 2.0,
        (A4_SHORT + tw) / 2.0,
        y + 2.0,
        0.8,
    );
    y += 14.0;
    page.text_in(
        MARGIN,
        body_w,
        y,
        SIZE,
        false,
        Align::Center,
        &format!("Nomor: {}", doc.number),
    );
    y += 8.0;

    let mut flow = Flow { pdf, y };
    flow.paragraph(
        &format!(
            "{}, bertempat di {}, kami yang bertanda tangan di bawah ini:",
            date_in_words(doc.date),
            doc.place
        ),
        MARGIN,
        body_w,
    );
    flow.y += 4.0;
    flow.party(&doc.first_party, "PIHAK PERTAMA");
    flow.party(&doc.second_party, "PIHAK KEDUA");
    flow.paragraph(
        &format!(
            "PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA, dan PIHAK KEDUA menerima dari PIHAK \
             PERTAMA, barang {} dengan rincian sebagai berikut:",
            doc.program
        ),
        MARGIN,
        body_w,
    );
    flow.y += 6.0;
    items_table(&mut flow, doc, body_w)?;
    flow.y += 4.0;
    flow.paragraph(
        doc.statement.as_deref().unwrap_or(STATEMENT),
        MARGIN,
        body_w,
    );
    flow.y += 6.0;
    signatures(&mut flow, doc);
    Ok(())
}

fn items_table(flow: &mut Flow, doc: &BastDoc, body_w: f32) -> Result<(), PdfError> {
    let columns = [
        Column::new("No", 0.6, Align::Center),
        Column::new("Nama Barang", 4.4, Align::Left),
        Column::new("Jumlah", 1.1, Align::Right),
        Column::new("Satuan", 1.2, Align::Center),
        Column::new("Nilai (Rp)", 2.0, Align::Right),
    ];
    let grid = Grid::new(flow.pdf.fonts, MARGIN, body_w, &columns, 9.5)?;
    let header = grid.header(&columns);
    let total = Rupiah::checked_sum(doc.items.iter().map(|i| i.value))
        .ok_or_else(|| PdfError::Invalid("jumlah nilai barang terlalu besar".into()))?;
    let mut rows = Vec::new();
    for (i, item) in doc.items.iter().enumerate() {
        let cells = [
            (i + 1).to_string(),
            item.name.clone(),
            Rupiah::new(i64::try_from(item.quantity).unwrap_or(i64::MAX)).format_number(),
            item.unit.clone(),
            item.value.format_number(),
        ];
        rows.push(grid.body(&cells, i)?);
    }
    let total_row = grid.total("JUMLAH", 4, &[total.format_number()])?;
    flow.room(header.height + rows.first().map_or(0.0, |r| r.height));
    let y = flow.y;
    flow.y = grid.draw(flow.canvas(), y, &header);
    for row in rows.iter().chain(std::iter::once(&total_row)) {
        if flow.y + row.height > BOTTOM {
            flow.room(BOTTOM);
            let y = flow.y;
            flow.y = grid.draw(flow.canvas(), y, &header);
        }
        let y = flow.y;
        flow.y = grid.draw(flow.canvas(), y, row);
    }
    Ok(())
}

fn signatures(flow: &mut Flow, doc: &BastDoc) {
    flow.room(62.0 * MM);
    let col_w = 75.0 * MM;
    let left = MARGIN;
    let right = A4_SHORT - MARGIN - col_w;
    let y = flow.y;
    let c = flow.canvas();
    let date = format!(
        "{}, {}",
        doc.place,
        berdaya_core::tanggal::fmt_panjang(doc.date)
    );
    c.text_in(right, col_w, y + LH, SIZE, false, Align::Center, &date);
    let y = y + LH;
    let second = crate::model::Signatory {
        title: "PIHAK KEDUA\nPenerima".into(),
        name: doc.second_party.name.clone(),
        nip: None,
        rank: None,
    };
    let first = crate::model::Signatory {
        title: format!("PIHAK PERTAMA\n{}", doc.first_party.position),
        name: doc.first_party.name.clone(),
        nip: doc
            .first_party
            .id_number
            .clone()
            .filter(|_| doc.first_party.id_label == "NIP"),
        rank: None,
    };
    let end_left = draw_signatory(c, left, col_w, y, &[], &second, SIZE);
    let end_right = draw_signatory(c, right, col_w, y, &[], &first, SIZE);
    if doc.materai {
        let lines = 2.0;
        let box_y = y + lines * SIZE * 1.35 + 3.0 * MM;
        let bx = left + 4.0 * MM;
        c.rect(bx, box_y, 18.0 * MM, 14.0 * MM, 0.5);
        c.text_in(
            bx,
            18.0 * MM,
            box_y + 6.0 * MM,
            7.0,
            false,
            Align::Center,
            "Meterai",
        );
        c.text_in(
            bx,
            18.0 * MM,
            box_y + 9.5 * MM,
            7.0,
            false,
            Align::Center,
            "10.000",
        );
    }
    flow.y = end_left.max(end_right);
}
