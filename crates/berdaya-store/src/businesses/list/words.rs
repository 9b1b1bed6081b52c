//! The word search of the registry list as an intersection of ordered posting lists.
//!
//! Each typed word is a *stream*: the rows of `business_tokens` whose token is one of the
//! indexed words the typed word expands to, in list order (sort key, business id), read from
//! the index `(token, sort key, business_id, region)` in short chunks (one chunk per indexed
//! word, merged here). Several typed words are intersected by leapfrogging: the stream that is
//! behind seeks to the key of the one ahead (an index range read that starts at that key), so
//! a page costs a few short range reads per word instead of walking every row of the first
//! word until the others match. The filters (scale and sector, kept in the word index; permit)
//! are applied by the first stream, in the database. A permit is a token of the word index too
//! (`#izin:halal`, see `search_index`): without words its holders are the only stream; with
//! words, a permit few businesses hold drives the search (`by_permit`: its holders in list
//! order, the typed words checked on them by the index's primary key). The candidates found
//! are then looked up by id in `businesses` (with the owner) in batches, and the typed words
//! that expand to too many indexed words to stream are checked on those rows.
//!
//! Ordering: keys are compared here as Rust strings (bytewise) and ids as bytes, which is the
//! order of SQLite's BINARY collation and of PostgreSQL's "C" collation (migration 0013 gives
//! the sort key columns of `business_tokens` that collation) and of both databases' uuid/blob
//! ordering, so the merge here and the index ranges read there agree.
//!
//! All reads of one list call run in one read transaction (one snapshot).

use std::collections::{HashMap, HashSet, VecDeque};

use sqlx::QueryBuilder;
use uuid::Uuid;

use super::{BusinessFilter, BusinessRow, Filters, MAX_WORDS};
use crate::{Db, Result, Tx, on_tx};

/// The filters (scale, sector, permit) as conditions on the word index row `t`. Scale and
/// sector are columns of the word index's list indexes, so they are checked on the index
/// entries (before: a join to the business per entry, about fifteen random lookups per row
/// shown for "toko" + kecil). A permit is a lookup of the business's permit token in the same
/// list index (`col`: the permit's holders are a compact range of it, where the entry's sort
/// key and id find the holder; by the primary key, each lookup landed in a different part of
/// a much larger index: 18 ms against 6 ms for "toko" + PIRT on PostgreSQL); NIB is on the
/// business row. A correlated `EXISTS` per entry, cheap when the permit is common, which is
/// when it is checked this way (a rare one drives the search).
macro_rules! push_row_checks {
    ($qb:expr, $fl:expr, $col:expr) => {{
        let fl: &Filters = $fl;
        if let Some(v) = &fl.skala {
            $qb.push(" AND t.skala = ").push_bind(v.clone());
        }
        if let Some(v) = &fl.sektor {
            $qb.push(" AND t.sektor = ").push_bind(v.clone());
        }
        if let Some((k, upper)) = &fl.begins {
            $qb.push(" AND ((t.nama_norm >= ").push_bind(k.clone()).push(" AND t.nama_norm < ").push_bind(upper.clone());
            $qb.push(") OR (t.owner_nama_norm >= ").push_bind(k.clone()).push(" AND t.owner_nama_norm < ").push_bind(upper.clone()).push("))");
        }
        match fl.izin.as_deref() {
            None => {}
            Some("nib") => {
                $qb.push(" AND EXISTS (SELECT 1 FROM businesses b WHERE b.id = t.business_id AND b.nib <> '')");
            }
            Some(v) => {
                $qb.push(" AND EXISTS (SELECT 1 FROM business_tokens p WHERE p.token = ")
                    .push_bind(crate::search_index::permit_token(v))
                    .push(format!(" AND p.{0} = t.{0} AND p.business_id = t.business_id)", $col));
            }
        }
    }};
}

/// A list position: sort key and business id.
type Key = (String, Uuid);

