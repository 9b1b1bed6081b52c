
use std::collections::{HashMap, HashSet};

use berdaya_core::tanggal::parse_date;
use berdaya_core::{JenisKelamin, Kbli, KbliVersion, Nib, Nik, NoHp, Rupiah, SkalaUsaha};
use berdaya_synth::{OWNER_HEADERS, OwnersOptions, generate_owners};
use chrono::NaiveDate;
use crate::common::{read_csv, same_person_name, wilayah};

fn run(opts: &OwnersOptions) -> (Vec<u8>, Vec<u8>) {
    let (mut out, mut truth) = (Vec::new(), Vec::new());
    generate_owners(opts, &mut out, Some(&mut truth)).expect("generate");
    (out, truth)
}

fn col(name: &str) -> usize {
    OWNER_HEADERS.iter().position(|h| *h == name).expect(name)
}

#[test]
fn same_seed_gives_identical_bytes_and_another_seed_does_not() {
    let opts = OwnersOptions {
        count: 3000,
        dup_rate: 0.05,
        error_rate: 0.05,
        ..Default::default()
    };
    let a = run(&opts);
    let b = run(&opts);
    assert!(
        a.0 == b.0 && a.1 == b.1,
        "same seed must give the same files"
    );
    let c = run(&OwnersOptions { seed: 2, ..opts });
    assert_ne!(a.0, c.0);
}

#[test]
fn rows_are_valid_and_planted_cases_are_what_the_truth_file_says() {
    let opts = OwnersOptions {
        count: 20_000,
        dup_rate: 0.05,
        error_rate: 0.05,
        ..Default::default()
    };
    let (out, truth) = run(&opts);
    let (headers, rows) = read_csv(&out);
    assert_eq!(headers, OWNER_HEADERS);
    let (_, truth) = read_csv(&truth);
    assert_eq!(rows.len(), 20_000);
    assert_eq!(truth.len(), rows.len());
    let wil = wilayah();
    let reference = NaiveDate::from_ymd_opt(2025, 12, 31).expect("date");
    let by_no: HashMap<&str, &Vec<String>> = rows.iter().map(|r| (r[0].as_str(), r)).collect();
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    let mut first_niks = HashSet::new();
    let (mut mikro, mut businesses, mut women) = (0, 0, 0);
    for (row, t) in rows.iter().zip(&truth) {
        assert_eq!(row[0], t[0], "truth rows follow the sheet");
        let kind = t[2].as_str();
        *kinds.entry(kind).or_default() += 1;
        let get = |h: &str| row[col(h)].as_str();
        let clean = matches!(
            kind,
            "ok" | "ok_no_business"
                | "second_business"
                | "dup_name_variant"
                | "dup_phone"
                | "dup_nik_typo"
        );
        match kind {
            "bad_nik" => assert!(Nik::parse(get("NIK")).is_err(), "{}", get("NIK")),
            "bad_date" => assert!(
                parse_date(get("Tanggal Lahir"), reference).is_err(),
                "{}",
                get("Tanggal Lahir")
            ),
            "bad_phone" => assert!(
                NoHp::parse(get("No. HP/WA")).is_err(),
                "{}",
                get("No. HP/WA")
            ),
            "missing_name" => assert!(matches!(get("Nama Lengkap"), "" | "-")),
            "money_text" => {
                let (which, value) = t[4].split_once(' ').expect("detail");
                let cell = if which == "modal" {
                    get("Modal Usaha (Rp)")
                } else {
                    get("Omzet per Bulan (Rp)")
                };
                assert!(!cell.chars().all(|c| c.is_ascii_digit()), "{cell}");
                let parsed = Rupiah::parse(cell).unwrap_or_else(|e| panic!("{cell}: {e}"));
                assert_eq!(parsed.amount().to_string(), value, "{cell}");
            }
            _ => assert!(clean, "unknown kind {kind}"),
        }
        if !clean {
            continue;
        }
        // Identity: the NIK parses, its kecamatan is a real one of the region, sex and
        // birth date agree with the sheet.
        let nik = Nik::parse(get("NIK")).unwrap_or_else(|e| panic!("{}: {e}", get("NIK")));
        let kec = nik.kecamatan_code().dotted();
        assert!(kec.starts_with("64.74."), "{kec}");
        assert_eq!(wil.get(&kec).map(|w| w.1.as_str()), Some("64.74"), "{kec}");
        let sex = JenisKelamin::parse(get("Jenis Kelamin")).expect("L/P");
        assert_eq!(sex, nik.sex());
        let born = parse_date(get("Tanggal Lahir"), reference).expect("date");
        assert_eq!(born, nik.birth_date_with(reference));
        assert!((1955..=2006).contains(&chrono::Datelike::year(&born)));
        // The desa belongs to the kecamatan in the address, which lies in the region.
        let (desa_name, desa_kec) = wil.get(get("Kode Desa")).expect("kode desa exists");
        assert_eq!(desa_name, get("Kel./Desa"));
        let (kec_name, kec_parent) = wil.get(desa_kec).expect("kecamatan exists");
        assert_eq!(kec_name, get("Kecamatan"));
        assert_eq!(kec_parent, "64.74");
        assert!(
            NoHp::parse(get("No. HP/WA")).is_ok(),
            "{}",
            get("No. HP/WA")
        );
        assert_eq!(get("No. KK").len(), 16);
        if !get("Nama Usaha").is_empty() {
            Kbli::parse(get("KBLI"), KbliVersion::V2020).expect("kbli");
            if !get("NIB").is_empty() {
                Nib::parse(get("NIB")).expect("nib");
            }
            let modal: i64 = get("Modal Usaha (Rp)").parse().expect("modal digits");
            let omzet: i64 = get("Omzet per Bulan (Rp)").parse().expect("omzet digits");
            let year: i32 = get("Tahun Berdiri").parse().expect("year");
            assert!(year > chrono::Datelike::year(&born) + 16 && year <= 2025);
            businesses += 1;
            if SkalaUsaha::compute(Some(Rupiah::new(modal)), Some(Rupiah::new(omzet * 12)))
                == Some(SkalaUsaha::Mikro)
            {
                mikro += 1;
            }
        }
        if kind == "ok" || kind == "ok_no_business" {
            assert!(
                first_niks.insert(nik.as_str().to_string()),
                "NIK repeated for a new person"
            );
            women += usize::from(sex == JenisKelamin::Perempuan);
        }
        // Duplicates point at an earlier row of the same person.
        if kind.starts_with("dup_") || kind == "second_business" {
            let orig = by_no[t[3].as_str()];
            let o = |h: &str| orig[col(h)].as_str();
            assert!(o("No").parse::<u64>().expect("no") < get("No").parse::<u64>().expect("no"));
            match kind {
                "dup_name_variant" => {
                    assert_ne!(
                        o("Nama Lengkap").to_lowercase(),
                        get("Nama Lengkap").to_lowercase()
                    );
                    assert!(
                        same_person_name(o("Nama Lengkap"), get("Nama Lengkap")),
                        "{} / {}",
                        o("Nama Lengkap"),
                        get("Nama Lengkap")
                    );
                    assert_eq!(o("NIK"), get("NIK"));
                }
                "dup_phone" => {
                    assert_ne!(
                        NoHp::parse(o("No. HP/WA")).ok(),
                        NoHp::parse(get("No. HP/WA")).ok()
                    );
                    assert_eq!(o("Nama Lengkap"), get("Nama Lengkap"));
                }
                "dup_nik_typo" => {
                    let diff = o("NIK")
                        .bytes()
                        .zip(get("NIK").bytes())
                        .filter(|(a, b)| a != b)
                        .count();
                    assert_eq!(diff, 1, "{} / {}", o("NIK"), get("NIK"));
                    assert_eq!(o("Nama Lengkap"), get("Nama Lengkap"));
                }
                _ => {
                    assert_eq!(o("NIK"), get("NIK"));
                    assert_ne!(
                        o("Nama Usaha").to_string() + o("KBLI"),
                        get("Nama Usaha").to_string() + get("KBLI")
                    );
                }
            }
        }
    }
    let count = |ks: &[&str]| {
        ks.iter()
            .map(|k| kinds.get(k).copied().unwrap_or(0))
            .sum::<usize>()
    };
    let dups = count(&["dup_name_variant", "dup_phone", "dup_nik_typo"]);
    let errs = count(&[
        "bad_nik",
        "bad_date",
        "bad_phone",
        "money_text",
        "missing_name",
    ]);
    assert!((800..=1200).contains(&dups), "{dups} duplicates for 5 %");
    assert!((800..=1200).contains(&errs), "{errs} errors for 5 %");
    for k in [
        "dup_name_variant",
        "dup_phone",
        "dup_nik_typo",
        "bad_nik",
        "bad_date",
        "bad_phone",
        "money_text",
        "missing_name",
        "second_business",
        "ok_no_business",
    ] {
        assert!(kinds.get(k).copied().unwrap_or(0) > 50, "{k}: {kinds:?}");
    }
    assert!(
        mikro * 100 >= businesses * 85,
        "{mikro} mikro of {businesses}"
    );
    assert!(
        mikro * 100 <= businesses * 97,
        "some kecil/menengah expected"
    );
    let owners = first_niks.len();
    assert!(
        women * 100 > owners * 50 && women * 100 < owners * 66,
        "{women} women of {owners}"
    );
}

