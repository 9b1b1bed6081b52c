//! Phone numbers (real operator prefixes, the formats people type), e-mail addresses and
//! street addresses.

use crate::csvout::push_num;
use crate::rng::Rng;

/// Mobile prefixes after the leading 0 with rough market weights
/// (Telkomsel, Indosat, XL, Axis, Tri, Smartfren).
const PREFIXES: &[(&str, u32)] = &[
    ("811", 4),
    ("812", 14),
    ("813", 10),
    ("821", 8),
    ("822", 8),
    ("823", 4),
    ("852", 9),
    ("853", 6),
    ("851", 3),
    ("814", 1),
    ("815", 2),
    ("816", 2),
    ("855", 2),
    ("856", 5),
    ("857", 6),
    ("858", 3),
    ("817", 3),
    ("818", 2),
    ("819", 4),
    ("859", 2),
    ("877", 5),
    ("878", 5),
    ("831", 2),
    ("832", 1),
    ("833", 1),
    ("838", 3),
    ("895", 3),
    ("896", 3),
    ("897", 1),
    ("898", 2),
    ("899", 2),
    ("881", 1),
    ("882", 1),
    ("887", 1),
    ("888", 1),
    ("889", 1),
];

/// National digits of a mobile number: `08` + 9–11 more digits (11–13 in all).
pub fn mobile_digits(rng: &mut Rng, out: &mut Vec<u8>) {
    out.push(b'0');
    out.extend_from_slice(rng.pick_weighted(PREFIXES).as_bytes());
    let rest = match rng.below(10) {
        0..=1 => 7,
        2..=7 => 8,
        _ => 9,
    };
    for _ in 0..rest {
        out.push(b'0' + rng.below(10) as u8);
    }
}

/// Writes a valid number in one of the ways people write it.
pub fn format_phone(rng: &mut Rng, national: &[u8], out: &mut Vec<u8>) {
    match rng.below(20) {
        0..=11 => out.extend_from_slice(national),
        12..=14 => {
            out.extend_from_slice(&national[..4]);
            out.push(b'-');
            out.extend_from_slice(&national[4..8]);
            out.push(b'-');
            out.extend_from_slice(&national[8..]);
        }
        15..=16 => {
            out.extend_from_slice(b"+62");
            out.extend_from_slice(&national[1..]);
        }
        17 => {
            out.extend_from_slice(b"62");
            out.extend_from_slice(&national[1..]);
        }
        _ => {
            out.extend_from_slice(&national[..4]);
            out.push(b' ');
            out.extend_from_slice(&national[4..8]);
            out.push(b' ');
            out.extend_from_slice(&national[8..]);
        }
    }
}

/// Something in the phone column that is not a mobile number; every form fails
/// `NoHp::parse`.
pub fn garbage_phone(rng: &mut Rng, out: &mut Vec<u8>) -> &'static str {
    match rng.below(7) {
        0 => {
            out.extend_from_slice(b"0812");
            push_num(out, rng.range(1, 999));
            "phone_short"
        }
        1 => {
            out.extend_from_slice(b"0541 7");
            push_num(out, rng.range(10_000, 99_999));
            "phone_landline"
        }
        2 => {
            out.extend_from_slice(rng.pick(&[&b"-"[..], b"tidak ada", b"belum punya", b"?"]));
            "phone_text"
        }
        3 => {
            out.extend_from_slice(b"0813");
            for _ in 0..12 {
                out.push(b'0' + rng.below(10) as u8);
            }
            "phone_long"
        }
        4 => {
            out.extend_from_slice(b"+60 12 ");
            push_num(out, rng.range(1_000_000, 9_999_999));
            "phone_foreign"
        }
        5 => {
            out.extend_from_slice(b"6.2812E+11");
            "phone_scientific"
        }
        _ => {
            out.extend_from_slice(b"0852-xxxx-");
            push_num(out, rng.range(1000, 9999));
            "phone_letters"
        }
    }
}

const MAIL_HOSTS: &[(&str, u32)] = &[
    ("gmail.com", 80),
    ("yahoo.com", 8),
    ("yahoo.co.id", 6),
    ("ymail.com", 2),
    ("outlook.com", 2),
    ("rocketmail.com", 1),
    ("icloud.com", 1),
];

