//! The registry of owners (pelaku usaha) and their businesses (usaha).

pub mod duplicates;
pub mod permits;
pub mod photos;
pub mod input;
mod probable;
mod regions;
mod rows;

pub use probable::{DupCandidate, probable_duplicates};
pub use regions::{resolve_region_field, resolve_region_text};
use regions::{check_region, check_region_kept, nik_kecamatan_warning, with_business_region};
pub use rows::snapshot;
pub(crate) use rows::{business_row, owner_row, snapshot_row};

use berdaya_store::businesses::{self, Business};
use berdaya_store::owners::{self, Owner};
use berdaya_store::{Db, StoreError, Tx, audit};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use input::{BusinessInput, OwnerInput, parse_business, parse_owner};

/// An edit made on a form opened before someone else's save.
pub const STALE_EDIT: &str = "Data ini sudah diubah orang lain sejak formulir dibuka. Buka ulang formulir, periksa perubahannya, lalu ulangi.";

/// Write a business row changed from `before` (version-checked): a save made in between is
/// refused with [`STALE_EDIT`]. On an error the caller drops its transaction, which rolls it
/// back.
pub(crate) async fn write_business_row(tx: &mut berdaya_store::Tx, before: &berdaya_store::businesses::Business, after: &berdaya_store::businesses::Business) -> Result<(), ServiceError> {
    businesses::update(tx, before, after).await.map_err(|e| match e {
        StoreError::Conflict { .. } => ServiceError::Conflict(STALE_EDIT.into()),
        e => e.into(),
    })
}

fn today() -> chrono::NaiveDate {
    berdaya_store::now().date_naive()
}

fn json<T: Serialize>(v: &T) -> Result<serde_json::Value, ServiceError> {
    serde_json::to_value(v).map_err(|e| ServiceError::Other(e.into()))
}

/// A new owner (and first business) that passed every check, ready to be written.
#[derive(Debug, Clone)]
pub struct NewOwner {
    pub owner: Owner,
    pub business: Option<Business>,
    /// Probable duplicates the user chose to ignore (kept in the audit row).
    dups: Vec<DupCandidate>,
}

/// Register an owner, optionally with a first business.
pub async fn create_owner(db: &Db, actor: &Actor, input: &OwnerInput, business: Option<&BusinessInput>) -> Result<Owner, ServiceError> {
    let new = prepare_owner(db, actor, input, business).await?;
    let mut tx = db.begin().await?;
    if let Err(e) = insert_owner(&mut tx, actor, &new).await {
        tx.rollback().await?;
        return Err(e);
    }
    tx.commit().await?;
    Ok(new.owner)
}

/// Every check of a new owner (fields, region, one owner per NIK, probable duplicates),
/// before anything is written.
pub async fn prepare_owner(db: &Db, actor: &Actor, input: &OwnerInput, business: Option<&BusinessInput>) -> Result<NewOwner, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let business = match business.filter(|b| !b.is_empty()) {
        Some(b) => Some(with_business_region(db, actor, b).await?),
        None => None,
    };
    let business = business.as_ref();
    let mut f = FieldErrors::default();
    let parsed = parse_owner(input, today(), &mut f);
    let biz = business.filter(|b| !b.is_empty()).map(|b| parse_business(b, today(), &mut f));
    if let Some(o) = &parsed {
        check_region(db, actor, &mut f, "kode_wilayah", &o.region).await?;
    }
    if let Some(r) = biz.as_ref().and_then(|b| b.region.clone()) {
        check_region(db, actor, &mut f, "kode_wilayah_usaha", &r).await?;
    }
    f.into_result()?;
    let Some(mut o) = parsed else { return Err(ServiceError::Invalid(FieldErrors::default())) };
    if let Some(existing) = owners::owner_for_nik(db, o.nik.as_str()).await? {
        let visible = owners::get(db, &actor.scope, existing).await.ok().map(|x| x.id);
        return Err(ServiceError::DuplicateNik { owner_id: visible });
    }
    nik_kecamatan_warning(db, &mut o).await?;
    let owner_desa = o.region.dotted();
    let biz_key = biz.as_ref().map(|b| (b.nama_usaha.as_str(), b.region.as_ref().map(|r| r.dotted()).unwrap_or_else(|| owner_desa.clone())));
    let dups = probable_duplicates(db, &actor.scope, &o, biz_key.as_ref().map(|(n, d)| (*n, d.as_str()))).await?;
    if !dups.is_empty() && !input.lanjutkan {
        return Err(ServiceError::ProbableDuplicates(dups));
    }
    let now = berdaya_store::now();
    let owner = owner_row(&o, berdaya_store::new_id(), actor, now);
    let business = biz.as_ref().map(|b| business_row(b, &owner, berdaya_store::new_id(), actor, now));
    Ok(NewOwner { owner, business, dups })
}

