//! Writers for the exclusion lists and the civil-registry view.

use super::{BANKS, Gen};
use crate::nik::Ymd;
use crate::person::{push_dmy, push_iso};

impl Gen<'_> {
    pub(super) fn registry(
        &mut self,
        nik: &[u8],
        name: &str,
        birth: Ymd,
        female: bool,
        alive: bool,
    ) -> anyhow::Result<()> {
        let l = &mut self.f.registry.line;
        l.field(nik);
        l.str(name);
        push_iso(l.raw(), birth);
        l.str(if female { "P" } else { "L" });
        l.num(u64::from(alive));
        self.f.registry.finish()
    }

    pub(super) fn asn(&mut self, nik: &[u8], name: &str, birth: Ymd) -> anyhow::Result<()> {
        let rng = &mut self.rng;
        let (kat, inst): (&str, &[&str]) = match rng.below(100) {
            0..=69 => (
                "ASN",
                &[
                    "Dinas Pendidikan",
                    "Dinas Kesehatan",
                    "Puskesmas",
                    "Kantor Kecamatan",
                    "Sekretariat Daerah",
                    "RSUD",
                    "Dinas Pekerjaan Umum",
                    "Kantor Kementerian Agama",
                ],
            ),
            70..=77 => ("TNI", &["Kodim", "Koramil", "Lanal", "Lanud", "Yonif"]),
            78..=85 => ("Polri", &["Polres", "Polsek", "Polda"]),
            86..=95 => (
                "BUMN",
                &[
                    "PT PLN (Persero)",
                    "PT Pos Indonesia (Persero)",
                    "PT Pertamina (Persero)",
                    "PT Telkom Indonesia (Persero) Tbk",
                    "PT KAI (Persero)",
                    "PT Pupuk Indonesia (Persero)",
                ],
            ),
            _ => ("BUMD", &["PDAM", "Bank Pembangunan Daerah", "Perusda"]),
        };
        let inst = rng.pick(inst);
        let l = &mut self.f.asn.line;
        l.field(nik);
        l.str(name);
        push_dmy(l.raw(), birth);
        l.str(inst);
        l.str(kat);
        self.f.asn.finish()
    }

    pub(super) fn kur(&mut self, nik: &[u8], name: &str, active: bool) -> anyhow::Result<()> {
        let rng = &mut self.rng;
        let bank = rng.pick(BANKS);
        let plafon = if rng.chance(0.3) {
            rng.range(2, 10) * 1_000_000
        } else {
            rng.range(11, 50) * 1_000_000
        };
        let akad = if active {
            Ymd::random(rng, 2017, 2020)
        } else {
            Ymd::random(rng, 2012, 2017)
        };
        let l = &mut self.f.kur.line;
        l.field(nik);
        l.str(name);
        l.str(bank);
        l.num(plafon);
        push_dmy(l.raw(), akad);
        l.str(if active { "aktif" } else { "lunas" });
        self.f.kur.finish()
    }

    pub(super) fn deceased(&mut self, nik: &[u8], name: &str, birth: Ymd) -> anyhow::Result<()> {
        let died = Ymd::random(&mut self.rng, (birth.y + 18).clamp(2015, 2020), 2020);
        let l = &mut self.f.deceased.line;
        l.field(nik);
        l.str(name);
        push_dmy(l.raw(), birth);
        push_dmy(l.raw(), died);
        self.f.deceased.finish()
    }
}
