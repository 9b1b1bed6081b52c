//! Agencies (Dinas) and the first-run setup that creates the first one with its admin.

use berdaya_core::{KodeWilayah, Scope, Tingkat};
use berdaya_store::agencies::{Agency, AgencyPatch, NewAgency};
use berdaya_store::users::NewUser;
use berdaya_store::{Db, agencies, audit, regions, settings, users};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::password::{Hasher, check_strength, secret_hash};
use crate::error::{FieldErrors, ServiceError};
use crate::services::accounts::SETUP_TOKEN_KEY;
use crate::services::{Actor, text};

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AgencyInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    /// Region code of the agency's scope (provinsi or kab/kota); empty for national.
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

struct Checked {
    name: String,
    short_name: String,
    address: String,
    phone: String,
    email: String,
}

fn check_fields(input: &AgencyInput, f: &mut FieldErrors) -> Checked {
    let mut take = |field: &str, v: &str, max: usize| match text(v, max) {
        Ok(s) => s,
        Err(m) => {
            f.add(field, m);
            String::new()
        }
    };
    let c = Checked {
        name: take("name", &input.name, 200),
        short_name: take("short_name", &input.short_name, 60),
        address: take("address", &input.address, 300),
        phone: take("phone", &input.phone, 40),
        email: take("email", &input.email, 120),
    };
    if c.name.is_empty() && !f.has("name") {
        f.add("name", "Nama dinas wajib diisi.");
    }
    if !c.email.is_empty() && !c.email.contains('@') {
        f.add("email", "Alamat email tidak valid.");
    }
    c
}

/// Check a region code for an agency inside `scope`; returns the dotted code ('' = national).
async fn check_region(db: &Db, scope: &Scope, raw: &str, f: &mut FieldErrors) -> Result<String, ServiceError> {
    let raw = raw.trim();
    if raw.is_empty() {
        if *scope != Scope::National {
            f.add("region", "Hanya pengguna nasional yang dapat membuat dinas tingkat nasional.");
        }
        return Ok(String::new());
    }
    let code = match KodeWilayah::parse(raw) {
        Ok(c) => c,
        Err(e) => {
            f.add("region", format!("Kode wilayah tidak valid: {e}."));
            return Ok(String::new());
        }
    };
    if !matches!(code.tingkat(), Tingkat::Provinsi | Tingkat::Kabkota) {
        f.add("region", "Wilayah kerja dinas harus provinsi atau kabupaten/kota.");
    } else if regions::get(db, &code.dotted()).await?.is_none() {
        f.add("region", "Kode wilayah tidak ada dalam daftar Kemendagri.");
    } else if !scope.contains(&code) {
        f.add("region", "Wilayah ini di luar wilayah kerja anda.");
    }
    Ok(code.dotted())
}

pub async fn create_agency(db: &Db, actor: &Actor, input: &AgencyInput) -> Result<Agency, ServiceError> {
    if !actor.role.can_manage_users() {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    let c = check_fields(input, &mut f);
    let region = check_region(db, &actor.scope, &input.region, &mut f).await?;
    if !f.has("name") && agencies::find_by_name(db, &c.name).await?.is_some() {
        f.add("name", "Nama dinas ini sudah terdaftar.");
    }
    f.into_result()?;
    let mut tx = db.begin().await?;
    let a = agencies::create(
        &mut tx,
        &NewAgency { name: c.name, short_name: c.short_name, region, address: c.address, phone: c.phone, email: c.email },
    )
    .await?;
    let mut entry = actor.audit("create", "agency", a.id, &a.region);
    entry.after = Some(serde_json::to_value(&a).map_err(anyhow::Error::from)?);
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(a)
}

pub async fn update_agency(db: &Db, actor: &Actor, id: Uuid, input: &AgencyInput) -> Result<Agency, ServiceError> {
    if !actor.role.can_manage_users() {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    let c = check_fields(input, &mut f);
    f.into_result()?;
    let mut tx = db.begin().await?;
    let patch = AgencyPatch { name: c.name, short_name: c.short_name, address: c.address, phone: c.phone, email: c.email };
    let (before, after) = agencies::update(&mut tx, &actor.scope, id, &patch).await?;
    let mut entry = actor.audit("update", "agency", id, &after.region);
    entry.before = Some(serde_json::to_value(&before).map_err(anyhow::Error::from)?);
    entry.after = Some(serde_json::to_value(&after).map_err(anyhow::Error::from)?);
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SetupInput {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub agency_name: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub confirm: String,
}

/// First run: with the one-time token, create the first agency and its admin.
pub async fn first_run_setup(db: &Db, hasher: &Hasher, input: &SetupInput, ip: &str) -> Result<Uuid, ServiceError> {
    let mut f = FieldErrors::default();
    let agency_input = AgencyInput { name: input.agency_name.clone(), region: input.region.clone(), ..Default::default() };
    let c = check_fields(&agency_input, &mut f);
    if let Some(m) = f.0.remove("name") {
        f.add("agency_name", m);
    }
    let region = check_region(db, &Scope::National, &input.region, &mut f).await?;
    let username = input.username.trim().to_lowercase();
    if !(3..=40).contains(&username.len())
        || !username.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "._-".contains(ch))
    {
        f.add("username", "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah, atau tanda hubung.");
    }
    if input.full_name.trim().is_empty() {
        f.add("full_name", "Nama lengkap wajib diisi.");
    }
    if let Err(m) = check_strength(&input.password, &username) {
        f.add("password", m);
    }
    if input.password != input.confirm {
        f.add("confirm", "Konfirmasi tidak sama dengan kata sandi.");
    }
    f.into_result()?;
    // Consume the token exactly once, even under concurrent submissions.
    if !settings::take(db, SETUP_TOKEN_KEY, &secret_hash(&input.token)).await? {
        return Err(ServiceError::Forbidden);
    }
    if users::count_active_admins(db).await? > 0 {
        return Err(ServiceError::Forbidden);
    }
    let hash = hasher.hash(&input.password)?;
    let mut tx = db.begin().await?;
    let agency = agencies::create(
        &mut tx,
        &NewAgency {
            name: c.name,
            short_name: String::new(),
            region: region.clone(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
        },
    )
    .await?;
    let user = users::create(
        &mut tx,
        &NewUser {
            agency_id: agency.id,
            region,
            username: username.clone(),
            full_name: input.full_name.trim().into(),
            email: String::new(),
            role: "admin".into(),
            password_hash: hash,
            must_change_password: false,
        },
    )
    .await?;
    let actor = Actor { user_id: Some(user.id), username, ip: ip.into(), ..Actor::cli() };
    let mut e = actor.audit("setup", "agency", agency.id, &agency.region);
    e.after = Some(serde_json::to_value(&agency).map_err(anyhow::Error::from)?);
    audit::record(&mut tx, e).await?;
    let mut e = actor.audit("create", "user", user.id, &user.region);
    e.after = Some(serde_json::to_value(&user).map_err(anyhow::Error::from)?);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(user.id)
}
