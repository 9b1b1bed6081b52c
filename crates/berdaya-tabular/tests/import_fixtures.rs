//! End-to-end over the messy fixtures: read, find the header, map, convert, dedupe, report.

use crate::common;
use std::path::{Path, PathBuf};

use berdaya_tabular::{
    CellKind, ConvertOptions, Converted, Field, InFileDuplicates, ReadOptions, RejectReport, Seen,
    SourceFormat, Table, TextEncoding, convert_row, propose_mapping,
};
use chrono::NaiveDate;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn opts() -> ConvertOptions {
    ConvertOptions {
        today: NaiveDate::from_ymd_opt(2026, 11, 15).expect("date"),
        ..ConvertOptions::default()
    }
}

/// (row number, converted, in-file status) for every data row.
fn import(path: &Path) -> (Table, Vec<(u64, Converted, Seen)>) {
    let mut table = Table::open(path, &ReadOptions::default()).expect("open");
    let mapping = propose_mapping(&table.header().columns);
    let mut dups = InFileDuplicates::new();
    let mut out = Vec::new();
    for row in table.by_ref() {
        let row = row.expect("row");
        let c = convert_row(&mapping, &row, &opts());
        let seen = if c.is_rejected() {
            Seen::New
        } else {
            dups.check(&c.row)
        };
        out.push((row.number, c, seen));
    }
    (table, out)
}

#[test]
fn semicolon_csv_in_windows_1252_with_title_rows() {
    let path = fixture("umkm_bontang_1252.csv");
    let table = Table::open(&path, &ReadOptions::default()).expect("open");
    assert_eq!(table.info().encoding, Some(TextEncoding::Windows1252));
    assert_eq!(table.info().delimiter, Some(';'));
    let h = table.header();
    assert_eq!(h.rows, vec![4]);
    assert_eq!(h.numbering_row, Some(5));
    assert_eq!(
        h.title,
        vec![
            "DATA PELAKU UMKM KOTA BONTANG TAHUN 2023",
            "Dinas Koperasi, UKM dan Perindustrian"
        ]
    );
    let m = propose_mapping(&h.columns);
    for (col, field) in [
        (1, Field::Nama),
        (2, Field::Nik),
        (3, Field::Ttl),
        (4, Field::JenisKelamin),
        (5, Field::NoHp),
        (6, Field::Kecamatan),
        (7, Field::Desa),
        (8, Field::NamaUsaha),
        (9, Field::Sektor),
        (10, Field::OmzetBulanan),
    ] {
        assert_eq!(
            m.columns[col].field,
            Some(field),
            "{}",
            m.columns[col].header
        );
    }
    assert_eq!(m.columns[0].field, None);

    let (_, rows) = import(&path);
    let numbers: Vec<u64> = rows.iter().map(|r| r.0).collect();
    assert_eq!(numbers, vec![6, 7, 8, 9, 10, 12, 13, 14]);
    let by_row = |n: u64| rows.iter().find(|r| r.0 == n).expect("row");
    // Accents decoded from Windows-1252.
    let biz = |n: u64| {
        by_row(n)
            .1
            .row
            .business
            .clone()
            .and_then(|b| b.nama_usaha)
            .unwrap_or_default()
    };
    assert_eq!(biz(6), "Kafé Siti");
    assert_eq!(biz(7), "Bengkel Ridwan – Motor");
    assert!(by_row(9).1.reason().contains("NIK harus 16 digit"));
    assert!(by_row(10).1.reason().contains("Nama pemilik kosong"));
    assert_eq!(by_row(12).2, Seen::Duplicate { first_row: 6 });
    let w = by_row(13).1.warning_text();
    assert!(
        w.contains("Tanggal lahir tidak dikenali: Bontang, 31/02/1992"),
        "{w}"
    );
    assert!(w.contains("No. HP tidak dikenali: 0541-123456"), "{w}");
    assert!(by_row(14).1.is_rejected(), "the Jumlah line is no owner");
    let accepted = rows.iter().filter(|r| !r.1.is_rejected()).count();
    assert_eq!(accepted, 5);
}

