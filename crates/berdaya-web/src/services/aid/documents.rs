//! Application documents (e-KTP photo, business photo, signed statement…): images and PDFs
//! only, size-checked; images are decoded and re-encoded, which drops EXIF and other metadata
//! (GPS position, device), before they are stored.

use std::io::Cursor;

use berdaya_store::aid::applications::{self as apps, Document};
use berdaya_store::{Db, Tx, audit};
use bytes::Bytes;
use image::{ImageFormat, ImageReader, Limits};
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::aid::rules::DOC_KINDS;
use crate::storage::{FileKind, FileStorage, sniff};

/// Decode an image and encode it again (JPEG stays JPEG, PNG and WebP become PNG), with no
/// metadata. Returns the new bytes and file name.
pub fn clean_image(data: &[u8], name: &str) -> Result<(Vec<u8>, String), String> {
    let mut reader = ImageReader::new(Cursor::new(data)).with_guessed_format().map_err(|_| "Gambar tidak dapat dibaca.".to_string())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let format = reader.format();
    let img = reader.decode().map_err(|_| "Gambar rusak atau tidak dapat dibaca.".to_string())?;
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let mut out = Cursor::new(Vec::new());
    if format == Some(ImageFormat::Jpeg) {
        let rgb = img.to_rgb8();
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        rgb.write_with_encoder(enc).map_err(|_| "Gambar gagal diproses.".to_string())?;
        Ok((out.into_inner(), format!("{stem}.jpg")))
    } else {
        img.write_to(&mut out, ImageFormat::Png).map_err(|_| "Gambar gagal diproses.".to_string())?;
        Ok((out.into_inner(), format!("{stem}.png")))
    }
}

/// Check and store an upload (image or PDF) in `tx`; images are cleaned first.
pub async fn store_clean(
    storage: &FileStorage,
    tx: &mut Tx,
    data: Bytes,
    name: &str,
    accept: &[FileKind],
    region: &str,
    actor: &Actor,
    field: &str,
) -> Result<berdaya_store::files::StoredFile, ServiceError> {
    let mut f = FieldErrors::default();
    let (data, name) = match sniff(&data, name) {
        Some((FileKind::Image, _)) if accept.contains(&FileKind::Image) && data.len() <= storage.max_bytes() => match clean_image(&data, name) {
            Ok((bytes, n)) => (Bytes::from(bytes), n),
            Err(msg) => {
                f.add(field, msg);
                return Err(ServiceError::Invalid(f));
            }
        },
        _ => (data, name.to_string()),
    };
    match storage.put(tx, data, &name, accept, region, actor.user_id).await {
        Ok(s) => Ok(s),
        Err(e @ (crate::storage::UploadError::Storage(_) | crate::storage::UploadError::Db(_))) => Err(ServiceError::Other(anyhow::anyhow!("{e}"))),
        Err(e) => {
            f.add(field, e.to_string());
            Err(ServiceError::Invalid(f))
        }
    }
}

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