/// `first.last86@gmail.com`-style address from a name without titles.
pub fn email(rng: &mut Rng, plain_name: &str, birth_year: i32, out: &mut Vec<u8>) {
    let words: Vec<&str> = plain_name
        .split(' ')
        .filter(|w| !w.ends_with('.'))
        .collect();
    let first = words.first().copied().unwrap_or("umkm");
    let last = words.last().copied().unwrap_or("");
    let push_lower = |out: &mut Vec<u8>, w: &str| {
        out.extend(
            w.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase()),
        );
    };
    push_lower(out, first);
    if words.len() > 1 {
        match rng.below(3) {
            0 => out.push(b'.'),
            1 => out.push(b'_'),
            _ => {}
        }
        push_lower(out, last);
    }
    match rng.below(4) {
        0 => push_num(out, (birth_year % 100) as u64),
        1 => push_num(out, rng.range(1, 999)),
        _ => {}
    }
    out.push(b'@');
    out.extend_from_slice(rng.pick_weighted(MAIL_HOSTS).as_bytes());
}

const STREETS: &[&str] = &[
    "Jend. Sudirman",
    "Ahmad Yani",
    "Diponegoro",
    "Imam Bonjol",
    "Pattimura",
    "Hasanuddin",
    "Gatot Subroto",
    "S. Parman",
    "Pahlawan",
    "Merdeka",
    "Kartini",
    "Cut Nyak Dien",
    "M.H. Thamrin",
    "Gajah Mada",
    "Veteran",
    "Pramuka",
    "Mawar",
    "Melati",
    "Kenanga",
    "Anggrek",
    "Flamboyan",
    "Cempaka",
    "Dahlia",
    "Kamboja",
    "Pelabuhan",
    "Pasar Baru",
    "Masjid Raya",
    "Kebun Sayur",
    "Cendana",
    "Nusantara",
    "Sultan Agung",
    "Teuku Umar",
    "Slamet Riyadi",
    "K.H. Dewantara",
    "Juanda",
    "Hayam Wuruk",
    "Wolter Monginsidi",
    "Pangeran Antasari",
    "Letjen Suprapto",
    "D.I. Panjaitan",
];
const HAMLETS: &[&str] = &[
    "Krajan",
    "Sukamaju",
    "Sidomulyo",
    "Karang Anyar",
    "Mekar Sari",
    "Sumber Rejo",
    "Tanjung",
    "Pematang",
    "Suka Damai",
    "Harapan Baru",
    "Tani Makmur",
    "Kampung Baru",
    "Lestari",
    "Sumber Agung",
    "Mekar Jaya",
    "Bukit Indah",
    "Simpang Tiga",
    "Pasar Lama",
];
const ESTATES: &[&str] = &[
    "Griya Asri",
    "Bumi Indah",
    "Taman Sari",
    "Villa Permata",
    "Graha Mandiri",
    "Citra Land",
    "Puri Kencana",
    "Korpri",
    "BTN Sejahtera",
    "Pondok Hijau",
];

fn push_rt_rw(rng: &mut Rng, out: &mut Vec<u8>, with_rw: bool) {
    out.extend_from_slice(b" RT ");
    crate::csvout::push_pad(out, rng.range(1, 45), 3);
    if with_rw {
        out.extend_from_slice(b"/RW ");
        crate::csvout::push_pad(out, rng.range(1, 12), 3);
    }
}

/// A street address inside desa/kelurahan `desa_name` (urban forms for a kelurahan,
/// hamlets for a desa). No commas, so the CSV field rarely needs quotes.
pub fn address(rng: &mut Rng, kelurahan: bool, desa_name: &str, out: &mut Vec<u8>) {
    let roll = rng.below(100);
    if kelurahan || roll < 25 {
        if roll < 12 {
            out.extend_from_slice(b"Perum ");
            out.extend_from_slice(rng.pick(ESTATES).as_bytes());
            out.extend_from_slice(b" Blok ");
            out.push(b'A' + rng.below(8) as u8);
            out.push(b'-');
            push_num(out, rng.range(1, 40));
            return;
        }
        out.extend_from_slice(b"Jl. ");
        out.extend_from_slice(rng.pick(STREETS).as_bytes());
        if roll < 40 {
            out.extend_from_slice(b" Gg. ");
            out.extend_from_slice(rng.pick(&[
                &b"Damai"[..],
                b"Mushola",
                b"Sepakat",
                b"Rukun",
                b"I",
                b"II",
                b"III",
            ]));
        }
        out.extend_from_slice(b" No. ");
        push_num(out, rng.range(1, 150));
        if rng.chance(0.1) {
            out.push(b'A' + rng.below(3) as u8);
        }
        let rw = rng.chance(0.5);
        push_rt_rw(rng, out, rw);
    } else if roll < 60 {
        out.extend_from_slice(b"Dusun ");
        out.extend_from_slice(rng.pick(HAMLETS).as_bytes());
        push_rt_rw(rng, out, true);
    } else {
        out.extend_from_slice(b"Jl. Poros ");
        out.extend_from_slice(desa_name.as_bytes());
        let rw = rng.chance(0.6);
        push_rt_rw(rng, out, rw);
    }
}
