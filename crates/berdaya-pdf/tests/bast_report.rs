//! BAST handover receipts and simple reports.

use berdaya_core::Rupiah;
use berdaya_pdf::{Bar, BastItem, PdfError, Section, bast, basts, report};
use crate::common::*;

#[test]
fn bast_has_parties_items_total_and_date_in_words() {
    let doc = bast_doc(0, Some(logo()));
    let pdf = bast(&doc).unwrap();
    let pages = page_texts(&pdf);
    assert_eq!(pages.len(), 1);
    let text = squash(&pages[0]);
    for expected in [
        "BERITA ACARA SERAH TERIMA BARANG",
        "Nomor: 027/001/BAST/DKUKM/VIII/2024",
        "Pada hari ini Senin tanggal dua puluh enam bulan Agustus tahun dua ribu dua puluh empat (26-08-2024)",
        "bertempat di Bontang",
        "Rudi Hartono, S.E., M.M.",
        "19780304 200501 1 002",
        "Selanjutnya disebut PIHAK PERTAMA",
        "Siti Aminah",
        "6474025508900001",
        "Selanjutnya disebut PIHAK KEDUA",
        "Bantuan Peralatan Usaha Mikro Tahun Anggaran 2024",
        "Mesin jahit portable",
        "2.750.000",
        "25meter625.000",
        "JUMLAH5.225.000",
        "dalam rangkap 2 (dua)",
        "Bontang, 26 Agustus 2024",
        "Meterai",
        "NIP. 19780304 200501 1 002",
    ] {
        assert!(
            text.contains(&squash(expected)),
            "missing {expected:?} in {text}"
        );
    }
    assert_eq!(images(&pdf), vec![(160, 180)]);
}

#[test]
fn bast_prints_the_nik_exactly_as_the_caller_gives_it() {
    let mut doc = bast_doc(0, None);
    doc.second_party.id_number = Some("6474**********01".into());
    doc.materai = false;
    let text = squash(&page_texts(&bast(&doc).unwrap())[0]);
    assert!(text.contains("6474**********01"));
    assert!(!text.contains("6474025508900001"));
    assert!(!text.contains("Meterai"));
}

#[test]
fn many_basts_in_one_pdf_one_recipient_per_page() {
    let logo = logo();
    let docs: Vec<_> = (0..5).map(|i| bast_doc(i, Some(logo.clone()))).collect();
    let pdf = basts(&docs).unwrap();
    let pages = page_texts(&pdf);
    assert_eq!(pages.len(), 5);
    for (i, (page, doc)) in pages.iter().zip(&docs).enumerate() {
        let page = squash(page);
        assert!(page.contains(&squash(&doc.number)), "page {i}");
        assert!(page.contains(&squash(&doc.second_party.name)), "page {i}");
        // Single-page receipts carry no page numbers.
        assert!(!page.contains("Halaman"));
    }
    assert_eq!(images(&pdf).len(), 1, "one logo image shared by all pages");
}

#[test]
fn a_long_item_list_continues_on_a_numbered_second_page() {
    let mut doc = bast_doc(0, None);
    doc.items = (0..45)
        .map(|i| BastItem {
            name: format!("Bahan baku masker kain jenis {i}"),
            quantity: 10,
            unit: "lembar".into(),
            value: Rupiah::new(15_000),
        })
        .collect();
    let pages: Vec<String> = page_texts(&bast(&doc).unwrap())
        .iter()
        .map(|p| squash(p))
        .collect();
    assert!(pages.len() >= 2);
    let n = pages.len();
    assert!(
        pages
            .iter()
            .enumerate()
            .all(|(i, p)| p.contains(&squash(&format!("Halaman {} dari {n}", i + 1))))
    );
    assert!(pages[1].contains("NamaBarang"), "header repeated");
    assert!(pages[n - 1].contains("JUMLAH675.000"));
    assert!(pages[n - 1].contains("PIHAKPERTAMA"));
}

