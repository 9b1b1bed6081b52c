use std::collections::BTreeMap;

use super::*;
use crate::config::{FieldKind, FieldSpec};

fn config(rules: &[&[&str]]) -> Config {
    let field = |name: &str, kind| FieldSpec {
        name: name.into(),
        columns: vec![name.into()],
        kind,
        tf: false,
        swap_with: None,
        compare: true,
    };
    Config {
        fields: vec![field("name", FieldKind::Name), field("dob", FieldKind::Date), field("phone", FieldKind::Phone)],
        blocking: rules.iter().map(|r| r.iter().map(|p| (*p).to_string()).collect()).collect(),
        ..Config::default()
    }
}

fn dataset(config: &Config, rows: &[[&str; 3]], n_left: usize) -> Dataset {
    let ids: Vec<String> = (0..rows.len()).map(|i| i.to_string()).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    Dataset::from_rows(config, &["name", "dob", "phone"], &ids, &rows, n_left).expect("dataset")
}

/// Each candidate pair and the rules it was visited under (one, if visited once).
type Credited = BTreeMap<(u32, u32), Vec<usize>>;

/// Every candidate pair with the rule it was credited to, and the counts per rule the
/// way the engine computes them (one pass, per-task counters summed).
fn enumerate(b: &Blocking) -> (Credited, Vec<RuleCount>) {
    let per_task = b.map_pairs(Vec::new, |acc: &mut Vec<(u32, u32, usize)>, i, j, r| acc.push((i.min(j), i.max(j), r)));
    let mut seen = Credited::new();
    let mut new_pairs = vec![0u64; b.rules.len()];
    for (i, j, r) in per_task.into_iter().flatten() {
        seen.entry((i, j)).or_default().push(r);
        new_pairs[r] += 1;
    }
    (seen, b.counts(&new_pairs))
}

fn counts(c: &[RuleCount]) -> Vec<(&str, u64, u64)> {
    c.iter().map(|r| (r.rule.as_str(), r.pairs, r.new_pairs)).collect()
}

#[test]
fn pairs_per_rule_count_overlaps_in_pairs_and_credit_the_first_rule_in_new_pairs() {
    let cfg = config(&[&["phone"], &["dob"], &["name"]]);
    // By construction (record numbers):
    //   phone: {0,1} {3,4}            → 2 pairs, both new
    //   dob:   {0,1,2} {3,4}          → 4 pairs; (0,1) and (3,4) already found by phone → 2 new
    //   name:  {0,1} {2,3} {5,6}      → 3 pairs; (0,1) already found by phone → 2 new
    // Records 5 and 6 have no phone and no birth date: a missing value joins nothing.
    let rows = [
        ["Ahmad Fauzi", "1980-01-01", "0811111111"],
        ["Ahmad Fauzi", "1980-01-01", "0811111111"],
        ["Budi Santoso", "1980-01-01", "0822222222"],
        ["Budi Santoso", "1990-05-05", "0833333333"],
        ["Citra Lestari", "1990-05-05", "0833333333"],
        ["Dewi Sartika", "", ""],
        ["Dewi Sartika", "-", ""],
    ];
    let ds = dataset(&cfg, &rows, rows.len());
    let b = Blocking::build(&ds, &cfg, false).expect("blocking");
    let (seen, c) = enumerate(&b);
    assert_eq!(counts(&c), vec![("phone", 2, 2), ("dob", 4, 2), ("name", 3, 2)]);
    assert_eq!(b.raw_pairs(), 2 + 4 + 3, "raw pairs count a pair once per rule that finds it");
    // Each distinct pair is visited exactly once, credited to the first rule that finds it.
    let credited: Vec<((u32, u32), Vec<usize>)> = seen.into_iter().collect();
    assert_eq!(
        credited,
        vec![
            ((0, 1), vec![0]),
            ((0, 2), vec![1]),
            ((1, 2), vec![1]),
            ((2, 3), vec![2]),
            ((3, 4), vec![0]),
            ((5, 6), vec![2]),
        ]
    );
    // The rule mask names every rule that joins a pair (EM uses it), not only the first.
    assert_eq!(b.rule_mask(0, 1), 0b111);
    assert_eq!(b.rule_mask(3, 4), 0b011);
    assert_eq!(b.rule_mask(2, 3), 0b100);
    assert_eq!(b.rule_mask(5, 6), 0b100);
    assert_eq!(b.rule_mask(0, 5), 0);

    // The same rules in the other order: the totals per rule stay, the credit moves.
    let cfg = config(&[&["name"], &["dob"], &["phone"]]);
    let ds = dataset(&cfg, &rows, rows.len());
    let b = Blocking::build(&ds, &cfg, false).expect("blocking");
    let (seen, c) = enumerate(&b);
    assert_eq!(counts(&c), vec![("name", 3, 3), ("dob", 4, 3), ("phone", 2, 0)]);
    assert_eq!(seen.len(), 6, "the union of candidate pairs does not depend on the order");
}

