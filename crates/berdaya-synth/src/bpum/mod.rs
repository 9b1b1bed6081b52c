//! `gen bpum`: a BPUM-scale applicant list, exclusion lists (ASN/TNI/Polri/BUMN/BUMD, KUR
//! debtors, deceased), a civil-registry view, and planted cases of every BPK 2020 category.
//!
//! Files (all CSV with a header): `applicants.csv`, `asn.csv`, `kur.csv`, `deceased.csv`,
//! `registry.csv`, `truth.csv`. Planted counts are exact: row `i` gets its category from a
//! keyed permutation of `0..N`, so `round(rate × N)` rows of each kind are spread at random.
//! Exclusion-list people who are not applicants are interleaved with the planted ones.

mod lists;
mod options;
mod sink;

pub use options::{BpumOptions, BpumRates, Kind};

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

use crate::GenSummary;
use crate::business::{self, ACTIVITIES, Class, NibMaker};
use crate::contact;
use crate::names;
use crate::nik;
use crate::person::{Person, PersonMaker, push_dmy};
use crate::region::Region;
use crate::rng::{Permutation, Rng};
use crate::row::Row;
use sink::Sink;

pub const APPLICANT_HEADERS: [&str; 15] = [
    "no",
    "nik",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "no_hp",
    "alamat",
    "kode_desa",
    "nama_usaha",
    "kbli",
    "bidang_usaha",
    "nib",
    "modal_usaha",
    "omzet_per_bulan",
    "pengusul",
];
const ASN_HEADERS: [&str; 5] = ["nik", "nama", "tanggal_lahir", "instansi", "kategori"];
const KUR_HEADERS: [&str; 6] = ["nik", "nama", "bank", "plafon", "tanggal_akad", "status"];
const DECEASED_HEADERS: [&str; 4] = ["nik", "nama", "tanggal_lahir", "tanggal_meninggal"];
const REGISTRY_HEADERS: [&str; 5] = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "hidup"];
const TRUTH_HEADERS: [&str; 6] = ["row", "person_id", "kind", "expected", "ref_row", "detail"];

const PENGUSUL: &[(&str, u32)] = &[
    ("Dinas Koperasi dan UKM", 55),
    ("Koperasi", 15),
    ("Lembaga Penyalur KUR", 12),
    ("BUMN", 8),
    ("Kementerian/Lembaga", 5),
    ("Bank/Lembaga Keuangan", 5),
];
const BANKS: &[&str] = &[
    "BRI",
    "BNI",
    "Bank Mandiri",
    "BSI",
    "BPD",
    "BTN",
    "Pegadaian",
];
const RESERVOIR: usize = 4096;

struct Stored {
    row_no: u64,
    person_id: u64,
    person: Person,
    row: Row,
}

struct Files {
    applicants: Sink,
    asn: Sink,
    kur: Sink,
    deceased: Sink,
    registry: Sink,
    truth: Sink,
}

struct Gen<'r> {
    rng: Rng,
    people: PersonMaker<'r>,
    region: &'r Region,
    nibs: NibMaker,
    f: Files,
    next_person: u64,
    biz_name: String,
}

fn nik_str(n: &[u8; 16]) -> &str {
    std::str::from_utf8(n).unwrap_or("")
}

impl<'r> Gen<'r> {
    fn person(&mut self) -> anyhow::Result<(u64, Person)> {
        let p = self.people.make(&mut self.rng)?;
        self.next_person += 1;
        Ok((self.next_person - 1, p))
    }

    /// An applicant row (fields after "no") for person `p` with NIK text `nik`.
    fn applicant_row(&mut self, p: &Person, nik: &[u8], class: Class) -> Row {
        let rng = &mut self.rng;
        let mut r = Row::new();
        r.push(nik);
        r.push_str(&p.name);
        r.push(if p.female { b"P" } else { b"L" });
        push_dmy(r.buf(), p.birth);
        r.end();
        contact::format_phone(rng, &p.phone, r.buf());
        r.end();
        let desa = &self.region.desa[p.desa];
        contact::address(rng, desa.kelurahan, &desa.nama, r.buf());
        r.end();
        r.push_str(&desa.dotted);
        let act = &ACTIVITIES[business::pick_activity(rng)].0;
        let founded = business::founding_year(rng, p.birth.y).min(2020);
        let call = names::strip_titles(&p.name);
        let call = call.split(' ').find(|w| w.len() > 2).unwrap_or("");
        business::business_name(rng, act, call, p.female, &desa.nama, &mut self.biz_name);
        r.push_str(&self.biz_name);
        r.push_str(act.kbli);
        r.push_str(act.bidang);
        if rng.chance(0.6) {
            self.nibs.make(founded, r.buf());
        }
        r.end();
        let (modal, omzet) = business::money(rng, class);
        r.push_num(modal);
        r.push_num(omzet);
        r.push_str(rng.pick_weighted(PENGUSUL));
        r
    }

