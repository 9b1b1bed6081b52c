//! Subcommands.

use std::path::PathBuf;
use std::process::ExitCode;

use berdaya_store::{agencies, audit, users};
use berdaya_web::services::accounts::{self, UserInput};
use berdaya_web::services::agencies::{AgencyInput, create_agency};
use berdaya_web::services::Actor;
use clap::{Parser, Subcommand};

use crate::settings::{self, ConfigArgs};

#[derive(Debug, Parser)]
#[command(name = "berdaya", version, about = "Berdaya: sistem pemberdayaan UMKM untuk Dinas Koperasi dan UKM")]
pub struct Cli {
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web app (and the job worker) — migrates the database first.
    Serve {
        /// Seed a demo agency (Kota Bontang) with one user per role, and print the logins.
        #[arg(long)]
        demo: bool,
        #[arg(long)]
        port: Option<u16>,
        #[arg(long)]
        host: Option<String>,
    },
    /// Run only the job worker (for deployments with several app servers).
    Worker,
    /// Apply database migrations and load reference data, then exit.
    Migrate,
    /// Accounts from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Print a commented example configuration file.
    DefaultConfig,
    /// A consistent copy of a live SQLite database plus uploads, as a .tar.gz.
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Bring back a backup made by `berdaya backup` into the data folder.
    Restore {
        #[arg(long)]
        from: PathBuf,
        /// Replace an existing database.
        #[arg(long)]
        force: bool,
    },
    /// Bulk import into the registry.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Synthetic data for demos, tests and benchmarks.
    #[command(subcommand)]
    Gen(GenCommand),
    /// Screen an aid applicant list against rules, exclusion lists and the civil registry.
    Screen(berdaya_screen::cli::ScreenArgs),
    /// Find the same person within one CSV file (record linkage).
    Dedup {
        #[arg(long)]
        input: PathBuf,
        #[arg(long = "match-config")]
        match_config: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        pairs_out: Option<PathBuf>,
        #[arg(long)]
        threshold: Option<f64>,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Link records across two CSV files.
    Link {
        #[arg(long)]
        left: PathBuf,
        #[arg(long)]
        right: PathBuf,
        #[arg(long = "match-config")]
        match_config: Option<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        pairs_out: Option<PathBuf>,
        #[arg(long)]
        threshold: Option<f64>,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long)]
        threads: Option<usize>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an agency (Dinas) for a region.
    CreateAgency {
        #[arg(long)]
        name: String,
        /// Region code (provinsi or kab/kota); empty for national.
        #[arg(long, default_value = "")]
        region: String,
    },
    /// Create a staff user in an agency.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// admin, pimpinan, operator, surveyor or pendamping.
        #[arg(long)]
        role: String,
        /// The agency's exact name.
        #[arg(long)]
        agency: String,
        /// Read from BERDAYA_NEW_PASSWORD when not given, so it stays out of shell history.
        #[arg(long, env = "BERDAYA_NEW_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, default_value = "")]
        email: String,
    },
    /// Set a new password for a user.
    ResetPassword {
        #[arg(long)]
        username: String,
        #[arg(long, env = "BERDAYA_NEW_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Owners and businesses from a CSV or XLSX file.
    Owners {
        file: PathBuf,
        /// A saved column mapping (JSON); proposed from the headers when not given.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Write one line per input row: row, status, reason, owner_id.
        #[arg(long)]
        report: Option<PathBuf>,
        /// The agency region (kab/kota or provinsi code); rows outside it are rejected.
        #[arg(long, default_value = "")]
        region: String,
        /// Only print the proposed column mapping as JSON.
        #[arg(long)]
        propose_mapping: bool,
        /// Rows per transaction: a kill loses at most the batch in progress.
        #[arg(long, default_value_t = berdaya_web::services::import::DEFAULT_BATCH_ROWS)]
        batch_rows: usize,
        /// SQLite page cache for the import, in MiB.
        #[arg(long, default_value_t = 1024)]
        cache_mib: u32,
        /// Secondary indexes during the import: `auto` drops them and builds them afterwards
        /// when the registry is empty (an initial load), `defer` always does, `keep` never.
        /// On PostgreSQL the foreign keys of businesses and snapshots go the same way (added
        /// back afterwards, checking every row once).
        #[arg(long, value_enum, default_value_t = crate::import::IndexMode::Auto)]
        indexes: crate::import::IndexMode,
    },
}

