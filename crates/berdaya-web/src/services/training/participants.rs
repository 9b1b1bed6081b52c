//! Participants: add from the registry (one, or in bulk by filter), register a new person on
//! the spot through the registry service, withdraw with waitlist promotion. Selection follows
//! the batch's criteria and quotas (`berdaya_store::training::rules`).

use berdaya_core::tanggal::fmt_dmy;
use berdaya_store::businesses::{self, Business};
use berdaya_store::owners::{self, Owner, OwnerFilter};
use berdaya_store::training::batches::{self, Batch};
use berdaya_store::training::participants::{self, Participant, kecamatan_of};
use berdaya_store::training::programs::{self, Program};
use berdaya_store::training::rules::{self, Placement};
use berdaya_store::{Db, Tx, scope::region_in_scope};
use chrono::Months;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{json, require_writer};
use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::registry::{self, input::BusinessInput, input::OwnerInput};
use super::{audit_change, settle};

/// Why a person does not fit the batch's target criteria (empty: fits).
pub fn criteria_misses(b: &Batch, owner: &Owner, biz: &[Business]) -> Vec<String> {
    let mut out = Vec::new();
    if !b.kriteria_wilayah.is_empty() {
        let root = &b.kriteria_wilayah;
        let inside = owner.region == *root || (owner.region.starts_with(root.as_str()) && owner.region.as_bytes().get(root.len()) == Some(&b'.'));
        if !inside {
            out.push("tinggal di luar wilayah sasaran".to_string());
        }
    }
    match b.kriteria_jenis.as_str() {
        "usaha" if biz.is_empty() => out.push("belum punya usaha (sasaran: pelaku usaha)".into()),
        "calon" if !biz.is_empty() => out.push("sudah punya usaha (sasaran: calon wirausaha)".into()),
        _ => {}
    }
    if !b.kriteria_sektor.is_empty() && !biz.iter().any(|x| x.sektor == b.kriteria_sektor) {
        out.push(format!("tidak punya usaha di sektor {}", b.kriteria_sektor));
    }
    if !b.kriteria_skala.is_empty() && !biz.iter().any(|x| x.skala == b.kriteria_skala) {
        out.push(format!("tidak punya usaha skala {}", b.kriteria_skala));
    }
    out
}

/// Result of adding one person.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Added {
    pub participant_id: Uuid,
    /// "peserta" or "cadangan".
    pub status: String,
    pub peringatan: String,
}

/// Insert one person into a locked batch: placement by quota, the 24-month warning.
pub(crate) async fn place_one(tx: &mut Tx, actor: &Actor, b: &Batch, p: &Program, owner: &Owner) -> Result<Participant, ServiceError> {
    if participants::exists(tx, b.id, owner.id).await? {
        return Err(ServiceError::Conflict(format!("{} sudah terdaftar di angkatan ini.", owner.nama)));
    }
    let kecamatan = kecamatan_of(&owner.region);
    let (total, in_kec) = participants::selected_counts(tx, b.id, &kecamatan).await?;
    let (status, antrean) = match rules::place(total, b.kuota, in_kec, b.kuota_kecamatan) {
        Placement::Selected => (rules::SELECTED, None),
        Placement::Waitlist => (rules::WAITLIST, Some(participants::next_antrean(tx, b.id).await?)),
    };
    let since = b.tanggal_mulai.checked_sub_months(Months::new(24)).unwrap_or(b.tanggal_mulai);
    let earlier = participants::same_competency_since(tx, owner.id, &p.kompetensi_norm, since, b.id).await?;
    let peringatan = earlier
        .first()
        .map(|(judul, nama, selesai)| format!("Sudah mengikuti kompetensi yang sama dalam 24 bulan terakhir: {judul} — {nama} (selesai {}).", fmt_dmy(*selesai)))
        .unwrap_or_default();
    let now = berdaya_store::now();
    let row = Participant {
        id: berdaya_store::new_id(),
        batch_id: b.id,
        owner_id: owner.id,
        region: b.region.clone(),
        owner_region: owner.region.clone(),
        kecamatan,
        status: status.into(),
        antrean,
        pre_test: None,
        post_test: None,
        peringatan,
        created_by: actor.user_id,
        created_at: now,
        updated_at: now,
    };
    if let Err(e) = participants::insert(tx, &row).await {
        return Err(if e.is_conflict() { ServiceError::Conflict(format!("{} sudah terdaftar di angkatan ini.", owner.nama)) } else { e.into() });
    }
    Ok(row)
}

