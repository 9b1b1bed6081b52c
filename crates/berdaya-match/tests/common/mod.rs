//! A synthetic Indonesian registry shared by the integration tests.
#![allow(dead_code)]

use berdaya_match::rng::SplitMix64;

pub const COLUMNS: [&str; 6] = ["nik", "nama", "tanggal_lahir", "no_hp", "alamat", "kode_wilayah"];
const FIRST: [&str; 12] = ["Ahmad", "Siti", "Budi", "Dewi", "Agus", "Rina", "Joko", "Sri", "Wayan", "Putu", "Made", "Nur"];
const LAST: [&str; 12] = ["Santoso", "Wulandari", "Hidayat", "Lestari", "Saputra", "Rahayu", "Nugroho", "Pratama", "Setiawan", "Kusuma", "Siregar", "Lubis"];
const STREET: [&str; 6] = ["Merdeka", "Sudirman", "Diponegoro", "Gajah Mada", "Pahlawan", "Ahmad Yani"];

/// `n` people, each entered once or twice; the second entry has the kind of noise a
/// registry has (title, old spelling, swapped digits, missing NIK, other phone format).
pub fn registry(n: usize, seed: u64) -> (Vec<String>, Vec<Vec<String>>, Vec<usize>) {
    let mut rng = SplitMix64::new(seed);
    let mut ids = Vec::new();
    let mut rows = Vec::new();
    let mut person = Vec::new();
    for p in 0..n {
        let pick = |rng: &mut SplitMix64, xs: &[&str]| xs[rng.below(xs.len() as u64) as usize].to_string();
        let name = format!("{} {} {}", pick(&mut rng, &FIRST), pick(&mut rng, &LAST), pick(&mut rng, &LAST));
        let (d, m, y) = (1 + rng.below(28), 1 + rng.below(12), 1950 + rng.below(50));
        let nik = format!("3201{:02}{:02}{:02}{:02}{:04}", 1 + rng.below(40), d, m, y % 100, 1 + rng.below(9000));
        let hp = format!("0812{:08}", rng.below(100_000_000));
        let addr = format!("Jl. {} No. {} RT {:02}/RW {:02}", pick(&mut rng, &STREET), 1 + rng.below(200), 1 + rng.below(9), 1 + rng.below(9));
        let wil = format!("32.01.{:02}.{}", 1 + rng.below(40), 2001 + rng.below(15));
        let dob = format!("{y}-{m:02}-{d:02}");
        ids.push(format!("p{p}-a"));
        rows.push(vec![nik.clone(), name.clone(), dob.clone(), hp.clone(), addr.clone(), wil.clone()]);
        person.push(p);
        if rng.below(2) == 0 {
            let name2 = format!("H. {}", name.replace("oe", "u").replace('u', "oe"));
            let mut nik2 = nik.into_bytes();
            nik2.swap(12, 13);
            let nik2 = if rng.below(3) == 0 { String::new() } else { String::from_utf8(nik2).unwrap_or_default() };
            let dob2 = format!("{d:02}/{m:02}/{y}");
            let hp2 = format!("+62 {}", &hp[1..]);
            ids.push(format!("p{p}-b"));
            rows.push(vec![nik2, name2, dob2, hp2, addr.to_uppercase().replace("JL.", "Jalan"), wil]);
            person.push(p);
        }
    }
    (ids, rows, person)
}

