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
    seed_permits(db, "64.74").await?;
    seed_registry(db, "36.74", 400, 12).await?;
    seed_permits(db, "36.74").await?;
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

/// Permits on part of a demo city's businesses, recorded through the permit form's service
/// (audited, the business's permit set and word index kept in step), so the list's permit
/// filters and the business pages have something to show: PIRT and halal on food makers and
/// stalls (KBLI C and I), BPOM on a few makers, trademarks anywhere. Skipped when the city has
/// permits already.
pub(crate) async fn seed_permits(db: &Db, region: &str) -> anyhow::Result<()> {
    use berdaya_store::businesses::{self, BusinessFilter};
    use berdaya_web::services::registry::permits::{PermitInput, add_permit};
    let scope = berdaya_core::Scope::Region(berdaya_core::KodeWilayah::parse(region)?);
    for kind in ["pirt", "halal", "bpom", "merek"] {
        let f = BusinessFilter { izin: Some(kind.into()), sort: "nama".into(), ..Default::default() };
        if !businesses::list(db, &scope, &f, 1).await?.is_empty() {
            return Ok(());
        }
    }
    let actor = Actor { username: "demo".into(), role: berdaya_core::Role::Operator, scope: scope.clone(), ..Actor::cli() };
    let (mut after, mut recorded) = (None, 0);
    loop {
        let f = BusinessFilter { sort: "nama".into(), after: after.clone(), ..Default::default() };
        let page = businesses::list(db, &scope, &f, 500).await?;
        let Some(last) = page.last() else { break };
        after = Some((last.nama_norm.clone(), last.id));
        for b in &page {
            // The id's random tail picks the businesses and the numbers.
            let r = u64::from_le_bytes(b.id.as_bytes()[8..16].try_into().expect("8 bytes"));
            let food = b.sektor == "C" || b.sektor == "I";
            let (day, month, year) = (1 + (r >> 8) % 28, 1 + (r >> 16) % 12, 2019 + (r % 6) as i32);
            let until = |years: i32| format!("{day:02}/{month:02}/{}", year + years);
            let issued = until(0);
            let mut permits = Vec::new();
            if food && r % 4 == 0 {
                permits.push(("pirt", format!("{:015}-{}", (r >> 4) % 1_000_000_000_000_000, (year + 5) % 100), until(5)));
            }
            if food && (r >> 24) % 6 == 0 {
                permits.push(("halal", format!("ID64110000{:09}", (r >> 12) % 1_000_000_000), String::new()));
            }
            if b.sektor == "C" && (r >> 32) % 25 == 1 {
                permits.push(("bpom", format!("MD {:012}", (r >> 20) % 1_000_000_000_000), until(5)));
            }
            if (r >> 40) % 30 == 7 {
                permits.push(("merek", format!("IDM000{:06}", (r >> 28) % 1_000_000), until(10)));
            }
            for (jenis, nomor, berlaku_sampai) in permits {
                let input = PermitInput { jenis: jenis.into(), nomor, tanggal_terbit: issued.clone(), berlaku_sampai };
                add_permit(db, &actor, b.id, &input).await.map_err(|e| anyhow::anyhow!("demo permit {jenis} for {}: {e:?}", b.id))?;
                recorded += 1;
            }
        }
    }
    println!("Izin usaha demo {region}: {recorded} izin dicatat (PIRT, halal, BPOM, merek).");
    Ok(())
}
