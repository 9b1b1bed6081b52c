//! The region a data set is generated for: its kecamatan and desa/kelurahan from the
//! embedded Kemendagri list (`berdaya_core::refdata::wilayah_rows`), weighted by population.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use anyhow::{Context, bail};
use berdaya_core::{KodeWilayah, Tingkat, refdata};

use crate::rng::{Rng, Weighted};

/// One kabupaten/kota of the region.
#[derive(Debug, Clone)]
pub struct Kab {
    pub dotted: String,
    /// Name without "Kabupaten"/"Kota" (`Bontang`), as used for a birth place.
    pub short_name: String,
}

/// One kecamatan of the region, with its desa/kelurahan as a range into [`Region::desa`].
#[derive(Debug, Clone)]
pub struct Kec {
    /// `64.74.01`
    #[cfg_attr(not(test), allow(dead_code))]
    pub dotted: String,
    /// `647401`, the first six digits of a NIK issued there.
    pub digits: [u8; 6],
    pub nama: String,
    pub kab: u32,
    pub provinsi: u8,
    pub desa_start: u32,
    pub desa_end: u32,
}

#[derive(Debug, Clone)]
pub struct Desa {
    /// `64.74.01.1001`
    pub dotted: String,
    pub nama: String,
    pub kelurahan: bool,
}

/// Kecamatan and desa of a region, ready to sample from.
#[derive(Debug, Clone)]
pub struct Region {
    pub kabs: Vec<Kab>,
    pub kecs: Vec<Kec>,
    pub desa: Vec<Desa>,
    kec_weights: Weighted,
}

struct Row {
    kode: String,
    nama: String,
    tingkat: Tingkat,
    induk: String,
}

fn all_rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        refdata::wilayah_rows()
            .filter_map(|r| {
                Some(Row {
                    tingkat: Tingkat::parse(&r.tingkat)?,
                    kode: r.kode,
                    nama: r.nama,
                    induk: r.induk,
                })
            })
            .collect()
    })
}

fn population() -> HashMap<String, u64> {
    refdata::PENDUDUK_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.split(',');
            let kode = parts.next()?;
            let total = line.rsplit(',').next()?.trim().parse().ok()?;
            Some((kode.to_string(), total))
        })
        .collect()
}

fn short_kab_name(nama: &str) -> String {
    let s = nama
        .strip_prefix("Kabupaten ")
        .or_else(|| nama.strip_prefix("Kota "))
        .or_else(|| nama.strip_prefix("Kab. "))
        .unwrap_or(nama);
    s.to_string()
}

