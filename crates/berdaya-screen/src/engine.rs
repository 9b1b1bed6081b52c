//! Rules that need only the applicant and the lookups (everything except the cross-row
//! rules, which [`crate::cross`] answers).

use berdaya_core::{KategoriKbli, Nik, Rupiah, SkalaUsaha};
use berdaya_match::normalize::normalize_name;
use chrono::NaiveDate;

use crate::applicant::Applicant;
use crate::decision::{BpkCategory, Outcome, RuleResult};
use std::sync::Arc;

use crate::fuzzy::same_person_soft;
use crate::names::{self, NameKeys};
use crate::key::{self, age_years, mask_key, months_between};
use crate::lookups::{CivilRegistry, ExclusionList, ListEntry, Lookups, RegistryEntry};
use crate::rules::{Block, DomicileBasis, Rule, RuleSet};

/// Keys of one applicant for the cross-row rules.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RowKeys {
    pub nik: Option<u64>,
    pub kk: Option<u64>,
    pub person: Option<u64>,
    pub phone: Option<u64>,
}

/// An applicant as the rules read it: borrowed from an [`Applicant`], or straight from the
/// cells of a file row (the CLI screens millions of rows without building an `Applicant`
/// for each).
pub(crate) struct Row<'a> {
    pub nik: &'a str,
    pub no_kk: Option<&'a str>,
    pub name: &'a str,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<&'a str>,
    pub address_region: Option<&'a str>,
    pub registered: bool,
    pub capital: Option<Rupiah>,
    pub annual_sales: Option<Rupiah>,
    pub scale: Option<SkalaUsaha>,
    pub founded: Option<NaiveDate>,
    pub kbli: Option<&'a str>,
    pub documents: Documents<'a>,
}

