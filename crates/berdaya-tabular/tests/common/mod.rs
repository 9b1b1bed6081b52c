//! Builds the messy XLSX fixture at test time with rust_xlsxwriter (no binary blob in git).

#![allow(dead_code)]

use std::path::PathBuf;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A path in this test process's folder under the build's own temp dir (`target/tmp`), so
/// fixtures never pile up in the system temp dir.
pub fn temp_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("berdaya-tabular-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// A Dinas-style sheet: merged title, blank row, two-row header with merged cells, a
/// numbering row, NIKs stored as numbers and as text, Excel dates and typed dates, a
/// kecamatan merged down over two rows, a bad NIK, a duplicate and a signature line.
pub fn messy_xlsx() -> PathBuf {
    let path = temp_path("umkm_messy.xlsx");
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = book.add_worksheet();
    ws.set_name("Data UMKM").expect("name");
    ws.merge_range(0, 0, 0, 10, "DATA UMKM KOTA BONTANG TAHUN 2023", &bold)
        .expect("title");
    for (col, text) in [
        (0, "No"),
        (1, "Nama Pelaku Usaha"),
        (2, "NIK"),
        (3, "Tanggal Lahir"),
        (4, "JK"),
        (9, "No. Telepon"),
        (10, "Modal Usaha (Rp)"),
    ] {
        ws.merge_range(2, col, 3, col, text, &bold)
            .expect("vertical header");
    }
    ws.merge_range(2, 5, 2, 6, "Alamat", &bold).expect("alamat");
    ws.merge_range(2, 7, 2, 8, "Omzet", &bold).expect("omzet");
    for (col, text) in [
        (5, "Kecamatan"),
        (6, "Kel./Desa"),
        (7, "Per Bulan"),
        (8, "Per Tahun"),
    ] {
        ws.write_string_with_format(3, col, text, &bold)
            .expect("sub header");
    }
    for col in 0..11u16 {
        ws.write_number(4, col, f64::from(col + 1))
            .expect("numbering");
    }
    let d = |y, m, day| ExcelDateTime::from_ymd(y, m, day).expect("date");
    // Row 6
    ws.write_number(5, 0, 1.0).expect("w");
    ws.write_string(5, 1, "Ani Rahmawati").expect("w");
    ws.write_number(5, 2, 6_474_014_505_880_001.0).expect("w");
    ws.write_date_with_format(5, 3, d(1988, 5, 5), &date)
        .expect("w");
    ws.write_string(5, 4, "P").expect("w");
    ws.merge_range(5, 5, 6, 5, "Bontang Utara", &Format::new())
        .expect("kecamatan down");
    ws.write_string(5, 6, "Api-Api").expect("w");
    ws.write_number(5, 7, 2_500_000.0).expect("w");
    ws.write_number(5, 9, 81_234_567_890.0).expect("w");
    ws.write_string(5, 10, "Rp 10.000.000").expect("w");
    // Row 7
    ws.write_number(6, 0, 2.0).expect("w");
    ws.write_string(6, 1, "Bambang Irawan").expect("w");
    ws.write_string(6, 2, "6474012002750008").expect("w");
    ws.write_string(6, 3, "20-02-1975").expect("w");
    ws.write_string(6, 4, "L").expect("w");
    ws.write_string(6, 6, "Guntung").expect("w");
    ws.write_string(6, 7, "3 juta").expect("w");
    ws.write_string(6, 9, "0813-1111-2222").expect("w");
    ws.write_number(6, 10, 5_000_000.0).expect("w");
    // Row 8: NIK typed into Excel as a number: the 16th digit became 0.
    ws.write_number(7, 0, 3.0).expect("w");
    ws.write_string(7, 1, "Cici Paramida").expect("w");
    ws.write_number(7, 2, 6_474_016_105_910_010.0).expect("w");
    ws.write_date_with_format(7, 3, d(1991, 5, 21), &date)
        .expect("w");
    ws.write_string(7, 4, "P").expect("w");
    ws.write_string(7, 5, "Bontang Selatan").expect("w");
    ws.write_string(7, 6, "Tanjung Laut").expect("w");
    ws.write_number(7, 8, 60_000_000.0).expect("w");
    ws.write_string(7, 9, "-").expect("w");
    // Row 9: bad NIK.
    ws.write_number(8, 0, 4.0).expect("w");
    ws.write_string(8, 1, "Dodi").expect("w");
    ws.write_string(8, 2, "12345").expect("w");
    ws.write_string(8, 4, "L").expect("w");
    // Row 10: duplicate of row 6, NIK typed as text with an apostrophe.
    ws.write_number(9, 0, 5.0).expect("w");
    ws.write_string(9, 1, "Ani Rahmawati").expect("w");
    ws.write_string(9, 2, "'6474014505880001").expect("w");
    ws.write_string(9, 4, "P").expect("w");
    ws.write_number(9, 7, 2_500_000.0).expect("w");
    // Row 12: signature line below a blank row.
    ws.write_string(11, 8, "Kepala Dinas").expect("w");
    book.save(&path).expect("save");
    path
}
