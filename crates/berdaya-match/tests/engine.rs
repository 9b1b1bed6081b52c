//! Behaviour of the whole pipeline on small synthetic registries.

use berdaya_match::compare::{address_level, date_level, id_level, phone_level, region_level};
use berdaya_match::config::Config;
use berdaya_match::data::Dataset;
use berdaya_match::engine::{Mode, Settings, run};

use crate::common::{COLUMNS, registry};

fn dataset(ids: &[String], rows: &[Vec<String>]) -> (Config, Dataset) {
    let header: Vec<String> = COLUMNS.iter().map(|c| (*c).to_string()).collect();
    let mut config = Config::default().resolve(&header).expect("config");
    config.id_column = None;
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let ds = Dataset::from_rows(&config, &COLUMNS, &ids, &rows, ids.len()).expect("dataset");
    (config, ds)
}

fn settings(seed: u64) -> Settings {
    Settings { seed, ..Settings::default() }
}

#[test]
fn finds_the_duplicates_of_a_noisy_registry() {
    let (ids, rows, person) = registry(400, 1);
    let (config, ds) = dataset(&ids, &rows);
    let res = run(&ds, &config, Mode::Dedup, &settings(7)).expect("runs");
    let (mut tp, mut fp, mut truth) = (0, 0, 0);
    for a in 0..ds.len() {
        for b in a + 1..ds.len() {
            let same = person[a] == person[b];
            let linked = res.clusters[a] == res.clusters[b];
            truth += usize::from(same);
            tp += usize::from(same && linked);
            fp += usize::from(!same && linked);
        }
    }
    assert!(truth > 150, "the fixture has duplicates");
    assert!(tp as f64 >= 0.95 * truth as f64, "recall: {tp} of {truth}");
    assert!(fp as f64 <= 0.02 * truth as f64, "false links: {fp}");
    // Every matched pair comes with an explanation that adds up to its weight.
    let p = &res.pairs[0];
    let e = res.model.explain(&ds, p.a as usize, p.b as usize);
    assert!((e.total - p.weight).abs() < 1e-9);
    assert_eq!(e.contributions.len(), res.model.comparisons.len());
}

#[test]
fn same_seed_same_output_whatever_the_thread_count() {
    let (ids, rows, _) = registry(300, 2);
    let (config, ds) = dataset(&ids, &rows);
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool");
    let a = one.install(|| run(&ds, &config, Mode::Dedup, &settings(5)).expect("runs"));
    let b = run(&ds, &config, Mode::Dedup, &settings(5)).expect("runs");
    assert_eq!(a.clusters, b.clusters);
    assert_eq!(a.pairs, b.pairs);
    assert_eq!(a.model.m, b.model.m);
    assert_eq!(a.model.u, b.model.u);
}

#[test]
fn linking_two_files_only_pairs_across_them() {
    let (ids, rows, person) = registry(200, 3);
    let (left, right): (Vec<usize>, Vec<usize>) = (0..ids.len()).partition(|&i| ids[i].ends_with("-a"));
    let order: Vec<usize> = left.iter().chain(&right).copied().collect();
    let ids2: Vec<String> = order.iter().map(|&i| ids[i].clone()).collect();
    let rows2: Vec<Vec<String>> = order.iter().map(|&i| rows[i].clone()).collect();
    let header: Vec<String> = COLUMNS.iter().map(|c| (*c).to_string()).collect();
    let config = Config::default().resolve(&header).expect("config");
    let idr: Vec<&str> = ids2.iter().map(String::as_str).collect();
    let rr: Vec<Vec<&str>> = rows2.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let ds = Dataset::from_rows(&config, &COLUMNS, &idr, &rr, left.len()).expect("dataset");
    let res = run(&ds, &config, Mode::Link, &settings(1)).expect("runs");
    assert!(res.pairs.iter().all(|p| (p.a as usize) < left.len() && (p.b as usize) >= left.len()));
    let correct = res.pairs.iter().filter(|p| person[order[p.a as usize]] == person[order[p.b as usize]]).count();
    assert!(correct as f64 >= 0.95 * right.len() as f64, "{correct} of {}", right.len());
}