/// Write a prepared owner (and business, with its first snapshot) inside the caller's
/// transaction, audited. A NIK registered meanwhile is `DuplicateNik`; the caller rolls back.
pub async fn insert_owner(tx: &mut Tx, actor: &Actor, new: &NewOwner) -> Result<(), ServiceError> {
    let owner = &new.owner;
    match owners::insert(tx, owner).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => return Err(ServiceError::DuplicateNik { owner_id: None }),
        Err(e) => return Err(e.into()),
    }
    let mut e = actor.audit("create", "owner", owner.id, &owner.region);
    let mut after = json(owner)?;
    if !new.dups.is_empty() {
        after["duplikat_diabaikan"] = json(&new.dups)?;
    }
    e.after = Some(after);
    audit::record(tx, e).await?;
    if let Some(row) = &new.business {
        insert_business(tx, actor, row).await?;
    }
    Ok(())
}

/// Change an owner's data (version-checked, audited with before and after).
pub async fn update_owner(db: &Db, actor: &Actor, id: Uuid, input: &OwnerInput) -> Result<Owner, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let stored = owners::get(db, &actor.scope, id).await?.region;
    let mut f = FieldErrors::default();
    let parsed = parse_owner(input, today(), &mut f);
    if let Some(o) = &parsed {
        check_region_kept(db, actor, &mut f, "kode_wilayah", &o.region, Some(&stored)).await?;
    }
    f.into_result()?;
    let Some(mut o) = parsed else { return Err(ServiceError::Invalid(FieldErrors::default())) };
    nik_kecamatan_warning(db, &mut o).await?;
    let mut tx = db.begin().await?;
    let before = owners::get_for_update(&mut tx, &actor.scope, id).await?;
    if input.versi.is_some_and(|v| v != before.version) {
        tx.rollback().await?;
        return Err(ServiceError::Conflict(STALE_EDIT.into()));
    }
    let mut after = owner_row(&o, id, actor, berdaya_store::now());
    after.created_at = before.created_at;
    after.created_by = before.created_by;
    after.ektp_file_id = before.ektp_file_id;
    after.version = before.version + 1;
    match owners::update(&mut tx, &before, &after).await {
        Ok(()) => {}
        Err(StoreError::Conflict { constraint }) if constraint == "owner_nik" => {
            tx.rollback().await?;
            // Whose it is, linked when the actor may see that owner ("sudah terdaftar").
            let holder = owners::owner_for_nik(db, &after.nik).await?;
            let visible = match holder {
                Some(h) => owners::get(db, &actor.scope, h).await.ok().map(|x| x.id),
                None => None,
            };
            return Err(ServiceError::DuplicateNik { owner_id: visible });
        }
        Err(StoreError::Conflict { .. }) => {
            tx.rollback().await?;
            return Err(ServiceError::Conflict(STALE_EDIT.into()));
        }
        Err(e) => return Err(e.into()),
    }
    if before.nama_norm != after.nama_norm {
        businesses::set_owner_name(&mut tx, id, &after.nama_norm).await?;
    }
    let mut e = actor.audit("update", "owner", id, &after.region);
    e.before = Some(json(&before)?);
    e.after = Some(json(&after)?);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(after)
}