#[test]
fn utf8_bom_csv_with_quoted_newlines() {
    let (table, rows) = import(&fixture("umkm_utf8_bom.csv"));
    assert_eq!(table.info().encoding, Some(TextEncoding::Utf8Bom));
    assert_eq!(table.info().delimiter, Some(','));
    assert_eq!(table.header().columns[0], "Nama Lengkap");
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![2, 4, 5]);
    let andi = &rows[0].1;
    assert!(!andi.is_rejected(), "{}", andi.reason());
    assert_eq!(
        andi.row.owner.alamat.as_deref(),
        Some("Jl. Mawar No. 5 RT 03")
    );
    let b = andi.row.business.as_ref().expect("business");
    assert_eq!(b.nama_usaha.as_deref(), Some("Sablon \"Andi\""));
    assert_eq!(b.nib.as_ref().map(|n| n.as_str()), Some("1234567890123"));
    assert_eq!(b.kbli.as_ref().map(|k| k.code()), Some("18111"));
    assert_eq!(b.omzet_tahunan.map(|r| r.amount()), Some(120_000_000));
    assert!(!b.omzet_tahunan_dihitung);
    let rina = &rows[1].1;
    assert_eq!(
        rina.row
            .business
            .as_ref()
            .and_then(|b| b.kbli.as_ref())
            .map(|k| k.code()),
        Some("10792")
    );
    assert_eq!(
        rina.row.business.as_ref().and_then(|b| b.nib.as_ref()),
        None,
        "'-' means no NIB"
    );
    assert!(
        rows[2].1.is_rejected(),
        "NIK 6474010000000000 has no birth date"
    );
}

#[test]
fn messy_xlsx_with_merged_two_row_header() {
    let path = common::messy_xlsx();
    let table = Table::open(&path, &ReadOptions::default()).expect("open");
    assert_eq!(table.info().format, SourceFormat::Xlsx);
    assert_eq!(table.info().sheet.as_deref(), Some("Data UMKM"));
    let h = table.header().clone();
    assert_eq!(h.title, vec!["DATA UMKM KOTA BONTANG TAHUN 2023"]);
    assert_eq!(h.rows, vec![3, 4]);
    assert_eq!(h.numbering_row, Some(5));
    assert_eq!(
        h.columns,
        vec![
            "No",
            "Nama Pelaku Usaha",
            "NIK",
            "Tanggal Lahir",
            "JK",
            "Alamat Kecamatan",
            "Alamat Kel./Desa",
            "Omzet Per Bulan",
            "Omzet Per Tahun",
            "No. Telepon",
            "Modal Usaha (Rp)"
        ]
    );
    let raw: Vec<_> = table.map(|r| r.expect("row")).collect();
    assert_eq!(
        raw.iter().map(|r| r.number).collect::<Vec<_>>(),
        vec![6, 7, 8, 9, 10, 12]
    );
    assert_eq!(raw[0].cell(2), "6474014505880001");
    assert_eq!(raw[0].cell(3), "1988-05-05");
    assert!(raw[0].has_flag(3, |k| matches!(k, CellKind::ExcelDate { .. })));
    assert_eq!(raw[0].cell(7), "2500000");
    assert_eq!(
        raw[1].cell(5),
        "Bontang Utara",
        "vertically merged kecamatan repeats"
    );
    assert_eq!(
        raw[4].cell(2),
        "6474014505880001",
        "leading apostrophe dropped"
    );

    let m = propose_mapping(&h.columns);
    for (col, field) in [
        (1, Field::Nama),
        (2, Field::Nik),
        (3, Field::TanggalLahir),
        (4, Field::JenisKelamin),
        (5, Field::Kecamatan),
        (6, Field::Desa),
        (7, Field::OmzetBulanan),
        (8, Field::OmzetTahunan),
        (9, Field::NoHp),
        (10, Field::Modal),
    ] {
        assert_eq!(
            m.columns[col].field,
            Some(field),
            "{}",
            m.columns[col].header
        );
    }

    let (_, rows) = import(&path);
    let ani = &rows[0].1;
    assert!(
        !ani.is_rejected() && ani.warnings.is_empty(),
        "{} / {}",
        ani.reason(),
        ani.warning_text()
    );
    assert_eq!(
        ani.row.owner.tanggal_lahir,
        NaiveDate::from_ymd_opt(1988, 5, 5)
    );
    assert_eq!(
        ani.row.owner.no_hp.as_ref().map(|h| h.as_str()),
        Some("+6281234567890")
    );
    assert_eq!(
        ani.row
            .business
            .as_ref()
            .and_then(|b| b.omzet_tahunan)
            .map(|r| r.amount()),
        Some(30_000_000)
    );
    let bambang = &rows[1].1;
    assert_eq!(
        bambang.row.owner.kecamatan.as_deref(),
        Some("Bontang Utara")
    );
    assert_eq!(
        bambang
            .row
            .business
            .as_ref()
            .and_then(|b| b.modal)
            .map(|r| r.amount()),
        Some(5_000_000)
    );
    let cici = &rows[2].1;
    assert!(!cici.is_rejected());
    assert!(
        cici.warning_text().contains("15 digit"),
        "{}",
        cici.warning_text()
    );
    assert!(rows[3].1.is_rejected());
    assert_eq!(rows[4].2, Seen::Duplicate { first_row: 6 });
    assert!(rows[5].1.is_rejected(), "signature line");
}

