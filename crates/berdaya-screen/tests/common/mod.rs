//! Small fixtures shared by the tests.
#![allow(dead_code)]

use berdaya_core::{JenisKelamin, Rupiah};
use berdaya_screen::{Applicant, Business, CivilRegistry, ExclusionKind, ExclusionList, ListRecord, RegistryRecord};
use chrono::NaiveDate;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Budi, born 15/05/1990 in Bontang Selatan (64.74.01), a micro food business.
pub fn budi(row: u64) -> Applicant {
    Applicant {
        row,
        nik: "6474011505900001".into(),
        no_kk: Some("6474010101200001".into()),
        name: "Budi Santoso".into(),
        sex: Some(JenisKelamin::Laki),
        birth_date: Some(date(1990, 5, 15)),
        phone: Some("0812-3456-7890".into()),
        address_region: Some("64.74.01.1001".into()),
        business: Business {
            registered: true,
            capital: Some(Rupiah::new(15_000_000)),
            annual_sales: Some(Rupiah::new(120_000_000)),
            scale: None,
            founded: Some(date(2018, 3, 1)),
            kbli: Some("10792".into()),
        },
        documents: vec!["ktp".into(), "foto_usaha".into()],
    }
}

/// Siti, born 05/07/1985 (female: day + 40 in the NIK).
pub fn siti(row: u64) -> Applicant {
    Applicant {
        row,
        nik: "6474024507850003".into(),
        no_kk: Some("6474020202150002".into()),
        name: "Siti Aminah".into(),
        sex: Some(JenisKelamin::Perempuan),
        birth_date: Some(date(1985, 7, 5)),
        phone: Some("081398765432".into()),
        address_region: Some("64.74.02.1003".into()),
        business: Business {
            registered: true,
            capital: Some(Rupiah::new(5_000_000)),
            annual_sales: Some(Rupiah::new(60_000_000)),
            scale: None,
            founded: Some(date(2015, 1, 10)),
            kbli: Some("47111".into()),
        },
        documents: vec!["ktp".into(), "foto_usaha".into()],
    }
}

pub fn list(kind: ExclusionKind, version: &str, recs: Vec<(u64, &str, &str, Option<NaiveDate>, bool)>) -> ExclusionList {
    ExclusionList::from_records(
        kind,
        version,
        format!("{}.csv", kind.as_str()),
        recs.into_iter()
            .map(|(row, nik, name, birth, active)| ListRecord {
                row,
                nik: nik.into(),
                name: name.into(),
                birth_date: birth,
                active,
                detail: String::new(),
            })
            .collect(),
    )
}

/// A registry holding Budi and Siti, alive.
pub fn registry_with(extra: Vec<RegistryRecord>) -> CivilRegistry {
    let mut recs = vec![
        RegistryRecord { row: 2, nik: "6474011505900001".into(), name: "BUDI SANTOSO".into(), birth_date: Some(date(1990, 5, 15)), alive: true },
        RegistryRecord { row: 3, nik: "6474024507850003".into(), name: "Siti Aminah".into(), birth_date: Some(date(1985, 7, 5)), alive: true },
    ];
    recs.extend(extra);
    CivilRegistry::from_records("2026-10", "dukcapil.csv", recs)
}
