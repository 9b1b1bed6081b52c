//! Row conversion: typed drafts, errors that reject, warnings that keep.

use berdaya_core::{JenisKelamin, Rupiah, SkalaUsaha};
use berdaya_tabular::{
    CellFlag, CellKind, ConvertOptions, Converted, RawRow, convert_row, propose_mapping,
};
use chrono::NaiveDate;

const HEADERS: &[&str] = &[
    "No",
    "Nama Pemilik",
    "NIK KTP",
    "Tempat/Tgl Lahir",
    "L/P",
    "No. HP/WA",
    "Kecamatan",
    "Kel./Desa",
    "Nama Usaha",
    "Modal Usaha (Rp)",
    "Omset per Bulan",
];

fn opts() -> ConvertOptions {
    ConvertOptions {
        today: NaiveDate::from_ymd_opt(2026, 11, 15).expect("date"),
        ..ConvertOptions::default()
    }
}

fn convert(cells: &[&str]) -> Converted {
    let mapping = propose_mapping(HEADERS);
    let row = RawRow::new(7, cells.iter().map(|s| s.to_string()).collect());
    convert_row(&mapping, &row, &opts())
}

fn messages(c: &Converted) -> String {
    format!("errors: {} | warnings: {}", c.reason(), c.warning_text())
}

#[test]
fn good_row_becomes_a_typed_owner_and_business() {
    let c = convert(&[
        "1",
        "Siti  Aminah",
        "6474015505900001",
        "Bontang, 15-05-1990",
        "P",
        "0812-3456-7890",
        "Bontang Utara",
        "Api-Api",
        "Keripik Amplang Siti",
        "Rp 5.000.000",
        "1,5 juta",
    ]);
    assert!(!c.is_rejected(), "{}", messages(&c));
    assert!(c.warnings.is_empty(), "{}", messages(&c));
    let o = &c.row.owner;
    assert_eq!(c.row.row_number, 7);
    assert_eq!(o.nik.as_ref().map(|n| n.as_str()), Some("6474015505900001"));
    assert_eq!(o.nama.as_deref(), Some("Siti Aminah"));
    assert_eq!(o.tempat_lahir.as_deref(), Some("Bontang"));
    assert_eq!(o.tanggal_lahir, NaiveDate::from_ymd_opt(1990, 5, 15));
    assert_eq!(o.jenis_kelamin, Some(JenisKelamin::Perempuan));
    assert_eq!(o.no_hp.as_ref().map(|h| h.as_str()), Some("+6281234567890"));
    assert_eq!(o.kecamatan.as_deref(), Some("Bontang Utara"));
    assert_eq!(o.desa.as_deref(), Some("Api-Api"));
    let b = c.row.business.as_ref().expect("business");
    assert_eq!(b.nama_usaha.as_deref(), Some("Keripik Amplang Siti"));
    assert_eq!(b.modal, Some(Rupiah::new(5_000_000)));
    assert_eq!(b.omzet_bulanan, Some(Rupiah::new(1_500_000)));
    assert_eq!(b.omzet_tahunan, Some(Rupiah::new(18_000_000)));
    assert!(b.omzet_tahunan_dihitung);
    assert_eq!(b.skala, Some(SkalaUsaha::Mikro));
}

#[test]
fn bad_nik_and_missing_name_reject_the_row() {
    let c = convert(&["2", "", "647401150590001", "", "L", "", "", "", "", "", ""]);
    assert!(c.is_rejected());
    assert!(c.reason().contains("NIK harus 16 digit"), "{}", c.reason());
    assert!(c.reason().contains("Nama pemilik kosong"), "{}", c.reason());
    let c = convert(&["3", "Budi", "-", "", "", "", "", "", "", "", ""]);
    assert_eq!(c.reason(), "NIK kosong");
    assert!(c.row.business.is_none());
}

#[test]
fn unreadable_values_are_warnings_and_dropped() {
    let c = convert(&[
        "4",
        "Budi",
        "6474011505900001",
        "Samarinda, 31/02/1990",
        "X",
        "0541-123456",
        "",
        "",
        "Bengkel",
        "banyak",
        "2 jt",
    ]);
    assert!(!c.is_rejected(), "{}", messages(&c));
    let w = c.warning_text();
    assert!(
        w.contains("Tanggal lahir tidak dikenali: Samarinda, 31/02/1990"),
        "{w}"
    );
    assert!(w.contains("Jenis kelamin tidak dikenali: X"), "{w}");
    assert!(w.contains("No. HP tidak dikenali: 0541-123456"), "{w}");
    assert!(w.contains("Modal Usaha (Rp) tidak dikenali: banyak"), "{w}");
    let b = c.row.business.as_ref().expect("business");
    assert_eq!(b.modal, None);
    assert_eq!(b.omzet_bulanan, Some(Rupiah::new(2_000_000)));
    assert!(c.warnings.iter().all(|p| p.column.is_some()));
}

