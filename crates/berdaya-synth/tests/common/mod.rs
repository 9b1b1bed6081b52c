//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::HashMap;

use berdaya_core::refdata::wilayah_rows;

/// Kemendagri list: kode → (nama, induk).
pub fn wilayah() -> HashMap<String, (String, String)> {
    wilayah_rows()
        .map(|r| (r.kode, (r.nama, r.induk)))
        .collect()
}

/// Read a CSV (with header) into rows of strings.
pub fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rdr = csv::ReaderBuilder::new().from_reader(bytes);
    let headers = rdr
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = rdr
        .records()
        .map(|r| r.expect("record").iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn tokens(name: &str) -> Vec<String> {
    let core = name.split(", ").next().unwrap_or(name).to_lowercase();
    core.split(' ')
        .filter(|w| {
            !matches!(
                *w,
                "h." | "hj." | "andi" | "tengku" | "gusti" | "antung" | "wan" | "raja"
            )
        })
        .map(String::from)
        .collect()
}

/// Whether two names plausibly belong to the same person (what a spelling variant must be).
pub fn same_person_name(a: &str, b: &str) -> bool {
    let (ta, tb) = (tokens(a), tokens(b));
    let joined = |t: &[String]| t.join(" ").replace('.', "");
    if levenshtein(&joined(&ta), &joined(&tb)) <= 3 {
        return true;
    }
    if ta
        .iter()
        .any(|t| t.len() >= 3 && !t.ends_with('.') && tb.contains(t))
    {
        return true;
    }
    // "Muhammad" written "M." / "Moh.": same first letter, one of them abbreviated.
    match (ta.first(), tb.first()) {
        (Some(x), Some(y)) => {
            x.chars().next() == y.chars().next() && (x.ends_with('.') || y.ends_with('.'))
        }
        _ => false,
    }
}
