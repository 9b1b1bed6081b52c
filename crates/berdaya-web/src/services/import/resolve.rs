//! Resolve the region of an imported row: a desa code, or desa/kecamatan names or codes as
//! written in Dinas sheets, looked up inside the importing agency's scope.
//!
//! Every region returned is a current (not retired) region of the Kemendagri list loaded in the
//! database, at the level its column names, inside the agency's scope; anything else rejects
//! the row with a reason in Bahasa. What each column may hold:
//! - Kode Desa: a desa/kelurahan code (the converter drops codes of other levels with a warning).
//! - Desa/Kelurahan: a name, or a desa/kelurahan code. A code of another level is refused.
//! - Kecamatan: a name, or a kecamatan code. A desa/kelurahan code there is taken as the desa
//!   (operators paste a full "kode wilayah" into whichever region column the sheet has; the code
//!   is exact and checked like any desa code). A provinsi or kab/kota code is refused: it says
//!   less than the column asks for, and storing it would file the owner above kecamatan level.
//!
//! A desa code is exact, so it wins over a name that is not found (a spelling the list does
//! not know), but a kecamatan or desa name that is found and names another region contradicts
//! it and the row is refused. A desa given by name is looked up inside the kecamatan the row
//! names, when it names one that is found.

use std::collections::HashMap;

use berdaya_core::teks::search_key;
use berdaya_core::{KodeWilayah, Scope, Tingkat};
use berdaya_store::{Db, StoreError, regions};

/// The current desa and kecamatan inside one scope, by code and by name.
pub struct RegionResolver {
    scope: Scope,
    /// desa name key → (desa code, kecamatan code)
    desa: HashMap<String, Vec<(String, String)>>,
    /// kecamatan name key → kecamatan code
    kecamatan: HashMap<String, Vec<String>>,
    /// desa code → (name, kecamatan code)
    desa_codes: HashMap<String, (String, String)>,
    /// kecamatan code → name
    kecamatan_codes: HashMap<String, String>,
}

/// Words Dinas sheets put before names ("Kel. Bontang Baru", "Kec. Bontang Utara").
fn strip_prefix(key: &str) -> &str {
    for p in ["kelurahan ", "kel ", "desa ", "ds ", "kecamatan ", "kec "] {
        if let Some(rest) = key.strip_prefix(p) {
            return rest;
        }
    }
    key
}

/// What a region cell holds.
enum Cell<'a> {
    Code(KodeWilayah),
    /// The text as written and its name key (prefix stripped).
    Name(&'a str, String),
}

/// Read a region cell: digits (with dots or spaces) are a code, anything else a name.
/// `what` names the column in messages ("kecamatan", "desa/kelurahan").
fn read_cell<'a>(raw: Option<&'a str>, what: &str) -> Result<Option<Cell<'a>>, String> {
    let Some(raw) = raw else { return Ok(None) };
    let key = search_key(raw);
    if key.is_empty() {
        return Ok(None);
    }
    if key.chars().all(|c| c.is_ascii_digit() || c == ' ') {
        return KodeWilayah::parse(&key.replace(' ', "."))
            .map(|k| Some(Cell::Code(k)))
            .map_err(|e| format!("Kode {what} \"{}\" tidak sah: {e}.", raw.trim()));
    }
    Ok(Some(Cell::Name(raw.trim(), strip_prefix(&key).to_string())))
}

fn level_name(t: Tingkat) -> &'static str {
    match t {
        Tingkat::Provinsi => "provinsi",
        Tingkat::Kabkota => "kabupaten/kota",
        Tingkat::Kecamatan => "kecamatan",
        Tingkat::Desakel => "desa/kelurahan",
    }
}

/// The kecamatan a row names, as far as it could be resolved.
enum Kec<'a> {
    /// No kecamatan column or an empty cell.
    None,
    /// Given by code, checked: exists, current, in scope.
    Code(String),
    /// Given by name: the kecamatan of that name in scope (empty when none is).
    Name(&'a str, Vec<String>),
}