#[test]
fn a_province_and_the_whole_country() {
    for (region, prefix) in [("64", "64."), ("", "")] {
        let opts = OwnersOptions {
            count: 2000,
            region: region.into(),
            ..Default::default()
        };
        let (out, _) = run(&opts);
        let (_, rows) = read_csv(&out);
        let mut kabs = HashSet::new();
        for r in &rows {
            let nik = Nik::parse(&r[col("NIK")]).expect("nik");
            let kec = nik.kecamatan_code().dotted();
            assert!(kec.starts_with(prefix), "{kec}");
            assert!(
                r[col("Kode Desa")].starts_with(prefix),
                "{kec} {}",
                r[col("Kode Desa")]
            );
            kabs.insert(kec[..5].to_string());
        }
        assert!(
            kabs.len() >= if region.is_empty() { 100 } else { 8 },
            "{}",
            kabs.len()
        );
    }
}

#[test]
fn rejects_bad_options() {
    let mut sink = Vec::new();
    for opts in [
        OwnersOptions {
            region: "99.99".into(),
            ..Default::default()
        },
        OwnersOptions {
            region: "64.74.01.1001".into(),
            ..Default::default()
        },
        OwnersOptions {
            dup_rate: 1.5,
            ..Default::default()
        },
        OwnersOptions {
            dup_rate: 0.6,
            error_rate: 0.6,
            ..Default::default()
        },
    ] {
        assert!(generate_owners(&opts, &mut sink, None).is_err(), "{opts:?}");
    }
}
