use super::*;

#[test]
fn names_table() {
    let table: &[(&str, &str)] = &[
        // titles and degrees
        ("H. Ahmad Fauzi", "ahmad fauzi"),
        ("Hj. Siti Aminah", "siti aminah"),
        ("Drs. Bambang Sutrisno", "bambang sutrisno"),
        ("Dra. Endang Lestari, M.Pd", "endang lestari"),
        ("Ir. Joko Widodo", "joko widodo"),
        ("dr. Rina Wulandari, Sp.A", "rina wulandari"),
        ("Prof. Dr. Ir. H. Sudirman, M.Si", "sudirman"),
        ("Dewi Sartika, S.E.", "dewi sartika"),
        ("Agus Salim S.Pd", "agus salim"),
        ("Rudi Hartono, S.Kom., M.Kom.", "rudi hartono"),
        ("Yanti Susanti, A.Md.Kep", "yanti susanti"),
        ("Nurhayati, S.Pd.I", "nurhayati"),
        ("Ahmad Fauzi SE", "ahmad fauzi"),
        // bin / binti
        ("Ahmad bin Sulaiman", "ahmad sulaiman"),
        ("Fatimah binti Abdullah", "fatimah abdullah"),
        // old spellings
        ("Soekarno", "sukarno"),
        ("Djoko Santoso", "joko santoso"),
        ("Tjahjo Kumolo", "cahjo kumolo"),
        ("Sjahrir", "syahrir"),
        ("Chairul Tanjung", "khairul tanyung"),
        ("Khairul Tanjung", "khairul tanyung"),
        ("Ramadhan", "ramadan"),
        ("Abdoel Moeis", "abdul muis"),
        // the forms of Muhammad
        ("Muhammad Rizki", "muhammad rizki"),
        ("Muhamad Rizki", "muhammad rizki"),
        ("Mohammad Hatta", "muhammad hatta"),
        ("Moh. Hatta", "muhammad hatta"),
        ("Moch. Ridwan", "muhammad ridwan"),
        ("Mochammad Ridwan", "muhammad ridwan"),
        ("Mohd Yusuf", "muhammad yusuf"),
        ("M. Yusuf", "muhammad yusuf"),
        ("M.Yusuf", "muhammad yusuf"),
        ("Muh. Ikhsan", "muhammad ikhsan"),
        ("Muh Ikhsan", "muhammad ikhsan"),
        ("Mhd Arif", "muhammad arif"),
        ("Mhd. Arif", "muhammad arif"),
        ("MHD. ARIF LUBIS", "muhammad arif lubis"),
        ("H. Muh. Ikhsan, S.Pd", "muhammad ikhsan"),
        ("Achmad Dahlan", "ahmad dahlan"),
        // other names with several spellings
        ("Abd. Rahman", "abdul rahman"),
        ("Abd Rahman", "abdul rahman"),
        ("Sitti Rahmah", "siti rahmah"),
        // more titles before the name
        ("KH. Hasyim Asyari", "hasyim asyari"),
        ("Ust. Abdul Somad", "abdul somad"),
        ("Bpk. Slamet Riyadi", "slamet riyadi"),
        ("Ibu Sri Mulyani", "sri mulyani"),
        ("Alm. Sukardi", "sukardi"),
        // single names, case, punctuation, spacing
        ("SUKIRAH", "sukirah"),
        ("  wayan   sudarta ", "wayan sudarta"),
        ("Ma'ruf Amin", "maruf amin"),
        ("Siti-Nurbaya", "siti nurbaya"),
        // the first token is kept even when it looks like a title
        ("Bu", "bu"),
        ("", ""),
        (" - ", ""),
    ];
    for (raw, want) in table {
        let got = normalize_name(raw).unwrap_or_default();
        assert_eq!(&got, want, "normalize_name({raw:?})");
    }
}

#[test]
fn swapped_order_has_the_same_sorted_tokens() {
    let a = normalize_name("Lubis Ahmad").unwrap_or_default();
    let b = normalize_name("Ahmad Lubis").unwrap_or_default();
    assert_ne!(a, b);
    assert_eq!(sorted_tokens(&a), sorted_tokens(&b));
}

#[test]
fn old_and_new_spellings_meet() {
    for (old, new) in [("Pandji", "Panji"), ("Soedjono", "Sujono"), ("Tjipto", "Cipto")] {
        assert_eq!(normalize_name(old), normalize_name(new), "{old} vs {new}");
    }
}

#[test]
fn addresses_table() {
    let table: &[(&str, &str)] = &[
        ("Jl. Merdeka No. 12", "jalan merdeka no12"),
        ("JALAN MERDEKA NO.12", "jalan merdeka no12"),
        ("Jln Merdeka Nomor 12", "jalan merdeka no12"),
        ("Gg. Mawar RT 03/RW 05", "gang mawar rt3 rw5"),
        ("Gang Mawar RT.003 RW.005", "gang mawar rt3 rw5"),
        ("gg mawar rt03 rw05", "gang mawar rt3 rw5"),
        ("Jl. Tjokroaminoto Kel. Sukamaju Kec. Cibeunying", "jalan cokroaminoto kelurahan sukamaju kecamatan cibeunying"),
        ("Perum. Griya Asri Blok C-12", "perumahan griya asri blok c 12"),
        ("Dsn. Krajan RT 1 RW 2 Ds. Sumberejo", "dusun krajan rt1 rw2 desa sumberejo"),
        ("", ""),
    ];
    for (raw, want) in table {
        let got = normalize_address(raw).unwrap_or_default();
        assert_eq!(&got, want, "normalize_address({raw:?})");
    }
}

#[test]
fn dates_table() {
    let table: &[(&str, Option<&str>)] = &[
        ("19560409", Some("19560409")),
        ("1956-04-09", Some("19560409")),
        ("09-04-1956", Some("19560409")),
        ("9/4/1956", Some("19560409")),
        ("09.04.1956", Some("19560409")),
        ("17 Agustus 1945", Some("19450817")),
        ("1 Januari 2000", Some("20000101")),
        ("1990-01-02 00:00:00", Some("19900102")),
        ("19561349", Some("19561349")), // mistyped, still carries its digits
        ("32/13/1990", None),
        ("kemarin", None),
        ("", None),
    ];
    for (raw, want) in table {
        assert_eq!(normalize_date(raw).as_deref(), *want, "normalize_date({raw:?})");
    }
}

#[test]
fn phones_nik_codes() {
    for raw in ["0812-3456-789", "+62 812 3456 789", "62812345678 9", "(0812) 345 6789"] {
        assert_eq!(normalize_phone(raw).as_deref(), Some("8123456789"), "{raw}");
    }
    assert_eq!(normalize_phone("12"), None);
    assert_eq!(normalize_digits("3201 0123 4567 0001").as_deref(), Some("3201012345670001"));
    assert_eq!(normalize_digits("0000"), None);
    assert_eq!(normalize_region("32.01.01.2001").as_deref(), Some("3201012001"));
    assert_eq!(normalize_code("  NSW ").as_deref(), Some("nsw"));
}
