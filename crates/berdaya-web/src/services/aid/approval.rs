//! Maker-checker approval: an operator proposes a batch of eligible, verified applications;
//! a pimpinan — never the proposer — approves it (with the SK number and date) or returns it.
//! Approval writes the recipients in the same transaction; `aid_recipients` is unique on
//! (program, NIK), so no NIK is paid twice even if approvals race.

use berdaya_store::aid::applications as apps;
use berdaya_store::aid::batches::{self, Batch, Recipient};
use berdaya_store::aid::{self as programs};
use berdaya_store::{Db, StoreError, audit};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;

/// Propose every eligible (layak), verified application not yet in a batch, up to the
/// remaining quota and budget.
pub async fn propose(db: &Db, actor: &Actor, program_id: Uuid, note: &str) -> Result<Batch, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let user = actor.user_id.ok_or(ServiceError::Forbidden)?;
    let mut tx = db.begin().await?;
    let p = programs::get_tx(&mut tx, &actor.scope, program_id).await?;
    let used = apps::count_committed(&mut tx, program_id).await?;
    let by_quota = i64::from(p.kuota) - used;
    let by_budget = if p.nilai_per_penerima > 0 { p.pagu / p.nilai_per_penerima - used } else { 0 };
    let room = by_quota.min(by_budget);
    if room <= 0 {
        tx.rollback().await?;
        return Err(ServiceError::Conflict("Kuota atau pagu program sudah habis.".into()));
    }
    let id = berdaya_store::new_id();
    let nomor = batches::next_number(&mut tx, program_id).await?;
    let now = berdaya_store::now();
    let mut b = Batch {
        id,
        program_id,
        region: p.region.clone(),
        nomor,
        status: "diusulkan".into(),
        jumlah: 0,
        total: 0,
        diusulkan_oleh: user,
        diusulkan_at: now,
        diputuskan_oleh: None,
        diputuskan_at: None,
        catatan: note.trim().chars().take(1000).collect(),
        sk_nomor: String::new(),
        sk_tanggal: None,
    };
    batches::insert(&mut tx, &b).await?;
    let taken = apps::take_into_batch(&mut tx, &actor.scope, program_id, id, room).await?;
    if taken.is_empty() {
        tx.rollback().await?;
        return Err(ServiceError::Conflict("Belum ada permohonan yang layak dan sudah terverifikasi lapangan untuk diusulkan.".into()));
    }
    b.jumlah = i32::try_from(taken.len()).unwrap_or(i32::MAX);
    b.total = p.nilai_per_penerima.saturating_mul(taken.len() as i64);
    batches::set_totals(&mut tx, id, b.jumlah, b.total).await?;
    let mut e = actor.audit("propose", "aid_batch", id, &p.region);
    e.after = Some(serde_json::json!({"program_id": program_id, "nomor": nomor, "applications": taken.iter().map(|a| a.id).collect::<Vec<_>>(), "total": b.total}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(b)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DecisionInput {
    /// "setujui" or "kembalikan".
    pub keputusan: String,
    pub catatan: String,
    pub sk_nomor: String,
    /// dd/mm/yyyy
    pub sk_tanggal: String,
}

fn parse_decision(input: &DecisionInput) -> Result<(bool, Option<NaiveDate>), ServiceError> {
    let mut f = FieldErrors::default();
    let approve = match input.keputusan.as_str() {
        "setujui" => true,
        "kembalikan" => false,
        _ => {
            f.add("keputusan", "Pilih setujui atau kembalikan.");
            false
        }
    };
    let mut date = None;
    if approve {
        if input.sk_nomor.trim().is_empty() || input.sk_nomor.chars().count() > 100 {
            f.add("sk_nomor", "Isi nomor SK penetapan penerima (maksimal 100 karakter).");
        }
        match berdaya_core::tanggal::parse_date(input.sk_tanggal.trim(), berdaya_store::now().date_naive()) {
            Ok(d) => date = Some(d),
            Err(e) => f.add("sk_tanggal", if input.sk_tanggal.trim().is_empty() { "Isi tanggal SK.".to_string() } else { e.to_string() }),
        }
    } else if input.catatan.trim().chars().count() < 5 {
        f.add("catatan", "Tulis alasan pengembalian (paling sedikit 5 karakter).");
    }
    f.into_result()?;
    Ok((approve, date))
}

/// The checker's decision. Refused for the proposer (maker ≠ checker), for roles that do not
/// approve, and for a batch already decided (a concurrent second decision gets `Conflict`).
pub async fn decide(db: &Db, actor: &Actor, batch_id: Uuid, input: &DecisionInput) -> Result<Batch, ServiceError> {
    if !actor.role.can_approve() {
        return Err(ServiceError::Forbidden);
    }
    let user = actor.user_id.ok_or(ServiceError::Forbidden)?;
    let (approve, sk_tanggal) = parse_decision(input)?;
    let mut tx = db.begin().await?;
    let b = batches::get_tx(&mut tx, &actor.scope, batch_id).await?;
    if b.diusulkan_oleh == user {
        tx.rollback().await?;
        return Err(ServiceError::Conflict("Pengusul tidak boleh memutuskan usulannya sendiri (maker-checker).".into()));
    }
    let already = || ServiceError::Conflict("Usulan ini sudah diputuskan.".into());
    // The checker's note (the reason when returned) replaces the proposer's only when given.
    let note = if input.catatan.trim().is_empty() { b.catatan.clone() } else { input.catatan.trim().chars().take(1000).collect() };
    match batches::decide(&mut tx, batch_id, approve, user, &note, input.sk_nomor.trim(), sk_tanggal).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            tx.rollback().await?;
            return Err(already());
        }
        Err(e) => return Err(e.into()),
    }
    let p = programs::get_tx(&mut tx, &actor.scope, b.program_id).await?;
    let members = apps::in_batch_tx(&mut tx, batch_id).await?;
    apps::set_batch_outcome(&mut tx, batch_id, approve).await?;
    if approve {
        let now = berdaya_store::now();
        // References follow the list order (by name); rows are written in NIK order, so two
        // approvals that share NIKs take the unique-index locks in the same order on PostgreSQL:
        // the later one waits for the earlier and then fails on the constraint, never deadlocks.
        let mut order: Vec<(usize, &apps::Application)> = members.iter().enumerate().collect();
        order.sort_by(|x, y| x.1.nik.cmp(&y.1.nik).then(x.0.cmp(&y.0)));
        for (i, a) in order {
            let r = Recipient {
                id: berdaya_store::new_id(),
                program_id: b.program_id,
                region: a.region.clone(),
                application_id: a.id,
                batch_id,
                nik: a.nik.clone(),
                nama: a.nama.clone(),
                bank: a.bank.clone(),
                no_rekening: a.no_rekening.clone(),
                nilai: p.nilai_per_penerima,
                status: "menunggu".into(),
                referensi: format!("BDY{}-{:03}-{:05}", p.tahun, b.nomor, i + 1),
                percobaan: 0,
                catatan: String::new(),
                foto_serah_id: None,
                diserahkan_at: None,
                created_at: now,
                updated_at: now,
            };
            match batches::insert_recipient(&mut tx, &r).await {
                Ok(()) => {}
                Err(StoreError::Conflict { .. }) => {
                    // Nothing of this decision stays: the batch is still proposed, its
                    // applications still in it, and no recipient of it was written.
                    tx.rollback().await?;
                    return Err(ServiceError::Conflict(format!(
                        "NIK {} sudah menjadi penerima di program ini; usulan tidak disetujui dan tetap menunggu keputusan.",
                        berdaya_core::mask::mask_middle(&a.nik, 4, 2)
                    )));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    let mut e = actor.audit(if approve { "approve" } else { "return" }, "aid_batch", batch_id, &b.region);
    e.before = Some(serde_json::json!({"status": b.status}));
    e.after = Some(serde_json::json!({"status": if approve { "disetujui" } else { "dikembalikan" }, "sk_nomor": input.sk_nomor.trim(), "sk_tanggal": sk_tanggal, "catatan": input.catatan.trim(), "recipients": if approve { members.len() } else { 0 }}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(batches::get(db, &actor.scope, batch_id).await?)
}
