//! Masking of personal data for lists, exports and logs (UU 27/2022 PDP).
//!
//! Every function here is total and works on characters (not bytes), so names with
//! non-ASCII letters are masked safely. Masking is one-way: nothing here can be undone.

/// The character used to hide data.
pub const MASK_CHAR: char = '*';

/// Keep the first `keep_start` and the last `keep_end` characters, mask the rest.
///
/// When the text is too short to hide anything (`len <= keep_start + keep_end`), every
/// character is masked: a short value must not leak in full.
///
/// `mask_middle("6474011505900001", 4, 2)` → `"6474**********01"`.
pub fn mask_middle(text: &str, keep_start: usize, keep_end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n <= keep_start + keep_end {
        return MASK_CHAR.to_string().repeat(n);
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if i < keep_start || i >= n - keep_end {
                c
            } else {
                MASK_CHAR
            }
        })
        .collect()
}

/// Mask a person's name: each word keeps its first letter, the other letters become `*`.
/// Punctuation and spaces stay, so titles remain readable in shape.
///
/// `mask_name("Hj. Siti Aminah")` → `"H*. S*** A*****"`.
pub fn mask_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut at_word_start = true;
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.push(if at_word_start { c } else { MASK_CHAR });
            at_word_start = false;
        } else {
            out.push(c);
            // An apostrophe inside a name (Ma'ruf) does not start a new word.
            at_word_start = c != '\'' && c != '’';
        }
    }
    out
}

/// Mask a street address: the first comma-separated part (street, house number, RT/RW) is
/// masked like a name and its digits hidden; the later parts (desa, kecamatan, kota) are
/// coarse region names and are kept.
///
/// `mask_address("Jl. Mulawarman No. 12 RT 05, Berbas Tengah, Bontang Selatan")`
/// → `"J*. M********* N*. ** R* **, Berbas Tengah, Bontang Selatan"`.
pub fn mask_address(address: &str) -> String {
    let address = address.trim();
    let (street, rest) = match address.find(',') {
        Some(i) => (&address[..i], Some(&address[i..])),
        None => (address, None),
    };
    let masked: String = mask_name(street)
        .chars()
        .map(|c| if c.is_ascii_digit() { MASK_CHAR } else { c })
        .collect();
    match rest {
        Some(r) => format!("{masked}{r}"),
        None => masked,
    }
}

/// Mask an e-mail address: the local part keeps its first character; the domain is kept.
/// Text without `@` is masked entirely except its first character.
///
/// `mask_email("budi.santoso@gmail.com")` → `"b***********@gmail.com"`.
pub fn mask_email(email: &str) -> String {
    let email = email.trim();
    match email.rfind('@') {
        Some(at) => format!("{}{}", mask_middle(&email[..at], 1, 0), &email[at..]),
        None => mask_middle(email, 1, 0),
    }
}

/// Personal values quoted in a message (an import warning, an owner's "perlu diperiksa"
/// note) masked: every number of six or more digits, also when
/// written with spaces, dashes, dots, slashes or a leading + (a NIK, KK or phone number), each
/// date written with slashes or dashes, and e-mail addresses.
pub fn mask_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_inclusive(' ') {
        let (w, space) = word.strip_suffix(' ').map(|w| (w, " ")).unwrap_or((word, ""));
        if w.contains('@') {
            // Punctuation around the address stays ("…@contoh.id;").
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            let start = w.find(core).unwrap_or(0);
            out.push_str(&w[..start]);
            out.push_str(&mask_email(core));
            out.push_str(&w[start + core.len()..]);
        } else {
            out.push_str(w);
        }
        out.push_str(space);
    }
    let text = out;
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let digits = run.chars().filter(char::is_ascii_digit).count();
        let is_date = run.contains('/') || run.matches('-').count() == 2;
        if digits >= 6 || (is_date && digits >= 4) {
            out.extend(run.chars().map(|c| if c.is_ascii_digit() { '*' } else { c }));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        let inside = matches!(c, ' ' | '-' | '.' | '/') && run.chars().any(|r| r.is_ascii_digit()) || (c == '+' && run.is_empty());
        if c.is_ascii_digit() || inside {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn middle_keeps_ends() {
        assert_eq!(mask_middle("6474011505900001", 4, 2), "6474**********01");
        assert_eq!(mask_middle("abc", 2, 2), "***");
        assert_eq!(mask_middle("", 1, 1), "");
        assert_eq!(mask_middle("ÄÖÜß", 1, 1), "Ä**ß");
    }

    #[test]
    fn names_keep_initials() {
        assert_eq!(mask_name("Budi Santoso"), "B*** S******");
        assert_eq!(mask_name("Hj. Siti Aminah"), "H*. S*** A*****");
        assert_eq!(mask_name("  Ma'ruf  "), "M*'***");
        assert_eq!(mask_name("Siti-Nur"), "S***-N**");
    }

    #[test]
    fn address_hides_street_keeps_region() {
        assert_eq!(
            mask_address("Jl. Mulawarman No. 12 RT 05, Berbas Tengah, Bontang Selatan"),
            "J*. M********* N*. ** R* **, Berbas Tengah, Bontang Selatan"
        );
        assert_eq!(mask_address("Gang Mawar 7"), "G*** M**** *");
    }

    #[test]
    fn email_keeps_domain() {
        assert_eq!(
            mask_email("budi.santoso@gmail.com"),
            "b***********@gmail.com"
        );
        assert_eq!(mask_email("x@y.id"), "*@y.id");
        assert_eq!(mask_email("tanpa-at"), "t*******");
    }

    proptest! {
        #[test]
        fn masking_preserves_length_and_never_panics(s in "\\PC{0,40}", a in 0usize..5, b in 0usize..5) {
            prop_assert_eq!(mask_middle(&s, a, b).chars().count(), s.chars().count());
            prop_assert_eq!(mask_name(&s).chars().count(), s.trim().chars().count());
            let _ = mask_address(&s);
            let _ = mask_email(&s);
        }

        #[test]
        fn masked_name_has_no_letter_after_word_start(s in "[A-Za-z]{2,12}") {
            let m = mask_name(&s);
            prop_assert!(m.chars().skip(1).all(|c| c == MASK_CHAR));
        }
    }

    #[test]
    fn quoted_values_are_masked() {
        let m = mask_quoted;
        assert_eq!(m("NIK 6474015505900001 pada baris 12"), "NIK **************** pada baris 12");
        assert_eq!(m("No. HP tidak dikenali: 0812 3456 789"), "No. HP tidak dikenali: **** **** ***");
        assert_eq!(m("HP +62 812-3456-7890 dan 0541-123456"), "HP +** ***-****-**** dan ****-******");
        assert_eq!(m("Tanggal lahir menurut NIK (12/02/85) berbeda dengan data isian (01-01-1970)"), "Tanggal lahir menurut NIK (**/**/**) berbeda dengan data isian (**-**-****)");
        assert_eq!(m("Email tidak valid: rina.wati@contoh.id; cek"), "Email tidak valid: r********@contoh.id; cek");
        assert_eq!(m("Omzet 2,5 juta, 12 pekerja"), "Omzet 2,5 juta, 12 pekerja");
    }
}
