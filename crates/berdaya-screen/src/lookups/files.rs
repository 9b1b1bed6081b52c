//! Exclusion lists and registry views from CSV/XLSX files.

use std::path::Path;

use anyhow::bail;
use chrono::NaiveDate;

use super::{CivilRegistry, ExclusionList, ListPart, ListRecord, RegistryPart, RegistryRecord};
use crate::read::columns::{is_closed_status, parse_date, parse_yes};
use crate::read::{Cells, Header, read_table, read_table_parts};
use crate::rules::ExclusionKind;

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

struct ListColumns {
    nik: Option<usize>,
    nama: Option<usize>,
    birth: Option<usize>,
    status: Option<usize>,
    details: Vec<usize>,
    today: NaiveDate,
}

impl ListColumns {
    fn plan(h: &Header, today: NaiveDate) -> anyhow::Result<ListColumns> {
        let nik = h.col("nik");
        if nik.is_none() {
            bail!(
                "daftar pengecualian harus punya kolom NIK (kolom yang terbaca: {})",
                h.raw.join(", ")
            );
        }
        let details = ["kategori", "instansi", "bank", "status"]
            .iter()
            .filter_map(|f| h.col(f))
            .collect();
        Ok(ListColumns {
            nik,
            nama: h.col("nama"),
            birth: h.col("tanggal_lahir"),
            status: h.col("status"),
            details,
            today,
        })
    }

    /// One row into a part, as [`ListColumns::record`] would give it, without owning
    /// its text.
    fn add(&self, part: &mut ListPart, c: Cells, line: u64) {
        let mut detail = std::mem::take(&mut part.scratch);
        detail.clear();
        for &i in &self.details {
            let d = c.get(Some(i));
            if !d.is_empty() {
                if !detail.is_empty() {
                    detail.push_str(", ");
                }
                detail.push_str(&d);
            }
        }
        part.add(
            line,
            &c.get(self.nik),
            &c.get(self.nama),
            parse_date(&c.get(self.birth), self.today),
            !is_closed_status(&c.get(self.status)),
            &detail,
        );
        part.scratch = detail;
    }

    fn record(&self, c: Cells, line: u64) -> ListRecord {
        let detail: Vec<String> = self
            .details
            .iter()
            .map(|&i| c.get(Some(i)).into_owned())
            .filter(|s| !s.is_empty())
            .collect();
        ListRecord {
            row: line,
            nik: c.get(self.nik).into_owned(),
            name: c.get(self.nama).into_owned(),
            birth_date: parse_date(&c.get(self.birth), self.today),
            active: !is_closed_status(&c.get(self.status)),
            detail: detail.join(", "),
        }
    }
}

impl ExclusionList {
    /// Read a list from CSV/XLSX. Columns: NIK (required), Nama and Tanggal Lahir (for
    /// probable matches), Status (`lunas`/`tidak aktif` entries do not exclude), and
    /// Kategori/Instansi/Bank (shown in reasons). Keys are computed on all cores.
    pub fn read_file(
        kind: ExclusionKind,
        version: impl Into<String>,
        path: &Path,
        today: NaiveDate,
    ) -> anyhow::Result<ExclusionList> {
        let mut list = ExclusionList::new(kind, version, file_name(path));
        let mut parts = Vec::new();
        read_table_parts(
            path,
            &["nik"],
            |h| ListColumns::plan(h, today),
            |_, size| ListPart::with_capacity(size / 64),
            |p, part, c, line| p.add(part, c, line),
            |part| {
                parts.push(part);
                Ok(())
            },
        )?;
        list.extend_parts(parts);
        Ok(list)
    }
}

struct RegistryColumns {
    nik: Option<usize>,
    nama: Option<usize>,
    birth: Option<usize>,
    hidup: Option<usize>,
    meninggal: Option<usize>,
    died: Option<usize>,
    today: NaiveDate,
}

impl RegistryColumns {
    fn alive(&self, c: Cells) -> bool {
        if let Some(v) = self.hidup.and_then(|i| parse_yes(&c.get(Some(i)))) {
            return v;
        }
        if let Some(v) = self.meninggal.and_then(|i| parse_yes(&c.get(Some(i)))) {
            return !v;
        }
        c.get(self.died).is_empty()
    }

    fn plan(h: &Header, today: NaiveDate) -> anyhow::Result<RegistryColumns> {
        if h.col("nik").is_none() || h.col("nama").is_none() {
            bail!(
                "data Dukcapil harus punya kolom NIK dan Nama (kolom yang terbaca: {})",
                h.raw.join(", ")
            );
        }
        Ok(RegistryColumns {
            nik: h.col("nik"),
            nama: h.col("nama"),
            birth: h.col("tanggal_lahir"),
            hidup: h.col("hidup"),
            meninggal: h.col("meninggal"),
            died: h.col("tanggal_meninggal"),
            today,
        })
    }

    fn record(&self, c: Cells, line: u64) -> RegistryRecord {
        RegistryRecord {
            row: line,
            nik: c.get(self.nik).into_owned(),
            name: c.get(self.nama).into_owned(),
            birth_date: parse_date(&c.get(self.birth), self.today),
            alive: self.alive(c),
        }
    }
}

impl CivilRegistry {
    /// Read a registry view from CSV/XLSX. Columns: NIK, Nama, Tanggal Lahir, and whether
    /// the person is alive (`hidup` 1/0, or `meninggal`, or a `tanggal_meninggal`).
    pub fn read_file(version: impl Into<String>, path: &Path, today: NaiveDate) -> anyhow::Result<CivilRegistry> {
        let mut reg = CivilRegistry::new(version, file_name(path));
        let mut parts = Vec::new();
        read_table_parts(
            path,
            &["nik", "nama"],
            |h| RegistryColumns::plan(h, today),
            |_, size| RegistryPart::with_capacity(size / 2),
            |p, part, c, line| {
                part.add(line, &c.get(p.nik), &c.get(p.nama), parse_date(&c.get(p.birth), p.today), p.alive(c));
            },
            |part| {
                parts.push(part);
                Ok(())
            },
        )?;
        reg.extend_parts(parts);
        Ok(reg)
    }
}

/// The records of an exclusion list file as read (row numbers, status and details included),
/// for callers that store them (the web aid module keeps uploaded lists in its database).
pub fn read_list_records(path: &Path, today: NaiveDate) -> anyhow::Result<Vec<ListRecord>> {
    let mut out = Vec::new();
    read_table(
        path,
        &["nik"],
        |h| ListColumns::plan(h, today),
        |p, c, line| p.record(c, line),
        |batch| {
            out.extend(batch);
            Ok(())
        },
    )?;
    Ok(out)
}

/// The records of a civil-registry (Dukcapil) file as read, alive or not.
pub fn read_registry_records(path: &Path, today: NaiveDate) -> anyhow::Result<Vec<RegistryRecord>> {
    let mut out = Vec::new();
    read_table(
        path,
        &["nik", "nama"],
        |h| RegistryColumns::plan(h, today),
        |p, c, line| p.record(c, line),
        |batch| {
            out.extend(batch);
            Ok(())
        },
    )?;
    Ok(out)
}
