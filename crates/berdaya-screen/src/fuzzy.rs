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
/// spaces, equal but for initials ("siti n aminah" / "siti nur aminah"), or within a small
/// edit distance of each other (one or two typed letters in a long name).
pub(crate) fn same_person_name(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let ca: String = a.chars().filter(|c| *c != ' ').collect();
    let cb: String = b.chars().filter(|c| *c != ' ').collect();
    if ca == cb {
        return true;
    }
    if initials_agree(a, b) || one_extra_word(a, b) {
        return true;
    }
    if ca.len().min(cb.len()) >= 4 && strsim::osa_distance(&ca, &cb) <= 1 {
        return true;
    }
    ca.chars().next() == cb.chars().next() && strsim::normalized_levenshtein(&ca, &cb) >= 0.85
}

/// One name is the other plus one word (a title or a second name the list left out):
/// "gusti ijai" / "ijai". The shorter must keep a word of three letters or more.
fn one_extra_word(a: &str, b: &str) -> bool {
    let ta: Vec<&str> = a.split(' ').filter(|t| !t.is_empty()).collect();
    let tb: Vec<&str> = b.split(' ').filter(|t| !t.is_empty()).collect();
    let (short, long) = if ta.len() <= tb.len() { (ta, tb) } else { (tb, ta) };
    long.len() == short.len() + 1
        && short.iter().any(|t| t.len() >= 3)
        && short.iter().all(|t| long.contains(t))
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
    // The first token must agree in full: "m ali" is not "muhammad ali" by initials alone.
    initials > 0 && ta[0] == tb[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_name_agree_and_other_people_do_not() {
        assert!(same_person_name("siti aminah", "siti aminah"));
        assert!(same_person_name("nur aini rahma", "nuraini rahma"));
        assert!(same_person_name("siti n aminah", "siti nur aminah"));
        assert!(same_person_name("dewi lestari wulandari", "dewi lestari wulandar"));
        assert!(!same_person_name("siti aminah", "siti aisyah"));
        assert!(!same_person_name("budi santoso", "budi hartono"));
        assert!(!same_person_name("m ali", "muhammad ali"));
        assert!(same_person_name("gazali", "gasali"));
        assert!(same_person_name("ilham", "ihlam"));
        assert!(same_person_name("gusti ijai", "ijai"));
        assert!(!same_person_name("rina", "rudi"));
        assert!(!same_person_name("siti aminah rahma", "siti"));
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
