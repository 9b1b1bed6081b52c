//! Configuration: defaults → file → `BERDAYA_…` environment → flags.

use std::path::{Path, PathBuf};

use berdaya_web::config::Config;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};

/// Flags that override the configuration, when given.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConfigArgs {
    /// Config file (TOML); `berdaya.toml` in the working directory is read when present.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Database URL: `postgres://…`, or a SQLite file path.
    #[arg(long, global = true)]
    pub database: Option<String>,
    /// Folder for the SQLite file and uploads.
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
}

pub fn load(args: &ConfigArgs) -> anyhow::Result<Config> {
    let mut fig = Figment::from(Serialized::defaults(Config::default()));
    let file = args.config.clone().or_else(|| Path::new("berdaya.toml").exists().then(|| PathBuf::from("berdaya.toml")));
    if let Some(f) = &file {
        if !f.exists() {
            anyhow::bail!("berkas konfigurasi {} tidak ada", f.display());
        }
        fig = fig.merge(Toml::file(f));
    }
    fig = fig.merge(Env::prefixed("BERDAYA_").split("__"));
    let mut cfg: Config = fig.extract()?;
    if let Some(db) = &args.database {
        cfg.database_url = db.clone();
    }
    if let Some(d) = &args.data_dir {
        cfg.data_dir = d.clone();
    }
    Ok(cfg)
}

/// Connect and migrate.
pub async fn open_db(cfg: &Config) -> anyhow::Result<berdaya_store::Db> {
    if cfg.database_url.is_empty() {
        std::fs::create_dir_all(&cfg.data_dir)?;
    }
    let db = berdaya_store::Db::connect(&cfg.database_url()).await?;
    db.migrate().await?;
    Ok(db)
}
