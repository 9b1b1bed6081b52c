//! Form input for owners and businesses, parsed into domain values with messages in Bahasa:
//! the owner's fields (`owner`), the business's (`business`), and what both use here.

mod business;
mod owner;

pub use business::{BusinessFields, BusinessInput, parse_business};
pub use owner::{OwnerFields, OwnerInput, parse_owner};

use berdaya_core::{KodeWilayah, Tingkat};

use crate::error::FieldErrors;

pub(super) fn trimmed(f: &mut FieldErrors, field: &str, v: &str, max: usize) -> String {
    let v = v.trim();
    if v.chars().count() > max {
        f.add(field, format!("Maksimal {max} karakter."));
    }
    v.chars().take(max).collect()
}

/// A region code for an address: a kecamatan or desa/kelurahan.
pub fn parse_region(f: &mut FieldErrors, field: &str, raw: &str) -> Option<KodeWilayah> {
    if raw.trim().is_empty() {
        f.add(field, "Pilih desa/kelurahan (atau kecamatan) alamat.");
        return None;
    }
    match KodeWilayah::parse(raw) {
        Ok(k) if matches!(k.tingkat(), Tingkat::Kecamatan | Tingkat::Desakel) => Some(k),
        Ok(_) => {
            f.add(field, "Alamat harus sampai kecamatan atau desa/kelurahan.");
            None
        }
        Err(e) => {
            f.add(field, format!("Kode wilayah tidak valid: {e}."));
            None
        }
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use berdaya_core::rupiah::Rupiah;
    use berdaya_core::skala::SkalaUsaha;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn owner_fields_parse_with_warnings() {
        let mut f = FieldErrors::default();
        let input = OwnerInput {
            nik: "'6474015505900001".into(),
            nama: " Siti Aminah ".into(),
            jenis_kelamin: "L".into(),
            tanggal_lahir: "15/05/1990".into(),
            kode_wilayah: "6474011001".into(),
            no_hp: "0812-3456-7890".into(),
            ..Default::default()
        };
        let o = parse_owner(&input, today(), &mut f).unwrap();
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(o.nama, "Siti Aminah");
        assert_eq!(o.region.dotted(), "64.74.01.1001");
        assert_eq!(o.no_hp.unwrap().as_str(), "+6281234567890");
        assert_eq!(o.warnings.len(), 1, "NIK says woman, form says L: {:?}", o.warnings);
    }

    #[test]
    fn owner_errors_are_per_field_in_bahasa() {
        let mut f = FieldErrors::default();
        let input = OwnerInput { nik: "123".into(), tanggal_lahir: "31/02/1990".into(), no_hp: "abc".into(), ..Default::default() };
        assert!(parse_owner(&input, today(), &mut f).is_none());
        for field in ["nik", "nama", "tanggal_lahir", "no_hp", "kode_wilayah"] {
            assert!(f.has(field), "{field}: {f:?}");
        }
        assert!(f.get("nama").contains("wajib"));
    }

    #[test]
    fn business_scale_is_computed_from_turnover() {
        let mut f = FieldErrors::default();
        let input = BusinessInput {
            nama_usaha: "Keripik Bu Siti".into(),
            modal: "Rp 15.000.000".into(),
            omzet: "250 juta".into(),
            periode_omzet: "bulan".into(),
            kanal_qris: true,
            ..Default::default()
        };
        let b = parse_business(&input, today(), &mut f);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(b.omzet_tahunan, Some(Rupiah::new(3_000_000_000)));
        assert_eq!(b.skala, Some(SkalaUsaha::Kecil), "Rp 3 M a year is kecil");
        assert_eq!(b.kanal, ",qris,");
    }
}