/// A permit held by at most this many businesses (anywhere) drives a word search: its holders
/// are read in list order and the words checked on them ([`by_permit`]), at most this many
/// index rows and lookups per word. A permit held more widely is checked by the first word
/// stream (an `EXISTS` per index entry: the more holders, the fewer entries a page needs; at
/// 944 k businesses this bound is one in 470, about 24,000 entries of a common word per page
/// of 51 at worst).
const MAX_HOLDERS: i64 = 2000;
/// The first chunk of a permit's holders read by [`by_permit`] (doubling up to [`MAX_CHUNK`]).
const PERMIT_CHUNK: i64 = 256;

/// The largest chunk read from one indexed word's range at once.
const MAX_CHUNK: i64 = 1024;
/// The most candidates looked up in `businesses` by one statement.
const MAX_BATCH: usize = 1000;

/// Rows at `key` or after it (`strict`: only after it).
#[derive(Clone, Debug)]
struct Bound {
    key: Key,
    strict: bool,
}

impl Bound {
    fn admits(&self, k: &Key) -> bool {
        if self.strict { *k > self.key } else { *k >= self.key }
    }
}

/// One indexed word's rows: a buffer holding every row between the bound it was last read
/// from and its last entry (or to the end of the range when `end`).
struct Run {
    token: String,
    buf: VecDeque<Key>,
    end: bool,
    /// Rows to read next time (doubles up to [`MAX_CHUNK`]).
    chunk: i64,
}

/// One typed word: the merged runs of the indexed words it expands to.
struct Stream {
    runs: Vec<Run>,
    /// Whether this stream's reads apply the filters (scale, sector, permit) in the database:
    /// set on one stream (the first) when such filters are in use, so the rows that fail them
    /// never leave the database and are never looked up again.
    filtered: bool,
}

/// What one list call reads with: the transaction, the filters and the sort key column.
struct Reader<'a> {
    tx: Tx,
    fl: &'a Filters,
    /// `nama_norm` or `owner_nama_norm`.
    col: &'static str,
    /// Statements run and index rows read (for the debug log).
    statements: usize,
    index_rows: usize,
}

