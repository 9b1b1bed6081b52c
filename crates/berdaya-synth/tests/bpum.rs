
use std::collections::{HashMap, HashSet};
use std::path::Path;

use berdaya_core::{Nik, Rupiah, SkalaUsaha};
use berdaya_synth::{APPLICANT_HEADERS, BpumKind, BpumOptions, BpumRates, generate_bpum};
use crate::common::{read_csv, same_person_name};

fn read(dir: &Path, name: &str) -> Vec<Vec<String>> {
    read_csv(&std::fs::read(dir.join(name)).expect(name)).1
}

fn boosted() -> BpumRates {
    BpumRates {
        nik_not_in_registry: 0.03,
        civil_servant: 0.02,
        deceased: 0.015,
        anomalous_nik: 0.01,
        not_micro: 0.01,
        bank_debtor: 0.01,
        paid_twice: 0.005,
        review_other_nik: 0.005,
        review_near_exclusion: 0.005,
        kur_paid_off: 0.005,
    }
}

#[test]
fn every_bpk_category_is_planted_exactly_and_is_what_it_claims() {
    let dir = tempfile::tempdir().expect("tmp");
    let opts = BpumOptions {
        applicants: 20_000,
        region: "64".into(),
        seed: 5,
        rates: boosted(),
        ..Default::default()
    };
    let summary = generate_bpum(&opts, dir.path()).expect("generate");
    let apps = read(dir.path(), "applicants.csv");
    let truth = read(dir.path(), "truth.csv");
    let asn = read(dir.path(), "asn.csv");
    let kur = read(dir.path(), "kur.csv");
    let dead = read(dir.path(), "deceased.csv");
    let registry = read(dir.path(), "registry.csv");
    assert_eq!(apps.len(), 20_000);
    assert_eq!(truth.len(), 20_000);
    // List sizes scale with N: 1/3, 1/12, 1/24.
    assert_eq!(asn.len(), 6_667);
    assert_eq!(kur.len(), 1_667);
    assert_eq!(dead.len(), 833);
    assert_eq!(summary.files.get("asn.csv"), Some(&6_667));

    // Exact planted counts.
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    for t in &truth {
        *kinds.entry(t[2].as_str()).or_default() += 1;
    }
    let want = [
        (BpumKind::NikNotInRegistry, 600),
        (BpumKind::CivilServant, 400),
        (BpumKind::Deceased, 300),
        (BpumKind::AnomalousNik, 200),
        (BpumKind::NotMicro, 200),
        (BpumKind::BankDebtor, 200),
        (BpumKind::PaidTwice, 100),
        (BpumKind::ReviewOtherNik, 100),
        (BpumKind::ReviewNearExclusion, 100),
        (BpumKind::KurPaidOff, 100),
    ];
    for (k, n) in want {
        assert_eq!(kinds.get(k.as_str()).copied(), Some(n), "{}", k.as_str());
    }
    assert_eq!(kinds.get("eligible").copied(), Some(20_000 - 2_300));

    let col = |h: &str| APPLICANT_HEADERS.iter().position(|x| *x == h).expect(h);
    let reg: HashMap<&str, &Vec<String>> = registry.iter().map(|r| (r[0].as_str(), r)).collect();
    assert_eq!(reg.len(), registry.len(), "registry NIKs are unique");
    let asn_niks: HashSet<&str> = asn.iter().map(|r| r[0].as_str()).collect();
    let dead_niks: HashSet<&str> = dead.iter().map(|r| r[0].as_str()).collect();
    let kur_status: HashMap<&str, &str> =
        kur.iter().map(|r| (r[0].as_str(), r[5].as_str())).collect();
    let mut asn_by_birth: HashMap<&str, Vec<&Vec<String>>> = HashMap::new();
    for r in &asn {
        asn_by_birth.entry(r[2].as_str()).or_default().push(r);
    }
    let mut eligible_niks = HashSet::new();
    for (a, t) in apps.iter().zip(&truth) {
        assert_eq!(a[0], t[0]);
        let nik = a[col("nik")].as_str();
        let name = a[col("nama")].as_str();
        let iso = {
            let d: Vec<&str> = a[col("tanggal_lahir")].split('/').collect();
            format!("{}-{}-{}", d[2], d[1], d[0])
        };
        let refrow = || &apps[t[4].parse::<usize>().expect("ref_row") - 1];
        let micro = || {
            let modal: i64 = a[col("modal_usaha")].parse().expect("modal");
            let omzet: i64 = a[col("omzet_per_bulan")].parse().expect("omzet");
            SkalaUsaha::compute(Some(Rupiah::new(modal)), Some(Rupiah::new(omzet * 12)))
                == Some(SkalaUsaha::Mikro)
        };
        match t[2].as_str() {
            "eligible" | "kur_paid_off" => {
                let n = Nik::parse(nik).expect("valid NIK");
                assert!(n.kecamatan_code().dotted().starts_with("64."));
                let r = reg.get(nik).expect("in registry");
                assert_eq!(
                    (r[1].as_str(), r[2].as_str(), r[4].as_str()),
                    (name, iso.as_str(), "1")
                );
                assert!(!asn_niks.contains(nik) && !dead_niks.contains(nik));
                assert!(micro());
                assert_eq!(t[3], "eligible");
                if t[2] == "kur_paid_off" {
                    assert_eq!(kur_status.get(nik), Some(&"lunas"));
                } else {
                    assert_eq!(kur_status.get(nik), None);
                    assert!(
                        eligible_niks.insert(nik.to_string()),
                        "eligible NIK repeated"
                    );
                }
            }
            "nik_not_in_registry" => {
                assert!(Nik::parse(nik).is_ok());
                assert!(
                    reg.get(nik).is_none_or(|r| r[1] != name),
                    "{nik} matches the registry"
                );
            }
            "civil_servant" => assert!(asn_niks.contains(nik)),
            "deceased" => {
                assert!(dead_niks.contains(nik));
                assert_eq!(reg[nik][4], "0");
            }
            "anomalous_nik" => assert!(Nik::parse(nik).is_err(), "{nik}"),
            "not_micro" => assert!(!micro()),
            "bank_debtor" => assert_eq!(kur_status.get(nik), Some(&"aktif")),
            "paid_twice" => assert_eq!(refrow()[col("nik")], nik),
            "review_other_nik" => {
                let o = refrow();
                assert_ne!(o[col("nik")], nik);
                assert_eq!(
                    (o[col("nama")].as_str(), o[col("tanggal_lahir")].as_str()),
                    (name, a[col("tanggal_lahir")].as_str())
                );
                assert_eq!(reg[nik][1], name, "second NIK is in the registry");
                assert_eq!(t[3], "needs_review");
            }
            "review_near_exclusion" => {
                assert!(!asn_niks.contains(nik));
                let near = asn_by_birth
                    .get(a[col("tanggal_lahir")].as_str())
                    .into_iter()
                    .flatten()
                    .any(|r| same_person_name(&r[1], name));
                assert!(near, "{name} has no near match on asn.csv");
            }
            other => panic!("unknown kind {other}"),
        }
    }
}

