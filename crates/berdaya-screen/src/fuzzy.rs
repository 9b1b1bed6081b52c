//! Probable matches between a person on a list and an applicant under another NIK: same
//! birth date and a name that is the same person's name written differently.
//!
//! Candidates come from two blocking keys per person, (birth date, first name token) and
//! (birth date, last name token) of the normalised name, so a variant that changes one
//! word (a typo, an initial for a middle name, a joined "Nur Aini") is still found; the
//! candidate is then confirmed by [`same_person_name`].

use crate::key::hash_str;

/// The blocking keys of a normalised name and a birth day number (0 = unknown: no keys):
/// the first and the last token (in one key space, so "gusti ijai" meets "ijai"), and for a
/// one-word name its first letter and length (so "gazali" meets "gasali").
pub(crate) fn token_keys(norm: &str, birth: i32) -> [Option<u64>; 3] {
    if birth == 0 {
        return [None, None, None];
    }
    let mut toks = norm.split(' ').filter(|t| !t.is_empty());
    let Some(first) = toks.next() else {
        return [None, None, None];
    };
    let last = toks.last();
    let mix = (birth as u32 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let k = |t: &str| Some(hash_str(t) ^ mix);
    let short = match last {
        Some(_) => None,
        None => {
            let sig = format!("{}#{}", first.chars().next().unwrap_or(' '), first.len());
            Some(hash_str(&sig) ^ mix ^ 0xA7)
        }
    };
    [k(first), last.and_then(k), short]
}

/// Whether two normalised names are probably the same person's: equal, equal without
/// spaces, equal but for initials ("siti n aminah" / "siti nur aminah"), equal but for a
/// leading nobility title, or within a small edit distance of each other (one typed or
/// swapped letter, or about one letter in seven), first and last letters agreeing.
pub(crate) fn same_person_name(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let ca = soften(a);
    let cb = soften(b);
    if ca == cb {
        return true;
    }
    if initials_agree(a, b) || one_extra_word(a, b) {
        return true;
    }
    // A typed or swapped letter; first and last letters must agree (Javanese names differ
    // by sex in the last letter: Suwarni / Suwarno).
    let ends_agree = ca.chars().next() == cb.chars().next() && ca.chars().last() == cb.chars().last();
    if ends_agree && ca.len().min(cb.len()) >= 4 && strsim::osa_distance(&ca, &cb) <= 1 {
        return true;
    }
    ends_agree && strsim::normalized_levenshtein(&ca, &cb) >= 0.85
}

/// The name without spaces, each word's final `y` read as `i` and a final `h` after a
/// vowel dropped (Fitriany / Fitriani, Fatimah / Fatima).
fn soften(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for w in name.split(' ').filter(|w| !w.is_empty()) {
        let mut w = w.to_string();
        if w.len() > 2 && w.ends_with('h') && w[..w.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']) {
            w.pop();
        }
        if w.len() > 2 && w.ends_with('y') {
            w.pop();
            w.push('i');
        }
        out.push_str(&w);
    }
    out
}

fn initials_agree(a: &str, b: &str) -> bool {
    let ta: Vec<&str> = a.split(' ').filter(|t| !t.is_empty()).collect();
    let tb: Vec<&str> = b.split(' ').filter(|t| !t.is_empty()).collect();
    if ta.len() != tb.len() || ta.len() < 2 {
        return false;
    }
    let mut initials = 0;
    for (x, y) in ta.iter().zip(&tb) {
        if x == y {
            continue;
        }
        let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
        if short.len() == 1 && long.starts_with(short) {
            initials += 1;
        } else {
            return false;
        }
    }
    // The first word must agree in full: "m ali" is not "muhammad ali" by initials alone.
    initials > 0 && ta[0] == tb[0]
}

/// Nobility and regional titles that lists often leave out (hajj titles and degrees are
/// already removed by the name normalisation).
const NOBLE_TITLES: &[&str] = &[
    "andi", "tengku", "teuku", "cut", "gusti", "antung", "wan", "raja", "raden", "rr", "daeng",
    "ida", "bagus", "anak", "agung", "sayid", "syarifah",
];

/// One name is the other plus a leading nobility title: "gusti ijai" / "ijai". Any other
/// extra word is a different name ("indah" is not "indah nurhayati").
fn one_extra_word(a: &str, b: &str) -> bool {
    let ta: Vec<&str> = a.split(' ').filter(|t| !t.is_empty()).collect();
    let tb: Vec<&str> = b.split(' ').filter(|t| !t.is_empty()).collect();
    let (short, long) = if ta.len() <= tb.len() { (ta, tb) } else { (tb, ta) };
    long.len() == short.len() + 1
        && !short.is_empty()
        && NOBLE_TITLES.contains(&long[0])
        && long[1..] == short[..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_name_agree_and_other_people_do_not() {
        assert!(same_person_name("siti aminah", "siti aminah"));
        assert!(same_person_name("nur aini rahma", "nuraini rahma"));
        assert!(same_person_name("siti n aminah", "siti nur aminah"));
        assert!(same_person_name("dewi lestari wulandari", "dewi lestari wulndari"));
        assert!(!same_person_name("siti aminah", "siti aisyah"));
        assert!(!same_person_name("budi santoso", "budi hartono"));
        assert!(!same_person_name("m ali", "muhammad ali"));
        assert!(same_person_name("gazali", "gasali"));
        assert!(same_person_name("ilham", "ihlam"));
        assert!(same_person_name("gusti ijai", "ijai"));
        assert!(!same_person_name("rina", "rudi"));
        assert!(!same_person_name("siti aminah rahma", "siti"));
        assert!(!same_person_name("indah nurhayati", "indah"));
        assert!(!same_person_name("subagyo sutrisno", "sutrisno"));
        assert!(!same_person_name("suwarni", "suwarno"));
        assert!(same_person_name("andi baso", "baso"));
        assert!(same_person_name("ika fitriani", "ika fitriany"));
        assert!(same_person_name("ratna fatimah", "ratna fatima"));
    }

    #[test]
    fn keys_need_a_birth_date_and_a_name() {
        assert_eq!(token_keys("siti aminah", 0), [None, None, None]);
        assert_eq!(token_keys("", 700_000), [None, None, None]);
        let [f, l, s] = token_keys("siti aminah", 700_000);
        assert!(f.is_some() && l.is_some() && f != l && s.is_none());
        let [f2, l2, _] = token_keys("siti nur aminah", 700_000);
        assert_eq!((f, l), (f2, l2));
        let [one, none, short] = token_keys("gazali", 700_000);
        assert!(one.is_some() && none.is_none());
        assert_eq!(short, token_keys("gasali", 700_000)[2]);
        // "ijai" alone meets the last word of "gusti ijai".
        assert_eq!(token_keys("ijai", 700_000)[0], token_keys("gusti ijai", 700_000)[1]);
    }
}
