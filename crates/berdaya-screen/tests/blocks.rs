//! Each rule block passes a fitting applicant and fails (or asks for review) otherwise.

use crate::common;
use berdaya_core::{Rupiah, SkalaUsaha};
use berdaya_screen::{
    Applicant, BpkCategory, Block, Decision, DomicileBasis, ExclusionKind, Lookups, Outcome, Rule, RuleSet, Status,
    screen_one,
};
use crate::common::{budi, date};

fn one(rule: Rule, a: &Applicant, lookups: &Lookups) -> Decision {
    let rs = RuleSet::new(vec![Block::new("", rule)]);
    rs.validate().expect("valid rules");
    screen_one(&rs, a, lookups)
}

fn check(rule: Rule, a: &Applicant) -> (Status, BpkCategory, String) {
    let d = one(rule, a, &Lookups::new());
    assert_eq!(d.results.len(), 1);
    let r = &d.results[0];
    (d.status, r.category, r.reason.clone())
}

#[test]
fn domicile_by_nik_and_by_address() {
    let nik = |regions: &[&str]| Rule::Domicile { regions: regions.iter().map(|s| s.to_string()).collect(), basis: DomicileBasis::Nik };
    assert_eq!(check(nik(&["64.74"]), &budi(1)).0, Status::Eligible);
    assert_eq!(check(nik(&["64.72", "64.74.01"]), &budi(1)).0, Status::Eligible);
    let (s, c, why) = check(nik(&["64.72"]), &budi(1));
    assert_eq!((s, c), (Status::NotEligible, BpkCategory::Domisili));
    assert_eq!(why, "kode wilayah pada NIK (64.74.01) di luar wilayah program (64.72)");
    let alamat = |r: &str| Rule::Domicile { regions: vec![r.into()], basis: DomicileBasis::Alamat };
    assert_eq!(check(alamat("64.74.01.1001"), &budi(1)).0, Status::Eligible);
    let (s, _, why) = check(alamat("64.74.02"), &budi(1));
    assert_eq!(s, Status::NotEligible);
    assert!(why.contains("kode wilayah alamat (64.74.01.1001)"), "{why}");
    let mut no_addr = budi(1);
    no_addr.address_region = None;
    assert_eq!(check(alamat("64.74"), &no_addr).0, Status::NotEligible);
}

#[test]
fn nik_valid() {
    assert_eq!(check(Rule::NikValid, &budi(1)).0, Status::Eligible);
    let mut a = budi(1);
    a.nik = "647401150590000".into();
    let (s, c, why) = check(Rule::NikValid, &a);
    assert_eq!((s, c), (Status::NotEligible, BpkCategory::NikAnomali));
    assert_eq!(why, "NIK tidak sah: NIK harus 16 digit angka (terbaca 15 digit)");
}

#[test]
fn age_range_on_reference_date() {
    let on = date(2026, 7, 1);
    let rule = |min, max| Rule::Age { min_years: min, max_years: max, on };
    // Budi is 36 on 1 July 2026.
    assert_eq!(check(rule(Some(17), Some(60)), &budi(1)).0, Status::Eligible);
    assert_eq!(check(rule(Some(36), Some(36)), &budi(1)).0, Status::Eligible);
    let (s, c, why) = check(rule(Some(40), None), &budi(1));
    assert_eq!((s, c), (Status::NotEligible, BpkCategory::Usia));
    assert_eq!(why, "usia 36 tahun pada 01/07/2026 (lahir 15/05/1990), syarat paling sedikit 40 tahun");
    assert_eq!(check(rule(None, Some(35)), &budi(1)).0, Status::NotEligible);
    // Without a birth date on the form the NIK's date is used.
    let mut a = budi(1);
    a.birth_date = None;
    assert_eq!(check(rule(Some(40), None), &a).0, Status::NotEligible);
    a.nik = "rusak".into();
    assert_eq!(check(rule(Some(40), None), &a).0, Status::NeedsReview);
}

