//! `serve --demo`: a demo deployment — the ministry, Provinsi Kalimantan Timur, Kota Bontang
//! (one user per role) and Kota Tangerang Selatan.

use berdaya_store::{Db, agencies};
use berdaya_web::config::Config;
use berdaya_web::services::accounts::{self, UserInput};
use berdaya_web::services::agencies::{AgencyInput, create_agency};
use berdaya_web::services::Actor;

/// The password of every demo account (printed at start; demo data only).
pub const DEMO_PASSWORD: &str = "Berdaya-Demo-2026";

const AGENCIES: &[(&str, &str, &str)] = &[
    ("nasional", "Kementerian Koperasi dan UKM", ""),
    ("kaltim", "Dinas Koperasi dan UKM Provinsi Kalimantan Timur", "64"),
    ("bontang", "Dinas Koperasi, UKM dan Perdagangan Kota Bontang", "64.74"),
    ("tangsel", "Dinas Koperasi dan UKM Kota Tangerang Selatan", "36.74"),
];

const USERS: &[(&str, &str, &str, &str)] = &[
    ("admin.nasional", "Rina Kartika", "admin", "nasional"),
    ("admin.kaltim", "Yusuf Hidayat", "admin", "kaltim"),
    ("admin.bontang", "Andi Saputra", "admin", "bontang"),
    ("pimpinan.bontang", "Dra. Hj. Sitti Rahmah", "pimpinan", "bontang"),
    ("operator.bontang", "Nur Aisyah", "operator", "bontang"),
    ("surveyor.bontang", "Muhammad Rizal", "surveyor", "bontang"),
    ("pendamping.bontang", "Wahyuni Lestari", "pendamping", "bontang"),
    ("admin.tangsel", "Dewi Anggraini", "admin", "tangsel"),
];

/// Seed the demo data unless it is there already; always print the logins.
pub async fn seed(db: &Db, cfg: &Config) -> anyhow::Result<()> {
    let hasher = berdaya_web::auth::password::Hasher::new(&cfg.password_cost);
    let actor = Actor { username: "demo".into(), ..Actor::cli() };
    let mut ids = std::collections::HashMap::new();
    for (key, name, region) in AGENCIES {
        let a = match agencies::find_by_name(db, name).await? {
            Some(a) => a,
            None => create_agency(db, &actor, &AgencyInput { name: (*name).into(), region: (*region).into(), ..Default::default() })
                .await
                .map_err(|e| anyhow::anyhow!("demo agency {name}: {e:?}"))?,
        };
        ids.insert(*key, a.id);
    }
    for (username, full_name, role, agency) in USERS {
        if berdaya_store::users::get_by_username(db, username).await?.is_some() {
            continue;
        }
        let input = UserInput {
            username: (*username).into(),
            full_name: (*full_name).into(),
            role: (*role).into(),
            agency_id: ids.get(agency).copied(),
            password: DEMO_PASSWORD.into(),
            active: true,
            email: String::new(),
        };
        accounts::create_user(db, &hasher, &actor, &input).await.map_err(|e| anyhow::anyhow!("demo user {username}: {e:?}"))?;
    }
    seed_registry(db, "64.74", 3000, 11).await?;
    seed_registry(db, "36.74", 400, 12).await?;
    crate::demo_complaints::seed(db, &berdaya_web::storage::FileStorage::from_config(cfg)?).await?;
    crate::demo_aid::seed(db).await?;
    crate::demo_training::seed(db, cfg).await?;
    println!();
    println!("Data demo siap. Akun demo (kata sandi semua: {DEMO_PASSWORD}):");
    for (username, full_name, role, agency) in USERS {
        println!("  {username:<20} {role:<11} {full_name} — {agency}");
    }
    println!();
    Ok(())
}

/// A demo city's registry: realistic generated owners and businesses, imported the way a Dinas
/// would load its spreadsheet (so the import path is what the demo shows).
pub(crate) async fn seed_registry(db: &Db, region: &str, count: u64, seed: u64) -> anyhow::Result<()> {
    let code = berdaya_core::KodeWilayah::parse(region)?;
    let scope = berdaya_core::Scope::Region(code);
    if berdaya_store::owners::count(db, &scope).await? > 0 {
        return Ok(());
    }
    let opts = berdaya_synth::OwnersOptions { count, region: region.into(), seed, dup_rate: 0.01, error_rate: 0.02, ..Default::default() };
    let mut csv = Vec::new();
    berdaya_synth::generate_owners(&opts, &mut csv, None)?;
    let table = berdaya_tabular::Table::from_bytes(csv, &berdaya_tabular::ReadOptions::default())?;
    let mapping = berdaya_tabular::propose_mapping(&table.header().columns);
    let actor = Actor { username: "demo".into(), role: berdaya_core::Role::Operator, scope, ..Actor::cli() };
    let s = berdaya_web::services::import::run_import(db, &actor, table, &mapping, |_, _| {}, |_, _| {})
        .await
        .map_err(|e| anyhow::anyhow!("demo registry {region}: {e:?}"))?;
    println!("Registri demo {region}: {} pelaku usaha baru, {} ditolak (kesalahan yang sengaja ditanam).", s.imported, s.rejected);
    Ok(())
}
