//! End to end: `berdaya gen bpum`'s generator writes an applicant list with planted cases of
//! every BPK category, `berdaya screen` (the library behind it) screens it from the files,
//! and every planted case must come out in its category.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use berdaya_screen::cli::{ScreenArgs, run};
use berdaya_synth::{BpumOptions, BpumRates, generate_bpum};

const RULES: &str = r#"{"version":1,"blocks":[
    {"type":"nik_valid"},
    {"type":"dukcapil"},
    {"type":"business_required"},
    {"type":"scale","allowed":["mikro"]},
    {"type":"not_excluded","lists":["asn","tni","polri","bumn","bumd","kur","bank","deceased"]},
    {"type":"one_per_nik"}
]}"#;

/// Planted kind → (expected status, expected category key).
fn expected(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "nik_not_in_registry" => ("not_eligible", "nik_tidak_padan"),
        "civil_servant" => ("not_eligible", "asn_tni_polri_bumn_bumd"),
        "deceased" => ("not_eligible", "meninggal_dunia"),
        "anomalous_nik" => ("not_eligible", "nik_anomali"),
        "not_micro" => ("not_eligible", "bukan_usaha_mikro"),
        "bank_debtor" => ("not_eligible", "debitur_bank_kur"),
        "paid_twice" => ("not_eligible", "penerima_ganda"),
        "review_other_nik" | "other_nik_first_row" => ("needs_review", "penerima_ganda"),
        "review_near_exclusion" => ("needs_review", "asn_tni_polri_bumn_bumd"),
        _ => ("eligible", ""),
    }
}

fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("open");
    let h = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            h.iter().zip(rec.iter()).map(|(a, b)| (a.to_string(), b.to_string())).collect()
        })
        .collect()
}

#[test]
fn planted_bpk_cases_are_caught_in_their_category() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let opts = BpumOptions {
        applicants: 5_000,
        region: "64".into(),
        seed: 7,
        rates: BpumRates {
            nik_not_in_registry: 0.02,
            civil_servant: 0.01,
            deceased: 0.01,
            anomalous_nik: 0.01,
            not_micro: 0.01,
            bank_debtor: 0.01,
            paid_twice: 0.01,
            review_other_nik: 0.005,
            review_near_exclusion: 0.005,
            kur_paid_off: 0.01,
        },
        ..Default::default()
    };
    generate_bpum(&opts, data).expect("generate");
    let rules = data.join("rules.json");
    std::fs::write(&rules, RULES).expect("rules");
    let out = data.join("result.csv");
    let args = ScreenArgs {
        applicants: data.join("applicants.csv"),
        exclude: vec![
            format!("asn@2026-10={}", data.join("asn.csv").display()),
            format!("kur@2026-10={}", data.join("kur.csv").display()),
            format!("deceased={}", data.join("deceased.csv").display()),
        ],
        registry: Some(data.join("registry.csv")),
        registry_version: Some("2026-10".into()),
        rules,
        out: out.clone(),
        value: Some("2400000".into()),
        budget: Some("Rp 10 miliar".into()),
        threads: Some(2),
    };
    let report = run(&args).expect("screen");
    assert_eq!(report.summary.total, 5_000);
    assert!(report.dry_run.is_some());

    // Truth: row → kind; the first row of a "same person, other NIK" pair needs review too.
    let truth = read_csv(&data.join("truth.csv"));
    let mut kind_of: BTreeMap<u64, String> = BTreeMap::new();
    let detail_of: BTreeMap<u64, String> = truth.iter().map(|t| (t["row"].parse().unwrap_or(0), t["detail"].clone())).collect();
    let applicants = read_csv(&data.join("applicants.csv"));
    for t in &truth {
        let row: u64 = t["row"].parse().expect("row");
        kind_of.insert(row, t["kind"].clone());
    }
    for t in &truth {
        if t["kind"] == "review_other_nik" {
            let r: u64 = t["ref_row"].parse().expect("ref_row");
            kind_of.insert(r, "other_nik_first_row".into());
        }
    }
    let result = read_csv(&out);
    assert_eq!(result.len(), 5_000, "one output row per applicant");
    // (planted, caught) per kind; (flagged, right) per category.
    let mut recall: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut precision: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut status_right = 0u32;
    for r in &result {
        // Output "baris" is the file line: header is line 1, applicant "no" N is line N+1.
        let line: u64 = r["baris"].parse().expect("baris");
        let kind = kind_of.get(&(line - 1)).cloned().unwrap_or_else(|| "eligible".into());
        let (want_status, want_cat) = expected(&kind);
        let cats: Vec<&str> = r["kategori"].split("; ").filter(|s| !s.is_empty()).collect();
        let caught = r["status"] == want_status && (want_cat.is_empty() || cats.contains(&want_cat));
        if !caught {
            let a = &applicants[(line - 2) as usize];
            println!("missed {kind} line {line}: {} {} / {} -> {} [{}] {}", a["nama"], a["tanggal_lahir"], detail_of.get(&(line - 1)).map_or("", String::as_str), r["status"], r["kategori"], r["alasan"]);
        }
        let e = recall.entry(kind.clone()).or_default();
        e.0 += 1;
        e.1 += u32::from(caught);
        status_right += u32::from(r["status"] == want_status);
        for c in &cats {
            let p = precision.entry(format!("{}:{c}", r["status"])).or_default();
            p.0 += 1;
            p.1 += u32::from(r["status"] == want_status && *c == want_cat);
        }
        if r["status"] != "eligible" {
            assert!(!r["alasan"].is_empty(), "row {line} has no reason");
        }
    }
    println!("recall per planted kind (planted, caught):");
    for (k, (n, c)) in &recall {
        println!("  {k:<24} {n:>5} {c:>5}  {:.3}", f64::from(*c) / f64::from(*n));
    }
    println!("precision per status:category (flagged, right):");
    for (k, (n, c)) in &precision {
        println!("  {k:<40} {n:>5} {c:>5}  {:.3}", f64::from(*c) / f64::from(*n));
    }
    println!("{report}");
    // Exact-NIK categories: every planted case caught.
    for k in ["civil_servant", "deceased", "bank_debtor", "paid_twice", "anomalous_nik", "nik_not_in_registry", "not_micro"] {
        let (n, c) = recall.get(k).copied().unwrap_or_default();
        assert!(n >= 40, "{k}: only {n} planted");
        assert_eq!(c, n, "{k}: {c} of {n} caught");
    }
    // Probable matches: to review, not to rejection.
    for k in ["review_other_nik", "review_near_exclusion"] {
        let (n, c) = recall.get(k).copied().unwrap_or_default();
        assert!(n >= 20 && f64::from(c) >= 0.9 * f64::from(n), "{k}: {c} of {n}");
    }
    let (n, c) = recall.get("kur_paid_off").copied().unwrap_or_default();
    assert_eq!(c, n, "paid-off KUR debtors stay eligible");
    // High precision: a flag is almost always the planted reason.
    for (k, (n, c)) in &precision {
        assert!(f64::from(*c) >= 0.97 * f64::from(*n), "precision {k}: {c} of {n}");
    }
    assert!(f64::from(status_right) >= 0.995 * 5_000.0, "status right for {status_right} of 5000");
}