impl Reader<'_> {
    /// Read the next chunk of each run in `which`, from `at`, in one statement.
    async fn fill(&mut self, runs: &mut [Run], which: &[usize], at: &Bound, filtered: bool) -> Result<()> {
        let col = self.col;
        let fl = self.fl;
        let op = if at.strict { ">" } else { ">=" };
        let rows: Vec<(String, String, Uuid)> = on_tx!(&mut self.tx, |c| {
            let mut qb = QueryBuilder::new("");
            for (n, &i) in which.iter().enumerate() {
                if n > 0 {
                    qb.push(" UNION ALL ");
                }
                if which.len() > 1 {
                    qb.push("SELECT * FROM (");
                }
                qb.push(format!("SELECT t.token, t.{col}, t.business_id FROM business_tokens t WHERE t.token = "));
                qb.push_bind(runs[i].token.clone());
                if filtered {
                    push_row_checks!(qb, fl, col);
                }
                qb.push(" AND ");
                push_scope!(qb, fl, "t.region");
                qb.push(format!(" AND (t.{col}, t.business_id) {op} (")).push_bind(at.key.0.clone()).push(", ").push_bind(at.key.1).push(")");
                qb.push(format!(" ORDER BY t.{col}, t.business_id LIMIT ")).push_bind(runs[i].chunk);
                if which.len() > 1 {
                    qb.push(format!(") w{n}"));
                }
            }
            qb.build_query_as::<(String, String, Uuid)>().fetch_all(&mut *c).await
        })?;
        self.statements += 1;
        self.index_rows += rows.len();
        let mut got: HashMap<String, Vec<Key>> = HashMap::new();
        for (token, k, id) in rows {
            got.entry(token).or_default().push((k, id));
        }
        for &i in which {
            let r = &mut runs[i];
            let mut keys = got.remove(&r.token).unwrap_or_default();
            // Each branch is in index order already; sorting keeps the buffer's invariant
            // even if a database returned a branch's rows in another order.
            keys.sort_unstable();
            r.end = (keys.len() as i64) < r.chunk;
            r.buf = keys.into();
            r.chunk = (r.chunk * 2).min(MAX_CHUNK);
        }
        Ok(())
    }

    /// Which of `ids` have a word starting with `w`: by the word index's primary key
    /// (business, token), a few rows per id.
    async fn with_prefix(&mut self, ids: &[Uuid], w: &str) -> Result<HashSet<Uuid>> {
        let hits: Vec<Uuid> = match &mut self.tx {
            // One statement for any number of ids, and no token range: with one, the plan
            // PostgreSQL caches for the statement after a few runs read the word's whole
            // range of the list index instead (21 ms against 3 ms for "toko" + halal).
            Tx::Pg(t) => {
                sqlx::query_scalar("SELECT DISTINCT business_id FROM business_tokens WHERE business_id = ANY($1) AND starts_with(token, $2)")
                    .bind(ids)
                    .bind(w)
                    .fetch_all(&mut **t)
                    .await?
            }
            Tx::Sqlite(t) => {
                let upper = berdaya_core::teks::prefix_upper(w);
                let mut qb = QueryBuilder::new("SELECT DISTINCT business_id FROM business_tokens WHERE business_id IN (");
                let mut sep = qb.separated(", ");
                for id in ids {
                    sep.push_bind(*id);
                }
                qb.push(") AND token >= ").push_bind(w.to_string()).push(" AND token < ").push_bind(upper);
                qb.build_query_scalar::<Uuid>().fetch_all(&mut **t).await?
            }
        };
        self.statements += 1;
        Ok(hits.into_iter().collect())
    }

    /// The candidates' rows with their owners (the filters were applied by the first stream).
    async fn rows(&mut self, ids: &[Uuid]) -> Result<HashMap<Uuid, BusinessRow>> {
        let rows: Vec<BusinessRow> = on_tx!(&mut self.tx, |c| {
            let mut qb = QueryBuilder::new(format!(
                "SELECT {}, o.nama, o.nik, o.no_hp FROM businesses b JOIN owners o ON o.id = b.owner_id WHERE b.id IN (",
                super::ROW_COLS
            ));
            let mut sep = qb.separated(", ");
            for id in ids {
                sep.push_bind(*id);
            }
            qb.push(")");
            qb.build_query_as::<BusinessRow>().fetch_all(&mut *c).await
        })?;
        self.statements += 1;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
    }
}

impl Stream {
    fn new(tokens: Vec<String>, first_chunk: i64, filtered: bool) -> Stream {
        Stream { filtered, runs: tokens.into_iter().map(|token| Run { token, buf: VecDeque::new(), end: false, chunk: first_chunk }).collect() }
    }

    /// The first row at or after `at` (`at` never moves back between calls).
    async fn seek(&mut self, rd: &mut Reader<'_>, at: &Bound) -> Result<Option<Key>> {
        let mut empty = Vec::new();
        for (i, r) in self.runs.iter_mut().enumerate() {
            while r.buf.front().is_some_and(|k| !at.admits(k)) {
                r.buf.pop_front();
            }
            if r.buf.is_empty() && !r.end {
                empty.push(i);
            }
        }
        if !empty.is_empty() {
            rd.fill(&mut self.runs, &empty, at, self.filtered).await?;
        }
        Ok(self.runs.iter().filter_map(|r| r.buf.front()).min().cloned())
    }
}

/// The next row at or after `from` that is in every stream (leapfrog: each stream in turn
/// seeks to the largest key seen until all agree).
async fn next_common(streams: &mut [Stream], rd: &mut Reader<'_>, from: &Bound) -> Result<Option<Key>> {
    let n = streams.len();
    let Some(mut x) = streams[0].seek(rd, from).await? else {
        return Ok(None);
    };
    let (mut agree, mut i) = (1, 1);
    while agree < n {
        let at = Bound { key: x.clone(), strict: false };
        match streams[i % n].seek(rd, &at).await? {
            None => return Ok(None),
            Some(y) if y == x => agree += 1,
            Some(y) => {
                x = y;
                agree = 1;
            }
        }
        i += 1;
    }
    Ok(Some(x))
}

