//! The word search of the registry list as an intersection of ordered posting lists.
//!
//! Each typed word is a *stream*: the rows of `business_tokens` whose token is one of the
//! indexed words the typed word expands to, in list order (sort key, business id), read from
//! the index `(token, sort key, business_id, region)` in short chunks (one chunk per indexed
//! word, merged here). Several typed words are intersected by leapfrogging: the stream that is
//! behind seeks to the key of the one ahead (an index range read that starts at that key), so
//! a page costs a few short range reads per word instead of walking every row of the first
//! word until the others match. The filters (scale and sector, kept in the word index; permit)
//! are applied by the first stream, in the database, except a permit few businesses hold: then
//! its holders are read at once and the words checked on them (`by_holders`). The candidates found are then looked up
//! by id in `businesses` (with the owner) in batches, and the typed words that expand to too
//! many indexed words to stream are checked on those rows.
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
/// shown for "toko" + kecil). The permit needs the business or its permits: a correlated
/// `EXISTS`, which no planner can turn into the driving read (the word's index range is the
/// selective part and gives the order).
macro_rules! push_row_checks {
    ($qb:expr, $fl:expr) => {{
        let fl: &Filters = $fl;
        if let Some(v) = &fl.skala {
            $qb.push(" AND t.skala = ").push_bind(v.clone());
        }
        if let Some(v) = &fl.sektor {
            $qb.push(" AND t.sektor = ").push_bind(v.clone());
        }
        match fl.izin.as_deref() {
            None => {}
            Some("nib") => {
                $qb.push(" AND EXISTS (SELECT 1 FROM businesses b WHERE b.id = t.business_id AND b.nib <> '')");
            }
            Some(v) => {
                $qb.push(" AND EXISTS (SELECT 1 FROM business_permits p WHERE p.business_id = t.business_id AND p.jenis = ")
                    .push_bind(v.to_string())
                    .push(")");
            }
        }
    }};
}

/// A list position: sort key and business id.
type Key = (String, Uuid);

/// A permit held by at most this many businesses (anywhere) drives the search: its holders'
/// keys are read at once and the words checked on them ([`by_holders`]); a permit held more
/// widely is checked by the first word stream (an `EXISTS` per index entry, cheap when many
/// entries pass).
const MAX_HOLDERS: usize = 2000;

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
                    push_row_checks!(qb, fl);
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

    /// Which of `ids` have one of the indexed words `tokens` and pass the scope and the checks
    /// (by the word index's primary key), with their list keys.
    async fn having_words(&mut self, ids: &[Uuid], tokens: &[String]) -> Result<Vec<Key>> {
        let (col, fl) = (self.col, self.fl);
        let keys: Vec<Key> = on_tx!(&mut self.tx, |c| {
            let mut qb = QueryBuilder::new(format!("SELECT DISTINCT t.{col}, t.business_id FROM business_tokens t WHERE t.business_id IN ("));
            let mut sep = qb.separated(", ");
            for id in ids {
                sep.push_bind(*id);
            }
            qb.push(") AND t.token IN (");
            let mut sep = qb.separated(", ");
            for t in tokens {
                sep.push_bind(t.clone());
            }
            qb.push(")");
            push_row_checks!(qb, fl);
            qb.push(" AND ");
            push_scope!(qb, fl, "t.region");
            qb.build_query_as::<(String, Uuid)>().fetch_all(&mut *c).await
        })?;
        self.statements += 1;
        Ok(keys)
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

/// The businesses holding permit `kind`, when at most [`MAX_HOLDERS`] hold it anywhere
/// (`None`: more; the word stream checks it).
pub(super) async fn permit_holders(tx: &mut Tx, kind: &str) -> Result<Option<Vec<Uuid>>> {
    // A business may hold a kind twice (renewed); more rows than that allows means more holders.
    // Counted in the index first, so a common permit costs no transfer of thousands of ids.
    let cap = MAX_HOLDERS as i64 * 2;
    let rows: i64 = on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM business_permits WHERE jenis = $1 LIMIT $2) x"
    )
    .bind(kind)
    .bind(cap + 1)
    .fetch_one(&mut *c)
    .await)?;
    if rows > cap {
        return Ok(None);
    }
    let mut ids: Vec<Uuid> = on_tx!(tx, |c| sqlx::query_scalar("SELECT business_id FROM business_permits WHERE jenis = $1")
        .bind(kind)
        .fetch_all(&mut *c)
        .await)?;
    ids.sort_unstable();
    ids.dedup();
    Ok((ids.len() <= MAX_HOLDERS).then_some(ids))
}

