//! Tests of `rupiah.rs`.
use super::*;
use proptest::prelude::*;

fn rp(v: i64) -> Result<Rupiah, RupiahError> {
    Ok(Rupiah(v))
}

/// `|`-separated inputs that must all parse to `v`.
fn all_parse(inputs: &str, v: i64) {
    for s in inputs.split('|') {
        assert_eq!(Rupiah::parse(s), rp(v), "{s}");
    }
}

#[test]
fn parses_common_forms() {
    all_parse(
        "Rp 1.500.000|Rp1.500.000,00|Rp. 1.500.000,-|RP 1.500.000|IDR 1,500,000.00",
        1_500_000,
    );
    all_parse(
        "1.500.000|1500000|1500000.00|1,500,000|1,5 juta|1.5 juta|1,5juta",
        1_500_000,
    );
    all_parse("2,4 jt|Rp 2,4 jt|2,4 JT.|2400 rb|2.400.000", 2_400_000);
    all_parse("3 M|3 miliar|3 Milyar|3000 jt|3.000.000.000", 3_000_000_000);
    all_parse("750 ribu|750rb|750K|Rp 750.000", 750_000);
    all_parse("0|Rp 0|0,00", 0);
    assert_eq!(Rupiah::parse("1.500"), rp(1_500));
    assert_eq!(Rupiah::parse("1,5 rb"), rp(1_500));
    assert_eq!(Rupiah::parse("2 T"), rp(2_000_000_000_000));
    assert_eq!(Rupiah::parse("1,25 miliar"), rp(1_250_000_000));
    assert_eq!(Rupiah::parse("500.000 rupiah"), rp(500_000));
    assert_eq!(Rupiah::parse("1.500.000 juta"), rp(1_500_000_000_000));
}

#[test]
fn negatives_only_when_allowed() {
    for s in
        "-1.500.000|-Rp 1.500.000|Rp -1.500.000|(1.500.000)|−1.500.000|(Rp 1,5 juta)".split('|')
    {
        assert_eq!(Rupiah::parse(s), Err(RupiahError::Negative), "{s}");
        assert_eq!(Rupiah::parse_signed(s), rp(-1_500_000), "{s}");
    }
    assert_eq!(Rupiah::parse("-0"), rp(0));
    let msg = Rupiah::parse("-5").unwrap_err().to_string();
    assert_eq!(msg, "nilai rupiah tidak boleh negatif");
}

#[test]
fn rejects_garbage_and_ambiguity() {
    assert_eq!(Rupiah::parse(""), Err(RupiahError::Empty));
    assert_eq!(Rupiah::parse("   "), Err(RupiahError::Empty));
    let garbage = "Rp|abc|satu juta|1.50.000|1..5|1.|1.500.000,00,00|1,500.000,00|.5 juta|1 juta 500 ribu|1.5E+06";
    for s in garbage.split('|') {
        assert!(Rupiah::parse(s).is_err(), "{s}");
    }
    for s in "1,500|1.500 juta|1,500 juta|2,400 jt|2.400 rb".split('|') {
        assert_eq!(
            Rupiah::parse(s),
            Err(RupiahError::Ambiguous(s.into())),
            "{s}"
        );
    }
    let frac = |s: &str| Err(RupiahError::Fraction(s.into()));
    assert_eq!(Rupiah::parse("1.500,50"), frac("1.500,50"));
    assert_eq!(Rupiah::parse("1,2345 rb"), frac("1,2345 rb"));
    let unit = |s: &str| Err(RupiahError::UnknownUnit(s.into()));
    assert_eq!(Rupiah::parse("5 m"), unit("m"));
    assert_eq!(Rupiah::parse("5 dolar"), unit("dolar"));
    let invalid = Err(RupiahError::Invalid("1 500 000".into()));
    assert_eq!(Rupiah::parse("1 500 000"), invalid);
    assert_eq!(
        Rupiah::parse("99999999999999999999"),
        Err(RupiahError::TooLarge)
    );
    assert_eq!(Rupiah::parse("10000000 T"), Err(RupiahError::TooLarge));
}

