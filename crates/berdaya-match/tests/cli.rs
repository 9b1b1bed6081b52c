//! The entry points the `berdaya dedup` / `berdaya link` subcommands call, on real files.

use std::path::PathBuf;

use berdaya_match::{DedupOptions, LinkOptions, run_dedup, run_link};
use crate::common::{COLUMNS, registry};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("berdaya-match-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write_csv(path: &PathBuf, ids: &[String], rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).expect("create");
    let mut header = vec!["id"];
    header.extend(COLUMNS);
    w.write_record(&header).expect("header");
    for (id, row) in ids.iter().zip(rows) {
        let mut rec = vec![id.clone()];
        rec.extend(row.iter().cloned());
        w.write_record(&rec).expect("row");
    }
    w.flush().expect("flush");
}

fn read_csv(path: &PathBuf) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).expect("open");
    r.records().map(|x| x.expect("row").iter().map(String::from).collect()).collect()
}

#[test]
fn dedup_writes_clusters_and_explained_pairs() {
    let dir = temp_dir("dedup");
    let (ids, rows, person) = registry(300, 21);
    let input = dir.join("owners.csv");
    write_csv(&input, &ids, &rows);
    let opts = DedupOptions {
        input,
        config: None,
        out: dir.join("clusters.csv"),
        pairs_out: Some(dir.join("pairs.csv")),
        threshold: None,
        seed: 1,
        threads: Some(2),
    };
    let summary = run_dedup(&opts).expect("runs");
    assert!(summary.contains("candidate pairs"), "{summary}");
    let clusters = read_csv(&opts.out);
    assert_eq!(clusters.len(), ids.len());
    assert_eq!(clusters[0][0], ids[0]);
    // Two entries of one person share a cluster.
    let b = ids.iter().position(|x| x.ends_with("-b")).expect("some person entered twice");
    assert_eq!(person[b - 1], person[b]);
    assert_eq!(clusters[b - 1][1], clusters[b][1]);
    let pairs = read_csv(&dir.join("pairs.csv"));
    assert!(!pairs.is_empty());
    assert!(pairs[0][5].contains("name="), "explanation: {}", pairs[0][5]);
    // Same seed, same files.
    let again = DedupOptions { out: dir.join("clusters2.csv"), pairs_out: None, threads: Some(1), ..opts.clone() };
    run_dedup(&again).expect("runs");
    assert_eq!(read_csv(&again.out), clusters);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn link_marks_the_side_of_each_record() {
    let dir = temp_dir("link");
    let (ids, rows, _) = registry(200, 22);
    let (l, r): (Vec<usize>, Vec<usize>) = (0..ids.len()).partition(|&i| ids[i].ends_with("-a"));
    let pick = |ix: &[usize]| -> (Vec<String>, Vec<Vec<String>>) {
        (ix.iter().map(|&i| ids[i].clone()).collect(), ix.iter().map(|&i| rows[i].clone()).collect())
    };
    let ((li, lr), (ri, rr)) = (pick(&l), pick(&r));
    write_csv(&dir.join("a.csv"), &li, &lr);
    write_csv(&dir.join("b.csv"), &ri, &rr);
    let opts = LinkOptions {
        left: dir.join("a.csv"),
        right: dir.join("b.csv"),
        config: None,
        out: dir.join("links.csv"),
        pairs_out: None,
        threshold: None,
        seed: 1,
        threads: None,
    };
    run_link(&opts).expect("runs");
    let out = read_csv(&opts.out);
    assert_eq!(out.len(), li.len() + ri.len());
    assert!(out[..li.len()].iter().all(|r| r[0] == "left"));
    assert!(out[li.len()..].iter().all(|r| r[0] == "right"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = temp_dir("bad");
    let input = dir.join("x.csv");
    std::fs::write(&input, "foo,bar\n1,2\n").expect("write");
    let opts = DedupOptions {
        input: input.clone(),
        config: None,
        out: dir.join("o.csv"),
        pairs_out: None,
        threshold: None,
        seed: 0,
        threads: None,
    };
    let err = run_dedup(&opts).expect_err("no known columns").to_string();
    assert!(err.contains("no known columns"), "{err}");
    let missing = DedupOptions { input: dir.join("nope.csv"), ..opts };
    let err = format!("{:#}", run_dedup(&missing).expect_err("missing file"));
    assert!(err.contains("nope.csv"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
