//! Business scale (skala usaha) per PP 7/2021 art. 35.
//!
//! | skala    | modal usaha (excl. land and buildings) | hasil penjualan tahunan |
//! |----------|----------------------------------------|-------------------------|
//! | Mikro    | ≤ Rp 1 miliar                          | ≤ Rp 2 miliar           |
//! | Kecil    | > Rp 1 M – ≤ Rp 5 M                    | > Rp 2 M – ≤ Rp 15 M    |
//! | Menengah | > Rp 5 M – ≤ Rp 10 M                   | > Rp 15 M – ≤ Rp 50 M   |
//! | Besar    | > Rp 10 M                              | > Rp 50 M               |
//!
//! Rule when both numbers are known ([`SkalaUsaha::compute`]): **annual sales decide**.
//! PP 7/2021 uses the capital criterion for establishing a business and the sales criterion
//! for businesses already running; a business that reports annual sales is running.
//! Capital decides only when sales are unknown. Store the raw numbers and recompute; keep
//! the scale the owner declared separately.
//!
//! Capital must exclude land and buildings: that is the caller's (and the form's) job.
//! Negative amounts (which [`Rupiah::parse`] never produces) fall in the lowest class.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rupiah::Rupiah;

/// Upper bound (inclusive) of capital for Mikro: Rp 1.000.000.000.
pub const MODAL_MIKRO_MAX: Rupiah = Rupiah::new(1_000_000_000);
/// Upper bound (inclusive) of capital for Kecil: Rp 5.000.000.000.
pub const MODAL_KECIL_MAX: Rupiah = Rupiah::new(5_000_000_000);
/// Upper bound (inclusive) of capital for Menengah: Rp 10.000.000.000.
pub const MODAL_MENENGAH_MAX: Rupiah = Rupiah::new(10_000_000_000);
/// Upper bound (inclusive) of annual sales for Mikro: Rp 2.000.000.000.
pub const PENJUALAN_MIKRO_MAX: Rupiah = Rupiah::new(2_000_000_000);
/// Upper bound (inclusive) of annual sales for Kecil: Rp 15.000.000.000.
pub const PENJUALAN_KECIL_MAX: Rupiah = Rupiah::new(15_000_000_000);
/// Upper bound (inclusive) of annual sales for Menengah: Rp 50.000.000.000.
pub const PENJUALAN_MENENGAH_MAX: Rupiah = Rupiah::new(50_000_000_000);

/// Business scale; ordered from small to large, so `a < b` means "b is a higher class"
/// (naik kelas).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SkalaUsaha {
    Mikro,
    Kecil,
    Menengah,
    Besar,
}

/// Which criterion decided a computed scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kriteria {
    /// Hasil penjualan tahunan (annual sales).
    HasilPenjualan,
    /// Modal usaha (capital, excluding land and buildings).
    Modal,
}

impl Kriteria {
    /// `"hasil penjualan tahunan"` / `"modal usaha"`, for "berdasarkan …" in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Kriteria::HasilPenjualan => "hasil penjualan tahunan",
            Kriteria::Modal => "modal usaha",
        }
    }
}

impl SkalaUsaha {
    pub const ALL: [SkalaUsaha; 4] = [
        SkalaUsaha::Mikro,
        SkalaUsaha::Kecil,
        SkalaUsaha::Menengah,
        SkalaUsaha::Besar,
    ];

    /// Scale from capital (modal usaha, excluding land and buildings).
    pub fn from_capital(capital: Rupiah) -> Self {
        classify(
            capital,
            [MODAL_MIKRO_MAX, MODAL_KECIL_MAX, MODAL_MENENGAH_MAX],
        )
    }

    /// Scale from annual sales (hasil penjualan tahunan).
    pub fn from_annual_sales(sales: Rupiah) -> Self {
        classify(
            sales,
            [
                PENJUALAN_MIKRO_MAX,
                PENJUALAN_KECIL_MAX,
                PENJUALAN_MENENGAH_MAX,
            ],
        )
    }

    /// Annual sales decide when known, else capital; `None` when neither is known.
    pub fn compute(capital: Option<Rupiah>, annual_sales: Option<Rupiah>) -> Option<Self> {
        Self::compute_with_basis(capital, annual_sales).map(|(s, _)| s)
    }

    /// Like [`SkalaUsaha::compute`], also saying which criterion decided.
    pub fn compute_with_basis(
        capital: Option<Rupiah>,
        annual_sales: Option<Rupiah>,
    ) -> Option<(Self, Kriteria)> {
        match (annual_sales, capital) {
            (Some(sales), _) => Some((Self::from_annual_sales(sales), Kriteria::HasilPenjualan)),
            (None, Some(capital)) => Some((Self::from_capital(capital), Kriteria::Modal)),
            (None, None) => None,
        }
    }

