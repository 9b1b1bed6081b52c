//! EM recovers known m and u on synthetic comparison patterns.

use berdaya_match::compare::Comparison;
use berdaya_match::config::FieldKind;
use berdaya_match::em::{Gamma, em};
use berdaya_match::rng::SplitMix64;

fn draw(rng: &mut SplitMix64, p: &[f64]) -> usize {
    let x = rng.below(1 << 30) as f64 / (1u64 << 30) as f64;
    let mut acc = 0.0;
    for (l, q) in p.iter().enumerate().skip(1) {
        acc += q;
        if x < acc {
            return l;
        }
    }
    p.len() - 1
}

#[test]
fn em_recovers_m_and_lambda() {
    // Three code comparisons (levels: missing, exact, one edit, different).
    let m_true = [vec![0.0, 0.85, 0.10, 0.05], vec![0.0, 0.70, 0.20, 0.10], vec![0.0, 0.90, 0.05, 0.05]];
    let u_true = [vec![0.0, 0.02, 0.08, 0.90], vec![0.0, 0.05, 0.15, 0.80], vec![0.0, 0.01, 0.04, 0.95]];
    let lambda_true = 0.3;
    let mut rng = SplitMix64::new(11);
    let mut counts = std::collections::BTreeMap::<Gamma, f64>::new();
    for _ in 0..200_000 {
        let matched = rng.below(1000) < (lambda_true * 1000.0) as u64;
        let mut g: Gamma = 0;
        for c in 0..3 {
            let p = if matched { &m_true[c] } else { &u_true[c] };
            g |= (draw(&mut rng, p) as u64) << (4 * c);
        }
        *counts.entry(g).or_insert(0.0) += 1.0;
    }
    let patterns: Vec<(Gamma, f64)> = counts.into_iter().collect();
    let comps: Vec<Comparison> = (0..3)
        .map(|c| Comparison { name: format!("c{c}"), field: c, kind: FieldKind::Code, swap: None, tf: false })
        .collect();
    let init = berdaya_match::em::initial_m(&comps);
    let u: Vec<Vec<f64>> = u_true.to_vec();
    let (m, lambda, iterations) = em(&patterns, &[true; 3], &u, init, 0.5, 500);
    assert!(iterations < 500, "converged");
    assert!((lambda - lambda_true).abs() < 0.01, "lambda {lambda}");
    for c in 0..3 {
        for l in 1..4 {
            assert!((m[c][l] - m_true[c][l]).abs() < 0.02, "m[{c}][{l}] = {} vs {}", m[c][l], m_true[c][l]);
        }
    }
}

mod u_from_random_pairs {
    use berdaya_match::compare::Comparison;
    use berdaya_match::config::{Config, FieldKind, FieldSpec};
    use berdaya_match::data::Dataset;
    use berdaya_match::em::estimate_u;

    const LETTERS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
    const DIGITS: [&str; 6] = ["1", "2", "3", "4", "5", "6"];

    fn config(names: &[&str]) -> Config {
        Config {
            fields: names
                .iter()
                .map(|n| FieldSpec { name: (*n).into(), columns: vec![(*n).into()], kind: FieldKind::Code, tf: false, swap_with: None, compare: true })
                .collect(),
            blocking: vec![vec![names[0].to_string()]],
            ..Config::default()
        }
    }

    fn dataset(config: &Config, rows: &[Vec<String>], n_left: usize) -> Dataset {
        let ids: Vec<String> = (0..rows.len()).map(|i| i.to_string()).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let columns: Vec<&str> = config.fields.iter().map(|f| f.name.as_str()).collect();
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        Dataset::from_rows(config, &columns, &ids, &rows, n_left).expect("dataset")
    }

    /// The true u of each comparison: level shares over every pair (left × right when
    /// linking), among the pairs where neither value is missing.
    fn true_u(ds: &Dataset, comps: &[Comparison], link: bool) -> Vec<Vec<f64>> {
        let mut counts: Vec<Vec<u64>> = comps.iter().map(|c| vec![0; c.n_levels()]).collect();
        for i in 0..ds.len() {
            let from = if link { ds.n_left.max(i + 1) } else { i + 1 };
            if link && i >= ds.n_left {
                break;
            }
            for j in from..ds.len() {
                for (c, cmp) in comps.iter().enumerate() {
                    counts[c][cmp.level(ds, i, j) as usize] += 1;
                }
            }
        }
        counts
            .iter()
            .map(|c| {
                let known: u64 = c[1..].iter().sum();
                let mut u = vec![0.0; c.len()];
                for l in 1..c.len() {
                    u[l] = c[l] as f64 / known as f64;
                }
                u
            })
            .collect()
    }

