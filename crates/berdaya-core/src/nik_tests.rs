//! Tests of `nik.rs`.
use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
#[allow(non_snake_case)]
fn REF() -> NaiveDate {
    d(2026, 11, 15)
}

#[test]
fn parses_parts() {
    let n = Nik::parse("6474011505800001").unwrap();
    assert_eq!(n.as_str(), "6474011505800001");
    assert_eq!(n.kecamatan_code().dotted(), "64.74.01");
    assert_eq!(n.sex(), JenisKelamin::Laki);
    assert_eq!(n.birth_date_with(REF()), d(1980, 5, 15));
    assert_eq!(n.serial(), 1);
    assert_eq!(n.masked(), "6474**********01");

    let w = Nik::parse("6474015505050123").unwrap();
    assert_eq!(w.sex(), JenisKelamin::Perempuan);
    assert_eq!(w.birth_day(), 15);
    assert_eq!(w.birth_date_with(REF()), d(2005, 5, 15));
    assert_eq!(w.serial(), 123);
    assert_eq!(Nik::parse("6474017101900001").unwrap().birth_day(), 31);
}

#[test]
fn accepts_messy_input() {
    let forms = "6474 0115 0580 0001|6474.01.150580.0001|'6474011505800001| 647401-150580-0001 |’6474011505800001";
    for s in forms.split('|') {
        assert_eq!(Nik::parse(s).unwrap().as_str(), "6474011505800001", "{s}");
    }
}

#[test]
fn rejects_bad_niks() {
    use NikError::*;
    let cases = [
        (" ", Empty),
        ("6.474011505900001E15", SpreadsheetNumber),
        ("6,47401E+15", SpreadsheetNumber),
        ("6474011505800001.0", SpreadsheetNumber),
        ("647401150580000", Length(15)),
        ("64740115058000011", Length(17)),
        ("6474O11505800001", InvalidChar),
        ("0974011505800001", Provinsi),
        ("6400011505800001", Kabkota),
        ("6474001505800001", Kecamatan),
        ("6474010005800001", Day(0)),
        ("6474013205800001", Day(32)),
        ("6474014001900001", Day(40)),
        ("6474017205800001", Day(72)),
        ("6474011513800001", Month(13)),
        ("6474011500800001", Month(0)),
        ("6474013102800001", NoSuchDate { day: 31, month: 2 }),
        ("6474017104800001", NoSuchDate { day: 31, month: 4 }),
        ("6474011505800000", Serial),
    ];
    for (s, e) in cases {
        assert_eq!(Nik::parse(s), Err(e), "{s}");
    }
    let msg = |s: &str| Nik::parse(s).unwrap_err().to_string();
    assert_eq!(
        msg("6474011505800000"),
        "nomor urut pada NIK (4 digit terakhir) tidak boleh 0000"
    );
    assert_eq!(msg("123"), "NIK harus 16 digit angka (terbaca 3 digit)");
}

#[test]
fn leap_day_and_century() {
    let n = Nik::parse("6474016902000001").unwrap();
    assert_eq!(n.sex(), JenisKelamin::Perempuan);
    assert_eq!(n.birth_date_with(REF()), d(2000, 2, 29));
    // 29/02/04 exists in both 1904 and 2004; reference decides.
    let m = Nik::parse("6474012902040001").unwrap();
    assert_eq!(m.birth_date_with(REF()), d(2004, 2, 29));
    assert_eq!(m.birth_date_with(d(2003, 1, 1)), d(1904, 2, 29));
    // Born "tomorrow" relative to the reference means the previous century.
    let t = Nik::parse("6474011611260001").unwrap();
    assert_eq!(t.birth_date_with(REF()), d(1926, 11, 16));
    let today = Nik::parse("6474011511260001").unwrap();
    assert_eq!(today.birth_date_with(REF()), d(2026, 11, 15));
}

#[test]
fn debug_never_shows_full_nik() {
    let n = Nik::parse("6474011505800001").unwrap();
    let dbg = format!("{n:?} {:?}", Some(&n));
    assert!(!dbg.contains("6474011505800001"));
    assert!(dbg.contains("6474**********01"));
}