#[test]
fn comparison_levels() {
    // dates: exact, day/month swapped, one digit off, same year, different
    assert_eq!(date_level("19800512", "19800512"), 1);
    assert_eq!(date_level("19800512", "19801205"), 2);
    assert_eq!(date_level("19800512", "19800513"), 3);
    assert_eq!(date_level("19800512", "19801130"), 4);
    assert_eq!(date_level("19800512", "19711130"), 5);
    // NIK: exact, one digit off, transposition, one missing digit, different
    assert_eq!(id_level("3201014501900001", "3201014501900001"), 1);
    assert_eq!(id_level("3201014501900001", "3201014501900007"), 2);
    assert_eq!(id_level("3201014501900001", "3201014510900001"), 3);
    assert_eq!(id_level("3201014501900001", "320101450190001"), 4);
    assert_eq!(id_level("3201014501900001", "6471020202020002"), 5);
    // phone
    assert_eq!(phone_level("8123456789", "8123456789"), 1);
    assert_eq!(phone_level("8123456789", "8123456780"), 2);
    assert_eq!(phone_level("8123456789", "8523456789"), 2);
    assert_eq!(phone_level("8123456789", "8773456789"), 3);
    assert_eq!(phone_level("8123456789", "8571112233"), 4);
    // region: same kecamatan, same kabupaten
    assert_eq!(region_level("3201012001", "3201012002"), 2);
    assert_eq!(region_level("3201012001", "3201022001"), 3);
    assert_eq!(region_level("3201012001", "3302012001"), 4);
    // address token overlap
    let lvl = |a: &str, b: &str| address_level(a, b, a, b);
    assert_eq!(lvl("jalan merdeka no12 rt3 rw5", "jalan merdeka no12 rt3 rw5 x"), 2);
    assert_eq!(lvl("jalan merdeka no12 rt3", "jalan merdeka no14 rt4"), 3);
    assert_eq!(lvl("jalan merdeka no12 rt3", "gang mawar no12 rw9"), 4);
    assert_eq!(lvl("jalan merdeka", "gang mawar"), 5);
}

#[test]
fn name_levels_through_a_dataset() {
    let header: Vec<String> = ["nama"].iter().map(|c| (*c).to_string()).collect();
    let mut config = Config::default().resolve(&header).expect("config");
    config.blocking = vec![vec!["name:initial".into()]];
    let names = ["Ahmad Fauzi", "H. Achmad Fauzi", "Fauzi Ahmad", "Ahmad Fauzy", "Fauzi", "Ahmad Rahmat", "Budi"];
    let rows: Vec<Vec<&str>> = names.iter().map(|n| vec![*n]).collect();
    let ids: Vec<String> = (0..names.len()).map(|i| i.to_string()).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let ds = Dataset::from_rows(&config, &["nama"], &ids, &rows, names.len()).expect("dataset");
    let cmp = berdaya_match::compare::Comparison::from_fields(&ds.fields).remove(0);
    assert_eq!(cmp.level(&ds, 0, 1), 1, "title and old spelling removed");
    assert_eq!(cmp.level(&ds, 0, 2), 2, "swapped order");
    assert_eq!(cmp.level(&ds, 0, 3), 3, "one letter off");
    assert_eq!(cmp.level(&ds, 0, 4), 4, "contained");
    assert_eq!(cmp.level(&ds, 0, 5), 5, "only the first name agrees");
    assert_eq!(cmp.level(&ds, 0, 6), 6, "different");
}

#[test]
fn pairs_marked_not_duplicate_stay_apart() {
    let (ids, rows, _) = registry(100, 4);
    let (config, ds) = dataset(&ids, &rows);
    let first = run(&ds, &config, Mode::Dedup, &settings(3)).expect("runs");
    let p = first.pairs.first().expect("some pair").clone();
    let (a, b) = (ids[p.a as usize].clone(), ids[p.b as usize].clone());
    let again = Settings { seed: 3, not_duplicates: vec![(b, a)], ..Settings::default() };
    let res = run(&ds, &config, Mode::Dedup, &again).expect("runs");
    assert!(!res.pairs.iter().any(|q| q.a == p.a && q.b == p.b));
    assert_ne!(res.clusters[p.a as usize], res.clusters[p.b as usize]);
}