/// The documents an applicant has.
#[derive(Clone, Copy)]
pub(crate) enum Documents<'a> {
    List(&'a [String]),
    /// A cell listing them, separated by `;` or `,`.
    Cell(&'a str),
}

impl Documents<'_> {
    fn has(self, doc: &str) -> bool {
        let doc = doc.trim();
        match self {
            Documents::List(l) => l.iter().any(|have| have.trim().eq_ignore_ascii_case(doc)),
            Documents::Cell(c) => c
                .split([';', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .any(|have| have.eq_ignore_ascii_case(doc)),
        }
    }
}

impl<'a> Row<'a> {
    pub(crate) fn of(a: &'a Applicant) -> Row<'a> {
        let b = &a.business;
        Row {
            nik: &a.nik,
            no_kk: a.no_kk.as_deref(),
            name: &a.name,
            birth_date: a.birth_date,
            phone: a.phone.as_deref(),
            address_region: a.address_region.as_deref(),
            registered: b.registered,
            capital: b.capital,
            annual_sales: b.annual_sales,
            scale: b.scale,
            founded: b.founded,
            kbli: b.kbli.as_deref(),
            documents: Documents::List(&a.documents),
        }
    }

    /// As [`crate::Business::effective_scale`].
    fn effective_scale(&self) -> Option<SkalaUsaha> {
        self.scale.or_else(|| SkalaUsaha::compute(self.capital, self.annual_sales))
    }
}

/// A result with the index of its block (for ordering).
pub(crate) type Indexed = (u16, RuleResult);

/// What every rule reads from an applicant, computed once.
pub(crate) struct Prep {
    pub parsed: Result<Nik, berdaya_core::nik::NikError>,
    /// Birth date from the form, else from a valid NIK.
    pub birth: Option<NaiveDate>,
    pub probe: Probe,
}

/// What the lookups are searched with (the CLI keeps it for a batch of rows and searches
/// the lookups for the whole batch at once: [`crate::probe`]).
pub(crate) struct Probe {
    pub nik: Option<u64>,
    /// The NIK is valid ([`Nik::parse`]).
    pub nik_ok: bool,
    /// What the name gives (normalised and softened name, signature, folded hash).
    pub name: Arc<NameKeys>,
    /// Day number of the birth date from the form, else from the NIK (0 = unknown).
    pub birth_day: i32,
    /// Day number of the birth date from the form (0 = not given).
    pub form_birth_day: i32,
    /// Blocking keys of the normalised name and `birth_day` ([`fuzzy::token_keys`]).
    pub token_keys: [Option<u64>; 3],
}

impl Probe {
    /// Normalised name (berdaya-match rules).
    pub(crate) fn norm(&self) -> Option<&str> {
        self.name.norm.as_deref()
    }
}

pub(crate) fn prepare(a: &Row) -> Prep {
    let parsed = Nik::parse(a.nik);
    let birth = a.birth_date.or_else(|| parsed.as_ref().ok().map(Nik::birth_date));
    let name = names::name_keys(a.name);
    let birth_day = key::day_number(birth);
    let probe = Probe {
        nik: key::nik_key(a.nik),
        nik_ok: parsed.is_ok(),
        token_keys: name.token_keys(birth_day),
        name,
        birth_day,
        form_birth_day: key::day_number(a.birth_date),
    };
    Prep { parsed, birth, probe }
}

pub(crate) fn keys_of(a: &Row, p: &Prep) -> RowKeys {
    RowKeys {
        nik: p.probe.nik,
        kk: a.no_kk.and_then(key::nik_key),
        person: p.probe.norm().and_then(|n| key::person_key_norm(n, p.birth)),
        phone: a.phone.and_then(key::phone_key),
    }
}

fn res(block: &Block, outcome: Outcome, category: BpkCategory, reason: String) -> RuleResult {
    RuleResult {
        block: block.id.clone(),
        outcome,
        category,
        reason,
    }
}

/// Where a row's NIK and name are found in the lookups: searched one row at a time
/// ([`Direct`]) or answered from a search done for a whole batch ([`crate::probe`]).
pub(crate) trait Finder {
    /// The registry entry of the probe's NIK.
    fn registry<'l>(&self, reg: &'l CivilRegistry, p: &Probe) -> Option<&'l RegistryEntry>;
    /// The entry of list number `li` with the probe's NIK.
    fn exact<'l>(&self, li: usize, l: &'l ExclusionList, p: &Probe) -> Option<&'l ListEntry>;
    /// The first entry of list number `li` that [`probable_match`]es, trying the
    /// candidates of [`ExclusionList::candidates`] in order.
    fn probable<'l>(&self, li: usize, l: &'l ExclusionList, p: &Probe) -> Option<&'l ListEntry>;
}

/// Searches the lookups for each row.
pub(crate) struct Direct;

impl Finder for Direct {
    fn registry<'l>(&self, reg: &'l CivilRegistry, p: &Probe) -> Option<&'l RegistryEntry> {
        p.nik.and_then(|n| reg.get(n))
    }

    fn exact<'l>(&self, _: usize, l: &'l ExclusionList, p: &Probe) -> Option<&'l ListEntry> {
        p.nik.and_then(|n| l.by_nik(n))
    }

    fn probable<'l>(&self, _: usize, l: &'l ExclusionList, p: &Probe) -> Option<&'l ListEntry> {
        l.candidates(&p.token_keys, p.name.sig).find(|e| probable_match(l, p, e))
    }
}

/// A candidate of the list (sharing a blocking key) is probably the applicant under
/// another NIK: an active entry, the same birth date, and the same person's name.
pub(crate) fn probable_match(l: &ExclusionList, p: &Probe, e: &ListEntry) -> bool {
    let Some(norm) = p.norm() else {
        return false;
    };
    e.active
        && e.birth == p.birth_day
        && (p.nik.is_none() || Some(e.nik) != p.nik)
        && same_person_soft(norm, &p.name.soft, l.name_of(e), l.soft_of(e))
}

/// Blocks answered from the lookups (the registry and the exclusion lists).
pub(crate) fn uses_lookups(r: &Rule) -> bool {
    matches!(r, Rule::Dukcapil | Rule::NotExcluded { .. })
}

