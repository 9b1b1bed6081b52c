//! Images in the registry: an owner's e-KTP photo (personal data: shown and downloaded only
//! by roles that see personal data, every view audited) and photos of a business (products,
//! premises). Both are cleaned of metadata and stored through the storage interface.

use berdaya_store::business_photos::{self, Photo};
use berdaya_store::files::{self, StoredFile};
use berdaya_store::owners::Owner;
use berdaya_store::{Db, audit, businesses, owners};
use bytes::Bytes;
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::registry::input::{BusinessInput, OwnerInput};
use crate::services::registry;
use crate::services::uploads::{image_problem, store_clean};
use crate::storage::{FileKind, FileStorage};

/// Longest photo caption, in characters.
const CAPTION_MAX: usize = 200;

/// Attach (or replace) an owner's e-KTP photo.
pub async fn upload_ektp(db: &Db, storage: &FileStorage, actor: &Actor, owner_id: Uuid, name: &str, data: Bytes) -> Result<StoredFile, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let o = owners::get(db, &actor.scope, owner_id).await?;
    let mut tx = db.begin().await?;
    let stored = match store_clean(storage, &mut tx, data, name, &[FileKind::Image], &o.region, actor, "ektp").await {
        Ok(s) => s,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    };
    berdaya_store::files::set_purpose(&mut tx, stored.id, berdaya_store::files::PURPOSE_EKTP).await?;
    owners::set_ektp(&mut tx, owner_id, stored.id, berdaya_store::now()).await?;
    let mut e = actor.audit("upload_ektp", "owner", owner_id, &o.region);
    e.before = o.ektp_file_id.map(|f| serde_json::json!({ "file_id": f }));
    e.after = Some(serde_json::json!({"file_id": stored.id, "content_type": stored.content_type, "size": stored.size_bytes}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Register an owner (with an optional first business) together with the e-KTP photo, in one
/// transaction: a photo that is refused is reported at its field beside the other fields'
/// messages, and nothing is written.
pub async fn create_owner_with_ektp(
    db: &Db,
    storage: &FileStorage,
    actor: &Actor,
    input: &OwnerInput,
    business: Option<&BusinessInput>,
    ektp: Option<(String, Bytes)>,
) -> Result<Owner, ServiceError> {
    let Some((name, data)) = ektp else { return registry::create_owner(db, actor, input, business).await };
    let photo = image_problem(storage, &data, &name);
    let new = match (registry::prepare_owner(db, actor, input, business).await, photo) {
        (Ok(new), None) => new,
        (Ok(_), Some(msg)) => {
            let mut f = FieldErrors::default();
            f.add("ektp", msg);
            return Err(ServiceError::Invalid(f));
        }
        (Err(ServiceError::Invalid(mut f)), Some(msg)) => {
            f.add("ektp", msg);
            return Err(ServiceError::Invalid(f));
        }
        (Err(e), _) => return Err(e),
    };
    let region = new.owner.region.clone();
    let mut tx = db.begin().await?;
    let written: Result<(), ServiceError> = async {
        registry::insert_owner(&mut tx, actor, &new).await?;
        let stored = store_clean(storage, &mut tx, data, &name, &[FileKind::Image], &region, actor, "ektp").await?;
        berdaya_store::files::set_purpose(&mut tx, stored.id, berdaya_store::files::PURPOSE_EKTP).await?;
        owners::set_ektp(&mut tx, new.owner.id, stored.id, berdaya_store::now()).await?;
        let mut e = actor.audit("upload_ektp", "owner", new.owner.id, &region);
        e.after = Some(serde_json::json!({"file_id": stored.id, "content_type": stored.content_type, "size": stored.size_bytes}));
        audit::record(&mut tx, e).await?;
        Ok(())
    }
    .await;
    match written {
        Ok(()) => {
            tx.commit().await?;
            Ok(new.owner)
        }
        Err(e) => {
            tx.rollback().await?;
            Err(e)
        }
    }
}

/// The e-KTP photo of an owner, for a role that sees personal data; the view is audited.
pub async fn ektp(db: &Db, storage: &FileStorage, actor: &Actor, owner_id: Uuid) -> Result<(StoredFile, Bytes), ServiceError> {
    if !actor.role.sees_personal_data() {
        return Err(ServiceError::Forbidden);
    }
    let o = owners::get(db, &actor.scope, owner_id).await?;
    let file_id = o.ektp_file_id.ok_or(ServiceError::NotFound)?;
    let meta = files::get(db, &actor.scope, file_id).await?;
    let data = storage.get(&meta).await.map_err(|e| ServiceError::Other(anyhow::anyhow!("{e}")))?;
    let mut e = actor.audit("view_ektp", "owner", owner_id, &o.region);
    e.after = Some(serde_json::json!({ "file_id": file_id }));
    audit::record_alone(db, e).await?;
    Ok((meta, data))
}

/// Add a photo to a business.
pub async fn add_photo(
    db: &Db,
    storage: &FileStorage,
    actor: &Actor,
    business_id: Uuid,
    name: &str,
    data: Bytes,
    keterangan: &str,
) -> Result<Photo, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let keterangan = keterangan.trim();
    if keterangan.chars().count() > CAPTION_MAX {
        let mut f = FieldErrors::default();
        f.add("keterangan", format!("Keterangan paling banyak {CAPTION_MAX} karakter."));
        return Err(ServiceError::Invalid(f));
    }
    let b = businesses::get(db, &actor.scope, business_id).await?;
    let mut tx = db.begin().await?;
    let stored = match store_clean(storage, &mut tx, data, name, &[FileKind::Image], &b.region, actor, "foto").await {
        Ok(s) => s,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    };
    let photo = Photo {
        id: berdaya_store::new_id(),
        business_id,
        region: b.region.clone(),
        file_id: stored.id,
        keterangan: keterangan.to_string(),
        created_by: actor.user_id,
        created_at: berdaya_store::now(),
    };
    business_photos::insert(&mut tx, &photo).await?;
    let mut e = actor.audit("add_business_photo", "business", business_id, &b.region);
    e.after = Some(serde_json::json!({"photo_id": photo.id, "file_id": stored.id, "keterangan": photo.keterangan}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(photo)
}

/// Remove a photo from its business; returns the business's owner (for the way back).
pub async fn delete_photo(db: &Db, actor: &Actor, photo_id: Uuid) -> Result<Uuid, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let photo = business_photos::get_for_update(&mut tx, &actor.scope, photo_id).await?;
    let b = businesses::get_for_update(&mut tx, &actor.scope, photo.business_id).await?;
    business_photos::delete(&mut tx, photo_id).await?;
    let mut e = actor.audit("delete_business_photo", "business", photo.business_id, &photo.region);
    e.before = Some(serde_json::json!({"photo_id": photo.id, "file_id": photo.file_id, "keterangan": photo.keterangan}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(b.owner_id)
}

/// A business photo's bytes, for anyone who may see the business.
pub async fn photo_file(db: &Db, storage: &FileStorage, actor: &Actor, photo_id: Uuid) -> Result<(StoredFile, Bytes), ServiceError> {
    let photo = business_photos::get(db, &actor.scope, photo_id).await?;
    let meta = files::get(db, &actor.scope, photo.file_id).await?;
    let data = storage.get(&meta).await.map_err(|e| ServiceError::Other(anyhow::anyhow!("{e}")))?;
    Ok((meta, data))
}
