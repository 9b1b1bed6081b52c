//! Kop surat and signatory of an agency, for the documents it issues (approved recipient
//! lists, BAST): name, address and logo from the agency record; the signing official (name,
//! position, NIP, rank) and the place printed above the signature from the agency's settings
//! (key `agency.{id}.penandatangan`, edited on the agency page, audited).

use std::sync::Arc;

use berdaya_core::Scope;
use berdaya_pdf::{Kop, Signatory};
use berdaya_store::agencies::{self, Agency};
use berdaya_store::{Db, audit, files, regions, settings};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::{Actor, text};
use crate::storage::FileStorage;

fn key(agency_id: Uuid) -> String {
    format!("agency.{agency_id}.penandatangan")
}

/// The signing official as typed on the agency page (and as stored).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignerInput {
    pub penandatangan_nama: String,
    pub penandatangan_jabatan: String,
    pub penandatangan_nip: String,
    pub penandatangan_pangkat: String,
    /// Place above the signature ("Bontang"); the agency's region name when empty.
    pub tempat: String,
}

/// The stored signatory of an agency, if one was set.
pub async fn signer(db: &Db, agency_id: Uuid) -> Result<Option<SignerInput>, ServiceError> {
    Ok(settings::get(db, &key(agency_id)).await?.and_then(|v| serde_json::from_str(&v).ok()))
}

fn check(input: &SignerInput) -> Result<SignerInput, ServiceError> {
    let mut f = FieldErrors::default();
    let mut take = |field: &str, v: &str, max: usize| match text(v, max) {
        Ok(s) => s,
        Err(m) => {
            f.add(field, m);
            String::new()
        }
    };
    let mut out = SignerInput {
        penandatangan_nama: take("penandatangan_nama", &input.penandatangan_nama, 120),
        penandatangan_jabatan: take("penandatangan_jabatan", &input.penandatangan_jabatan, 150),
        penandatangan_nip: take("penandatangan_nip", &input.penandatangan_nip, 30),
        penandatangan_pangkat: take("penandatangan_pangkat", &input.penandatangan_pangkat, 80),
        tempat: take("tempat", &input.tempat, 60),
    };
    if out.penandatangan_nama.is_empty() && !f.has("penandatangan_nama") {
        f.add("penandatangan_nama", "Nama penandatangan wajib diisi.");
    }
    if out.penandatangan_jabatan.is_empty() && !f.has("penandatangan_jabatan") {
        f.add("penandatangan_jabatan", "Jabatan penandatangan wajib diisi (mis. Kepala Dinas Koperasi dan UKM).");
    }
    if !out.penandatangan_nip.is_empty() && !f.has("penandatangan_nip") {
        let digits: String = out.penandatangan_nip.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 18 || !digits.chars().all(|c| c.is_ascii_digit()) {
            f.add("penandatangan_nip", "NIP terdiri dari 18 angka (boleh dipisah spasi), atau kosongkan bila bukan ASN.");
        } else {
            out.penandatangan_nip = digits;
        }
    }
    f.into_result()?;
    Ok(out)
}

/// Save the signatory of an agency in the actor's scope (admin), audited in the same
/// transaction.
pub async fn save_signer(db: &Db, actor: &Actor, agency_id: Uuid, input: &SignerInput) -> Result<SignerInput, ServiceError> {
    if !actor.role.can_manage_users() {
        return Err(ServiceError::Forbidden);
    }
    let agency = agencies::get(db, &actor.scope, agency_id).await?;
    let clean = check(input)?;
    let before = signer(db, agency_id).await?;
    let value = serde_json::to_string(&clean).map_err(anyhow::Error::from)?;
    let mut tx = db.begin().await?;
    settings::set_in(&mut tx, &key(agency_id), &value).await?;
    let mut e = actor.audit("set_signatory", "agency", agency_id, &agency.region);
    e.before = before.map(|b| serde_json::json!(b));
    e.after = Some(serde_json::json!(clean));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(clean)
}

/// "Kota Bontang" → "Bontang" (the place printed above a signature).
pub fn place_name(region_name: &str) -> String {
    region_name.trim_start_matches("Kota ").trim_start_matches("Kabupaten ").trim_start_matches("Provinsi ").to_string()
}

