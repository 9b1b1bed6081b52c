//! Disbursement. Cash: a transfer file (CSV: name, NIK, bank, account, amount, reference) of
//! recipients waiting, the bank's result read back (berhasil / gagal / dikembalikan), failed
//! ones queued again. In-kind: handed over with a photo. Lists of approved recipients as XLSX.

use berdaya_core::teks::search_key;
use berdaya_store::aid::batches::{self, Recipient};
use berdaya_store::aid::{self as programs};
use berdaya_store::{Db, audit};
use berdaya_tabular::{Column, ColumnKind, CsvOptions, ExportWriter, ReadOptions, Table, Value};
use bytes::Bytes;
use serde::Serialize;
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::aid::documents::store_clean;
use crate::services::import::job::SharedBuf;
use crate::storage::{FileKind, FileStorage};

fn may_pay(actor: &Actor) -> Result<(), ServiceError> {
    if actor.role.can_write_records() && actor.role.sees_personal_data() { Ok(()) } else { Err(ServiceError::Forbidden) }
}

/// The transfer file for every cash recipient waiting; they become `dikirim` (audited).
pub async fn transfer_file(db: &Db, actor: &Actor, program_id: Uuid) -> Result<(Vec<u8>, usize), ServiceError> {
    may_pay(actor)?;
    let p = programs::get(db, &actor.scope, program_id).await?;
    if !super::is_cash(&p.jenis) {
        return Err(ServiceError::Conflict("Program bantuan barang disalurkan dengan BAST, bukan transfer.".into()));
    }
    let waiting: Vec<Recipient> = batches::recipients(db, &actor.scope, program_id, None).await?.into_iter().filter(|r| r.status == "menunggu").collect();
    let buf = SharedBuf::default();
    let cols = vec![
        Column::new("nama", ColumnKind::Text),
        Column::new("nik", ColumnKind::Text),
        Column::new("bank", ColumnKind::Text),
        Column::new("no_rekening", ColumnKind::Text),
        Column::new("jumlah", ColumnKind::Integer),
        Column::new("referensi", ColumnKind::Text),
    ];
    let mut w = ExportWriter::csv(Box::new(buf.clone()), cols, &CsvOptions::standard()).map_err(anyhow::Error::from)?;
    let mut tx = db.begin().await?;
    let mut sent = Vec::new();
    for r in &waiting {
        if batches::set_status(&mut tx, r.id, &["menunggu"], "dikirim", "", false).await? {
            w.write_row(&[
                Value::from(r.nama.as_str()),
                Value::from(r.nik.as_str()),
                Value::from(r.bank.as_str()),
                Value::from(r.no_rekening.as_str()),
                Value::from(Some(r.nilai)),
                Value::from(r.referensi.as_str()),
            ])
            .map_err(anyhow::Error::from)?;
            sent.push(r.referensi.clone());
        }
    }
    w.finish().map_err(anyhow::Error::from)?;
    let mut e = actor.audit("export_transfer", "aid_program", program_id, &p.region);
    e.after = Some(serde_json::json!({"rows": sent.len(), "referensi": sent}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok((buf.take(), sent.len()))
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct BankResult {
    pub berhasil: u64,
    pub gagal: u64,
    pub dikembalikan: u64,
    pub tidak_dikenal: Vec<String>,
    pub diabaikan: u64,
}

/// Read the bank's result (CSV/XLSX with columns referensi, status, keterangan).
pub async fn import_bank_result(db: &Db, actor: &Actor, program_id: Uuid, data: Bytes) -> Result<BankResult, ServiceError> {
    may_pay(actor)?;
    let p = programs::get(db, &actor.scope, program_id).await?;
    let bad = |msg: String| {
        let mut f = FieldErrors::default();
        f.add("berkas", msg);
        ServiceError::Invalid(f)
    };
    let table = Table::from_bytes(data.to_vec(), &ReadOptions::default()).map_err(|e| bad(format!("Berkas tidak dapat dibaca: {e}")))?;
    let cols: Vec<String> = table.header().columns.iter().map(|h| search_key(h)).collect();
    let (Some(ref_col), Some(status_col)) = (cols.iter().position(|h| h.contains("ref")), cols.iter().position(|h| h.contains("status"))) else {
        return Err(bad("Kolom referensi dan status tidak ditemukan.".into()));
    };
    let note_col = cols.iter().position(|h| h.contains("keterangan") || h.contains("catatan"));
    let mut out = BankResult::default();
    let mut tx = db.begin().await?;
    let mut changes = Vec::new();
    for row in table {
        let row = row.map_err(|e| bad(format!("Berkas tidak dapat dibaca: {e}")))?;
        let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).map(|s| s.trim().to_string()).unwrap_or_default();
        let referensi = cell(Some(ref_col));
        let status = match search_key(&cell(Some(status_col))).as_str() {
            "berhasil" | "sukses" | "success" => "berhasil",
            "gagal" | "failed" => "gagal",
            "dikembalikan" | "retur" | "returned" => "dikembalikan",
            _ => {
                out.diabaikan += 1;
                continue;
            }
        };
        let Some(r) = batches::recipient_by_ref(&mut tx, program_id, &referensi).await?.filter(|r| berdaya_store::scope::region_in_scope(&actor.scope, &r.region)) else {
            out.tidak_dikenal.push(referensi);
            continue;
        };
        if batches::set_status(&mut tx, r.id, &["dikirim"], status, &cell(note_col).chars().take(300).collect::<String>(), false).await? {
            match status {
                "berhasil" => out.berhasil += 1,
                "gagal" => out.gagal += 1,
                _ => out.dikembalikan += 1,
            }
            changes.push(serde_json::json!({"referensi": r.referensi, "status": status}));
        } else {
            out.diabaikan += 1;
        }
    }
    let mut e = actor.audit("import_bank_result", "aid_program", program_id, &p.region);
    e.after = Some(serde_json::json!({"changes": changes, "unknown": out.tidak_dikenal}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(out)
}

/// Failed and returned transfers wait again (next transfer file), attempt counted.
pub async fn retry_failed(db: &Db, actor: &Actor, program_id: Uuid) -> Result<u64, ServiceError> {
    may_pay(actor)?;
    let p = programs::get(db, &actor.scope, program_id).await?;
    let failed: Vec<Recipient> = batches::recipients(db, &actor.scope, program_id, None).await?.into_iter().filter(|r| r.status == "gagal" || r.status == "dikembalikan").collect();
    let mut tx = db.begin().await?;
    let mut n = 0;
    for r in &failed {
        if batches::set_status(&mut tx, r.id, &["gagal", "dikembalikan"], "menunggu", "", true).await? {
            n += 1;
        }
    }
    let mut e = actor.audit("retry_transfer", "aid_program", program_id, &p.region);
    e.after = Some(serde_json::json!({"recipients": failed.iter().map(|r| r.id).collect::<Vec<_>>()}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(n)
}

/// In-kind goods handed over to one recipient, with the handover photo.
pub async fn hand_over(db: &Db, storage: &FileStorage, actor: &Actor, recipient_id: Uuid, name: &str, photo: Bytes) -> Result<(), ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    if photo.is_empty() {
        let mut f = FieldErrors::default();
        f.add("foto", "Unggah foto serah terima.");
        return Err(ServiceError::Invalid(f));
    }
    let mut tx = db.begin().await?;
    let r = batches::recipient_tx(&mut tx, &actor.scope, recipient_id).await?;
    let stored = match store_clean(storage, &mut tx, photo, name, &[FileKind::Image], &r.region, actor, "foto").await {
        Ok(s) => s,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    };
    if !batches::mark_handed_over(&mut tx, recipient_id, stored.id).await? {
        tx.rollback().await?;
        return Err(ServiceError::Conflict("Bantuan ini sudah diserahkan atau tidak menunggu penyerahan.".into()));
    }
    let mut e = actor.audit("hand_over", "aid_recipient", recipient_id, &r.region);
    e.after = Some(serde_json::json!({"foto": stored.id}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(())
}

/// The approved recipients of a batch as XLSX (NIK masked unless the role may see it).
pub async fn batch_xlsx(db: &Db, actor: &Actor, batch_id: Uuid) -> Result<(Vec<u8>, String), ServiceError> {
    let b = batches::get(db, &actor.scope, batch_id).await?;
    if b.status != "disetujui" {
        return Err(ServiceError::Conflict("Usulan ini belum disetujui.".into()));
    }
    let p = programs::get(db, &actor.scope, b.program_id).await?;
    let full = actor.role.sees_personal_data();
    let rows = batches::recipients(db, &actor.scope, b.program_id, Some(batch_id)).await?;
    let buf = SharedBuf::default();
    let cols = vec![
        Column::new("No", ColumnKind::Integer),
        Column::new("Nama", ColumnKind::Text),
        Column::new("NIK", ColumnKind::Text),
        Column::new("Kode Wilayah", ColumnKind::Text),
        Column::new("Nilai (Rp)", ColumnKind::Money),
        Column::new("Referensi", ColumnKind::Text),
        Column::new("Status", ColumnKind::Text),
    ];
    let mut w = ExportWriter::xlsx(Box::new(buf.clone()), "Penerima", cols).map_err(anyhow::Error::from)?;
    for (i, r) in rows.iter().enumerate() {
        w.write_row(&[
            Value::from(Some(i as i64 + 1)),
            Value::from(r.nama.as_str()),
            Value::from(if full { r.nik.clone() } else { berdaya_core::mask::mask_middle(&r.nik, 4, 2) }),
            Value::from(r.region.as_str()),
            Value::from(Some(r.nilai)),
            Value::from(r.referensi.as_str()),
            Value::from(r.status.as_str()),
        ])
        .map_err(anyhow::Error::from)?;
    }
    w.finish().map_err(anyhow::Error::from)?;
    let mut e = actor.audit("export_recipients", "aid_batch", batch_id, &b.region);
    e.after = Some(serde_json::json!({"rows": rows.len(), "personal_data": if full { "full" } else { "masked" }}));
    audit::record_alone(db, e).await?;
    let name = format!("penerima-{}-usulan-{}.xlsx", search_key(&p.nama).to_lowercase().replace(' ', "-"), b.nomor);
    Ok((buf.take(), name))
}