/// Add one registered owner (in the actor's scope) to a batch.
pub async fn add_owner(db: &Db, actor: &Actor, batch_id: Uuid, owner_id: Uuid) -> Result<Added, ServiceError> {
    require_writer(actor)?;
    let owner = owners::get(db, &actor.scope, owner_id).await?;
    let biz = businesses::for_owner(db, owner_id).await?;
    let mut tx = db.begin().await?;
    let res = add_in_tx(&mut tx, db, actor, batch_id, &owner, &biz).await;
    settle(tx, res).await
}

/// Lock the batch, check the criteria, place the person and audit, inside the caller's
/// transaction.
async fn add_in_tx(tx: &mut Tx, db: &Db, actor: &Actor, batch_id: Uuid, owner: &Owner, biz: &[Business]) -> Result<Added, ServiceError> {
    let b = batches::get_for_update(tx, &actor.scope, batch_id).await?;
    let p = programs::get(db, &actor.scope, b.program_id).await?;
    let misses = criteria_misses(&b, owner, biz);
    if !misses.is_empty() {
        let mut f = FieldErrors::default();
        f.add("owner_id", format!("{} tidak memenuhi kriteria angkatan: {}.", owner.nama, misses.join("; ")));
        return Err(ServiceError::Invalid(f));
    }
    let row = place_one(tx, actor, &b, &p, owner).await?;
    audit_change(tx, actor.audit("create", "training_participant", row.id, &b.region), None, Some(json(&row)?)).await?;
    Ok(Added { participant_id: row.id, status: row.status, peringatan: row.peringatan })
}

/// Bulk add: who to consider from the registry.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BulkFilter {
    /// Region subtree (dotted code); empty: the batch's target region or the whole scope.
    pub wilayah: String,
    /// KBLI category letter.
    pub sektor: String,
    pub skala: String,
    /// "usaha" or "calon" (calon wirausaha); empty: both.
    pub jenis: String,
    /// At most this many people are considered (default 500).
    pub batas: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct BulkResult {
    pub peserta: i64,
    pub cadangan: i64,
    pub sudah_terdaftar: i64,
    pub tidak_memenuhi: i64,
    pub peringatan: i64,
}

/// Add everyone in scope matching the filter and the batch's criteria, in one transaction.
pub async fn add_by_filter(db: &Db, actor: &Actor, batch_id: Uuid, f: &BulkFilter) -> Result<BulkResult, ServiceError> {
    require_writer(actor)?;
    let (b, p) = super::batch_with_program(db, actor, batch_id).await?;
    let region = if !f.wilayah.trim().is_empty() { f.wilayah.trim().to_string() } else { b.kriteria_wilayah.clone() };
    if !region.is_empty() && !region_in_scope(&actor.scope, &region) {
        let mut fe = FieldErrors::default();
        fe.add("wilayah", "Wilayah di luar wilayah kerja anda.");
        return Err(ServiceError::Invalid(fe));
    }
    let limit = f.batas.unwrap_or(500).clamp(1, 5000);
    let mut filter = OwnerFilter { region: Some(region).filter(|r| !r.is_empty()), without_business: f.jenis == "calon", ..Default::default() };
    let mut candidates: Vec<(Owner, Vec<Business>)> = Vec::new();
    let mut res = BulkResult::default();
    'outer: loop {
        let page = owners::list(db, &actor.scope, &filter, 500).await?;
        let Some(last) = page.last() else { break };
        filter.after = Some((last.nama_norm.clone(), last.id));
        for o in page {
            let biz = businesses::for_owner(db, o.id).await?;
            let wanted = (f.jenis != "usaha" || !biz.is_empty())
                && (f.sektor.is_empty() || biz.iter().any(|x| x.sektor == f.sektor))
                && (f.skala.is_empty() || biz.iter().any(|x| x.skala == f.skala));
            if !wanted {
                continue;
            }
            if !criteria_misses(&b, &o, &biz).is_empty() {
                res.tidak_memenuhi += 1;
                continue;
            }
            candidates.push((o, biz));
            if candidates.len() as i64 >= limit {
                break 'outer;
            }
        }
    }
    let mut tx = db.begin().await?;
    let b = batches::get_for_update(&mut tx, &actor.scope, batch_id).await?;
    for (o, _) in &candidates {
        if participants::exists(&mut tx, b.id, o.id).await? {
            res.sudah_terdaftar += 1;
            continue;
        }
        let row = place_one(&mut tx, actor, &b, &p, o).await?;
        if row.status == rules::SELECTED { res.peserta += 1 } else { res.cadangan += 1 }
        if !row.peringatan.is_empty() {
            res.peringatan += 1;
        }
    }
    audit_change(&mut tx, actor.audit("bulk_add", "training_batch", b.id, &b.region), None, Some(serde_json::json!({"filter": f, "result": json(&res)?}))).await?;
    tx.commit().await?;
    Ok(res)
}

