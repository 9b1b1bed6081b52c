//! Old (pre-1972 Van Ophuijsen / Soewandi) spellings, still common in names.

/// Rewrite old spellings to the modern ones: oe→u, dj→j, tj→c, sj→sy, nj→ny, ch→kh, dh→d.
///
/// The rules are applied one after the other over the whole word, so a modern spelling and
/// its old form always end in the same string ("Pandji" and "Panji" both give "panyi"): the
/// result is a key for matching, not a spelling to show.
pub fn modernize_spelling(word: &str) -> String {
    const RULES: [(&str, &str); 7] = [
        ("oe", "u"),
        ("dj", "j"),
        ("tj", "c"),
        ("sj", "sy"),
        ("nj", "ny"),
        ("ch", "kh"),
        ("dh", "d"),
    ];
    if !has_old_spelling(word) {
        return word.to_string();
    }
    let mut s = word.to_string();
    for (old, new) in RULES {
        if s.contains(old) {
            s = s.replace(old, new);
        }
    }
    s
}

/// Whether [`modernize_spelling`] would change the word.
pub(crate) fn has_old_spelling(word: &str) -> bool {
    word.as_bytes().windows(2).any(|w| {
        matches!(w, [b'o', b'e'] | [b'd' | b't' | b's' | b'n', b'j'] | [b'c' | b'd', b'h'])
    })
}
