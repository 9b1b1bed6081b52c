//! `gen owners`: a Dinas-style spreadsheet of UMKM owners and their businesses, with planted
//! duplicates and errors and a truth file that says which rows they are.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{Context, ensure};

use crate::GenSummary;
use crate::business::{self, ACTIVITIES, NibMaker};
use crate::contact;
use crate::csvout::Line;
use crate::names;
use crate::nik;
use crate::person::{Person, PersonMaker, education, push_dmy};
use crate::region::Region;
use crate::rng::Rng;
use crate::row::Row;

mod plant;

/// Options of `berdaya gen owners`.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnersOptions {
    /// Data rows to write (owners with 2 businesses take 2 rows; planted rows count too).
    pub count: u64,
    /// Kemendagri code of a provinsi or kab/kota (kecamatan also works); empty = Indonesia.
    pub region: String,
    pub seed: u64,
    /// Share of rows that repeat an earlier owner (spelling variant, other phone, NIK typo).
    pub dup_rate: f64,
    /// Share of rows with one planted error (bad NIK, impossible date, garbage phone,
    /// money as text, missing name).
    pub error_rate: f64,
    /// Share of owners listed with a second business.
    pub second_business_rate: f64,
    /// Share of owners without a business yet (calon wirausaha).
    pub no_business_rate: f64,
    /// Share of women among owners.
    pub female_share: f64,
}

impl Default for OwnersOptions {
    fn default() -> Self {
        OwnersOptions {
            count: 1000,
            region: "64.74".into(),
            seed: 1,
            dup_rate: 0.0,
            error_rate: 0.0,
            second_business_rate: 0.08,
            no_business_rate: 0.06,
            female_share: 0.58,
        }
    }
}

/// Column headers, as a Dinas sheet has them.
pub const OWNER_HEADERS: [&str; 24] = [
    "No",
    "NIK",
    "No. KK",
    "Nama Lengkap",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Alamat",
    "Kecamatan",
    "Kel./Desa",
    "Kode Desa",
    "No. HP/WA",
    "Email",
    "Pendidikan",
    "Nama Usaha",
    "NIB",
    "KBLI",
    "Bidang Usaha",
    "Tahun Berdiri",
    "Modal Usaha (Rp)",
    "Omzet per Bulan (Rp)",
    "Tenaga Kerja L",
    "Tenaga Kerja P",
    "Produk",
];
/// Header of the truth file; `row` is the value of the "No" column.
pub const OWNER_TRUTH_HEADERS: [&str; 5] = ["row", "person_id", "kind", "dup_of", "detail"];

// Field positions in a row (the "No" column is written separately).
pub const F_NIK: usize = 0;
const F_NAMA: usize = 2;
const F_TGL: usize = 5;
const F_HP: usize = 10;
const F_MODAL: usize = 18;
const F_OMZET: usize = 19;
const PERSON_FIELDS: usize = 13;
const FIELDS: usize = 23;

const RESERVOIR: usize = 4096;

struct Stored {
    person_id: u64,
    row_no: u64,
    row: Row,
}

struct Gen<'r> {
    rng: Rng,
    people: PersonMaker<'r>,
    region: &'r Region,
    nibs: NibMaker,
    reservoir: Vec<Stored>,
    seen_clean: u64,
    biz_name: String,
}

