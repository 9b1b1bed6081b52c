//! Permits of a business (PIRT, halal, BPOM, trademark, NIB) with their numbers and dates.
//! Each permit is a row in `business_permits`; the business's `izin` set (what the list
//! filters on) gains the permit's code in the same transaction.

use berdaya_core::tanggal::parse_date;
use berdaya_store::businesses::{self, Permit};
use berdaya_store::{Db, audit};
use serde::Deserialize;
use uuid::Uuid;

use super::normalize_set;
use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;

/// Permit kinds: code and label.
pub const KINDS: [(&str, &str); 5] =
    [("pirt", "PIRT (P-IRT)"), ("halal", "Sertifikat halal"), ("bpom", "Izin edar BPOM"), ("merek", "Merek (HKI)"), ("nib", "NIB (OSS)")];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PermitInput {
    pub jenis: String,
    pub nomor: String,
    pub tanggal_terbit: String,
    pub berlaku_sampai: String,
}

pub fn label(code: &str) -> &'static str {
    KINDS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or("Izin lain")
}

/// Record a permit of a business in the actor's scope.
pub async fn add_permit(db: &Db, actor: &Actor, business_id: Uuid, input: &PermitInput) -> Result<Permit, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    let jenis = input.jenis.trim().to_lowercase();
    if !KINDS.iter().any(|(c, _)| *c == jenis) {
        f.add("jenis", "Pilih jenis izin.");
    }
    let nomor = input.nomor.trim();
    if nomor.is_empty() {
        f.add("nomor", "Nomor izin wajib diisi.");
    } else if nomor.chars().count() > 80 {
        f.add("nomor", "Nomor izin paling panjang 80 karakter.");
    }
    // A NIB is read as the business form reads it (spaces and dots allowed), and stored bare.
    let nomor = if jenis == "nib" && !nomor.is_empty() {
        match berdaya_core::nib::Nib::parse(nomor) {
            Ok(n) => n.as_str().to_string(),
            Err(e) => {
                f.add("nomor", e.to_string());
                nomor.to_string()
            }
        }
    } else {
        nomor.to_string()
    };
    let nomor = nomor.as_str();
    let today = berdaya_store::now().date_naive();
    let date = |f: &mut FieldErrors, field: &str, v: &str| {
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        match parse_date(v, today) {
            Ok(d) => Some(d),
            Err(_) => {
                f.add(field, "Tanggal tidak dikenali; tulis seperti 27/07/2020 atau 27 Juli 2020.");
                None
            }
        }
    };
    let terbit = date(&mut f, "tanggal_terbit", &input.tanggal_terbit);
    let sampai = date(&mut f, "berlaku_sampai", &input.berlaku_sampai);
    if terbit.is_some_and(|t| t > today) {
        f.add("tanggal_terbit", "Tanggal terbit tidak boleh di masa depan.");
    }
    if let (Some(t), Some(s)) = (terbit, sampai)
        && s < t {
            f.add("berlaku_sampai", "Berlaku sampai harus sesudah tanggal terbit.");
        }
    f.into_result()?;
    let mut tx = db.begin().await?;
    let before = businesses::get_for_update(&mut tx, &actor.scope, business_id).await?;
    if jenis == "nib" && !before.nib.is_empty() && before.nib != nomor {
        tx.rollback().await?;
        let mut f = FieldErrors::default();
        f.add("nomor", format!("NIB usaha ini {}; nomor izin NIB harus sama. Bila NIB usaha salah, ubah dulu di data usaha.", before.nib));
        return Err(ServiceError::Invalid(f));
    }
    let now = berdaya_store::now();
    let permit = Permit {
        id: berdaya_store::new_id(),
        business_id,
        region: before.region.clone(),
        jenis: jenis.clone(),
        nomor: nomor.to_string(),
        tanggal_terbit: terbit,
        berlaku_sampai: sampai,
        created_at: now,
    };
    businesses::insert_permit(&mut tx, &permit).await?;
    let mut after = before.clone();
    after.izin = normalize_set(&format!("{},{jenis},", before.izin));
    if jenis == "nib" && after.nib.is_empty() {
        after.nib = nomor.to_string();
    }
    after.updated_at = now;
    after.version = before.version + 1;
    if after.izin != before.izin || after.nib != before.nib {
        super::write_business_row(&mut tx, &before, &after).await?;
    }
    let mut e = actor.audit("add_permit", "business", business_id, &before.region);
    e.after = Some(serde_json::json!({ "jenis": permit.jenis, "nomor": permit.nomor, "tanggal_terbit": permit.tanggal_terbit, "berlaku_sampai": permit.berlaku_sampai }));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(permit)
}

/// Remove a permit recorded by mistake (or no longer held): the business's `izin` set is
/// rebuilt from the permits left (NIB stays while the business has one), audited with the
/// removed permit.
pub async fn remove_permit(db: &Db, actor: &Actor, permit_id: Uuid) -> Result<Permit, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let permit = businesses::permit(db, permit_id).await?;
    let mut tx = db.begin().await?;
    // Out of scope reads as not found, like the business itself.
    let before = businesses::get_for_update(&mut tx, &actor.scope, permit.business_id).await?;
    // Two removals of the same permit: the one that waited for the lock finds it gone and
    // says so, with no second audit row.
    if let Err(e) = businesses::delete_permit(&mut tx, permit.id).await {
        tx.rollback().await?;
        return Err(e.into());
    }
    // Read after the lock: a permit added meanwhile is kept in the set.
    let others: Vec<String> = businesses::permits_tx(&mut tx, permit.business_id).await?.into_iter().map(|p| p.jenis).collect();
    let mut after = before.clone();
    let mut set = format!(",{},", others.join(","));
    if !before.nib.is_empty() {
        set.push_str("nib,");
    }
    after.izin = normalize_set(&set);
    after.updated_at = berdaya_store::now();
    after.version = before.version + 1;
    if after.izin != before.izin {
        super::write_business_row(&mut tx, &before, &after).await?;
    }
    let mut e = actor.audit("remove_permit", "business", before.id, &before.region);
    e.before = Some(serde_json::json!({ "jenis": permit.jenis, "nomor": permit.nomor, "tanggal_terbit": permit.tanggal_terbit, "berlaku_sampai": permit.berlaku_sampai }));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(permit)
}