/// Add a business to an owner in scope.
pub async fn add_business(db: &Db, actor: &Actor, owner_id: Uuid, input: &BusinessInput) -> Result<Business, ServiceError> {
    let row = prepare_business(db, actor, owner_id, input).await?;
    let mut tx = db.begin().await?;
    insert_business(&mut tx, actor, &row).await?;
    tx.commit().await?;
    Ok(row)
}

/// Every check of a new business for an owner in scope, before anything is written.
pub async fn prepare_business(db: &Db, actor: &Actor, owner_id: Uuid, input: &BusinessInput) -> Result<Business, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let owner = owners::get(db, &actor.scope, owner_id).await?;
    let input = &with_business_region(db, actor, input).await?;
    let mut f = FieldErrors::default();
    let b = parse_business(input, today(), &mut f);
    if let Some(r) = &b.region {
        check_region(db, actor, &mut f, "kode_wilayah_usaha", r).await?;
    }
    f.into_result()?;
    Ok(business_row(&b, &owner, berdaya_store::new_id(), actor, berdaya_store::now()))
}

/// Write a prepared business and its first snapshot inside the caller's transaction, audited.
pub async fn insert_business(tx: &mut Tx, actor: &Actor, row: &Business) -> Result<(), ServiceError> {
    businesses::insert(tx, row).await?;
    snapshot(tx, row, "input").await?;
    let mut e = actor.audit("create", "business", row.id, &row.region);
    e.after = Some(json(row)?);
    audit::record(tx, e).await?;
    Ok(())
}

/// Change a business; a change of figures adds a dated snapshot.
pub async fn update_business(db: &Db, actor: &Actor, id: Uuid, input: &BusinessInput) -> Result<Business, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let stored = businesses::get(db, &actor.scope, id).await?.region;
    let input = &with_business_region(db, actor, input).await?;
    let mut f = FieldErrors::default();
    let b = parse_business(input, today(), &mut f);
    if let Some(r) = &b.region {
        check_region_kept(db, actor, &mut f, "kode_wilayah_usaha", r, Some(&stored)).await?;
    }
    f.into_result()?;
    let mut tx = db.begin().await?;
    let before = businesses::get_for_update(&mut tx, &actor.scope, id).await?;
    if input.versi.is_some_and(|v| v != before.version) {
        tx.rollback().await?;
        return Err(ServiceError::Conflict(STALE_EDIT.into()));
    }
    let owner = owners::get_for_update(&mut tx, &actor.scope, before.owner_id).await?;
    let mut after = business_row(&b, &owner, id, actor, berdaya_store::now());
    after.created_at = before.created_at;
    after.created_by = before.created_by;
    after.version = before.version + 1;
    // Permits recorded separately stay.
    for code in before.izin.split(',').filter(|c| !c.is_empty() && *c != "nib") {
        after.izin.push_str(&format!(",{code},"));
    }
    after.izin = normalize_set(&after.izin);
    write_business_row(&mut tx, &before, &after).await?;
    let figures_changed = (before.modal, before.omzet_tahunan, before.tk_l, before.tk_p) != (after.modal, after.omzet_tahunan, after.tk_l, after.tk_p);
    if figures_changed {
        snapshot(&mut tx, &after, "input").await?;
    }
    let mut e = actor.audit("update", "business", id, &after.region);
    e.before = Some(json(&before)?);
    e.after = Some(json(&after)?);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(after)
}

/// `,a,,b,a,` → `,a,b,`
pub fn normalize_set(s: &str) -> String {
    let mut items: Vec<&str> = s.split(',').filter(|c| !c.is_empty()).collect();
    items.sort_unstable();
    items.dedup();
    if items.is_empty() { String::new() } else { format!(",{},", items.join(",")) }
}

/// Read an owner with full personal data: allowed roles only, and audited.
pub async fn view_personal(db: &Db, actor: &Actor, id: Uuid) -> Result<Owner, ServiceError> {
    if !actor.role.sees_personal_data() {
        return Err(ServiceError::Forbidden);
    }
    let o = owners::get(db, &actor.scope, id).await?;
    audit::record_alone(db, actor.audit("view_personal", "owner", id, &o.region)).await?;
    Ok(o)
}