impl RegionResolver {
    pub async fn load(db: &Db, scope: &Scope) -> Result<RegionResolver, StoreError> {
        let mut r = RegionResolver {
            scope: scope.clone(),
            desa: HashMap::new(),
            kecamatan: HashMap::new(),
            desa_codes: HashMap::new(),
            kecamatan_codes: HashMap::new(),
        };
        let root = scope.root();
        // Current regions only: a retired code is not offered for new records.
        for row in regions::all_below(db, root.as_deref(), &["kecamatan", "desakel"]).await? {
            let key = search_key(&row.nama);
            if row.tingkat == "kecamatan" {
                r.kecamatan.entry(key).or_default().push(row.kode.clone());
                r.kecamatan_codes.insert(row.kode, row.nama);
            } else {
                let kec = row.induk.unwrap_or_default();
                r.desa.entry(key).or_default().push((row.kode.clone(), kec.clone()));
                r.desa_codes.insert(row.kode, (row.nama, kec));
            }
        }
        Ok(r)
    }

    /// The region for a row, or a reason in Bahasa. `code` is the Kode Desa column, `desa`
    /// and `kecamatan` the raw text of those columns (a name or a code).
    pub fn resolve(&self, code: Option<&KodeWilayah>, desa: Option<&str>, kecamatan: Option<&str>) -> Result<KodeWilayah, String> {
        let desa_cell = read_cell(desa, "desa/kelurahan")?;
        let kec_cell = read_cell(kecamatan, "kecamatan")?;

        // Every desa code the row gives, from whichever column.
        let mut desa_codes: Vec<KodeWilayah> = code.cloned().into_iter().collect();
        let desa_name = match desa_cell {
            Some(Cell::Code(k)) if k.tingkat() == Tingkat::Desakel => {
                desa_codes.push(k);
                None
            }
            Some(Cell::Code(k)) => {
                return Err(format!("Kolom Desa/Kelurahan berisi kode {} {k}, bukan kode desa/kelurahan.", level_name(k.tingkat())));
            }
            Some(Cell::Name(raw, key)) => Some((raw, key)),
            None => None,
        };
        let kec = match kec_cell {
            Some(Cell::Code(k)) => match k.tingkat() {
                Tingkat::Kecamatan => Kec::Code(self.check_kecamatan(&k)?),
                Tingkat::Desakel => {
                    desa_codes.push(k);
                    Kec::None
                }
                t => return Err(format!("Kolom Kecamatan berisi kode {} {k}, bukan kode kecamatan.", level_name(t))),
            },
            Some(Cell::Name(raw, key)) => Kec::Name(raw, self.kecamatan.get(&key).cloned().unwrap_or_default()),
            None => Kec::None,
        };

        if let Some(first) = desa_codes.first() {
            if let Some(other) = desa_codes.iter().find(|k| *k != first) {
                return Err(format!("Kode desa/kelurahan {first} dan {other} pada baris ini berbeda."));
            }
            return self.check_desa_code(first, desa_name.as_ref().map(|(raw, key)| (*raw, key.as_str())), &kec);
        }

        if let Some((raw, key)) = desa_name {
            return self.desa_by_name(raw, &key, &kec);
        }
        match kec {
            Kec::Code(k) => KodeWilayah::parse(&k).map_err(|e| e.to_string()),
            Kec::Name(raw, codes) => match codes.as_slice() {
                [one] => KodeWilayah::parse(one).map_err(|e| e.to_string()),
                [] => Err(format!("Kecamatan \"{raw}\" tidak ditemukan di wilayah kerja dinas.")),
                _ => Err(format!("Kecamatan \"{raw}\" tidak unik; gunakan kode wilayah.")),
            },
            Kec::None => Err("Wilayah (desa/kelurahan atau kecamatan) tidak diisi.".into()),
        }
    }

