use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn subject() -> Subject {
    Subject {
        application_id: uuid::Uuid::from_u128(1),
        nik: "6474015505900001".into(),
        no_kk: "6474010101100001".into(),
        nama_norm: "SITI AMINAH".into(),
        tanggal_lahir: NaiveDate::from_ymd_opt(1990, 5, 15),
        region: "64.74.01.1002".into(),
        has_business: true,
        skala: "mikro".into(),
        sektor: "C".into(),
        tahun_berdiri: Some(2020),
        documents: vec!["ktp".into()],
        ..Default::default()
    }
}

fn cx() -> Context {
    Context { today: today(), target_region: "64.74".into(), required_docs: vec!["ktp".into()], ..Default::default() }
}

fn one(rule: Rule, s: &Subject, cx: &Context) -> RuleResult {
    evaluate(&RuleSet { aturan: vec![rule] }, s, cx).hasil.remove(0)
}

#[test]
fn every_block_passes_and_fails_with_reasons() {
    let s = subject();
    let c = cx();
    assert_eq!(one(Rule::Domisili { dasar: Basis::Nik }, &s, &c).hasil, "lulus");
    let far = Subject { nik: "3674015505900001".into(), region: "36.74.01.1001".into(), ..subject() };
    let r = one(Rule::Domisili { dasar: Basis::Alamat }, &far, &c);
    assert_eq!((r.hasil.as_str(), r.kategori.as_str()), ("gagal", "lainnya"));
    assert!(r.alasan.contains("36.74.01.1001"));
    let bad = Subject { nik: "6474019999900000".into(), ..subject() };
    assert_eq!(one(Rule::NikValid, &bad, &c).kategori, "nik_anomali");
    assert_eq!(one(Rule::Usia { min: Some(17), maks: Some(35) }, &s, &c).hasil, "lulus");
    assert_eq!(one(Rule::Usia { min: Some(40), maks: None }, &s, &c).hasil, "gagal");
    assert_eq!(one(Rule::PunyaUsaha, &Subject { has_business: false, ..subject() }, &c).hasil, "gagal");
    let r = one(Rule::Skala { dalam: vec!["mikro".into()] }, &Subject { skala: "kecil".into(), ..subject() }, &c);
    assert_eq!(r.kategori, "bukan_mikro");
    assert_eq!(one(Rule::Skala { dalam: vec!["mikro".into()] }, &Subject { skala: String::new(), ..subject() }, &c).hasil, "tinjau");
    assert_eq!(one(Rule::UmurUsaha { min_bulan: 12 }, &Subject { tahun_berdiri: Some(2026), ..subject() }, &c).hasil, "gagal");
    assert_eq!(one(Rule::UmurUsaha { min_bulan: 12 }, &s, &c).hasil, "lulus");
    assert_eq!(one(Rule::Sektor { dalam: vec!["G".into()] }, &s, &c).hasil, "gagal");
    assert_eq!(one(Rule::DokumenLengkap, &Subject { documents: vec![], ..subject() }, &c).alasan, "Dokumen belum ada: Foto e-KTP.");
}

#[test]
fn exclusion_lists_reject_exact_nik_and_review_name_matches() {
    let mut c = cx();
    let mut asn = ListIndex { versi: "2026-10".into(), ..Default::default() };
    asn.niks.insert("6474015505900001".into());
    c.lists.insert("asn".into(), asn);
    let mut dead = ListIndex { versi: "1".into(), ..Default::default() };
    dead.people.insert(("BUDI".into(), NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()));
    c.lists.insert("meninggal".into(), dead);
    let rule = RuleSet { aturan: vec![Rule::TidakDalamDaftar { daftar: vec!["asn".into(), "meninggal".into(), "kur".into()] }] };
    let d = evaluate(&rule, &subject(), &c);
    assert_eq!(d.keputusan, "tidak_layak");
    assert_eq!(d.kategori, vec!["asn_tni_polri_bumn".to_string()]);
    assert!(d.alasan[0].contains("ASN") && d.alasan[0].contains("2026-10"), "{:?}", d.alasan);
    let budi = Subject { nik: "6474010101700002".into(), nama_norm: "BUDI".into(), tanggal_lahir: NaiveDate::from_ymd_opt(1970, 1, 1), ..subject() };
    let d = evaluate(&rule, &budi, &c);
    assert_eq!(d.keputusan, "perlu_ditinjau", "a name match without the NIK is never an automatic rejection");
    c.received_elsewhere.insert(budi.nik.clone());
    let twice = RuleSet { aturan: vec![Rule::TidakDalamDaftar { daftar: vec!["penerima_lain".into()] }] };
    assert_eq!(evaluate(&twice, &budi, &c).kategori, vec!["penerima_ganda".to_string()]);
}

#[test]
fn one_per_kk_and_probable_same_person() {
    let mut c = cx();
    c.first_of_kk.insert("6474010101100001".into(), uuid::Uuid::from_u128(9));
    let d = evaluate(&RuleSet { aturan: vec![Rule::SatuPerKk] }, &subject(), &c);
    assert_eq!(d.kategori, vec!["penerima_ganda".to_string()]);
    let mut c = cx();
    c.probable_same.insert(uuid::Uuid::from_u128(1), "Nomor HP sama dengan permohonan lain".into());
    let d = evaluate(&RuleSet::default(), &subject(), &c);
    assert_eq!(d.keputusan, "perlu_ditinjau");
}

#[test]
fn rule_sets_parse_validate_and_read_in_bahasa() {
    let rs = RuleSet::parse(r#"{"aturan":[{"blok":"domisili","dasar":"nik"},{"blok":"skala","dalam":["mikro"]},{"blok":"tidak_dalam_daftar","daftar":["asn","kur"]}]}"#).unwrap();
    let text = rs.describe().join(" ");
    assert!(text.contains("kode kecamatan pada NIK") && text.contains("debitur KUR"), "{text}");
    assert!(RuleSet::parse(r#"{"aturan":[{"blok":"terbang"}]}"#).is_err());
    assert!(RuleSet::parse(r#"{"aturan":[{"blok":"usia","min":60,"maks":20}]}"#).unwrap_err().contains("Usia"));
    assert!(RuleSet::parse(r#"{"aturan":[{"blok":"tidak_dalam_daftar","daftar":["dpr"]}]}"#).is_err());
    assert_eq!(RuleSet::parse(&rs.to_json()).unwrap(), rs);
}
