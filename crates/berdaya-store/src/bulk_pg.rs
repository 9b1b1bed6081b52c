//! The PostgreSQL side of [`crate::bulk`]: new rows streamed with `COPY … FROM STDIN` (text
//! format) on the caller's transaction.
//!
//! Multi-row `INSERT`s made the import a conversation: the client built a statement of a
//! thousand rows, sent it, and waited while the server parsed, planned and ran it, so one of
//! the two cores sat idle about half the time (measured at 200 k rows: 49 % idle). `COPY`
//! has no statement to parse or plan per chunk, and the server stores a chunk while the
//! client encodes the next. Only rows that are new go this way (`COPY` has no `ON
//! CONFLICT`): owners whose NIK was just claimed, businesses, their word index rows and
//! snapshots with fresh ids. A unique violation fails the statement like an `INSERT` would,
//! and the transaction with it.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::{PgConnection, Postgres, Transaction};
use uuid::Uuid;

use crate::Result;
use crate::businesses::{Business, Snapshot};
use crate::owners::Owner;

/// Rows encoded before a chunk is sent (a few hundred KB).
const ROWS_PER_SEND: usize = 2000;

/// One value in `COPY`'s text format.
trait Field {
    fn put(&self, out: &mut Vec<u8>);
}

impl Field for str {
    fn put(&self, out: &mut Vec<u8>) {
        for &b in self.as_bytes() {
            match b {
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                _ => out.push(b),
            }
        }
    }
}

impl Field for String {
    fn put(&self, out: &mut Vec<u8>) {
        self.as_str().put(out)
    }
}

impl<T: Field> Field for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.put(out),
            None => out.extend_from_slice(b"\\N"),
        }
    }
}

impl Field for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(if *self { b't' } else { b'f' });
    }
}

/// Values whose `Display` form is what PostgreSQL reads back and holds no character the
/// text format escapes.
macro_rules! display_field {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn put(&self, out: &mut Vec<u8>) {
                use std::io::Write;
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
display_field!(i32, i64, f64, Uuid, NaiveDate);

impl Field for DateTime<Utc> {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_rfc3339_opts(SecondsFormat::AutoSi, true).as_bytes());
    }
}

/// Append one row: fields separated by tabs, ended by a newline.
fn row(out: &mut Vec<u8>, fields: &[&dyn Field]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        f.put(out);
    }
    out.push(b'\n');
}

/// `COPY table (cols) FROM STDIN` with each item's row from `encode`, sent in chunks.
async fn copy<T>(conn: &mut PgConnection, table: &str, cols: &str, items: &[T], encode: impl Fn(&mut Vec<u8>, &T)) -> Result<u64> {
    if items.is_empty() {
        return Ok(0);
    }
    let mut copy = conn.copy_in_raw(&format!("COPY {table} ({cols}) FROM STDIN")).await?;
    for chunk in items.chunks(ROWS_PER_SEND) {
        let mut buf = Vec::with_capacity(chunk.len() * 256);
        for item in chunk {
            encode(&mut buf, item);
        }
        // On an error the copy is dropped, which tells the server it failed.
        copy.send(buf).await?;
    }
    Ok(copy.finish().await?)
}

pub(crate) async fn insert_owners(tx: &mut Transaction<'static, Postgres>, owners: &[Owner]) -> Result<()> {
    copy(tx, "owners", crate::owners::COLS, owners, |out, o| {
        row(
            out,
            &[
                &o.id,
                &o.kabkota,
                &o.region,
                &o.nik,
                &o.no_kk,
                &o.nama,
                &o.nama_norm,
                &o.jenis_kelamin,
                &o.tempat_lahir,
                &o.tanggal_lahir,
                &o.alamat,
                &o.rt_rw,
                &o.no_hp,
                &o.whatsapp,
                &o.email,
                &o.pendidikan,
                &o.disabilitas,
                &o.ektp_file_id,
                &o.warnings,
                &o.created_by,
                &o.created_at,
                &o.updated_at,
                &o.version,
            ],
        )
    })
    .await?;
    Ok(())
}

pub(crate) async fn insert_businesses(tx: &mut Transaction<'static, Postgres>, rows: &[Business]) -> Result<()> {
    copy(tx, "businesses", crate::businesses::COLS, rows, |out, r| {
        row(
            out,
            &[
                &r.id,
                &r.owner_id,
                &r.kabkota,
                &r.region,
                &r.nama_usaha,
                &r.nama_norm,
                &r.owner_nama_norm,
                &r.nib,
                &r.kbli,
                &r.kbli_version,
                &r.sektor,
                &r.bentuk_usaha,
                &r.alamat,
                &r.lat,
                &r.lon,
                &r.tahun_berdiri,
                &r.modal,
                &r.omzet_tahunan,
                &r.tk_l,
                &r.tk_p,
                &r.produk,
                &r.skala,
                &r.skala_dilaporkan,
                &r.kanal,
                &r.izin,
                &r.created_by,
                &r.created_at,
                &r.updated_at,
                &r.version,
            ],
        )
    })
    .await?;
    Ok(())
}

pub(crate) async fn insert_snapshots(tx: &mut Transaction<'static, Postgres>, rows: &[Snapshot]) -> Result<()> {
    copy(tx, "business_snapshots", crate::businesses::SNAPSHOT_COLS, rows, |out, s| {
        row(out, &[&s.id, &s.business_id, &s.region, &s.tanggal, &s.modal, &s.omzet_tahunan, &s.tk_l, &s.tk_p, &s.skala, &s.sumber, &s.created_at])
    })
    .await?;
    Ok(())
}

/// The word index rows of businesses just inserted (see `search_index`; new businesses have
/// no old rows to remove, and each business's words are distinct), then the words not yet in
/// `search_words`.
pub(crate) async fn index_new_businesses(tx: &mut Transaction<'static, Postgres>, rows: &[Business]) -> Result<()> {
    let mut entries: Vec<(&Business, String)> = Vec::new();
    let mut vocab = std::collections::BTreeSet::new();
    for r in rows {
        let w = crate::search_index::words(&r.nama_norm, &r.owner_nama_norm);
        entries.extend(crate::search_index::tokens(&w, &r.izin).map(|t| (r, t)));
        vocab.extend(w);
    }
    copy(tx, "business_tokens", crate::search_index::TOKEN_COLS, &entries, |out, (r, w)| {
        row(out, &[&r.id, w, &r.region, &r.nama_norm, &r.owner_nama_norm, &r.skala, &r.sektor])
    })
    .await?;
    let vocab: Vec<String> = vocab.into_iter().collect();
    sqlx::query("INSERT INTO search_words (token) SELECT * FROM UNNEST($1::text[]) ON CONFLICT (token) DO NOTHING")
        .bind(&vocab)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_format_escapes_what_it_must() {
        let mut out = Vec::new();
        let note: Option<String> = None;
        let (alamat, nama) = (String::from("Jl. Merdeka\tNo. 5\nRT 01\\02\r"), String::from("O'Neil \"Toko\""));
        row(&mut out, &[&alamat, &note, &Some(7i64), &true, &nama]);
        assert_eq!(String::from_utf8(out).unwrap(), "Jl. Merdeka\\tNo. 5\\nRT 01\\\\02\\r\t\\N\t7\tt\tO'Neil \"Toko\"\n");
    }

    #[test]
    fn timestamps_are_rfc3339_in_utc() {
        let mut out = Vec::new();
        let t = DateTime::parse_from_rfc3339("2026-12-06T06:31:24.232308+07:00").unwrap().with_timezone(&Utc);
        t.put(&mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "2026-12-05T23:31:24.232308Z");
    }
}
