//! The word index behind the registry list's name search.
//!
//! Every distinct word of a business's name key and of its owner's name key is a row of
//! `business_tokens`, carrying the business's region, both sort keys, and its scale and sector
//! (so the list's scale and sector filters are checked on the index); `search_words` holds
//! every word seen. Each permit a business holds (its `izin` set, except NIB) is a row too,
//! under the token `#izin:<code>`, so the businesses holding a permit are an index range in
//! list order like a word's. Words are letters and digits only, so no word is such a token
//! and no typed word is a prefix of one (a prefix check on the index, "izin…", never meets a
//! permit). A search for "sit" looks up the words starting with "sit" and walks, per
//! word, the index `(token, sort key, id)` in list order, so a page costs one short index
//! range per word whatever the size of the registry.
//!
//! Writers keep it in step: the single-row functions in `businesses` and `duplicates` call
//! [`index_businesses`] / [`reindex_owner`]; a bulk writer calls [`index_businesses`] with
//! each batch it writes, in the same transaction.

use std::collections::BTreeSet;

use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::businesses::Business;
use crate::{Result, Tx, on_tx};

/// The columns of `business_tokens`, in the order the writers give them.
pub const TOKEN_COLS: &str = "business_id, token, region, nama_norm, owner_nama_norm, skala, sektor";

/// Rows per statement (7 binds each, under SQLite's 32,766).
const CHUNK: usize = 4000;

/// The word index token of permit `code` (pirt, halal, bpom, merek). NIB has none: most
/// businesses hold it, so it is checked on the business row (`nib <> ''`).
pub fn permit_token(code: &str) -> String {
    format!("#izin:{code}")
}

/// The permit tokens of an `izin` set (`,halal,nib,pirt,`), NIB excluded.
pub fn permit_tokens(izin: &str) -> impl Iterator<Item = String> + '_ {
    izin.split(',').filter(|c| !c.is_empty() && *c != "nib").map(permit_token)
}

/// Every token a business is indexed under: its `words` (from [`words`], which the writers
/// also add to `search_words`) and its permits.
pub fn tokens<'a>(words: &'a BTreeSet<String>, izin: &'a str) -> impl Iterator<Item = String> + 'a {
    words.iter().cloned().chain(permit_tokens(izin))
}

/// The distinct words of a business's name key and its owner's name key.
pub fn words(nama_norm: &str, owner_nama_norm: &str) -> BTreeSet<String> {
    nama_norm.split(' ').chain(owner_nama_norm.split(' ')).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// What the index keeps of a business.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub id: Uuid,
    pub region: String,
    pub nama_norm: String,
    pub owner_nama_norm: String,
    pub skala: String,
    pub sektor: String,
    /// The permits held (`,halal,nib,`), indexed as [`permit_tokens`].
    pub izin: String,
}

impl From<&Business> for Entry {
    fn from(b: &Business) -> Entry {
        Entry {
            id: b.id,
            region: b.region.clone(),
            nama_norm: b.nama_norm.clone(),
            owner_nama_norm: b.owner_nama_norm.clone(),
            skala: b.skala.clone(),
            sektor: b.sektor.clone(),
            izin: b.izin.clone(),
        }
    }
}

/// (Re)write the index rows of these businesses: their old rows go, the current names go in.
/// Works for new and changed businesses alike; call it in the transaction that writes them.
pub async fn index_businesses(tx: &mut Tx, rows: &[Business]) -> Result<()> {
    let entries: Vec<Entry> = rows.iter().map(Entry::from).collect();
    index_entries(tx, &entries).await
}

/// As [`index_businesses`], from index entries.
pub async fn index_entries(tx: &mut Tx, entries: &[Entry]) -> Result<()> {
    let ids: Vec<Uuid> = entries.iter().map(|e| e.id).collect();
    remove(tx, &ids).await?;
    let mut rows: Vec<(&Entry, String)> = Vec::new();
    let mut vocab = BTreeSet::new();
    for e in entries {
        let w = words(&e.nama_norm, &e.owner_nama_norm);
        rows.extend(tokens(&w, &e.izin).map(|t| (e, t)));
        vocab.extend(w);
    }
    for chunk in rows.chunks(CHUNK) {
        on_tx!(tx, |c| {
            let mut q = QueryBuilder::new(format!("INSERT INTO business_tokens ({TOKEN_COLS}) "));
            q.push_values(chunk, |mut b, (e, w)| {
                b.push_bind(e.id)
                    .push_bind(w.as_str())
                    .push_bind(&e.region)
                    .push_bind(&e.nama_norm)
                    .push_bind(&e.owner_nama_norm)
                    .push_bind(&e.skala)
                    .push_bind(&e.sektor);
            });
            q.push(" ON CONFLICT (business_id, token) DO NOTHING");
            q.build().execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    let vocab: Vec<String> = vocab.into_iter().collect();
    for chunk in vocab.chunks(CHUNK) {
        on_tx!(tx, |c| {
            let mut q = QueryBuilder::new("INSERT INTO search_words (token) ");
            q.push_values(chunk, |mut b, w| {
                b.push_bind(w.as_str());
            });
            q.push(" ON CONFLICT (token) DO NOTHING");
            q.build().execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Drop the index rows of these businesses.
pub async fn remove(tx: &mut Tx, ids: &[Uuid]) -> Result<()> {
    for chunk in ids.chunks(CHUNK) {
        on_tx!(tx, |c| {
            let mut q = QueryBuilder::new("DELETE FROM business_tokens WHERE business_id IN (");
            let mut sep = q.separated(", ");
            for id in chunk {
                sep.push_bind(*id);
            }
            q.push(")");
            q.build().execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Re-index every business of an owner (after the owner's name key changed on them).
pub async fn reindex_owner(tx: &mut Tx, owner_id: Uuid) -> Result<()> {
    let entries: Vec<Entry> = on_tx!(tx, |c| sqlx::query_as::<_, Entry>(
        "SELECT id, region, nama_norm, owner_nama_norm, skala, sektor, izin FROM businesses WHERE owner_id = $1"
    )
    .bind(owner_id)
    .fetch_all(c)
    .await)?;
    index_entries(tx, &entries).await
}

/// The indexed words starting with `prefix` (`upper` is its exclusive bound), at most `limit`.
pub async fn words_with_prefix(db: &crate::Db, prefix: &str, upper: &str, limit: i64) -> Result<Vec<String>> {
    Ok(crate::on_db!(db, |p| sqlx::query_scalar(
        "SELECT token FROM search_words WHERE token >= $1 AND token < $2 ORDER BY token LIMIT $3"
    )
    .bind(prefix)
    .bind(upper)
    .bind(limit)
    .fetch_all(p)
    .await)?)
}
