//! Each BPK 2020 category caught on a small fixture; probable matches go to review, never to
//! rejection; duplicates inside one applicant list.

use crate::common;
use berdaya_core::Rupiah;
use berdaya_screen::{
    Applicant, BpkCategory, Block, ExclusionKind, Lookups, RegistryRecord, Rule, RuleSet, Status, screen_all,
};
use crate::common::{budi, date, siti};

fn bpum_rules() -> RuleSet {
    RuleSet::from_json(
        r#"{"version":1,"blocks":[
            {"type":"nik_valid"},
            {"type":"dukcapil"},
            {"type":"business_required"},
            {"type":"scale","allowed":["mikro"]},
            {"type":"not_excluded","lists":["asn","tni","polri","bumn","bumd","kur","bank","deceased"]},
            {"type":"one_per_nik"}
        ]}"#,
    )
    .expect("valid rules")
}

fn lookups() -> Lookups {
    let reg = common::registry_with(vec![
        RegistryRecord { row: 4, nik: "6474010303750004".into(), name: "Agus Salim".into(), birth_date: Some(date(1975, 3, 3)), alive: true },
        RegistryRecord { row: 5, nik: "6474010404700005".into(), name: "Bambang Hartono".into(), birth_date: Some(date(1970, 4, 4)), alive: false },
        RegistryRecord { row: 6, nik: "6474010606880006".into(), name: "Dewi Lestari".into(), birth_date: Some(date(1988, 6, 6)), alive: true },
        RegistryRecord { row: 7, nik: "6474010707920007".into(), name: "Hendra Gunawan".into(), birth_date: Some(date(1992, 7, 7)), alive: true },
        RegistryRecord { row: 8, nik: "6474010808930008".into(), name: "Eko Prasetyo".into(), birth_date: Some(date(1993, 8, 8)), alive: true },
        RegistryRecord { row: 9, nik: "6474010909940009".into(), name: "Rina Marlina".into(), birth_date: Some(date(1994, 9, 9)), alive: true },
        RegistryRecord { row: 10, nik: "6474011010950010".into(), name: "Yusuf Maulana".into(), birth_date: Some(date(1995, 10, 10)), alive: true },
    ]);
    let asn = common::list(ExclusionKind::Asn, "2026-10", vec![
        (1234, "6474010303750004", "Agus Salim", Some(date(1975, 3, 3)), true),
        // Same person as applicant Eko under another NIK, with a degree.
        (1300, "6474010808930099", "Eko Prasetyo, S.Kom", Some(date(1993, 8, 8)), true),
    ]);
    let kur = common::list(ExclusionKind::Kur, "2026-09", vec![
        (55, "6474010606880006", "Dewi Lestari", Some(date(1988, 6, 6)), true),
        (56, "6474010909940009", "Rina Marlina", Some(date(1994, 9, 9)), false),
    ]);
    let dead = common::list(ExclusionKind::Deceased, "2026-08", vec![(3, "6474010404700005", "Bambang Hartono", Some(date(1970, 4, 4)), true)]);
    Lookups::new().with_registry(reg).with_list(asn).with_list(kur).with_list(dead)
}

fn person(row: u64, nik: &str, name: &str, birth: chrono::NaiveDate, phone: &str) -> Applicant {
    let mut a = budi(row);
    a.nik = nik.into();
    a.name = name.into();
    a.birth_date = Some(birth);
    a.phone = Some(phone.into());
    a.no_kk = None;
    a
}