#[derive(Debug, Subcommand)]
pub enum GenCommand {
    /// Realistic owners and businesses as a Dinas-style CSV.
    Owners {
        #[arg(long)]
        count: u64,
        /// Provinsi or kab/kota code; empty for all of Indonesia.
        #[arg(long, default_value = "")]
        region: String,
        #[arg(long)]
        out: PathBuf,
        /// Planted-row truth file (row, person, kind).
        #[arg(long)]
        truth: Option<PathBuf>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 0.0)]
        dup_rate: f64,
        #[arg(long, default_value_t = 0.0)]
        error_rate: f64,
    },
    /// A BPUM-scale applicant list with exclusion lists and planted BPK cases.
    Bpum {
        #[arg(long)]
        applicants: u64,
        #[arg(long, default_value = "")]
        region: String,
        #[arg(long)]
        out_dir: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain; exits non-zero naming the first bad row.
    Verify,
}

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BERDAYA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut cfg = settings::load(&cli.config)?;
    match cli.command {
        Command::DefaultConfig => {
            print!("{}", berdaya_web::config::EXAMPLE);
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { demo, port, host } => {
            init_tracing(cfg.json_logs);
            if let Some(p) = port {
                cfg.port = p;
            }
            if let Some(h) = host {
                cfg.host = h;
            }
            serve(cfg, demo).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Worker => {
            init_tracing(cfg.json_logs);
            let db = settings::open_db(&cfg).await?;
            let (tx, rx) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                shutdown_signal().await;
                let _ = tx.send(true);
            });
            let storage = berdaya_web::storage::FileStorage::from_config(&cfg)?;
            let env = berdaya_web::worker::JobEnv { db, storage };
            berdaya_web::worker::run(env, berdaya_web::worker::Registry::standard(), rx).await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            init_tracing(cfg.json_logs);
            let db = settings::open_db(&cfg).await?;
            println!("Migrasi selesai ({:?}).", db.backend());
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin(cmd) => admin(cfg, cmd).await,
        Command::Audit(AuditCommand::Verify) => {
            let db = settings::open_db(&cfg).await?;
            let report = audit::verify(&db, |_, _| {}).await?;
            match report.first_bad {
                None => {
                    println!("Rantai audit utuh: {} baris diperiksa.", report.rows_checked);
                    Ok(ExitCode::SUCCESS)
                }
                Some((seq, why)) => {
                    println!("RANTAI AUDIT RUSAK pada baris #{seq}: {why} ({} baris sebelumnya utuh).", report.rows_checked);
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Backup { out } => {
            crate::backup::backup(&cfg, &out).await?;
            println!("Cadangan tersimpan di {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { from, force } => {
            crate::backup::restore(&cfg, &from, force)?;
            println!("Cadangan dipulihkan ke {}", cfg.data_dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(ImportCommand::Owners { file, mapping, report, region, propose_mapping, batch_rows, cache_mib, indexes }) => {
            if propose_mapping {
                println!("{}", crate::import::propose(&file)?);
                return Ok(ExitCode::SUCCESS);
            }
            init_tracing(cfg.json_logs);
            let db = settings::open_db(&cfg).await?;
            let args = crate::import::ImportArgs { file, mapping, report, region, batch_rows, cache_mib, indexes };
            let s = crate::import::import_owners(&db, &args).await?;
            println!(
                "Impor selesai: {} baris — {} baru, {} diperbarui, {} ganda, {} ditolak.",
                s.total, s.imported, s.updated, s.duplicate, s.rejected
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Gen(GenCommand::Owners { count, region, out, truth, seed, dup_rate, error_rate }) => {
            let opts = berdaya_synth::OwnersOptions { count, region, seed, dup_rate, error_rate, ..Default::default() };
            let summary = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
                let mut w = std::io::BufWriter::new(std::fs::File::create(&out)?);
                let mut t = truth.map(|p| std::fs::File::create(p).map(std::io::BufWriter::new)).transpose()?;
                let s = berdaya_synth::generate_owners(&opts, &mut w, t.as_mut().map(|t| t as &mut dyn std::io::Write))?;
                std::io::Write::flush(&mut w)?;
                Ok(s)
            })
            .await??;
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Gen(GenCommand::Bpum { applicants, region, out_dir, seed }) => {
            let opts = berdaya_synth::BpumOptions { applicants, region, seed, ..Default::default() };
            std::fs::create_dir_all(&out_dir)?;
            let summary = tokio::task::spawn_blocking(move || berdaya_synth::generate_bpum(&opts, &out_dir)).await??;
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Screen(args) => {
            let report = tokio::task::spawn_blocking(move || berdaya_screen::cli::run(&args)).await??;
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Dedup { input, match_config, out, pairs_out, threshold, seed, threads } => {
            let opts = berdaya_match::cli::DedupOptions { input, config: match_config, out, pairs_out, threshold, seed, threads };
            let summary = tokio::task::spawn_blocking(move || berdaya_match::cli::run_dedup(&opts)).await??;
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Link { left, right, match_config, out, pairs_out, threshold, seed, threads } => {
            let opts =
                berdaya_match::cli::LinkOptions { left, right, config: match_config, out, pairs_out, threshold, seed, threads };
            let summary = tokio::task::spawn_blocking(move || berdaya_match::cli::run_link(&opts)).await??;
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn admin(cfg: berdaya_web::config::Config, cmd: AdminCommand) -> anyhow::Result<ExitCode> {
    let db = settings::open_db(&cfg).await?;
    let hasher = berdaya_web::auth::password::Hasher::new(&cfg.password_cost);
    let actor = Actor::cli();
    let result = match cmd {
        AdminCommand::CreateAgency { name, region } => {
            let a = create_agency(&db, &actor, &AgencyInput { name, region, ..Default::default() }).await;
            a.map(|a| format!("Dinas dibuat: {} ({})", a.name, if a.region.is_empty() { "nasional" } else { &a.region }))
        }
        AdminCommand::CreateUser { username, full_name, role, agency, password, email } => {
            let Some(a) = agencies::find_by_name(&db, &agency).await? else {
                anyhow::bail!("dinas \"{agency}\" tidak ditemukan (buat dulu dengan `berdaya admin create-agency`)");
            };
            let input = UserInput { username, full_name, email, role, agency_id: Some(a.id), password, active: true };
            accounts::create_user(&db, &hasher, &actor, &input).await.map(|u| format!("Pengguna dibuat: {} ({})", u.username, u.role))
        }
        AdminCommand::ResetPassword { username, password } => {
            let Some(u) = users::get_by_username(&db, &username).await? else {
                anyhow::bail!("pengguna \"{username}\" tidak ditemukan");
            };
            accounts::reset_password(&db, &hasher, &actor, u.id, &password).await.map(|_| format!("Kata sandi {username} diganti."))
        }
    };
    match result {
        Ok(msg) => {
            println!("{msg}");
            Ok(ExitCode::SUCCESS)
        }
        Err(berdaya_web::error::ServiceError::Invalid(f)) => {
            for (field, msg) in f.0 {
                eprintln!("{field}: {msg}");
            }
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.into()),
    }
}

async fn serve(cfg: berdaya_web::config::Config, demo: bool) -> anyhow::Result<()> {
    let db = settings::open_db(&cfg).await?;
    if demo {
        crate::demo::seed(&db, &cfg).await?;
    }
    if let Some(token) = accounts::issue_setup_token(&db).await? {
        println!();
        println!("Belum ada administrator. Buka tautan sekali pakai ini untuk penyiapan awal:");
        println!("  http://{}:{}/setup?token={token}", cfg.host, cfg.port);
        println!();
    }
    let app = berdaya_web::Application::build(cfg.clone(), db.clone()).await?;
    println!("Berdaya berjalan di http://{}:{}  ({:?})", cfg.host, app.port(), db.backend());
    app.run_until(shutdown_signal()).await?;
    db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("shutting down");
}