/// Whether at most [`MAX_HOLDERS`] businesses hold the permit with word index token `token`
/// (counted in the index, stopping past the bound).
async fn is_rare(tx: &mut Tx, token: &str) -> Result<bool> {
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM business_tokens WHERE token = $1 LIMIT $2) x")
        .bind(token)
        .bind(MAX_HOLDERS + 1)
        .fetch_one(&mut *c)
        .await)?;
    Ok(n <= MAX_HOLDERS)
}

/// The word search driven by a permit few businesses hold: its holders are read from the word
/// index in list order, in growing chunks, with the scope, scale and sector checked there;
/// each typed word is checked on a chunk's holders by the index's primary key; the rows left
/// are looked up as the page needs them. The cost follows the holders read, not the words'
/// ranges (a common word with a rare permit read most of the word's range: "toko" + halal,
/// 1,572 holders at 944 k businesses).
async fn by_permit(rd: &mut Reader<'_>, token: String, typed: &[&str], from: &Bound, limit: usize) -> Result<Vec<BusinessRow>> {
    let mut run = [Run { token, buf: VecDeque::new(), end: false, chunk: PERMIT_CHUNK }];
    let mut at = from.clone();
    let mut out = Vec::with_capacity(limit);
    while out.len() < limit {
        rd.fill(&mut run, &[0], &at, true).await?;
        let keys: Vec<Key> = run[0].buf.drain(..).collect();
        let Some(last) = keys.last() else { break };
        at = Bound { key: last.clone(), strict: true };
        let mut ids: Vec<Uuid> = keys.into_iter().map(|k| k.1).collect();
        for w in typed {
            if ids.is_empty() {
                break;
            }
            let hit = rd.with_prefix(&ids, w).await?;
            ids.retain(|id| hit.contains(id));
        }
        // Every id left is a row of the page, until the page is full.
        ids.truncate(limit - out.len());
        if !ids.is_empty() {
            let mut rows = rd.rows(&ids).await?;
            out.extend(ids.iter().filter_map(|id| rows.remove(id)));
        }
        if run[0].end {
            break;
        }
    }
    Ok(out)
}

/// True when some word of the business or owner name key starts with `w`.
fn has_word(row: &BusinessRow, w: &str) -> bool {
    row.nama_norm.split(' ').chain(row.owner_nama_norm.split(' ')).any(|x| x.starts_with(w))
}

