//! Indonesian personal names.

use super::{fold, join, modernize_spelling};

/// Honorific and religious titles written before a name.
const PREFIX_TITLES: &[&str] = &[
    "h", "hj", "haji", "hajjah", "hajah", "drs", "dra", "ir", "dr", "drg", "prof", "kh", "ust",
    "ustad", "ustadz", "ustadzah", "tn", "ny", "nn", "nona", "sdr", "sdri", "bpk", "bapak", "ibu",
    "pak", "bu", "almarhum", "alm", "almh", "almarhumah",
];

/// Academic and professional degrees (written with their dots removed).
const DEGREES: &[&str] = &[
    "se", "sei", "spd", "spdi", "skom", "sh", "shi", "sag", "sip", "ssos", "sos", "ssi",
    "st", "sp", "sked", "skep", "skm", "sfarm", "sst", "ssit", "ssy", "sthi", "sae", "sei",
    "ak", "mpd", "mpdi", "msi", "mm", "mh", "mt", "mkes", "mkom", "mag", "me", "msc", "mba",
    "bsc", "phd", "spa", "spog", "sppd", "spb", "spjp", "spkk", "spm", "amd", "amdkep", "amdkeb", "amdkom", "amk", "ama", "apt", "ners", "cpa", "dr",
    "drs", "dra", "ir",
];

/// Words joining a name to the father's name.
const PATRONYMIC: &[&str] = &["bin", "binti", "bt", "bte", "binte", "ibn", "ibnu"];

/// Spellings and abbreviations of Muhammad (after old-spelling modernisation).
const MUHAMMAD: &[&str] = &[
    "muhammad", "muhamad", "muhammat", "muhamat", "muhammed", "muhamed", "mohammad", "mohamad",
    "mohammed", "mohamed", "mohamat", "mukhammad", "mukhamad", "mokhammad", "mokhamad", "mukamad",
    "mokh", "moh", "mohd", "muh", "mhd", "md", "mochd", "mokhd", "mhmd",
];

/// Other common names with several accepted spellings.
const SYNONYMS: &[(&str, &str)] = &[
    ("akhmad", "ahmad"),
    ("ahmat", "ahmad"),
    ("akhmat", "ahmad"),
    ("abd", "abdul"),
    ("sitti", "siti"),
    ("nuur", "nur"),
    ("noor", "nur"),
];

fn is_degree(collapsed: &str) -> bool {
    DEGREES.contains(&collapsed)
}

/// Normalise a person's name to a matching key.
///
/// "Drs. H. Moch. Tjahjo Soebroto bin Abdoel, S.E., M.Si" → "muhammad cahjo subroto abdul".
/// Titles and degrees go, the patronymic connector goes (the father's name stays, so
/// "Ahmad bin Sulaiman" still agrees with "Ahmad Sulaiman"), old spellings are modernised and
/// every form of Muhammad becomes "muhammad". Word order is kept; comparisons also look at
/// the sorted tokens to catch swapped order.
pub fn normalize_name(raw: &str) -> Option<String> {
    if super::is_clean(raw, false) && raw.bytes().all(|c| c.is_ascii_lowercase()) {
        // One lower-case word: only spelling and the name tables apply.
        return Some(canonical_token(modernize_spelling(raw), false));
    }
    let folded = fold(raw, &['.', ',']);
    let mut tokens: Vec<String> = Vec::with_capacity(4);
    for (part_no, part) in folded.split(',').enumerate() {
        let words: Vec<&str> = part.split_whitespace().collect();
        // A part after a comma made only of degrees ("S.E.", "M.Si") is dropped whole.
        if part_no > 0 && words.iter().all(|w| is_degree(&w.replace('.', ""))) {
            continue;
        }
        for word in words {
            push_word(word, &mut tokens);
        }
    }
    strip_titles(&mut tokens);
    if tokens.is_empty() {
        return None;
    }
    let last = tokens.len() - 1;
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    for (i, tok) in tokens.into_iter().enumerate() {
        if i > 0 && i < last && PATRONYMIC.contains(&tok.as_str()) {
            continue;
        }
        let tok = canonical_token(modernize_spelling(&tok), i == 0 && last > 0);
        out.push(tok);
    }
    join(&out)
}

/// Muhammad and the other names with several spellings to one form; a lone "m" is Muhammad
/// only as the first of several tokens (`m_is_muhammad`).
fn canonical_token(tok: String, m_is_muhammad: bool) -> String {
    if MUHAMMAD.contains(&tok.as_str()) || (tok == "m" && m_is_muhammad) {
        "muhammad".to_string()
    } else if let Some((_, to)) = SYNONYMS.iter().find(|(from, _)| *from == tok) {
        (*to).to_string()
    } else {
        tok
    }
}

/// Split one whitespace-separated word into name tokens. Dotted degrees ("S.Pd.I", "A.Md")
/// are recognised before the dots are removed; a dotted non-degree ("M.Ali") is split.
fn push_word(word: &str, tokens: &mut Vec<String>) {
    let collapsed: String = word.chars().filter(|c| *c != '.').collect();
    if collapsed.is_empty() {
        return;
    }
    // A degree is dropped when it follows the name (a leading "Dr."/"Ir." is a title, handled
    // by strip_titles).
    if !tokens.is_empty() && is_degree(&collapsed) && !PREFIX_TITLES.contains(&collapsed.as_str())
    {
        return;
    }
    if word.contains('.') && !is_degree(&collapsed) {
        for piece in word.split('.').filter(|p| !p.is_empty()) {
            tokens.push(piece.to_string());
        }
    } else {
        tokens.push(collapsed);
    }
}

/// Remove leading titles ("Prof. Dr. Ir. H."), trailing degrees written without a comma
/// ("Ahmad Fauzi SE") and any title that follows another title, keeping at least one token.
fn strip_titles(tokens: &mut Vec<String>) {
    let lead = tokens
        .iter()
        .take_while(|t| PREFIX_TITLES.contains(&t.as_str()) || is_degree(t))
        .count();
    if lead < tokens.len() {
        tokens.drain(..lead);
    }
    while tokens.len() > 1 && tokens.last().is_some_and(|t| is_degree(t)) {
        tokens.pop();
    }
}
