//! Reference data shipped inside the binary (see `data/wilayah/README.md` and its LICENSE).

/// Which official list the embedded region codes come from.
pub const WILAYAH_VERSION: &str = "Kepmendagri 300.2.2-2138 Tahun 2025";

/// `kode,nama,tingkat,induk` — 91,599 rows, dotted codes.
pub static WILAYAH_CSV: &str = include_str!("../../../data/wilayah/wilayah.csv");
/// `kode,nama,pria,wanita,total` — population per provinsi and kab/kota (Dukcapil Dec 2024).
pub static PENDUDUK_CSV: &str = include_str!("../../../data/wilayah/penduduk.csv");
/// `kode,nama,luas_km2` — area per provinsi and kab/kota (BIG Dec 2024).
pub static LUAS_CSV: &str = include_str!("../../../data/wilayah/luas.csv");

/// One row of `wilayah.csv`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct WilayahRow {
    pub kode: String,
    pub nama: String,
    pub tingkat: String,
    pub induk: String,
}

/// Iterate the embedded region list.
pub fn wilayah_rows() -> impl Iterator<Item = WilayahRow> {
    csv::Reader::from_reader(WILAYAH_CSV.as_bytes())
        .into_deserialize::<WilayahRow>()
        // The embedded file is checked by the test below; a bad row cannot ship.
        .filter_map(Result::ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KodeWilayah;

    #[test]
    fn embedded_list_is_complete_and_parses() {
        let mut counts = [0usize; 4];
        for r in wilayah_rows() {
            let k = KodeWilayah::parse(&r.kode).unwrap_or_else(|e| panic!("{}: {e}", r.kode));
            assert_eq!(k.tingkat().as_str(), r.tingkat, "{}", r.kode);
            match k.parent() {
                Some(p) => assert_eq!(p.dotted(), r.induk),
                None => assert_eq!(r.induk, ""),
            }
            counts[k.tingkat() as usize] += 1;
        }
        assert_eq!(counts, [38, 514, 7285, 83762]);
    }
}
