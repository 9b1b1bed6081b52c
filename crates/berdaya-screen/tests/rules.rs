//! Rule sets: JSON round trip, default ids, validation messages in Bahasa, descriptions.

use berdaya_core::SkalaUsaha;
use berdaya_screen::rules::NoRegionNames;
use berdaya_screen::{Block, DomicileBasis, ExclusionKind, Rule, RuleSet};
use crate::common::date;

fn full_set() -> RuleSet {
    RuleSet::new(vec![
        Block::new("domisili", Rule::Domicile { regions: vec!["64.74".into()], basis: DomicileBasis::Nik }),
        Block::new("", Rule::NikValid),
        Block::new("", Rule::Dukcapil),
        Block::new("", Rule::Age { min_years: Some(17), max_years: Some(65), on: date(2026, 7, 1) }),
        Block::new("", Rule::BusinessRequired),
        Block::new("", Rule::Scale { allowed: vec![SkalaUsaha::Mikro] }),
        Block::new("", Rule::BusinessAge { min_months: 6, on: date(2026, 7, 1) }),
        Block::new("", Rule::Sector { allowed: vec!["C".into(), "47".into()] }),
        Block::new("", Rule::NotExcluded { lists: vec![ExclusionKind::Asn, ExclusionKind::Kur] }),
        Block::new("", Rule::OnePerNik),
        Block::new("", Rule::OnePerKk),
        Block::new("", Rule::Documents { required: vec!["ktp".into(), "foto_usaha".into()] }),
    ])
}

#[test]
fn json_round_trip_keeps_every_block_and_id() {
    let rs = full_set();
    assert!(rs.validate().is_ok(), "{:?}", rs.validate());
    let json = rs.to_json();
    assert!(json.contains("\"version\": 1"), "{json}");
    assert!(json.contains("\"type\": \"not_excluded\""), "{json}");
    let back = RuleSet::from_json(&json).expect("valid");
    assert_eq!(back, rs);
    let ids: Vec<&str> = back.blocks.iter().map(|b| b.id()).collect();
    assert_eq!(ids[0], "domisili");
    assert_eq!(ids[1], "nik_valid");
    assert_eq!(ids[9], "one_per_nik");
}

#[test]
fn ids_default_to_type_and_repeat_with_suffix() {
    let rs = RuleSet::from_json(
        r#"{"version":1,"blocks":[{"type":"nik_valid"},{"type":"sector","allowed":["C"]},{"type":"sector","allowed":["47"]}]}"#,
    )
    .expect("valid");
    let ids: Vec<&str> = rs.blocks.iter().map(|b| b.id()).collect();
    assert_eq!(ids, ["nik_valid", "sector", "sector_2"]);
}

#[test]
fn validation_names_block_and_field_in_bahasa() {
    let json = r#"{"version":1,"blocks":[
        {"id":"wilayah","type":"domicile","regions":["99.99.99.9999x"],"basis":"alamat"},
        {"id":"umur","type":"age","min_years":60,"max_years":17,"on":"2026-07-01"},
        {"id":"umur","type":"scale","allowed":[]},
        {"type":"sector","allowed":["Z","1"]},
        {"type":"not_excluded","lists":[]},
        {"type":"documents","required":[" "]}
    ]}"#;
    let errs = RuleSet::from_json(json).expect_err("invalid");
    let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
    let all = text.join("\n");
    assert!(all.contains("aturan \"wilayah\", isian regions: kode wilayah \"99.99.99.9999x\" tidak sah"), "{all}");
    assert!(all.contains("aturan \"umur\", isian max_years: usia paling tinggi (17) lebih kecil dari usia paling rendah (60)"), "{all}");
    assert!(all.contains("aturan \"umur\", isian id: id aturan dipakai lebih dari sekali"), "{all}");
    assert!(all.contains("pilih paling sedikit satu skala usaha"), "{all}");
    assert!(all.contains("\"Z\" bukan kategori KBLI"), "{all}");
    assert!(all.contains("\"1\" bukan kategori KBLI"), "{all}");
    assert!(all.contains("pilih paling sedikit satu daftar pengecualian"), "{all}");
    assert!(all.contains("nama dokumen tidak boleh kosong"), "{all}");
    assert_eq!(errs.len(), 8, "{all}");
}

#[test]
fn unreadable_json_and_wrong_version_are_explained() {
    let errs = RuleSet::from_json(r#"{"version":1,"blocks":[{"type":"umur"}]}"#).expect_err("bad type");
    assert!(errs[0].message.contains("jenis aturan atau nilai `umur` tidak dikenal"), "{}", errs[0]);
    let errs = RuleSet::from_json(r#"{"version":1,"blocks":[{"type":"scale"}]}"#).expect_err("missing");
    assert!(errs[0].message.contains("isian `allowed` wajib ada"), "{}", errs[0]);
    let errs = RuleSet::from_json(r#"{"version":1,"blocks":["#).expect_err("cut");
    assert!(errs[0].message.contains("terpotong"), "{}", errs[0]);
    let errs = RuleSet::from_json(r#"{"version":2,"blocks":[{"type":"nik_valid"}]}"#).expect_err("version");
    assert!(errs[0].message.contains("versi aturan 2 tidak dikenal"), "{}", errs[0]);
    let errs = RuleSet::from_json(r#"{"version":1,"blocks":[]}"#).expect_err("empty");
    assert!(errs[0].message.contains("aturan kosong"), "{}", errs[0]);
}

#[test]
fn blocks_describe_themselves_in_bahasa() {
    let names = |code: &str| (code == "64.74").then(|| "Kota Bontang".to_string());
    let d = full_set().describe(&names);
    assert_eq!(d[0], "Berdomisili di Kota Bontang (menurut NIK)");
    assert_eq!(d[3], "Berusia 17–65 tahun pada 1 Juli 2026");
    assert_eq!(d[5], "Skala usaha menurut PP 7/2021: usaha mikro");
    assert_eq!(d[6], "Usaha sudah berjalan paling sedikit 6 bulan pada 1 Juli 2026");
    assert_eq!(d[7], "Bidang usaha (KBLI): kategori C (Industri Pengolahan) atau kode 47");
    assert_eq!(d[8], "Tidak tercantum dalam daftar ASN atau daftar debitur KUR");
    assert_eq!(d[11], "Dokumen lengkap: ktp, foto_usaha");
    let plain = full_set().describe(&NoRegionNames);
    assert_eq!(plain[0], "Berdomisili di wilayah 64.74 (menurut NIK)");
    let alamat = Block::new("x", Rule::Domicile { regions: vec!["64.74".into(), "64.72".into()], basis: DomicileBasis::Alamat });
    assert_eq!(alamat.describe(&NoRegionNames), "Berdomisili di wilayah 64.74 atau wilayah 64.72 (menurut alamat terdaftar)");
}