/// Register a person who is not in the registry yet (NIK rules and one owner per NIK apply;
/// without a business they are a calon wirausaha) and add them to the batch, in one
/// transaction.
pub async fn register_and_add(db: &Db, actor: &Actor, batch_id: Uuid, owner: &OwnerInput, business: Option<&BusinessInput>) -> Result<Added, ServiceError> {
    require_writer(actor)?;
    let (b, _) = super::batch_with_program(db, actor, batch_id).await?;
    // Check the target group before registering, so a misfit is not registered for nothing.
    let has_business = business.is_some_and(|x| !x.is_empty());
    if (b.kriteria_jenis == "usaha" && !has_business) || (b.kriteria_jenis == "calon" && has_business) {
        let mut f = FieldErrors::default();
        let msg = if has_business { "Angkatan ini untuk calon wirausaha (belum punya usaha)." } else { "Angkatan ini untuk pelaku usaha; isi data usahanya." };
        f.add("nama_usaha", msg);
        return Err(ServiceError::Invalid(f));
    }
    // One transaction: a person refused by the batch is not left registered.
    let new = registry::prepare_owner(db, actor, owner, business).await?;
    let biz: Vec<Business> = new.business.iter().cloned().collect();
    let mut tx = db.begin().await?;
    let res = match registry::insert_owner(&mut tx, actor, &new).await {
        Ok(()) => add_in_tx(&mut tx, db, actor, batch_id, &new.owner, &biz).await,
        Err(e) => Err(e),
    };
    settle(tx, res).await
}

/// Withdraw a participant; the first fitting people on the waitlist move up.
pub async fn withdraw(db: &Db, actor: &Actor, participant_id: Uuid) -> Result<Vec<Uuid>, ServiceError> {
    require_writer(actor)?;
    let mut tx = db.begin().await?;
    let p = participants::get_for_update(&mut tx, &actor.scope, participant_id).await?;
    let b = batches::get_for_update(&mut tx, &actor.scope, p.batch_id).await?;
    if p.status == rules::WITHDRAWN {
        tx.rollback().await?;
        return Err(ServiceError::Conflict("Peserta ini sudah mundur.".into()));
    }
    participants::set_status(&mut tx, p.id, rules::WITHDRAWN, None).await?;
    let promoted = participants::promote_waitlist(&mut tx, b.id, b.kuota, b.kuota_kecamatan).await?;
    let ids: Vec<Uuid> = promoted.iter().map(|x| x.id).collect();
    audit_change(&mut tx, actor.audit("withdraw", "training_participant", p.id, &b.region), Some(serde_json::json!({"status": p.status})), Some(serde_json::json!({"status": rules::WITHDRAWN, "promoted": ids}))).await?;
    tx.commit().await?;
    Ok(ids)
}
