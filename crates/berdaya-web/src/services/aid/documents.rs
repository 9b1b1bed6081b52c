//! Application documents (e-KTP photo, business photo, signed statement…): images and PDFs
//! only, size-checked; images are decoded and re-encoded, which drops EXIF and other metadata
//! (GPS position, device), before they are stored (see `services::uploads`).

use berdaya_store::aid::applications::{self as apps, Document};
use berdaya_store::{Db, audit};
use bytes::Bytes;
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::aid::rules::DOC_KINDS;
pub use crate::services::uploads::store_clean;
use crate::storage::{FileKind, FileStorage};

/// Attach a document of `jenis` to an application (replacing an earlier one of that kind).
pub async fn upload(db: &Db, storage: &FileStorage, actor: &Actor, application_id: Uuid, jenis: &str, name: &str, data: Bytes) -> Result<Document, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    if !DOC_KINDS.iter().any(|d| d.0 == jenis) {
        let mut f = FieldErrors::default();
        f.add("jenis", "Pilih jenis dokumen.");
        return Err(ServiceError::Invalid(f));
    }
    let app = apps::get(db, &actor.scope, application_id).await?;
    let mut tx = db.begin().await?;
    let stored = match store_clean(storage, &mut tx, data, name, &[FileKind::Image, FileKind::Pdf], &app.region, actor, "berkas").await {
        Ok(s) => s,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    };
    let doc = Document {
        id: berdaya_store::new_id(),
        application_id,
        region: app.region.clone(),
        jenis: jenis.into(),
        file_id: stored.id,
        created_by: actor.user_id,
        created_at: berdaya_store::now(),
    };
    apps::put_document(&mut tx, &doc).await?;
    let mut e = actor.audit("upload_document", "aid_application", application_id, &app.region);
    e.after = Some(serde_json::json!({"jenis": jenis, "file_id": stored.id, "content_type": stored.content_type, "size": stored.size_bytes}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(doc)
}