    /// Each sampled pair is an independent draw, so the estimate of a share p from the `k`
    /// sampled pairs where both values are present has a standard deviation of
    /// sqrt(p(1-p)/k). Five of them (a miss once in ~1.7 million per level), plus the 0.5
    /// pseudo-count per level that `estimate_u` adds.
    fn assert_close(est: &[Vec<f64>], truth: &[Vec<f64>], present: &[f64], n_pairs: usize, what: &str) {
        for (c, (e, t)) in est.iter().zip(truth).enumerate() {
            let k = present[c] * n_pairs as f64;
            assert_eq!(e[0], 0.0, "{what}: level 0 (missing) has no u");
            for l in 1..t.len() {
                let tol = 5.0 * (t[l] * (1.0 - t[l]) / k).sqrt() + 0.5 * t.len() as f64 / k;
                assert!((e[l] - t[l]).abs() <= tol, "{what}: u[{c}][{l}] = {:.5}, true {:.5}, tolerance {tol:.5}", e[l], t[l]);
            }
            let sum: f64 = e[1..].iter().sum();
            assert!((sum - 1.0).abs() < 1e-9, "{what}: shares of comparison {c} sum to {sum}");
        }
    }

    #[test]
    fn dedup_u_matches_the_level_shares_of_all_pairs() {
        // 2,000 records. `kode` cycles through the 20 codes letter (5) × digit (4), 100
        // records each, so for one record the 1,999 others hold: 99 the same code, 700 a code
        // one character off (300 the same letter, 400 the same digit), 1,200 a different one.
        // `pos` is missing in 30% of the records and otherwise one of 36 codes (uneven counts).
        let n = 2000;
        let rows: Vec<Vec<String>> = (0..n)
            .map(|i| {
                let kode = format!("{}{}", LETTERS[i % 5], DIGITS[(i / 5) % 4]);
                let pos = if i % 10 < 3 { String::new() } else { format!("{}{}", LETTERS[(i * 7) % 6], DIGITS[(i / 3) % 6]) };
                vec![kode, pos]
            })
            .collect();
        let cfg = config(&["kode", "pos"]);
        let ds = dataset(&cfg, &rows, n);
        let comps = Comparison::from_fields(&ds.fields);
        let truth = true_u(&ds, &comps, false);
        let analytic = [0.0, 99.0 / 1999.0, 700.0 / 1999.0, 1200.0 / 1999.0];
        for (t, a) in truth[0].iter().zip(analytic) {
            assert!((t - a).abs() < 1e-12, "the fixture is what the comment says: {:?}", truth[0]);
        }
        // Both values present: 1 for kode; for pos 0.7 × 0.7 minus a little (without replacement).
        let present = [1.0, 0.7 * (0.7 * n as f64 - 1.0) / (n as f64 - 1.0)];

        let n_pairs = 60_000;
        let a = estimate_u(&ds, &comps, false, n_pairs, 42);
        assert_close(&a, &truth, &present, n_pairs, "seed 42");
        // Deterministic for a seed, whatever the thread count; another seed, another sample.
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool");
        assert_eq!(one.install(|| estimate_u(&ds, &comps, false, n_pairs, 42)), a);
        let b = estimate_u(&ds, &comps, false, n_pairs, 7);
        assert_ne!(a, b);
        assert_close(&b, &truth, &present, n_pairs, "seed 7");
    }

    #[test]
    fn link_u_samples_only_pairs_across_the_two_files() {
        // Left: 1,000 records with letters a–e and digits 1–4; right: 1,000 with letters a–e
        // and digits 3–6. `side` is "l1" on the left and "r2" on the right: equal within a
        // file, two characters apart across, so any pair within a file would show as exact.
        let (nl, nr) = (1000, 1000);
        let rows: Vec<Vec<String>> = (0..nl + nr)
            .map(|i| {
                let (left, k) = if i < nl { (true, i) } else { (false, i - nl) };
                let digit = if left { DIGITS[(k / 5) % 4] } else { DIGITS[2 + (k / 5) % 4] };
                vec![format!("{}{}", LETTERS[k % 5], digit), if left { "l1".into() } else { "r2".into() }]
            })
            .collect();
        let cfg = config(&["kode", "side"]);
        let ds = dataset(&cfg, &rows, nl);
        let comps = Comparison::from_fields(&ds.fields);
        let truth = true_u(&ds, &comps, true);
        assert_eq!(truth[1], vec![0.0, 0.0, 0.0, 1.0], "across the files `side` never agrees");
        // Same code: same letter (1/5) and a shared digit (3 or 4: 1/4 × 1/4 × 2).
        assert!((truth[0][1] - 0.2 * 0.125).abs() < 1e-12, "{:?}", truth[0]);
        let n_pairs = 40_000;
        let u = estimate_u(&ds, &comps, true, n_pairs, 3);
        assert_close(&u, &truth, &[1.0, 1.0], n_pairs, "link");
        assert!(u[1][1] < 1e-4, "no pair within one file was sampled: {:?}", u[1]);
    }
}
