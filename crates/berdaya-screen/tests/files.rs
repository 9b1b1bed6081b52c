//! Reading lists from files: Indonesian headers, `;` delimiter, BOM, quoted line breaks,
//! blocks cut across a large file, XLSX with a title row, and the CLI's output.

use crate::common;
use std::io::Write;

use berdaya_core::Rupiah;
use berdaya_screen::cli::{ScreenArgs, parse_exclude, run};
use berdaya_screen::{CivilRegistry, ExclusionKind, ExclusionList, read_applicants};
use crate::common::date;

fn today() -> chrono::NaiveDate {
    date(2026, 11, 24)
}

#[test]
fn applicants_with_indonesian_headers_semicolons_and_line_breaks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("pemohon.csv");
    let text = "\u{feff}No;NIK;Nama Lengkap;Tgl Lahir;No. HP;Alamat;Kode Desa;KBLI;NIB;Modal Usaha;Omzet per Bulan;Dokumen\n\
        1;'6474011505900001;Budi Santoso;17 Agustus 1980;0812-3456-7890;\"Jl. Mawar 1;\nRT 02\";64.74.01.1001;10792;1234567890123;Rp 1.500.000;2,5 juta;ktp; foto_usaha\n\
        \n\
        2;6474024507850003;Siti Aminah;05/07/1985;;;;;;;;\n";
    std::fs::write(&p, text).expect("write");
    let a = read_applicants(&p, today()).expect("read");
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].row, 2);
    assert_eq!(a[0].nik, "'6474011505900001");
    assert_eq!(a[0].name, "Budi Santoso");
    assert_eq!(a[0].birth_date, Some(date(1980, 8, 17)));
    assert_eq!(a[0].address_region.as_deref(), Some("64.74.01.1001"));
    assert!(a[0].business.registered);
    assert_eq!(a[0].business.capital, Some(Rupiah::new(1_500_000)));
    assert_eq!(a[0].business.annual_sales, Some(Rupiah::new(30_000_000)));
    // "ktp; foto_usaha" was one unquoted cell split by ";" → only "ktp" is in Dokumen.
    assert_eq!(a[0].documents, vec!["ktp".to_string()]);
    // The quoted line break moves Siti to line 5 (line 4 is blank).
    assert_eq!(a[1].row, 5);
    assert!(!a[1].business.registered);
    assert_eq!(a[1].phone, None);
}

#[test]
fn line_numbers_stay_right_across_blocks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("besar.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).expect("create"));
    writeln!(f, "nik,nama,alamat").expect("w");
    let mut line = 2u64;
    let mut expect = Vec::new();
    for i in 0..120_000u64 {
        expect.push(line);
        if i % 1000 == 7 {
            writeln!(f, "{:016},Orang {i},\"baris satu\nbaris dua, \"\"kutip\"\"\"", 6474010101900000 + i).expect("w");
            line += 2;
        } else {
            writeln!(f, "{:016},Orang {i},Jl. Mawar {i}", 6474010101900000 + i).expect("w");
            line += 1;
        }
    }
    drop(f);
    assert!(std::fs::metadata(&p).expect("meta").len() > 5 << 20, "bigger than one block");
    let a = read_applicants(&p, today()).expect("read");
    assert_eq!(a.len(), 120_000);
    let got: Vec<u64> = a.iter().map(|x| x.row).collect();
    assert_eq!(got, expect);
    assert_eq!(a[119_999].name, "Orang 119999");
}