#[test]
fn every_bpk_category_is_caught() {
    let mut kecil = person(8, "6474010707920007", "Hendra Gunawan", date(1992, 7, 7), "0813 1000 0007");
    kecil.business.annual_sales = Some(Rupiah::new(4_000_000_000));
    let applicants = vec![
        budi(2),                                                                           // eligible
        person(3, "6474011111111111", "Tono Sugiarto", date(1911, 11, 11), "0813 1000 0003"), // not in registry
        person(4, "6474010303750004", "Agus Salim", date(1975, 3, 3), "0813 1000 0004"),    // ASN
        person(5, "6474010404700005", "Bambang Hartono", date(1970, 4, 4), "0813 1000 0005"), // deceased
        person(6, "6.47401060688E+15", "Dewi Lestari", date(1988, 6, 6), "0813 1000 0006"),  // anomalous NIK
        person(7, "6474010606880006", "Dewi Lestari", date(1988, 6, 6), "0813 1000 0006"),   // KUR debtor
        kecil,                                                                             // not micro
        budi(9),                                                                           // paid twice
        person(10, "6474010808930008", "Eko Prasetyo", date(1993, 8, 8), "0813 1000 0010"),  // probable ASN
        person(11, "6474010909940009", "Rina Marlina", date(1994, 9, 9), "0813 1000 0011"),  // KUR paid off
        siti(12),                                                                          // eligible
    ];
    let calls = std::sync::atomic::AtomicU64::new(0);
    let progress = |p: berdaya_screen::Progress| {
        assert!(p.done <= p.total);
        calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    };
    let s = screen_all(&bpum_rules(), &applicants, &lookups(), &progress);
    assert!(calls.load(std::sync::atomic::Ordering::Relaxed) >= 1);
    let rows: Vec<u64> = s.decisions.iter().map(|d| d.row).collect();
    assert_eq!(rows, (2..=12).collect::<Vec<u64>>(), "input order kept");
    let got = |row: u64| {
        let d = &s.decisions[(row - 2) as usize];
        (d.status, d.categories())
    };
    use BpkCategory as C;
    use Status::*;
    assert_eq!(got(2), (Eligible, vec![]));
    assert_eq!(got(3), (NotEligible, vec![C::NikTidakPadan]));
    assert_eq!(got(4), (NotEligible, vec![C::AsnTniPolriBumnBumd]));
    assert_eq!(got(5), (NotEligible, vec![C::MeninggalDunia]));
    assert_eq!(got(6), (NotEligible, vec![C::NikAnomali]));
    assert_eq!(got(7), (NotEligible, vec![C::DebiturBankKur]));
    assert_eq!(got(8), (NotEligible, vec![C::BukanUsahaMikro]));
    assert_eq!(got(9), (NotEligible, vec![C::PenerimaGanda]));
    assert_eq!(got(10), (NeedsReview, vec![C::AsnTniPolriBumnBumd]));
    assert_eq!(got(11), (Eligible, vec![]));
    assert_eq!(got(12), (Eligible, vec![]));
    // Reasons say which list, which version, which row.
    let asn = s.decisions[2].reasons_joined();
    assert_eq!(asn, "NIK 6474**********04 tercatat dalam daftar ASN versi 2026-10 (baris 1234)");
    let twice = s.decisions[7].reasons_joined();
    assert_eq!(twice, "NIK 6474**********01 sudah diajukan pada baris 2");
    let near = s.decisions[8].reasons_joined();
    assert!(near.contains("baris 1300 daftar ASN versi 2026-10 (NIK 6474**********99)"), "{near}");
    // Summary and dry run.
    assert_eq!(s.summary.total, 11);
    assert_eq!(s.summary.count(Eligible), 3);
    assert_eq!(s.summary.count(NeedsReview), 1);
    assert_eq!(s.summary.count(NotEligible), 7);
    assert_eq!(s.summary.not_eligible_by_category.get(&C::PenerimaGanda), Some(&1));
    let dry = s.summary.dry_run(Rupiah::new(2_400_000), Rupiah::new(5_000_000));
    assert_eq!(dry.cost_eligible, Rupiah::new(7_200_000));
    assert_eq!(dry.cost_if_reviews_pass, Rupiah::new(9_600_000));
    assert!(!dry.fits());
    assert_eq!(dry.affordable_recipients, 2);
    assert!(dry.describe().contains("melebihi sisa anggaran sebesar Rp 2.200.000"), "{}", dry.describe());
}

