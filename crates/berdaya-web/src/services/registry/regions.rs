//! Address regions on the registry forms: typed by code or by name inside the actor's scope,
//! current (not retired), and inside the scope.

use berdaya_core::Scope;
use berdaya_store::{Db, regions};

use super::input::{BusinessInput, OwnerFields};
use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;

/// The region must be in the current Kemendagri list (not retired) and lie in the actor's scope.
pub(super) async fn check_region(db: &Db, actor: &Actor, f: &mut FieldErrors, field: &str, code: &berdaya_core::KodeWilayah) -> Result<(), ServiceError> {
    check_region_kept(db, actor, f, field, code, None).await
}

/// [`check_region`] on an edit: the region the record already has is accepted even if a newer
/// list retired it (the record stays editable; moving it to a retired code is refused).
pub(super) async fn check_region_kept(
    db: &Db,
    actor: &Actor,
    f: &mut FieldErrors,
    field: &str,
    code: &berdaya_core::KodeWilayah,
    stored: Option<&str>,
) -> Result<(), ServiceError> {
    let unchanged = stored == Some(code.dotted().as_str());
    match regions::get(db, &code.dotted()).await? {
        None => f.add(field, "Kode wilayah tidak ada dalam daftar Kemendagri."),
        Some(r) if r.retired_version_id.is_some() && !unchanged => {
            f.add(field, "Kode wilayah ini sudah tidak berlaku (wilayah dimekarkan atau digabung); pilih kode yang baru.")
        }
        Some(_) => {}
    }
    if f.has(field) {
        return Ok(());
    }
    if !actor.scope.contains(code) {
        f.add(field, "Wilayah ini di luar wilayah kerja anda.");
    }
    Ok(())
}

pub(super) async fn nik_kecamatan_warning(db: &Db, o: &mut OwnerFields) -> Result<(), ServiceError> {
    let kec = o.nik.kecamatan_code();
    if regions::get(db, &kec.dotted()).await?.is_none_or(|r| r.retired_version_id.is_some()) {
        o.warnings.push(format!(
            "Kecamatan NIK ({}) tidak ada dalam daftar wilayah saat ini (mungkin sudah dimekarkan).",
            kec.dotted()
        ));
    }
    Ok(())
}

/// The business's own address region as typed (a code, a suggestion "kode — nama", or a
/// desa/kecamatan name) resolved to a code inside the actor's scope.
pub(super) async fn with_business_region(db: &Db, actor: &Actor, input: &BusinessInput) -> Result<BusinessInput, ServiceError> {
    let mut b = input.clone();
    if !b.kode_wilayah.trim().is_empty() {
        b.kode_wilayah = resolve_region_field(db, &actor.scope, &b.kode_wilayah, "kode_wilayah_usaha").await?;
    }
    Ok(b)
}

/// An address region typed as a code, or as a desa/kecamatan name resolved inside the scope.
pub async fn resolve_region_text(db: &Db, scope: &Scope, raw: &str) -> Result<String, ServiceError> {
    resolve_region_field(db, scope, raw, "kode_wilayah").await
}

/// [`resolve_region_text`] for a form field other than the owner's address region.
pub async fn resolve_region_field(db: &Db, scope: &Scope, raw: &str, field: &str) -> Result<String, ServiceError> {
    let raw = raw.trim();
    // "64.74.01.1001 — Bontang Baru, …" from the suggestion list: take the code.
    let head = raw.split([' ', '—']).next().unwrap_or("");
    if berdaya_core::KodeWilayah::parse(head).is_ok() {
        return Ok(head.to_string());
    }
    if raw.is_empty() || berdaya_core::KodeWilayah::parse(raw).is_ok() || raw.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Ok(raw.to_string());
    }
    let within = scope.root();
    let mut hits = regions::search(db, raw, within.as_deref(), Some("desakel"), 6).await?;
    if hits.is_empty() {
        hits = regions::search(db, raw, within.as_deref(), Some("kecamatan"), 6).await?;
    }
    let exact: Vec<_> = hits.iter().filter(|r| r.nama.eq_ignore_ascii_case(raw)).collect();
    match (exact.len(), hits.len()) {
        (1, _) => Ok(exact[0].kode.clone()),
        (_, 1) => Ok(hits[0].kode.clone()),
        (_, 0) => {
            let mut f = FieldErrors::default();
            f.add(field, format!("Wilayah \"{raw}\" tidak ditemukan di wilayah kerja anda."));
            Err(ServiceError::Invalid(f))
        }
        _ => {
            let mut f = FieldErrors::default();
            let options: Vec<String> = hits.iter().take(5).map(|r| format!("{} ({})", r.nama, r.kode)).collect();
            f.add(field, format!("Nama \"{raw}\" ada di beberapa wilayah; pilih kodenya: {}.", options.join(", ")));
            Err(ServiceError::Invalid(f))
        }
    }
}
