//! Normalisation of the values that identify a person or a business.
//!
//! Every function returns `None` for a value that carries no information (empty, only
//! punctuation, a placeholder such as "-"), so that a missing value is never compared as if it
//! were a real one.

mod address;
mod name;
mod spelling;
mod value;

#[cfg(test)]
mod tests;

pub use address::normalize_address;
pub use name::normalize_name;
pub use spelling::modernize_spelling;
pub use value::{normalize_code, normalize_date, normalize_digits, normalize_phone, normalize_region};

/// Lower-case, fold the few accented letters seen in Indonesian data, and turn every
/// character that is neither a letter, a digit nor one of `keep` into a space.
pub(crate) fn fold(raw: &str, keep: &[char]) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.chars() {
        let c = match ch {
            'A'..='Z' => ch.to_ascii_lowercase(),
            'a'..='z' | '0'..='9' => ch,
            '\'' | '`' | '’' | '‘' => continue, // Ma'ruf -> maruf
            'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            c if keep.contains(&c) => c,
            c if c.is_alphanumeric() => {
                out.extend(c.to_lowercase());
                continue;
            }
            _ => ' ',
        };
        out.push(c);
    }
    out
}

/// Join tokens with single spaces; `None` when there are none.
pub(crate) fn join(tokens: &[String]) -> Option<String> {
    if tokens.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(tokens.iter().map(|t| t.len() + 1).sum());
    for t in tokens {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
    }
    Some(out)
}

/// The tokens of a normalised value sorted, so that "lubis ahmad" and "ahmad lubis" agree.
pub fn sorted_tokens(s: &str) -> String {
    let mut toks: Vec<&str> = s.split(' ').filter(|t| !t.is_empty()).collect();
    toks.sort_unstable();
    toks.join(" ")
}

/// Already in normal form for a code or a single name token: lower-case ASCII letters and
/// digits, single inner spaces only when `spaces`.
pub(crate) fn is_clean(raw: &str, spaces: bool) -> bool {
    let b = raw.as_bytes();
    !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || (spaces && *c == b' '))
        && !(spaces && raw.contains("  "))
}
