//! Rows of an applicant list to [`Applicant`]s.

use std::borrow::Cow;
use std::path::Path;

use anyhow::bail;
use berdaya_core::{JenisKelamin, Rupiah, SkalaUsaha};
use chrono::NaiveDate;

use super::columns::{parse_date, parse_yes};
use super::{Cells, Header, read_table};
use crate::applicant::{Applicant, Business};
use crate::engine::{Documents, Row};

/// Which column holds what.
pub(crate) struct ApplicantColumns {
    nik: Option<usize>,
    no_kk: Option<usize>,
    nama: Option<usize>,
    sex: Option<usize>,
    birth: Option<usize>,
    phone: Option<usize>,
    region: Option<usize>,
    kbli: Option<usize>,
    nib: Option<usize>,
    izin: Option<usize>,
    nama_usaha: Option<usize>,
    punya_usaha: Option<usize>,
    modal: Option<usize>,
    omzet_bulan: Option<usize>,
    omzet_tahun: Option<usize>,
    skala: Option<usize>,
    mulai: Option<usize>,
    dokumen: Option<usize>,
    today: NaiveDate,
}

impl ApplicantColumns {
    pub(crate) fn plan(h: &Header, today: NaiveDate) -> anyhow::Result<ApplicantColumns> {
        let c = ApplicantColumns {
            nik: h.col("nik"),
            no_kk: h.col("no_kk"),
            nama: h.col("nama"),
            sex: h.col("jenis_kelamin"),
            birth: h.col("tanggal_lahir"),
            phone: h.col("no_hp"),
            region: h.col("kode_desa"),
            kbli: h.col("kbli"),
            nib: h.col("nib"),
            izin: h.col("izin"),
            nama_usaha: h.col("nama_usaha"),
            punya_usaha: h.col("punya_usaha"),
            modal: h.col("modal"),
            omzet_bulan: h.col("omzet_bulan"),
            omzet_tahun: h.col("omzet_tahun"),
            skala: h.col("skala"),
            mulai: h.col("mulai_usaha"),
            dokumen: h.col("dokumen"),
            today,
        };
        if c.nik.is_none() || c.nama.is_none() {
            bail!(
                "daftar pemohon harus punya kolom NIK dan Nama (kolom yang terbaca: {})",
                h.raw.join(", ")
            );
        }
        Ok(c)
    }

    /// The cells of a row as the rules read them (text borrowed from the row).
    pub(crate) fn fields<'c>(&self, cells: Cells<'c>) -> Fields<'c> {
        let get = |c| cells.get(c);
        let money = |c| money(&cells.get(c));
        let annual = money(self.omzet_tahun).or_else(|| money(self.omzet_bulan).and_then(|m| m.checked_mul(12)));
        let has_any = |cols: &[Option<usize>]| cols.iter().any(|c| !get(*c).is_empty());
        let registered = match self.punya_usaha.and_then(|c| parse_yes(&get(Some(c)))) {
            Some(v) => v,
            None => has_any(&[self.nib, self.izin, self.nama_usaha, self.kbli]),
        };
        Fields {
            nik: get(self.nik),
            no_kk: get(self.no_kk),
            name: get(self.nama),
            birth_date: parse_date(&get(self.birth), self.today),
            phone: get(self.phone),
            region: get(self.region),
            registered,
            capital: money(self.modal),
            annual_sales: annual,
            scale: SkalaUsaha::parse(&get(self.skala)),
            founded: parse_date(&get(self.mulai), self.today),
            kbli: get(self.kbli),
            documents: get(self.dokumen),
        }
    }

    pub(crate) fn convert(&self, cells: Cells, line: u64) -> Applicant {
        let f = self.fields(cells);
        let opt = |v: Cow<str>| (!v.is_empty()).then(|| v.into_owned());
        let documents = f
            .documents
            .split([';', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        Applicant {
            row: line,
            nik: f.nik.into_owned(),
            no_kk: opt(f.no_kk),
            name: f.name.into_owned(),
            sex: JenisKelamin::parse(&cells.get(self.sex)),
            birth_date: f.birth_date,
            phone: opt(f.phone),
            address_region: opt(f.region),
            business: Business {
                registered: f.registered,
                capital: f.capital,
                annual_sales: f.annual_sales,
                scale: f.scale,
                founded: f.founded,
                kbli: opt(f.kbli),
            },
            documents,
        }
    }
}

/// One applicant row's cells, trimmed ("" when absent), and the values parsed from them.
pub(crate) struct Fields<'c> {
    nik: Cow<'c, str>,
    no_kk: Cow<'c, str>,
    name: Cow<'c, str>,
    birth_date: Option<NaiveDate>,
    phone: Cow<'c, str>,
    region: Cow<'c, str>,
    registered: bool,
    capital: Option<Rupiah>,
    annual_sales: Option<Rupiah>,
    scale: Option<SkalaUsaha>,
    founded: Option<NaiveDate>,
    kbli: Cow<'c, str>,
    documents: Cow<'c, str>,
}

impl Fields<'_> {
    /// The row for the rules (what [`ApplicantColumns::convert`] would give, borrowed).
    pub(crate) fn row(&self) -> Row<'_> {
        fn opt<'a>(v: &'a Cow<str>) -> Option<&'a str> {
            (!v.is_empty()).then_some(&**v)
        }
        Row {
            nik: &self.nik,
            no_kk: opt(&self.no_kk),
            name: &self.name,
            birth_date: self.birth_date,
            phone: opt(&self.phone),
            address_region: opt(&self.region),
            registered: self.registered,
            capital: self.capital,
            annual_sales: self.annual_sales,
            scale: self.scale,
            founded: self.founded,
            kbli: opt(&self.kbli),
            documents: Documents::Cell(&self.documents),
        }
    }
}

/// Plain digits quickly; anything else ("Rp 1.500.000", "1,5 juta") through `Rupiah::parse`.
fn money(s: &str) -> Option<Rupiah> {
    if s.is_empty() {
        return None;
    }
    if s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<i64>().ok().map(Rupiah::new);
    }
    Rupiah::parse(s).ok()
}

/// Read a whole applicant list (tests and small files; the CLI streams).
pub fn read_applicants(path: &Path, today: NaiveDate) -> anyhow::Result<Vec<Applicant>> {
    let mut out = Vec::new();
    read_table(
        path,
        &["nik"],
        |h| ApplicantColumns::plan(h, today),
        |p, c, line| p.convert(c, line),
        |batch| {
            out.extend(batch);
            Ok(())
        },
    )?;
    Ok(out)
}
