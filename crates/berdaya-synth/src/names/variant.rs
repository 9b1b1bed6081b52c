//! Spelling variants of a name, as the same person's name is written on different lists:
//! old and new spelling (Soe/Su, Dj/J, Tj/C), Arabic transliterations (Muhammad, Moh., M.),
//! titles dropped, a middle name shortened to its initial, words joined or split, a typo.

use crate::rng::Rng;

/// Sets of spellings that stand for the same name.
const SAME: &[&[&str]] = &[
    &["Muhammad", "Muhamad", "Mohammad", "Mohamad", "Moh.", "M."],
    &["Ahmad", "Achmad", "Akhmad"],
    &["Abdul", "Abd."],
    &["Siti", "Sitti", "St."],
    &["Rahmat", "Rachmat", "Rahmad"],
    &["Hidayat", "Hidajat"],
    &["Syaiful", "Saiful", "Syaifull"],
    &["Syamsul", "Samsul"],
    &["Zainal", "Zaenal"],
    &["Yusuf", "Yusup", "Yoesoef"],
    &["Nur", "Noor", "Nuur"],
    &["Rizki", "Rizky", "Rezki", "Rizqi"],
    &["Joko", "Djoko"],
    &["Khairul", "Chairul"],
    &["Effendi", "Efendi", "Effendy"],
    &["Hendri", "Hendry"],
    &["Taufik", "Taufiq"],
    &["Fatimah", "Fatima"],
    &["Aisyah", "Aisah", "Aisya"],
    &["Ismail", "Ismael"],
    &["Fauzi", "Fauzy"],
    &["Sri", "Sry"],
    &["Yohanis", "Yohanes", "Johanis"],
    &["Yuliana", "Juliana"],
    &["Hadijah", "Khadijah", "Hatijah"],
    &["Syahputra", "Syah Putra", "Saputra"],
    &["Ramadhan", "Ramadan", "Romadhon"],
    &["Hasanah", "Hasana"],
];

/// Titles and honorifics that lists add or leave out.
const TITLES: &[&str] = &[
    "H.", "Hj.", "Andi", "Tengku", "Gusti", "Antung", "Wan", "Raja",
];

/// Remove hajj titles, nobility prefixes and academic degrees (for e-mail addresses and
/// comparisons): `"Hj. Siti Aminah, S.Pd"` → `"Siti Aminah"`.
pub fn strip_titles(name: &str) -> &str {
    let cut = name.bytes().position(|b| b == b',').unwrap_or(name.len());
    let mut core = name[..cut].trim();
    while let Some((first, rest)) = core.split_once(' ') {
        if !TITLES.contains(&first) {
            break;
        }
        core = rest.trim_start();
    }
    core
}

