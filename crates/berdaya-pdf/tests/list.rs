//! Official lists: kop, repeated table header, wrapping, totals, page numbers, signature.

use berdaya_pdf::{Align, Column, Orientation, PdfError, TotalsRow, list};
use crate::common::*;

fn media_box(pdf: &[u8]) -> (f32, f32) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let media = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let v: Vec<f32> = media.iter().map(|o| o.as_float().unwrap()).collect();
    (v[2] - v[0], v[3] - v[1])
}

#[test]
fn long_list_repeats_header_numbers_pages_and_ends_with_totals_and_signature() {
    let doc = list_doc(60, Some(logo()), Orientation::Landscape);
    let pdf = list(&doc).unwrap();
    let pages: Vec<String> = page_texts(&pdf).iter().map(|t| squash(t)).collect();
    let n = pages.len();
    assert!(
        n >= 3,
        "60 rows on A4 landscape need several pages, got {n}"
    );
    for (i, page) in pages.iter().enumerate() {
        for header in [
            "No",
            "Nama",
            "NIK",
            "NamaUsaha/Alamat",
            "Kecamatan",
            "NilaiBantuan(Rp)",
        ] {
            assert!(
                page.contains(header),
                "page {} lacks header {header}",
                i + 1
            );
        }
        assert!(
            page.contains(&squash(&format!("Halaman {} dari {n}", i + 1))),
            "page {}: {page}",
            i + 1
        );
    }
    // Kop and title only on the first page.
    assert!(pages[0].contains(&squash("DINAS KOPERASI, USAHA KECIL DAN MENENGAH")));
    assert!(pages[0].contains(&squash(
        "Lampiran Keputusan Kepala Dinas Nomor 500.2/127/DKUKM/2024"
    )));
    assert!(!pages[1].contains(&squash("PEMERINTAH KOTA BONTANG")));
    // Every row is printed once, in order: the first cell of row k is "k".
    let all: String = pages.concat();
    let mut from = 0;
    for k in 1..=60 {
        let needle = format!("{k}{}", squash(NAMES[(k - 1) % NAMES.len()]));
        let at = all[from..]
            .find(&needle)
            .unwrap_or_else(|| panic!("row {k} missing or out of order"));
        from += at + needle.len();
    }
    // Totals and signature on the last page.
    let last = &pages[n - 1];
    assert!(
        last.contains("JUMLAH") && last.contains("144.000.000"),
        "{last}"
    );
    assert!(last.contains(&squash("Bontang, 26 Agustus 2024")));
    assert!(last.contains(&squash("NIP. 19700512 199503 2 004")));
    // The signature is not left alone: table rows come with it.
    assert!(last.contains(&squash("2.400.000")));
    assert_eq!(images(&pdf), vec![(160, 180)], "logo once, reused");
    assert_eq!(media_box(&pdf), (841.89, 595.28));
}

#[test]
fn long_cell_text_wraps_without_losing_words() {
    let pdf = list(&list_doc(6, None, Orientation::Portrait)).unwrap();
    let text = squash(&page_texts(&pdf).concat());
    assert!(
        text.contains(&squash(
            "menjual nasi kuning, soto Banjar dan aneka kue basah"
        )),
        "{text}"
    );
    assert!(text.contains(&squash("Kelurahan Api-Api")));
    let (w, h) = media_box(&pdf);
    assert!((w - 595.28).abs() < 0.1 && (h - 841.89).abs() < 0.1);
}

#[test]
fn short_list_is_one_page_numbered_1_of_1() {
    let pdf = list(&list_doc(3, None, Orientation::Portrait)).unwrap();
    let pages = page_texts(&pdf);
    assert_eq!(pages.len(), 1);
    assert!(squash(&pages[0]).contains("Halaman1dari1"));
}