#[test]
fn display_and_short_form() {
    assert_eq!(Rupiah(1_500_000).to_string(), "Rp 1.500.000");
    assert_eq!(Rupiah(0).to_string(), "Rp 0");
    assert_eq!(Rupiah(999).to_string(), "Rp 999");
    assert_eq!(Rupiah(-250_000).to_string(), "-Rp 250.000");
    assert_eq!(
        Rupiah(i64::MIN).to_string(),
        "-Rp 9.223.372.036.854.775.808"
    );
    assert_eq!(Rupiah(1_500_000).format_number(), "1.500.000");
    assert_eq!(Rupiah(1_500_000).fmt_singkat(), "Rp 1,5 juta");
    assert_eq!(Rupiah(2_400_000).fmt_singkat(), "Rp 2,4 juta");
    assert_eq!(Rupiah(3_000_000_000).fmt_singkat(), "Rp 3 miliar");
    assert_eq!(Rupiah(950_000_000).fmt_singkat(), "Rp 950 juta");
    assert_eq!(Rupiah(999_999).fmt_singkat(), "Rp 1 juta");
    assert_eq!(Rupiah(750_000).fmt_singkat(), "Rp 750 ribu");
    assert_eq!(Rupiah(999).fmt_singkat(), "Rp 999");
    assert_eq!(Rupiah(-1_500_000).fmt_singkat(), "-Rp 1,5 juta");
}

#[test]
fn arithmetic() {
    let a = Rupiah::juta(2).unwrap();
    let b = Rupiah::ribu(400).unwrap();
    assert_eq!(a.checked_add(b), rp(2_400_000).ok());
    assert_eq!(b.checked_sub(a), rp(-1_600_000).ok());
    assert_eq!(Rupiah(2_400_000).checked_mul(12), rp(28_800_000).ok());
    assert_eq!(Rupiah(10).checked_div(3), rp(3).ok());
    assert_eq!(Rupiah(10).checked_div(0), None);
    assert_eq!(Rupiah::MAX.checked_add(Rupiah(1)), None);
    assert_eq!(Rupiah::MAX.saturating_add(Rupiah(1)), Rupiah::MAX);
    assert_eq!(Rupiah::checked_sum([a, b, b]), rp(2_800_000).ok());
    assert_eq!(Rupiah::checked_sum([Rupiah::MAX, Rupiah(1)]), None);
    assert_eq!(Rupiah::miliar(1), rp(1_000_000_000).ok());
    assert_eq!(Rupiah::miliar(i64::MAX), None);
}

#[test]
fn serde_forms() {
    assert_eq!(
        serde_json::to_string(&Rupiah(1_500_000)).unwrap(),
        "1500000"
    );
    assert_eq!(
        serde_json::from_str::<Rupiah>("1500000").unwrap(),
        Rupiah(1_500_000)
    );
    assert_eq!(serde_json::from_str::<Rupiah>("-5").unwrap(), Rupiah(-5));
    assert_eq!(
        serde_json::from_str::<Rupiah>("\"Rp 1,5 juta\"").unwrap(),
        Rupiah(1_500_000)
    );
    assert_eq!(
        serde_json::from_str::<Rupiah>("2500000.0").unwrap(),
        Rupiah(2_500_000)
    );
    assert!(serde_json::from_str::<Rupiah>("2.5").is_err());
    assert!(serde_json::from_str::<Rupiah>("\"banyak\"").is_err());
}

proptest! {
    #[test]
    fn display_roundtrips(v in any::<i64>()) {
        let r = Rupiah(v);
        prop_assert_eq!(Rupiah::parse_signed(&r.to_string()), Ok(r));
        prop_assert_eq!(Rupiah::parse_signed(&r.format_number()), Ok(r));
        prop_assert_eq!(Rupiah::parse_signed(&v.to_string()), Ok(r));
        if v >= 0 {
            prop_assert_eq!(Rupiah::parse(&r.to_string()), Ok(r));
        } else {
            prop_assert_eq!(Rupiah::parse(&r.to_string()), Err(RupiahError::Negative));
        }
    }

    #[test]
    fn short_form_is_close(v in any::<i64>()) {
        let short = Rupiah(v).fmt_singkat();
        let back = Rupiah::parse_signed(&short).unwrap().amount();
        let err = (i128::from(back) - i128::from(v)).unsigned_abs();
        // Within half a tenth of the unit, i.e. at most 5% of the amount.
        prop_assert!(err * 20 <= i128::from(v).unsigned_abs(), "{} -> {} -> {}", v, short, back);
    }

    #[test]
    fn unit_forms(n in 0i64..100_000, d in 0i64..10, sep in "[.,]", unit in prop::sample::select(vec![("juta", 1_000_000i64), ("jt", 1_000_000), ("rb", 1_000), ("miliar", 1_000_000_000)])) {
        let s = format!("{n}{sep}{d} {}", unit.0);
        prop_assert_eq!(Rupiah::parse(&s), Ok(Rupiah(n * unit.1 + d * unit.1 / 10)));
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,30}") {
        let _ = Rupiah::parse(&s);
        let _ = Rupiah::parse_signed(&s);
    }
}