#[test]
fn same_seed_same_files() {
    let (a, b) = (
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
    );
    let opts = BpumOptions {
        applicants: 3000,
        region: "64.74".into(),
        rates: boosted(),
        ..Default::default()
    };
    generate_bpum(&opts, a.path()).expect("a");
    generate_bpum(&opts, b.path()).expect("b");
    for f in [
        "applicants.csv",
        "asn.csv",
        "kur.csv",
        "deceased.csv",
        "registry.csv",
        "truth.csv",
    ] {
        let (x, y) = (
            std::fs::read(a.path().join(f)).expect(f),
            std::fs::read(b.path().join(f)).expect(f),
        );
        assert!(x == y, "{f} differs");
        assert!(x.len() > 40, "{f} is empty");
    }
}

#[test]
fn default_rates_follow_the_bpk_findings_and_bad_rates_are_refused() {
    let r = BpumRates::default();
    assert!((r.nik_not_in_registry * 12_000_000.0 - 280_815.0).abs() < 1.0);
    assert!((r.paid_twice * 12_000_000.0 - 1_392.0).abs() < 1.0);
    let dir = tempfile::tempdir().expect("tmp");
    let bad = BpumOptions {
        rates: BpumRates {
            civil_servant: 0.9,
            deceased: 0.9,
            ..r
        },
        ..Default::default()
    };
    assert!(generate_bpum(&bad, dir.path()).is_err());
}