#[test]
fn a_trained_model_scores_a_new_record_against_its_candidates() {
    let (ids, rows, person) = registry(300, 5);
    let (config, ds) = dataset(&ids, &rows);
    let trained = run(&ds, &config, Mode::Dedup, &settings(9)).expect("runs").model;
    let name = trained.comparisons.iter().position(|c| c.name == "name").expect("name compared");
    assert!(trained.frequencies[name].non_null > 0 && !trained.frequencies[name].counts.is_empty());
    let json = serde_json::to_string(&trained).expect("serialises");
    let model: berdaya_match::score::Model = serde_json::from_str(&json).expect("deserialises");
    // The new entry is the second record of the first person entered twice (the registry
    // holds their name at least twice, so the model remembers its frequency); its candidates
    // are that person's first record and two others.
    let freq = &trained.frequencies[name];
    let normal = |i: usize| berdaya_match::normalize::normalize_name(&rows[i][1]).expect("a name");
    let new = (0..ids.len())
        .find(|&i| ids[i].ends_with("-b") && freq.counts.get(&normal(i)).is_some_and(|&c| c >= 2))
        .expect("a person entered twice");
    let same = (0..ids.len()).find(|&i| person[i] == person[new] && i != new).expect("the first entry");
    let others: Vec<usize> = (0..ids.len()).filter(|&i| person[i] != person[new]).take(2).collect();
    let picked: Vec<usize> = [new, same].into_iter().chain(others).collect();
    let small_ids: Vec<String> = picked.iter().map(|&i| ids[i].clone()).collect();
    let small_rows: Vec<Vec<String>> = picked.iter().map(|&i| rows[i].clone()).collect();
    let header: Vec<String> = COLUMNS.iter().map(|c| (*c).to_string()).collect();
    let mut cfg = Config::default().resolve(&header).expect("config");
    cfg.blocking = vec![vec!["dob:year".into()], vec!["region:kabupaten".into()]];
    let idr: Vec<&str> = small_ids.iter().map(String::as_str).collect();
    let rr: Vec<Vec<&str>> = small_rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let small = Dataset::from_rows(&cfg, &COLUMNS, &idr, &rr, 1).expect("dataset");
    let s = Settings { model: Some(model), keep_above: Some(-1000.0), ..Settings::default() };
    let res = run(&small, &cfg, Mode::Link, &s).expect("scores");
    assert!(res.sessions.is_empty(), "no estimation with a given model");
    let best = res.pairs.iter().max_by(|a, b| a.weight.total_cmp(&b.weight)).expect("pairs");
    assert_eq!((best.a, best.b), (0, 1), "the same person scores highest");
    assert!(best.weight >= res.threshold);
    // Term frequencies come from the registry the model was trained on, not the 4 records.
    let e = res.model.explain(&small, 0, 1);
    let c = e.contributions.iter().find(|c| c.comparison == "name").expect("name contributes");
    assert_eq!(c.level, 1, "title and old spelling normalised away: {e}");
    let value = small.text(0, name_field(&small)).expect("a name");
    let count = freq.counts.get(value).copied().expect("a common name is remembered");
    let expected = (res.model.u[name][1] * freq.non_null as f64 / f64::from(count)).log2();
    assert!((c.tf_adjustment - expected).abs() < 1e-9, "{} vs {expected}", c.tf_adjustment);
    // Within the 4 records the name is 2 of 4; the registry's frequency is far lower.
    let local = (res.model.u[name][1] * 4.0 / 2.0).log2();
    assert!((c.tf_adjustment - local).abs() > 1.0, "{} vs the 4-record value {local}", c.tf_adjustment);
}

#[test]
fn agreeing_on_a_common_name_weighs_less_than_agreeing_on_a_rare_one() {
    let (mut ids, mut rows, _) = registry(300, 6);
    // "Siti Aminah" is entered for 40 different people (other birth dates, phones, places).
    for k in 0..40u64 {
        ids.push(format!("siti-{k}"));
        rows.push(vec![
            format!("64740{}{:02}{:02}{:02}{:04}", 1 + k % 3, 1 + k % 28, 1 + k % 12, (50 + k) % 100, 5000 + k),
            "Siti Aminah".into(),
            format!("{}-{:02}-{:02}", 1950 + k, 1 + k % 12, 1 + k % 28),
            format!("0813{:08}", 10_000_000 + k * 7919),
            format!("Jl. Kenanga No. {} RT 0{}/RW 0{}", k + 1, 1 + k % 9, 1 + k % 5),
            format!("64.74.0{}.100{}", 1 + k % 3, 1 + k % 5),
        ]);
    }
    // Two pairs that agree exactly on everything else, one under the common name and one under
    // a name found nowhere else.
    let twin = |name: &str, nik: &str, hp: &str| {
        vec![nik.to_string(), name.to_string(), "1979-03-14".into(), hp.to_string(), "Jl. Cempaka No. 9 RT 02/RW 04".into(), "64.74.02.1003".into()]
    };
    let common = twin("Siti Aminah", "6474025403790001", "081399990001");
    let rare = twin("Zulaikha Tambunan", "6474025403790002", "081399990002");
    for (tag, row) in [("common-1", &common), ("common-2", &common), ("rare-1", &rare), ("rare-2", &rare)] {
        ids.push(tag.into());
        rows.push(row.clone());
    }
    let (config, ds) = dataset(&ids, &rows);
    let res = run(&ds, &config, Mode::Dedup, &settings(11)).expect("runs");
    let at = |tag: &str| ids.iter().position(|x| x == tag).expect("planted") as u32;
    let weight = |a: &str, b: &str| {
        let (a, b) = (at(a), at(b));
        res.pairs.iter().find(|p| (p.a, p.b) == (a.min(b), a.max(b))).expect("pair scored").weight
    };
    let (w_common, w_rare) = (weight("common-1", "common-2"), weight("rare-1", "rare-2"));
    assert!(w_common < w_rare, "common {w_common} vs rare {w_rare}");
    // The whole difference is the term-frequency adjustment: log2 of the ratio of counts (42
    // records named Siti Aminah against 2 named Zulaikha Tambunan).
    assert!(((w_rare - w_common) - (42.0f64 / 2.0).log2()).abs() < 1e-9, "difference {}", w_rare - w_common);
    let e = res.model.explain(&ds, at("common-1") as usize, at("common-2") as usize);
    let name = e.contributions.iter().find(|c| c.comparison == "name").expect("name");
    assert_eq!(name.level, 1);
    assert!(name.tf_adjustment < 0.0, "a name held by 42 of {} records weighs less than the average exact agreement", ds.len());
}

fn name_field(ds: &Dataset) -> usize {
    ds.fields.iter().position(|f| f.name == "name").unwrap_or(0)
}
