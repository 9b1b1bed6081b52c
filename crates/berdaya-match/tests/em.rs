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
