//! Training certificates: texts, logo, QR payload read back from the PDF, bulk rendering.

use berdaya_pdf::{PdfError, certificate, certificates, certificates_combined};
use crate::common::*;

#[test]
fn certificate_shows_participant_training_dates_and_signatory() {
    let doc = certificate_doc(2, Some(logo()));
    let pdf = certificate(&doc).unwrap();
    let pages = page_texts(&pdf);
    assert_eq!(pages.len(), 1);
    let text = squash(&pages[0]);
    for expected in [
        "PEMERINTAH KOTA BONTANG",
        "DINAS KOPERASI, USAHA KECIL DAN MENENGAH",
        "SERTIFIKAT",
        "Nomor: 003/SERT-PMMP/DKUKM/VII/2020",
        "diberikan kepada",
        "Andi Besse Tenri Ajeng Wulandari",
        "telah mengikuti",
        "Pelatihan Manajemen Mutu Produksi",
        "Kompetensi: Pengendalian Mutu Produk Pangan Olahan",
        "27–29 Juli 2020",
        "Hotel Bintang Sintuk, Bontang",
        "Bontang, 29 Juli 2020",
        "Dr. Ir. Hj. Sitti Rahmawati, M.Si.",
        "NIP. 19700512 199503 2 004",
        "https://berdaya.bontangkota.go.id/sertifikat/K7Q2-0003-XF9M",
    ] {
        assert!(
            text.contains(&squash(expected)),
            "missing {expected:?} in {text}"
        );
    }
    // The address belongs on letters, not on a certificate.
    assert!(!text.contains(&squash("Bessai Berinta")));
}

#[test]
fn certificate_is_a4_landscape() {
    let pdf = certificate(&certificate_doc(0, None)).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let media = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let wh: Vec<f32> = media.iter().map(|o| o.as_float().unwrap()).collect();
    assert!(
        (wh[2] - wh[0] - 841.89).abs() < 0.1 && (wh[3] - wh[1] - 595.28).abs() < 0.1,
        "{wh:?}"
    );
}

#[test]
fn qr_code_in_the_pdf_decodes_to_the_verification_url() {
    for i in [0, 7, 41] {
        let doc = certificate_doc(i, Some(logo()));
        let pdf = certificate(&doc).unwrap();
        assert_eq!(decode_qr_on_first_page(&pdf), doc.verify_url);
    }
}

#[test]
fn logo_is_embedded_as_an_image_and_only_when_given() {
    let with = certificate(&certificate_doc(0, Some(logo()))).unwrap();
    assert_eq!(images(&with), vec![(160, 180)]);
    let without = certificate(&certificate_doc(0, None)).unwrap();
    assert!(images(&without).is_empty());
}

#[test]
fn bulk_rendering_gives_one_pdf_per_participant_in_order() {
    let logo = logo();
    let docs: Vec<_> = (0..12)
        .map(|i| certificate_doc(i, Some(logo.clone())))
        .collect();
    let pdfs = certificates(&docs).unwrap();
    assert_eq!(pdfs.len(), 12);
    for (doc, pdf) in docs.iter().zip(&pdfs) {
        let text = squash(&page_texts(pdf)[0]);
        assert!(text.contains(&squash(&doc.participant_name)));
        assert!(text.contains(&squash(&doc.number)));
        assert_eq!(images(pdf).len(), 1);
    }
    // The same document rendered alone gives the same bytes as in the batch.
    assert_eq!(certificate(&docs[5]).unwrap(), pdfs[5]);
}

#[test]
fn fonts_are_subset_so_certificates_stay_small() {
    let pdf = certificate(&certificate_doc(0, None)).unwrap();
    // The two embedded TTFs are ~800 KB; a subset certificate is a few dozen KB.
    assert!(pdf.len() < 60_000, "{} bytes", pdf.len());
}

#[test]
fn missing_name_or_reversed_dates_are_refused() {
    let mut doc = certificate_doc(0, None);
    doc.participant_name = "  ".into();
    assert!(matches!(certificate(&doc), Err(PdfError::Invalid(m)) if m.contains("nama peserta")));
    let mut doc = certificate_doc(0, None);
    doc.end_date = date(2020, 7, 1);
    assert!(matches!(certificate(&doc), Err(PdfError::Invalid(_))));
    // One bad document stops the batch with an error, not a panic.
    let docs = vec![certificate_doc(0, None), doc];
    assert!(certificates(&docs).is_err());
}

#[test]
fn long_names_and_titles_wrap_inside_the_page() {
    let mut doc = certificate_doc(0, Some(logo()));
    doc.participant_name =
        "Raden Ajeng Siti Nurhaliza Kartika Dewi Purnamasari Wulandari Ningsih binti Haji Abdul"
            .into();
    doc.training_title =
        "Pelatihan Peningkatan Kapasitas Sumber Daya Manusia Koperasi dan Usaha Mikro dalam \
                          Pengelolaan Keuangan, Pemasaran Digital dan Sertifikasi Halal"
            .into();
    let pdf = certificate(&doc).unwrap();
    let text = squash(&page_texts(&pdf)[0]);
    assert!(text.contains(&squash("binti Haji Abdul")));
    assert!(text.contains(&squash("Sertifikasi Halal")));
    assert_eq!(decode_qr_on_first_page(&pdf), doc.verify_url);
}

#[test]
fn combined_batch_is_one_pdf_with_a_page_per_participant() {
    let logo = logo();
    let docs: Vec<_> = (0..9)
        .map(|i| certificate_doc(i, Some(logo.clone())))
        .collect();
    let pdf = certificates_combined(&docs).unwrap();
    let pages = page_texts(&pdf);
    assert_eq!(pages.len(), 9);
    for (page, doc) in pages.iter().zip(&docs) {
        assert!(squash(page).contains(&squash(&doc.participant_name)));
    }
    assert_eq!(
        images(&pdf).len(),
        1,
        "the logo is stored once for the whole batch"
    );
    assert!(matches!(
        certificates_combined(&[]),
        Err(PdfError::Invalid(_))
    ));
}

#[test]
fn pdf_title_names_the_certificate() {
    let pdf = certificate(&certificate_doc(0, None)).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .unwrap();
    let title = doc.get_dictionary(info).unwrap().get(b"Title").unwrap();
    let title = lopdf::decode_text_string(title).unwrap();
    assert_eq!(
        title,
        "Sertifikat 001/SERT-PMMP/DKUKM/VII/2020 – Siti Aminah"
    );
}

#[test]
fn a_jpeg_logo_is_embedded_as_is() {
    // 96×108 JPEG made with cjpeg from a generated picture (tests/fixtures/logo.jpg).
    let jpeg: &[u8] = include_bytes!("fixtures/logo.jpg");
    let doc = certificate_doc(0, Some(std::sync::Arc::from(jpeg)));
    let pdf = certificate(&doc).unwrap();
    assert_eq!(images(&pdf), vec![(96, 108)]);
    // JPEG data is passed through (DCTDecode), not re-encoded.
    let parsed = lopdf::Document::load_mem(&pdf).unwrap();
    let dct = parsed
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .any(|s| {
            s.dict
                .get(b"Filter")
                .and_then(|f| f.as_name())
                .is_ok_and(|n| n == b"DCTDecode")
        });
    assert!(dct);
    assert_eq!(decode_qr_on_first_page(&pdf), doc.verify_url);
}
