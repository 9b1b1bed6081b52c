//! Regression guard for the speed work on `berdaya screen`: a generated list crowded with
//! people who share a birth date and write the same names differently (typos, initials,
//! titles, old spellings, y/i, a dropped final h, joined words) goes through the CLI, and
//!
//! - the planted cases come out with the expected decision and reason, and
//! - the whole output file is byte for byte the one in `tests/data/regression.csv`, written
//!   by the implementation before the speed work (run with `BERDAYA_BLESS=1` to rewrite it
//!   after an intended change of decisions or wording, and review the diff).
//!
//! The fixture is built here from a fixed seed, independent of `berdaya-synth`, so that a
//! change to the generator does not move the expected file. `BERDAYA_FIXTURE_DIR=DIR` keeps
//! the fixture files (and `result.csv`) in DIR.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use berdaya_screen::cli::{ScreenArgs, run};

const RULES: &str = r#"{"version":1,"blocks":[
    {"type":"nik_valid"},
    {"type":"dukcapil"},
    {"type":"business_required"},
    {"type":"scale","allowed":["mikro"]},
    {"type":"not_excluded","lists":["asn","tni","polri","bumn","bumd","kur","bank","deceased"]},
    {"type":"one_per_nik"}
]}"#;

const FIRST: &[&str] = &[
    "Siti", "Nur", "Muhammad", "Ahmad", "Dewi", "Sri", "Budi", "Agus", "Ika", "Ratna", "Gusti",
    "Andi", "Wayan", "Suwarni", "Suwarno", "Fitri", "Yati", "Rina",
];
const MIDDLE: &[&str] = &["Nur", "Aini", "Lestari", "Putri", "Dwi", "Eka", "Sari", "Tri"];
const LAST: &[&str] = &[
    "Aminah", "Fatimah", "Santoso", "Hartono", "Wulandari", "Fitriany", "Rahmawati", "Soebroto",
    "Djaja", "Hidayat", "Ijai", "Baso", "Gazali", "Ilham",
];

/// xorshift64*: the fixture must not depend on any other crate's random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

struct Person {
    nik: String,
    name: String,
    /// (day, month, year)
    birth: (u32, u32, u32),
}

fn nik(birth: (u32, u32, u32), female: bool, serial: u32) -> String {
    let day = if female { birth.0 + 40 } else { birth.0 };
    format!("647401{day:02}{:02}{:02}{serial:04}", birth.1, birth.2 % 100)
}

fn dmy(b: (u32, u32, u32)) -> String {
    format!("{:02}/{:02}/{}", b.0, b.1, b.2)
}

/// The same person's name written another way.
fn variant(name: &str, r: &mut Rng) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    match r.below(10) {
        0 => name.to_uppercase(),
        1 => format!("H. {name}"),
        2 if words.len() > 2 => format!("{} {}. {}", words[0], &words[1][..1], words[2..].join(" ")),
        3 if words.len() > 1 => words.concat(),
        4 => format!("{name}, S.Pd"),
        5 => {
            // One typed letter in the middle of the last word.
            let mut s: Vec<char> = name.chars().collect();
            let at = s.len() - 3;
            s[at] = if s[at] == 'a' { 'e' } else { 'a' };
            s.into_iter().collect()
        }
        6 => {
            let mut s: Vec<char> = name.chars().collect();
            let at = s.len() - 3;
            s.swap(at, at + 1);
            s.into_iter().collect()
        }
        7 => name.replace("oe", "u").replace("dj", "j").replace("Dj", "J"),
        8 => format!("Raden {name}"),
        _ => name.replace("y", "i").trim_end_matches('h').to_string(),
    }
}

fn person(r: &mut Rng, serial: &mut u32) -> Person {
    let mut name = r.pick(FIRST).to_string();
    if r.below(3) == 0 {
        name = format!("{name} {}", r.pick(MIDDLE));
    }
    if r.below(5) != 0 {
        name = format!("{name} {}", r.pick(LAST));
    }
    // Few birth dates: many people share one.
    let birth = (1 + r.below(4) as u32, 1 + r.below(2) as u32, 1980 + r.below(2) as u32);
    *serial += 1;
    Person { nik: nik(birth, r.below(2) == 0, *serial), name, birth }
}

