//! Businesses: sector and KBLI 2020 code, a name and products that fit, founding year,
//! capital and turnover drawn per PP 7/2021 scale class (mostly mikro), employees, NIB.

use crate::rng::{Permutation, Rng};

/// One kind of activity: KBLI 2020 code, the sector label a Dinas sheet shows, name
/// prefixes and typical products.
pub struct Activity {
    pub kbli: &'static str,
    pub bidang: &'static str,
    pub prefixes: &'static [&'static str],
    pub products: &'static [&'static str],
}

const fn a(
    kbli: &'static str,
    bidang: &'static str,
    prefixes: &'static [&'static str],
    products: &'static [&'static str],
) -> Activity {
    Activity {
        kbli,
        bidang,
        prefixes,
        products,
    }
}

/// Activities with weights (shares of UMKM on a typical Dinas list).
#[rustfmt::skip]
pub const ACTIVITIES: &[(Activity, u32)] = &[
    (a("56102", "Kuliner", &["Warung Makan", "Warung", "Depot", "Rumah Makan", "Warteg"], &[
        "Nasi campur, soto ayam", "Nasi kuning, ayam goreng", "Coto, konro", "Soto Banjar, nasi sop",
        "Pecel lele, ayam penyet", "Nasi padang", "Bakso, mie ayam", "Gado-gado, lontong sayur",
        "Ikan bakar, sayur asem", "Nasi uduk, gorengan"]), 14),
    (a("56103", "Kuliner", &["Kedai", "Gerobak", "Lapak"], &[
        "Martabak manis, terang bulan", "Gorengan, es teh", "Pentol bakar", "Roti bakar",
        "Sate ayam", "Seblak, cilok", "Pisang goreng"]), 7),
    (a("56303", "Kuliner", &["Kedai Kopi", "Kopi", "Es Teh", "Jus"], &[
        "Kopi susu, es kopi gula aren", "Es teh jumbo", "Jus buah segar", "Es kelapa muda",
        "Thai tea, boba"]), 4),
    (a("56210", "Kuliner", &["Katering", "Dapur", "Boga"], &[
        "Nasi kotak, tumpeng", "Katering harian", "Snack box, kue basah"]), 4),
    (a("10710", "Kuliner", &["Roti", "Kue", "Bakery", "Dapur Kue"], &[
        "Roti manis, bolu", "Kue kering lebaran", "Brownies, bolu pandan", "Donat, roti sobek"]), 5),
    (a("10792", "Kuliner", &["Kue", "Jajanan", "Aneka Kue"], &[
        "Kue basah, lapis legit", "Kue tradisional, wajik", "Klepon, onde-onde", "Bingka, amparan tatak"]), 4),
    (a("10794", "Kuliner", &["Keripik", "Kerupuk", "Amplang", "Rempeyek"], &[
        "Keripik pisang, keripik singkong", "Amplang ikan, kerupuk udang", "Kerupuk ikan",
        "Rempeyek kacang", "Keripik tempe", "Kerupuk kulit"]), 5),
    (a("10750", "Kuliner", &["Frozen Food", "Olahan", "Dapur"], &[
        "Nugget, dimsum beku", "Abon ikan, sambal botol", "Rendang kemasan", "Bakso beku"]), 3),
    (a("14111", "Fashion", &["Konveksi", "Jahit", "Penjahit", "Butik"], &[
        "Seragam sekolah, kaos sablon", "Gamis, jilbab", "Kemeja batik", "Baju kurung, kebaya",
        "Mukena"]), 6),
    (a("47711", "Fashion", &["Toko Baju", "Butik", "Distro", "Fashion"], &[
        "Pakaian wanita, hijab", "Baju anak", "Kaos, celana jeans", "Sarung, baju koko"]), 4),
    (a("16292", "Kerajinan", &["Anyaman", "Kerajinan", "Sanggar"], &[
        "Tas anyaman purun", "Tikar pandan", "Keranjang rotan", "Topi anyaman"]), 3),
    (a("32909", "Kerajinan", &["Kerajinan", "Souvenir", "Galeri", "Craft"], &[
        "Manik-manik, gelang", "Souvenir kayu", "Bunga hias", "Gantungan kunci", "Tas rajut"]), 3),
    (a("31001", "Kerajinan", &["Mebel", "Meubel", "Furniture"], &["Lemari, kursi kayu", "Meja, dipan"]), 2),
    (a("96021", "Jasa", &["Salon", "Pangkas Rambut", "Barbershop"], &[
        "Potong rambut, creambath", "Rias pengantin", "Potong rambut pria"]), 6),
    (a("95120", "Jasa", &["Servis HP", "Cell", "Ponsel"], &["Servis HP, aksesoris", "Ganti LCD, baterai"]), 3),
    (a("47111", "Perdagangan", &["Toko", "Warung Sembako", "Kios", "UD."], &[
        "Sembako", "Beras, minyak goreng, gula", "Kebutuhan sehari-hari", "Gas elpiji, air galon"]), 15),
    (a("47911", "Perdagangan", &["Online Shop", "Shop", "Olshop"], &[
        "Camilan kemasan", "Kue kering, frozen food", "Madu, minuman herbal"]), 4),
    (a("01131", "Pertanian", &["Kebun", "Tani", "Kelompok Tani"], &["Sayur bayam, kangkung", "Sawi, selada hidroponik"]), 3),
    (a("01133", "Pertanian", &["Kebun", "Tani"], &["Cabai, tomat", "Terong, timun"]), 2),
    (a("01136", "Pertanian", &["Jamur", "Budidaya Jamur"], &["Jamur tiram segar", "Baglog jamur"]), 1),
];