/// Per-row results that are not a plain pass (fails, reviews, and passes with a note).
/// Blocks absent from the output passed. Results come block by block, the lookup blocks
/// last: callers order them by block (a stable sort keeps the order within a block).
pub(crate) fn screen_row(rules: &RuleSet, a: &Row, p: &Prep, lookups: &Lookups) -> Vec<Indexed> {
    let mut out = screen_local(rules, a, p);
    out.extend(screen_lookups(rules, &p.probe, lookups, &Direct));
    out
}

/// The results of the blocks that [`uses_lookups`].
pub(crate) fn screen_lookups(rules: &RuleSet, p: &Probe, lookups: &Lookups, find: &impl Finder) -> Vec<Indexed> {
    let mut out = Vec::new();
    for (i, b) in rules.blocks.iter().enumerate() {
        let i = i as u16;
        match &b.rule {
            Rule::Dukcapil => {
                if let Some(reg) = &lookups.registry
                    && let Some(r) = check_registry(b, p, reg, find)
                {
                    out.push((i, r));
                }
            }
            Rule::NotExcluded { lists } => {
                for (li, l) in lookups.lists.iter().enumerate().filter(|(_, l)| lists.contains(&l.kind)) {
                    if let Some(r) = check_list(b, p, li, l, find) {
                        out.push((i, r));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The results of the blocks that do not [`uses_lookups`].
pub(crate) fn screen_local(rules: &RuleSet, a: &Row, p: &Prep) -> Vec<Indexed> {
    let mut out = Vec::new();
    let parsed = &p.parsed;
    for (i, b) in rules.blocks.iter().enumerate() {
        let i = i as u16;
        let mut push = |r: RuleResult| out.push((i, r));
        match &b.rule {
            Rule::NikValid => {
                if let Err(e) = parsed {
                    push(res(b, Outcome::Fail, BpkCategory::NikAnomali, format!("NIK tidak sah: {e}")));
                }
            }
            Rule::Domicile { regions, basis } => {
                let code = match basis {
                    DomicileBasis::Nik => parsed.as_ref().ok().map(|n| n.kecamatan_code().digits().to_string()),
                    DomicileBasis::Alamat => a.address_region.map(digits_only),
                };
                let basis_txt = match basis {
                    DomicileBasis::Nik => "kode wilayah pada NIK",
                    DomicileBasis::Alamat => "kode wilayah alamat",
                };
                match code.filter(|c| !c.is_empty()) {
                    None => push(res(
                        b,
                        Outcome::Fail,
                        BpkCategory::Domisili,
                        format!("domisili tidak dapat ditentukan: {basis_txt} tidak ada atau tidak sah"),
                    )),
                    Some(c) => {
                        let inside = regions.iter().any(|r| c.starts_with(&digits_only(r)));
                        if !inside {
                            push(res(
                                b,
                                Outcome::Fail,
                                BpkCategory::Domisili,
                                format!("{basis_txt} ({}) di luar wilayah program ({})", dotted(&c), regions.join(", ")),
                            ));
                        }
                    }
                }
            }
            Rule::Dukcapil | Rule::NotExcluded { .. } => {}
            Rule::Age { min_years, max_years, on } => {
                let birth = a.birth_date.or_else(|| parsed.as_ref().ok().map(|n| n.birth_date_with(*on)));
                match birth {
                    None => push(res(b, Outcome::Review, BpkCategory::Usia, "tanggal lahir tidak diisi dan tidak terbaca dari NIK".into())),
                    Some(d) => {
                        let age = age_years(d, *on);
                        let low = min_years.is_some_and(|m| age < m);
                        let high = max_years.is_some_and(|m| age > m);
                        if low || high {
                            let bound = if low {
                                format!("paling sedikit {}", min_years.unwrap_or(0))
                            } else {
                                format!("paling tinggi {}", max_years.unwrap_or(0))
                            };
                            push(res(
                                b,
                                Outcome::Fail,
                                BpkCategory::Usia,
                                format!(
                                    "usia {age} tahun pada {} (lahir {}), syarat {bound} tahun",
                                    berdaya_core::tanggal::fmt_dmy(*on),
                                    berdaya_core::tanggal::fmt_dmy(d)
                                ),
                            ));
                        }
                    }
                }
            }
            Rule::BusinessRequired => {
                if !a.registered {
                    push(res(b, Outcome::Fail, BpkCategory::Lainnya, "tidak memiliki usaha yang terdaftar".into()));
                }
            }
            Rule::Scale { allowed } => match a.effective_scale() {
                None => push(res(
                    b,
                    Outcome::Review,
                    BpkCategory::BukanUsahaMikro,
                    "skala usaha tidak dapat dihitung: modal usaha dan omzet tidak diisi".into(),
                )),
                Some(s) if !allowed.contains(&s) => push(res(
                    b,
                    Outcome::Fail,
                    BpkCategory::BukanUsahaMikro,
                    format!("{} (PP 7/2021)", scale_reason(a, s)),
                )),
                Some(_) => {}
            },
            Rule::BusinessAge { min_months, on } => match a.founded {
                None => push(res(b, Outcome::Review, BpkCategory::Lainnya, "tanggal mulai usaha tidak diisi".into())),
                Some(f) => {
                    let m = months_between(f, *on);
                    if m < *min_months {
                        push(res(
                            b,
                            Outcome::Fail,
                            BpkCategory::Lainnya,
                            format!("usaha baru berjalan {m} bulan pada {} (syarat paling sedikit {min_months} bulan)", berdaya_core::tanggal::fmt_dmy(*on)),
                        ));
                    }
                }
            },
            Rule::Sector { allowed } => {
                let kbli = a.kbli.map(str::trim).unwrap_or("");
                if kbli.is_empty() {
                    push(res(b, Outcome::Review, BpkCategory::Lainnya, "kode KBLI tidak diisi".into()));
                } else if !sector_matches(kbli, allowed) {
                    push(res(
                        b,
                        Outcome::Fail,
                        BpkCategory::Lainnya,
                        format!("bidang usaha KBLI {kbli} tidak termasuk bidang program ({})", allowed.join(", ")),
                    ));
                }
            }
            Rule::Documents { required } => {
                let missing: Vec<&str> = required
                    .iter()
                    .filter(|d| !a.documents.has(d))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    push(res(b, Outcome::Fail, BpkCategory::Dokumen, format!("dokumen belum ada: {}", missing.join(", "))));
                }
            }
            Rule::OnePerNik | Rule::OnePerKk => {}
        }
    }
    out
}

fn digits_only(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn dotted(digits: &str) -> String {
    berdaya_core::KodeWilayah::parse(digits).map_or_else(|_| digits.to_string(), |k| k.dotted())
}

fn scale_reason(a: &Row, s: berdaya_core::SkalaUsaha) -> String {
    match (a.scale, a.annual_sales, a.capital) {
        (Some(_), _, _) => format!("skala usaha tercatat {}", s.label()),
        (None, Some(v), _) => format!("usaha {} menurut hasil penjualan tahunan {v}", s.label()),
        (None, None, Some(v)) => format!("usaha {} menurut modal usaha {v}", s.label()),
        (None, None, None) => format!("usaha {}", s.label()),
    }
}

fn sector_matches(kbli: &str, allowed: &[String]) -> bool {
    let division: Option<u8> = kbli.get(0..2).and_then(|d| d.parse().ok());
    allowed.iter().any(|a| {
        let a = a.trim();
        let mut chars = a.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphabetic() => {
                division.and_then(KategoriKbli::from_division) == KategoriKbli::from_letter(c)
            }
            _ => kbli.starts_with(a),
        }
    })
}

fn check_list(b: &Block, p: &Probe, li: usize, l: &ExclusionList, find: &impl Finder) -> Option<RuleResult> {
    if let Some(n) = p.nik
        && let Some(e) = find.exact(li, l, p)
    {
        let detail = l.detail(e);
        let detail = if detail.is_empty() { String::new() } else { format!("; {detail}") };
        return Some(if e.active {
            res(
                b,
                Outcome::Fail,
                l.kind.category(),
                format!("NIK {} tercatat dalam {} (baris {}{detail})", mask_key(n), l.title(), e.row),
            )
        } else {
            res(
                b,
                Outcome::Pass,
                l.kind.category(),
                format!("NIK {} tercatat dalam {} (baris {}{detail}) tetapi tidak aktif lagi", mask_key(n), l.title(), e.row),
            )
        });
    }
    let norm = p.norm()?;
    let e = find.probable(li, l, p)?;
    let other = if e.nik == 0 { "NIK tidak sah".to_string() } else { format!("NIK {}", mask_key(e.nik)) };
    let how = if l.name_of(e) == norm { "nama dan tanggal lahir sama" } else { "nama mirip dan tanggal lahir sama" };
    Some(res(
        b,
        Outcome::Review,
        l.kind.category(),
        format!("{how} dengan baris {} {} ({other}); periksa apakah orang yang sama", e.row, l.title()),
    ))
}

fn check_registry(b: &Block, p: &Probe, reg: &CivilRegistry, find: &impl Finder) -> Option<RuleResult> {
    let Some(n) = p.nik.filter(|_| p.nik_ok) else {
        return Some(res(
            b,
            Outcome::Fail,
            BpkCategory::NikAnomali,
            format!("NIK tidak sah sehingga tidak dapat dipadankan dengan {}", reg.title()),
        ));
    };
    let Some(e) = find.registry(reg, p) else {
        return Some(res(
            b,
            Outcome::Fail,
            BpkCategory::NikTidakPadan,
            format!("NIK {} tidak ditemukan dalam {}", mask_key(n), reg.title()),
        ));
    };
    if !e.alive {
        return Some(res(
            b,
            Outcome::Fail,
            BpkCategory::MeninggalDunia,
            format!("menurut {} (baris {}) pemilik NIK {} telah meninggal dunia", reg.title(), e.row, mask_key(n)),
        ));
    }
    // The registry name normalised, only when the names differ as written.
    let mut reg_norm: Option<Option<String>> = None;
    let same_name = p.name.folded == e.folded || {
        let y = reg_norm.get_or_insert_with(|| normalize_name(reg.name_of(e)));
        p.name.norm.is_some() && p.name.norm == *y
    };
    let birth = p.form_birth_day;
    let birth_differs = birth != 0 && e.birth != 0 && birth != e.birth;
    if same_name && !birth_differs {
        return None;
    }
    if same_name {
        let reg_birth = key::date_of(e.birth).map(berdaya_core::tanggal::fmt_dmy).unwrap_or_default();
        return Some(res(
            b,
            Outcome::Review,
            BpkCategory::NikTidakPadan,
            format!("tanggal lahir berbeda dengan {} (baris {}: {reg_birth}); periksa KTP", reg.title(), e.row),
        ));
    }
    let y = reg_norm.get_or_insert_with(|| normalize_name(reg.name_of(e)));
    let close = match (p.norm(), y.as_deref()) {
        (Some(x), Some(y)) => strsim::jaro_winkler(x, y) >= 0.95 && !birth_differs,
        _ => false,
    };
    Some(if close {
        res(
            b,
            Outcome::Review,
            BpkCategory::NikTidakPadan,
            format!("ejaan nama sedikit berbeda dengan {} (baris {}); periksa KTP", reg.title(), e.row),
        )
    } else {
        res(
            b,
            Outcome::Fail,
            BpkCategory::NikTidakPadan,
            format!("NIK {} terdaftar atas nama orang lain dalam {} (baris {})", mask_key(n), reg.title(), e.row),
        )
    })
}