impl<'r> Gen<'r> {
    /// The person's columns, into `r` (cleared first).
    fn person_fields(&mut self, p: &Person, r: &mut Row) {
        let rng = &mut self.rng;
        let region = self.region;
        r.truncate(0);
        r.push_plain(&p.nik);
        nik::kk_number(rng, &region.kecs[p.kec].digits, r.buf());
        r.end_plain();
        r.push_str(&p.name);
        r.push_plain(if p.female { b"P" } else { b"L" });
        let place = self.people.birth_place(rng, p);
        r.push_str(place);
        push_dmy(r.buf(), p.birth);
        r.end_plain();
        let desa = &region.desa[p.desa];
        contact::address(rng, desa.kelurahan, &desa.nama, r.buf());
        r.end();
        r.push_str(&region.kecs[p.kec].nama);
        r.push_str(&desa.nama);
        r.push_plain(desa.dotted.as_bytes());
        contact::format_phone(rng, &p.phone, r.buf());
        r.end_plain();
        if rng.chance(0.35) {
            contact::email(rng, names::strip_titles(&p.name), p.birth.y, r.buf());
        }
        r.end_plain();
        r.push_plain(education(rng, p.birth.y).as_bytes());
        debug_assert_eq!(r.len(), PERSON_FIELDS);
    }

    /// A business's columns, replacing any after the person's.
    fn business_fields(&mut self, p: &Person, r: &mut Row) {
        r.truncate(PERSON_FIELDS);
        let rng = &mut self.rng;
        let act = &ACTIVITIES[business::pick_activity(rng)].0;
        let class = business::pick_class(rng);
        let founded = business::founding_year(rng, p.birth.y);
        let call = names::strip_titles(&p.name);
        let call = call
            .split(' ')
            .find(|w| w.len() > 2 && !matches!(*w, "Ni" | "Luh" | "Putu" | "Made"))
            .unwrap_or("");
        let place = &self.region.desa[p.desa].nama;
        business::business_name(rng, act, call, p.female, place, &mut self.biz_name);
        r.push_str(&self.biz_name);
        let has_nib = rng.chance(if class == business::Class::Mikro {
            0.55
        } else {
            0.95
        });
        if has_nib {
            self.nibs.make(founded, r.buf());
        }
        r.end_plain();
        r.push_plain(act.kbli.as_bytes());
        r.push_plain(act.bidang.as_bytes());
        r.push_num(founded as u64);
        let (modal, omzet) = business::money(rng, class);
        r.push_num(modal);
        r.push_num(omzet);
        let (l, pr) = business::employees(rng, class);
        r.push_num(l);
        r.push_num(pr);
        r.push_str(rng.pick(act.products));
        debug_assert_eq!(r.len(), FIELDS);
    }

    fn no_business(r: &mut Row) {
        r.truncate(PERSON_FIELDS);
        for _ in PERSON_FIELDS..FIELDS {
            r.end();
        }
    }

    /// Keep a uniform sample of clean owners for later duplicates.
    fn remember(&mut self, person_id: u64, row_no: u64, row: &Row) {
        self.seen_clean += 1;
        if self.reservoir.len() < RESERVOIR {
            self.reservoir.push(Stored {
                person_id,
                row_no,
                row: row.clone(),
            });
        } else {
            let j = self.rng.below(self.seen_clean) as usize;
            if j < RESERVOIR {
                self.reservoir[j] = Stored {
                    person_id,
                    row_no,
                    row: row.clone(),
                };
            }
        }
    }
}

fn check_rate(name: &str, v: f64) -> anyhow::Result<()> {
    ensure!(
        (0.0..=1.0).contains(&v),
        "{name} harus antara 0 dan 1 (terbaca {v})"
    );
    Ok(())
}