#[test]
fn registered_business_required() {
    assert_eq!(check(Rule::BusinessRequired, &budi(1)).0, Status::Eligible);
    let mut a = budi(1);
    a.business.registered = false;
    let (s, c, why) = check(Rule::BusinessRequired, &a);
    assert_eq!((s, c), (Status::NotEligible, BpkCategory::Lainnya));
    assert_eq!(why, "tidak memiliki usaha yang terdaftar");
}

#[test]
fn computed_scale_in_set() {
    let mikro = || Rule::Scale { allowed: vec![SkalaUsaha::Mikro] };
    assert_eq!(check(mikro(), &budi(1)).0, Status::Eligible);
    let mut a = budi(1);
    a.business.annual_sales = Some(Rupiah::new(3_000_000_000));
    let (s, c, why) = check(mikro(), &a);
    assert_eq!((s, c), (Status::NotEligible, BpkCategory::BukanUsahaMikro));
    assert_eq!(why, "usaha Kecil menurut hasil penjualan tahunan Rp 3.000.000.000 (PP 7/2021)");
    assert_eq!(check(Rule::Scale { allowed: vec![SkalaUsaha::Mikro, SkalaUsaha::Kecil] }, &a).0, Status::Eligible);
    a.business.annual_sales = None;
    a.business.capital = None;
    assert_eq!(check(mikro(), &a).0, Status::NeedsReview);
    a.business.scale = Some(SkalaUsaha::Menengah);
    assert_eq!(check(mikro(), &a).0, Status::NotEligible);
}

#[test]
fn business_age_in_months() {
    let on = date(2026, 7, 1);
    // Founded 1 March 2018: 100 full months on 1 July 2026, 99 on 30 June.
    assert_eq!(check(Rule::BusinessAge { min_months: 100, on }, &budi(1)).0, Status::Eligible);
    let (s, _, why) = check(Rule::BusinessAge { min_months: 100, on: date(2026, 6, 30) }, &budi(1));
    assert_eq!(s, Status::NotEligible);
    assert_eq!(why, "usaha baru berjalan 99 bulan pada 30/06/2026 (syarat paling sedikit 100 bulan)");
    let mut a = budi(1);
    a.business.founded = None;
    assert_eq!(check(Rule::BusinessAge { min_months: 6, on }, &a).0, Status::NeedsReview);
}

#[test]
fn sector_by_category_or_code() {
    let rule = |v: &[&str]| Rule::Sector { allowed: v.iter().map(|s| s.to_string()).collect() };
    // 10792 is in division 10, category C.
    assert_eq!(check(rule(&["C"]), &budi(1)).0, Status::Eligible);
    assert_eq!(check(rule(&["1079"]), &budi(1)).0, Status::Eligible);
    let (s, _, why) = check(rule(&["G", "56"]), &budi(1));
    assert_eq!(s, Status::NotEligible);
    assert_eq!(why, "bidang usaha KBLI 10792 tidak termasuk bidang program (G, 56)");
    let mut a = budi(1);
    a.business.kbli = None;
    assert_eq!(check(rule(&["C"]), &a).0, Status::NeedsReview);
}

