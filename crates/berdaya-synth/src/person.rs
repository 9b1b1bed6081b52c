//! A synthetic resident of the region: identity (NIK, name, sex, birth), domicile and phone.

use crate::contact;
use crate::names::{self, Group};
use crate::nik::{Issued, NikAllocator, Ymd};
use crate::region::Region;
use crate::rng::Rng;

#[derive(Debug, Clone, Default)]
pub struct Person {
    pub nik: [u8; 16],
    pub birth: Ymd,
    pub female: bool,
    pub group: Group,
    pub name: String,
    /// Kecamatan (index into the region) where the NIK was issued.
    pub nik_kec: usize,
    /// Kecamatan and desa of the current address (usually the same kecamatan).
    pub kec: usize,
    pub desa: usize,
    /// National mobile digits, `08…`.
    pub phone: Vec<u8>,
}

/// Makes people for one region; share of women among owners is a parameter.
pub struct PersonMaker<'r> {
    pub region: &'r Region,
    niks: NikAllocator,
    female_share: f64,
}

impl<'r> PersonMaker<'r> {
    pub fn new(region: &'r Region, seed: u64, female_share: f64) -> Self {
        PersonMaker {
            region,
            niks: NikAllocator::new(region.kecs.len(), seed),
            female_share,
        }
    }

    /// A new person with a NIK never handed out before in this run.
    pub fn make(&mut self, rng: &mut Rng) -> anyhow::Result<Person> {
        let mut p = Person::default();
        self.make_into(rng, &mut p)?;
        Ok(p)
    }

    /// Like [`PersonMaker::make`], reusing the allocations of `p`.
    pub fn make_into(&mut self, rng: &mut Rng, p: &mut Person) -> anyhow::Result<()> {
        let female = rng.chance(self.female_share);
        let nik_kec = self.region.pick_kec(rng);
        let year = self.niks.pick_year(rng);
        let Issued { nik, birth, female } = self
            .niks
            .issue(nik_kec, &self.region.kecs[nik_kec].digits, female, year)
            .ok_or_else(|| anyhow::anyhow!("NIK space of a kecamatan exhausted"))?;
        let group = rng.pick_weighted(names::mix_for_provinsi(self.region.provinsi_of(nik_kec)));
        names::full_name(rng, group, female, birth.y, &mut p.name);
        // Most people still live in the kecamatan that issued their NIK.
        let kec = if self.region.kecs.len() > 1 && rng.chance(0.15) {
            self.region.pick_kec(rng)
        } else {
            nik_kec
        };
        let desa = self.region.pick_desa(kec, rng);
        p.phone.clear();
        contact::mobile_digits(rng, &mut p.phone);
        (p.nik, p.birth, p.female, p.group, p.nik_kec, p.kec, p.desa) =
            (nik, birth, female, group, nik_kec, kec, desa);
        Ok(())
    }

    /// Birth place: a town of the region for locals, the group's home towns for others.
    pub fn birth_place(&self, rng: &mut Rng, p: &Person) -> &'r str {
        let mix = names::mix_for_provinsi(self.region.provinsi_of(p.nik_kec));
        let local = if mix.first().map(|m| m.0) == Some(p.group) {
            0.7
        } else {
            0.25
        };
        if rng.chance(local) {
            let k = &self.region.kecs[p.kec];
            if rng.chance(0.5) {
                return &k.nama;
            }
            return &self.region.kabs[k.kab as usize].short_name;
        }
        p.group.birth_place(rng)
    }
}

/// `dd/mm/yyyy`.
pub fn push_dmy(out: &mut Vec<u8>, d: Ymd) {
    crate::csvout::push_pad(out, u64::from(d.d), 2);
    out.push(b'/');
    crate::csvout::push_pad(out, u64::from(d.m), 2);
    out.push(b'/');
    crate::csvout::push_num(out, d.y as u64);
}

/// `yyyy-mm-dd`.
pub fn push_iso(out: &mut Vec<u8>, d: Ymd) {
    crate::csvout::push_num(out, d.y as u64);
    out.push(b'-');
    crate::csvout::push_pad(out, u64::from(d.m), 2);
    out.push(b'-');
    crate::csvout::push_pad(out, u64::from(d.d), 2);
}

/// Highest education, by birth cohort.
pub fn education(rng: &mut Rng, birth_year: i32) -> &'static str {
    let table: &[(&str, u32)] = if birth_year < 1970 {
        &[
            ("SD", 35),
            ("SMP", 20),
            ("SMA/SMK", 30),
            ("D3", 4),
            ("S1", 8),
            ("Tidak Sekolah", 3),
        ]
    } else if birth_year < 1986 {
        &[
            ("SD", 15),
            ("SMP", 20),
            ("SMA/SMK", 45),
            ("D3", 6),
            ("S1", 13),
            ("S2", 1),
        ]
    } else {
        &[
            ("SD", 6),
            ("SMP", 14),
            ("SMA/SMK", 55),
            ("D3", 8),
            ("S1", 16),
            ("S2", 1),
        ]
    };
    rng.pick_weighted(table)
}