    /// `"Mikro"`, `"Kecil"`, `"Menengah"`, `"Besar"`.
    pub fn label(self) -> &'static str {
        match self {
            SkalaUsaha::Mikro => "Mikro",
            SkalaUsaha::Kecil => "Kecil",
            SkalaUsaha::Menengah => "Menengah",
            SkalaUsaha::Besar => "Besar",
        }
    }

    /// Lowercase key for storage and URLs: `"mikro"`, …
    pub fn as_str(self) -> &'static str {
        match self {
            SkalaUsaha::Mikro => "mikro",
            SkalaUsaha::Kecil => "kecil",
            SkalaUsaha::Menengah => "menengah",
            SkalaUsaha::Besar => "besar",
        }
    }

    /// Read a declared scale: `mikro`, `Usaha Mikro`, `UMI`, `kecil`, `UK`, `menengah`,
    /// `UM`, `besar`, in any case.
    pub fn parse(input: &str) -> Option<Self> {
        let s = input.trim().to_lowercase();
        let s = s.strip_prefix("usaha").map(str::trim).unwrap_or(&s);
        match s {
            "mikro" | "umi" => Some(SkalaUsaha::Mikro),
            "kecil" | "uk" => Some(SkalaUsaha::Kecil),
            "menengah" | "um" => Some(SkalaUsaha::Menengah),
            "besar" | "ub" => Some(SkalaUsaha::Besar),
            _ => None,
        }
    }

    /// Mikro, Kecil or Menengah: within UMKM programs.
    pub fn is_umkm(self) -> bool {
        self != SkalaUsaha::Besar
    }
}

fn classify(amount: Rupiah, [mikro, kecil, menengah]: [Rupiah; 3]) -> SkalaUsaha {
    if amount <= mikro {
        SkalaUsaha::Mikro
    } else if amount <= kecil {
        SkalaUsaha::Kecil
    } else if amount <= menengah {
        SkalaUsaha::Menengah
    } else {
        SkalaUsaha::Besar
    }
}

impl fmt::Display for SkalaUsaha {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SkalaUsaha::*;
    use proptest::prelude::*;

    fn r(v: i64) -> Rupiah {
        Rupiah::new(v)
    }

    #[test]
    fn capital_boundaries_are_exact() {
        let cases = [
            (0, Mikro),
            (1_000_000_000, Mikro),
            (1_000_000_001, Kecil),
            (5_000_000_000, Kecil),
            (5_000_000_001, Menengah),
            (10_000_000_000, Menengah),
            (10_000_000_001, Besar),
            (i64::MAX, Besar),
            (-1, Mikro),
        ];
        for (v, want) in cases {
            assert_eq!(SkalaUsaha::from_capital(r(v)), want, "{v}");
        }
    }

    #[test]
    fn sales_boundaries_are_exact() {
        let cases = [
            (0, Mikro),
            (2_000_000_000, Mikro),
            (2_000_000_001, Kecil),
            (15_000_000_000, Kecil),
            (15_000_000_001, Menengah),
            (50_000_000_000, Menengah),
            (50_000_000_001, Besar),
        ];
        for (v, want) in cases {
            assert_eq!(SkalaUsaha::from_annual_sales(r(v)), want, "{v}");
        }
    }

    #[test]
    fn sales_decide_when_known() {
        // Capital says Kecil, sales say Mikro: sales win.
        let got = SkalaUsaha::compute_with_basis(Some(r(3_000_000_000)), Some(r(1_500_000_000)));
        assert_eq!(got, Some((Mikro, Kriteria::HasilPenjualan)));
        let got = SkalaUsaha::compute_with_basis(Some(r(3_000_000_000)), None);
        assert_eq!(got, Some((Kecil, Kriteria::Modal)));
        assert_eq!(
            SkalaUsaha::compute(None, Some(r(20_000_000_000))),
            Some(Menengah)
        );
        assert_eq!(SkalaUsaha::compute(None, None), None);
        let bpum = Rupiah::parse("Rp 2,4 jt").unwrap();
        assert_eq!(SkalaUsaha::compute(Some(bpum), None), Some(Mikro));
    }

    #[test]
    fn labels_and_parse() {
        assert_eq!(Mikro.label(), "Mikro");
        assert_eq!(Menengah.to_string(), "Menengah");
        assert_eq!(Kriteria::Modal.label(), "modal usaha");
        for s in SkalaUsaha::ALL {
            assert_eq!(SkalaUsaha::parse(s.label()), Some(s));
            assert_eq!(SkalaUsaha::parse(s.as_str()), Some(s));
        }
        assert_eq!(SkalaUsaha::parse("Usaha Mikro"), Some(Mikro));
        assert_eq!(SkalaUsaha::parse(" UMI "), Some(Mikro));
        assert_eq!(SkalaUsaha::parse("sedang"), None);
        assert!(Mikro < Kecil && Kecil < Menengah && Menengah < Besar);
        assert!(Menengah.is_umkm() && !Besar.is_umkm());
        assert_eq!(serde_json::to_string(&Kecil).unwrap(), "\"kecil\"");
    }

    proptest! {
        #[test]
        fn classes_grow_with_amounts(a in 0i64..100_000_000_000, b in 0i64..100_000_000_000) {
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(SkalaUsaha::from_capital(r(lo)) <= SkalaUsaha::from_capital(r(hi)));
            prop_assert!(SkalaUsaha::from_annual_sales(r(lo)) <= SkalaUsaha::from_annual_sales(r(hi)));
            // Sales thresholds are higher than capital ones.
            prop_assert!(SkalaUsaha::from_annual_sales(r(a)) <= SkalaUsaha::from_capital(r(a)));
        }

        #[test]
        fn compute_uses_sales_whenever_present(c in proptest::option::of(0i64..20_000_000_000), s in 0i64..100_000_000_000) {
            let got = SkalaUsaha::compute(c.map(r), Some(r(s)));
            prop_assert_eq!(got, Some(SkalaUsaha::from_annual_sales(r(s))));
        }
    }
}
