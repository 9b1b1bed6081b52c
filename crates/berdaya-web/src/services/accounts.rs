//! Staff accounts: sign-in, users, passwords, API tokens, first-run setup.

use berdaya_core::Role;
use berdaya_store::audit;
use berdaya_store::users::{NewUser, User, UserPatch};
use berdaya_store::{Db, agencies, sessions, settings, users};
use chrono::Duration;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::password::{Hasher, check_strength, new_secret, secret_hash};
use crate::error::{FieldErrors, ServiceError};
use crate::services::{Actor, text};

pub const SETUP_TOKEN_KEY: &str = "setup_token_hash";
const WINDOW_MINUTES: i64 = 15;
const MAX_FAILS_PER_USER: i64 = 5;
const MAX_FAILS_PER_IP: i64 = 30;

/// A new session: the cookie secret and its CSRF token.
pub struct NewSession {
    pub token: String,
    pub user: User,
}

/// Check credentials with rate limits per account and per IP; on success open a session.
pub async fn login(
    db: &Db,
    hasher: &Hasher,
    username: &str,
    password: &str,
    ip: &str,
    user_agent: &str,
    session_hours: i64,
) -> Result<NewSession, ServiceError> {
    let username = username.trim().to_lowercase();
    let since = berdaya_store::now() - Duration::minutes(WINDOW_MINUTES);
    let (by_user, by_ip) = sessions::failures_since(db, &username, ip, since).await?;
    if by_user >= MAX_FAILS_PER_USER || by_ip >= MAX_FAILS_PER_IP {
        return Err(ServiceError::TooMany(format!(
            "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {WINDOW_MINUTES} menit."
        )));
    }
    let user = users::get_by_username(db, &username).await?;
    // Verify against a dummy hash when the user is unknown, so timing does not reveal it.
    let dummy = "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$MzA2ZGFhN2I0ZjY1NDY0ZmFlZTc2YjkwN2YwNWRjYjI";
    let ok = match &user {
        Some(u) => hasher.verify(password, &u.password_hash) && u.active,
        None => {
            let _ = hasher.verify(password, dummy);
            false
        }
    };
    sessions::record_attempt(db, &username, ip, ok).await?;
    let (Some(user), true) = (user, ok) else {
        let mut f = FieldErrors::default();
        f.add("password", "Nama pengguna atau kata sandi salah, atau akun tidak aktif.");
        return Err(ServiceError::Invalid(f));
    };
    let token = new_secret()?;
    let csrf = new_secret()?;
    sessions::create(db, &secret_hash(&token), user.id, &csrf, Duration::hours(session_hours), ip, user_agent).await?;
    users::touch_login(db, user.id).await?;
    let actor = Actor { user_id: Some(user.id), username: user.username.clone(), ip: ip.into(), ..Actor::cli() };
    audit::record_alone(db, actor.audit("login", "user", user.id, &user.region)).await?;
    Ok(NewSession { token, user })
}