const NICE_WORDS: &[&str] = &[
    "Berkah",
    "Barokah",
    "Sumber Rezeki",
    "Jaya",
    "Makmur",
    "Sejahtera",
    "Mandiri",
    "Sederhana",
    "Lestari",
    "Putra",
    "Cahaya",
    "Al-Amin",
    "Sinar Harapan",
    "Bintang",
    "Mekar",
    "Amanah",
    "Nusantara",
    "Bunda",
    "Sahabat",
    "Tiga Saudara",
    "Dua Putri",
    "Sari Rasa",
    "Idola",
    "Murah Meriah",
    "Karya Bersama",
    "Harapan Kita",
    "Anugerah",
    "Family",
];

/// Scale class the numbers are drawn for (the registry computes its own from them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Mikro,
    Kecil,
    Menengah,
}

pub fn pick_activity(rng: &mut Rng) -> usize {
    let total: u64 = ACTIVITIES.iter().map(|(_, w)| u64::from(*w)).sum();
    let mut r = rng.below(total);
    for (i, (_, w)) in ACTIVITIES.iter().enumerate() {
        if r < u64::from(*w) {
            return i;
        }
        r -= u64::from(*w);
    }
    0
}

/// Business name: a prefix that fits the activity and the owner's call name, a nice word,
/// or the place.
pub fn business_name(
    rng: &mut Rng,
    act: &Activity,
    owner_call: &str,
    female: bool,
    place: &str,
    out: &mut String,
) {
    out.clear();
    out.push_str(rng.pick(act.prefixes));
    out.push(' ');
    match rng.below(10) {
        0..=3 if !owner_call.is_empty() => {
            out.push_str(if female { "Bu " } else { "Pak " });
            out.push_str(owner_call);
        }
        4 => out.push_str(place),
        _ => out.push_str(rng.pick(NICE_WORDS)),
    }
}

/// Round to two significant digits, as people report amounts.
pub fn nice_amount(x: f64) -> u64 {
    if !x.is_finite() || x < 1.0 {
        return 0;
    }
    let v = x as u64;
    let mut scale = 1u64;
    while v / scale >= 100 {
        scale *= 10;
    }
    (v + scale / 2) / scale * scale
}

fn log_uniform(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.f64() * (hi.ln() - lo.ln())).exp()
}