#[test]
fn not_excluded_exact_inactive_and_probable() {
    let rule = || Rule::NotExcluded { lists: vec![ExclusionKind::Kur] };
    let clean = one(rule(), &budi(1), &Lookups::new());
    assert_eq!(clean.status, Status::Eligible);
    let kur = common::list(ExclusionKind::Kur, "2026-10", vec![(7, "6474011505900001", "Budi Santoso", Some(date(1990, 5, 15)), true)]);
    let d = one(rule(), &budi(1), &Lookups::new().with_list(kur));
    assert_eq!(d.status, Status::NotEligible);
    assert_eq!(d.results[0].category, BpkCategory::DebiturBankKur);
    assert_eq!(d.results[0].reason, "NIK 6474**********01 tercatat dalam daftar debitur KUR versi 2026-10 (baris 7)");
    // Paid off: still eligible, with a note.
    let paid = common::list(ExclusionKind::Kur, "2026-10", vec![(7, "6474011505900001", "Budi Santoso", None, false)]);
    let d = one(rule(), &budi(1), &Lookups::new().with_list(paid));
    assert_eq!(d.status, Status::Eligible);
    assert_eq!(d.results[0].outcome, Outcome::Pass);
    assert!(d.results[0].reason.contains("tidak aktif lagi"), "{}", d.results[0].reason);
    // A list of another kind is not consulted by this block.
    let asn = common::list(ExclusionKind::Asn, "1", vec![(2, "6474011505900001", "Budi Santoso", None, true)]);
    assert_eq!(one(rule(), &budi(1), &Lookups::new().with_list(asn)).status, Status::Eligible);
}

#[test]
fn one_per_nik_alone_passes() {
    assert_eq!(check(Rule::OnePerNik, &budi(1)).0, Status::Eligible);
    assert_eq!(check(Rule::OnePerKk, &budi(1)).0, Status::Eligible);
}

#[test]
fn documents_all_present() {
    let rule = |v: &[&str]| Rule::Documents { required: v.iter().map(|s| s.to_string()).collect() };
    assert_eq!(check(rule(&["KTP", "foto_usaha"]), &budi(1)).0, Status::Eligible);
    let (s, c, why) = check(rule(&["ktp", "surat_pernyataan", "sku"]), &budi(1));
    assert_eq!((s, c), (Status::NotEligible, BpkCategory::Dokumen));
    assert_eq!(why, "dokumen belum ada: surat_pernyataan, sku");
}

#[test]
fn dukcapil_match_missing_dead_and_other_name() {
    let reg = common::registry_with(vec![berdaya_screen::RegistryRecord {
        row: 9,
        nik: "6474011202800002".into(),
        name: "Joko Widodo".into(),
        birth_date: Some(date(1980, 2, 12)),
        alive: false,
    }]);
    let lookups = Lookups::new().with_registry(reg);
    // Case and spacing differences are the same name.
    assert_eq!(one(Rule::Dukcapil, &budi(1), &lookups).status, Status::Eligible);
    let mut titled = budi(1);
    titled.name = "H. Budi Santoso, S.E.".into();
    assert_eq!(one(Rule::Dukcapil, &titled, &lookups).status, Status::Eligible);
    let mut other = budi(1);
    other.name = "Rahmat Hidayat".into();
    let d = one(Rule::Dukcapil, &other, &lookups);
    assert_eq!((d.status, d.results[0].category), (Status::NotEligible, BpkCategory::NikTidakPadan));
    assert_eq!(d.results[0].reason, "NIK 6474**********01 terdaftar atas nama orang lain dalam data Dukcapil versi 2026-10 (baris 2)");
    let mut absent = budi(1);
    absent.nik = "6474011505900009".into();
    let d = one(Rule::Dukcapil, &absent, &lookups);
    assert_eq!(d.results[0].reason, "NIK 6474**********09 tidak ditemukan dalam data Dukcapil versi 2026-10");
    let mut dead = budi(1);
    dead.nik = "6474011202800002".into();
    dead.name = "Joko Widodo".into();
    let d = one(Rule::Dukcapil, &dead, &lookups);
    assert_eq!((d.status, d.results[0].category), (Status::NotEligible, BpkCategory::MeninggalDunia));
    let mut typo = budi(1);
    typo.birth_date = Some(date(1990, 5, 16));
    assert_eq!(one(Rule::Dukcapil, &typo, &lookups).status, Status::NeedsReview);
    // No registry given: the block cannot fail.
    assert_eq!(one(Rule::Dukcapil, &other, &Lookups::new()).status, Status::Eligible);
}