#[test]
fn linking_counts_only_pairs_across_the_two_files() {
    let cfg = config(&[&["dob"], &["name", "phone"]]);
    // Left: 0, 1, 2. Right: 3, 4, 5.
    //   dob 1980-01-01: left {0,1}, right {3}  → 2 pairs (0-3, 1-3); 0-1 is within left
    //   dob 1990-05-05: left {2},   right {4,5} → 2 pairs (2-4, 2-5)
    //   name & phone: 0 and 4 agree on both → 1 pair, new; 1 and 3 agree too but
    //   the birth date found them first
    let rows = [
        ["Ahmad Fauzi", "1980-01-01", "0811111111"],
        ["Budi Santoso", "1980-01-01", "0822222222"],
        ["Citra Lestari", "1990-05-05", "0833333333"],
        ["Budi Santoso", "1980-01-01", "0822222222"],
        ["Ahmad Fauzi", "1990-05-05", "0811111111"],
        ["Citra Lestari", "1990-05-05", "0899999999"],
    ];
    let ds = dataset(&cfg, &rows, 3);
    let b = Blocking::build(&ds, &cfg, true).expect("blocking");
    let (seen, c) = enumerate(&b);
    assert_eq!(counts(&c), vec![("dob", 4, 4), ("name & phone", 2, 1)]);
    let pairs: Vec<(u32, u32)> = seen.keys().copied().collect();
    assert_eq!(pairs, vec![(0, 3), (0, 4), (1, 3), (2, 4), (2, 5)]);
}

#[test]
fn a_block_split_over_many_tasks_is_counted_once() {
    // 700 records born the same day: one block of 244,650 pairs, more than 4 × TASK_PAIRS,
    // so it is cut by first member into several tasks. Phones pair up records 2k and 2k+1.
    let cfg = config(&[&["phone"], &["dob"]]);
    let n = 700usize;
    let names: Vec<String> = (0..n).map(|i| format!("Orang {i}")).collect();
    let phones: Vec<String> = (0..n).map(|i| format!("0812{:08}", i / 2)).collect();
    let rows: Vec<[&str; 3]> = (0..n).map(|i| [names[i].as_str(), "1975-08-17", phones[i].as_str()]).collect();
    let ds = dataset(&cfg, &rows, n);
    let b = Blocking::build(&ds, &cfg, false).expect("blocking");
    assert!(b.tasks.len() > 2, "the large block is split: {} tasks", b.tasks.len());
    let (seen, c) = enumerate(&b);
    let all = (n * (n - 1) / 2) as u64;
    let phone_pairs = (n / 2) as u64;
    assert_eq!(counts(&c), vec![("phone", phone_pairs, phone_pairs), ("dob", all, all - phone_pairs)]);
    assert_eq!(seen.len() as u64, all);
    assert!(seen.values().all(|r| r.len() == 1), "no pair visited twice");
}
