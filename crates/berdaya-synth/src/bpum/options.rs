//! Options of `berdaya gen bpum` and the planted categories.

use anyhow::ensure;

/// What a planted applicant is, and what screening should conclude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Eligible,
    /// BPK: NIK not matching the civil registry (absent, or registered to someone else).
    NikNotInRegistry,
    /// BPK: ASN / TNI / Polri / BUMN / BUMD staff (exact NIK on asn.csv).
    CivilServant,
    /// BPK: deceased (deceased.csv, registry `hidup=0`).
    Deceased,
    /// BPK: anomalous NIK (fails `Nik::parse`).
    AnomalousNik,
    /// BPK: not a micro business (capital/turnover of a kecil or menengah business).
    NotMicro,
    /// BPK: current KUR / bank debtor (kur.csv, status `aktif`).
    BankDebtor,
    /// BPK: paid more than once (same NIK as an earlier applicant).
    PaidTwice,
    /// Same person as an earlier applicant under a second NIK (same name, birth date, phone).
    ReviewOtherNik,
    /// On asn.csv with the same name and birth date but a different NIK.
    ReviewNearExclusion,
    /// On kur.csv with status `lunas` (paid off): still eligible.
    KurPaidOff,
}

impl Kind {
    pub const PLANTED: [Kind; 10] = [
        Kind::NikNotInRegistry,
        Kind::CivilServant,
        Kind::Deceased,
        Kind::AnomalousNik,
        Kind::NotMicro,
        Kind::BankDebtor,
        Kind::PaidTwice,
        Kind::ReviewOtherNik,
        Kind::ReviewNearExclusion,
        Kind::KurPaidOff,
    ];

    /// Identifier used in truth.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Eligible => "eligible",
            Kind::NikNotInRegistry => "nik_not_in_registry",
            Kind::CivilServant => "civil_servant",
            Kind::Deceased => "deceased",
            Kind::AnomalousNik => "anomalous_nik",
            Kind::NotMicro => "not_micro",
            Kind::BankDebtor => "bank_debtor",
            Kind::PaidTwice => "paid_twice",
            Kind::ReviewOtherNik => "review_other_nik",
            Kind::ReviewNearExclusion => "review_near_exclusion",
            Kind::KurPaidOff => "kur_paid_off",
        }
    }

    /// `eligible`, `not_eligible` or `needs_review`.
    pub fn expected(self) -> &'static str {
        match self {
            Kind::Eligible | Kind::KurPaidOff => "eligible",
            Kind::ReviewOtherNik | Kind::ReviewNearExclusion => "needs_review",
            _ => "not_eligible",
        }
    }
}

/// Shares of applicants planted per category. Defaults follow the BPK 2020 findings over
/// 12 million recipients (e.g. 280,815 NIKs not matching Dukcapil → 0.0234).
#[derive(Debug, Clone, PartialEq)]
pub struct BpumRates {
    pub nik_not_in_registry: f64,
    pub civil_servant: f64,
    pub deceased: f64,
    pub anomalous_nik: f64,
    pub not_micro: f64,
    pub bank_debtor: f64,
    pub paid_twice: f64,
    pub review_other_nik: f64,
    pub review_near_exclusion: f64,
    pub kur_paid_off: f64,
}

impl Default for BpumRates {
    fn default() -> Self {
        let per = |n: f64| n / 12_000_000.0;
        BpumRates {
            nik_not_in_registry: per(280_815.0),
            civil_servant: per(42_487.0),
            deceased: per(38_278.0),
            anomalous_nik: per(20_422.0),
            not_micro: per(19_358.0),
            bank_debtor: per(11_830.0),
            paid_twice: per(1_392.0),
            review_other_nik: 0.0005,
            review_near_exclusion: 0.0005,
            kur_paid_off: 0.002,
        }
    }
}

impl BpumRates {
    pub fn get(&self, k: Kind) -> f64 {
        match k {
            Kind::Eligible => 0.0,
            Kind::NikNotInRegistry => self.nik_not_in_registry,
            Kind::CivilServant => self.civil_servant,
            Kind::Deceased => self.deceased,
            Kind::AnomalousNik => self.anomalous_nik,
            Kind::NotMicro => self.not_micro,
            Kind::BankDebtor => self.bank_debtor,
            Kind::PaidTwice => self.paid_twice,
            Kind::ReviewOtherNik => self.review_other_nik,
            Kind::ReviewNearExclusion => self.review_near_exclusion,
            Kind::KurPaidOff => self.kur_paid_off,
        }
    }
}

/// Options of `berdaya gen bpum`.
#[derive(Debug, Clone, PartialEq)]
pub struct BpumOptions {
    /// Rows of applicants.csv (BPUM 2020: 12,000,000).
    pub applicants: u64,
    /// Kemendagri code of the region; empty = Indonesia (population-weighted).
    pub region: String,
    pub seed: u64,
    pub rates: BpumRates,
    /// Size of asn.csv relative to `applicants` (default 1/3: ~4 M for 12 M).
    pub asn_ratio: f64,
    /// Size of kur.csv relative to `applicants` (default 1/12: ~1 M).
    pub kur_ratio: f64,
    /// Size of deceased.csv relative to `applicants` (default 1/24: ~0.5 M).
    pub deceased_ratio: f64,
}

impl Default for BpumOptions {
    fn default() -> Self {
        BpumOptions {
            applicants: 10_000,
            region: String::new(),
            seed: 1,
            rates: BpumRates::default(),
            asn_ratio: 1.0 / 3.0,
            kur_ratio: 1.0 / 12.0,
            deceased_ratio: 1.0 / 24.0,
        }
    }
}

impl BpumOptions {
    /// Exact number of applicants planted per category (rounded), checked to fit.
    pub fn planted_counts(&self) -> anyhow::Result<Vec<(Kind, u64)>> {
        let mut out = Vec::new();
        let mut total = 0u64;
        for k in Kind::PLANTED {
            let r = self.rates.get(k);
            ensure!(
                (0.0..=1.0).contains(&r),
                "rate {} harus antara 0 dan 1 (terbaca {r})",
                k.as_str()
            );
            let n = (r * self.applicants as f64).round() as u64;
            total += n;
            out.push((k, n));
        }
        ensure!(
            total <= self.applicants,
            "jumlah kasus yang ditanam ({total}) melebihi jumlah pemohon"
        );
        for (name, v) in [
            ("asn_ratio", self.asn_ratio),
            ("kur_ratio", self.kur_ratio),
            ("deceased_ratio", self.deceased_ratio),
        ] {
            ensure!(
                (0.0..=10.0).contains(&v),
                "{name} harus antara 0 dan 10 (terbaca {v})"
            );
        }
        Ok(out)
    }
}
