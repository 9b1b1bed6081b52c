//! Indonesian personal names with regional variety, and their spelling variants.

#[rustfmt::skip]
mod lists;
mod variant;

pub use variant::{spelling_variant, strip_titles};

use crate::rng::Rng;
use lists::*;

/// Naming traditions the generator draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Group {
    #[default]
    Jawa = 0,
    Sunda = 1,
    Bugis = 2,
    Banjar = 3,
    Batak = 4,
    Minang = 5,
    /// Malay and other mostly Muslim coastal traditions (Aceh, Sumatra, Kalimantan, NTB…).
    Melayu = 6,
    Tionghoa = 7,
    Bali = 8,
    /// Mostly Christian eastern traditions (NTT, Maluku, Papua, North Sulawesi, Dayak, Toraja).
    Timur = 9,
}

use Group::*;

/// The mix of traditions among residents of a province (rough shares, in percent).
pub fn mix_for_provinsi(prov: u8) -> &'static [(Group, u32)] {
    match prov {
        11 => &[
            (Melayu, 78),
            (Jawa, 12),
            (Batak, 4),
            (Minang, 3),
            (Tionghoa, 3),
        ],
        12 => &[
            (Batak, 45),
            (Jawa, 25),
            (Melayu, 20),
            (Tionghoa, 6),
            (Minang, 4),
        ],
        13 => &[(Minang, 88), (Jawa, 5), (Batak, 5), (Tionghoa, 2)],
        14 | 21 => &[
            (Melayu, 40),
            (Jawa, 25),
            (Minang, 14),
            (Batak, 12),
            (Tionghoa, 9),
        ],
        15..=17 => &[
            (Melayu, 58),
            (Jawa, 30),
            (Minang, 6),
            (Sunda, 3),
            (Tionghoa, 3),
        ],
        18 => &[
            (Jawa, 60),
            (Melayu, 20),
            (Sunda, 12),
            (Bali, 4),
            (Tionghoa, 4),
        ],
        19 => &[(Melayu, 60), (Tionghoa, 30), (Jawa, 10)],
        31 => &[
            (Jawa, 35),
            (Sunda, 15),
            (Melayu, 15),
            (Tionghoa, 12),
            (Batak, 8),
            (Minang, 8),
            (Timur, 4),
            (Bugis, 3),
        ],
        32 => &[(Sunda, 80), (Jawa, 15), (Tionghoa, 3), (Batak, 2)],
        33 | 34 => &[(Jawa, 96), (Tionghoa, 4)],
        35 => &[(Jawa, 92), (Melayu, 4), (Tionghoa, 4)],
        36 => &[(Sunda, 60), (Jawa, 30), (Tionghoa, 5), (Melayu, 5)],
        51 => &[(Bali, 85), (Jawa, 12), (Tionghoa, 3)],
        52 => &[(Melayu, 65), (Bali, 10), (Jawa, 15), (Bugis, 10)],
        53 => &[(Timur, 86), (Melayu, 7), (Bugis, 4), (Tionghoa, 3)],
        61 => &[
            (Melayu, 40),
            (Timur, 20),
            (Tionghoa, 20),
            (Jawa, 12),
            (Bugis, 8),
        ],
        62 => &[
            (Banjar, 30),
            (Jawa, 30),
            (Timur, 25),
            (Melayu, 10),
            (Bugis, 5),
        ],
        63 => &[(Banjar, 80), (Jawa, 15), (Bugis, 3), (Tionghoa, 2)],
        64 => &[
            (Bugis, 30),
            (Jawa, 30),
            (Banjar, 22),
            (Timur, 8),
            (Melayu, 6),
            (Tionghoa, 4),
        ],
        65 => &[
            (Bugis, 35),
            (Timur, 25),
            (Jawa, 20),
            (Banjar, 12),
            (Tionghoa, 8),
        ],
        71 => &[(Timur, 80), (Melayu, 10), (Tionghoa, 5), (Bugis, 5)],
        72 => &[(Bugis, 35), (Melayu, 30), (Timur, 20), (Jawa, 15)],
        73 => &[(Bugis, 85), (Timur, 8), (Jawa, 4), (Tionghoa, 3)],
        74 => &[(Bugis, 40), (Melayu, 35), (Jawa, 15), (Bali, 5), (Timur, 5)],
        75 => &[(Melayu, 80), (Bugis, 15), (Jawa, 5)],
        76 => &[(Bugis, 80), (Timur, 10), (Jawa, 10)],
        81 => &[(Timur, 65), (Melayu, 25), (Bugis, 10)],
        82 => &[(Melayu, 60), (Timur, 30), (Bugis, 10)],
        91..=99 => &[(Timur, 70), (Jawa, 12), (Bugis, 12), (Melayu, 6)],
        _ => &[(Jawa, 40), (Melayu, 40), (Sunda, 10), (Bugis, 10)],
    }
}

impl Group {
    /// A town people of this group are often born in.
    pub fn birth_place(self, rng: &mut Rng) -> &'static str {
        rng.pick(BIRTH_PLACES[self as usize])
    }
}

