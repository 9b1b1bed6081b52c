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
    with_birth(token_hashes(norm), birth)
}

/// The blocking keys of a normalised name before the birth day is mixed in (see
/// [`token_keys`]; computed once per distinct name).
pub(crate) fn token_hashes(norm: &str) -> [Option<u64>; 3] {
    let mut toks = norm.split(' ').filter(|t| !t.is_empty());
    let Some(first) = toks.next() else {
        return [None, None, None];
    };
    let last = toks.next_back();
    let short = match last {
        Some(_) => None,
        None => {
            let sig = format!("{}#{}", first.chars().next().unwrap_or(' '), first.len());
            Some(hash_str(&sig) ^ 0xA7)
        }
    };
    [Some(hash_str(first)), last.map(hash_str), short]
}

/// [`token_hashes`] with a birth day number mixed in (0 = unknown: no keys).
pub(crate) fn with_birth(hashes: [Option<u64>; 3], birth: i32) -> [Option<u64>; 3] {
    if birth == 0 {
        return [None, None, None];
    }
    let mix = (birth as u32 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    hashes.map(|h| h.map(|h| h ^ mix))
}

/// Whether two normalised names are probably the same person's: equal, equal without
/// spaces, equal but for initials ("siti n aminah" / "siti nur aminah"), equal but for a
/// leading nobility title, or within a small edit distance of each other (one typed or
/// swapped letter, or about one letter in seven), first and last letters agreeing.
#[cfg(test)]
pub(crate) fn same_person_name(a: &str, b: &str) -> bool {
    same_person_soft(a, &soften(a), b, &soften(b))
}

/// [`same_person_name`] with both names' [`soften`]ed forms already at hand (computed once
/// per applicant and once per list entry). Cheap checks come first: most candidates that
/// share a birth date and a name word differ in their last letter or in length, and are
/// ruled out before any edit distance is computed.
pub(crate) fn same_person_soft(a: &str, ca: &str, b: &str, cb: &str) -> bool {
    if a == b || ca == cb {
        return true;
    }
    if initials_agree(a, b) || one_extra_word(a, b) {
        return true;
    }
    // A typed or swapped letter; first and last letters must agree (Javanese names differ
    // by sex in the last letter: Suwarni / Suwarno).
    let ends_agree = ca.chars().next() == cb.chars().next() && ca.chars().last() == cb.chars().last();
    if !ends_agree {
        return false;
    }
    let (la, lb) = (char_len(ca), char_len(cb));
    // Both distances are at least the difference in length.
    let gap = la.abs_diff(lb);
    if ca.len().min(cb.len()) >= 4 && gap <= 1 && strsim::osa_distance(ca, cb) <= 1 {
        return true;
    }
    let longest = la.max(lb) as f64;
    if 1.0 - gap as f64 / longest < 0.85 {
        return false;
    }
    strsim::normalized_levenshtein(ca, cb) >= 0.85
}

/// A 64-bit summary of a normalised name and its softened form, kept next to each list
/// candidate so that most candidates are ruled out without reading the entry or its name:
/// softened first and last byte and length in chars, number of words, whether the first
/// word is a nobility title, and a 16-bit hash of the first word.
pub(crate) fn signature(norm: &str, soft: &str) -> u64 {
    let sb = soft.as_bytes();
    let first = u64::from(sb.first().copied().unwrap_or(0));
    let last = u64::from(sb.last().copied().unwrap_or(0));
    let len = char_len(soft).min(255) as u64;
    let ntok = words(norm).count().min(255) as u64;
    let head = words(norm).next().unwrap_or("");
    let noble = u64::from(NOBLE_TITLES.contains(&head));
    let fh = hash_str(head) & 0xFFFF;
    first | last << 8 | len << 16 | ntok << 24 | noble << 32 | fh << 40
}

/// Whether [`same_person_soft`] can hold for names with these [`signature`]s (`false`
/// means it certainly does not; `true` means it has to be computed).
pub(crate) fn may_match(a: u64, b: u64) -> bool {
    let byte = |x: u64, at: u32| (x >> at) & 0xFF;
    let (ta, tb) = (byte(a, 24), byte(b, 24));
    if ta == 255 || tb == 255 {
        return true;
    }
    // Edit distance (and equality): first and last letters agree, lengths close.
    if a & 0xFFFF == b & 0xFFFF {
        let (la, lb) = (byte(a, 16), byte(b, 16));
        let gap = la.abs_diff(lb);
        let longest = la.max(lb);
        if la == 255 || lb == 255 || gap <= 1 || 1.0 - gap as f64 / longest as f64 >= 0.85 {
            return true;
        }
    }
    // Initials: as many words, the first one the same.
    if ta == tb && ta >= 2 && a >> 40 == b >> 40 {
        return true;
    }
    // A leading nobility title on the longer name.
    (ta + 1 == tb && (b >> 32) & 1 == 1) || (tb + 1 == ta && (a >> 32) & 1 == 1)
}

fn char_len(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

/// The name without spaces, each word's final `y` read as `i` and a final `h` after a
/// vowel dropped (Fitriany / Fitriani, Fatimah / Fatima).
pub(crate) fn soften(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    soften_into(name, &mut out);
    out
}

/// [`soften`] appended to `out`.
pub(crate) fn soften_into(name: &str, out: &mut String) {
    for w in words(name) {
        let mut w = w;
        let mut y = false;
        if w.len() > 2 && w.ends_with('h') && w[..w.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']) {
            w = &w[..w.len() - 1];
        }
        if w.len() > 2 && w.ends_with('y') {
            w = &w[..w.len() - 1];
            y = true;
        }
        out.push_str(w);
        if y {
            out.push('i');
        }
    }
}

fn words(name: &str) -> impl Iterator<Item = &str> + Clone {
    name.split(' ').filter(|t| !t.is_empty())
}

fn initials_agree(a: &str, b: &str) -> bool {
    let n = words(a).count();
    if n < 2 || words(b).count() != n {
        return false;
    }
    let mut initials = 0;
    for (k, (x, y)) in words(a).zip(words(b)).enumerate() {
        if x == y {
            continue;
        }
        // The first word must agree in full: "m ali" is not "muhammad ali" by initials alone.
        if k == 0 {
            return false;
        }
        let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
        if short.len() == 1 && long.starts_with(short) {
            initials += 1;
        } else {
            return false;
        }
    }
    initials > 0
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
    let (na, nb) = (words(a).count(), words(b).count());
    let (short, long, ns) = if na <= nb { (a, b, na) } else { (b, a, nb) };
    let nl = na.max(nb);
    if nl != ns + 1 || ns == 0 {
        return false;
    }
    let mut lw = words(long);
    lw.next().is_some_and(|t| NOBLE_TITLES.contains(&t)) && lw.eq(words(short))
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
    fn the_signature_filter_keeps_every_probable_match() {
        let names = [
            "siti aminah", "siti n aminah", "siti nur aminah", "nur aini rahma", "nuraini rahma",
            "gusti ijai", "ijai", "andi baso", "baso", "gazali", "gasali", "ilham", "ihlam",
            "ika fitriani", "ika fitriany", "ratna fatimah", "ratna fatima", "suwarni",
            "suwarno", "dewi lestari wulandari", "dewi lestari wulndari", "m ali", "muhammad ali",
            "budi santoso", "budi hartono", "indah", "indah nurhayati", "rina", "rudi", "",
        ];
        let mut ruled_out = 0;
        for a in names {
            for b in names {
                let (ca, cb) = (soften(a), soften(b));
                let may = may_match(signature(a, &ca), signature(b, &cb));
                if same_person_soft(a, &ca, b, &cb) {
                    assert!(may, "{a} / {b}");
                } else if !may {
                    ruled_out += 1;
                }
            }
        }
        assert!(ruled_out > 500, "the filter rules out most other names ({ruled_out})");
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
