//! The registry list: filters, search and keyset paging over businesses in scope.

use berdaya_core::Scope;
use serde::Serialize;
use uuid::Uuid;

use crate::scope::ScopeSql;
use crate::{Db, Result, on_db, search_index};

/// At most this many indexed words are searched for one prefix (one index range each); a
/// shorter prefix than that falls back to "name begins with".
const MAX_WORDS: usize = 48;

#[derive(Debug, Clone, Default)]
pub struct BusinessFilter {
    /// Region subtree (dotted code) inside the scope.
    pub region: Option<String>,
    pub skala: Option<String>,
    /// KBLI category letter.
    pub sektor: Option<String>,
    /// Permit code that must be held (nib, pirt, halal, bpom, merek).
    pub izin: Option<String>,
    /// Words starting the words of the business or owner name, or an exact NIK / phone / NIB.
    pub q: Option<String>,
    /// Sort: "nama" (business name) or "pemilik" (owner name).
    pub sort: String,
    /// Keyset: the last row's sort key and id.
    pub after: Option<(String, Uuid)>,
}

/// One list row: the business with its owner's name, NIK and phone.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct BusinessRow {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub region: String,
    pub nama_usaha: String,
    pub nama_norm: String,
    pub owner_nama_norm: String,
    pub sektor: String,
    pub kbli: String,
    pub skala: String,
    pub omzet_tahunan: Option<i64>,
    pub izin: String,
    pub nama: String,
    pub nik: String,
    pub no_hp: String,
}

/// What the search box holds: an identifier looked up exactly, or name words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    None,
    Nik(String),
    /// Normalised phone (E.164, as stored).
    Phone(String),
    Nib(String),
    /// Search key of the words typed, and its exclusive upper bound as a prefix.
    Name(String, String),
}

impl SearchTerm {
    pub fn classify(q: &str) -> SearchTerm {
        let q = q.trim().trim_start_matches('\'');
        if q.is_empty() {
            return SearchTerm::None;
        }
        let compact: String = q.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        let digits = compact.trim_start_matches('+');
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            if digits.len() == 16 {
                return SearchTerm::Nik(digits.to_string());
            }
            if (compact.starts_with('+') || digits.starts_with('0') || digits.starts_with("62"))
                && let Ok(p) = berdaya_core::phone::NoHp::parse(&compact)
            {
                return SearchTerm::Phone(p.as_str().to_string());
            }
            if digits.len() == 13 {
                return SearchTerm::Nib(digits.to_string());
            }
        }
        let key = berdaya_core::teks::search_key(q);
        if key.is_empty() {
            return SearchTerm::None;
        }
        let upper = berdaya_core::teks::prefix_upper(&key);
        SearchTerm::Name(key, upper)
    }
}

const ROW_COLS: &str = "b.id, b.owner_id, b.region, b.nama_usaha, b.nama_norm, b.owner_nama_norm, b.sektor, b.kbli, \
    b.skala, b.omzet_tahunan, b.izin";
const OUTER_COLS: &str = "x.id, x.owner_id, x.region, x.nama_usaha, x.nama_norm, x.owner_nama_norm, x.sektor, x.kbli, \
    x.skala, x.omzet_tahunan, x.izin, o.nama, o.nik, o.no_hp";

/// The filters other than the search term, trimmed (empty = not in use).
#[derive(Clone)]
struct Filters {
    root: String,
    pattern: String,
    region: Option<String>,
    skala: Option<String>,
    sektor: Option<String>,
    izin: Option<String>,
    /// "Name begins with" (search key, its exclusive upper bound) on the business or owner
    /// name: a typed prefix that expands to too many words, checked on a permit's stream.
    begins: Option<(String, String)>,
}

impl Filters {
    fn new(scope: &Scope, f: &BusinessFilter) -> Filters {
        let s = ScopeSql::new(scope);
        let some = |v: &Option<String>| v.as_ref().map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
        Filters { root: s.root, pattern: s.pattern, region: some(&f.region), skala: some(&f.skala), sektor: some(&f.sektor), izin: some(&f.izin), begins: None }
    }

    /// The word index token of the permit filter (every permit but NIB has one).
    fn permit_token(&self) -> Option<String> {
        self.izin.as_deref().filter(|k| *k != "nib").map(search_index::permit_token)
    }
}

impl Filters {
    /// True when a filter beyond the scope is set (scale, sector, permit, name prefix).
    fn has_checks(&self) -> bool {
        self.skala.is_some() || self.sektor.is_some() || self.izin.is_some() || self.begins.is_some()
    }
}

/// Push the scope and region conditions on the region column `rg`.
macro_rules! push_scope {
    ($qb:expr, $fl:expr, $rg:literal) => {{
        let fl: &Filters = $fl;
        if fl.root.is_empty() {
            $qb.push("1 = 1");
        } else {
            $qb.push(concat!("(", $rg, " = ")).push_bind(fl.root.clone());
            $qb.push(concat!(" OR ", $rg, " LIKE ")).push_bind(fl.pattern.clone()).push(")");
        }
        if let Some(r) = &fl.region {
            $qb.push(concat!(" AND (", $rg, " = ")).push_bind(r.clone());
            $qb.push(concat!(" OR ", $rg, " LIKE ")).push_bind(format!("{r}.%")).push(")");
        }
    }};
}