/// The search when a permit's holders were read (few). Each typed word's index rows of the
/// candidates are read by the word index's primary key (business, word), with their list keys
/// and the scope, scale and sector checks: first for all holders, then for the candidates
/// left, in list order. The rows are looked up a few more than the page needs at a time. The
/// cost follows the holders, not the words' ranges (a common word with a rare permit read
/// most of the word's range before: 26 ms for "toko" + halal with 1,572 holders at 944 k
/// businesses, SQLite, unloaded).
async fn by_holders(
    rd: &mut Reader<'_>,
    holders: Vec<Uuid>,
    expansions: &[Vec<String>],
    residual: &[&str],
    from: &Bound,
    limit: usize,
) -> Result<Vec<BusinessRow>> {
    let Some((first, others)) = expansions.split_first() else { return Ok(Vec::new()) };
    let mut keys: Vec<Key> = Vec::new();
    for chunk in holders.chunks(MAX_BATCH) {
        keys.extend(rd.having_words(chunk, first).await?);
    }
    keys.retain(|k| from.admits(k));
    keys.sort_unstable();
    let mut out = Vec::with_capacity(limit);
    for chunk in keys.chunks(MAX_BATCH) {
        if out.len() >= limit {
            break;
        }
        let mut ids: Vec<Uuid> = chunk.iter().map(|k| k.1).collect();
        for tokens in others {
            if ids.is_empty() {
                break;
            }
            let hit: HashSet<Uuid> = rd.having_words(&ids, tokens).await?.into_iter().map(|k| k.1).collect();
            ids.retain(|id| hit.contains(id));
        }
        let mut at = 0;
        while at < ids.len() && out.len() < limit {
            let part = &ids[at..(at + (limit - out.len()) * 2).min(ids.len())];
            at += part.len();
            let mut rows = rd.rows(part).await?;
            for id in part {
                if let Some(row) = rows.remove(id)
                    && residual.iter().all(|w| has_word(&row, w))
                    && out.len() < limit
                {
                    out.push(row);
                }
            }
        }
    }
    Ok(out)
}

/// True when some word of the business or owner name key starts with `w`.
fn has_word(row: &BusinessRow, w: &str) -> bool {
    row.nama_norm.split(' ').chain(row.owner_nama_norm.split(' ')).any(|x| x.starts_with(w))
}

/// The search itself. `words` are the typed words (search keys); `drive` is the one whose
/// expansion `drive_tokens` was already looked up (the longest). A typed word is streamed
/// over at most [`MAX_WORDS`] indexed words; one that expands to more is checked on the rows.
pub(super) async fn search(
    db: &Db,
    fl: &Filters,
    f: &BusinessFilter,
    words: &[&str],
    drive: &str,
    drive_tokens: Vec<String>,
    limit: i64,
) -> Result<Vec<BusinessRow>> {
    let max_words = MAX_WORDS;
    if limit <= 0 {
        return Ok(Vec::new());
    }
    // A typed word that starts another typed word is implied by it ("mak makan" = "makan").
    let mut others: Vec<&str> = words.iter().copied().filter(|w| *w != drive).collect();
    others.sort_unstable();
    others.dedup();
    let all: Vec<&str> = others.iter().copied().chain([drive]).collect();
    others.retain(|w| !all.iter().any(|v| v != w && v.starts_with(w)));

    let mut tx = match db {
        Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN").await?),
        Db::Pg(p) => Tx::Pg(p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?),
    };
    let col = if f.sort == "pemilik" { "owner_nama_norm" } else { "nama_norm" };
    let holders = match fl.izin.as_deref() {
        Some(kind) if kind != "nib" => permit_holders(&mut tx, kind).await?,
        _ => None,
    };
    // When the holders drive the search, the word reads leave the permit to them.
    let word_filters = Filters { izin: if holders.is_some() { None } else { fl.izin.clone() }, ..fl.clone() };
    let fl = &word_filters;
    let mut rd = Reader { tx, fl, col, statements: 0, index_rows: 0 };

    let mut expansions = vec![drive_tokens];
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
    let mut from = match &f.after {
        Some((k, id)) => Bound { key: (k.clone(), *id), strict: true },
        None => Bound { key: (String::new(), Uuid::nil()), strict: false },
    };
    if let Some(keys) = holders {
        let out = by_holders(&mut rd, keys, &expansions, &residual, &from, limit as usize).await?;
        tracing::debug!(statements = rd.statements, rows = out.len(), "word search by permit holders");
        rd.tx.commit().await?;
        return Ok(out);
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
