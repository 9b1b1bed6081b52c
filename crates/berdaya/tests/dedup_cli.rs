//! `berdaya dedup` and `berdaya link` run as the built binary on small CSV files, with the
//! matching configuration given by `--match-config` (the global `--config` is the app's TOML).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_berdaya");

/// Column names the header detection does not know: without the config file naming them,
/// both subcommands stop with "no known columns".
const HEADER: [&str; 5] = ["kode_pemohon", "nama_pemohon", "tgl", "hp_pemohon", "domisili"];

const MATCH_CONFIG: &str = r#"{
  "id_column": "kode_pemohon",
  "fields": [
    {"name": "name", "columns": ["nama_pemohon"], "kind": "name", "tf": true},
    {"name": "dob", "columns": ["tgl"], "kind": "date"},
    {"name": "phone", "columns": ["hp_pemohon"], "kind": "phone"},
    {"name": "address", "columns": ["domisili"], "kind": "address"}
  ],
  "blocking": [["phone"], ["dob", "name:initial"], ["name:phonetic"]],
  "threshold": 4.0
}"#;

const FIRST: [&str; 12] = ["Agus", "Bambang", "Citra", "Dedi", "Eka", "Fitri", "Gilang", "Hendra", "Indah", "Joko", "Kartini", "Lukman"];
const LAST: [&str; 20] = [
    "Pratama", "Saputra", "Wulandari", "Hidayat", "Lestari", "Nugroho", "Rahayu", "Setiawan", "Kurniawan", "Susanti",
    "Harahap", "Purba", "Simanjuntak", "Gunawan", "Permana", "Utami", "Wijaya", "Halim", "Sembiring", "Tanjung",
];
const STREET: [&str; 5] = ["Jl. Merdeka", "Jl. Sudirman", "Gg. Mawar", "Jl. Pahlawan", "Jl. Cendana"];

/// One person as (name, birth date, phone, address) in the clean form. Names are distinct for
/// p < 240 (p = 12a + b gives first name b and last name (a + 5b) mod 20).
fn person(p: usize) -> [String; 4] {
    let name = format!("{} {}", FIRST[p % 12], LAST[(p / 12 + p % 12 * 5) % 20]);
    let dob = format!("{}-{:02}-{:02}", 1950 + (p * 7) % 50, 1 + (p * 5) % 12, 1 + (p * 11) % 28);
    let phone = format!("0812{:08}", 10_000_000 + p * 104_729);
    let address = format!("{} No. {} RT 0{}/RW 0{}", STREET[p % 5], 1 + (p * 13) % 90, 1 + p % 9, 1 + p % 7);
    [name, dob, phone, address]
}

/// The same person as another operator typed it: other date and phone formats, upper case.
fn retyped(p: usize) -> [String; 4] {
    let [name, dob, phone, address] = person(p);
    let (y, rest) = dob.split_at(4);
    let (m, d) = (&rest[1..3], &rest[4..6]);
    [name.to_uppercase(), format!("{d}/{m}/{y}"), format!("+62 {}", &phone[1..]), address.replace("Jl.", "Jalan")]
}