#[test]
fn rejected_rows_report_round_trips_as_xlsx_and_csv() {
    let (table, rows) = import(&fixture("umkm_bontang_1252.csv"));
    let header = table.header().clone();
    let reread =
        Table::open(fixture("umkm_bontang_1252.csv"), &ReadOptions::default()).expect("open");
    let raw: Vec<_> = reread.map(|r| r.expect("row")).collect();
    let xlsx_path = common::temp_path("ditolak.xlsx");
    let csv_path = common::temp_path("ditolak.csv");
    let mut xr = RejectReport::xlsx(
        Box::new(std::fs::File::create(&xlsx_path).expect("create")),
        &header,
    )
    .expect("xlsx");
    let mut cr = RejectReport::csv(
        Box::new(std::fs::File::create(&csv_path).expect("create")),
        &header,
        &berdaya_tabular::CsvOptions::default(),
    )
    .expect("csv");
    for (n, c, _) in rows.iter().filter(|r| r.1.is_rejected()) {
        let row = raw.iter().find(|r| r.number == *n).expect("raw");
        xr.add(row, &c.reason()).expect("add");
        cr.add(row, &c.reason()).expect("add");
    }
    assert_eq!(xr.finish().expect("finish"), 3);
    assert_eq!(cr.finish().expect("finish"), 3);

    for path in [&xlsx_path, &csv_path] {
        let t = Table::open(path, &ReadOptions::default()).expect("reopen");
        let cols = t.header().columns.clone();
        assert_eq!(&cols[..11], &header.columns[..]);
        assert_eq!(cols[11], "Alasan Penolakan");
        let back: Vec<_> = t.map(|r| r.expect("row")).collect();
        assert_eq!(back.len(), 3, "{}", path.display());
        assert_eq!(back[0].cell(2), "647401150590001", "NIK kept as text");
        assert!(back[0].cell(11).contains("NIK harus 16 digit"));
        assert_eq!(back[0].cell(12), "9");
        // Re-importing the corrected report maps the same fields.
        let m = propose_mapping(&cols);
        assert_eq!(m.column_for(Field::Nik), Some(2));
        assert_eq!(m.columns[11].field, None);
    }
}