/// The search itself. `words` are the typed words (search keys); `drive` is the one whose
/// expansion was already looked up (the longest) with that expansion, `None` for a list by a
/// permit alone (no words). A typed word is streamed over at most [`MAX_WORDS`] indexed words;
/// one that expands to more is checked on the rows.
pub(super) async fn search(
    db: &Db,
    fl: &Filters,
    f: &BusinessFilter,
    words: &[&str],
    drive: Option<(&str, Vec<String>)>,
    limit: i64,
) -> Result<Vec<BusinessRow>> {
    let max_words = MAX_WORDS;
    if limit <= 0 {
        return Ok(Vec::new());
    }
    let drive_word = drive.as_ref().map(|d| d.0).unwrap_or("");
    // A typed word that starts another typed word is implied by it ("mak makan" = "makan").
    let mut others: Vec<&str> = words.iter().copied().filter(|w| *w != drive_word).collect();
    others.sort_unstable();
    others.dedup();
    let all: Vec<&str> = others.iter().copied().chain([drive_word]).collect();
    others.retain(|w| !all.iter().any(|v| v != w && v.starts_with(w)));

    let mut tx = match db {
        Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN").await?),
        Db::Pg(p) => Tx::Pg(p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?),
    };
    let col = if f.sort == "pemilik" { "owner_nama_norm" } else { "nama_norm" };
    // The permit as a stream of its own: always without words, with words when it is rare.
    let permit = match fl.permit_token() {
        Some(t) if drive.is_none() || is_rare(&mut tx, &t).await? => Some(t),
        _ => None,
    };
    // When the permit is a stream, the other reads leave it to that stream.
    let word_filters = Filters { izin: if permit.is_some() { None } else { fl.izin.clone() }, ..fl.clone() };
    let fl = &word_filters;
    let mut rd = Reader { tx, fl, col, statements: 0, index_rows: 0 };
    let mut from = match &f.after {
        Some((k, id)) => Bound { key: (k.clone(), *id), strict: true },
        None => Bound { key: (String::new(), Uuid::nil()), strict: false },
    };
    if let (Some(token), Some(_)) = (&permit, &drive) {
        let typed: Vec<&str> = others.iter().copied().chain([drive_word]).collect();
        let out = by_permit(&mut rd, token.clone(), &typed, &from, limit as usize).await?;
        tracing::debug!(statements = rd.statements, index_rows = rd.index_rows, rows = out.len(), "word search driven by a permit");
        rd.tx.commit().await?;
        return Ok(out);
    }

    let mut expansions: Vec<Vec<String>> = drive.map(|d| d.1).into_iter().chain(permit.map(|t| vec![t])).collect();
    let mut residual: Vec<&str> = Vec::new();
    for w in &others {
        let upper = berdaya_core::teks::prefix_upper(w);
        let tokens: Vec<String> = on_tx!(&mut rd.tx, |c| sqlx::query_scalar(
            "SELECT token FROM search_words WHERE token >= $1 AND token < $2 ORDER BY token LIMIT $3"
        )
        .bind(*w)
        .bind(&upper)
        .bind(max_words as i64 + 1)
        .fetch_all(&mut *c)
        .await)?;
        rd.statements += 1;
        if tokens.is_empty() {
            rd.tx.commit().await?;
            return Ok(Vec::new());
        }
        if tokens.len() > max_words {
            residual.push(w);
        } else {
            expansions.push(tokens);
        }
    }
    // First chunk per indexed word: a page for a single word, less when many words merge.
    let single = expansions.len() == 1;
    let filtered = fl.has_checks();
    let mut streams: Vec<Stream> = expansions
        .into_iter()
        .enumerate()
        .map(|(i, tokens)| {
            let first = if single { (2 * limit / tokens.len() as i64).clamp(8, limit.max(8)) } else { 32 };
            Stream::new(tokens, first, filtered && i == 0)
        })
        .collect();

    // Rows can still fail on the row lookup only through a word checked there (the filters
    // were applied by the first stream).
    let checks = !residual.is_empty();
    let limit = limit as usize;
    let mut out: Vec<BusinessRow> = Vec::with_capacity(limit);
    let (mut tried, mut passed) = (0usize, 0usize);
    let mut exhausted = false;
    while out.len() < limit && !exhausted {
        let need = limit - out.len();
        // Candidates to look up: what is missing, scaled by the share that passed so far.
        let want = if !checks || tried == 0 { need } else { (need * tried / passed.max(1) + need / 4 + 1).clamp(need, MAX_BATCH) };
        let mut cands: Vec<Key> = Vec::with_capacity(want);
        while cands.len() < want {
            match next_common(&mut streams, &mut rd, &from).await? {
                Some(k) => {
                    from = Bound { key: k.clone(), strict: true };
                    cands.push(k);
                }
                None => {
                    exhausted = true;
                    break;
                }
            }
        }
        if cands.is_empty() {
            break;
        }
        let ids: Vec<Uuid> = cands.iter().map(|k| k.1).collect();
        let mut rows = rd.rows(&ids).await?;
        tried += cands.len();
        for k in &cands {
            if let Some(row) = rows.remove(&k.1)
                && residual.iter().all(|w| has_word(&row, w))
            {
                passed += 1;
                if out.len() < limit {
                    out.push(row);
                }
            }
        }
    }
    tracing::debug!(statements = rd.statements, index_rows = rd.index_rows, candidates = tried, rows = out.len(), "word search");
    rd.tx.commit().await?;
    Ok(out)
}
