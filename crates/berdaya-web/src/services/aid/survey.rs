//! Field verification: applications are assigned to surveyors by kecamatan; the surveyor
//! records on a phone whether the business exists, a photo, the GPS position and notes.

use berdaya_core::Role;
use berdaya_store::aid::applications::{self as apps, AppFilter, Survey};
use berdaya_store::aid::{self as programs};
use berdaya_store::{Db, audit, users};
use bytes::Bytes;
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::aid::documents::store_clean;
use crate::storage::{FileKind, FileStorage};

/// Surveyors of the actor's scope.
pub async fn surveyors(db: &Db, actor: &Actor) -> Result<Vec<users::User>, ServiceError> {
    Ok(users::list(db, &actor.scope, "", 500, 0).await?.into_iter().filter(|u| u.active && u.role == Role::Surveyor.as_str()).collect())
}

/// Assign every eligible, not yet surveyed application of `kecamatan` to a surveyor.
pub async fn assign(db: &Db, actor: &Actor, program_id: Uuid, kecamatan: &str, surveyor_id: Uuid) -> Result<u64, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let program = programs::get(db, &actor.scope, program_id).await?;
    let mut f = FieldErrors::default();
    let surveyor = users::get(db, &actor.scope, surveyor_id).await.ok().filter(|u| u.active && u.role == Role::Surveyor.as_str());
    if surveyor.is_none() {
        f.add("surveyor", "Pilih surveyor aktif di wilayah kerja anda.");
    }
    let kec = berdaya_core::KodeWilayah::parse(kecamatan).ok().filter(|k| k.tingkat() == berdaya_core::Tingkat::Kecamatan);
    if kec.is_none() {
        f.add("kecamatan", "Pilih kecamatan.");
    }
    f.into_result()?;
    let prefix = kec.map(|k| format!("{}.", k.dotted())).unwrap_or_default();
    let candidates: Vec<_> = apps::list(db, &actor.scope, program_id, &AppFilter { keputusan: Some("layak".into()), status: Some("diajukan".into()), ..Default::default() }, 100_000)
        .await?
        .into_iter()
        .filter(|a| a.region.starts_with(&prefix) && (a.survei_status.is_empty() || a.survei_status == "ditugaskan"))
        .collect();
    let mut tx = db.begin().await?;
    let mut n = 0;
    let mut ids = Vec::new();
    for a in &candidates {
        if apps::assign_surveyor(&mut tx, a.id, surveyor_id).await? == 1 {
            n += 1;
            ids.push(a.id);
        }
    }
    let mut e = actor.audit("assign_survey", "aid_program", program_id, &program.region);
    e.after = Some(serde_json::json!({"surveyor_id": surveyor_id, "kecamatan": kecamatan, "applications": ids}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(n)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SurveyInput {
    /// "ya" or "tidak".
    pub usaha_ada: String,
    pub lat: String,
    pub lon: String,
    pub catatan: String,
}


/// Record a visit. The assigned surveyor, or an operator, may record it.
pub async fn record(db: &Db, storage: &FileStorage, actor: &Actor, application_id: Uuid, input: &SurveyInput, photo: Option<(String, Bytes)>) -> Result<(), ServiceError> {
    let app = apps::get(db, &actor.scope, application_id).await?;
    let assigned = actor.role == Role::Surveyor && app.surveyor_id.is_some() && app.surveyor_id == actor.user_id;
    if !(assigned || actor.role.can_write_records()) {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    let usaha_ada = match input.usaha_ada.as_str() {
        "ya" => Some(true),
        "tidak" => Some(false),
        _ => {
            f.add("usaha_ada", "Pilih apakah usaha ada di lokasi.");
            None
        }
    };
    let (lat, lon) = crate::services::coordinates(&mut f, &input.lat, &input.lon);
    if lat.is_some() != lon.is_some() {
        f.add("lat", "Isi lintang dan bujur bersama-sama.");
    }
    let catatan = input.catatan.trim().to_string();
    if catatan.chars().count() > 2000 {
        f.add("catatan", "Maksimal 2000 karakter.");
    }
    let photo = photo.filter(|(_, b)| !b.is_empty());
    if usaha_ada == Some(true) && photo.is_none() && app.foto_survei_id.is_none() {
        f.add("foto", "Unggah foto tempat usaha.");
    }
    if usaha_ada == Some(false) && catatan.is_empty() {
        f.add("catatan", "Jelaskan temuan di lapangan.");
    }
    if app.status != "diajukan" {
        f.add("usaha_ada", "Permohonan ini sudah diusulkan; survei tidak dapat diubah.");
    }
    f.into_result()?;
    let mut tx = db.begin().await?;
    let foto = match photo {
        Some((name, data)) => match store_clean(storage, &mut tx, data, &name, &[FileKind::Image], &app.region, actor, "foto").await {
            Ok(s) => Some(s.id),
            Err(e) => {
                tx.rollback().await?;
                return Err(e);
            }
        },
        None => None,
    };
    let s = Survey { usaha_ada: usaha_ada.unwrap_or(false), lat, lon, catatan, foto };
    apps::record_survey(&mut tx, application_id, &s).await?;
    let mut e = actor.audit("survey", "aid_application", application_id, &app.region);
    e.after = Some(serde_json::json!({"usaha_ada": s.usaha_ada, "lat": s.lat, "lon": s.lon, "catatan": s.catatan, "foto": s.foto}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(())
}
