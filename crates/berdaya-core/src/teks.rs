//! Text helpers for search keys.

/// A search key: lowercase, letters and digits only, single spaces.
/// `"  H. Muhammad  RIZAL, S.E." → "h muhammad rizal s e"`.
pub fn search_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// The exclusive upper bound for a prefix range scan (`key >= p AND key < upper(p)`).
pub fn prefix_upper(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(search_key("  H. Muhammad  RIZAL, S.E."), "h muhammad rizal s e");
        assert_eq!(search_key("Kue-Kering Bu'Siti"), "kue kering bu siti");
        assert_eq!(search_key(""), "");
        assert!("siti aminah" < prefix_upper("siti").as_str());
        assert!("sitx" > prefix_upper("siti").as_str());
    }
}