#[test]
fn lists_and_registry_from_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let kur = dir.path().join("kur.csv");
    std::fs::write(
        &kur,
        "NIK Debitur,Nama Debitur,Bank,Status\n6474011505900001,Budi,BRI,aktif\n6474024507850003,Siti,BNI,Lunas\n123,Rusak,BRI,aktif\n",
    )
    .expect("write");
    let l = ExclusionList::read_file(ExclusionKind::Kur, "2026-10", &kur, today()).expect("read");
    assert_eq!((l.len(), l.bad_nik_rows, l.source.as_str()), (3, 1, "kur.csv"));
    let reg = dir.path().join("dukcapil.csv");
    std::fs::write(&reg, "nik,nama,tgl_lahir,meninggal\n6474011505900001,BUDI SANTOSO,1990-05-15,0\n6474024507850003,Siti Aminah,05-07-1985,ya\n")
        .expect("write");
    let r = CivilRegistry::read_file("2026-10", &reg, today()).expect("read");
    assert_eq!(r.len(), 2);
    let lookups = berdaya_screen::Lookups::new().with_list(l).with_registry(r);
    let rules = berdaya_screen::RuleSet::from_json(r#"{"version":1,"blocks":[{"type":"dukcapil"},{"type":"not_excluded","lists":["kur"]}]}"#)
        .expect("rules");
    let s = berdaya_screen::screen_all(&rules, &[common::budi(2), common::siti(3)], &lookups, &|_| {});
    assert_eq!(s.decisions[0].reasons_joined(), "NIK 6474**********01 tercatat dalam daftar debitur KUR versi 2026-10 (baris 2; BRI, aktif)");
    assert_eq!(s.decisions[1].categories(), vec![berdaya_screen::BpkCategory::MeninggalDunia]);
    // A list without a NIK column is refused with the columns it has.
    let bad = dir.path().join("asn.csv");
    std::fs::write(&bad, "nama,instansi\nBudi,Dinas\n").expect("write");
    let err = ExclusionList::read_file(ExclusionKind::Asn, "1", &bad, today()).expect_err("no nik");
    assert!(format!("{err:#}").contains("harus punya kolom NIK"), "{err:#}");
}

#[test]
fn xlsx_with_a_title_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("asn.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "DAFTAR ASN PEMKOT BONTANG 2026").expect("w");
    for (c, h) in ["NIK", "Nama", "Tanggal Lahir", "Instansi"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).expect("w");
    }
    for (c, v) in ["6474011505900001", "Budi Santoso", "15/05/1990", "Dinas Pendidikan"].iter().enumerate() {
        ws.write_string(3, c as u16, *v).expect("w");
    }
    wb.save(&p).expect("save");
    let l = ExclusionList::read_file(ExclusionKind::Asn, "2026", &p, today()).expect("read");
    assert_eq!(l.len(), 1);
    let rules = berdaya_screen::RuleSet::from_json(r#"{"version":1,"blocks":[{"type":"not_excluded","lists":["asn"]}]}"#).expect("rules");
    let d = berdaya_screen::screen_one(&rules, &common::budi(2), &berdaya_screen::Lookups::new().with_list(l));
    assert_eq!(d.reasons_joined(), "NIK 6474**********01 tercatat dalam daftar ASN versi 2026 (baris 4; Dinas Pendidikan)");
}

#[test]
fn cli_writes_one_row_per_applicant_and_explains_bad_arguments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("pemohon.csv"), "nik,nama,tanggal_lahir,no_hp\n6474011505900001,Budi Santoso,15/05/1990,0812\n6474011505900001,Budi Santoso,15/05/1990,0812\n64740115059,Ani,01/01/1990,\n").expect("w");
    std::fs::write(d.join("rules.json"), r#"{"version":1,"blocks":[{"type":"nik_valid"},{"type":"one_per_nik"}]}"#).expect("w");
    let args = ScreenArgs {
        applicants: d.join("pemohon.csv"),
        exclude: vec![],
        registry: None,
        registry_version: None,
        rules: d.join("rules.json"),
        out: d.join("hasil.csv"),
        value: None,
        budget: None,
        threads: Some(1),
    };
    let report = run(&args).expect("run");
    assert_eq!(report.summary.total, 3);
    let out = std::fs::read_to_string(d.join("hasil.csv")).expect("read");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "baris,nik,status,kategori,alasan");
    assert_eq!(lines[1], "2,6474011505900001,eligible,,");
    assert_eq!(lines[2], "3,6474011505900001,not_eligible,penerima_ganda,NIK 6474**********01 sudah diajukan pada baris 2");
    assert_eq!(lines[3], "4,64740115059,not_eligible,nik_anomali,NIK tidak sah: NIK harus 16 digit angka (terbaca 11 digit)");
    assert!(parse_exclude("asn").unwrap_err().to_string().contains("JENIS=FILE"));
    assert!(parse_exclude("pns2=x.csv").unwrap_err().to_string().contains("jenis daftar \"pns2\" tidak dikenal"));
    let (k, v, f) = parse_exclude("kur@2026-10=kur.csv").expect("ok");
    assert_eq!((k, v.as_deref(), f.to_str()), (ExclusionKind::Kur, Some("2026-10"), Some("kur.csv")));
    std::fs::write(d.join("rules.json"), r#"{"version":1,"blocks":[{"type":"sector","allowed":["ZZ"]}]}"#).expect("w");
    let err = run(&args).expect_err("bad rules").to_string();
    assert!(err.contains("\"ZZ\" bukan kategori KBLI"), "{err}");
}
