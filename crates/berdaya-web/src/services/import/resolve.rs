//! Resolve the region of an imported row: a desa code, or desa/kecamatan names as written in
//! Dinas sheets, looked up inside the importing agency's scope.

use std::collections::HashMap;

use berdaya_core::teks::search_key;
use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::{Db, StoreError, regions};

/// Names of the desa and kecamatan inside one scope.
pub struct RegionResolver {
    scope: Scope,
    /// desa name key → (desa code, kecamatan code)
    desa: HashMap<String, Vec<(String, String)>>,
    /// kecamatan name key → kecamatan code
    kecamatan: HashMap<String, Vec<String>>,
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

impl RegionResolver {
    pub async fn load(db: &Db, scope: &Scope) -> Result<RegionResolver, StoreError> {
        let mut r = RegionResolver { scope: scope.clone(), desa: HashMap::new(), kecamatan: HashMap::new() };
        let root = scope.root();
        for row in regions::all_below(db, root.as_deref(), &["kecamatan", "desakel"]).await? {
            let key = search_key(&row.nama);
            if row.tingkat == "kecamatan" {
                r.kecamatan.entry(key).or_default().push(row.kode);
            } else {
                let kec = row.induk.unwrap_or_default();
                r.desa.entry(key).or_default().push((row.kode, kec));
            }
        }
        Ok(r)
    }

    /// The region for a row, or a reason in Bahasa.
    pub fn resolve(&self, code: Option<&KodeWilayah>, desa: Option<&str>, kecamatan: Option<&str>) -> Result<KodeWilayah, String> {
        if let Some(k) = code {
            return if self.scope.contains(k) { Ok(k.clone()) } else { Err(format!("Kode wilayah {k} di luar wilayah kerja dinas.")) };
        }
        let kec_codes: Vec<String> = match kecamatan.map(search_key).filter(|k| !k.is_empty()) {
            Some(k) => {
                if let Ok(code) = KodeWilayah::parse(&k.replace(' ', ".")) {
                    vec![code.dotted()]
                } else {
                    self.kecamatan.get(strip_prefix(&k)).cloned().unwrap_or_default()
                }
            }
            None => vec![],
        };
        if let Some(d) = desa.map(search_key).filter(|d| !d.is_empty()) {
            let hits = self.desa.get(strip_prefix(&d)).cloned().unwrap_or_default();
            let narrowed: Vec<&(String, String)> = if kec_codes.is_empty() { hits.iter().collect() } else { hits.iter().filter(|(_, k)| kec_codes.contains(k)).collect() };
            return match narrowed.as_slice() {
                [one] => KodeWilayah::parse(&one.0).map_err(|e| e.to_string()),
                [] if hits.is_empty() => Err(format!("Desa/kelurahan \"{}\" tidak ditemukan di wilayah kerja dinas.", desa.unwrap_or(""))),
                [] => Err(format!("Desa/kelurahan \"{}\" tidak ada di kecamatan yang disebut.", desa.unwrap_or(""))),
                _ => Err(format!("Desa/kelurahan \"{}\" ada di beberapa kecamatan; isi kolom kecamatan.", desa.unwrap_or(""))),
            };
        }
        match kec_codes.as_slice() {
            [one] => KodeWilayah::parse(one).map_err(|e| e.to_string()),
            [] if kecamatan.is_some() => Err(format!("Kecamatan \"{}\" tidak ditemukan di wilayah kerja dinas.", kecamatan.unwrap_or(""))),
            [] => Err("Wilayah (desa/kelurahan atau kecamatan) tidak diisi.".into()),
            _ => Err(format!("Kecamatan \"{}\" tidak unik; gunakan kode wilayah.", kecamatan.unwrap_or(""))),
        }
    }
}