pub async fn logout(db: &Db, session_hash: &str) -> Result<(), ServiceError> {
    sessions::delete(db, session_hash).await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct UserInput {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
    /// The agency the user belongs to; must lie in the actor's scope.
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    /// Initial password; the user must change it at first sign-in.
    #[serde(default)]
    pub password: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn valid_username(u: &str) -> bool {
    (3..=40).contains(&u.len()) && u.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

fn check_common(input: &UserInput, f: &mut FieldErrors) -> (String, String, Option<Role>) {
    let full_name = match text(&input.full_name, 120) {
        Ok(v) if !v.is_empty() => v,
        Ok(_) => {
            f.add("full_name", "Nama lengkap wajib diisi.");
            String::new()
        }
        Err(m) => {
            f.add("full_name", m);
            String::new()
        }
    };
    let email = input.email.trim().to_string();
    if !email.is_empty() && (!email.contains('@') || email.len() > 120 || email.contains(' ')) {
        f.add("email", "Alamat email tidak valid.");
    }
    let role = Role::parse(&input.role);
    if role.is_none() {
        f.add("role", "Pilih peran: admin, pimpinan, operator, surveyor, atau pendamping.");
    }
    (full_name, email, role)
}

/// Create a staff user in an agency inside the actor's scope.
pub async fn create_user(db: &Db, hasher: &Hasher, actor: &Actor, input: &UserInput) -> Result<User, ServiceError> {
    if !actor.role.can_manage_users() {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    let username = input.username.trim().to_lowercase();
    if !valid_username(&username) {
        f.add("username", "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah, atau tanda hubung.");
    }
    let (full_name, email, role) = check_common(input, &mut f);
    if let Err(m) = check_strength(&input.password, &username) {
        f.add("password", m);
    }
    let agency = match input.agency_id {
        Some(id) => match agencies::get(db, &actor.scope, id).await {
            Ok(a) => Some(a),
            Err(berdaya_store::StoreError::NotFound) => {
                f.add("agency_id", "Dinas tidak ditemukan di wilayah kerja anda.");
                None
            }
            Err(e) => return Err(e.into()),
        },
        None => {
            f.add("agency_id", "Pilih dinas.");
            None
        }
    };
    if !f.has("username") && users::get_by_username(db, &username).await?.is_some() {
        f.add("username", "Nama pengguna sudah dipakai.");
    }
    f.into_result()?;
    let (Some(agency), Some(role)) = (agency, role) else { return Err(ServiceError::NotFound) };
    let hash = hasher.hash(&input.password)?;
    let mut tx = db.begin().await?;
    let created = users::create(
        &mut tx,
        &NewUser {
            agency_id: agency.id,
            region: agency.region.clone(),
            username,
            full_name,
            email,
            role: role.as_str().into(),
            password_hash: hash,
            must_change_password: actor.user_id.is_some(),
        },
    )
    .await;
    let user = match created {
        Ok(u) => u,
        Err(e) if e.is_conflict() => {
            let mut f = FieldErrors::default();
            f.add("username", "Nama pengguna sudah dipakai.");
            return Err(ServiceError::Invalid(f));
        }
        Err(e) => return Err(e.into()),
    };
    let mut entry = actor.audit("create", "user", user.id, &user.region);
    entry.after = Some(serde_json::to_value(&user).map_err(anyhow::Error::from)?);
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(user)
}

/// Change a user's name, email, role or active flag.
pub async fn update_user(db: &Db, actor: &Actor, id: Uuid, input: &UserInput) -> Result<User, ServiceError> {
    if !actor.role.can_manage_users() {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    let (full_name, email, role) = check_common(input, &mut f);
    if Some(id) == actor.user_id && (!input.active || role != Some(Role::Admin)) {
        f.add("role", "Anda tidak dapat menonaktifkan atau menurunkan peran akun anda sendiri.");
    }
    f.into_result()?;
    let role = role.ok_or(ServiceError::NotFound)?;
    let mut tx = db.begin().await?;
    let patch = UserPatch { full_name, email, role: role.as_str().into(), active: input.active };
    let (before, after) = users::update(&mut tx, &actor.scope, id, &patch).await?;
    let mut entry = actor.audit("update", "user", id, &after.region);
    entry.before = Some(serde_json::to_value(&before).map_err(anyhow::Error::from)?);
    entry.after = Some(serde_json::to_value(&after).map_err(anyhow::Error::from)?);
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;
    if !after.active {
        sessions::delete_for_user(db, id, None).await?;
    }
    Ok(after)
}

/// An admin sets a new temporary password; the user must change it at next sign-in.
pub async fn reset_password(db: &Db, hasher: &Hasher, actor: &Actor, id: Uuid, password: &str) -> Result<(), ServiceError> {
    if !actor.role.can_manage_users() {
        return Err(ServiceError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let user = users::get_for_update(&mut tx, &actor.scope, id).await?;
    if let Err(m) = check_strength(password, &user.username) {
        let mut f = FieldErrors::default();
        f.add("password", m);
        return Err(ServiceError::Invalid(f));
    }
    let hash = hasher.hash(password)?;
    users::set_password(&mut tx, id, &hash, actor.user_id.is_some()).await?;
    audit::record(&mut tx, actor.audit("reset_password", "user", id, &user.region)).await?;
    tx.commit().await?;
    sessions::delete_for_user(db, id, None).await?;
    Ok(())
}

/// A user changes their own password; other sessions of theirs are signed out.
pub async fn change_own_password(
    db: &Db,
    hasher: &Hasher,
    actor: &Actor,
    user: &User,
    current: &str,
    new: &str,
    confirm: &str,
    keep_session: &str,
) -> Result<(), ServiceError> {
    let mut f = FieldErrors::default();
    if !hasher.verify(current, &user.password_hash) {
        f.add("current", "Kata sandi saat ini salah.");
    }
    if let Err(m) = check_strength(new, &user.username) {
        f.add("new", m);
    } else if new == current {
        f.add("new", "Kata sandi baru harus berbeda dari yang lama.");
    }
    if new != confirm {
        f.add("confirm", "Konfirmasi tidak sama dengan kata sandi baru.");
    }
    f.into_result()?;
    let hash = hasher.hash(new)?;
    let mut tx = db.begin().await?;
    users::set_password(&mut tx, user.id, &hash, false).await?;
    audit::record(&mut tx, actor.audit("change_password", "user", user.id, &user.region)).await?;
    tx.commit().await?;
    sessions::delete_for_user(db, user.id, Some(keep_session)).await?;
    Ok(())
}

/// A new API token for the actor; the secret is shown once.
pub async fn create_token(db: &Db, actor: &Actor, user: &User, name: &str) -> Result<String, ServiceError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        let mut f = FieldErrors::default();
        f.add("name", "Beri nama token (1–80 karakter), misalnya nama aplikasi yang memakainya.");
        return Err(ServiceError::Invalid(f));
    }
    let secret = format!("bdy_{}", new_secret()?);
    let t = sessions::create_token(db, user.id, name, &secret[..12], &secret_hash(&secret)).await?;
    audit::record_alone(db, actor.audit("create_token", "api_token", t.id, &user.region)).await?;
    Ok(secret)
}

pub async fn revoke_token(db: &Db, actor: &Actor, user: &User, id: Uuid) -> Result<(), ServiceError> {
    if !sessions::revoke_token(db, user.id, id).await? {
        return Err(ServiceError::NotFound);
    }
    audit::record_alone(db, actor.audit("revoke_token", "api_token", id, &user.region)).await?;
    Ok(())
}

/// When no admin exists: a one-time setup token (its hash is stored; the token is printed).
pub async fn issue_setup_token(db: &Db) -> Result<Option<String>, ServiceError> {
    if users::count_active_admins(db).await? > 0 {
        settings::delete(db, SETUP_TOKEN_KEY).await?;
        return Ok(None);
    }
    let token = new_secret()?;
    settings::set(db, SETUP_TOKEN_KEY, &secret_hash(&token)).await?;
    Ok(Some(token))
}

pub async fn setup_token_valid(db: &Db, token: &str) -> Result<bool, ServiceError> {
    let stored = settings::get(db, SETUP_TOKEN_KEY).await?;
    Ok(matches!(stored, Some(h) if crate::auth::password::constant_eq(&h, &secret_hash(token))))
}
