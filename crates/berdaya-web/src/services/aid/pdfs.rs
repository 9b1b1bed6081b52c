//! PDFs of the aid module through berdaya-pdf: the approved recipients list (kop surat, SK
//! number, signature) and BAST handover receipts per recipient or per batch.

use berdaya_core::Rupiah;
use berdaya_pdf::{Align, BastDoc, BastItem, Column, Kop, ListDoc, Orientation, Party, SignatureBlock, Signatory, TotalsRow};
use berdaya_store::aid::batches::{self, Batch, Recipient};
use berdaya_store::aid::{self as programs, Program};
use berdaya_store::{Db, agencies, audit, files};
use uuid::Uuid;

use crate::error::ServiceError;
use crate::services::Actor;
use crate::services::aid::items;
use crate::storage::FileStorage;

/// The kop of the agency running the program (logo when one was uploaded).
async fn kop(db: &Db, storage: &FileStorage, actor: &Actor, agency_id: Uuid) -> Result<(Kop, String), ServiceError> {
    let a = agencies::get_unscoped(db, agency_id).await?;
    let mut logo = None;
    if let Some(fid) = a.logo_file_id {
        if let Ok(meta) = files::get(db, &berdaya_core::Scope::National, fid).await {
            logo = storage.get(&meta).await.ok().map(|b| std::sync::Arc::from(b.to_vec().into_boxed_slice()));
        }
    }
    let mut address = a.address.clone();
    if !a.phone.is_empty() {
        address = format!("{address} Telp. {}", a.phone).trim().to_string();
    }
    let _ = actor;
    let place = a.name.rsplit(" Kota ").next().filter(|_| a.name.contains(" Kota ")).unwrap_or("").to_string();
    Ok((Kop { logo, lines: vec![a.name.to_uppercase()], address: Some(address).filter(|s| !s.is_empty()) }, place))
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
    let (kop, place) = kop(db, storage, actor, agency_id).await?;
    let doc = ListDoc {
        kop,
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
            .map(|(i, r)| vec![(i + 1).to_string(), r.nama.clone(), nik_for(actor, &r.nik), r.region.clone(), Rupiah::new(r.nilai).to_string()])
            .collect(),
        totals: Some(TotalsRow { label: "JUMLAH".into(), label_span: 4, cells: vec![Rupiah::new(rows.iter().map(|r| r.nilai).sum()).to_string()] }),
        signature: b.sk_tanggal.map(|d| SignatureBlock { place: place.clone(), date: d, signatory: Signatory { title: "Kepala Dinas".into(), name: "(..............................)".into(), nip: None, rank: None } }),
    };
    let bytes = berdaya_pdf::list(&doc).map_err(pdf_err)?;
    let mut e = actor.audit("export_recipients_pdf", "aid_batch", batch_id, &b.region);
    e.after = Some(serde_json::json!({"rows": rows.len()}));
    audit::record_alone(db, e).await?;
    Ok((bytes, format!("daftar-penerima-usulan-{}.pdf", b.nomor)))
}

fn bast_doc(kop: &Kop, place: &str, p: &Program, b: &Batch, r: &Recipient, actor: &Actor, i: usize) -> BastDoc {
    let goods = items(p);
    let per_item = if goods.is_empty() { 0 } else { r.nilai / goods.len() as i64 };
    BastDoc {
        kop: kop.clone(),
        number: format!("{:03}/BAST/{}/{}", i + 1, b.nomor, p.tahun),
        date: r.diserahkan_at.map(|t| t.date_naive()).or(b.sk_tanggal).unwrap_or_else(|| berdaya_store::now().date_naive()),
        place: place.to_string(),
        program: p.nama.clone(),
        first_party: Party { name: "(..............................)".into(), id_label: "NIP".into(), id_number: None, position: "Pejabat Pembuat Komitmen".into(), address: None },
        second_party: Party { name: r.nama.clone(), id_label: "NIK".into(), id_number: Some(nik_for(actor, &r.nik)), position: "Penerima bantuan".into(), address: Some(r.region.clone()) },
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
    let (kop, place) = kop(db, storage, actor, agency_id).await?;
    let docs: Vec<BastDoc> = all
        .iter()
        .enumerate()
        .filter(|(_, r)| recipient.is_none_or(|id| r.id == id))
        .map(|(i, r)| bast_doc(&kop, &place, &p, &b, r, actor, i))
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