#[test]
fn nik_disagreeing_with_sex_and_birth_date_is_a_warning() {
    // NIK says a man born 15/05/90; the row says a woman born 16/05/1990.
    let c = convert(&[
        "5",
        "Andi",
        "6474011505900001",
        "Bontang, 16-05-1990",
        "P",
        "",
        "",
        "",
        "",
        "",
        "",
    ]);
    assert!(!c.is_rejected());
    let w = c.warning_text();
    assert!(w.contains("Jenis kelamin menurut NIK"), "{w}");
    assert!(w.contains("Tanggal lahir menurut NIK"), "{w}");
}

#[test]
fn numbers_from_excel_are_read_with_their_history() {
    let mapping = propose_mapping(&[
        "Nama",
        "NIK",
        "No HP",
        "NIB",
        "Tgl Lahir",
        "Omzet (Rp juta)/Tahun",
    ]);
    let mut row = RawRow::new(
        9,
        [
            "Ani",
            "6474011505900010",
            "81234567890",
            "912000123456",
            "33008",
            "2.5",
        ]
        .map(String::from)
        .to_vec(),
    );
    for col in 1..=5 {
        row.flags.push(CellFlag {
            col,
            kind: CellKind::Number,
        });
    }
    row.flags.push(CellFlag {
        col: 1,
        kind: CellKind::LongNumber,
    });
    let c = convert_row(&mapping, &row, &opts());
    assert!(!c.is_rejected(), "{}", messages(&c));
    let o = &c.row.owner;
    assert_eq!(o.nik.as_ref().map(|n| n.as_str()), Some("6474011505900010"));
    assert_eq!(o.no_hp.as_ref().map(|h| h.as_str()), Some("+6281234567890"));
    assert_eq!(o.tanggal_lahir, NaiveDate::from_ymd_opt(1990, 5, 15));
    let b = c.row.business.as_ref().expect("business");
    assert_eq!(b.nib.as_ref().map(|n| n.as_str()), Some("0912000123456"));
    assert_eq!(b.omzet_tahunan, Some(Rupiah::new(2_500_000)));
    let w = c.warning_text();
    assert!(w.contains("Excel, yang hanya menyimpan 15 digit"), "{w}");
    assert!(w.contains("nomor tanggal Excel 33008"), "{w}");
    assert!(w.contains("kehilangan angka 0"), "{w}");
}

#[test]
fn imprecise_nik_from_excel_is_rejected() {
    let mapping = propose_mapping(&["Nama", "NIK"]);
    let mut row = RawRow::new(3, vec!["Ani".into(), "9171011505900000".into()]);
    row.flags.push(CellFlag {
        col: 1,
        kind: CellKind::ImpreciseNumber,
    });
    let c = convert_row(&mapping, &row, &opts());
    assert!(c.is_rejected());
    assert!(c.reason().contains("angka spreadsheet"), "{}", c.reason());
}

#[test]
fn calon_wirausaha_without_nik_when_allowed() {
    let mapping = propose_mapping(&["Nama Peserta", "Jenis Kelamin"]);
    let row = RawRow::new(2, vec!["Rina".into(), "Perempuan".into()]);
    let o = ConvertOptions {
        require_nik: false,
        ..opts()
    };
    let c = convert_row(&mapping, &row, &o);
    assert!(!c.is_rejected(), "{}", messages(&c));
    assert!(c.row.business.is_none());
}

#[test]
fn employees_and_reported_scale() {
    let mapping = propose_mapping(&[
        "Nama",
        "NIK",
        "TK Laki-laki",
        "TK Perempuan",
        "Skala Usaha",
        "Omzet per Tahun",
    ]);
    let row = RawRow::new(
        2,
        [
            "Ani",
            "6474015505900001",
            "2",
            "3 orang",
            "Kecil",
            "Rp 300.000.000",
        ]
        .map(String::from)
        .to_vec(),
    );
    let c = convert_row(&mapping, &row, &opts());
    let b = c.row.business.as_ref().expect("business");
    assert_eq!(b.tenaga_kerja, Some(5));
    assert_eq!(b.skala_dilaporkan, Some(SkalaUsaha::Kecil));
    assert_eq!(b.skala, Some(SkalaUsaha::Mikro));
    assert!(
        c.warning_text().contains("Skala usaha dilaporkan Kecil"),
        "{}",
        c.warning_text()
    );
}