/// Push ` AND …` for the filters on the business row `b` (scale, sector, permit).
macro_rules! push_checks {
    ($qb:expr, $fl:expr) => {{
        let fl: &Filters = $fl;
        if let Some(v) = &fl.skala {
            $qb.push(" AND b.skala = ").push_bind(v.clone());
        }
        if let Some(v) = &fl.sektor {
            $qb.push(" AND b.sektor = ").push_bind(v.clone());
        }
        match fl.izin.as_deref() {
            None => {}
            Some("nib") => {
                $qb.push(" AND b.nib <> ''");
            }
            Some(v) => {
                // The holder's permit token in the list index (see `words`).
                $qb.push(" AND EXISTS (SELECT 1 FROM business_tokens p WHERE p.token = ")
                    .push_bind(search_index::permit_token(v))
                    .push(" AND p.nama_norm = b.nama_norm AND p.business_id = b.id)");
            }
        }
    }};
}

/// Push the scope and filter conditions (`rg` is the region column to test, `b` the business).
macro_rules! push_filters {
    ($qb:expr, $fl:expr, $rg:literal) => {{
        push_scope!($qb, $fl, $rg);
        push_checks!($qb, $fl);
    }};
}

mod words;

/// Businesses in scope matching `f`, keyset-paged on (sort key, id). Only the filters in use
/// enter the SQL, so each query can run on an index: the sort index for plain lists, the
/// NIK lookup table, the phone or NIB index for identifiers, the word index for names. The
/// owner is joined to the page of rows only, after sorting and limiting.
pub async fn list(db: &Db, scope: &Scope, f: &BusinessFilter, limit: i64) -> Result<Vec<BusinessRow>> {
    let term = SearchTerm::classify(f.q.as_deref().unwrap_or(""));
    let fl = Filters::new(scope, f);
    match &term {
        SearchTerm::Name(key, _) => {
            let words: Vec<&str> = key.split(' ').collect();
            // The longest word (fewest indexed words) is expanded first; when even it expands
            // to too many words, the list falls back to "name begins with".
            let drive_at = words.iter().enumerate().max_by_key(|(i, w)| (w.len(), usize::MAX - i)).map(|(i, _)| i).unwrap_or(0);
            let drive = words[drive_at];
            let upper = berdaya_core::teks::prefix_upper(drive);
            let tokens = search_index::words_with_prefix(db, drive, &upper, MAX_WORDS as i64 + 1).await?;
            if tokens.is_empty() {
                return Ok(Vec::new());
            }
            if tokens.len() <= MAX_WORDS {
                return words::search(db, &fl, f, &words, Some((drive, tokens)), limit).await;
            }
            // Too many words to stream: "name begins with", on a permit's stream when there is
            // one (by the business rows, PostgreSQL hash-joined every PIRT holder: "s" + PIRT
            // 418 ms p50 under load).
            if fl.permit_token().is_some() {
                let fl = Filters { begins: Some((key.clone(), berdaya_core::teks::prefix_upper(key))), ..fl };
                return words::search(db, &fl, f, &[], None, limit).await;
            }
        }
        // A permit without words: its holders' index range, in list order.
        SearchTerm::None if fl.permit_token().is_some() => return words::search(db, &fl, f, &[], None, limit).await,
        _ => {}
    }
    by_filters(db, &fl, f, &term, limit).await
}

/// The list without a word search: identifiers, or a name prefix too short for the word index.
async fn by_filters(db: &Db, fl: &Filters, f: &BusinessFilter, term: &SearchTerm, limit: i64) -> Result<Vec<BusinessRow>> {
    let key = if f.sort == "pemilik" { "owner_nama_norm" } else { "nama_norm" };
    let sqlite = matches!(db, Db::Sqlite(_));
    Ok(on_db!(db, |p| {
        let mut qb = sqlx::QueryBuilder::new(format!("SELECT {OUTER_COLS} FROM (SELECT {ROW_COLS} FROM businesses b WHERE "));
        push_filters!(qb, fl, "b.region");
        match term {
            SearchTerm::None => {}
            SearchTerm::Nik(n) => {
                qb.push(" AND b.owner_id IN (SELECT owner_id FROM owner_nik WHERE nik = ").push_bind(n.clone()).push(")");
            }
            SearchTerm::Phone(hp) => {
                qb.push(" AND b.owner_id IN (SELECT id FROM owners WHERE no_hp = ").push_bind(hp.clone()).push(")");
            }
            SearchTerm::Nib(n) => {
                qb.push(" AND b.nib = ").push_bind(n.clone());
            }
            SearchTerm::Name(k, upper) => {
                // On SQLite the name columns are taken out of index selection (unary `+`): with
                // them, it read both name ranges (an OR of two indexes) and sorted every match
                // ("s": 446 ms); without, it walks the sort index and stops after a page (2 ms).
                // A prefix gets here only when it starts more than 48 words, so matches are
                // common and the walk short. PostgreSQL plans this well by itself.
                let plus = if sqlite { "+" } else { "" };
                qb.push(format!(" AND (({plus}b.nama_norm >= ")).push_bind(k.clone()).push(format!(" AND {plus}b.nama_norm < ")).push_bind(upper.clone());
                qb.push(format!(") OR ({plus}b.owner_nama_norm >= ")).push_bind(k.clone());
                qb.push(format!(" AND {plus}b.owner_nama_norm < ")).push_bind(upper.clone()).push("))");
            }
        }
        if let Some((after_key, after_id)) = &f.after {
            qb.push(format!(" AND (b.{key} > ")).push_bind(after_key.clone());
            qb.push(format!(" OR (b.{key} = ")).push_bind(after_key.clone()).push(" AND b.id > ").push_bind(*after_id).push("))");
        }
        qb.push(format!(" ORDER BY b.{key}, b.id LIMIT ")).push_bind(limit);
        qb.push(format!(") x JOIN owners o ON o.id = x.owner_id ORDER BY x.{key}, x.id"));
        qb.build_query_as::<BusinessRow>().fetch_all(p).await
    })?)
}