#[test]
fn bast_without_items_or_names_is_refused() {
    let mut doc = bast_doc(0, None);
    doc.items.clear();
    assert!(matches!(bast(&doc), Err(PdfError::Invalid(m)) if m.contains("tidak memiliki barang")));
    let mut doc = bast_doc(0, None);
    doc.second_party.name.clear();
    assert!(matches!(bast(&doc), Err(PdfError::Invalid(_))));
    assert!(matches!(basts(&[]), Err(PdfError::Invalid(_))));
}

#[test]
fn report_shows_figures_and_bars_over_numbered_pages() {
    let pdf = report(&report_doc(Some(logo()))).unwrap();
    let pages: Vec<String> = page_texts(&pdf).iter().map(|p| squash(p)).collect();
    let n = pages.len();
    assert!(n >= 2, "30 bars do not fit one page with the rest");
    let all = pages.concat();
    for expected in [
        "LAPORAN PELAKSANAAN PELATIHAN",
        "Peserta hadir minimal 80%108 (93,9%)",
        "Realisasi anggaranRp 172.500.000 (86,3%)",
        "Peserta per kecamatan",
        "Bontang Utara52",
        "Sektor 30 makanan dan minuman olahan1",
        "Tindak lanjut 3 bulan",
    ] {
        assert!(all.contains(&squash(expected)), "missing {expected:?}");
    }
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains(&squash(&format!("Halaman {} dari {n}", i + 1))));
        assert!(p.contains(&squash("Dicetak 24/11/2026")));
    }
}

#[test]
fn report_bars_are_drawn_proportionally() {
    // Two bars, 40 and 10: the filled bar of the first is four times as long.
    let mut doc = report_doc(None);
    doc.kop = None;
    doc.sections = vec![Section::Bars {
        heading: "Uji".into(),
        bars: vec![Bar::count("A", 40), Bar::count("B", 10)],
    }];
    let pdf = report(&doc).unwrap();
    let lengths = bar_lengths(&pdf);
    assert_eq!(lengths.len(), 2, "{lengths:?}");
    assert!((lengths[0] / lengths[1] - 4.0).abs() < 0.01, "{lengths:?}");
}

#[test]
fn report_refuses_negative_or_nan_bars() {
    let mut doc = report_doc(None);
    doc.sections = vec![Section::Bars {
        heading: "Uji".into(),
        bars: vec![Bar {
            label: "A".into(),
            value: f64::NAN,
            text: "?".into(),
        }],
    }];
    assert!(matches!(report(&doc), Err(PdfError::Invalid(_))));
}

/// Widths of the filled bars (paths filled with the bar colour, one rectangle each).
fn bar_lengths(pdf: &[u8]) -> Vec<f32> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let ops = doc.get_and_decode_page_content(page).unwrap().operations;
    let mut widths = Vec::new();
    let mut blue = false;
    let mut xs: Vec<f32> = Vec::new();
    for op in ops {
        match op.operator.as_str() {
            "rg" => {
                let c: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
                blue = (c[2] - 0.71).abs() < 0.01 && c[0] < 0.2;
            }
            "m" | "l" => xs.push(op.operands[0].as_float().unwrap()),
            "f" => {
                if blue && !xs.is_empty() {
                    let max = xs.iter().cloned().fold(f32::MIN, f32::max);
                    let min = xs.iter().cloned().fold(f32::MAX, f32::min);
                    widths.push(max - min);
                }
                xs.clear();
            }
            "Q" => xs.clear(),
            _ => {}
        }
    }
    widths
}

#[test]
fn bar_helpers_format_counts_money_and_percentages_the_indonesian_way() {
    assert_eq!(Bar::count("A", 12_000).text, "12.000");
    assert_eq!(
        Bar::rupiah("A", Rupiah::new(3_000_000_000)).text,
        "Rp 3.000.000.000"
    );
    assert_eq!(Bar::percent("A", 93.94).text, "93,9%");
    assert_eq!(Bar::percent("A", 60.0).value, 60.0);
}