impl Region {
    /// Load a region by Kemendagri code: a provinsi (`64`), kabupaten/kota (`64.74` or
    /// `6474`) or kecamatan; an empty code means the whole country.
    pub fn load(code: &str) -> anyhow::Result<Region> {
        let rows = all_rows();
        let prefix = if code.trim().is_empty() {
            String::new()
        } else {
            let kode = KodeWilayah::parse(code)
                .with_context(|| format!("kode wilayah {code:?} tidak valid"))?;
            if kode.tingkat() == Tingkat::Desakel {
                bail!(
                    "wilayah {code} adalah desa/kelurahan; pilih provinsi, kab/kota, atau kecamatan"
                );
            }
            let dotted = kode.dotted();
            if !rows.iter().any(|r| r.kode == dotted) {
                bail!("kode wilayah {dotted} tidak ada dalam daftar Kemendagri");
            }
            dotted
        };
        let inside = |kode: &str| {
            prefix.is_empty()
                || kode == prefix
                || (kode.starts_with(&prefix) && kode.as_bytes().get(prefix.len()) == Some(&b'.'))
        };
        let mut kab_index: HashMap<String, u32> = HashMap::new();
        let mut kabs = Vec::new();
        let mut kec_rows = Vec::new();
        let mut desa_by_kec: BTreeMap<&str, Vec<Desa>> = BTreeMap::new();
        for r in rows {
            let in_region =
                inside(&r.kode) || (r.tingkat == Tingkat::Kabkota && prefix.starts_with(&r.kode));
            if !in_region {
                continue;
            }
            match r.tingkat {
                Tingkat::Kabkota => {
                    kab_index.insert(r.kode.clone(), kabs.len() as u32);
                    kabs.push(Kab {
                        dotted: r.kode.clone(),
                        short_name: short_kab_name(&r.nama),
                    });
                }
                Tingkat::Kecamatan if inside(&r.kode) => kec_rows.push(r),
                Tingkat::Desakel if inside(&r.kode) => {
                    desa_by_kec.entry(r.induk.as_str()).or_default().push(Desa {
                        kelurahan: r.kode.as_bytes().get(9) == Some(&b'1'),
                        dotted: r.kode.clone(),
                        nama: r.nama.clone(),
                    })
                }
                _ => {}
            }
        }
        let pop = population();
        let mut kecs = Vec::new();
        let mut desa = Vec::new();
        let mut desa_per_kab: HashMap<u32, u64> = HashMap::new();
        for r in kec_rows {
            let Some(list) = desa_by_kec.remove(r.kode.as_str()) else {
                continue;
            };
            let Some(&kab) = kab_index.get(&r.induk) else {
                continue;
            };
            let digits: Vec<u8> = r.kode.bytes().filter(u8::is_ascii_digit).collect();
            let Ok(digits) = <[u8; 6]>::try_from(digits.as_slice()) else {
                continue;
            };
            let start = desa.len() as u32;
            *desa_per_kab.entry(kab).or_default() += list.len() as u64;
            desa.extend(list);
            kecs.push(Kec {
                provinsi: (digits[0] - b'0') * 10 + (digits[1] - b'0'),
                digits,
                dotted: r.kode.clone(),
                nama: r.nama.clone(),
                kab,
                desa_start: start,
                desa_end: desa.len() as u32,
            });
        }
        if kecs.is_empty() {
            bail!("wilayah {prefix} tidak mempunyai kecamatan dengan desa/kelurahan");
        }
        // A kecamatan's share of its kab/kota population, by its share of desa.
        let weights = kecs.iter().map(|k| {
            let kab = &kabs[k.kab as usize];
            let kab_pop = pop.get(&kab.dotted).copied().unwrap_or(100_000);
            let n = u64::from(k.desa_end - k.desa_start);
            kab_pop * n / desa_per_kab.get(&k.kab).copied().unwrap_or(1).max(1)
        });
        let kec_weights = Weighted::new(weights);
        Ok(Region {
            kabs,
            kecs,
            desa,
            kec_weights,
        })
    }

    /// A kecamatan, weighted by population.
    pub fn pick_kec(&self, rng: &mut Rng) -> usize {
        self.kec_weights.pick(rng)
    }

    /// A desa/kelurahan of kecamatan `kec`.
    pub fn pick_desa(&self, kec: usize, rng: &mut Rng) -> usize {
        let k = &self.kecs[kec];
        (k.desa_start + rng.below(u64::from(k.desa_end - k.desa_start)) as u32) as usize
    }

    /// Province code most people of the region belong to (for the name mix).
    pub fn provinsi_of(&self, kec: usize) -> u8 {
        self.kecs[kec].provinsi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_a_city_with_its_kecamatan_and_desa() {
        let r = Region::load("64.74").expect("Bontang");
        assert_eq!(r.kabs.len(), 1);
        assert_eq!(r.kecs.len(), 3);
        for k in &r.kecs {
            assert!(k.dotted.starts_with("64.74."));
            for d in &r.desa[k.desa_start as usize..k.desa_end as usize] {
                assert!(d.dotted.starts_with(&format!("{}.", k.dotted)));
            }
        }
        assert_eq!(Region::load("6474").expect("undotted").kecs.len(), 3);
    }

    #[test]
    fn rejects_unknown_and_desa_codes() {
        assert!(Region::load("64.99").is_err());
        assert!(Region::load("64.74.01.1001").is_err());
        assert!(Region::load("xx").is_err());
    }

    #[test]
    fn a_province_and_the_country() {
        let p = Region::load("64").expect("Kaltim");
        assert!(p.kabs.len() >= 10 && p.kecs.len() > 50);
        let all = Region::load("").expect("Indonesia");
        assert!(all.kecs.len() > 7000);
    }
}