#[test]
fn empty_list_still_prints_header_and_signature() {
    let mut doc = list_doc(0, None, Orientation::Portrait);
    doc.totals = None;
    let text = squash(&page_texts(&list(&doc).unwrap()).concat());
    assert!(
        text.contains("NamaUsaha/Alamat") && text.contains(&squash("Bontang, 26 Agustus 2024"))
    );
}

#[test]
fn inconsistent_tables_are_refused_with_a_reason() {
    let mut doc = list_doc(3, None, Orientation::Portrait);
    doc.rows[1].pop();
    let err = list(&doc).unwrap_err();
    assert!(
        matches!(&err, PdfError::Invalid(m) if m.contains("baris ke-2")),
        "{err}"
    );

    let mut doc = list_doc(3, None, Orientation::Portrait);
    doc.totals = Some(TotalsRow {
        label: "JUMLAH".into(),
        label_span: 5,
        cells: vec![],
    });
    assert!(matches!(list(&doc), Err(PdfError::Invalid(_))));

    let mut doc = list_doc(3, None, Orientation::Portrait);
    doc.columns.push(Column::new("Ket.", 0.0, Align::Left));
    for r in &mut doc.rows {
        r.push(String::new());
    }
    assert!(matches!(list(&doc), Err(PdfError::Invalid(m)) if m.contains("lebar kolom")));

    let mut doc = list_doc(0, None, Orientation::Portrait);
    doc.columns.clear();
    doc.totals = None;
    assert!(matches!(list(&doc), Err(PdfError::Invalid(_))));
}

#[test]
fn attendance_list_with_many_columns_fits() {
    // An attendance list: 115 participants × 3 days, as the Bontang training had.
    let mut doc = list_doc(0, None, Orientation::Landscape);
    doc.title = "DAFTAR HADIR PESERTA PELATIHAN MANAJEMEN MUTU PRODUKSI".into();
    doc.columns = vec![
        Column::new("No", 0.5, Align::Center),
        Column::new("Nama Peserta", 3.0, Align::Left),
        Column::new("Nama Usaha", 3.0, Align::Left),
        Column::new("Senin, 27 Juli 2020", 1.5, Align::Center),
        Column::new("Selasa, 28 Juli 2020", 1.5, Align::Center),
        Column::new("Rabu, 29 Juli 2020", 1.5, Align::Center),
    ];
    doc.rows = (0..115)
        .map(|i| {
            vec![
                (i + 1).to_string(),
                NAMES[i % 8].into(),
                format!("Usaha {i}"),
                "Hadir".into(),
                "Hadir".into(),
                "".into(),
            ]
        })
        .collect();
    doc.totals = Some(TotalsRow {
        label: "Jumlah hadir".into(),
        label_span: 3,
        cells: vec!["115".into(), "115".into(), "0".into()],
    });
    let pages = page_texts(&list(&doc).unwrap());
    let n = pages.len();
    assert!(n >= 4);
    assert!(
        pages
            .iter()
            .all(|p| squash(p).contains(&squash("Selasa, 28 Juli 2020")))
    );
    assert!(squash(&pages[n - 1]).contains(&squash(&format!("Halaman {n} dari {n}"))));
    assert!(squash(&pages.concat()).contains("115AndiBesseTenriAjengWulandari"));
}

#[test]
fn empty_lines_in_a_cell_make_room_to_sign() {
    let mut doc = list_doc(0, None, Orientation::Portrait);
    doc.totals = None;
    doc.columns = vec![
        Column::new("No", 1.0, Align::Center),
        Column::new("Nama", 4.0, Align::Left),
        Column::new("Tanda Tangan", 3.0, Align::Left),
    ];
    doc.rows = (0..40)
        .map(|i| vec![(i + 1).to_string(), NAMES[i % 8].into(), "\n\n".into()])
        .collect();
    let tall = page_texts(&list(&doc).unwrap()).len();
    for r in &mut doc.rows {
        r[2] = String::new();
    }
    let short = page_texts(&list(&doc).unwrap()).len();
    assert!(
        tall > short,
        "rows with room to sign take more pages ({tall} vs {short})"
    );
}