#[test]
fn probable_list_match_is_review_never_rejection() {
    let rules = RuleSet::new(vec![Block::new("", Rule::NotExcluded { lists: vec![ExclusionKind::Asn, ExclusionKind::Deceased] })]);
    // Titles and old spelling on the list; the NIK differs by its serial.
    let asn = common::list(ExclusionKind::Asn, "v1", vec![(40, "6474011505900002", "Drs. H. Boedi Santoso, M.Si", Some(date(1990, 5, 15)), true)]);
    let dead = common::list(ExclusionKind::Deceased, "v1", vec![(41, "6474011505900003", "BUDI SANTOSO", Some(date(1990, 5, 15)), true)]);
    let s = screen_all(&rules, &[budi(2)], &Lookups::new().with_list(asn).with_list(dead), &|_| {});
    let d = &s.decisions[0];
    assert_eq!(d.status, Status::NeedsReview, "{d:?}");
    assert_eq!(d.categories(), vec![BpkCategory::AsnTniPolriBumnBumd, BpkCategory::MeninggalDunia]);
    // Another birth date: no match at all.
    let asn = common::list(ExclusionKind::Asn, "v1", vec![(40, "6474011505900002", "Budi Santoso", Some(date(1990, 5, 16)), true)]);
    let s = screen_all(&rules, &[budi(2)], &Lookups::new().with_list(asn), &|_| {});
    assert_eq!(s.decisions[0].status, Status::Eligible);
}

#[test]
fn same_nik_twice_rejects_the_later_row_only() {
    let rules = RuleSet::new(vec![Block::new("", Rule::OnePerNik)]);
    let s = screen_all(&rules, &[budi(2), siti(3), budi(4), budi(5)], &Lookups::new(), &|_| {});
    let st: Vec<Status> = s.decisions.iter().map(|d| d.status).collect();
    assert_eq!(st, [Status::Eligible, Status::Eligible, Status::NotEligible, Status::NotEligible]);
    assert_eq!(s.decisions[3].reasons_joined(), "NIK 6474**********01 sudah diajukan pada baris 2");
}

#[test]
fn same_person_under_two_niks_sends_both_to_review() {
    let rules = RuleSet::new(vec![Block::new("", Rule::OnePerNik)]);
    let mut second = budi(7);
    second.nik = "6474011505900005".into();
    second.name = "BUDI SANTOSO".into();
    second.phone = None;
    let mut same_phone = siti(9);
    same_phone.nik = "6474024507850008".into();
    same_phone.name = "Siti Nurhaliza".into();
    let s = screen_all(&rules, &[budi(2), siti(3), second, same_phone], &Lookups::new(), &|_| {});
    let d: Vec<(Status, String)> = s.decisions.iter().map(|d| (d.status, d.reasons_joined())).collect();
    assert_eq!(d[0].0, Status::NeedsReview);
    assert!(d[0].1.contains("nama dan tanggal lahir sama dengan baris 7"), "{}", d[0].1);
    assert!(d[2].1.contains("nama dan tanggal lahir sama dengan baris 2"), "{}", d[2].1);
    assert!(d[1].1.contains("nomor HP sama dengan baris 9"), "{}", d[1].1);
    assert!(d[3].1.contains("nomor HP sama dengan baris 3"), "{}", d[3].1);
    assert!(d.iter().all(|x| x.0 == Status::NeedsReview));
}

#[test]
fn one_per_kk() {
    let rules = RuleSet::new(vec![Block::new("", Rule::OnePerKk)]);
    let mut wife = siti(3);
    wife.no_kk = budi(2).no_kk;
    let s = screen_all(&rules, &[budi(2), wife], &Lookups::new(), &|_| {});
    assert_eq!(s.decisions[0].status, Status::Eligible);
    assert_eq!(s.decisions[1].status, Status::NotEligible);
    assert_eq!(s.decisions[1].reasons_joined(), "nomor KK yang sama sudah diajukan pada baris 2");
}
