//! `berdaya backup` / `berdaya restore` for the embedded SQLite deployment.
//!
//! A backup is a .tar.gz with `berdaya.db` (a consistent copy made with `VACUUM INTO` while
//! the app keeps running) and `uploads/`. PostgreSQL deployments use `pg_dump` instead.

use std::fs::File;
use std::path::Path;

use berdaya_web::config::Config;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

pub async fn backup(cfg: &Config, out: &Path) -> anyhow::Result<()> {
    if !cfg.database_url.is_empty() && !cfg.database_url.starts_with("sqlite") {
        anyhow::bail!("backup ini untuk SQLite; untuk PostgreSQL gunakan pg_dump (lihat README)");
    }
    let db = berdaya_store::Db::connect(&cfg.database_url()).await?;
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let work = tempfile::Builder::new().prefix(".berdaya-backup").tempdir_in(dir)?;
    let snapshot = work.path().join("berdaya.db");
    db.sqlite_snapshot(&snapshot).await?;
    db.close().await;
    let tmp_out = work.path().join("backup.tar.gz");
    {
        let enc = GzEncoder::new(File::create(&tmp_out)?, Compression::default());
        let mut tar = tar::Builder::new(enc);
        tar.append_path_with_name(&snapshot, "berdaya.db")?;
        let uploads = cfg.uploads_dir();
        if uploads.is_dir() {
            tar.append_dir_all("uploads", &uploads)?;
        }
        tar.into_inner()?.finish()?.sync_all()?;
    }
    std::fs::rename(&tmp_out, out)?;
    Ok(())
}

pub fn restore(cfg: &Config, from: &Path, force: bool) -> anyhow::Result<()> {
    if !cfg.database_url.is_empty() && !cfg.database_url.starts_with("sqlite") {
        anyhow::bail!("restore ini untuk SQLite; untuk PostgreSQL gunakan pg_restore");
    }
    let db_path = std::path::PathBuf::from(cfg.database_url().trim_start_matches("sqlite://"));
    if db_path.exists() && !force {
        anyhow::bail!("basis data {} sudah ada; tambahkan --force untuk menimpanya", db_path.display());
    }
    std::fs::create_dir_all(&cfg.data_dir)?;
    let work = tempfile::Builder::new().prefix(".berdaya-restore").tempdir_in(&cfg.data_dir)?;
    tar::Archive::new(GzDecoder::new(File::open(from)?)).unpack(work.path())?;
    let restored = work.path().join("berdaya.db");
    if !restored.exists() {
        anyhow::bail!("{} bukan cadangan Berdaya (berdaya.db tidak ada di dalamnya)", from.display());
    }
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db_path.display()));
    }
    std::fs::rename(&restored, &db_path)?;
    let uploads = cfg.uploads_dir();
    let restored_uploads = work.path().join("uploads");
    if restored_uploads.is_dir() {
        if uploads.exists() {
            std::fs::remove_dir_all(&uploads)?;
        }
        std::fs::rename(&restored_uploads, &uploads)?;
    }
    Ok(())
}