/// Capital and monthly turnover (rupiah) for a class.
pub fn money(rng: &mut Rng, class: Class) -> (u64, u64) {
    match class {
        Class::Mikro => {
            let omzet = rng
                .lognormal(4_500_000.0, 0.9)
                .clamp(300_000.0, 150_000_000.0);
            let modal = rng
                .lognormal(6_000_000.0, 1.1)
                .clamp(500_000.0, 900_000_000.0);
            (nice_amount(modal), nice_amount(omzet))
        }
        Class::Kecil => {
            let annual = log_uniform(rng, 2.1e9, 14.5e9);
            (
                nice_amount(log_uniform(rng, 1.05e9, 4.9e9)),
                nice_amount(annual / 12.0),
            )
        }
        Class::Menengah => {
            let annual = log_uniform(rng, 15.5e9, 49e9);
            (
                nice_amount(log_uniform(rng, 5.1e9, 9.9e9)),
                nice_amount(annual / 12.0),
            )
        }
    }
}

pub fn pick_class(rng: &mut Rng) -> Class {
    match rng.below(1000) {
        0..=919 => Class::Mikro,
        920..=984 => Class::Kecil,
        _ => Class::Menengah,
    }
}

/// Employees (men, women) for a class.
pub fn employees(rng: &mut Rng, class: Class) -> (u64, u64) {
    let total = match class {
        Class::Mikro => rng.pick(&[0, 1, 1, 1, 2, 2, 2, 3, 3, 4]),
        Class::Kecil => rng.range(5, 19),
        Class::Menengah => rng.range(20, 99),
    };
    let men = rng.range(0, total);
    (men, total - men)
}

/// Founding year: recent years most common; never before the owner turned 17.
pub fn founding_year(rng: &mut Rng, birth_year: i32) -> i32 {
    let earliest = (birth_year + 17).max(1975);
    let age = rng.lognormal(5.0, 0.8) as i32;
    (2025 - age).clamp(earliest.min(2025), 2025)
}

/// Unique 13-digit NIBs: an era digit and a keyed permutation of a counter.
pub struct NibMaker {
    perm: Permutation,
    next: u64,
}

impl NibMaker {
    pub fn new(seed: u64) -> Self {
        NibMaker {
            perm: Permutation::new(1_000_000_000_000, seed ^ 0x41B),
            next: 0,
        }
    }

    pub fn make(&mut self, founded: i32, out: &mut Vec<u8>) {
        let v = self.perm.apply(self.next % 1_000_000_000_000);
        self.next += 1;
        out.push(if founded < 2021 { b'9' } else { b'1' });
        crate::csvout::push_pad(out, v, 12);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use berdaya_core::{Kbli, KbliVersion, Rupiah, SkalaUsaha};

    #[test]
    fn codes_parse_and_sectors_fit_their_category() {
        for (act, _) in ACTIVITIES {
            let k = Kbli::parse(act.kbli, KbliVersion::V2020).expect(act.kbli);
            let cat = k.kategori().map(|c| c.letter());
            let ok = match act.bidang {
                "Kuliner" => matches!(cat, Some('C' | 'I')),
                "Fashion" | "Kerajinan" => matches!(cat, Some('C' | 'G')),
                "Jasa" => matches!(cat, Some('S')),
                "Perdagangan" => cat == Some('G'),
                "Pertanian" => cat == Some('A'),
                _ => false,
            };
            assert!(ok, "{} {} {cat:?}", act.kbli, act.bidang);
        }
    }

    #[test]
    fn money_lands_in_the_drawn_class() {
        let mut rng = Rng::new(11);
        for class in [Class::Mikro, Class::Kecil, Class::Menengah] {
            for _ in 0..2000 {
                let (modal, omzet) = money(&mut rng, class);
                let s = SkalaUsaha::compute(
                    Some(Rupiah::new(modal as i64)),
                    Some(Rupiah::new(omzet as i64 * 12)),
                );
                let want = match class {
                    Class::Mikro => SkalaUsaha::Mikro,
                    Class::Kecil => SkalaUsaha::Kecil,
                    Class::Menengah => SkalaUsaha::Menengah,
                };
                assert_eq!(s, Some(want), "{class:?} {modal} {omzet}");
            }
        }
    }

    #[test]
    fn nice_amounts() {
        assert_eq!(nice_amount(4_567_890.0), 4_600_000);
        assert_eq!(nice_amount(99.0), 99);
        assert_eq!(nice_amount(0.3), 0);
    }
}