fn write_csv(path: &Path, rows: &[(String, [String; 4])]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(HEADER).unwrap();
    for (id, r) in rows {
        w.write_record([id.as_str(), &r[0], &r[1], &r[2], &r[3]]).unwrap();
    }
    w.flush().unwrap();
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect()
}

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("BERDAYA_DATABASE_URL")
        .env_remove("BERDAYA_CONFIG")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The planted people: Ahmad Fauzi twice (a title, an old spelling, a letter off, other date
/// and phone formats) and Siti Rahmawati, who shares nothing with him.
fn fauzi_a() -> [String; 4] {
    ["H. Achmad Fauzi".into(), "1980-05-12".into(), "0812-3456-7890".into(), "Jl. Merdeka No. 12 RT 03/RW 05".into()]
}
fn fauzi_b() -> [String; 4] {
    ["AHMAD FAUZY".into(), "12/05/1980".into(), "+62 812 3456 7890".into(), "Jalan Merdeka No 12 RT 3 RW 5".into()]
}
fn siti() -> [String; 4] {
    ["Siti Rahmawati".into(), "1975-01-02".into(), "0857-1111-2222".into(), "Gg. Kenanga No. 3 RT 01/RW 02".into()]
}

#[test]
fn dedup_reads_the_match_config_and_puts_two_spellings_in_one_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 120 people, every third one entered twice, and the planted three.
    let mut rows: Vec<(String, [String; 4])> = Vec::new();
    for p in 0..120 {
        rows.push((format!("P{p:03}"), person(p)));
        if p % 3 == 0 {
            rows.push((format!("P{p:03}-2"), retyped(p)));
        }
    }
    rows.push(("FAUZI-1".into(), fauzi_a()));
    rows.push(("SITI".into(), siti()));
    rows.push(("FAUZI-2".into(), fauzi_b()));
    let input = d.join("pemohon.csv");
    write_csv(&input, &rows);
    let config = d.join("cocok.json");
    std::fs::write(&config, MATCH_CONFIG).unwrap();
    let (clusters, pairs) = (d.join("klaster.csv"), d.join("pasangan.csv"));

    // Without the config the header means nothing to the engine.
    let (code, out) = run(d, &["dedup", "--input", s(&input), "--out", s(&clusters)]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("no known columns"), "{out}");

    let (code, out) = run(
        d,
        &["dedup", "--input", s(&input), "--match-config", s(&config), "--out", s(&clusters), "--pairs-out", s(&pairs), "--seed", "7"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("dedup: {} records", rows.len())), "{out}");
    assert!(out.contains("rule phone") && out.contains("rule dob & name:initial"), "the config's blocking rules: {out}");
    assert!(out.contains("threshold 4.00"), "the config's threshold: {out}");

    let c = read_csv(&clusters);
    assert_eq!(c.len(), rows.len());
    let ids: Vec<&str> = c.iter().map(|r| r[0].as_str()).collect();
    let expected_ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(ids, expected_ids, "one row per record, in input order, ids from the config's id column");
    let cluster: HashMap<&str, &str> = c.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
    assert_eq!(cluster["FAUZI-1"], cluster["FAUZI-2"], "two spellings of one person, one cluster");
    assert_ne!(cluster["SITI"], cluster["FAUZI-1"]);
    assert_eq!(c.iter().filter(|r| r[1] == cluster["SITI"]).count(), 1, "Siti is alone in her cluster");
    assert_eq!(c.iter().filter(|r| r[1] == cluster["FAUZI-1"]).count(), 2, "nobody else joins Ahmad Fauzi");
    // The retyped entries found their first entry, and distinct people stayed apart.
    for p in (0..120).step_by(3) {
        let (a, b) = (format!("P{p:03}"), format!("P{p:03}-2"));
        assert_eq!(cluster[a.as_str()], cluster[b.as_str()], "{a} and {b}");
    }
    let n_clusters = c.iter().map(|r| r[1].as_str()).collect::<std::collections::HashSet<_>>().len();
    assert_eq!(n_clusters, 120 + 2, "120 people plus Ahmad Fauzi and Siti");

    // The pairs file explains the Fauzi pair with its weight above the config's threshold.
    let p = read_csv(&pairs);
    let fauzi = p
        .iter()
        .find(|r| {
            let mut ab = [r[0].as_str(), r[1].as_str()];
            ab.sort_unstable();
            ab == ["FAUZI-1", "FAUZI-2"]
        })
        .expect("the Fauzi pair is written");
    assert!(fauzi[2].parse::<f64>().unwrap() >= 4.0, "{fauzi:?}");
    assert!(fauzi[5].contains("name=") && fauzi[5].contains("dob=exact") && fauzi[5].contains("phone=exact"), "{fauzi:?}");
    assert!(p.iter().all(|r| r[0] != "SITI" && r[1] != "SITI"), "Siti is in no matched pair");
}

#[test]
fn link_pairs_records_across_the_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Left: 100 people and Ahmad Fauzi. Right: 60 of them retyped, 40 others, Fauzi's other
    // spelling and Siti.
    let mut left: Vec<(String, [String; 4])> = (0..100).map(|p| (format!("L{p:03}"), person(p))).collect();
    left.push(("FAUZI".into(), fauzi_a()));
    let mut right: Vec<(String, [String; 4])> = (0..60).map(|p| (format!("R{p:03}"), retyped(p))).collect();
    right.extend((200..240).map(|p| (format!("R{p:03}"), person(p))));
    right.push(("FAUZI".into(), fauzi_b()));
    right.push(("SITI".into(), siti()));
    let (l, r) = (d.join("kiri.csv"), d.join("kanan.csv"));
    write_csv(&l, &left);
    write_csv(&r, &right);
    let config = d.join("cocok.json");
    std::fs::write(&config, MATCH_CONFIG).unwrap();
    let out_path = d.join("tautan.csv");

    let (code, out) = run(d, &["link", "--left", s(&l), "--right", s(&r), "--match-config", s(&config), "--out", s(&out_path)]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("link: {} records ({} left, {} right)", left.len() + right.len(), left.len(), right.len())), "{out}");

    let rows = read_csv(&out_path);
    assert_eq!(rows.len(), left.len() + right.len());
    // The same id on both sides is told apart by the source column.
    let cluster: HashMap<(String, String), String> = rows.iter().map(|x| ((x[0].clone(), x[1].clone()), x[2].clone())).collect();
    let of = |side: &str, id: &str| cluster[&(side.to_string(), id.to_string())].clone();
    assert_eq!(of("left", "FAUZI"), of("right", "FAUZI"), "Ahmad Fauzi is linked across the files");
    for p in 0..60 {
        assert_eq!(of("left", &format!("L{p:03}")), of("right", &format!("R{p:03}")), "person {p}");
    }
    // Siti and the 40 new people link to nobody on the left.
    let left_clusters: std::collections::HashSet<String> =
        rows.iter().filter(|x| x[0] == "left").map(|x| x[2].clone()).collect();
    assert!(!left_clusters.contains(&of("right", "SITI")));
    for p in 200..240 {
        assert!(!left_clusters.contains(&of("right", &format!("R{p:03}"))), "person {p} has no left record");
    }
    for p in 60..100 {
        let c = of("left", &format!("L{p:03}"));
        assert_eq!(rows.iter().filter(|x| x[2] == c).count(), 1, "left person {p} has no right record");
    }
}