    fn emit(
        &mut self,
        row_no: u64,
        row: &Row,
        pid: u64,
        kind: Kind,
        ref_row: Option<u64>,
        detail: &str,
    ) -> anyhow::Result<()> {
        let l = &mut self.f.applicants.line;
        l.num(row_no);
        row.write(l);
        self.f.applicants.finish()?;
        let t = &mut self.f.truth.line;
        t.num(row_no);
        t.num(pid);
        t.str(kind.as_str());
        t.str(kind.expected());
        match ref_row {
            Some(r) => t.num(r),
            None => t.str(""),
        }
        t.str(detail);
        self.f.truth.finish()
    }
}

/// Write the BPUM file set into `dir` (created if missing).
pub fn generate_bpum(opts: &BpumOptions, dir: &Path) -> anyhow::Result<GenSummary> {
    let counts = opts.planted_counts()?;
    let n = opts.applicants;
    let region = Region::load(&opts.region)?;
    std::fs::create_dir_all(dir).with_context(|| format!("membuat folder {}", dir.display()))?;
    let f = Files {
        applicants: Sink::create(dir, "applicants.csv", &APPLICANT_HEADERS)?,
        asn: Sink::create(dir, "asn.csv", &ASN_HEADERS)?,
        kur: Sink::create(dir, "kur.csv", &KUR_HEADERS)?,
        deceased: Sink::create(dir, "deceased.csv", &DECEASED_HEADERS)?,
        registry: Sink::create(dir, "registry.csv", &REGISTRY_HEADERS)?,
        truth: Sink::create(dir, "truth.csv", &TRUTH_HEADERS)?,
    };
    let mut g = Gen {
        rng: Rng::derive(opts.seed, 2),
        people: PersonMaker::new(&region, opts.seed ^ 0xB9, 0.55),
        region: &region,
        nibs: NibMaker::new(opts.seed ^ 0xB9),
        f,
        next_person: 0,
        biz_name: String::new(),
    };
    // Category of row i: its position in a keyed permutation against cumulative counts.
    let perm = Permutation::new(n.max(1), opts.seed ^ 0xB90B);
    let mut bounds = Vec::new();
    let mut acc = 0u64;
    for &(k, c) in &counts {
        acc += c;
        bounds.push((acc, k));
    }
    let planted_in = |k: Kind| counts.iter().find(|(x, _)| *x == k).map_or(0, |c| c.1);
    let list_fill =
        |ratio: f64, planted: u64| ((ratio * n as f64).round() as u64).saturating_sub(planted);
    let asn_fill = list_fill(
        opts.asn_ratio,
        planted_in(Kind::CivilServant) + planted_in(Kind::ReviewNearExclusion),
    );
    let kur_fill = list_fill(
        opts.kur_ratio,
        planted_in(Kind::BankDebtor) + planted_in(Kind::KurPaidOff),
    );
    let dec_fill = list_fill(opts.deceased_ratio, planted_in(Kind::Deceased));
    let (mut asn_done, mut kur_done, mut dec_done) = (0u64, 0u64, 0u64);

    let mut reservoir: Vec<Stored> = Vec::new();
    let mut clean_seen = 0u64;
    let mut deferred: Vec<Kind> = Vec::new();
    let mut kinds: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut summary = GenSummary::default();
    for i in 0..n {
        let pos = perm.apply(i);
        let mut kind = bounds
            .iter()
            .find(|(b, _)| pos < *b)
            .map_or(Kind::Eligible, |b| b.1);
        let needs_earlier = matches!(kind, Kind::PaidTwice | Kind::ReviewOtherNik);
        if needs_earlier && reservoir.is_empty() {
            deferred.push(kind);
            kind = Kind::Eligible;
        } else if kind == Kind::Eligible
            && !reservoir.is_empty()
            && let Some(k) = deferred.pop()
        {
            kind = k;
        }
        let row_no = i + 1;
        *kinds.entry(kind.as_str()).or_default() += 1;
        if kind != Kind::Eligible {
            summary.errors += 1;
        }
        match kind {
            Kind::PaidTwice | Kind::ReviewOtherNik => {
                let s = &reservoir[g.rng.below(reservoir.len() as u64) as usize];
                let (of, pid, p, orig) = (s.row_no, s.person_id, s.person.clone(), s.row.clone());
                if kind == Kind::PaidTwice {
                    let pengusul = g.rng.pick_weighted(PENGUSUL);
                    let row = orig.with(13, pengusul.as_bytes());
                    g.emit(row_no, &row, pid, kind, Some(of), "")?;
                    summary.duplicates += 1;
                } else {
                    let second = nik::shifted_serial(&p.nik, 5 + g.rng.below(3) as u8);
                    g.registry(&second, &p.name, p.birth, p.female, true)?;
                    let row = orig.with(0, &second);
                    g.emit(row_no, &row, pid, kind, Some(of), "second NIK in registry")?;
                }
                continue;
            }
            _ => {}
        }
        let (pid, p) = g.person()?;
        summary.persons += 1;
        summary.businesses += 1;
        let class = if kind == Kind::NotMicro {
            if g.rng.chance(0.8) {
                Class::Kecil
            } else {
                Class::Menengah
            }
        } else {
            Class::Mikro
        };
        let mut detail = String::new();
        let row = match kind {
            Kind::AnomalousNik => {
                let (bad, tag) = nik::broken_nik(&mut g.rng, &p.nik);
                detail = tag.to_string();
                g.registry(&p.nik, &p.name, p.birth, p.female, true)?;
                g.applicant_row(&p, bad.as_bytes(), class)
            }
            Kind::NikNotInRegistry => {
                if g.rng.chance(1.0 / 3.0) {
                    // The NIK is registered, but to someone else.
                    let mut other = String::new();
                    for _ in 0..16 {
                        names::full_name(&mut g.rng, p.group, p.female, p.birth.y, &mut other);
                        if other != p.name {
                            break;
                        }
                    }
                    if other == p.name {
                        other.push_str(" Saputra");
                    }
                    g.registry(&p.nik, &other, p.birth, p.female, true)?;
                    detail = format!("registered to {other}");
                } else {
                    detail = "not in registry".into();
                }
                g.applicant_row(&p, &p.nik, class)
            }
            _ => {
                let alive = kind != Kind::Deceased;
                g.registry(&p.nik, &p.name, p.birth, p.female, alive)?;
                g.applicant_row(&p, &p.nik, class)
            }
        };
        match kind {
            Kind::CivilServant => g.asn(&p.nik, &p.name, p.birth)?,
            Kind::Deceased => g.deceased(&p.nik, &p.name, p.birth)?,
            Kind::BankDebtor => g.kur(&p.nik, &p.name, true)?,
            Kind::KurPaidOff => g.kur(&p.nik, &p.name, false)?,
            Kind::ReviewNearExclusion => {
                let listed = nik::shifted_serial(&p.nik, 8 + g.rng.below(2) as u8);
                let name = if g.rng.chance(0.5) {
                    names::spelling_variant(&p.name, &mut g.rng).0
                } else {
                    p.name.clone()
                };
                detail = format!("asn.csv: {} {}", nik_str(&listed), name);
                g.asn(&listed, &name, p.birth)?;
            }
            _ => {}
        }
        g.emit(row_no, &row, pid, kind, None, &detail)?;
        if kind == Kind::Eligible {
            clean_seen += 1;
            let stored = Stored {
                row_no,
                person_id: pid,
                person: p,
                row,
            };
            if reservoir.len() < RESERVOIR {
                reservoir.push(stored);
            } else {
                let j = g.rng.below(clean_seen) as usize;
                if j < RESERVOIR {
                    reservoir[j] = stored;
                }
            }
        }
        // Exclusion-list people who never applied, spread evenly through the files.
        let due = |fill: u64| {
            if n == 0 {
                fill
            } else {
                ((u128::from(fill) * u128::from(i + 1)) / u128::from(n)) as u64
            }
        };
        while asn_done < due(asn_fill) {
            let (_, q) = g.person()?;
            g.registry(&q.nik, &q.name, q.birth, q.female, true)?;
            g.asn(&q.nik, &q.name, q.birth)?;
            asn_done += 1;
        }
        while kur_done < due(kur_fill) {
            let (_, q) = g.person()?;
            g.registry(&q.nik, &q.name, q.birth, q.female, true)?;
            let active = g.rng.chance(0.8);
            g.kur(&q.nik, &q.name, active)?;
            kur_done += 1;
        }
        while dec_done < due(dec_fill) {
            let (_, q) = g.person()?;
            g.registry(&q.nik, &q.name, q.birth, q.female, false)?;
            g.deceased(&q.nik, &q.name, q.birth)?;
            dec_done += 1;
        }
    }
    // Kinds still in `deferred` (no earlier applicant existed: tiny lists only) were
    // written as eligible rows and are counted as such in `by_kind`.
    summary.rows = n;
    summary.by_kind = kinds.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let Files {
        applicants,
        asn,
        kur,
        deceased,
        registry,
        truth,
    } = g.f;
    for s in [applicants, asn, kur, deceased, registry, truth] {
        let (name, rows) = s.close()?;
        summary.files.insert(name.to_string(), rows);
    }
    Ok(summary)
}