fn title_case(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Old/new spelling and common letter swaps inside a word.
fn letter_rule(w: &str, rng: &mut Rng) -> Option<String> {
    let lower = w.to_lowercase();
    let pairs: &[(&str, &str)] = &[
        ("u", "oe"),
        ("oe", "u"),
        ("dj", "j"),
        ("tj", "c"),
        ("ch", "kh"),
        ("kh", "ch"),
        ("sy", "s"),
        ("ff", "f"),
        ("ph", "f"),
        ("q", "k"),
        ("z", "s"),
    ];
    let start = rng.below(pairs.len() as u64) as usize;
    for i in 0..pairs.len() {
        let (from, to) = pairs[(start + i) % pairs.len()];
        // "u" → "oe" only in the first syllable (Sutrisno → Soetrisno), like the old spelling.
        let pos = match from {
            "u" => lower.get(1..3).and_then(|s| s.find('u')).map(|p| p + 1),
            _ => lower.find(from),
        };
        if let Some(p) = pos {
            let mut s = String::with_capacity(lower.len() + 1);
            s.push_str(&lower[..p]);
            s.push_str(to);
            s.push_str(&lower[p + from.len()..]);
            return Some(title_case(&s));
        }
    }
    // Final -i/-y.
    if let Some(stem) = lower.strip_suffix('i') {
        return Some(title_case(&format!("{stem}y")));
    }
    if let Some(stem) = lower.strip_suffix('y') {
        return Some(title_case(&format!("{stem}i")));
    }
    None
}

/// Swap two interior letters of the longest word (a typing slip).
fn typo(words: &mut [String]) -> bool {
    let Some(w) = words
        .iter_mut()
        .filter(|w| w.len() >= 4 && w.is_ascii())
        .max_by_key(|w| w.len())
    else {
        return false;
    };
    let mut b = w.clone().into_bytes();
    let n = b.len();
    for i in 1..n - 2 {
        if b[i] != b[i + 1] && b[i].is_ascii_alphabetic() && b[i + 1].is_ascii_alphabetic() {
            b.swap(i, i + 1);
            if let Ok(s) = String::from_utf8(b) {
                *w = s;
                return true;
            }
            return false;
        }
    }
    false
}

/// A different way of writing the same person's name, and what was changed
/// (`spelling`, `title`, `initial`, `spacing`, `typo`). The result always differs from
/// `name` beyond letter case.
pub fn spelling_variant(name: &str, rng: &mut Rng) -> (String, &'static str) {
    let (core, degree) = match name.split_once(", ") {
        Some((c, d)) => (c, Some(d)),
        None => (name, None),
    };
    let mut words: Vec<String> = core
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let mut what = "";
    // 1. Same name in another spelling (word list first, then letter rules).
    let order = rng.below(4);
    if order < 2 {
        for w in words.iter_mut() {
            if let Some(set) = SAME.iter().find(|set| set.contains(&w.as_str())) {
                let others: Vec<&&str> = set.iter().filter(|s| **s != w.as_str()).collect();
                *w = (rng.pick(&others)).to_string();
                what = "spelling";
                break;
            }
        }
    }
    if what.is_empty() && order == 2 {
        let has_title = words.first().is_some_and(|w| TITLES.contains(&w.as_str()));
        if has_title && words.len() > 1 {
            words.remove(0);
            what = "title";
        } else if degree.is_some() {
            what = "title";
        }
    }
    if what.is_empty() && order == 3 && words.len() >= 3 {
        let i = 1 + rng.below(words.len() as u64 - 2) as usize;
        if let Some(c) = words[i].chars().next().filter(|c| c.is_alphabetic()) {
            words[i] = format!("{c}.");
            what = "initial";
        }
    }
    if what.is_empty() {
        // Joined or split "Nur"/"Sri" compounds.
        if let Some(i) = words.iter().position(|w| w == "Nur" || w == "Sri") {
            if i + 1 < words.len() {
                let next = words.remove(i + 1).to_lowercase();
                words[i].push_str(&next);
                what = "spacing";
            }
        } else if let Some(i) = words
            .iter()
            .position(|w| w.len() > 5 && w.starts_with("Nur"))
        {
            let rest = title_case(&words[i][3..]);
            words[i] = "Nur".into();
            words.insert(i + 1, rest);
            what = "spacing";
        }
    }
    if what.is_empty() {
        let start = rng.below(words.len().max(1) as u64) as usize;
        for k in 0..words.len() {
            let i = (start + k) % words.len();
            if TITLES.contains(&words[i].as_str()) || words[i].ends_with('.') {
                continue;
            }
            if let Some(v) =
                letter_rule(&words[i], rng).filter(|v| !v.eq_ignore_ascii_case(&words[i]))
            {
                words[i] = v;
                what = "spelling";
                break;
            }
        }
    }
    if what.is_empty() && typo(&mut words) {
        what = "typo";
    }
    let mut out = words.join(" ");
    if let Some(d) = degree
        && what != "title"
    {
        out.push_str(", ");
        out.push_str(d);
    }
    if what.is_empty() || out.eq_ignore_ascii_case(name) {
        // Nothing applied (a very short name): add a title or a degree; still the same person.
        out = format!("{name}, S.E.");
        what = "title";
    }
    if rng.chance(0.15) {
        out = out.to_uppercase();
    }
    (out, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_differ_and_stay_close() {
        let names = [
            "Muhammad Rizki Hidayat",
            "Siti Nurhayati",
            "Sutrisno",
            "H. Ahmad Fauzi, S.Pd",
            "Ni Putu Ariani",
            "Tumpal Simanjuntak",
            "Hendra Wijaya",
            "Yohanis Lodo",
            "Ai",
            "Andi Baso Ramli",
        ];
        let mut rng = Rng::new(9);
        for n in names {
            for _ in 0..50 {
                let (v, what) = spelling_variant(n, &mut rng);
                assert!(!v.eq_ignore_ascii_case(n), "{n} -> {v}");
                assert!(!what.is_empty());
                assert!(
                    v.len() + 12 >= n.len() && v.len() <= n.len() + 12,
                    "{n} -> {v}"
                );
            }
        }
    }

    #[test]
    fn strips_titles_and_degrees() {
        assert_eq!(strip_titles("Hj. Siti Aminah, S.Pd"), "Siti Aminah");
        assert_eq!(strip_titles("Andi Baso"), "Baso");
        assert_eq!(strip_titles("H."), "H.");
    }
}