struct Files {
    dir: PathBuf,
}

fn write_fixture(dir: &Path) -> Files {
    let mut r = Rng(0x5EED_2026);
    let mut serial = 0u32;
    let people: Vec<Person> = (0..1200).map(|_| person(&mut r, &mut serial)).collect();
    let (mut app, mut asn, mut kur, mut dead, mut reg) = (String::new(), String::new(), String::new(), String::new(), String::new());
    app.push_str("no,nik,nama,tanggal_lahir,no_hp,kode_desa,nama_usaha,kbli,nib,modal_usaha,omzet_per_bulan\n");
    asn.push_str("nik,nama,tanggal_lahir,instansi,kategori\n");
    kur.push_str("nik,nama,tanggal_lahir,bank,status\n");
    dead.push_str("nik,nama,tanggal_lahir,tanggal_meninggal\n");
    reg.push_str("nik,nama,tanggal_lahir,jenis_kelamin,hidup\n");
    let w = |s: &mut String, line: std::fmt::Arguments| {
        s.write_fmt(line).ok();
        s.push('\n');
    };
    for (i, p) in people.iter().enumerate() {
        let no = i + 1;
        // The applicant's own NIK: mostly the person's, sometimes malformed or repeated.
        let a_nik = match r.below(40) {
            0 => format!("{}X", &p.nik[..15]),
            1 => p.nik[..15].to_string(),
            2 if i > 0 => people[i - 1].nik.clone(),
            _ => p.nik.clone(),
        };
        let a_name = if r.below(6) == 0 { variant(&p.name, &mut r) } else { p.name.clone() };
        let phone = if r.below(30) == 0 { "081200000000".to_string() } else { format!("0812{:08}", 1000 + i) };
        let omzet = if r.below(40) == 0 { 400_000_000 } else { 2_000_000 };
        let business = if r.below(50) == 0 { ",," } else { "Warung,56210,9123456789012" };
        w(&mut app, format_args!("{no},{a_nik},{a_name},{},{phone},64.74.01.1001,{business},5000000,{omzet}", dmy(p.birth)));
        // Registry: the person under their NIK, written the same or a bit differently.
        let reg_name = match r.below(12) {
            0 => variant(&p.name, &mut r),
            1 => "Orang Lain Sekali".to_string(),
            _ => p.name.to_uppercase(),
        };
        let reg_birth = if r.below(25) == 0 { (p.birth.0 + 10, p.birth.1, p.birth.2) } else { p.birth };
        match r.below(30) {
            0 => {}
            1 => w(&mut reg, format_args!("{},{reg_name},{},P,0", p.nik, dmy(reg_birth))),
            _ => w(&mut reg, format_args!("{},{reg_name},{},P,1", p.nik, dmy(reg_birth))),
        }
        // Lists: the same NIK, or a variant of the name under another NIK, or nothing.
        let other = nik(p.birth, false, 5000 + no as u32);
        match r.below(12) {
            0 => w(&mut asn, format_args!("{},{},{},Dinas {},ASN", p.nik, p.name, dmy(p.birth), no % 7)),
            1 | 2 => w(&mut asn, format_args!("{other},{},{},Kodim,TNI", variant(&p.name, &mut r), dmy(p.birth))),
            3 => w(&mut kur, format_args!("{},{},{},BRI,{}", p.nik, p.name, dmy(p.birth), if no % 2 == 0 { "aktif" } else { "lunas" })),
            4 => w(&mut kur, format_args!("{other},{},{},BNI,aktif", variant(&p.name, &mut r), dmy(p.birth))),
            5 => w(&mut dead, format_args!("{},{},{},01/01/2020", p.nik, p.name, dmy(p.birth))),
            6 => w(&mut dead, format_args!("{other},{},{},01/01/2020", variant(&p.name, &mut r), dmy(p.birth))),
            _ => {}
        }
    }
    // Unrelated list entries sharing the crowded birth dates.
    for _ in 0..400 {
        let q = person(&mut r, &mut serial);
        w(&mut asn, format_args!("{},{},{},Polres,POLRI", q.nik, q.name, dmy(q.birth)));
    }
    for (name, text) in [("applicants.csv", app), ("asn.csv", asn), ("kur.csv", kur), ("deceased.csv", dead), ("registry.csv", reg)] {
        std::fs::write(dir.join(name), text).expect("write fixture");
    }
    std::fs::write(dir.join("rules.json"), RULES).expect("rules");
    Files { dir: dir.to_path_buf() }
}