/// Write `opts.count` owner rows as CSV to `out`, and one truth line per row to `truth`.
pub fn generate_owners(
    opts: &OwnersOptions,
    out: &mut dyn Write,
    mut truth: Option<&mut dyn Write>,
) -> anyhow::Result<GenSummary> {
    for (n, v) in [
        ("dup_rate", opts.dup_rate),
        ("error_rate", opts.error_rate),
        ("second_business_rate", opts.second_business_rate),
        ("no_business_rate", opts.no_business_rate),
        ("female_share", opts.female_share),
    ] {
        check_rate(n, v)?;
    }
    ensure!(
        opts.dup_rate + opts.error_rate <= 1.0,
        "dup_rate + error_rate tidak boleh lebih dari 1"
    );
    let region = Region::load(&opts.region)?;
    let mut g = Gen {
        rng: Rng::derive(opts.seed, 1),
        people: PersonMaker::new(&region, opts.seed, opts.female_share),
        region: &region,
        nibs: NibMaker::new(opts.seed),
        reservoir: Vec::new(),
        seen_clean: 0,
        biz_name: String::new(),
    };
    let mut line = Line::new();
    let mut tline = Line::new();
    line.header(&OWNER_HEADERS, out)?;
    if let Some(t) = truth.as_deref_mut() {
        tline.header(&OWNER_TRUTH_HEADERS, t)?;
    }
    let mut summary = GenSummary::default();
    let mut kinds: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut row_no = 0u64;
    let mut row = Row::new();
    let mut p = Person::default();
    let mut next_person = 0u64;
    let mut emit = |row: &Row,
                    pid: u64,
                    kind: &'static str,
                    dup_of: Option<u64>,
                    detail: &str,
                    line: &mut Line,
                    tline: &mut Line,
                    out: &mut dyn Write,
                    truth: &mut Option<&mut dyn Write>|
     -> anyhow::Result<u64> {
        row_no += 1;
        line.num(row_no);
        row.write(line);
        line.finish(out)?;
        if let Some(t) = truth.as_deref_mut() {
            tline.num(row_no);
            tline.num(pid);
            tline.str(kind);
            match dup_of {
                Some(d) => tline.num(d),
                None => tline.str(""),
            }
            tline.str(detail);
            tline.finish(t)?;
        }
        *kinds.entry(kind).or_default() += 1;
        Ok(row_no)
    };
    while summary.rows < opts.count {
        let roll = g.rng.f64();
        if roll < opts.dup_rate
            && let Some((pid, of, row, kind, detail)) = g.duplicate()
        {
            emit(
                &row,
                pid,
                kind,
                Some(of),
                &detail,
                &mut line,
                &mut tline,
                out,
                &mut truth,
            )?;
            summary.rows += 1;
            summary.duplicates += 1;
            continue;
        }
        g.people.make_into(&mut g.rng, &mut p)?;
        let pid = next_person;
        next_person += 1;
        summary.persons += 1;
        g.person_fields(&p, &mut row);
        let has_business = !g.rng.chance(opts.no_business_rate);
        if has_business {
            g.business_fields(&p, &mut row);
        } else {
            Gen::no_business(&mut row);
        }
        if has_business {
            summary.businesses += 1;
        }
        if roll < opts.dup_rate + opts.error_rate {
            let (bad, kind, detail) = g.plant_error(&row, &p);
            emit(
                &bad, pid, kind, None, &detail, &mut line, &mut tline, out, &mut truth,
            )?;
            summary.rows += 1;
            summary.errors += 1;
            continue;
        }
        let kind = if has_business { "ok" } else { "ok_no_business" };
        let first = emit(
            &row, pid, kind, None, "", &mut line, &mut tline, out, &mut truth,
        )?;
        summary.rows += 1;
        g.remember(pid, first, &row);
        if has_business && summary.rows < opts.count && g.rng.chance(opts.second_business_rate) {
            // A different business: another activity or at least another name.
            let first_biz = (row.get(13).into_owned(), row.get(15).into_owned());
            for _ in 0..8 {
                g.business_fields(&p, &mut row);
                if *row.get(13) != *first_biz.0 || *row.get(15) != *first_biz.1 {
                    break;
                }
            }
            emit(
                &row,
                pid,
                "second_business",
                Some(first),
                "",
                &mut line,
                &mut tline,
                out,
                &mut truth,
            )?;
            summary.rows += 1;
            summary.businesses += 1;
        }
    }
    line.flush(out).context("menulis CSV pemilik usaha")?;
    if let Some(t) = truth {
        tline.flush(t).context("menulis file kebenaran")?;
    }
    summary.by_kind = kinds.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Ok(summary)
}
