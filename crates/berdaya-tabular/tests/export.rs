//! The generic export writer, read back through the crate's own reader.

use crate::common;
use berdaya_tabular::{
    CellKind, Column, ColumnKind, CsvOptions, ExportWriter, ReadOptions, Table, TableReader, Value,
};
use chrono::NaiveDate;

fn columns() -> Vec<Column> {
    vec![
        Column::new("NIK", ColumnKind::Text),
        Column::new("Nama", ColumnKind::Text).width(30.0),
        Column::new("Omzet per Tahun (Rp)", ColumnKind::Money),
        Column::new("Tanggal Lahir", ColumnKind::Date),
        Column::new("Tenaga Kerja", ColumnKind::Integer),
        Column::new("WhatsApp", ColumnKind::YesNo),
        Column::new("Catatan", ColumnKind::Text),
    ]
}

fn row(i: i64) -> Vec<Value> {
    vec![
        Value::from(format!("64740115059{:05}", i + 1)),
        Value::from(format!("Pelaku Usaha {i}")),
        Value::Int(18_000_000 + i),
        Value::from(NaiveDate::from_ymd_opt(1990, 5, 15)),
        Value::Int(3),
        Value::Bool(i % 2 == 0),
        Value::from(if i == 0 { "=HYPERLINK(\"x\")" } else { "" }),
    ]
}

#[test]
fn xlsx_export_keeps_types_and_text_nik() {
    let path = common::temp_path("export.xlsx");
    let mut w = ExportWriter::xlsx(
        Box::new(std::fs::File::create(&path).expect("create")),
        "Pelaku Usaha",
        columns(),
    )
    .expect("new");
    for i in 0..5 {
        w.write_row(&row(i)).expect("row");
    }
    assert_eq!(w.finish().expect("finish"), 5);
    let t = Table::open(&path, &ReadOptions::default()).expect("open");
    assert_eq!(t.header().columns[2], "Omzet per Tahun (Rp)");
    let rows: Vec<_> = t.map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0].cell(0), "6474011505900001");
    assert!(
        !rows[0].has_flag(0, |k| matches!(k, CellKind::Number)),
        "NIK written as text"
    );
    assert_eq!(rows[0].cell(2), "18000000");
    assert_eq!(rows[0].cell(3), "1990-05-15");
    assert!(rows[0].has_flag(3, |k| matches!(k, CellKind::ExcelDate { .. })));
    assert_eq!(rows[0].cell(5), "Ya");
    assert_eq!(rows[1].cell(5), "Tidak");
    assert_eq!(rows[0].cell(6), "=HYPERLINK(\"x\")", "text, not a formula");
}

#[test]
fn xlsx_export_continues_on_a_new_sheet_past_the_row_limit() {
    let path = common::temp_path("export_sheets.xlsx");
    let w = ExportWriter::xlsx(
        Box::new(std::fs::File::create(&path).expect("create")),
        "Data",
        columns(),
    )
    .expect("new");
    let mut w = w.with_sheet_row_limit(4);
    for i in 0..7 {
        w.write_row(&row(i)).expect("row");
    }
    w.finish().expect("finish");
    let first = TableReader::open(&path, &ReadOptions::default()).expect("open");
    assert_eq!(first.info().sheets, vec!["Data", "Data (2)", "Data (3)"]);
    let opts = ReadOptions {
        sheet: Some("Data (3)".into()),
        ..Default::default()
    };
    let last: Vec<_> = Table::open(&path, &opts)
        .expect("open")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].cell(1), "Pelaku Usaha 6");
}

#[test]
fn csv_export_for_excel_indonesia_and_for_programs() {
    let mut buf: Vec<u8> = Vec::new();
    {
        let path = common::temp_path("export.csv");
        let mut w = ExportWriter::csv(
            Box::new(std::fs::File::create(&path).expect("create")),
            columns(),
            &CsvOptions::excel_indonesia(),
        )
        .expect("new");
        w.write_row(&row(0)).expect("row");
        w.finish().expect("finish");
        buf.extend(std::fs::read(&path).expect("read"));
    }
    let text = String::from_utf8(buf).expect("utf8");
    assert!(text.starts_with('\u{feff}'));
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "NIK;Nama;Omzet per Tahun (Rp);Tanggal Lahir;Tenaga Kerja;WhatsApp;Catatan"
    );
    assert_eq!(
        lines[1],
        "6474011505900001;Pelaku Usaha 0;18000000;15/05/1990;3;Ya;\"'=HYPERLINK(\"\"x\"\")\""
    );

    let path = common::temp_path("export_std.csv");
    let mut w = ExportWriter::csv(
        Box::new(std::fs::File::create(&path).expect("create")),
        columns(),
        &CsvOptions::standard(),
    )
    .expect("new");
    w.write_row(&row(1)).expect("row");
    w.finish().expect("finish");
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        text.lines().nth(1),
        Some("6474011505900002,Pelaku Usaha 1,18000001,1990-05-15,3,Tidak,")
    );
}
