//! String similarity primitives on normalised (mostly ASCII) values.

/// Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4, boost above 0.7), the same
/// definition as `strsim::jaro_winkler`, computed on bytes without allocating for values up to
/// 64 bytes; longer values go to strsim.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() > 64 || y.len() > 64 || !a.is_ascii() || !b.is_ascii() {
        return strsim::jaro_winkler(a, b);
    }
    let sim = jaro_bytes(x, y);
    if sim > 0.7 {
        let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

fn jaro_bytes(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let range = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut b_used = 0u64;
    let mut a_used = 0u64;
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(range);
        let hi = (i + range + 1).min(b.len());
        for (j, &cb) in b.iter().enumerate().take(hi).skip(lo) {
            if b_used & (1 << j) == 0 && cb == ca {
                b_used |= 1 << j;
                a_used |= 1 << i;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if a_used & (1 << i) == 0 {
            continue;
        }
        while b_used & (1 << j) == 0 {
            j += 1;
        }
        if b[j] != ca {
            transpositions += 1;
        }
        j += 1;
    }
    let m = matches as f64;
    let t = (transpositions / 2) as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

/// Same length and exactly one position differs ("3201…0001" vs "3201…0007").
pub fn one_substitution(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(p, q)| p != q).count() == 1
}

/// Number of differing positions of two equal-length values (None if lengths differ).
pub fn hamming(a: &str, b: &str) -> Option<usize> {
    (a.len() == b.len()).then(|| a.bytes().zip(b.bytes()).filter(|(p, q)| p != q).count())
}

/// Equal except for two neighbouring characters swapped ("1234" vs "1324").
pub fn adjacent_transposition(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() != y.len() {
        return false;
    }
    let mut first = None;
    for i in 0..x.len() {
        if x[i] != y[i] {
            first = Some(i);
            break;
        }
    }
    let Some(i) = first else { return false };
    i + 1 < x.len() && x[i] == y[i + 1] && x[i + 1] == y[i] && x[i + 2..] == y[i + 2..]
}

/// Damerau-Levenshtein distance at most 1: one substitution, insertion, deletion or
/// transposition of neighbours.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    match x.len() as isize - y.len() as isize {
        0 => x == y || one_substitution(a, b) || adjacent_transposition(a, b),
        1 => one_deletion(x, y),
        -1 => one_deletion(y, x),
        _ => false,
    }
}

/// `long` with one byte removed equals `short`.
fn one_deletion(long: &[u8], short: &[u8]) -> bool {
    let prefix = long.iter().zip(short).take_while(|(p, q)| p == q).count();
    long[prefix + 1..] == short[prefix..]
}

/// A short phonetic key for blocking, tuned for names already normalised by
/// [`crate::normalize::normalize_name`]: the first letter, then consonant classes
/// (b/p/f/v, c/k/q/g/kh/x, d/t, j/y/z/s, l, m/n/ng, r), vowels and h/w dropped, repeats
/// collapsed, at most 6 characters. "muhammad" and "muhamad" share a key; "khairul" and
/// "chairul" meet after spelling normalisation.
pub fn phonetic_key(word: &str) -> String {
    let bytes = word.as_bytes();
    let Some(&first) = bytes.first() else {
        return String::new();
    };
    let mut out = String::with_capacity(6);
    out.push(first as char);
    let mut last = class(first);
    for &c in &bytes[1..] {
        let k = class(c);
        if k != 0 && k != last {
            out.push((b'0' + k) as char);
            if out.len() >= 6 {
                break;
            }
        }
        if k != 0 || !matches!(c, b'h' | b'w') {
            last = k;
        }
    }
    out
}

fn class(c: u8) -> u8 {
    match c {
        b'b' | b'p' | b'f' | b'v' => 1,
        b'c' | b'k' | b'q' | b'g' | b'x' => 2,
        b'd' | b't' => 3,
        b'j' | b'y' | b'z' | b's' => 4,
        b'm' | b'n' => 5,
        b'l' => 6,
        b'r' => 7,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn jaro_winkler_agrees_with_strsim(a in "[a-e ]{0,20}", b in "[a-e ]{0,20}") {
            let ours = jaro_winkler(&a, &b);
            let theirs = strsim::jaro_winkler(&a, &b);
            prop_assert!((ours - theirs).abs() < 1e-12, "{a:?} {b:?} {ours} {theirs}");
        }
    }

    #[test]
    fn edit_helpers() {
        assert!(one_substitution("1234567", "1234067"));
        assert!(!one_substitution("1234567", "1234567"));
        assert!(adjacent_transposition("1234567", "1243567"));
        assert!(!adjacent_transposition("1234567", "1243576"));
        assert!(within_one_edit("mason", "masson"));
        assert!(within_one_edit("masson", "mason"));
        assert!(within_one_edit("mason", "msaon"));
        assert!(!within_one_edit("mason", "nosam"));
        assert_eq!(hamming("12345", "12045"), Some(1));
    }

    #[test]
    fn phonetic_key_groups_spellings() {
        assert_eq!(phonetic_key("muhammad"), phonetic_key("muhamad"));
        assert_eq!(phonetic_key("sutrisno"), phonetic_key("sutrisna"));
        assert_ne!(phonetic_key("budi"), phonetic_key("joko"));
        assert_eq!(phonetic_key(""), "");
    }
}
