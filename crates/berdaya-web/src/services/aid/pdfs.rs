//! PDFs of the aid module through berdaya-pdf: the approved recipients list (kop surat, SK
//! number, signature) and BAST handover receipts per recipient or per batch.

use std::collections::HashMap;

use berdaya_core::Rupiah;
use berdaya_pdf::{Align, BastDoc, BastItem, Column, ListDoc, Orientation, Party, SignatureBlock, TotalsRow};
use berdaya_store::aid::batches::{self, Batch, Recipient};
use berdaya_store::aid::{self as programs, Program};
use berdaya_store::{Db, audit};
use uuid::Uuid;

use crate::error::ServiceError;
use crate::services::Actor;
use crate::services::aid::{items, rules};
use crate::services::letterhead::{self, Letterhead};
use crate::storage::FileStorage;

/// The letterhead of the agency running the program (the one serving its region), else the
/// caller's agency.
async fn letterhead(db: &Db, storage: &FileStorage, p: &Program, agency_id: Uuid) -> Result<Letterhead, ServiceError> {
    letterhead::load(db, storage, letterhead::agency_for(db, &p.region, agency_id).await?).await
}

fn pdf_err(e: berdaya_pdf::PdfError) -> ServiceError {
    ServiceError::Conflict(e.to_string())
}

fn nik_for(actor: &Actor, nik: &str) -> String {
    if actor.role.sees_personal_data() { nik.to_string() } else { berdaya_core::mask::mask_middle(nik, 4, 2) }
}

/// The approved list of a batch, with the SK it was set by.
pub async fn approved_list(db: &Db, storage: &FileStorage, actor: &Actor, agency_id: Uuid, batch_id: Uuid) -> Result<(Vec<u8>, String), ServiceError> {
    let b = batches::get(db, &actor.scope, batch_id).await?;
    if b.status != "disetujui" {
        return Err(ServiceError::Conflict("Usulan ini belum disetujui.".into()));
    }
    let p = programs::get(db, &actor.scope, b.program_id).await?;
    let rows = batches::recipients(db, &actor.scope, p.id, Some(batch_id)).await?;
    let lh = letterhead(db, storage, &p, agency_id).await?;
    let names = rules::names_of(db, rows.iter().map(|r| r.region.as_str())).await?;
    let place_of = |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_string());
    let doc = ListDoc {
        kop: lh.kop.clone(),
        orientation: Orientation::Portrait,
        title: format!("DAFTAR PENERIMA {}", p.nama.to_uppercase()),
        subtitles: vec![
            format!("Lampiran SK Nomor {} tanggal {}", b.sk_nomor, b.sk_tanggal.map(berdaya_core::tanggal::fmt_panjang).unwrap_or_default()),
            format!("Tahun Anggaran {} · Sumber dana {} · Usulan {}", p.tahun, p.sumber_dana, b.nomor),
        ],
        columns: vec![
            Column::new("No", 0.6, Align::Right),
            Column::new("Nama", 3.0, Align::Left),
            Column::new("NIK", 2.4, Align::Left),
            Column::new("Wilayah", 1.8, Align::Left),
            Column::new("Nilai", 1.8, Align::Right),
        ],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| vec![(i + 1).to_string(), r.nama.clone(), nik_for(actor, &r.nik), place_of(&r.region), Rupiah::new(r.nilai).to_string()])
            .collect(),
        totals: Some(TotalsRow { label: "JUMLAH".into(), label_span: 4, cells: vec![Rupiah::new(rows.iter().map(|r| r.nilai).sum()).to_string()] }),
        signature: b.sk_tanggal.map(|d| SignatureBlock { place: lh.place.clone(), date: d, signatory: lh.signatory.clone() }),
    };
    let bytes = berdaya_pdf::list(&doc).map_err(pdf_err)?;
    let mut e = actor.audit("export_recipients_pdf", "aid_batch", batch_id, &b.region);
    e.after = Some(serde_json::json!({"rows": rows.len()}));
    audit::record_alone(db, e).await?;
    Ok((bytes, format!("daftar-penerima-usulan-{}.pdf", b.nomor)))
}

fn bast_doc(lh: &Letterhead, names: &HashMap<String, String>, p: &Program, b: &Batch, r: &Recipient, actor: &Actor, i: usize) -> BastDoc {
    let goods = items(p);
    let per_item = if goods.is_empty() { 0 } else { r.nilai / goods.len() as i64 };
    BastDoc {
        kop: lh.kop.clone(),
        number: format!("{:03}/BAST/{}/{}", i + 1, b.nomor, p.tahun),
        date: r.diserahkan_at.map(|t| t.date_naive()).or(b.sk_tanggal).unwrap_or_else(|| berdaya_store::now().date_naive()),
        place: lh.place.clone(),
        program: p.nama.clone(),
        first_party: Party {
            name: lh.signatory.name.clone(),
            id_label: "NIP".into(),
            id_number: lh.signatory.nip.clone(),
            position: lh.signatory.title.replace('\n', " "),
            address: Some(lh.agency.address.clone()).filter(|a| !a.is_empty()),
        },
        second_party: Party { name: r.nama.clone(), id_label: "NIK".into(), id_number: Some(nik_for(actor, &r.nik)), position: "Penerima bantuan".into(), address: Some(names.get(&r.region).cloned().unwrap_or_else(|| r.region.clone())) },
        items: goods.iter().map(|g| BastItem { name: g.nama.clone(), quantity: g.jumlah.max(0) as u64, unit: g.satuan.clone(), value: Rupiah::new(per_item) }).collect(),
        statement: None,
        materai: false,
    }
}

/// BAST for one recipient, or for every recipient of a batch (one page each).
pub async fn bast(db: &Db, storage: &FileStorage, actor: &Actor, agency_id: Uuid, batch_id: Uuid, recipient: Option<Uuid>) -> Result<(Vec<u8>, String), ServiceError> {
    let b = batches::get(db, &actor.scope, batch_id).await?;
    let p = programs::get(db, &actor.scope, b.program_id).await?;
    if super::is_cash(&p.jenis) {
        return Err(ServiceError::Conflict("BAST hanya untuk bantuan barang.".into()));
    }
    let all = batches::recipients(db, &actor.scope, p.id, Some(batch_id)).await?;
    let lh = letterhead(db, storage, &p, agency_id).await?;
    let names = rules::names_of(db, all.iter().map(|r| r.region.as_str())).await?;
    let docs: Vec<BastDoc> = all
        .iter()
        .enumerate()
        .filter(|(_, r)| recipient.is_none_or(|id| r.id == id))
        .map(|(i, r)| bast_doc(&lh, &names, &p, &b, r, actor, i))
        .collect();
    if docs.is_empty() {
        return Err(ServiceError::NotFound);
    }
    let bytes = berdaya_pdf::basts(&docs).map_err(pdf_err)?;
    let mut e = actor.audit("export_bast", "aid_batch", batch_id, &b.region);
    e.after = Some(serde_json::json!({"recipients": docs.len(), "recipient": recipient}));
    audit::record_alone(db, e).await?;
    let name = match recipient {
        Some(_) => "bast-penerima.pdf".to_string(),
        None => format!("bast-usulan-{}.pdf", b.nomor),
    };
    Ok((bytes, name))
}
