//! Uploaded images and documents shared by every module (aid documents, e-KTP photos,
//! business photos): images are decoded and re-encoded, which drops EXIF and other metadata
//! (GPS position, device), before they are stored through the storage interface.

use std::io::Cursor;

use berdaya_store::Tx;
use bytes::Bytes;
use image::{ImageFormat, ImageReader, Limits};

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
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

/// What [`store_clean`] would refuse in an image-only upload, checked before anything is
/// written, so a form can report it beside its other fields.
pub fn image_problem(storage: &FileStorage, data: &[u8], name: &str) -> Option<String> {
    let mib = |n: usize| n.div_ceil(1024 * 1024);
    match sniff(data, name) {
        Some((FileKind::Image, _)) if data.len() > storage.max_bytes() => {
            Some(format!("Berkas terlalu besar: {} MB, batasnya {} MB.", mib(data.len()), mib(storage.max_bytes())))
        }
        Some((FileKind::Image, _)) => clean_image(data, name).err(),
        _ => Some("Pilih foto (JPEG, PNG, atau WebP).".into()),
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