/// Everything a document of the agency needs above and below its body.
#[derive(Debug, Clone)]
pub struct Letterhead {
    pub agency: Agency,
    pub kop: Kop,
    pub place: String,
    pub signatory: Signatory,
    /// Whether the signatory came from the settings (false: a blank line to sign by hand).
    pub signatory_set: bool,
}

/// The agency serving exactly `region` (the one running a program there), else `fallback`.
pub async fn agency_for(db: &Db, region: &str, fallback: Uuid) -> Result<Agency, ServiceError> {
    let own = agencies::get_unscoped(db, fallback).await?;
    if own.region == region {
        return Ok(own);
    }
    if let Ok(code) = berdaya_core::KodeWilayah::parse(region)
        && let Some(a) = agencies::list(db, &Scope::Region(code)).await?.into_iter().find(|a| a.region == region)
    {
        return Ok(a);
    }
    Ok(own)
}

/// Kop (government line, agency name, address with phone and e-mail, logo) and signatory.
pub async fn load(db: &Db, storage: &FileStorage, agency: Agency) -> Result<Letterhead, ServiceError> {
    let region = match agency.region.as_str() {
        "" => None,
        r => regions::get(db, r).await?,
    };
    let region_name = region.as_ref().map(|x| x.nama.clone());
    let mut logo = None;
    if let Some(fid) = agency.logo_file_id
        && let Ok(meta) = files::get(db, &Scope::National, fid).await
    {
        logo = storage.get(&meta).await.ok().map(|b| Arc::from(b.to_vec().into_boxed_slice()));
    }
    let mut lines = Vec::new();
    if let Some(r) = &region {
        let prefix = if r.tingkat == "provinsi" { "PEMERINTAH PROVINSI" } else { "PEMERINTAH" };
        lines.push(format!("{prefix} {}", r.nama.to_uppercase()));
    }
    lines.push(agency.name.to_uppercase());
    let mut contact = vec![agency.address.clone()];
    if !agency.phone.is_empty() {
        contact.push(format!("Telp. {}", agency.phone));
    }
    if !agency.email.is_empty() {
        contact.push(format!("Email {}", agency.email));
    }
    let address = contact.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
    let stored = signer(db, agency.id).await?;
    let place = match &stored {
        Some(s) if !s.tempat.is_empty() => s.tempat.clone(),
        _ => region_name.as_deref().map(place_name).unwrap_or_default(),
    };
    let signatory = match &stored {
        Some(s) => Signatory {
            title: s.penandatangan_jabatan.clone(),
            name: s.penandatangan_nama.clone(),
            nip: Some(s.penandatangan_nip.clone()).filter(|n| !n.is_empty()),
            rank: Some(s.penandatangan_pangkat.clone()).filter(|n| !n.is_empty()),
        },
        None => Signatory { title: "Kepala Dinas".into(), name: "(..............................)".into(), nip: None, rank: None },
    };
    Ok(Letterhead {
        kop: Kop { logo, lines, address: Some(address).filter(|s| !s.is_empty()) },
        place,
        signatory,
        signatory_set: stored.is_some(),
        agency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signer_checks_fields_in_bahasa_and_normalises_the_nip() {
        let Err(ServiceError::Invalid(f)) = check(&SignerInput { penandatangan_nip: "1234".into(), ..Default::default() }) else { panic!("accepted") };
        assert!(f.has("penandatangan_nama") && f.has("penandatangan_jabatan") && f.has("penandatangan_nip"));
        let ok = check(&SignerInput {
            penandatangan_nama: " Drs. H. Bambang Sutrisno, M.Si ".into(),
            penandatangan_jabatan: "Kepala Dinas".into(),
            penandatangan_nip: "19700101 199003 1 005".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!((ok.penandatangan_nama.as_str(), ok.penandatangan_nip.as_str()), ("Drs. H. Bambang Sutrisno, M.Si", "197001011990031005"));
        assert_eq!(place_name("Kota Bontang"), "Bontang");
    }
}
