//! Probable duplicates shown before a new owner is saved: same phone, a similar name with the
//! same birth date, or the same business name in the business's desa.

use berdaya_core::Scope;
use berdaya_core::teks::search_key;
use berdaya_store::businesses;
use berdaya_store::owners;
use berdaya_store::Db;
use serde::Serialize;
use uuid::Uuid;

use super::duplicates;
use super::input::OwnerFields;
use crate::error::ServiceError;

/// An existing record that looks like the one being entered.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DupCandidate {
    pub owner_id: Uuid,
    pub nama: String,
    pub reason: String,
}

/// Possible same person or business within the actor's scope.
/// `business` is the new business's name and its own desa (the owner's when it has none).
pub async fn probable_duplicates(db: &Db, scope: &Scope, o: &OwnerFields, business: Option<(&str, &str)>) -> Result<Vec<DupCandidate>, ServiceError> {
    let mut out: Vec<DupCandidate> = Vec::new();
    let phone = o.no_hp.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default();
    let name = search_key(&o.nama);
    let candidates = owners::candidates(db, scope, o.tanggal_lahir, &phone, &name, &o.region.dotted(), 200).await?;
    let entry = owners::MatchRow {
        id: Uuid::nil(),
        region: o.region.dotted(),
        nik: o.nik.as_str().to_string(),
        nama: o.nama.clone(),
        jenis_kelamin: String::new(),
        tanggal_lahir: o.tanggal_lahir,
        alamat: o.alamat.clone(),
        no_hp: phone.clone(),
    };
    let as_rows = candidates
        .iter()
        .filter(|c| c.nik != o.nik.as_str())
        .map(|c| owners::MatchRow {
            id: c.id,
            region: c.region.clone(),
            nik: c.nik.clone(),
            nama: c.nama.clone(),
            jenis_kelamin: c.jenis_kelamin.clone(),
            tanggal_lahir: c.tanggal_lahir,
            alamat: c.alamat.clone(),
            no_hp: c.no_hp.clone(),
        })
        .collect();
    let scored = duplicates::score_entry(db, &entry, as_rows).await?;
    for c in candidates {
        if c.nik == o.nik.as_str() {
            continue;
        }
        let mut reasons = Vec::new();
        if o.tanggal_lahir.is_some() && c.tanggal_lahir == o.tanggal_lahir && strsim::jaro_winkler(&c.nama_norm, &name) >= 0.88 {
            reasons.push("nama mirip dan tanggal lahir sama");
        }
        if !phone.is_empty() && c.no_hp == phone {
            reasons.push("nomor HP sama");
        }
        let mut reason = reasons.join(", ");
        if let Some((_, p)) = scored.iter().find(|(id, _)| *id == c.id) {
            let score = format!("skor pencocokan {:.0}%", p * 100.0);
            reason = if reason.is_empty() { score } else { format!("{reason}; {score}") };
        }
        if !reason.is_empty() {
            out.push(DupCandidate { owner_id: c.id, nama: c.nama, reason });
        }
    }
    if let Some((bn, desa)) = business.filter(|(b, _)| !b.trim().is_empty()) {
        for b in businesses::same_name_in_region(db, desa, &search_key(bn), 10).await? {
            if !out.iter().any(|d| d.owner_id == b.owner_id) {
                let owner = owners::get(db, scope, b.owner_id).await;
                if let Ok(owner) = owner {
                    out.push(DupCandidate { owner_id: owner.id, nama: owner.nama, reason: format!("usaha \"{}\" di desa yang sama", b.nama_usaha) });
                }
            }
        }
    }
    Ok(out)
}