    /// A kecamatan code that lies in scope and is a current kecamatan; its dotted form.
    fn check_kecamatan(&self, k: &KodeWilayah) -> Result<String, String> {
        if !self.scope.contains(k) {
            return Err(format!("Kecamatan {k} di luar wilayah kerja dinas."));
        }
        let dotted = k.dotted();
        if !self.kecamatan_codes.contains_key(&dotted) {
            return Err(format!("Kode kecamatan {k} tidak dikenal (tidak ada di daftar wilayah Kemendagri yang berlaku)."));
        }
        Ok(dotted)
    }

    fn kecamatan_label(&self, code: &str) -> String {
        match self.kecamatan_codes.get(code) {
            Some(nama) => format!("Kecamatan {nama} ({code})"),
            None => format!("Kecamatan {code}"),
        }
    }

    /// A desa code: in scope, current, and not contradicted by the names the row also gives.
    fn check_desa_code(&self, k: &KodeWilayah, desa_name: Option<(&str, &str)>, kec: &Kec<'_>) -> Result<KodeWilayah, String> {
        if !self.scope.contains(k) {
            return Err(format!("Desa/kelurahan {k} di luar wilayah kerja dinas."));
        }
        let dotted = k.dotted();
        let Some((nama, parent)) = self.desa_codes.get(&dotted) else {
            return Err(format!("Kode desa/kelurahan {k} tidak dikenal (tidak ada di daftar wilayah Kemendagri yang berlaku)."));
        };
        let outside = match kec {
            Kec::Code(c) if c != parent => Some(self.kecamatan_label(c)),
            Kec::Name(raw, codes) if !codes.is_empty() && !codes.contains(parent) => Some(format!("Kecamatan \"{raw}\"")),
            _ => None,
        };
        if let Some(label) = outside {
            return Err(format!("Desa/kelurahan {k} ({nama}) tidak berada di {label}."));
        }
        if let Some((raw, key)) = desa_name
            && let Some(hits) = self.desa.get(key)
            && !hits.iter().any(|(code, _)| *code == dotted)
        {
            return Err(format!("Kode desa/kelurahan {k} ({nama}) tidak sesuai dengan nama desa/kelurahan \"{raw}\"."));
        }
        Ok(k.clone())
    }

    /// A desa by name, inside the kecamatan the row names when that one is found.
    fn desa_by_name(&self, raw: &str, key: &str, kec: &Kec<'_>) -> Result<KodeWilayah, String> {
        let hits: &[(String, String)] = self.desa.get(key).map(Vec::as_slice).unwrap_or_default();
        let within: Vec<&String> = match kec {
            Kec::Code(c) => vec![c],
            Kec::Name(_, codes) => codes.iter().collect(),
            Kec::None => vec![],
        };
        let narrowed: Vec<&(String, String)> =
            if within.is_empty() { hits.iter().collect() } else { hits.iter().filter(|(_, k)| within.contains(&k)).collect() };
        match narrowed.as_slice() {
            [one] => KodeWilayah::parse(&one.0).map_err(|e| e.to_string()),
            [] if hits.is_empty() => Err(format!("Desa/kelurahan \"{raw}\" tidak ditemukan di wilayah kerja dinas.")),
            [] => {
                let label = match kec {
                    Kec::Code(c) => self.kecamatan_label(c),
                    Kec::Name(k, _) => format!("Kecamatan \"{k}\""),
                    Kec::None => "kecamatan yang disebut".into(),
                };
                Err(format!("Desa/kelurahan \"{raw}\" tidak ada di {label}."))
            }
            many => {
                if let Kec::Name(k, codes) = kec
                    && codes.is_empty()
                {
                    return Err(format!("Kecamatan \"{k}\" tidak ditemukan di wilayah kerja dinas."));
                }
                let mut names: Vec<&str> =
                    many.iter().map(|(_, k)| self.kecamatan_codes.get(k).map(String::as_str).unwrap_or(k.as_str())).collect();
                names.sort_unstable();
                names.dedup();
                Err(format!("Desa/kelurahan \"{raw}\" ada di beberapa kecamatan ({}); isi kolom kecamatan.", names.join(", ")))
            }
        }
    }
}