#[test]
fn serde_as_string() {
    let n = Nik::parse("6474011505800001").unwrap();
    let json = serde_json::to_string(&n).unwrap();
    assert_eq!(json, "\"6474011505800001\"");
    assert_eq!(serde_json::from_str::<Nik>(&json).unwrap(), n);
    assert!(serde_json::from_str::<Nik>("\"6474011505800000\"").is_err());
}

#[test]
fn warnings() {
    let n = Nik::parse("6474015505800001").unwrap();
    assert_eq!(check_sex(&n, JenisKelamin::Perempuan), None);
    let w = check_sex(&n, JenisKelamin::Laki).unwrap();
    assert_eq!(
        w.to_string(),
        "jenis kelamin menurut NIK (Perempuan) berbeda dengan data isian (Laki-laki); periksa NIK atau jenis kelamin"
    );
    assert_eq!(check_birth_date(&n, d(1980, 5, 15)), None);
    let w = check_birth_date(&n, d(1981, 5, 15)).unwrap();
    assert_eq!(
        w.to_string(),
        "tanggal lahir menurut NIK (15/05/80) berbeda dengan data isian (15/05/1981); periksa NIK atau tanggal lahir"
    );
    assert!(check_birth_date(&n, d(1980, 5, 16)).is_some());
    assert_eq!(check_kecamatan(&n, |k| k.digits() == "647401"), None);
    assert!(matches!(
        check_kecamatan(&n, |_| false),
        Some(NikWarning::UnknownKecamatan { .. })
    ));
}

#[test]
fn jenis_kelamin_parse() {
    for s in ["L", "lk", "Laki-laki", "LAKI LAKI", "Pria"] {
        assert_eq!(JenisKelamin::parse(s), Some(JenisKelamin::Laki), "{s}");
    }
    for s in ["P", "PR", "Perempuan", "wanita"] {
        assert_eq!(JenisKelamin::parse(s), Some(JenisKelamin::Perempuan), "{s}");
    }
    assert_eq!(JenisKelamin::parse("x"), None);
    assert_eq!(JenisKelamin::Laki.code(), 'L');
}

fn valid_parts() -> impl Strategy<Value = (u32, u32, u32, u32, u32, u32, u32, bool)> {
    (
        11u32..=99,
        1u32..=99,
        1u32..=99,
        1u32..=28,
        1u32..=12,
        0u32..=99,
        1u32..=9999,
        any::<bool>(),
    )
}

proptest! {
    #[test]
    fn valid_niks_parse_and_expose_parts((p, k, c, day, m, y, s, female) in valid_parts(), sep in "[ .]?") {
        let dd = if female { day + 40 } else { day };
        let raw = format!("{p:02}{k:02}{c:02}{dd:02}{m:02}{y:02}{s:04}");
        let spaced = format!("{}{sep}{}{sep}{}{sep}{}", &raw[..6], &raw[6..12], &raw[12..14], &raw[14..]);
        let n = Nik::parse(&spaced).unwrap();
        prop_assert_eq!(n.as_str(), raw.as_str());
        prop_assert_eq!(n.sex() == JenisKelamin::Perempuan, female);
        let born = n.birth_date_with(REF());
        prop_assert_eq!((born.day(), born.month(), born.year() % 100), (day, m, y as i32));
        prop_assert!(born <= REF() && born > d(1926, 11, 15));
        prop_assert_eq!(n.serial() as u32, s);
        prop_assert_eq!(n.kecamatan_code().digits().to_string(), &raw[..6]);
        let masked = n.masked();
        prop_assert_eq!(&masked[..4], &raw[..4]);
        prop_assert_eq!(&masked[14..], &raw[14..]);
        let dbg = format!("{:?}", n);
        prop_assert!(!dbg.contains(&raw));
        prop_assert_eq!(check_birth_date(&n, born), None);
        prop_assert_eq!(Nik::parse(n.as_str()).unwrap(), n);
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,24}") {
        let _ = Nik::parse(&s);
    }

    #[test]
    fn wrong_length_is_rejected(s in "[1-9][0-9]{0,14}|[1-9][0-9]{16,20}") {
        prop_assert_eq!(Nik::parse(&s), Err(NikError::Length(s.len())));
    }
}