fn screen(f: &Files) -> String {
    let d = &f.dir;
    let out = d.join("result.csv");
    let args = ScreenArgs {
        applicants: d.join("applicants.csv"),
        exclude: vec![
            format!("asn@2026-10={}", d.join("asn.csv").display()),
            format!("kur@2026-10={}", d.join("kur.csv").display()),
            format!("deceased@2026-09={}", d.join("deceased.csv").display()),
        ],
        registry: Some(d.join("registry.csv")),
        registry_version: Some("2026-10".into()),
        rules: d.join("rules.json"),
        out: out.clone(),
        value: None,
        budget: None,
        threads: Some(2),
    };
    run(&args).expect("screen");
    std::fs::read_to_string(out).expect("result")
}

fn expected_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/regression.csv")
}

#[test]
fn output_is_unchanged_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    // BERDAYA_FIXTURE_DIR keeps the fixture, to screen it with another build of `berdaya`.
    let keep = std::env::var_os("BERDAYA_FIXTURE_DIR").map(PathBuf::from);
    if let Some(k) = &keep {
        std::fs::create_dir_all(k).expect("fixture dir");
    }
    let files = write_fixture(keep.as_deref().unwrap_or(dir.path()));
    let got = screen(&files);
    let path = expected_path();
    if std::env::var_os("BERDAYA_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &got).expect("bless");
    }
    let want = std::fs::read_to_string(&path).expect("tests/data/regression.csv (BERDAYA_BLESS=1 writes it)");
    for (n, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "output line {} differs", n + 1);
    }
    assert_eq!(got.lines().count(), want.lines().count(), "number of output lines");
    assert_eq!(got, want);
}

#[test]
fn planted_cases_have_their_decisions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = write_fixture(dir.path());
    let got = screen(&files);
    let mut rdr = csv::Reader::from_reader(got.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("record")).collect();
    assert_eq!(rows.len(), 1200);
    let count = |status: &str, cat: &str, reason: &str| {
        rows.iter()
            .filter(|r| &r[2] == status && r[3].split("; ").any(|c| c == cat) && r[4].contains(reason))
            .count()
    };
    // Each kind of planted case is there, with its reason.
    assert!(count("not_eligible", "asn_tni_polri_bumn_bumd", "tercatat dalam daftar ASN") >= 40);
    assert!(count("needs_review", "asn_tni_polri_bumn_bumd", "nama mirip dan tanggal lahir sama") >= 40);
    assert!(count("needs_review", "asn_tni_polri_bumn_bumd", "nama dan tanggal lahir sama dengan baris") >= 5);
    assert!(count("not_eligible", "debitur_bank_kur", "tercatat dalam daftar") >= 20);
    assert!(count("needs_review", "debitur_bank_kur", "periksa apakah orang yang sama") >= 20);
    assert!(count("not_eligible", "meninggal_dunia", "telah meninggal dunia") >= 20);
    assert!(count("not_eligible", "nik_anomali", "NIK tidak sah") >= 20);
    assert!(count("not_eligible", "nik_tidak_padan", "tidak ditemukan dalam data Dukcapil") >= 20);
    assert!(count("not_eligible", "nik_tidak_padan", "atas nama orang lain") >= 20);
    assert!(count("not_eligible", "penerima_ganda", "sudah diajukan pada baris") >= 10);
    assert!(count("needs_review", "penerima_ganda", "nomor HP sama dengan baris") >= 10);
    assert!(count("not_eligible", "bukan_usaha_mikro", "PP 7/2021") >= 10);
    // A paid-off KUR loan does not exclude.
    assert!(!rows.iter().any(|r| r[4].contains("tidak aktif lagi") && &r[2] == "not_eligible" && r[3].is_empty()));
}