/// Writes a full name into `out` (cleared first). `female` and `birth_year` drive the
/// lists and titles (the hajj titles H./Hj. appear mostly among older Muslims).
pub fn full_name(rng: &mut Rng, group: Group, female: bool, birth_year: i32, out: &mut String) {
    out.clear();
    let older = birth_year < 1980;
    let push = |out: &mut String, w: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    };
    // The given-name part.
    let (first, second): (&[&str], &[&str]) = match (group, female) {
        (Jawa, false) => (JAWA_M, JAWA_M2),
        (Jawa, true) => (JAWA_F, JAWA_F2),
        (Sunda, false) => (SUNDA_M, SUNDA_M2),
        (Sunda, true) => (SUNDA_F, SUNDA_F2),
        (Bugis, false) => (BUGIS_M, BUGIS_M2),
        (Bugis, true) => (BUGIS_F, BUGIS_F2),
        (Banjar, false) => (BANJAR_M, BANJAR_M2),
        (Banjar, true) => (BANJAR_F, BANJAR_F2),
        (Minang, false) => (MINANG_M, MINANG_M2),
        (Minang, true) => (MINANG_F, MINANG_F2),
        (Melayu, false) => (MELAYU_M, MELAYU_M2),
        (Melayu, true) => (MELAYU_F, MELAYU_F2),
        (Batak, false) => (BATAK_M, MARGA),
        (Batak, true) => (BATAK_F, MARGA),
        (Tionghoa, false) => (CINA_M, CINA_LAST),
        (Tionghoa, true) => (CINA_F, CINA_LAST),
        (Bali, false) => (BALI_M, BALI_M),
        (Bali, true) => (BALI_F, BALI_F),
        (Timur, false) => (TIMUR_M, TIMUR_LAST),
        (Timur, true) => (TIMUR_F, TIMUR_LAST),
    };
    let title_roll = rng.below(1000);
    match group {
        Batak => {
            let marga = rng.pick(MARGA);
            let muslim = MARGA_MUSLIM.contains(&marga) && rng.chance(0.7);
            let given = match (muslim, female) {
                (true, false) => rng.pick(ISLAM_M),
                (true, true) => rng.pick(ISLAM_F),
                _ => rng.pick(first),
            };
            push(out, given);
            if !muslim && rng.chance(0.25) {
                let second_given = if female {
                    rng.pick(BATAK_F)
                } else {
                    rng.pick(BATAK_M)
                };
                if second_given != given {
                    push(out, second_given);
                }
            }
            push(out, marga);
        }
        Bali => {
            let caste = rng.below(100);
            match (caste, female) {
                (0..=2, false) => push(out, "Ida Bagus"),
                (0..=2, true) => push(out, "Ida Ayu"),
                (3..=5, _) => push(out, "Anak Agung"),
                (6..=8, _) => push(out, if female { "Gusti Ayu" } else { "I Gusti" }),
                _ => {
                    push(out, if female { "Ni" } else { "I" });
                    push(
                        out,
                        rng.pick(if female { BALI_ORDER_F } else { BALI_ORDER_M }),
                    );
                }
            }
            push(out, rng.pick(first));
        }
        Tionghoa | Timur => {
            push(out, rng.pick(first));
            if group == Timur && rng.chance(0.2) {
                push(out, rng.pick(first));
            }
            push(out, rng.pick(second));
        }
        _ => {
            // Muslim-majority traditions: a title sometimes, then 1–3 words.
            if title_roll < 30 && older {
                push(out, if female { "Hj." } else { "H." });
            }
            let noble = rng.below(100);
            match group {
                Bugis if noble < 8 => push(out, "Andi"),
                Banjar if noble < 3 => push(out, if female { "Antung" } else { "Gusti" }),
                Melayu if noble < 4 => push(out, rng.pick(&["Tengku", "Wan", "Raja"])),
                _ => {}
            }
            let shape = rng.below(100);
            let single_ok = matches!(group, Jawa | Bugis | Minang | Banjar);
            if single_ok && shape < 30 {
                push(out, rng.pick(first));
            } else if shape < 55 {
                // Muslim compound: "Muhammad Rizki Hidayat", "Siti Nur Aisyah".
                let (a, b) = if female {
                    (ISLAM_F, ISLAM_F2)
                } else {
                    (ISLAM_M, ISLAM_M2)
                };
                let w1 = rng.pick(a);
                push(out, w1);
                if rng.chance(0.35) {
                    let w2 = rng.pick(first);
                    if w2 != w1 {
                        push(out, w2);
                    }
                }
                let w3 = rng.pick(b);
                if w3 != w1 {
                    push(out, w3);
                }
            } else {
                let w1 = rng.pick(first);
                push(out, w1);
                let w2 = rng.pick(second);
                if w2 != w1 {
                    push(out, w2);
                }
            }
        }
    }
    if title_roll >= 960 && birth_year < 2000 {
        out.push_str(", ");
        out.push_str(rng.pick(DEGREES));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_look_like_their_tradition() {
        let mut rng = Rng::new(3);
        let mut s = String::new();
        for _ in 0..200 {
            full_name(&mut rng, Batak, false, 1980, &mut s);
            let last = s.rsplit(' ').next().unwrap_or("").trim_end_matches(',');
            assert!(MARGA.contains(&last) || s.contains(", "), "{s}");
            full_name(&mut rng, Bali, true, 1980, &mut s);
            assert!(
                s.starts_with("Ni ") || s.contains("Ayu") || s.starts_with("Anak"),
                "{s}"
            );
            full_name(&mut rng, Jawa, true, 1970, &mut s);
            assert!(!s.is_empty() && !s.contains("  "), "{s}");
        }
    }

    #[test]
    fn every_province_has_a_mix() {
        for p in 11..=99u8 {
            assert!(!mix_for_provinsi(p).is_empty());
        }
    }
}
