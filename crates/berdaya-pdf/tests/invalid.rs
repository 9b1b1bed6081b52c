//! Bad images never panic: every document refuses them with an InvalidImage error.

use std::sync::Arc;

use berdaya_pdf::{
    ImageBytes, Orientation, PdfError, bast, basts, certificate, certificates, list, report,
};
use crate::common::*;

fn bad_logos() -> Vec<(&'static str, ImageBytes)> {
    let good = logo();
    let mut truncated = good.to_vec();
    truncated.truncate(good.len() / 2);
    let mut corrupt = good.to_vec();
    for b in corrupt.iter_mut().skip(60).take(400) {
        *b = 0x5a;
    }
    vec![
        ("text", Arc::from(&b"bukan gambar, hanya teks"[..])),
        ("empty", Arc::from(&b""[..])),
        ("pdf", Arc::from(&b"%PDF-1.7\n..."[..])),
        ("png header only", Arc::from(&b"\x89PNG\r\n\x1a\n"[..])),
        (
            "jpeg header only",
            Arc::from(&[0xFFu8, 0xD8, 0xFF, 0xE0][..]),
        ),
        ("truncated png", Arc::from(truncated)),
        ("corrupt png", Arc::from(corrupt)),
    ]
}

#[test]
fn a_non_image_logo_is_an_error_for_every_document() {
    for (what, bad) in bad_logos() {
        let is_image_error =
            |r: Result<Vec<u8>, PdfError>| matches!(r, Err(PdfError::InvalidImage(_)));
        assert!(
            is_image_error(certificate(&certificate_doc(0, Some(bad.clone())))),
            "certificate, {what}"
        );
        assert!(
            is_image_error(list(&list_doc(3, Some(bad.clone()), Orientation::Portrait))),
            "list, {what}"
        );
        assert!(
            is_image_error(bast(&bast_doc(0, Some(bad.clone())))),
            "bast, {what}"
        );
        assert!(
            is_image_error(report(&report_doc(Some(bad.clone())))),
            "report, {what}"
        );
        let docs = vec![
            certificate_doc(0, Some(logo())),
            certificate_doc(1, Some(bad.clone())),
        ];
        assert!(
            matches!(certificates(&docs), Err(PdfError::InvalidImage(_))),
            "batch, {what}"
        );
        let docs = vec![bast_doc(0, None), bast_doc(1, Some(bad))];
        assert!(
            matches!(basts(&docs), Err(PdfError::InvalidImage(_))),
            "basts, {what}"
        );
    }
}

#[test]
fn error_messages_are_in_bahasa_indonesia() {
    let err = certificate(&certificate_doc(0, Some(Arc::from(&b"xx"[..])))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "gambar logo tidak dapat dibaca: berkas bukan PNG atau JPEG; unggah berkas PNG atau JPEG"
    );
}

#[test]
fn a_url_too_long_for_a_qr_code_is_an_error() {
    let mut doc = certificate_doc(0, None);
    doc.verify_url = format!("https://contoh.go.id/{}", "x".repeat(5000));
    assert!(matches!(certificate(&doc), Err(PdfError::Qr(_))));
}
