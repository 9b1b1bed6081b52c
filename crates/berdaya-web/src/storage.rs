//! One storage interface for uploaded files: a local folder by default; any `object_store`
//! backend (S3-compatible, GCS, Azure) plugs in behind the same `Arc<dyn ObjectStore>`.
//!
//! Every upload is checked for size and for its real type (magic bytes, not the name or the
//! browser's claim) before it is stored, and its metadata is written in the caller's
//! transaction.

use std::sync::Arc;

use berdaya_store::Tx;
use berdaya_store::files::{self, StoredFile};
use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::config::Config;

/// Kinds of file a form may accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Image,
    Pdf,
    Spreadsheet,
    Csv,
}

impl FileKind {
    fn label(self) -> &'static str {
        match self {
            FileKind::Image => "gambar (JPEG, PNG, atau WebP)",
            FileKind::Pdf => "PDF",
            FileKind::Spreadsheet => "Excel (.xlsx)",
            FileKind::Csv => "CSV",
        }
    }
}

/// The content type of `data` judged from its first bytes, if it is one we accept.
pub fn sniff(data: &[u8], name: &str) -> Option<(FileKind, &'static str)> {
    let lower = name.to_lowercase();
    if data.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some((FileKind::Image, "image/png"))
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some((FileKind::Image, "image/jpeg"))
    } else if data.len() > 12 && &data[0..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some((FileKind::Image, "image/webp"))
    } else if data.starts_with(b"%PDF-") {
        Some((FileKind::Pdf, "application/pdf"))
    } else if data.starts_with(b"PK\x03\x04") && lower.ends_with(".xlsx") {
        Some((FileKind::Spreadsheet, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    } else if !data.contains(&0) && std::str::from_utf8(data).is_ok() && (lower.ends_with(".csv") || lower.ends_with(".txt")) {
        Some((FileKind::Csv, "text/csv"))
    } else {
        None
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("Berkas kosong.")]
    Empty,
    #[error("Berkas terlalu besar: {size} MB, batasnya {max} MB.")]
    TooLarge { size: usize, max: usize },
    #[error("Jenis berkas tidak diterima. Yang diterima: {0}.")]
    WrongType(String),
    #[error("Penyimpanan berkas gagal.")]
    Storage(#[from] object_store::Error),
    #[error("Penyimpanan berkas gagal.")]
    Db(#[from] berdaya_store::StoreError),
}

#[derive(Clone)]
pub struct FileStorage {
    store: Arc<dyn ObjectStore>,
    max_bytes: usize,
}

impl FileStorage {
    pub fn from_config(cfg: &Config) -> anyhow::Result<FileStorage> {
        match cfg.storage.kind.as_str() {
            "local" => {
                let dir = cfg.uploads_dir();
                std::fs::create_dir_all(&dir)?;
                let store = LocalFileSystem::new_with_prefix(&dir)?;
                Ok(FileStorage { store: Arc::new(store), max_bytes: cfg.max_upload_mib * 1024 * 1024 })
            }
            other => anyhow::bail!("storage kind '{other}' is not built into this binary (use \"local\")"),
        }
    }

    pub fn with_store(store: Arc<dyn ObjectStore>, max_bytes: usize) -> FileStorage {
        FileStorage { store, max_bytes }
    }

    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Check and store `data`; its metadata row is written in `tx`.
    pub async fn put(
        &self,
        tx: &mut Tx,
        data: Bytes,
        original_name: &str,
        accept: &[FileKind],
        region: &str,
        uploaded_by: Option<Uuid>,
    ) -> Result<StoredFile, UploadError> {
        if data.is_empty() {
            return Err(UploadError::Empty);
        }
        if data.len() > self.max_bytes {
            return Err(UploadError::TooLarge { size: data.len().div_ceil(1024 * 1024), max: self.max_bytes / (1024 * 1024) });
        }
        let wrong = || UploadError::WrongType(accept.iter().map(|k| k.label()).collect::<Vec<_>>().join(", "));
        let (kind, content_type) = sniff(&data, original_name).ok_or_else(wrong)?;
        if !accept.contains(&kind) {
            return Err(wrong());
        }
        let id = berdaya_store::new_id();
        let now = berdaya_store::now();
        let key = format!("{}/{}", now.format("%Y/%m"), id.simple());
        let sha256 = hex::encode(Sha256::digest(&data));
        let meta = StoredFile {
            id,
            storage_key: key.clone(),
            original_name: sanitize_name(original_name),
            content_type: content_type.into(),
            size_bytes: data.len() as i64,
            sha256,
            region: region.into(),
            uploaded_by,
            created_at: now,
        };
        self.store.put(&ObjectPath::from(key), PutPayload::from(data)).await?;
        files::insert(tx, &meta).await?;
        Ok(meta)
    }

    /// Store a file the server made (a report, a ZIP of certificates): no upload size limit
    /// or type sniffing; its metadata row is written in `tx`.
    pub async fn put_generated(
        &self,
        tx: &mut Tx,
        data: Bytes,
        name: &str,
        content_type: &str,
        region: &str,
        created_by: Option<Uuid>,
    ) -> Result<StoredFile, UploadError> {
        let id = berdaya_store::new_id();
        let now = berdaya_store::now();
        let key = format!("{}/{}", now.format("%Y/%m"), id.simple());
        let meta = StoredFile {
            id,
            storage_key: key.clone(),
            original_name: sanitize_name(name),
            content_type: content_type.into(),
            size_bytes: data.len() as i64,
            sha256: hex::encode(Sha256::digest(&data)),
            region: region.into(),
            uploaded_by: created_by,
            created_at: now,
        };
        self.store.put(&ObjectPath::from(key), PutPayload::from(data)).await?;
        files::insert(tx, &meta).await?;
        Ok(meta)
    }

    pub async fn get(&self, meta: &StoredFile) -> Result<Bytes, UploadError> {
        Ok(self.store.get(&ObjectPath::from(meta.storage_key.as_str())).await?.bytes().await?)
    }
}

fn sanitize_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars().filter(|c| !c.is_control()).take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_real_types_not_names() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....", "logo.png").map(|x| x.0), Some(FileKind::Image));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0..", "foto.JPG").map(|x| x.0), Some(FileKind::Image));
        assert_eq!(sniff(b"%PDF-1.7", "sk.pdf").map(|x| x.0), Some(FileKind::Pdf));
        assert_eq!(sniff(b"PK\x03\x04xx", "data.xlsx").map(|x| x.0), Some(FileKind::Spreadsheet));
        assert_eq!(sniff(b"nik,nama\n1,a", "data.csv").map(|x| x.0), Some(FileKind::Csv));
        // An executable renamed to .png is refused.
        assert_eq!(sniff(b"MZ\x90\x00", "logo.png"), None);
        assert_eq!(sniff(b"<script>", "x.html"), None);
        assert_eq!(sanitize_name("C:\\Users\\op\\logo.png"), "logo.png");
    }
}
